import {
  ago,
  boundVolumesFor,
  clusterFrom,
  crd,
  deployment,
  nodes,
  runOne,
  statefulSet,
  storageClass,
  volumeSnapshot,
  volumeSnapshotClass,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { storageSnapshotClass } from './storage-snapshot-class';

const db = statefulSet('db', {
  namespace: 'shop',
  volumeClaimTemplates: [{ name: 'data', storageClassName: 'gp3' }],
});
const base = (): K8sObject[] => [
  ...nodes('w', 2),
  storageClass('gp3', 'ebs.csi.aws.com'),
  db,
  ...boundVolumesFor(db, { csiDriver: 'ebs.csi.aws.com' }),
];

describe('storage-snapshot-class', () => {
  it('passes when a VolumeSnapshotClass has the volume driver, noting snapshots are not off-site backups', () => {
    const outcome = runOne(
      storageSnapshotClass,
      clusterFrom([
        ...base(),
        volumeSnapshotClass('ebs', 'ebs.csi.aws.com'),
        volumeSnapshot('old', 'data-db-0', {
          namespace: 'shop',
          creationTime: ago(86400 * 2),
        }),
        volumeSnapshot('new', 'data-db-0', {
          namespace: 'shop',
          creationTime: ago(3600),
        }),
        volumeSnapshot('broken', 'data-db-0', {
          namespace: 'shop',
          creationTime: ago(60),
          readyToUse: false,
        }),
      ]),
      { workload: 'db' },
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('not off-site backups');
    expect(outcome.evidence?.volumes).toEqual([
      expect.objectContaining({
        claim: 'data-db-0',
        snapshotClass: 'ebs',
        newestReadySnapshot: { name: 'new', creationTime: ago(3600) },
      }),
    ]);
  });

  it('warns when no snapshot class matches the driver', () => {
    const outcome = runOne(
      storageSnapshotClass,
      clusterFrom([
        ...base(),
        volumeSnapshotClass('pd', 'pd.csi.storage.gke.io'),
      ]),
      { workload: 'db' },
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('data-db-0 (ebs.csi.aws.com)');
  });

  it('is unknown when the snapshot CRDs are not installed', () => {
    const outcome = runOne(storageSnapshotClass, clusterFrom(base()), {
      workload: 'db',
    });
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('not installed');
  });

  it('treats an installed CRD without classes as "no class"', () => {
    const outcome = runOne(
      storageSnapshotClass,
      clusterFrom([
        ...base(),
        crd('volumesnapshotclasses.snapshot.storage.k8s.io'),
      ]),
      { workload: 'db' },
    );
    expect(outcome.status).toBe('warn');
  });

  describe('volumes whose driver cannot be told, and manifests', () => {
    const noClass = statefulSet('db', {
      namespace: 'shop',
      volumeClaimTemplates: [{ name: 'data' }],
    });
    const check = (objects: K8sObject[]) =>
      runOne(storageSnapshotClass, clusterFrom(objects), { workload: 'db' });

    it('skips, in manifests, a claim whose StorageClass is not in the scan instead of blaming a missing CSI driver', () => {
      const outcome = check([
        noClass,
        volumeSnapshotClass('ebs', 'ebs.csi.aws.com'),
      ]);
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toBe(
        'The driver of volume data cannot be told: no bound volume, and its StorageClass is not in the input. Judged on a cluster.',
      );
    });

    it('is unknown for such a claim on a cluster', () => {
      const outcome = check([
        ...nodes('w', 2),
        crd('volumesnapshotclasses.snapshot.storage.k8s.io'),
        noClass,
      ]);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        'The driver of volume data cannot be told',
      );
    });

    it('skips manifests that hold no VolumeSnapshotClass, and warns when they hold classes for other drivers', () => {
      const manifests = [storageClass('gp3', 'ebs.csi.aws.com'), db];
      const none = check(manifests);
      expect(none.status).toBe('skipped');
      expect(none.message).toContain(
        'The scanned manifests hold no VolumeSnapshotClass',
      );
      const other = check([
        ...manifests,
        volumeSnapshotClass('pd', 'pd.csi.storage.gke.io'),
      ]);
      expect(other.status).toBe('warn');
      expect(other.message).toContain('data (ebs.csi.aws.com)');
    });
  });

  it('skips workloads without volumes', () => {
    expect(
      runOne(
        storageSnapshotClass,
        clusterFrom([...nodes('w', 1), deployment('web')]),
        { workload: 'web' },
      ).status,
    ).toBe('skipped');
  });
});
