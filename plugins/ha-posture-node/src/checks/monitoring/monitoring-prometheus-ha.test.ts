import {
  keptApart,
  clusterFrom,
  crd,
  daemonSet,
  deployment,
  gmpCollector,
  k8sObject,
  nodes,
  prometheus,
  runCheck,
  runOne,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { monitoringPrometheusHa } from './monitoring-prometheus-ha';

const run = (objects: any[], options: Parameters<typeof clusterFrom>[1] = {}) =>
  runCheck(
    monitoringPrometheusHa,
    clusterFrom([...nodes('w', 2), ...objects], options),
  );

/** A Prometheus the operator has not reconciled: it records no status. */
const unreconciled = (p: K8sObject): K8sObject => ({ ...p, status: {} });

const paused = (p: K8sObject): K8sObject => ({
  ...p,
  spec: { ...p.spec, paused: true },
});

/** gmp-system/collector scheduled on 3 nodes, `status` overriding its builder status. */
const collector = (status: Record<string, unknown>): K8sObject => {
  const gmp = gmpCollector(3);
  return { ...gmp, status: { ...gmp.status, ...status } };
};

describe('monitoring-prometheus-ha', () => {
  it('passes 2 available replicas, one result per Prometheus', () => {
    const outcomes = run([
      prometheus('k8s'),
      prometheus('single', { namespace: 'apps', replicas: 1 }),
    ]);
    expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
      ['k8s', 'pass'],
      ['single', 'fail'],
    ]);
    expect(outcomes[0].target).toEqual({
      cluster: 'test',
      kind: 'Prometheus',
      namespace: 'monitoring',
      name: 'k8s',
    });
  });

  it('fails a Prometheus without replicas (default 1)', () => {
    const [outcome] = run([prometheus('k8s', { replicas: null })]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('runs 1 replica');
  });

  it.each([
    [{ replicas: 3, available: 2 }, 'warn', '2 of 3 replicas available.'],
    [{ replicas: 2, available: 1 }, 'fail', '1 of 2 replicas available'],
    [{ replicas: 2, available: 0 }, 'fail', 'no replica available of the 2'],
    [{ replicas: 3, shards: 2, available: 5 }, 'warn', '5 of 6'],
    [{ replicas: 2, shards: 2, available: 3 }, 'fail', 'some shard has fewer'],
  ])(
    'grades available replicas %j: %s (below 2 per shard fails)',
    (options, status, message) => {
      const [outcome] = run([prometheus('k8s', options)]);
      expect(outcome.status).toBe(status);
      expect(outcome.message).toContain(message);
    },
  );

  /** A sharded Prometheus whose status reports each shard's available replicas. */
  const withShardStatuses = (replicas: number, available: number[]) => {
    const p = prometheus('k8s', {
      replicas,
      shards: available.length,
      available: available.reduce((a, b) => a + b, 0),
    });
    return {
      ...p,
      status: {
        ...p.status,
        shardStatuses: available.map((a, i) => ({
          shardID: String(i),
          replicas,
          updatedReplicas: replicas,
          availableReplicas: a,
          unavailableReplicas: replicas - a,
        })),
      },
    };
  };

  it('names the shards short of replicas from status.shardStatuses, which the total hides', () => {
    // 7 of 9 available would only warn: the shard that has 1 left is a single point of failure.
    const [outcome] = run([withShardStatuses(3, [3, 1, 3])]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      "Prometheus monitoring/k8s has fewer than 2 replicas available in shard 1 (1 of 3): each shard scrapes only its share of the targets, so while a shard's last replica restarts or its node drains, that shard's targets are not scraped.",
    );
    expect(outcome.evidence).toMatchObject({
      shortShards: [{ id: '1', available: 1 }],
    });
  });

  it('says a shard with no replica leaves some targets unscraped now', () => {
    const [outcome] = run([withShardStatuses(3, [3, 0, 3])]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Prometheus monitoring/k8s has fewer than 2 replicas available in shard 1 (0 of 3): each shard scrapes only its share of the targets, so some targets are not scraped now.',
    );
  });

  it('passes a sharded Prometheus whose every shard has its replicas', () => {
    const [outcome] = run([withShardStatuses(2, [2, 2])]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('runs 2 replicas per shard (2 shards)');
  });

  it('judges the total when shard statuses are absent (older operators)', () => {
    const [outcome] = run([
      prometheus('k8s', { replicas: 2, shards: 3, available: 5 }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('some shard has fewer than 2');
    // Not "nothing is scraped": the other shards keep their targets.
    expect(outcome.message).toContain("that shard's targets are not scraped");
  });

  it('fails a Prometheus with nothing available: nothing is scraped', () => {
    const [outcome] = run([prometheus('k8s', { replicas: 2, available: 0 })]);
    expect(outcome.message).toBe(
      'Prometheus monitoring/k8s has no replica available of the 2 it declares: nothing is scraped and no alert is evaluated.',
    );
    expect(outcome.evidence).toEqual({
      replicas: 2,
      shards: 1,
      availableReplicas: 0,
    });
  });

  it('fails a Prometheus scaled to 0 replicas, with or without status', () => {
    for (const [mode, object] of [
      ['dump', prometheus('k8s', { replicas: 0 })],
      ['dump', unreconciled(prometheus('k8s', { replicas: 0 }))],
      ['manifests', prometheus('k8s', { replicas: 0 })],
    ] as const) {
      const [outcome] = run([object], { mode });
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'Prometheus monitoring/k8s is scaled to 0 replicas: nothing runs, so nothing is scraped and no alert is evaluated.',
      );
    }
  });

  it('is unknown when a dump or live cluster records no available replicas', () => {
    for (const mode of ['dump', 'live'] as const) {
      const [outcome] = run([unreconciled(prometheus('k8s'))], { mode });
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        'declares 2 replicas, but no status.availableReplicas is recorded',
      );
      expect(outcome.message).toContain('does not watch namespace monitoring');
    }
    // Declaring a single replica fails whatever runs.
    expect(
      run([unreconciled(prometheus('k8s', { replicas: 1 }))])[0].status,
    ).toBe('fail');
  });

  it('judges the declared replicas of manifests, which have no status', () => {
    const [outcome] = run([unreconciled(prometheus('k8s'))], {
      mode: 'manifests',
    });
    // Without anti-affinity the replicas may share a node: only the object can tell in manifests.
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'Prometheus monitoring/k8s runs 2 replicas. Neither spec.affinity (pod anti-affinity) nor spec.topologySpreadConstraints keeps them apart, and the Prometheus Operator adds neither: all of them may run on one node.',
    );
    expect(outcome.remediation).toContain(
      'anti-affinity on kubernetes.io/hostname',
    );
    const spread = keptApart(prometheus('k8s'));
    const [apart] = run([unreconciled(spread)], {
      mode: 'manifests',
    });
    expect(apart.status).toBe('pass');
    expect(apart.message).toBe('Prometheus monitoring/k8s runs 2 replicas.');
  });

  it('says a paused Prometheus gets no spec change, without changing its status', () => {
    const [healthy] = run([paused(prometheus('k8s'))]);
    expect(healthy.status).toBe('pass');
    expect(healthy.message).toContain(
      'It is paused (spec.paused): the Prometheus Operator applies no change to it',
    );
    expect(healthy.evidence).toMatchObject({ paused: true });
    const [degraded] = run([
      paused(prometheus('k8s', { replicas: 2, available: 1 })),
    ]);
    expect(degraded.status).toBe('fail');
    expect(degraded.message).toContain('paused');
    expect(run([prometheus('k8s')])[0].message).not.toContain('paused');
  });

  it('passes GKE Managed Prometheus with every collector ready', () => {
    const outcome = runOne(
      monitoringPrometheusHa,
      clusterFrom([...nodes('w', 2), gmpCollector()]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('gmp-system/collector on every node');
    expect(outcome.evidence).toEqual({
      managed: 'gke-managed-prometheus',
      desired: 3,
      ready: 3,
    });
  });

  it.each([
    [
      'some collectors ready',
      { numberReady: 2 },
      'warn',
      'GKE Managed Service for Prometheus misses the metrics of some nodes: only 2 of the 3 collector pods of DaemonSet gmp-system/collector are ready, and each scrapes its own node only.',
    ],
    [
      'no collector ready',
      { numberReady: 0 },
      'fail',
      'GKE Managed Service for Prometheus collects no metrics: none of the 3 collector pods of DaemonSet gmp-system/collector is ready.',
    ],
    [
      'numberReady omitted (the API omits zero counts)',
      { numberReady: undefined },
      'fail',
      'GKE Managed Service for Prometheus collects no metrics: none of the 3 collector pods of DaemonSet gmp-system/collector is ready.',
    ],
    [
      'scheduled on no node',
      { desiredNumberScheduled: 0, numberReady: 0 },
      'unknown',
      'GKE Managed Service for Prometheus: DaemonSet gmp-system/collector is scheduled on no node, so it collects nothing (managed collection may be off); whatever monitors the cluster instead is not visible through the Kubernetes API.',
    ],
  ])(
    'grades collector readiness, %s: %s',
    (_case, status, expected, message) => {
      const [outcome] = run([collector(status)]);
      expect(outcome.status).toBe(expected);
      expect(outcome.message).toBe(message);
    },
  );

  it('is unknown for a collector without status in a dump; passes it in manifests', () => {
    for (const status of [undefined, {}]) {
      const unrecorded = { ...gmpCollector(3), status };
      const [outcome] = run([unrecorded]);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain('has no status recorded');
      expect(
        runOne(monitoringPrometheusHa, clusterFrom([unrecorded])).status,
      ).toBe('pass');
    }
  });

  describe('VictoriaMetrics VMAgent, when no Prometheus runs', () => {
    const vmAgent = (spec: object) =>
      k8sObject('operator.victoriametrics.com/v1beta1', 'VMAgent', 'agent', {
        namespace: 'vm',
        spec,
      });
    /** The operator's Deployment vm/vmagent-agent with `available` of `replicas`. */
    const agentDeployment = (replicas: number, available = replicas) =>
      deployment('vmagent-agent', { namespace: 'vm', replicas, available });

    it('judges replicaCount (1 by default) and the replicas its Deployment has available', () => {
      const single = run([vmAgent({}), agentDeployment(1)])[0];
      expect(single.status).toBe('fail');
      expect(single.message).toBe(
        'VMAgent vm/agent runs 1 replica: while it restarts or its node drains, nothing is scraped (run 2 replicas with deduplication in the storage).',
      );
      expect(single.remediation).toContain('spec.replicaCount: 2');
      expect(
        run([vmAgent({ replicaCount: 2 }), agentDeployment(2)])[0].status,
      ).toBe('pass');
      const down = run([
        vmAgent({ replicaCount: 2 }),
        agentDeployment(2, 0),
      ])[0];
      expect(down.status).toBe('fail');
      expect(down.message).toContain('has no replica available of the 2');
    });

    it('is unknown without the Deployment, keeping a shortfall it declares', () => {
      const missing = run([vmAgent({ replicaCount: 2 })])[0];
      expect(missing.status).toBe('unknown');
      expect(missing.message).toContain(
        'no Deployment or StatefulSet of the operator runs it in the snapshot',
      );
    });

    it('says when VMAgents cannot be read and nothing else monitors', () => {
      const forbidden = run([], {
        fetch: { 'vmagents.operator.victoriametrics.com': 'forbidden' },
      })[0];
      expect(forbidden.status).toBe('unknown');
      expect(forbidden.message).toContain('vmagents');
    });

    it('judges DaemonSet mode by the readiness of its DaemonSet', () => {
      const agentDaemonSet = (ready: number) =>
        daemonSet('vmagent-agent', { namespace: 'vm', desired: 2, ready });
      expect(
        run([vmAgent({ daemonSetMode: true }), agentDaemonSet(2)])[0].status,
      ).toBe('pass');
      const partial = run([
        vmAgent({ daemonSetMode: true }),
        agentDaemonSet(1),
      ])[0];
      expect(partial.status).toBe('warn');
      expect(partial.message).toContain('only 1 of its 2 pods are ready');
    });
  });

  it('is unknown without any Prometheus, or when forbidden; skipped in manifests', () => {
    expect(run([])[0].status).toBe('unknown');
    expect(run([crd('prometheuses.monitoring.coreos.com')])[0].status).toBe(
      'unknown',
    );
    const forbidden = run([prometheus('k8s')], {
      fetch: { 'prometheuses.monitoring.coreos.com': 'forbidden' },
    })[0];
    expect(forbidden.status).toBe('unknown');
    expect(forbidden.message).toContain('forbidden');
    expect(runOne(monitoringPrometheusHa, clusterFrom([])).status).toBe(
      'skipped',
    );
  });
});
