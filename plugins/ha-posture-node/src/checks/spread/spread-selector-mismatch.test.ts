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
    expect(
      runOne(spreadSelectorMismatch, view, { workload: 'web' }).status,
    ).toBe('pass');
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
