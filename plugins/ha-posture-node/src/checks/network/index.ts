import { HaCheck } from '../../model';

/** Built-in checks of the `network` category. */
export const networkChecks: HaCheck[] = [];
