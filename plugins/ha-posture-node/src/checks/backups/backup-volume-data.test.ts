import {
  boundVolumesFor,
  clusterFrom,
  deployment,
  kastenPolicy,
  nodes,
  runOne,
  statefulSet,
  veleroSchedule,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { backupVolumeData } from './backup-volume-data';

const db = statefulSet('db', {
  namespace: 'shop',
  replicas: 1,
  volumeClaimTemplates: [{ name: 'data', storageClassName: 'gp3' }],
});
const check = (objects: K8sObject[], workload = db) =>
  runOne(
    backupVolumeData,
    clusterFrom([
      ...nodes('w', 2),
      workload,
      ...boundVolumesFor(workload),
      ...objects,
    ]),
    { workload: workload.metadata.name },
  );

describe('backup-volume-data', () => {
  it('passes when the covering schedule snapshots volumes (the default)', () => {
    const outcome = check([veleroSchedule('daily')]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('velero/daily: volume snapshots');
    expect(
      check([veleroSchedule('daily', { snapshotMoveData: true })]).message,
    ).toContain('moved to the backup location');
  });

  it('passes with file-system backup, by default or by pod annotation', () => {
    expect(
      check([
        veleroSchedule('daily', {
          snapshotVolumes: false,
          defaultVolumesToFsBackup: true,
        }),
      ]).status,
    ).toBe('pass');
    const annotated = statefulSet('db', {
      namespace: 'shop',
      podAnnotations: { 'backup.velero.io/backup-volumes': 'data' },
      volumeClaimTemplates: [{ name: 'data', storageClassName: 'gp3' }],
    });
    const outcome = check(
      [veleroSchedule('daily', { snapshotVolumes: false })],
      annotated,
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('backup.velero.io/backup-volumes');
  });

  it('fails when the schedule backs up objects only', () => {
    const outcome = check([
      veleroSchedule('objects', { snapshotVolumes: false }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'PV data of StatefulSet shop/db is not protected',
    );
  });

  it('fails when no active schedule covers the workload (paused or other namespaces)', () => {
    expect(check([veleroSchedule('daily', { paused: true })]).status).toBe(
      'fail',
    );
    expect(
      check([veleroSchedule('daily', { includedNamespaces: ['other'] })])
        .message,
    ).toContain('no active backup schedule');
  });

  it('passes for a Kasten policy (K10 snapshots volumes)', () => {
    expect(check([kastenPolicy('shop', ['shop'])]).status).toBe('pass');
  });

  it('skips workloads without volumes, and manifests scans without backup objects', () => {
    const web = deployment('web', { namespace: 'shop' });
    expect(
      runOne(
        backupVolumeData,
        clusterFrom([...nodes('w', 1), web, veleroSchedule('daily')]),
        { workload: 'web' },
      ).status,
    ).toBe('skipped');
    expect(
      runOne(backupVolumeData, clusterFrom([db]), { workload: 'db' }).status,
    ).toBe('skipped');
  });

  it('is unknown when Velero cannot be read', () => {
    const view = clusterFrom([...nodes('w', 1), db, ...boundVolumesFor(db)], {
      fetch: { 'schedules.velero.io': 'unreachable' },
    });
    expect(runOne(backupVolumeData, view, { workload: 'db' }).status).toBe(
      'unknown',
    );
  });
});
