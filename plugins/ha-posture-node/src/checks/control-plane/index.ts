import { HaCheck } from '../../model';

/** Built-in checks of the `control-plane` category. */
export const controlPlaneChecks: HaCheck[] = [];
