/** The resource types the storage checks read. */
export const STORAGE_KEYS = {
  pvcs: 'persistentvolumeclaims',
  pvs: 'persistentvolumes',
  storageClasses: 'storageclasses.storage.k8s.io',
  snapshotClasses: 'volumesnapshotclasses.snapshot.storage.k8s.io',
  snapshots: 'volumesnapshots.snapshot.storage.k8s.io',
  cephBlockPools: 'cephblockpools.ceph.rook.io',
  cephFilesystems: 'cephfilesystems.ceph.rook.io',
  longhornVolumes: 'volumes.longhorn.io',
} as const;
