import { HaCheck } from '../../model';
import { backupScheduleCoverage } from './backup-schedule-coverage';
import { backupRecency } from './backup-recency';
import { backupVolumeData } from './backup-volume-data';
import { backupStorageLocation } from './backup-storage-location';
import { backupOffsite } from './backup-offsite';
import { backupEtcdSnapshots } from './backup-etcd-snapshots';
import { backupToolInstalled } from './backup-tool-installed';

/** Built-in checks of the `backups` category. */
export const backupsChecks: HaCheck[] = [
  backupToolInstalled,
  backupScheduleCoverage,
  backupRecency,
  backupVolumeData,
  backupStorageLocation,
  backupOffsite,
  backupEtcdSnapshots,
];
