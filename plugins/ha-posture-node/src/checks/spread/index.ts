import { HaCheck } from '../../model';

/** Built-in checks of the `spread` category. */
export const spreadChecks: HaCheck[] = [];
