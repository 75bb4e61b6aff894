import {
  keptApart,
  alertmanager,
  clusterFrom,
  deployment,
  gkeRules,
  gmpManagedAlertmanager,
  k8sObject,
  nodes,
  runCheck,
  runOne,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { monitoringAlertmanagerHa } from './monitoring-alertmanager-ha';

const run = (
  objects: any[],
  params?: { minReplicas: number },
  options: Parameters<typeof clusterFrom>[1] = {},
) =>
  runCheck(
    monitoringAlertmanagerHa,
    clusterFrom([...nodes('w', 2), ...objects], options),
    { params },
  );

/** An Alertmanager the operator has not reconciled: it records no status. */
const unreconciled = (am: K8sObject): K8sObject => ({ ...am, status: {} });

describe('monitoring-alertmanager-ha', () => {
  it.each([
    [3, 'pass'],
    [2, 'warn'],
    [1, 'fail'],
  ])('%d replicas give %s', (replicas, status) => {
    expect(run([alertmanager('main', { replicas })])[0].status).toBe(status);
  });

  it('follows minReplicas', () => {
    expect(
      run([alertmanager('main', { replicas: 2 })], { minReplicas: 2 })[0]
        .status,
    ).toBe('pass');
  });

  it.each([
    [
      2,
      'warn',
      'Alertmanager monitoring/main has only 2 of 3 replicas available.',
    ],
    [
      1,
      'fail',
      'Alertmanager monitoring/main has only 1 of 3 replicas available, fewer than 2: a restart or node failure drops notifications while it is down.',
    ],
    [
      0,
      'fail',
      'Alertmanager monitoring/main has no replica available of the 3 it declares: no alert notification is sent.',
    ],
  ])(
    '%d of 3 replicas available give %s (below 2 fails)',
    (available, status, message) => {
      const [outcome] = run([alertmanager('main', { replicas: 3, available })]);
      expect(outcome.status).toBe(status);
      expect(outcome.message).toBe(message);
      expect(outcome.remediation).toContain('Alertmanager pods');
    },
  );

  it('fails an Alertmanager scaled to 0 replicas: nothing runs', () => {
    const [outcome] = run([alertmanager('main', { replicas: 0 })]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Alertmanager monitoring/main is scaled to 0 replicas: nothing runs, so no alert notification is sent.',
    );
  });

  it('is unknown when a dump records no available replicas, keeping a shortfall it declares', () => {
    const [declared3] = run([unreconciled(alertmanager('main'))]);
    expect(declared3.status).toBe('unknown');
    expect(declared3.message).toContain(
      'Alertmanager monitoring/main declares 3 replicas, but no status.availableReplicas is recorded',
    );
    const [declared2] = run([
      unreconciled(alertmanager('main', { replicas: 2 })),
    ]);
    expect(declared2.status).toBe('warn');
    expect(declared2.message).toContain(
      'declares 2 replicas (3 are recommended), and no status.availableReplicas is recorded',
    );
    expect(
      run([unreconciled(alertmanager('main', { replicas: 1 }))])[0].status,
    ).toBe('fail');
  });

  it('judges the declared replicas of manifests, which have no status', () => {
    const [outcome] = run([unreconciled(alertmanager('main'))], undefined, {
      mode: 'manifests',
    });
    // Without anti-affinity the replicas may share a node: only the object can tell in manifests.
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'Alertmanager monitoring/main runs 3 replicas. Neither spec.affinity (pod anti-affinity) nor spec.topologySpreadConstraints keeps them apart, and the Prometheus Operator adds neither: all of them may run on one node.',
    );
    expect(outcome.remediation).toContain(
      'anti-affinity on kubernetes.io/hostname',
    );
    const spread = keptApart(alertmanager('main'));
    const [apart] = run([unreconciled(spread)], undefined, {
      mode: 'manifests',
    });
    expect(apart.status).toBe('pass');
    expect(apart.message).toBe('Alertmanager monitoring/main runs 3 replicas.');
  });

  it('says a paused Alertmanager gets no spec change', () => {
    const am = alertmanager('main', { available: 2 });
    const [outcome] = run([{ ...am, spec: { ...am.spec, paused: true } }]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'Alertmanager monitoring/main has only 2 of 3 replicas available. It is paused (spec.paused): the Prometheus Operator applies no change to it, so the replicas running may follow an older spec.',
    );
  });

  describe("GKE's managed Alertmanager", () => {
    const webRules = gkeRules(
      'web',
      { WebDown: 'up == 0' },
      { namespace: 'shop' },
    );

    it('judges its StatefulSet when GKE rules alert through it, with a remediation that fits GKE', () => {
      const [single] = run([webRules, ...gmpManagedAlertmanager(1)]);
      expect(single.status).toBe('fail');
      expect(single.message).toBe(
        "GKE's managed Alertmanager (StatefulSet gmp-system/alertmanager) runs 1 replica: a restart or node failure drops notifications while it is down.",
      );
      expect(single.target).toMatchObject({
        kind: 'StatefulSet',
        namespace: 'gmp-system',
        name: 'alertmanager',
      });
      expect(single.remediation).toContain('OperatorConfig gmp-public/config');
    });

    it('is not judged when no GKE rule alerts, or beside Prometheus Operator Alertmanagers', () => {
      expect(run([...gmpManagedAlertmanager(1)])[0].status).toBe('unknown');
      const beside = run([
        webRules,
        ...gmpManagedAlertmanager(1),
        alertmanager('main', { replicas: 3 }),
      ]);
      expect(beside.map(o => [o.status, o.target?.kind])).toEqual([
        ['pass', 'Alertmanager'],
      ]);
    });
  });

  it('judges a VictoriaMetrics VMAlertmanager by replicaCount and its StatefulSet, when no Alertmanager exists', () => {
    const vmAlertmanager = (replicaCount?: number) =>
      k8sObject(
        'operator.victoriametrics.com/v1beta1',
        'VMAlertmanager',
        'main',
        {
          namespace: 'vm',
          spec: replicaCount === undefined ? {} : { replicaCount },
        },
      );
    const sts = (replicas: number) => ({
      ...deployment('vmalertmanager-main', { namespace: 'vm', replicas }),
      kind: 'StatefulSet',
    });
    const single = run([vmAlertmanager(), sts(1)])[0];
    expect(single.status).toBe('fail');
    expect(single.message).toBe(
      'VMAlertmanager vm/main runs 1 replica: a restart or node failure drops notifications while it is down.',
    );
    expect(single.remediation).toBe(
      'Set spec.replicaCount: 3 on the VMAlertmanager, spread across nodes or zones.',
    );
    expect(run([vmAlertmanager(3), sts(3)])[0].status).toBe('pass');
  });

  it('is unknown without Alertmanager objects; skipped in manifests', () => {
    expect(run([])[0].status).toBe('unknown');
    expect(runOne(monitoringAlertmanagerHa, clusterFrom([])).status).toBe(
      'skipped',
    );
  });
});
