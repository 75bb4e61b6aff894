import {
  clusterFrom,
  deployment,
  hpa,
  node,
  nodes,
  podsFor,
  runOne,
} from '../../testing';
import { spreadRequiredAntiaffinityCapacity } from './spread-required-antiaffinity-capacity';

const hostKey = 'kubernetes.io/hostname';

function withAntiAffinity(
  name: string,
  replicas: number,
  { strategy, ...extra }: any = {},
  topologyKey = hostKey,
) {
  return deployment(name, {
    replicas,
    podSpec: {
      containers: [{ name: 'app', image: 'x' }],
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { topologyKey, labelSelector: { matchLabels: { app: name } } },
          ],
        },
      },
      ...extra,
    },
    strategy,
  });
}

describe('spread-required-antiaffinity-capacity', () => {
  it('fails when replicas exceed the eligible nodes', () => {
    const web = withAntiAffinity('web', 4);
    const outcome = runOne(
      spreadRequiredAntiaffinityCapacity,
      clusterFrom([
        ...nodes('w', 3),
        web,
        ...podsFor(web, ['w-1', 'w-2', 'w-3', undefined]),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'only 3 eligible nodes: 1 can never be scheduled (1 Pending now)',
    );
  });

  it('does not count tainted, unschedulable, not-ready or non-matching nodes', () => {
    const web = withAntiAffinity('web', 3, { nodeSelector: { pool: 'app' } });
    const cluster = [
      node('a1', { labels: { pool: 'app' } }),
      node('a2', { labels: { pool: 'app' }, unschedulable: true }),
      node('a3', { labels: { pool: 'app' }, ready: false }),
      node('a4', {
        labels: { pool: 'app' },
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      }),
      node('b1', { labels: { pool: 'batch' } }),
    ];
    expect(
      runOne(spreadRequiredAntiaffinityCapacity, clusterFrom([...cluster, web]))
        .status,
    ).toBe('fail');
    const tolerant = withAntiAffinity('web', 2, {
      nodeSelector: { pool: 'app' },
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    });
    expect(
      runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([...cluster, tolerant]),
      ).status,
    ).toBe('pass');
  });

  it('honours required node affinity', () => {
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                {
                  key: 'topology.kubernetes.io/zone',
                  operator: 'In',
                  values: ['a'],
                },
              ],
            },
          ],
        },
      },
    };
    const web = withAntiAffinity('web', 3);
    web.spec.template.spec.affinity = {
      ...web.spec.template.spec.affinity,
      ...affinity,
    };
    expect(
      runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([...nodes('w', 6, ['a', 'b', 'c']), web]),
      ).status,
    ).toBe('fail');
  });

  it('counts zones for zone-level anti-affinity', () => {
    const web = withAntiAffinity('web', 4, {}, 'topology.kubernetes.io/zone');
    const outcome = runOne(
      spreadRequiredAntiaffinityCapacity,
      clusterFrom([...nodes('w', 6, ['a', 'b', 'c']), web]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('only 3 eligible zones');
  });

  describe('eligible nodes without the topology key (the scheduler does not constrain them)', () => {
    const zoneKey = 'topology.kubernetes.io/zone';

    it('warns, not fails, when no eligible node carries the key: the pods all run', () => {
      const web = withAntiAffinity('web', 3, {}, zoneKey);
      const outcome = runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([
          ...nodes('w', 3),
          web,
          ...podsFor(web, ['w-1', 'w-2', 'w-3']),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'none of its 3 eligible nodes (w-1, w-2, w-3) carries the label topology.kubernetes.io/zone',
      );
      expect(outcome.message).toContain('it keeps no replicas apart');
      expect(outcome.message).not.toContain('can never be scheduled');
    });

    it('warns when some eligible nodes lack it, naming them', () => {
      const web = withAntiAffinity('web', 3, {}, zoneKey);
      const outcome = runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([...nodes('w', 1, ['a']), ...nodes('u', 2), web]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        '2 of its 3 eligible nodes (u-1, u-2) lack the label topology.kubernetes.io/zone (the others form 1 eligible zone)',
      );
      expect(outcome.evidence?.eligibleNodesWithoutKey).toBe(2);
    });

    it('ignores unlabelled nodes the pods may not use: the capacity still fails', () => {
      const web = withAntiAffinity('web', 4, {}, zoneKey);
      const outcome = runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([
          ...nodes('w', 3, ['a', 'b', 'c']),
          node('u-1', { unschedulable: true }),
          node('u-2', {
            taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
          }),
          web,
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('only 3 eligible zones');
    });

    it('still fails on another rule the nodes do carry', () => {
      const web = withAntiAffinity('web', 4, {}, zoneKey);
      web.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.push(
        {
          topologyKey: hostKey,
          labelSelector: { matchLabels: { app: 'web' } },
        },
      );
      const outcome = runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([...nodes('w', 3), web]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'kubernetes.io/hostname but only 3 eligible nodes',
      );
    });
  });

  it('is unknown when the rollout budget it needs is invalid', () => {
    const web = withAntiAffinity('web', 3, {
      strategy: { rollingUpdate: { maxUnavailable: 'abc%' } },
    });
    const outcome = runOne(
      spreadRequiredAntiaffinityCapacity,
      clusterFrom([...nodes('w', 3), web]),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      'spec.strategy.rollingUpdate.maxUnavailable "abc%" is not valid',
    );
  });

  it('warns when a rollout with maxUnavailable 0 has no spare node', () => {
    const web = withAntiAffinity('web', 3, {
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
    });
    const outcome = runOne(
      spreadRequiredAntiaffinityCapacity,
      clusterFrom([...nodes('w', 3), web]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('every rollout stalls');
    // The default 25% of 3 rounds down to 0 as well.
    expect(
      runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([...nodes('w', 3), withAntiAffinity('web', 3)]),
      ).status,
    ).toBe('warn');
    // maxUnavailable 1 rolls by deleting first.
    const safe = withAntiAffinity('web', 3, {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    });
    expect(
      runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([...nodes('w', 3), safe]),
      ).status,
    ).toBe('pass');
  });

  it('warns when the HPA may scale beyond the eligible nodes', () => {
    const web = withAntiAffinity('web', 2);
    const outcome = runOne(
      spreadRequiredAntiaffinityCapacity,
      clusterFrom([...nodes('w', 4), web, hpa(web, 2, 10)]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('may scale to 10');
  });

  it('skips workloads without required self anti-affinity and manifests scans', () => {
    expect(
      runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([...nodes('w', 2), deployment('web', { replicas: 3 })]),
      ).status,
    ).toBe('skipped');
    expect(
      runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([withAntiAffinity('web', 3)]),
      ).status,
    ).toBe('skipped');
  });
});
