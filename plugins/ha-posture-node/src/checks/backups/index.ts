import { HaCheck } from '../../model';

/** Built-in checks of the `backups` category. */
export const backupsChecks: HaCheck[] = [];
