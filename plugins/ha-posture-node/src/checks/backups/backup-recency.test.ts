import {
  TEST_NOW,
  clusterFrom,
  crd,
  deployment,
  kastenPolicy,
  nodes,
  runCheck,
  runOne,
  veleroBackup,
  veleroSchedule,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { backupRecency } from './backup-recency';

const HOUR = 3600;
const DAY = 24 * HOUR;
const web = deployment('web', { namespace: 'shop', replicas: 2 });
const daily = veleroSchedule('daily', { schedule: '0 2 * * *' });
/** completedSecondsAgo for an absolute time (builders count back from TEST_NOW). */
const secondsBeforeTestNow = (iso: string) =>
  (Date.parse(TEST_NOW) - Date.parse(iso)) / 1000;
const check = (
  objects: K8sObject[],
  options: { params?: Record<string, number>; now?: string; fetch?: any } = {},
) =>
  runOne(
    backupRecency,
    clusterFrom([...nodes('w', 2), web, ...objects], {
      now: options.now,
      fetch: options.fetch,
    }),
    {
      workload: 'web',
      params: options.params,
    },
  );

describe('backup-recency', () => {
  // The test clock is Saturday 2024-06-01 12:00 UTC: the daily 02:00 run was 10 h ago.
  it('passes when the newest completed backup is within 2 intervals', () => {
    const outcome = check([
      daily,
      veleroBackup('daily-1', {
        schedule: daily,
        completedSecondsAgo: 10 * HOUR,
      }),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('velero/daily-1');
    expect(outcome.message).toContain('10h ago');
  });

  it('fails when the newest completed backup is older than 2 intervals', () => {
    const outcome = check([
      daily,
      veleroBackup('daily-old', {
        schedule: daily,
        completedSecondsAgo: 2 * DAY + 11 * HOUR,
      }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'older than 2 × the interval of schedule velero/daily',
    );
    expect(outcome.evidence).toMatchObject({
      notOlderThan: '2024-05-31T02:00:00.000Z',
    });
  });

  it('follows the maxAgeFactor parameter', () => {
    // Thursday 07:00: older than Friday 02:00 (2 intervals back from the last run), newer than Thursday 02:00 (3).
    const backup = veleroBackup('daily-old', {
      schedule: daily,
      completedSecondsAgo: 2 * DAY + 5 * HOUR,
    });
    expect(check([daily, backup]).status).toBe('fail');
    expect(check([daily, backup], { params: { maxAgeFactor: 3 } }).status).toBe(
      'pass',
    );
  });

  it('uses the interval of the cron expression (hourly schedule: 3 h is stale)', () => {
    const hourly = veleroSchedule('hourly', { schedule: '15 * * * *' });
    expect(
      check([
        hourly,
        veleroBackup('h', { schedule: hourly, completedSecondsAgo: 3 * HOUR }),
      ]).status,
    ).toBe('fail');
    expect(
      check([
        hourly,
        veleroBackup('h', { schedule: hourly, completedSecondsAgo: 1 * HOUR }),
      ]).status,
    ).toBe('pass');
  });

  it('does not count a weekend as missed runs of a weekday schedule', () => {
    const weekdays = veleroSchedule('weekdays', { schedule: '0 2 * * 1-5' });
    const friday = veleroBackup('fri', {
      schedule: weekdays,
      completedSecondsAgo: secondsBeforeTestNow('2024-05-31T02:05:00Z'),
    });
    // Monday 01:00, before Monday's run, and Monday noon after one missed run: Friday's backup is recent enough.
    expect(
      check([weekdays, friday], { now: '2024-06-03T01:00:00.000Z' }).status,
    ).toBe('pass');
    expect(
      check([weekdays, friday], { now: '2024-06-03T12:00:00.000Z' }).status,
    ).toBe('pass');
    // Wednesday noon: Monday's backup missed Tuesday's and Wednesday's runs.
    const monday = veleroBackup('mon', {
      schedule: weekdays,
      completedSecondsAgo: secondsBeforeTestNow('2024-06-03T02:05:00Z'),
    });
    expect(
      check([weekdays, monday], { now: '2024-06-05T12:00:00.000Z' }).status,
    ).toBe('fail');
  });

  it('supports @every and descriptor schedules', () => {
    const every = veleroSchedule('six', { schedule: '@every 6h' });
    expect(
      check([
        every,
        veleroBackup('b', { schedule: every, completedSecondsAgo: 11 * HOUR }),
      ]).status,
    ).toBe('pass');
    expect(
      check([
        every,
        veleroBackup('b', { schedule: every, completedSecondsAgo: 13 * HOUR }),
      ]).status,
    ).toBe('fail');
    const weekly = veleroSchedule('weekly', { schedule: '@weekly' });
    expect(
      check([
        weekly,
        veleroBackup('b', { schedule: weekly, completedSecondsAgo: 9 * DAY }),
      ]).status,
    ).toBe('pass');
  });

  it('uses maxAgeHours instead of the schedule when set', () => {
    const backup = veleroBackup('b', {
      schedule: daily,
      completedSecondsAgo: 10 * HOUR,
    });
    const outcome = check([daily, backup], { params: { maxAgeHours: 6 } });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('maxAgeHours 6');
  });

  it('warns when the latest backup Failed or PartiallyFailed while the last usable one is recent', () => {
    const failed = check([
      daily,
      veleroBackup('ok', {
        schedule: daily,
        completedSecondsAgo: DAY + 10 * HOUR,
      }),
      veleroBackup('bad', {
        schedule: daily,
        completedSecondsAgo: 10 * HOUR,
        phase: 'Failed',
      }),
    ]);
    expect(failed.status).toBe('warn');
    expect(failed.message).toContain('velero/bad, failed');
    expect(failed.message).toContain('last usable one is velero/ok');
    expect(failed.message).toContain('it becomes stale');

    const partial = check([
      daily,
      veleroBackup('part', {
        schedule: daily,
        completedSecondsAgo: 10 * HOUR,
        phase: 'PartiallyFailed',
      }),
    ]);
    expect(partial.status).toBe('warn');
  });

  it('fails when no backup ever completed, and ignores running backups', () => {
    const none = check([daily, crd('backups.velero.io')]);
    expect(none.status).toBe('fail');
    expect(none.message).toContain('No finished Velero backup');
    const onlyFailed = check([
      daily,
      veleroBackup('bad', { schedule: daily, phase: 'Failed' }),
      veleroBackup('running', {
        schedule: daily,
        phase: 'InProgress',
        completedSecondsAgo: 60,
      }),
    ]);
    expect(onlyFailed.status).toBe('fail');
    expect(onlyFailed.message).toContain(
      'No backup of Deployment shop/web ever completed',
    );
  });

  it('only counts backups that cover the namespace', () => {
    const other = veleroBackup('db-only', {
      includedNamespaces: ['db'],
      completedSecondsAgo: HOUR,
    });
    expect(check([daily, other]).status).toBe('fail');
    const manual = veleroBackup('manual', {
      includedNamespaces: ['shop'],
      completedSecondsAgo: HOUR,
    });
    expect(check([daily, manual]).status).toBe('pass');
  });

  it('does not count a backup whose label selector matches only the pod template (the Deployment is not in it)', () => {
    const podsLabelled = deployment('web', {
      namespace: 'shop',
      labels: { app: 'web', backup: 'daily' },
      objectLabels: { app: 'web' },
    });
    const selecting = veleroSchedule('daily', {
      labelSelector: { matchLabels: { backup: 'daily' } },
    });
    const outcome = runOne(
      backupRecency,
      clusterFrom([
        ...nodes('w', 2),
        podsLabelled,
        selecting,
        veleroBackup('daily-1', { schedule: selecting }),
      ]),
      { workload: 'web' },
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'No finished Velero backup covers Deployment shop/web.',
    );
  });

  it('warns when only manual backups exist (no schedule to judge against) unless maxAgeHours is set', () => {
    const manual = veleroBackup('manual', {
      includedNamespaces: ['shop'],
      completedSecondsAgo: 5 * DAY,
    });
    const outcome = check([manual, crd('schedules.velero.io')]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('5d old');
    expect(
      check([manual, crd('schedules.velero.io')], {
        params: { maxAgeHours: 24 },
      }).status,
    ).toBe('fail');
  });

  it('ignores paused schedules when judging recency', () => {
    const paused = veleroSchedule('daily', { paused: true });
    expect(
      check([
        paused,
        veleroBackup('b', { schedule: paused, completedSecondsAgo: 40 * DAY }),
      ]).status,
    ).toBe('warn');
  });

  it('fails when no backup tool is installed; unknown for Kasten (run history not read)', () => {
    expect(check([]).message).toContain('no backup tool');
    const kasten = check([kastenPolicy('shop', ['shop'])]);
    expect(kasten.status).toBe('unknown');
    expect(kasten.message).toContain('Kasten');
    const manual = check([
      kastenPolicy('shop', ['shop'], { frequency: '@onDemand' }),
    ]);
    expect(manual.status).toBe('unknown');
    expect(manual.message).toBe(
      'Only Kasten K10 policies run on demand (kasten-io/shop, frequency @onDemand) cover namespace shop, ' +
        'and their run history (actions.kio.kasten.io) is not read.',
    );
  });

  it('is unknown when backups are forbidden, skipped in a manifests scan', () => {
    expect(
      check([daily], { fetch: { 'backups.velero.io': 'forbidden' } }).status,
    ).toBe('unknown');
    expect(
      runOne(backupRecency, clusterFrom([web, daily]), { workload: 'web' })
        .status,
    ).toBe('skipped');
  });

  it('judges each workload of a namespace by its own coverage and names it', () => {
    // Workloads of one namespace share a verdict only when the same backups and schedules cover them.
    const critical = deployment('db', {
      namespace: 'shop',
      labels: { tier: 'critical' },
    });
    const other = deployment('cache', { namespace: 'shop' });
    const hourly = veleroSchedule('hourly', {
      schedule: '0 * * * *',
      labelSelector: { matchLabels: { tier: 'critical' } },
    });
    const view = clusterFrom([
      ...nodes('w', 2),
      web,
      critical,
      other,
      hourly,
      veleroBackup('hourly-1', {
        schedule: hourly,
        completedSecondsAgo: HOUR,
      }),
    ]);
    const byName = new Map(
      runCheck(backupRecency, view).map(o => [o.target?.name, o]),
    );
    expect(byName.get('db')?.status).toBe('pass');
    expect(byName.get('db')?.message).toContain('Deployment shop/db');
    expect(byName.get('cache')?.message).toBe(
      'No finished Velero backup covers Deployment shop/cache.',
    );
    expect(byName.get('web')?.message).toBe(
      'No finished Velero backup covers Deployment shop/web.',
    );
  });

  describe('backups whose finish time cannot be told', () => {
    /** A backup of the daily schedule with its status.completionTimestamp set to `value`. */
    const stamped = (name: string, value: unknown, phase = 'Completed') => {
      const backup = veleroBackup(name, { schedule: daily, phase });
      return {
        ...backup,
        status: { ...backup.status, completionTimestamp: value },
      } as K8sObject;
    };

    it('does not count a completion in the future as recent: unknown, saying why', () => {
      const outcome = check([daily, stamped('future', '2099-01-01T00:00:00Z')]);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        'No dated Velero backup covers Deployment shop/web, but a backup covering it cannot be dated: ' +
          'velero/future has status.completionTimestamp 2099-01-01T00:00:00Z, in the future, ' +
          'so whether a recent backup exists cannot be told.',
      );
      expect(outcome.evidence).toMatchObject({
        undated: [{ name: 'velero/future', phase: 'Completed' }],
      });
    });

    it('does not read an unparseable or missing timestamp as the epoch: unknown', () => {
      for (const value of ['garbage', '2024-13-45T99:00:00Z', 12, '']) {
        const outcome = check([daily, stamped('bad', value)]);
        expect({ value, status: outcome.status }).toEqual({
          value,
          status: 'unknown',
        });
        expect(outcome.message).not.toContain('d old');
      }
      expect(check([daily, stamped('bad', 'garbage')]).message).toContain(
        'velero/bad has an unparseable status.completionTimestamp "garbage"',
      );
    });

    it('allows a few minutes of clock skew', () => {
      const skewed = stamped(
        'skewed',
        new Date(Date.parse(TEST_NOW) + 2 * 60_000).toISOString(),
      );
      expect(check([daily, skewed]).status).toBe('pass');
    });

    it('passes on another recent, dated backup', () => {
      const outcome = check([
        daily,
        stamped('future', '2099-01-01T00:00:00Z'),
        veleroBackup('daily-1', {
          schedule: daily,
          completedSecondsAgo: 10 * HOUR,
        }),
      ]);
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain('velero/daily-1');
    });

    it('leaves unknown what only a stale or failed dated backup would fail', () => {
      const stale = check([
        daily,
        stamped('future', '2099-01-01T00:00:00Z'),
        veleroBackup('daily-old', {
          schedule: daily,
          completedSecondsAgo: 5 * DAY,
        }),
      ]);
      expect(stale.status).toBe('unknown');
      expect(stale.message).toContain('velero/daily-old, is 5d old');
      expect(
        check([
          daily,
          stamped('future', 'garbage'),
          veleroBackup('daily-failed', {
            schedule: daily,
            phase: 'Failed',
            completedSecondsAgo: HOUR,
          }),
        ]).status,
      ).toBe('unknown');
    });

    it('still fails when the undated backups failed', () => {
      expect(
        check([daily, stamped('future', '2099-01-01T00:00:00Z', 'Failed')])
          .status,
      ).toBe('fail');
    });
  });

  it('does not count a backup whose resource filters leave out the workload', () => {
    const configsOnly = veleroBackup('configs', {
      schedule: daily,
      completedSecondsAgo: HOUR,
    });
    configsOnly.spec = {
      ...configsOnly.spec,
      includedResources: ['configmaps'],
    };
    const outcome = check([daily, configsOnly]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'No finished Velero backup covers Deployment shop/web.',
    );
  });

  it("ignores backups outside Velero's namespace when the Velero server is visible", () => {
    const veleroServer = deployment('velero', {
      namespace: 'velero',
      containers: [
        {
          name: 'velero',
          image: 'velero/velero:v1.15.0',
          args: ['server'],
        },
      ],
    });
    const stray = veleroBackup('manual', {
      namespace: 'shop',
      completedSecondsAgo: HOUR,
    });
    const outcome = check([veleroServer, daily, stray]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      "No finished Velero backup covers Deployment shop/web (1 finished backup outside Velero's namespace " +
        'velero is ignored: Velero does not read it).',
    );
    // Without the server in view, the namespace is not known: the backup counts.
    expect(check([daily, stray]).status).toBe('pass');
  });
});
