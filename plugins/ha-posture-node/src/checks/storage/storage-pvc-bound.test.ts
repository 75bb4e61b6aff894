import {
  boundVolumesFor,
  clusterFrom,
  deployment,
  nodes,
  pvc,
  runOne,
  statefulSet,
} from '../../testing';
import { storagePvcBound } from './storage-pvc-bound';

const db = statefulSet('db', {
  replicas: 2,
  volumeClaimTemplates: [{ name: 'data', storageClassName: 'gp3' }],
});

describe('storage-pvc-bound', () => {
  it('passes when every claim is Bound', () => {
    const outcome = runOne(
      storagePvcBound,
      clusterFrom([...nodes('w', 2), db, ...boundVolumesFor(db)]),
      { workload: 'db' },
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('2 volume claims');
  });

  it('fails Pending and Lost claims, saying what each means', () => {
    const objects = [
      ...nodes('w', 2),
      db,
      pvc('data-db-0', {
        storageClassName: 'gp3',
        volumeName: 'x',
        phase: 'Lost',
      }),
      pvc('data-db-1', { storageClassName: 'gp3' }),
    ];
    const outcome = runOne(storagePvcBound, clusterFrom(objects), {
      workload: 'db',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('PVC data-db-0 is Lost');
    expect(outcome.message).toContain('PVC data-db-1 is Pending');
    expect(outcome.evidence?.claims).toEqual([
      { name: 'data-db-0', phase: 'Lost' },
      { name: 'data-db-1', phase: 'Pending' },
    ]);
  });

  it('is unknown when a Bound claim names a PersistentVolume missing from a snapshot that lists PVs', () => {
    const [claim0, pv0, claim1] = boundVolumesFor(db);
    const outcome = runOne(
      storagePvcBound,
      clusterFrom([...nodes('w', 2), db, claim0, pv0, claim1]),
      { workload: 'db' },
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      `PVC data-db-1 is Bound to PersistentVolume ${claim1.spec.volumeName}, which the snapshot does not hold (deleted, which loses the data, or left out of the dump)`,
    );
    // A snapshot without any PV (claims dumped alone) trusts the claims' phase.
    expect(
      runOne(
        storagePvcBound,
        clusterFrom([...nodes('w', 2), db, claim0, claim1]),
        { workload: 'db' },
      ).status,
    ).toBe('pass');
  });

  it('is unknown when a claim reports no phase', () => {
    const claim = pvc('data-db-0', {
      storageClassName: 'gp3',
      volumeName: 'x',
    });
    delete claim.status;
    const one = statefulSet('db', { volumeClaimTemplates: [{ name: 'data' }] });
    expect(
      runOne(storagePvcBound, clusterFrom([...nodes('w', 1), one, claim]), {
        workload: 'db',
      }).status,
    ).toBe('unknown');
  });

  it('skips workloads without claims, and manifests scans', () => {
    expect(
      runOne(
        storagePvcBound,
        clusterFrom([...nodes('w', 1), deployment('web')]),
        { workload: 'web' },
      ).status,
    ).toBe('skipped');
    expect(
      runOne(
        storagePvcBound,
        clusterFrom([db, pvc('data-db-0', { storageClassName: 'gp3' })]),
        { workload: 'db' },
      ).status,
    ).toBe('skipped');
  });
});
