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
