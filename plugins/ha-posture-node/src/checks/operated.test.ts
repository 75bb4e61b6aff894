/** Operated workloads (pods a custom resource controls directly) under the workload checks. */
import {
  clusterFrom,
  endpointSlice,
  nodes,
  operatedPods,
  pdb,
  pvc,
  runCheck,
  runOne,
  service,
} from '../testing';
import { workloadsOfEntity } from '../engine/entities';
import { replicasMinFloor } from './replicas/replicas-min-floor';
import { replicasAvailable } from './replicas/replicas-available';
import { hpaHeadroom } from './replicas/hpa-headroom';
import { daemonsetCoverage } from './replicas/daemonset-coverage';
import { barePod } from './replicas/bare-pod';
import { rolloutStrategy } from './health/rollout-strategy';
import { resourceRequests } from './health/resource-requests';
import { spreadActualCapacity } from './spread/spread-actual-capacity';
import { spreadActualNodes } from './spread/spread-actual-nodes';
import { spreadActualZones } from './spread/spread-actual-zones';
import { spreadDeclared } from './spread/spread-declared';
import { spreadRequiredAntiaffinityCapacity } from './spread/spread-required-antiaffinity-capacity';
import { spreadSelectorMismatch } from './spread/spread-selector-mismatch';
import { pdbCoverage } from './disruption/pdb-coverage';
import { pdbBlocksDrain } from './disruption/pdb-blocks-drain';
import { pdbOverlap } from './disruption/pdb-overlap';
import { pdbUnhealthyPodEvictionPolicy } from './disruption/pdb-unhealthy-pod-eviction-policy';
import { storagePvcBound } from './storage/storage-pvc-bound';
import { drMultiCluster } from './dr/dr-multi-cluster';
import { networkServiceEndpoints } from './network/network-service-endpoints';

const workers = nodes('w', 3, ['eu-1a', 'eu-1b', 'eu-1c']);
const pg = (
  nodeNames: Array<string | undefined>,
  options: Parameters<typeof operatedPods>[2] = {},
) => operatedPods('pg', nodeNames, { namespace: 'shop', ...options });
const spread = {
  containers: [
    {
      name: 'postgres',
      image: 'postgresql:16',
      resources: { requests: { cpu: '100m', memory: '256Mi' } },
    },
  ],
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'cnpg.io/cluster': 'pg' } },
    },
  ],
};

describe('Operated workloads under the workload checks', () => {
  it('names the custom resource, with its group, in targets and messages', () => {
    const outcome = runOne(
      replicasMinFloor,
      clusterFrom([...workers, ...pg(['w-1'])]),
    );
    expect(outcome.target).toEqual({
      cluster: 'test',
      kind: 'Cluster',
      apiGroup: 'postgresql.cnpg.io',
      namespace: 'shop',
      name: 'pg',
    });
    expect(outcome.message).not.toContain('Operated');
  });

  it('replicas-min-floor: fails a single instance, counted from its pods, and passes three', () => {
    const one = runOne(
      replicasMinFloor,
      clusterFrom([
        ...workers,
        ...pg(['w-1'], { claims: true }),
        pvc('pg-1', { namespace: 'shop' }),
      ]),
    );
    expect(one.status).toBe('fail');
    expect(one.message).toBe(
      "Runs a single replica (1 pod of Cluster shop/pg (postgresql.cnpg.io; counted from its pods: the operator's resource is not read)): a node failure, drain or crash takes it down, and its data exists in one copy",
    );
    expect(one.remediation).toContain(
      'Raise the instance (replica) count in Cluster shop/pg (postgresql.cnpg.io) to at least 3',
    );
    expect(one.evidence).toMatchObject({ floor: 1, source: 'pods' });
    const three = runOne(
      replicasMinFloor,
      clusterFrom([...workers, ...pg(['w-1', 'w-2', 'w-3'])]),
    );
    expect(three.status).toBe('pass');
    expect(three.message).toContain(
      'Replica floor 3 (3 pods of Cluster shop/pg',
    );
  });

  it('replicas-available: counts Ready pods against the pods it runs', () => {
    const ok = runOne(
      replicasAvailable,
      clusterFrom([...workers, ...pg(['w-1', 'w-2', 'w-3'])]),
    );
    expect(ok.status).toBe('pass');
    expect(ok.message).toMatch(/^3 of 3 pods Ready/);
    const degraded = runOne(
      replicasAvailable,
      clusterFrom([
        ...workers,
        ...pg(['w-1', 'w-2', 'w-3'], { ready: [true, false, true] }),
      ]),
    );
    expect(degraded.status).toBe('warn');
    expect(degraded.evidence).toMatchObject({ available: 2, floor: 3 });
    const down = runOne(
      replicasAvailable,
      clusterFrom([...workers, ...pg(['w-1', undefined], { ready: false })]),
    );
    expect(down.status).toBe('fail');
  });

  it('spread-actual-nodes and -zones: judge where its Ready pods run', () => {
    const spreadOut = clusterFrom([...workers, ...pg(['w-1', 'w-2', 'w-3'])]);
    expect(runOne(spreadActualNodes, spreadOut).status).toBe('pass');
    expect(runOne(spreadActualZones, spreadOut).status).toBe('pass');
    const packed = clusterFrom([...workers, ...pg(['w-1', 'w-1', 'w-1'])]);
    expect(runOne(spreadActualNodes, packed).status).toBe('fail');
    expect(runOne(spreadActualZones, packed).status).toBe('fail');
  });

  it('spread-actual-capacity: judges the capacity of the nodes its Ready pods run on', () => {
    const withSpot = (spot: string[]) =>
      workers.map(w => {
        if (!spot.includes(w.metadata.name)) return w;
        const copy = structuredClone(w);
        copy.metadata.labels!['karpenter.sh/capacity-type'] = 'spot';
        return copy;
      });
    const allSpot = runOne(
      spreadActualCapacity,
      clusterFrom([...withSpot(['w-1', 'w-2']), ...pg(['w-1', 'w-2'])]),
    );
    expect(allSpot.status).toBe('warn');
    expect(allSpot.message).toMatch(/^All 2 ready replicas run on spot/);
    const mixed = runOne(
      spreadActualCapacity,
      clusterFrom([...withSpot(['w-1', 'w-2']), ...pg(['w-1', 'w-2', 'w-3'])]),
    );
    expect(mixed.status).toBe('unknown');
  });

  it('spread-declared and spread-selector-mismatch: read the pods’ spec and labels', () => {
    const declared = clusterFrom([
      ...workers,
      ...pg(['w-1', 'w-2', 'w-3'], { spec: spread }),
    ]);
    expect(runOne(spreadDeclared, declared).status).toBe('pass');
    expect(runOne(spreadSelectorMismatch, declared).status).toBe('pass');
    const none = clusterFrom([...workers, ...pg(['w-1', 'w-2', 'w-3'])]);
    expect(runOne(spreadDeclared, none).status).toBe('warn');
    const mismatched = {
      ...spread,
      topologySpreadConstraints: [
        {
          ...spread.topologySpreadConstraints[0],
          labelSelector: { matchLabels: { 'cnpg.io/cluster': 'other' } },
        },
      ],
    };
    expect(
      runOne(
        spreadSelectorMismatch,
        clusterFrom([
          ...workers,
          ...pg(['w-1', 'w-2', 'w-3'], { spec: mismatched }),
        ]),
      ).status,
    ).toBe('fail');
  });

  it('spread-required-antiaffinity-capacity: more instances than nodes under required anti-affinity fail', () => {
    const antiAffinity = (count: number) =>
      pg(
        Array.from({ length: count }, (_, i) =>
          i < 3 ? `w-${i + 1}` : undefined,
        ),
        {
          spec: {
            containers: [{ name: 'postgres', image: 'postgresql:16' }],
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  {
                    topologyKey: 'kubernetes.io/hostname',
                    labelSelector: { matchLabels: { 'cnpg.io/cluster': 'pg' } },
                  },
                ],
              },
            },
          },
        },
      );
    expect(
      runOne(
        spreadRequiredAntiaffinityCapacity,
        clusterFrom([...workers, ...antiAffinity(3)]),
      ).status,
    ).toBe('pass');
    const four = runOne(
      spreadRequiredAntiaffinityCapacity,
      clusterFrom([...workers, ...antiAffinity(4)]),
    );
    expect(four.status).toBe('fail');
    expect(four.evidence).toMatchObject({ replicas: 4 });
  });

  it('pdb-coverage, pdb-blocks-drain, pdb-overlap, pdb-unhealthy-pod-eviction-policy: PDBs selecting the pods’ common labels', () => {
    const pods = pg(['w-1', 'w-2', 'w-3']);
    const uncovered = clusterFrom([...workers, ...pods]);
    expect(runOne(pdbCoverage, uncovered).status).toBe('warn');
    const good = pdb('pg', {
      namespace: 'shop',
      selector: { 'cnpg.io/cluster': 'pg' },
      maxUnavailable: 1,
    });
    good.spec.unhealthyPodEvictionPolicy = 'AlwaysAllow';
    const covered = clusterFrom([...workers, ...pods, good]);
    expect(runOne(pdbCoverage, covered).status).toBe('pass');
    expect(runOne(pdbBlocksDrain, covered).status).toBe('pass');
    expect(runOne(pdbOverlap, covered).status).toBe('pass');
    expect(runOne(pdbUnhealthyPodEvictionPolicy, covered).status).toBe('pass');

    const blocking = pdb('pg-strict', {
      namespace: 'shop',
      selector: { 'cnpg.io/cluster': 'pg' },
      minAvailable: 3,
    });
    const blocked = clusterFrom([...workers, ...pods, good, blocking]);
    expect(runOne(pdbBlocksDrain, blocked).status).toBe('fail');
    expect(runOne(pdbOverlap, blocked).status).toBe('fail');
    expect(
      runOne(
        pdbUnhealthyPodEvictionPolicy,
        clusterFrom([...workers, ...pods, blocking]),
      ).status,
    ).toBe('warn');
  });

  it('PDBs and Services that select its pods by role count, and budgets its operator owns are left to it', () => {
    // CloudNativePG: instance pods labelled by role, a primary and a replica budget owned by the Cluster.
    const pods = pg(['w-1', 'w-2', 'w-3']);
    const role = ['primary', 'replica', 'replica'];
    pods.forEach((p, i) => {
      p.metadata.labels = {
        ...p.metadata.labels,
        'cnpg.io/instanceRole': role[i],
      };
    });
    const ownedBy = (budget: any) => {
      budget.metadata.ownerReferences = [
        {
          apiVersion: 'postgresql.cnpg.io/v1',
          kind: 'Cluster',
          name: 'pg',
          uid: pods[0].metadata.ownerReferences?.[0]?.uid,
          controller: true,
        },
      ];
      return budget;
    };
    const primary = ownedBy(
      pdb('pg-primary', {
        namespace: 'shop',
        selector: {
          'cnpg.io/cluster': 'pg',
          'cnpg.io/instanceRole': 'primary',
        },
        minAvailable: 1,
      }),
    );
    const replicas = ownedBy(
      pdb('pg', {
        namespace: 'shop',
        selector: {
          'cnpg.io/cluster': 'pg',
          'cnpg.io/instanceRole': 'replica',
        },
        minAvailable: 1,
      }),
    );
    const cluster = clusterFrom([...workers, ...pods, primary, replicas]);
    const coverage = runOne(pdbCoverage, cluster);
    expect(coverage.status).toBe('pass');
    expect(coverage.message).toContain('pg-primary');
    expect(runOne(pdbOverlap, cluster).status).toBe('pass');
    const drain = runOne(pdbBlocksDrain, cluster);
    expect(drain.status).toBe('skipped');
    expect(drain.message).toContain(
      'is managed by Cluster shop/pg (postgresql.cnpg.io), the operator of these pods',
    );

    // A budget of the user's own on the primary alone: 1 pod, minAvailable 1, no eviction.
    const userPrimary = pdb('pg-user', {
      namespace: 'shop',
      selector: { 'cnpg.io/instanceRole': 'primary' },
      minAvailable: 1,
    });
    const blocked = runOne(
      pdbBlocksDrain,
      clusterFrom([...workers, ...pods, userPrimary]),
    );
    expect(blocked.status).toBe('fail');
    expect(blocked.message).toContain('With 1 pod PodDisruptionBudget pg-user');
    // The same budget over the replicas: 2 pods, minAvailable 1 allows one eviction.
    const userReplicas = pdb('pg-user', {
      namespace: 'shop',
      selector: { 'cnpg.io/instanceRole': 'replica' },
      minAvailable: 1,
    });
    expect(
      runOne(pdbBlocksDrain, clusterFrom([...workers, ...pods, userReplicas]))
        .message,
    ).toContain('allows 1 eviction at a time with 2 pods');

    // The read-write Service selects the primary only.
    const rw = service('pg-rw', {
      namespace: 'shop',
      selector: { 'cnpg.io/cluster': 'pg', 'cnpg.io/instanceRole': 'primary' },
      ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }],
    });
    const endpoints = runOne(
      networkServiceEndpoints,
      clusterFrom([
        ...workers,
        ...pods,
        rw,
        endpointSlice(rw, [{ node: 'w-1' }]),
      ]),
    );
    expect(endpoints.status).toBe('warn');
    expect(endpoints.message).toContain(
      'Service shop/pg-rw has a single ready endpoint',
    );
  });

  it('network-service-endpoints: says an Operated workload without running pods runs none, not that it is scaled to zero', () => {
    const done = pg(['w-1'], { phase: 'Failed', ready: false });
    const svc = service('pg-rw', {
      namespace: 'shop',
      selector: { 'cnpg.io/cluster': 'pg' },
    });
    expect(
      runOne(networkServiceEndpoints, clusterFrom([...workers, ...done, svc]))
        .message,
    ).toBe(
      'Cluster shop/pg (postgresql.cnpg.io) has no running pod (its operator runs none now)',
    );
  });

  it('health and storage checks read its pods’ spec and claims', () => {
    const view = clusterFrom([
      ...workers,
      ...pg(['w-1', 'w-2'], { claims: true, spec: spread }),
      pvc('pg-1', { namespace: 'shop', volumeName: 'pv-1' }),
      pvc('pg-2', { namespace: 'shop' }),
    ]);
    expect(runOne(resourceRequests, view).status).toBe('pass');
    const bound = runOne(storagePvcBound, view);
    expect(bound.status).toBe('fail');
    expect(bound.message).toContain('pg-2');
  });

  it('leaves the checks where the operator decides to it: no result', () => {
    const view = clusterFrom([...workers, ...pg(['w-1', 'w-2', 'w-3'])]);
    for (const check of [
      hpaHeadroom,
      rolloutStrategy,
      daemonsetCoverage,
      barePod,
    ])
      expect(runCheck(check, view)).toEqual([]);
  });

  it('dr checks count its Ready pods, and entities match it by labels its pods share', () => {
    const entity = { entityRef: 'component:default/pg', kubernetesId: 'pg' };
    const region = (name: string, zone: string) => {
      const view = clusterFrom(
        [
          ...nodes(name, 2, [`${zone}a`, `${zone}b`]),
          ...pg([`${name}-1`, `${name}-2`], {
            labels: {
              'cnpg.io/cluster': 'pg',
              'backstage.io/kubernetes-id': 'pg',
            },
          }),
        ],
        { name, cluster: { region: zone } },
      );
      return view;
    };
    const views = [region('east', 'us-east-1'), region('west', 'us-west-2')];
    expect(workloadsOfEntity(entity, views).map(w => w.workload.kind)).toEqual([
      'Operated',
      'Operated',
    ]);
    const outcome = runOne(drMultiCluster, { entity, views });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('east (us-east-1, 2 available)');
  });
});
