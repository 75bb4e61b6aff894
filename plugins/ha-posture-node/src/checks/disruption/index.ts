import { HaCheck } from '../../model';

/** Built-in checks of the `disruption` category. */
export const disruptionChecks: HaCheck[] = [];
