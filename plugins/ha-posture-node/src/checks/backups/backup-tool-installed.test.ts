import {
  backupStorageLocation,
  clusterFrom,
  crd,
  deployment,
  kastenPolicy,
  nodes,
  pvc,
  runOne,
  veleroSchedule,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { backupToolInstalled } from './backup-tool-installed';

const installed = (
  objects: K8sObject[],
  options: Parameters<typeof clusterFrom>[1] = {},
) =>
  runOne(
    backupToolInstalled,
    clusterFrom([...nodes('w', 3, ['a', 'b', 'c']), ...objects], options),
  );

describe('backup-tool-installed', () => {
  it('passes with an active Velero Schedule or a Kasten backup policy', () => {
    const velero = installed([veleroSchedule('daily')]);
    expect(velero.status).toBe('pass');
    expect(velero.message).toBe(
      'Backups run on a schedule: Velero (1 active Schedule).',
    );
    expect(installed([kastenPolicy('apps', ['shop'])]).status).toBe('pass');
  });

  it('warns when a tool is installed but nothing runs on a schedule', () => {
    const paused = installed([veleroSchedule('daily', { paused: true })]);
    expect(paused.status).toBe('warn');
    expect(paused.message).toBe(
      'Velero (0 active Schedules) is installed, but nothing is backed up on a schedule (no active Velero Schedule or Kasten backup policy).',
    );
    // A schedule whose location is ReadOnly creates no backups.
    const readOnly = installed([
      veleroSchedule('daily'),
      backupStorageLocation('default', { accessMode: 'ReadOnly' }),
    ]);
    expect(readOnly.status).toBe('warn');
    expect(readOnly.message).toContain('0 active Schedules');
    // A Kasten policy run only on demand is not a schedule.
    const manual = installed([
      kastenPolicy('shop-manual', ['shop'], { frequency: '@onDemand' }),
    ]);
    expect(manual.status).toBe('warn');
    expect(manual.message).toBe(
      'Kasten K10 (0 scheduled backup policies) is installed, but nothing is backed up on a schedule ' +
        '(no active Velero Schedule or Kasten backup policy): Kasten policy kasten-io/shop-manual runs only on demand (frequency @onDemand).',
    );
    expect(manual.evidence).toMatchObject({
      kastenBackupPolicies: 0,
      kastenOnDemandPolicies: ['kasten-io/shop-manual'],
    });
    expect(
      installed([
        kastenPolicy('shop-manual', ['shop'], { frequency: '@onDemand' }),
        kastenPolicy('shop-daily', ['shop']),
      ]).message,
    ).toBe(
      'Backups run on a schedule: Kasten K10 (1 scheduled backup policy).',
    );
    // A Kasten policy that only exports backs nothing up itself.
    const both = installed([
      crd('schedules.velero.io'),
      kastenPolicy('copy', ['shop'], { actions: ['export'] }),
    ]);
    expect(both.status).toBe('warn');
    expect(both.message).toMatch(/^Velero .*, Kasten K10 .* are installed/);
  });

  it('fails without any backup tool while volumes hold data', () => {
    const outcome = installed([
      deployment('db'),
      pvc('data-db', { storageClassName: 'standard' }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'No backup tool is installed: neither Velero/OADP (velero.io) nor Kasten K10 (config.kio.kasten.io) is served by the cluster, and 1 PersistentVolumeClaim holds data that nothing backs up.',
    );
    expect(outcome.evidence).toMatchObject({
      velero: 'not-installed',
      kasten: 'not-installed',
      persistentVolumeClaims: 1,
    });
  });

  it('warns without any backup tool when no volume holds data', () => {
    const outcome = installed([deployment('web')]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toMatch(/No volume holds data/);
  });

  describe('edge cases', () => {
    it('is unknown, never pass or fail, when a tool that may run the backups cannot be read', () => {
      const outcome = installed([], {
        fetch: { 'schedules.velero.io': 'forbidden' },
      });
      expect(outcome.status).toBe('unknown');
    });

    it('still passes on a readable tool with schedules when the other cannot be read', () => {
      expect(
        installed([veleroSchedule('daily')], {
          fetch: { 'policies.config.kio.kasten.io': 'unreachable' },
        }).status,
      ).toBe('pass');
    });

    it('warns, not fails, when volumes cannot be read', () => {
      const outcome = installed([deployment('web')], {
        fetch: { persistentvolumeclaims: 'forbidden' },
      });
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toMatch(
        /whether volumes hold data is not known \(persistentvolumeclaims forbidden/,
      );
    });

    it('is skipped in a manifests scan', () => {
      const outcome = runOne(
        backupToolInstalled,
        clusterFrom([deployment('web'), veleroSchedule('daily')]),
      );
      expect(outcome.status).toBe('skipped');
    });
  });
});
