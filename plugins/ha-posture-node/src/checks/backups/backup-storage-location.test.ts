import {
  backupStorageLocation as bsl,
  clusterFrom,
  crd,
  nodes,
  runCheck,
  runOne,
  veleroSchedule,
  veleroServer,
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

  describe('how fresh an Available phase is', () => {
    const hours = 3600;

    it('passes a phase validated within one validation period and 10 minutes', () => {
      for (const validatedSecondsAgo of [60, 9 * 60])
        expect(
          run([
            veleroSchedule('daily'),
            bsl('default', { validatedSecondsAgo }),
          ])[0].status,
        ).toBe('pass');
      const [hourly] = run([
        veleroSchedule('daily'),
        bsl('default', {
          validationFrequency: '1h0m0s',
          validatedSecondsAgo: hours + 9 * 60,
        }),
      ]);
      expect(hourly.status).toBe('pass');
    });

    it('is unknown once a long validation period is overdue by more than 10 minutes, not three periods', () => {
      const [hourly] = run([
        veleroSchedule('daily'),
        bsl('default', {
          validationFrequency: '1h0m0s',
          validatedSecondsAgo: hours + 11 * 60,
        }),
      ]);
      expect(hourly.status).toBe('unknown');
    });

    it('is unknown when Velero has not validated the location for longer, naming when it last did', () => {
      const [outcome] = run([
        veleroSchedule('daily'),
        bsl('default', { validatedSecondsAgo: 3 * 24 * hours }),
      ]);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        'BackupStorageLocation velero/default says Available, but the status is stale: the Velero server has not ' +
          "validated it since 2024-05-29T12:00:00.000Z (3d ago, while it validates every 60s: Velero's default, 1m), " +
          'so whether backups of velero/daily can be written now is not known.',
      );
      expect(outcome.remediation).toContain(
        'kubectl -n velero get deployments',
      );
      // The server's flag sets the period when the location does not.
      const [slow] = run([
        veleroSchedule('daily'),
        veleroServer(['--store-validation-frequency', '24h']),
        bsl('default', { validatedSecondsAgo: 24 * hours + 9 * 60 }),
      ]);
      expect(slow.status).toBe('pass');
      const [fast] = run([
        veleroSchedule('daily'),
        veleroServer(['--store-validation-frequency=24h']),
        bsl('default', {
          validationFrequency: '1m',
          validatedSecondsAgo: 3 * 24 * hours,
        }),
      ]);
      expect(fast.status).toBe('unknown');
      expect(fast.message).toContain('spec.validationFrequency 1m');
    });

    it("takes a negative frequency as Velero does: the location's falls back to the server's, the server's validates every 10s", () => {
      const [fallback] = run([
        veleroSchedule('daily'),
        veleroServer(['--store-validation-frequency=24h']),
        bsl('default', {
          validationFrequency: '-1m',
          validatedSecondsAgo: 12 * hours,
        }),
      ]);
      expect(fallback.status).toBe('pass');
      const [negative] = run([
        veleroSchedule('daily'),
        veleroServer(['--store-validation-frequency=-1m']),
        bsl('default', { validatedSecondsAgo: hours }),
      ]);
      expect(negative.status).toBe('unknown');
      expect(negative.message).toContain(
        "while it validates every 10s: the Velero server's --store-validation-frequency=-1m: a negative frequency " +
          'validates at each look of the controller',
      );
    });

    it('is unknown for an Available phase without status.lastValidationTime', () => {
      const [outcome] = run([
        veleroSchedule('daily'),
        bsl('default', { validatedSecondsAgo: null }),
      ]);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain('has no status.lastValidationTime');
    });

    it('warns when validation is disabled, which freezes the phase', () => {
      const [outcome] = run([
        veleroSchedule('daily'),
        bsl('default', {
          validationFrequency: '0s',
          validatedSecondsAgo: 90 * 24 * hours,
        }),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'BackupStorageLocation velero/default is Available by its status, but its validation is disabled ' +
          '(spec.validationFrequency 0s): the phase is frozen since 2024-03-03T12:00:00.000Z, so it does not say ' +
          'whether backups of velero/daily can be written now.',
      );
      const [byServer] = run([
        veleroSchedule('daily'),
        veleroServer(['--store-validation-frequency=0']),
        bsl('default'),
      ]);
      expect(byServer.status).toBe('warn');
      expect(byServer.message).toContain(
        "(the Velero server's --store-validation-frequency=0)",
      );
    });
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
