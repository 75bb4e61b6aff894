import { HaCheck } from '../../model';

/** Built-in checks of the `logging` category. */
export const loggingChecks: HaCheck[] = [];
