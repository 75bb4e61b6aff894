import {
  clusterFrom,
  deployment,
  k8sObject,
  namespace,
  nodes,
  pod,
  runOne,
} from '../../testing';
import { spreadSelectorMismatch } from './spread-selector-mismatch';

const workers = nodes('w', 3, ['a', 'b', 'c']);
const zoneKey = 'topology.kubernetes.io/zone';

function withSpec(name: string, spec: any, labels?: Record<string, string>) {
  return deployment(name, {
    replicas: 3,
    labels,
    podSpec: { containers: [{ name: 'app', image: 'x' }], ...spec },
  });
}
const tsc = (matchLabels: Record<string, string>) => ({
  maxSkew: 1,
  topologyKey: zoneKey,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels },
});
const antiAffinity = (term: any) => ({
  affinity: {
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] },
  },
});

describe('spread-selector-mismatch', () => {
  it('fails a constraint selecting app=foo on pods labelled app=bar', () => {
    const web = withSpec(
      'selector-mismatch',
      { topologySpreadConstraints: [tsc({ app: 'foo' })] },
      { app: 'bar' },
    );
    const outcome = runOne(
      spreadSelectorMismatch,
      clusterFrom([...workers, web]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('selects app=foo');
    expect(outcome.message).toContain('(app=bar)');
  });

  it('passes rules that select the pods', () => {
    const web = withSpec('web', {
      topologySpreadConstraints: [tsc({ app: 'web' })],
    });
    expect(
      runOne(spreadSelectorMismatch, clusterFrom([...workers, web])).status,
    ).toBe('pass');
  });

  it('accepts anti-affinity that repels another workload (not a mismatch)', () => {
    const db = deployment('db', { replicas: 1 });
    const web = withSpec(
      'web',
      antiAffinity({
        topologyKey: 'kubernetes.io/hostname',
        labelSelector: { matchLabels: { app: 'db' } },
      }),
    );
    const outcome = runOne(
      spreadSelectorMismatch,
      clusterFrom([...workers, db, web]),
      { workload: 'web' },
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'keeps it away from Deployment default/db',
    );
  });

  describe('in a manifests scan', () => {
    const keepAway = antiAffinity({
      topologyKey: 'kubernetes.io/hostname',
      labelSelector: { matchLabels: { app: 'postgres' } },
    });

    it('only warns on anti-affinity against pods no scanned workload has: they may be deployed from elsewhere', () => {
      const outcome = runOne(
        spreadSelectorMismatch,
        clusterFrom([withSpec('web', keepAway)]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'Anti-affinity against pods not in the scan: required podAntiAffinity on kubernetes.io/hostname selects app=postgres, which matches none of its pods (app=web) nor any scanned workload: unless the pods it keeps away from are deployed from elsewhere, it does nothing',
      );
      expect(outcome.evidence?.unmatchedInScan).toHaveLength(1);
    });

    it('names the namespaces a term is restricted to when they leave out its own pods', () => {
      // metrics-server's HA patch lists namespaces: [kube-system]; deployed to monitoring, it keeps nothing apart.
      const metricsServer = deployment('metrics-server', {
        namespace: 'monitoring',
        replicas: 2,
        labels: { 'k8s-app': 'metrics-server' },
        podSpec: {
          containers: [{ name: 'app', image: 'x' }],
          ...antiAffinity({
            topologyKey: 'kubernetes.io/hostname',
            namespaces: ['kube-system'],
            labelSelector: { matchLabels: { 'k8s-app': 'metrics-server' } },
          }),
        },
      });
      const outcome = runOne(
        spreadSelectorMismatch,
        clusterFrom([metricsServer]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'Anti-affinity against pods not in the scan: required podAntiAffinity on kubernetes.io/hostname selects k8s-app=metrics-server in namespace kube-system only, which matches none of its pods (k8s-app=metrics-server in namespace monitoring) nor any scanned workload: unless the pods it keeps away from are deployed from elsewhere, it does nothing',
      );
    });

    it('still fails such a term on a cluster, and a spread constraint on foreign pods in a scan', () => {
      expect(
        runOne(
          spreadSelectorMismatch,
          clusterFrom([...workers, withSpec('web', keepAway)]),
        ).status,
      ).toBe('fail');
      const web = withSpec(
        'web',
        { topologySpreadConstraints: [tsc({ app: 'foo' })] },
        { app: 'bar' },
      );
      expect(runOne(spreadSelectorMismatch, clusterFrom([web])).status).toBe(
        'fail',
      );
    });
  });

  it('warns a spread constraint that balances against another workload', () => {
    const other = deployment('other', { replicas: 2 });
    const web = withSpec('web', {
      topologySpreadConstraints: [tsc({ app: 'other' })],
    });
    expect(
      runOne(spreadSelectorMismatch, clusterFrom([...workers, other, web]), {
        workload: 'web',
      }).status,
    ).toBe('warn');
  });

  describe('a spread constraint whose selector also matches another workload', () => {
    const frontend = (name: string, spec: any, ns?: string) =>
      deployment(name, {
        replicas: 3,
        namespace: ns,
        labels: { app: name, tier: 'frontend' },
        podSpec: { containers: [{ name: 'app', image: name }], ...spec },
      });
    const shared = { topologySpreadConstraints: [tsc({ tier: 'frontend' })] };

    it('warns: skew is computed over both workloads, not its own replicas', () => {
      const outcome = runOne(
        spreadSelectorMismatch,
        clusterFrom([
          ...workers,
          frontend('web', shared),
          frontend('api', shared),
        ]),
        { workload: 'web' },
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'selects tier=frontend, which also matches Deployment default/api: skew is computed over all of their pods together, so its own replicas (app=web, tier=frontend) can crowd into one zone',
      );
      expect(outcome.remediation).toContain('matchLabelKeys');
      expect(outcome.evidence?.shared).toHaveLength(1);
    });

    it('finds the other workload through matchExpressions too', () => {
      const web = frontend('web', {
        topologySpreadConstraints: [
          {
            ...tsc({}),
            labelSelector: {
              matchExpressions: [
                { key: 'tier', operator: 'In', values: ['frontend'] },
              ],
            },
          },
        ],
      });
      expect(
        runOne(
          spreadSelectorMismatch,
          clusterFrom([...workers, web, frontend('api', {})]),
          { workload: 'web' },
        ).status,
      ).toBe('warn');
    });

    it('passes when matchLabelKeys narrows it to its own pods, or the other workload is in another namespace', () => {
      const narrowed = frontend('web', {
        topologySpreadConstraints: [
          { ...tsc({ tier: 'frontend' }), matchLabelKeys: ['app'] },
        ],
      });
      expect(
        runOne(
          spreadSelectorMismatch,
          clusterFrom([...workers, narrowed, frontend('api', {})]),
          { workload: 'web' },
        ).status,
      ).toBe('pass');
      expect(
        runOne(
          spreadSelectorMismatch,
          clusterFrom([
            ...workers,
            frontend('web', shared),
            frontend('api', shared, 'other'),
          ]),
          { workload: 'web' },
        ).status,
      ).toBe('pass');
    });

    it('passes anti-affinity with a shared selector: it still keeps its own pods apart', () => {
      const web = frontend(
        'web',
        antiAffinity({
          topologyKey: zoneKey,
          labelSelector: { matchLabels: { tier: 'frontend' } },
        }),
      );
      expect(
        runOne(
          spreadSelectorMismatch,
          clusterFrom([...workers, web, frontend('api', {})]),
          { workload: 'web' },
        ).status,
      ).toBe('pass');
    });
  });

  it('finds pods of controllers the engine does not model in a live cluster', () => {
    const operatorPod = pod('pg-1', {
      node: 'w-1',
      labels: { 'cnpg.io/cluster': 'pg' },
      ownerReferences: [{ kind: 'Cluster', name: 'pg', controller: true }],
    });
    const web = withSpec(
      'web',
      antiAffinity({
        topologyKey: zoneKey,
        labelSelector: { matchLabels: { 'cnpg.io/cluster': 'pg' } },
      }),
    );
    expect(
      runOne(
        spreadSelectorMismatch,
        clusterFrom([...workers, operatorPod, web]),
        { workload: 'web' },
      ).status,
    ).toBe('pass');
  });

  it('respects namespace scope and namespace selectors', () => {
    const db = deployment('db', { namespace: 'data' });
    const inOwnNamespace = withSpec(
      'web',
      antiAffinity({
        topologyKey: zoneKey,
        labelSelector: { matchLabels: { app: 'db' } },
      }),
    );
    expect(
      runOne(
        spreadSelectorMismatch,
        clusterFrom([...workers, db, inOwnNamespace]),
        { workload: 'web' },
      ).status,
    ).toBe('fail');
    const viaSelector = withSpec(
      'web',
      antiAffinity({
        topologyKey: zoneKey,
        namespaceSelector: { matchLabels: { tier: 'data' } },
        labelSelector: { matchLabels: { app: 'db' } },
      }),
    );
    const view = clusterFrom([
      ...workers,
      namespace('data', { tier: 'data' }),
      namespace('default'),
      db,
      viaSelector,
    ]);
    const viaSelectorOutcome = runOne(spreadSelectorMismatch, view, {
      workload: 'web',
    });
    expect(viaSelectorOutcome.status).toBe('pass');
    expect(viaSelectorOutcome.message).toContain(
      'selects app=db in namespaces labelled tier=data only keeps it away from Deployment data/db',
    );
  });

  it("says which namespaces a term counts pods in, and names the pods' own when it leaves it out", () => {
    const scoped = (scope: any) =>
      runOne(
        spreadSelectorMismatch,
        clusterFrom([
          ...workers,
          namespace('default'),
          namespace('data', { tier: 'data' }),
          withSpec(
            'web',
            antiAffinity({
              topologyKey: zoneKey,
              labelSelector: { matchLabels: { app: 'web' } },
              ...scope,
            }),
          ),
        ]),
      ).message;
    expect(scoped({ namespaces: ['data', 'batch'] })).toContain(
      'selects app=web in namespaces data and batch only, which matches none of its pods (app=web in namespace default) nor any other pod',
    );
    expect(
      scoped({
        namespaces: ['batch'],
        namespaceSelector: { matchLabels: { tier: 'data' } },
      }),
    ).toContain(
      'selects app=web in namespace batch or namespaces labelled tier=data only, which matches none of its pods (app=web in namespace default)',
    );
    // Its own namespace among those listed, or every namespace: the term counts its own pods.
    expect(scoped({ namespaces: ['default', 'data'] })).toBe(
      'All 1 spreading rule(s) select its own pods (app=web)',
    );
    expect(scoped({ namespaceSelector: {} })).toBe(
      'All 1 spreading rule(s) select its own pods (app=web)',
    );
  });

  describe('constraints the API server rejects (spread-declared warns about them)', () => {
    it('skips a workload whose only constraint is invalid instead of failing its selector', () => {
      const web = withSpec('web', {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: zoneKey,
            whenUnsatisfiable: 'DoNotSchedule',
            matchLabelKeys: ['app'],
          },
        ],
      });
      const outcome = runOne(
        spreadSelectorMismatch,
        clusterFrom([...workers, web]),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toBe(
        'Declares only topology spread constraints the API server rejects (see spread-declared)',
      );
    });

    it('judges the valid rules only', () => {
      const web = withSpec('web', {
        topologySpreadConstraints: [
          tsc({ app: 'web' }),
          { ...tsc({ app: 'foo' }), maxSkew: 0 },
        ],
      });
      const outcome = runOne(
        spreadSelectorMismatch,
        clusterFrom([...workers, web]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'All 1 spreading rule(s) select its own pods (app=web)',
      );
    });
  });

  it('skips workloads without spreading rules', () => {
    expect(
      runOne(
        spreadSelectorMismatch,
        clusterFrom([...workers, deployment('web')]),
      ).status,
    ).toBe('skipped');
  });

  it('checks bare pods too (they have a pod spec)', () => {
    const bare = k8sObject('v1', 'Pod', 'lonely', {
      namespace: 'default',
      labels: { app: 'lonely' },
      spec: {
        nodeName: 'w-1',
        containers: [{ name: 'c', image: 'x' }],
        topologySpreadConstraints: [tsc({ app: 'nobody' })],
      },
      status: { phase: 'Running' },
    });
    expect(
      runOne(spreadSelectorMismatch, clusterFrom([...workers, bare])).status,
    ).toBe('fail');
  });
});
