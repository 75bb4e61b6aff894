import { HaCheck } from '../../model';

/** Built-in checks of the `dr` category. */
export const drChecks: HaCheck[] = [];
