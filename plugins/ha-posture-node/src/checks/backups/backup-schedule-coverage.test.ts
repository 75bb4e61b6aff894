import {
  backupStorageLocation,
  clusterFrom,
  crd,
  deployment,
  kastenPolicy,
  namespace,
  nodes,
  runCheck,
  runOne,
  veleroSchedule,
  veleroServer,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { backupScheduleCoverage } from './backup-schedule-coverage';

const web = deployment('web', {
  namespace: 'shop',
  replicas: 2,
  labels: { app: 'web', tier: 'frontend' },
});
const cluster = (...extra: K8sObject[]) => [...nodes('w', 2), web, ...extra];
const check = (
  objects: K8sObject[],
  options: Parameters<typeof clusterFrom>[1] = {},
) =>
  runOne(backupScheduleCoverage, clusterFrom(objects, options), {
    workload: 'web',
  });

describe('backup-schedule-coverage', () => {
  it('passes for an enabled schedule of all namespaces (empty list or "*")', () => {
    const all = check(cluster(veleroSchedule('daily')));
    expect(all.status).toBe('pass');
    expect(all.message).toContain('velero/daily (0 2 * * *)');
    expect(
      check(cluster(veleroSchedule('daily', { includedNamespaces: ['*'] })))
        .status,
    ).toBe('pass');
    expect(
      check(cluster(veleroSchedule('daily', { includedNamespaces: ['sh*'] })))
        .status,
    ).toBe('pass');
  });

  it('counts a schedule whose status is not reported yet as enabled', () => {
    expect(
      check(cluster(veleroSchedule('daily', { phase: null }))).status,
    ).toBe('pass');
  });

  it('fails when the namespace is excluded or not included, saying why for each schedule', () => {
    const outcome = check(
      cluster(
        veleroSchedule('all-but-shop', { excludedNamespaces: ['shop'] }),
        veleroSchedule('db', { includedNamespaces: ['db', 'auth'] }),
      ),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'velero/all-but-shop excludes namespace shop',
    );
    expect(outcome.message).toContain(
      'velero/db includes only namespaces db, auth',
    );
  });

  it('lists in its evidence only the schedules that cover the workload, counting those of other namespaces', () => {
    const outcome = check(
      cluster(
        veleroSchedule('daily'),
        veleroSchedule('team-db', { includedNamespaces: ['db'] }),
        veleroSchedule('team-auth', { includedNamespaces: ['auth'] }),
        veleroSchedule('frontend', {
          labelSelector: { matchLabels: { tier: 'backend' } },
        }),
      ),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      veleroSchedules: [{ name: 'velero/daily', covers: true }],
      schedulesForOtherNamespaces: 2,
    });
  });

  it('names at most three schedules of other namespaces when nothing covers the workload', () => {
    const outcome = check(
      cluster(
        ...['a', 'b', 'c', 'd', 'e'].map(team =>
          veleroSchedule(`team-${team}`, { includedNamespaces: [team] }),
        ),
      ),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'velero/team-c includes only namespaces c',
    );
    expect(outcome.message).not.toContain('team-d');
    expect(outcome.message).toContain('2 more include only other namespaces');
  });

  it('honours the label selectors of the template (pod or workload labels)', () => {
    const selected = veleroSchedule('frontend', {
      labelSelector: { matchLabels: { tier: 'frontend' } },
    });
    expect(check(cluster(selected)).status).toBe('pass');
    const other = veleroSchedule('backend', {
      labelSelector: { matchLabels: { tier: 'backend' } },
    });
    const miss = check(cluster(other));
    expect(miss.status).toBe('fail');
    expect(miss.message).toContain(
      'does not select the workload by its labelSelector',
    );
    const orSelectors = veleroSchedule('either', {
      orLabelSelectors: [
        { matchLabels: { tier: 'backend' } },
        {
          matchExpressions: [
            { key: 'app', operator: 'In', values: ['web', 'api'] },
          ],
        },
      ],
    });
    expect(check(cluster(orSelectors)).status).toBe('pass');
  });

  describe('label selectors match the workload object, as Velero filters each item by its own labels', () => {
    // The pod template carries backup=daily, the Deployment object does not.
    const podsLabelled = deployment('web', {
      namespace: 'shop',
      replicas: 2,
      labels: { app: 'web', backup: 'daily' },
      objectLabels: { app: 'web' },
    });
    const judge = (...schedules: K8sObject[]) =>
      check([...nodes('w', 2), podsLabelled, ...schedules]);

    it('fails a labelSelector that matches only the pod template: the pods are backed up, the Deployment is not', () => {
      const outcome = judge(
        veleroSchedule('daily', {
          labelSelector: { matchLabels: { backup: 'daily' } },
        }),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'No Velero schedule or Kasten policy covers Deployment shop/web: velero/daily selects by its labelSelector ' +
          "only the pod template's labels, not the Deployment's own (pods only, the Deployment itself is not " +
          'backed up: Velero filters each item by its own labels, so a restore cannot recreate it).',
      );
      expect(outcome.evidence?.veleroSchedules).toEqual([
        expect.objectContaining({ name: 'velero/daily', covers: false }),
      ]);
    });

    it('fails orLabelSelectors that match only the pod template, passes when one matches the object', () => {
      const podsOnly = judge(
        veleroSchedule('either', {
          orLabelSelectors: [
            { matchLabels: { tier: 'backend' } },
            { matchLabels: { backup: 'daily' } },
          ],
        }),
      );
      expect(podsOnly.status).toBe('fail');
      expect(podsOnly.message).toContain(
        'selects by its orLabelSelectors only the pod template',
      );
      expect(
        judge(
          veleroSchedule('either', {
            orLabelSelectors: [
              { matchLabels: { backup: 'daily' } },
              { matchLabels: { app: 'web' } },
            ],
          }),
        ).status,
      ).toBe('pass');
    });

    it('passes a selector matching the object labels, whatever the pod labels', () => {
      const objectLabelled = deployment('web', {
        namespace: 'shop',
        labels: { app: 'web' },
        objectLabels: { app: 'web', backup: 'daily' },
      });
      expect(
        check([
          ...nodes('w', 2),
          objectLabelled,
          veleroSchedule('daily', {
            labelSelector: { matchLabels: { backup: 'daily' } },
          }),
        ]).status,
      ).toBe('pass');
    });

    it('does not share a verdict between a pods-only workload and a covered one of the same namespace', () => {
      const api = deployment('api', {
        namespace: 'shop',
        labels: { app: 'api', backup: 'daily' },
      });
      const view = clusterFrom([
        ...nodes('w', 2),
        podsLabelled,
        api,
        veleroSchedule('daily', {
          labelSelector: { matchLabels: { backup: 'daily' } },
        }),
      ]);
      const byName = new Map(
        runCheck(backupScheduleCoverage, view).map(o => [
          o.target?.name,
          o.status,
        ]),
      );
      expect([byName.get('web'), byName.get('api')]).toEqual(['fail', 'pass']);
    });
  });

  describe('backups that expire before the next run (template.ttl)', () => {
    const withTtl = (name: string, schedule: string, ttl?: string) => {
      const s = veleroSchedule(name, { schedule });
      if (ttl === undefined) delete s.spec.template.ttl;
      else s.spec.template.ttl = ttl;
      return s;
    };

    it('warns when a weekly schedule keeps its backups for a day, naming ttl and interval', () => {
      const outcome = check(cluster(withTtl('weekly', '0 2 * * 0', '24h0m0s')));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'Velero schedule velero/weekly (0 2 * * 0) backs up Deployment shop/web, but velero/weekly keeps its backups ' +
          '24h (template.ttl 24h0m0s), while up to 7d pass between its runs: each backup expires before the next one ' +
          'is taken, so for part of every interval no backup exists to restore.',
      );
      expect(outcome.remediation).toContain(
        'Set spec.template.ttl of velero/weekly',
      );
      expect(outcome.evidence).toMatchObject({
        shortTtl: [
          { name: 'velero/weekly', ttl: '24h0m0s', longestInterval: '7d' },
        ],
      });
    });

    it("counts a weekday schedule's weekend and @every intervals", () => {
      // Monday to Friday: the backup of Friday must last until Monday.
      expect(
        check(cluster(withTtl('weekdays', '0 2 * * 1-5', '48h'))).status,
      ).toBe('warn');
      expect(
        check(cluster(withTtl('weekdays', '0 2 * * 1-5', '72h'))).status,
      ).toBe('pass');
      expect(check(cluster(withTtl('often', '@every 6h', '5h'))).status).toBe(
        'warn',
      );
    });

    it('passes a ttl at least as long as the interval, an unset or unreadable ttl (the server default), or another schedule keeping backups', () => {
      expect(check(cluster(withTtl('daily', '0 2 * * *', '24h'))).status).toBe(
        'pass',
      );
      expect(check(cluster(withTtl('weekly', '0 2 * * 0'))).status).toBe(
        'pass',
      );
      expect(
        check(cluster(withTtl('weekly', '0 2 * * 0', 'a day'))).status,
      ).toBe('pass');
      expect(
        check(
          cluster(
            withTtl('weekly', '0 2 * * 0', '24h'),
            withTtl('daily', '0 3 * * *', '720h'),
          ),
        ).status,
      ).toBe('pass');
    });
  });

  it('says so when the only covering schedule is paused or failed validation', () => {
    const paused = check(cluster(veleroSchedule('daily', { paused: true })));
    expect(paused.status).toBe('fail');
    expect(paused.message).toContain('velero/daily is paused');
    expect(paused.remediation).toBe(
      'Unpause velero/daily (`velero schedule unpause daily`).',
    );
    const invalid = check(
      cluster(veleroSchedule('daily', { phase: 'FailedValidation' })),
    );
    expect(invalid.status).toBe('fail');
    expect(invalid.message).toContain('FailedValidation');
    expect(invalid.remediation).toContain(
      '`kubectl -n velero describe schedule daily`',
    );
  });

  describe('a Velero server that takes no scheduled backups', () => {
    it('fails when the server has no ready replica', () => {
      const outcome = check(
        cluster(veleroSchedule('daily'), veleroServer([], { ready: false })),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'The only Velero schedules covering Deployment shop/web do not run: velero/daily is not run by the Velero ' +
          'server (Deployment velero/velero), which has no ready replica.',
      );
      expect(outcome.remediation).toBe(
        'Get the Velero server running again (`kubectl -n velero describe deployment velero`).',
      );
    });

    it('fails when the server runs with --restore-only or disables a controller that backups need', () => {
      const restoreOnly = check(
        cluster(veleroSchedule('daily'), veleroServer(['--restore-only'])),
      );
      expect(restoreOnly.status).toBe('fail');
      expect(restoreOnly.message).toContain(
        'which runs with --restore-only (no backups, no schedules)',
      );
      expect(restoreOnly.remediation).toContain('Remove --restore-only');
      const disabled = check(
        cluster(
          veleroSchedule('daily'),
          veleroServer([
            '--disable-controllers=restore,schedule',
            '--disable-controllers',
            'backup',
          ]),
        ),
      );
      expect(disabled.status).toBe('fail');
      expect(disabled.message).toContain(
        'which disables its schedule and backup controllers (--disable-controllers)',
      );
      const queue = check(
        cluster(
          veleroSchedule('daily'),
          veleroServer(['--disable-controllers=backup-queue,backup-finalizer']),
        ),
      );
      expect(queue.status).toBe('fail');
      expect(queue.message).toContain(
        'which disables its backup-queue and backup-finalizer controllers (--disable-controllers)',
      );
    });

    it('passes a server that runs its schedules, whatever else it disables', () => {
      for (const args of [
        [],
        ['--restore-only=false'],
        ['--disable-controllers=restore,gc'],
      ])
        expect(
          check(cluster(veleroSchedule('daily'), veleroServer(args))).status,
        ).toBe('pass');
      // Manifests carry no status: readiness is not judged there.
      expect(
        check([
          web,
          veleroSchedule('daily'),
          veleroServer([], { ready: false }),
        ]).status,
      ).toBe('pass');
    });
  });

  it('does not count a schedule writing to a ReadOnly BackupStorageLocation', () => {
    const readOnly = backupStorageLocation('default', {
      accessMode: 'ReadOnly',
    });
    const outcome = check(cluster(veleroSchedule('daily'), readOnly));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'The only Velero schedules covering Deployment shop/web do not run: velero/daily writes to ' +
        'BackupStorageLocation velero/default, which is ReadOnly: Velero creates no backups in it (each fails validation).',
    );
    expect(outcome.remediation).toContain(
      'Set BackupStorageLocation velero/default back to spec.accessMode ReadWrite',
    );
    // The schedule's own location decides: another schedule writing to a ReadWrite one covers.
    expect(
      check(
        cluster(
          veleroSchedule('daily'),
          readOnly,
          veleroSchedule('hourly', { storageLocation: 'secondary' }),
          backupStorageLocation('secondary', { accessMode: 'ReadWrite' }),
        ),
      ).status,
    ).toBe('pass');
  });

  it('passes when an active schedule covers it next to a paused broad one', () => {
    expect(
      check(
        cluster(veleroSchedule('old', { paused: true }), veleroSchedule('new')),
      ).status,
    ).toBe('pass');
    // Wildcards and other namespaces' label selectors do not single the workload out.
    expect(
      check(
        cluster(
          veleroSchedule('old', { paused: true, includedNamespaces: ['sh*'] }),
          veleroSchedule('backend', {
            paused: true,
            labelSelector: { matchLabels: { tier: 'backend' } },
          }),
          veleroSchedule('new'),
        ),
      ).status,
    ).toBe('pass');
  });

  it('warns, naming it, when a paused schedule set up for the workload sits next to a broader active one', () => {
    const hourly = veleroSchedule('hourly-shop', {
      paused: true,
      schedule: '0 * * * *',
      includedNamespaces: ['shop'],
    });
    hourly.status.lastBackup = '2024-05-23T12:00:00Z';
    const outcome = check(cluster(hourly, veleroSchedule('daily')));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'Velero schedule velero/daily (0 2 * * *) backs up Deployment shop/web, but velero/hourly-shop (0 * * * *), ' +
        'which names namespace shop, is paused (last backup 9d ago): the backups set up for this workload specifically are not taken.',
    );
    expect(outcome.evidence).toMatchObject({
      stoppedTargetingSchedules: ['velero/hourly-shop'],
    });
    expect(outcome.remediation).toBe(
      'Unpause velero/hourly-shop (`velero schedule unpause hourly-shop`), or delete it if the broader schedule is enough.',
    );
  });

  it('warns for a schedule that selects the workload by label and failed validation', () => {
    const frontend = veleroSchedule('frontend', {
      phase: 'FailedValidation',
      labelSelector: { matchLabels: { tier: 'frontend' } },
    });
    const outcome = check(cluster(frontend, veleroSchedule('daily')));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'velero/frontend (0 2 * * *), which selects the workload by label, is in phase FailedValidation',
    );
  });

  it('fails when no backup tool is installed (known from the cluster)', () => {
    const outcome = check(cluster());
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('No backup tool is installed');
  });

  it('fails when Velero is installed but has no schedule', () => {
    const outcome = check(cluster(crd('schedules.velero.io')));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'No Velero schedule or Kasten policy covers Deployment shop/web',
    );
  });

  it('skips a manifests scan without backup objects, but judges schedules that are in it', () => {
    expect(check([web]).status).toBe('skipped');
    expect(
      check([web, veleroSchedule('db', { includedNamespaces: ['db'] })]).status,
    ).toBe('fail');
  });

  it('is unknown when Velero cannot be read and nothing else covers it', () => {
    const outcome = check(cluster(veleroSchedule('daily')), {
      fetch: { 'schedules.velero.io': 'forbidden' },
    });
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('forbidden');
  });

  it('fails a workload labelled velero.io/exclude-from-backup, whatever selects it', () => {
    const excluded = deployment('web', {
      namespace: 'shop',
      objectLabels: { app: 'web', 'velero.io/exclude-from-backup': 'true' },
    });
    const outcome = check([...nodes('w', 2), excluded, veleroSchedule('all')]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'leaves it out: the Deployment is labelled velero.io/exclude-from-backup=true',
    );
  });

  describe('Kasten K10', () => {
    it('passes a policy with backup and export', () => {
      const outcome = check(cluster(kastenPolicy('shop-daily', ['shop'])));
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain('kasten-io/shop-daily');
    });

    it('does not count a policy that failed validation: K10 never runs it', () => {
      const failed = kastenPolicy('shop-daily', ['shop']);
      failed.status = { validation: 'Failed' };
      const outcome = check(cluster(failed));
      expect(outcome.status).toBe('fail');
    });

    it('warns for backup without export: snapshots stay on-cluster', () => {
      const outcome = check(
        cluster(kastenPolicy('shop-daily', ['shop'], { actions: ['backup'] })),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain('on-cluster');
    });

    it('does not count a policy run only on demand (frequency @onDemand), naming it', () => {
      const manual = kastenPolicy('shop-manual', ['shop'], {
        frequency: '@onDemand',
      });
      const outcome = check(cluster(manual), {
        fetch: { 'schedules.velero.io': 'not-installed' },
      });
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'No Velero schedule or Kasten policy covers Deployment shop/web: Kasten policy kasten-io/shop-manual ' +
          'backs up namespace shop only on demand (frequency @onDemand), not on a schedule.',
      );
      expect(outcome.evidence).toMatchObject({
        kastenPolicies: [],
        kastenOnDemandPolicies: ['kasten-io/shop-manual'],
      });
      // Next to a scheduled policy, the scheduled one covers.
      expect(
        check(cluster(manual, kastenPolicy('shop-daily', ['shop']))).status,
      ).toBe('pass');
      // Next to a paused Velero schedule, both are named.
      const paused = check(
        cluster(manual, veleroSchedule('daily', { paused: true })),
      );
      expect(paused.status).toBe('fail');
      expect(paused.message).toBe(
        'The only Velero schedules covering Deployment shop/web do not run: velero/daily is paused; ' +
          'Kasten policy kasten-io/shop-manual backs up namespace shop only on demand (frequency @onDemand), not on a schedule.',
      );
    });

    it('matches namespace labels and ignores policies of other namespaces or without a backup action', () => {
      const byLabel = kastenPolicy('tiered', [], {
        selector: { matchLabels: { tier: 'gold' } },
      });
      expect(
        check(cluster(namespace('shop', { tier: 'gold' }), byLabel)).status,
      ).toBe('pass');
      const outcome = check(
        cluster(
          kastenPolicy('db', ['db']),
          kastenPolicy('report', ['shop'], { actions: ['report'] }),
          crd('schedules.velero.io'),
        ),
      );
      expect(outcome.status).toBe('fail');
    });
  });

  it('judges each workload of a namespace by its own labels and names it', () => {
    // Workloads of one namespace share a verdict only when the schedules cover them alike.
    const db = deployment('db', {
      namespace: 'shop',
      labels: { app: 'db', tier: 'critical' },
    });
    const api = deployment('api', {
      namespace: 'shop',
      labels: { app: 'api', tier: 'frontend' },
    });
    const view = clusterFrom(
      cluster(
        db,
        api,
        veleroSchedule('critical', {
          labelSelector: { matchLabels: { tier: 'critical' } },
        }),
        veleroSchedule('others', { includedNamespaces: ['pay'] }),
      ),
    );
    const byName = new Map(
      runCheck(backupScheduleCoverage, view).map(o => [o.target?.name, o]),
    );
    expect(byName.get('db')?.status).toBe('pass');
    expect(byName.get('db')?.message).toBe(
      'Velero schedule velero/critical (0 2 * * *) backs up Deployment shop/db.',
    );
    for (const name of ['web', 'api']) {
      expect(byName.get(name)?.status).toBe('fail');
      expect(byName.get(name)?.message).toBe(
        `No Velero schedule or Kasten policy covers Deployment shop/${name}: ` +
          'velero/critical does not select the workload by its labelSelector; ' +
          'velero/others includes only namespaces pay.',
      );
    }
  });

  describe('resource filters of the template', () => {
    const withTemplate = (name: string, template: Record<string, unknown>) => {
      const schedule = veleroSchedule(name);
      return {
        ...schedule,
        spec: {
          ...schedule.spec,
          template: { ...schedule.spec.template, ...template },
        },
      };
    };

    it('fails when includedResources leaves out the workload resource', () => {
      const outcome = check(
        cluster(withTemplate('configs', { includedResources: ['configmaps'] })),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'velero/configs includes only the resources configmaps (includedResources), not deployments.apps',
      );
    });

    it('fails when excludedResources names the workload resource, in any form Velero resolves', () => {
      for (const name of [
        'deployments.apps',
        'deployments',
        'Deployment',
        'DEPLOY',
        // Not resolved here (another group, a version): treated as excluding, never as covering.
        'deployments.extensions',
        'deployments.v1.apps',
        'deploy*',
      ]) {
        const outcome = check(
          cluster(withTemplate('no-deploy', { excludedResources: [name] })),
        );
        expect({ name, status: outcome.status }).toEqual({
          name,
          status: 'fail',
        });
        expect(outcome.message).toContain(
          `velero/no-deploy excludes deployments.apps (excludedResources: ${name})`,
        );
      }
    });

    it('passes when the included resources name the workload resource, case-insensitively, or "*"', () => {
      for (const included of [
        ['deployments'],
        ['configmaps', 'Deployments.Apps'],
        ['deployment'],
        ['deploy'],
        ['*'],
        [],
      ]) {
        expect({
          included,
          status: check(
            cluster(withTemplate('apps', { includedResources: included })),
          ).status,
        }).toEqual({ included, status: 'pass' });
      }
    });

    it('does not count an include it cannot resolve as the workload resource', () => {
      for (const included of [
        ['deployments.extensions'],
        ['deployments.v1.apps'],
        ['deploy*'],
      ]) {
        expect({
          included,
          status: check(
            cluster(withTemplate('apps', { includedResources: included })),
          ).status,
        }).toEqual({ included, status: 'fail' });
      }
    });

    it('lets an exclusion win over an inclusion', () => {
      const outcome = check(
        cluster(
          withTemplate('both', {
            includedResources: ['*'],
            excludedResources: ['deployments'],
          }),
        ),
      );
      expect(outcome.status).toBe('fail');
    });

    it('reads the scoped resource filters, and rejects a mix with the old ones', () => {
      expect(
        check(
          cluster(
            withTemplate('scoped', {
              includedNamespaceScopedResources: ['configmaps'],
            }),
          ),
        ).status,
      ).toBe('fail');
      expect(
        check(
          cluster(
            withTemplate('scoped', {
              includedNamespaceScopedResources: ['deployments.apps'],
              excludedClusterScopedResources: ['*'],
            }),
          ),
        ).status,
      ).toBe('pass');
      const mixed = check(
        cluster(
          withTemplate('mixed', {
            includedResources: ['deployments'],
            includedNamespaceScopedResources: ['deployments'],
          }),
        ),
      );
      expect(mixed.status).toBe('fail');
      expect(mixed.message).toContain('which Velero rejects');
    });

    it('does not count a template that sets both labelSelector and orLabelSelectors, which Velero rejects', () => {
      const both = check(
        cluster(
          withTemplate('both', {
            labelSelector: { matchLabels: { app: 'web' } },
            orLabelSelectors: [{ matchLabels: { tier: 'frontend' } }],
          }),
        ),
      );
      expect(both.status).toBe('fail');
      expect(both.message).toBe(
        'No Velero schedule or Kasten policy covers Deployment shop/web: velero/both sets both labelSelector and ' +
          'orLabelSelectors, which Velero rejects (only one can be specified): each of its backups fails validation.',
      );
      // Rejected whatever the selectors select, an empty labelSelector included.
      expect(
        check(
          cluster(
            withTemplate('both', {
              labelSelector: {},
              orLabelSelectors: [{ matchLabels: { tier: 'backend' } }],
            }),
          ),
        ).message,
      ).toContain('which Velero rejects');
      // An empty orLabelSelectors list, or a null labelSelector, is not set (Velero drops it).
      for (const template of [
        {
          labelSelector: { matchLabels: { app: 'web' } },
          orLabelSelectors: [],
        },
        {
          labelSelector: null,
          orLabelSelectors: [{ matchLabels: { app: 'web' } }],
        },
      ])
        expect(check(cluster(withTemplate('one', template))).status).toBe(
          'pass',
        );
    });

    it('passes on another schedule that includes the workload, listing only that one', () => {
      const outcome = check(
        cluster(
          withTemplate('configs', { includedResources: ['configmaps'] }),
          veleroSchedule('daily'),
        ),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'Velero schedule velero/daily (0 2 * * *) backs up Deployment shop/web.',
      );
    });
  });

  describe('schedules Velero cannot run', () => {
    it.each(['not a cron', '61 25 * * *', '', '0 0 2 * * *', '@every soon'])(
      'does not count a schedule with the invalid cron %j',
      cron => {
        for (const phase of [undefined, null]) {
          const outcome = check(
            cluster(veleroSchedule('daily-apps', { schedule: cron, phase })),
          );
          expect(outcome.status).toBe('fail');
          expect(outcome.message).toBe(
            'The only Velero schedules covering Deployment shop/web do not run: ' +
              `velero/daily-apps has an invalid cron ${JSON.stringify(cron)}.`,
          );
          expect(outcome.remediation).toContain(
            'Give velero/daily-apps a valid cron expression',
          );
        }
      },
    );

    it('counts descriptors and time zones Velero accepts', () => {
      for (const cron of [
        '@midnight',
        '@every 6h',
        'CRON_TZ=Europe/Berlin 0 2 * * MON-FRI',
      ])
        expect(
          check(cluster(veleroSchedule('daily', { schedule: cron }))).status,
        ).toBe('pass');
    });

    it('does not count a schedule that failed validation, saying so next to its cron problem', () => {
      const outcome = check(
        cluster(
          veleroSchedule('daily', {
            schedule: 'not a cron',
            phase: 'FailedValidation',
          }),
        ),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'velero/daily is in phase FailedValidation (it has an invalid cron "not a cron")',
      );
    });
  });

  describe("Velero's namespace", () => {
    const server = veleroServer(['--features=EnableCSI']);

    it('does not count a schedule outside the namespace the Velero server runs in', () => {
      const outcome = check(
        cluster(server, veleroSchedule('daily', { namespace: 'shop' })),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        "shop/daily is outside Velero's namespace (velero), so Velero does not run it",
      );
      expect(check(cluster(server, veleroSchedule('daily'))).status).toBe(
        'pass',
      );
    });

    it('counts schedules of any namespace when no Velero server is visible', () => {
      expect(
        check(cluster(veleroSchedule('daily', { namespace: 'shop' }))).status,
      ).toBe('pass');
    });
  });
});
