import { HaCheck } from '../../model';

/** Built-in checks of the `storage` category. */
export const storageChecks: HaCheck[] = [];
