import { HaCheck } from '../../model';

/** Built-in checks of the `replicas` category. */
export const replicasChecks: HaCheck[] = [];
