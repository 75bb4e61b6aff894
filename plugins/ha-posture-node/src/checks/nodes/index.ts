import { HaCheck } from '../../model';

/** Built-in checks of the `nodes` category. */
export const nodesChecks: HaCheck[] = [];
