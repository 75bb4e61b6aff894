import { HaCheck } from '../../model';

/** Built-in checks of the `monitoring` category. */
export const monitoringChecks: HaCheck[] = [];
