import { HaCheck } from '../../model';
import { storageVolumeReplication } from './storage-volume-replication';
import { storageBindingMode } from './storage-binding-mode';
import { storageSnapshotClass } from './storage-snapshot-class';
import { storagePvcBound } from './storage-pvc-bound';
import { storageSharedClaim } from './storage-shared-claim';

/** Built-in checks of the `storage` category. */
export const storageChecks: HaCheck[] = [
  storageVolumeReplication,
  storagePvcBound,
  storageSharedClaim,
  storageBindingMode,
  storageSnapshotClass,
];
