import {
  backupStorageLocation as bsl,
  clusterFrom,
  crd,
  nodes,
  runCheck,
  runOne,
  veleroSchedule,
} from '../../testing';
import { backupStorageLocation } from './backup-storage-location';

const run = (objects: any[], options: Parameters<typeof clusterFrom>[1] = {}) =>
  runCheck(
    backupStorageLocation,
    clusterFrom([...nodes('w', 1), ...objects], options),
  );

describe('backup-storage-location', () => {
  it('passes when the locations used by schedules are Available', () => {
    const [outcome] = run([
      veleroSchedule('daily'),
      bsl('default', { isDefault: true }),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.target).toEqual({
      cluster: 'test',
      kind: 'BackupStorageLocation',
      namespace: 'velero',
      name: 'default',
    });
  });

  it('fails an Unavailable location, and a location that does not exist', () => {
    const outcomes = run([
      veleroSchedule('daily', { storageLocation: 'primary' }),
      veleroSchedule('weekly', { storageLocation: 'ghost' }),
      bsl('primary', { phase: 'Unavailable' }),
    ]);
    expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
      ['primary', 'fail'],
      ['ghost', 'fail'],
    ]);
    expect(outcomes[0].message).toContain('Unavailable');
    expect(outcomes[1].message).toBe(
      'Velero schedule velero/weekly writes to BackupStorageLocation velero/ghost, which does not exist: its backups fail.',
    );
    const [both] = run([
      veleroSchedule('daily', { storageLocation: 'ghost' }),
      veleroSchedule('weekly', { storageLocation: 'ghost' }),
      bsl('primary'),
    ]);
    expect(both.message).toBe(
      'Velero schedules velero/daily and velero/weekly write to BackupStorageLocation velero/ghost, which does not exist: their backups fail.',
    );
  });

  it('follows the default location (spec.default) for schedules that name none, and ignores unused ones', () => {
    const outcomes = run([
      veleroSchedule('daily'),
      bsl('main', { isDefault: true }),
      bsl('unused', { phase: 'Unavailable' }),
    ]);
    expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
      ['main', 'pass'],
    ]);
  });

  describe('ReadOnly locations (spec.accessMode)', () => {
    it('fails a ReadOnly location a schedule writes to, even when Available', () => {
      const [outcome] = run([
        veleroSchedule('daily'),
        bsl('default', { accessMode: 'ReadOnly' }),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'BackupStorageLocation velero/default is ReadOnly (phase Available), but velero/daily writes to it: ' +
          'Velero creates no backups in a ReadOnly location, so each of its backups fails validation.',
      );
      expect(outcome.remediation).toContain('ReadWrite');
      expect(outcome.evidence).toMatchObject({ accessMode: 'ReadOnly' });
    });

    it('does not judge a ReadOnly location no schedule writes to (kept for restores)', () => {
      const outcomes = run([
        veleroSchedule('daily', { storageLocation: 'primary' }),
        bsl('primary'),
        bsl('restore-from', { accessMode: 'ReadOnly' }),
      ]);
      expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
        ['primary', 'pass'],
      ]);
    });

    it('passes an explicit ReadWrite location', () => {
      expect(
        run([
          veleroSchedule('daily'),
          bsl('default', { accessMode: 'ReadWrite' }),
        ])[0].status,
      ).toBe('pass');
    });
  });

  it('is unknown for a location not validated yet', () => {
    expect(
      run([veleroSchedule('daily'), bsl('default', { phase: null })])[0].status,
    ).toBe('unknown');
  });

  it('skips clusters without Velero or without schedules', () => {
    expect(
      runOne(backupStorageLocation, clusterFrom(nodes('w', 1))).status,
    ).toBe('skipped');
    expect(run([crd('schedules.velero.io'), bsl('default')])[0].status).toBe(
      'skipped',
    );
  });

  describe('in manifests, which carry no status', () => {
    const scan = (objects: any[]) =>
      runCheck(backupStorageLocation, clusterFrom(objects));

    it('skips a location that is not in the scan (the chart or velero install makes it)', () => {
      const [outcome] = scan([
        veleroSchedule('daily'),
        bsl('offsite', { phase: null }),
      ]);
      expect(outcome).toMatchObject({
        status: 'skipped',
        message:
          'Velero schedule velero/daily writes to BackupStorageLocation velero/default, which is not in the scan: it is judged on a cluster.',
      });
    });

    it("skips a declared location's availability, and still fails a ReadOnly one", () => {
      const outcomes = scan([
        veleroSchedule('daily'),
        veleroSchedule('archive', { storageLocation: 'frozen' }),
        bsl('default', { isDefault: true, phase: null }),
        bsl('frozen', { accessMode: 'ReadOnly', phase: null }),
      ]);
      expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
        ['default', 'skipped'],
        ['frozen', 'fail'],
      ]);
      expect(outcomes[0].message).toContain('cluster state');
    });
  });

  it('is unknown when locations are forbidden', () => {
    expect(
      run([veleroSchedule('daily')], {
        fetch: { 'backupstoragelocations.velero.io': 'forbidden' },
      })[0].status,
    ).toBe('unknown');
  });
});
