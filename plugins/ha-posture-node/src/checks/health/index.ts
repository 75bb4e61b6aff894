import { HaCheck } from '../../model';

/** Built-in checks of the `health` category. */
export const healthChecks: HaCheck[] = [];
