import { K8sObject } from '../../model/snapshot';
import {
  clusterFrom,
  daemonSet,
  deployment,
  eksFargateOnly,
  k8sObject,
  mirrorPod,
  node,
  pod,
  podsFor,
  pv,
  pvc,
  runOne,
  statefulSet,
} from '../../testing';
import { nodesFailureHeadroom } from './nodes-failure-headroom';

const WORKER = { cpu: '4', memory: '16Gi', pods: '110' };

/** Workers named `<zone>-<i>` with 4 CPU and 16 GiB each. */
function workers(perZone: Record<string, number>, options = {}): K8sObject[] {
  return Object.entries(perZone).flatMap(([zone, count]) =>
    Array.from({ length: count }, (_, i) =>
      node(`${zone}-${i + 1}`, { zone, allocatable: WORKER, ...options }),
    ),
  );
}

/** A Deployment whose pods each request `cpu` and 1 GiB, one pod per listed node. */
function app(
  name: string,
  cpu: string,
  nodeNames: string[],
  podSpec: any = {},
) {
  const d = deployment(name, {
    replicas: nodeNames.length,
    podSpec: {
      containers: [
        {
          name: 'app',
          image: `${name}:1`,
          resources: { requests: { cpu, memory: '1Gi' } },
        },
      ],
      ...podSpec,
    },
  });
  return [d, ...podsFor(d, nodeNames)];
}

const clusterAutoscaler = (
  ready = 1,
  options: { name?: string; namespace?: string; flags?: string[] } = {},
) =>
  deployment(options.name ?? 'cluster-autoscaler', {
    namespace: options.namespace ?? 'kube-system',
    replicas: 1,
    available: ready,
    podSpec: {
      containers: [
        {
          name: 'cluster-autoscaler',
          image: 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0',
          command: [
            './cluster-autoscaler',
            '--balance-similar-node-groups',
            ...(options.flags ?? []),
          ],
        },
      ],
    },
  });

/** OpenShift's operator-made autoscaler: its command names it, its args place the report. */
const openShiftAutoscaler = () =>
  deployment('cluster-autoscaler-default', {
    namespace: 'openshift-machine-api',
    replicas: 1,
    podSpec: {
      containers: [
        {
          name: 'cluster-autoscaler',
          image: 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:0123',
          command: ['cluster-autoscaler'],
          args: [
            '--logtostderr',
            '--cloud-provider=clusterapi',
            '--namespace=openshift-machine-api',
          ],
        },
      ],
    },
  });

const nodePool = (name: string, limits?: any, resources?: any) =>
  k8sObject('karpenter.sh/v1', 'NodePool', name, {
    spec: { template: { spec: {} }, ...(limits ? { limits } : {}) },
    status: resources ? { resources } : {},
  });

/** Two workers of one zone, each running a 3-CPU pod: neither can take the other's. */
const tightPair = () => [
  ...workers({ a: 2 }),
  ...app('api', '3', ['a-1', 'a-2']),
];

/** The tight pair on a managed cloud: nodes labelled as GKE's or AKS's. */
const onCloud = (flavor: 'gke' | 'aks') =>
  tightPair().map(o =>
    o.kind === 'Node'
      ? {
          ...o,
          metadata: {
            ...o.metadata,
            labels: {
              ...o.metadata.labels,
              ...(flavor === 'gke'
                ? { 'cloud.google.com/gke-nodepool': 'pool-1' }
                : { 'kubernetes.azure.com/agentpool': 'pool1' }),
            },
          },
        }
      : o,
  );

/** kube-system/cluster-autoscaler-status with a YAML report of node groups `[name, target, max, scaleUp]`. */
function caStatus(
  groups: [string, number, number, string?][],
  options: {
    time?: string;
    state?: string;
    health?: string;
    namespace?: string;
    name?: string;
  } = {},
): K8sObject {
  const report = [
    `time: "${options.time ?? '2024-06-01 11:59:30.123456789 +0000 UTC'}"`,
    `autoscalerStatus: "${options.state ?? 'Running'}"`,
    'clusterWide:',
    `  health: {status: "${options.health ?? 'Healthy'}"}`,
    'nodeGroups:',
    ...groups.flatMap(([name, target, max, scaleUp]) => [
      `  - name: "${name}"`,
      `    health: {status: "Healthy", cloudProviderTarget: ${target}, minSize: 1, maxSize: ${max}}`,
      `    scaleUp: {status: "${scaleUp ?? 'NoActivity'}"}`,
    ]),
  ].join('\n');
  return k8sObject(
    'v1',
    'ConfigMap',
    options.name ?? 'cluster-autoscaler-status',
    {
      namespace: options.namespace ?? 'kube-system',
      fields: { data: { status: report } },
    },
  );
}

describe('nodes-failure-headroom', () => {
  it('passes when the other nodes and zones have room', () => {
    const objects = [
      ...workers({ a: 2, b: 2, c: 2 }),
      ...app('web', '1', ['a-1', 'a-2', 'b-1', 'b-2', 'c-1', 'c-2']),
    ];
    const outcome = runOne(nodesFailureHeadroom, clusterFrom(objects));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toMatch(
      /^The nodes left have room for the pods recreated from any one node \(heaviest: .-., 1 pod requesting 1 CPU, 1 GiB\) or from any one zone \(heaviest: ., 2 pods requesting 2 CPU, 2 GiB\)$/,
    );
  });

  it('fails when a lost node leaves pods without room and nothing adds nodes', () => {
    const outcome = runOne(nodesFailureHeadroom, clusterFrom(tightPair()));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^Losing node a-. leaves its one recreated pod without a node \(3 CPU, 1 GiB requested; the nodes left have 1 CPU, 15 GiB free in all\): default\/api-.* would stay Pending and no node autoscaler was found to add nodes$/,
    );
    expect(outcome.evidence).toMatchObject({
      worstNode: { displacedPods: 1, unplacedCount: 1, pinnedPods: 0 },
      autoscalers: [],
    });
  });

  it('warns instead when a running cluster-autoscaler can add nodes', () => {
    const outcome = runOne(
      nodesFailureHeadroom,
      clusterFrom([...tightPair(), clusterAutoscaler()]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'until cluster-autoscaler kube-system/cluster-autoscaler adds nodes',
    );
    // Scaled to zero, it adds nothing.
    expect(
      runOne(
        nodesFailureHeadroom,
        clusterFrom([...tightPair(), clusterAutoscaler(0)]),
      ).status,
    ).toBe('fail');
  });

  it('counts no room from a cluster-autoscaler at its --max-nodes-total', () => {
    const atLimit = runOne(
      nodesFailureHeadroom,
      clusterFrom([
        ...tightPair(),
        clusterAutoscaler(1, { flags: ['--max-nodes-total=2'] }),
      ]),
    );
    expect(atLimit.status).toBe('fail');
    expect(atLimit.message).toContain(
      'cluster-autoscaler kube-system/cluster-autoscaler runs with --max-nodes-total=2 and the cluster has 2 nodes',
    );
    expect(
      runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          clusterAutoscaler(1, { flags: ['--max-nodes-total=3'] }),
        ]),
      ).status,
    ).toBe('warn');
  });

  it('reads Karpenter NodePools, and fails when all are at their limits', () => {
    const open = runOne(
      nodesFailureHeadroom,
      clusterFrom([
        ...tightPair(),
        nodePool('default', { cpu: '100' }, { cpu: '8' }),
      ]),
    );
    expect(open.status).toBe('warn');
    expect(open.message).toContain(
      'until Karpenter NodePool default adds nodes',
    );
    const full = runOne(
      nodesFailureHeadroom,
      clusterFrom([
        ...tightPair(),
        nodePool('default', { cpu: '8' }, { cpu: '8' }),
      ]),
    );
    expect(full.status).toBe('fail');
    expect(full.message).toContain(
      'no node can be added: Karpenter NodePools default (cpu limit 8 used up)',
    );
  });

  it('warns on GKE, whose hosted autoscaler is out of sight', () => {
    const gke = tightPair().map(o =>
      o.kind === 'Node'
        ? {
            ...o,
            metadata: {
              ...o.metadata,
              labels: {
                ...o.metadata.labels,
                'cloud.google.com/gke-nodepool': 'pool-1',
              },
            },
            spec: { ...o.spec, providerID: `gce://p/a/${o.metadata.name}` },
          }
        : o,
    );
    const outcome = runOne(nodesFailureHeadroom, clusterFrom(gke));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      "GKE's cluster autoscaler runs in the control plane",
    );
  });

  describe("cluster-autoscaler's status report (kube-system/cluster-autoscaler-status)", () => {
    it('fails when every node group is at its maximum or in backoff, although the autoscaler runs', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          clusterAutoscaler(),
          caStatus([
            ['pool-a', 3, 3],
            ['pool-b', 1, 5, 'Backoff'],
          ]),
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'and no node can be added: cluster-autoscaler reports no node group that can grow: ' +
          'pool-a (at its maximum of 3), pool-b (in scale-up backoff)',
      );
      expect(outcome.evidence).toMatchObject({
        autoscalers: [],
        autoscalersBlocked: [
          'pool-a (at its maximum of 3)',
          'pool-b (in scale-up backoff)',
        ],
      });
    });

    it('fails when its cluster-wide health is Unhealthy', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          clusterAutoscaler(),
          caStatus([['pool-a', 1, 5]], { health: 'Unhealthy' }),
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.evidence).toMatchObject({
        autoscalersBlocked: [
          'cluster-wide health Unhealthy (it does not scale up)',
        ],
      });
    });

    it('warns when a node group can still grow', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          clusterAutoscaler(),
          caStatus([
            ['pool-a', 3, 3],
            ['pool-b', 2, 5],
          ]),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'until cluster-autoscaler kube-system/cluster-autoscaler adds nodes',
      );
      expect(outcome.evidence).not.toHaveProperty('autoscalersBlocked');
    });

    it("sees AKS's hosted autoscaler through its report: fails at the maximums, warns while a group can grow", () => {
      const full = runOne(
        nodesFailureHeadroom,
        clusterFrom([...onCloud('aks'), caStatus([['aks-pool1', 2, 2]])]),
      );
      expect(full.status).toBe('fail');
      expect(full.message).toContain(
        'cluster-autoscaler reports no node group that can grow: aks-pool1 (at its maximum of 2)',
      );
      const open = runOne(
        nodesFailureHeadroom,
        clusterFrom([...onCloud('aks'), caStatus([['aks-pool1', 2, 4]])]),
      );
      expect(open.status).toBe('warn');
      expect(open.message).toContain(
        'until cluster-autoscaler (kube-system/cluster-autoscaler-status: node groups aks-pool1 can grow) adds nodes',
      );
      // A self-hosted autoscaler scaled to zero adds nothing, whatever its last report said.
      expect(
        runOne(
          nodesFailureHeadroom,
          clusterFrom([
            ...tightPair(),
            clusterAutoscaler(0),
            caStatus([['pool-a', 2, 4]]),
          ]),
        ).status,
      ).toBe('fail');
    });

    it('only warns on GKE with every group at its maximum: node auto-provisioning may add pools', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([...onCloud('gke'), caStatus([['pool-1', 2, 2]])]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        "unless the cluster adds nodes: GKE's node auto-provisioning may create node pools the cluster " +
          'autoscaler does not report; cluster-autoscaler reports no node group that can grow: pool-1 (at its maximum of 2)',
      );
    });

    it('falls back to the Deployment when the report is stale, initializing or malformed, and says why', () => {
      const stale = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          clusterAutoscaler(),
          caStatus([['pool-a', 3, 3]], {
            time: '2024-06-01 11:45:00 +0000 UTC',
          }),
        ]),
      );
      expect(stale.status).toBe('warn');
      expect(stale.message).toContain(
        "(cluster-autoscaler's status report not used: kube-system/cluster-autoscaler-status: the report is stale " +
          '(written 15 min before the snapshot; the autoscaler may have stopped))',
      );
      expect(stale.evidence).toMatchObject({
        autoscalers: ['cluster-autoscaler kube-system/cluster-autoscaler'],
        autoscalerStatusNotUsed: expect.stringContaining('stale'),
      });
      const initializing = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          clusterAutoscaler(),
          caStatus([['pool-a', 3, 3]], { state: 'Initializing' }),
        ]),
      );
      expect(initializing.status).toBe('warn');
      expect(initializing.evidence).toMatchObject({
        autoscalerStatusNotUsed:
          'kube-system/cluster-autoscaler-status: the autoscaler is still initializing',
      });
      const malformed = caStatus([]);
      malformed.data = { status: 'nodeGroups: [' };
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([...tightPair(), malformed]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toMatch(
        /and no node autoscaler was found to add nodes \(cluster-autoscaler's status report not used: kube-system\/cluster-autoscaler-status is malformed: not valid YAML/,
      );
    });

    it('tells an unreadable report from an absent one', () => {
      const forbidden = runOne(
        nodesFailureHeadroom,
        clusterFrom([...tightPair(), clusterAutoscaler()], {
          fetch: {
            configmaps: {
              status: 'ok',
              objects: {
                'kubeadm-config': { status: 'ok' },
                'cluster-autoscaler-status': {
                  status: 'forbidden',
                  message: 'configmaps is forbidden',
                },
              },
            },
          },
        }),
      );
      expect(forbidden.status).toBe('warn');
      expect(forbidden.evidence).toMatchObject({
        autoscalerStatusNotUsed:
          'kube-system/cluster-autoscaler-status could not be read (forbidden: configmaps is forbidden)',
      });
      const absent = runOne(
        nodesFailureHeadroom,
        clusterFrom([...tightPair(), clusterAutoscaler()]),
      );
      expect(absent.status).toBe('warn');
      expect(absent.evidence).toMatchObject({
        autoscalerStatusNotUsed:
          'cluster-autoscaler kube-system/cluster-autoscaler runs, but its report kube-system/cluster-autoscaler-status was not found',
      });
      // Scaled to zero, it writes nothing and adds nothing: no report is expected of it.
      const stopped = runOne(
        nodesFailureHeadroom,
        clusterFrom([...tightPair(), clusterAutoscaler(0)]),
      );
      expect(stopped.status).toBe('fail');
      expect(stopped.evidence).not.toHaveProperty('autoscalerStatusNotUsed');
    });
  });

  describe('each cluster-autoscaler judged by the report its flags place', () => {
    it("fails with OpenShift's cluster-autoscaler-default when every group in its report (openshift-machine-api) is at its maximum", () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          openShiftAutoscaler(),
          caStatus([['openshift-machine-api/worker-a', 2, 2]], {
            namespace: 'openshift-machine-api',
          }),
          // A leftover in kube-system is no report of this autoscaler.
          caStatus([['old-pool', 1, 5]]),
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'and no node can be added: cluster-autoscaler reports no node group that can grow: ' +
          'openshift-machine-api/worker-a (at its maximum of 2)',
      );
      expect(outcome.evidence).toMatchObject({
        autoscalers: [],
        autoscalersBlocked: [
          'openshift-machine-api/worker-a (at its maximum of 2)',
        ],
      });
      expect(outcome.evidence).not.toHaveProperty('autoscalerStatusNotUsed');
    });

    it('reads a Helm install in its own namespace, under a custom report name too', () => {
      const helm = (flags: string[]) =>
        clusterAutoscaler(1, { namespace: 'autoscaling', flags });
      const full = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          helm(['--namespace=autoscaling']),
          caStatus([['pool-a', 3, 3]], { namespace: 'autoscaling' }),
        ]),
      );
      expect(full.status).toBe('fail');
      expect(full.evidence).toMatchObject({
        autoscalersBlocked: ['pool-a (at its maximum of 3)'],
      });
      const open = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          helm(['--namespace', 'autoscaling', '--status-config-map-name=ca']),
          caStatus([['pool-a', 3, 3]], { namespace: 'autoscaling' }),
          caStatus([['pool-a', 3, 5]], {
            namespace: 'autoscaling',
            name: 'ca',
          }),
        ]),
      );
      expect(open.status).toBe('warn');
      expect(open.message).toContain(
        'until cluster-autoscaler autoscaling/cluster-autoscaler adds nodes',
      );
    });

    it('keeps the fallback, saying why, for an autoscaler that writes no report', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          clusterAutoscaler(1, { flags: ['--write-status-configmap=false'] }),
          // Its last report, from before the flag: not read.
          caStatus([['pool-a', 3, 3]]),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        "until cluster-autoscaler kube-system/cluster-autoscaler adds nodes (minutes, if its maximums, quotas and the cloud's capacity allow) " +
          "(cluster-autoscaler's status report not used: cluster-autoscaler kube-system/cluster-autoscaler writes no status report to read " +
          '(it runs with --write-status-configmap=false))',
      );
      expect(outcome.evidence).not.toHaveProperty('autoscalersBlocked');
    });

    it('keeps the fallback, saying why, when the report in another namespace could not be read', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([...tightPair(), openShiftAutoscaler()], {
          fetch: {
            configmaps: {
              status: 'ok',
              objects: {
                'kubeadm-config': { status: 'ok' },
                'cluster-autoscaler-status': { status: 'ok' },
                'openshift-machine-api/cluster-autoscaler-status': {
                  status: 'forbidden',
                  message:
                    'configmaps "cluster-autoscaler-status" is forbidden',
                },
              },
            },
          },
        }),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.evidence).toMatchObject({
        autoscalers: [
          'cluster-autoscaler openshift-machine-api/cluster-autoscaler-default',
        ],
        autoscalerStatusNotUsed:
          'openshift-machine-api/cluster-autoscaler-status could not be read (forbidden: configmaps "cluster-autoscaler-status" is forbidden)',
      });
    });

    it('judges each of several autoscalers by its own report', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...tightPair(),
          clusterAutoscaler(1, { namespace: 'a', flags: ['--namespace=a'] }),
          clusterAutoscaler(1, { namespace: 'b', flags: ['--namespace=b'] }),
          caStatus([['pool-a', 3, 3]], { namespace: 'a' }),
          caStatus([['pool-b', 3, 5]], { namespace: 'b' }),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.evidence).toMatchObject({
        autoscalers: ['cluster-autoscaler b/cluster-autoscaler'],
        autoscalersBlocked: ['pool-a (at its maximum of 3)'],
      });
    });

    it("reads only kube-system's report without a Deployment (AKS): one elsewhere belongs to no autoscaler seen", () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...onCloud('aks'),
          caStatus([['aks-pool1', 2, 2]]),
          caStatus([['other', 1, 5]], { namespace: 'autoscaling' }),
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.evidence).toMatchObject({
        autoscalersBlocked: ['aks-pool1 (at its maximum of 2)'],
      });
    });
  });

  it('warns when a lost zone leaves pods without room, or fails if so configured', () => {
    const objects = [
      ...workers({ a: 3, b: 1 }),
      ...app('web', '2', ['a-1', 'a-2', 'a-3', 'b-1']),
    ];
    const outcome = runOne(nodesFailureHeadroom, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toMatch(
      /^Losing zone a leaves 2 of its 3 recreated pods without a node \(4 CPU, 2 GiB requested; the nodes left have 2 CPU, 15 GiB free in all\): /,
    );
    expect(
      runOne(nodesFailureHeadroom, clusterFrom(objects), {
        params: { zoneLossStatus: 'fail' },
      }).status,
    ).toBe('fail');
  });

  describe('a zone loss, softened only by autoscalers that can add nodes outside the zone', () => {
    const UUID = '4ec6b5d2-1f0e-4a7b-9c3d-2e1f0a9b8c7d';
    const eksGroup = (zone: string) => `eks-ng-${zone}-${UUID}`;
    const FAIL_ZONES = { params: { zoneLossStatus: 'fail' } };
    /** The check's outcome with zone losses failing, as the tests below want them judged. */
    const judgeZoneLoss = (objects: K8sObject[]) =>
      runOne(nodesFailureHeadroom, clusterFrom(objects), FAIL_ZONES);
    /** Nodes labelled as EKS managed node group ng-<zone>. */
    const inNodeGroups = (objects: K8sObject[]) =>
      objects.map(o =>
        o.kind === 'Node'
          ? {
              ...o,
              metadata: {
                ...o.metadata,
                labels: {
                  ...o.metadata.labels,
                  'eks.amazonaws.com/nodegroup': `ng-${o.metadata.labels?.['topology.kubernetes.io/zone']}`,
                },
              },
            }
          : o,
      );
    /** Losing zone a leaves 2 of web's pods without a node; losing any one node leaves none. */
    const zoneHeavy = () =>
      inNodeGroups([
        ...workers({ a: 3, b: 1 }),
        ...app('web', '2', ['a-1', 'a-2', 'a-3', 'b-1']),
      ]);

    it('stays failed when the only node group that can grow is in the lost zone, and says so', () => {
      const objects = [
        ...zoneHeavy(),
        clusterAutoscaler(),
        caStatus([
          [eksGroup('a'), 3, 6],
          [eksGroup('b'), 1, 1],
        ]),
      ];
      const outcome = judgeZoneLoss(objects);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toMatch(
        /^Losing zone a leaves 2 of its 3 recreated pods without a node .* would stay Pending and no node can be added outside zone a: the autoscaler can grow only node groups in a \(cluster-autoscaler kube-system\/cluster-autoscaler: eks-ng-a-4ec6b5d2-[0-9a-f-]+\)$/,
      );
      expect(outcome.evidence).toMatchObject({
        autoscalers: ['cluster-autoscaler kube-system/cluster-autoscaler'],
        autoscalersOnlyInLostZone: [
          {
            zone: 'a',
            autoscalers: [
              `cluster-autoscaler kube-system/cluster-autoscaler: ${eksGroup(
                'a',
              )}`,
            ],
          },
        ],
      });
      // With the default zoneLossStatus it warns, and still says why nothing helps.
      const byDefault = runOne(nodesFailureHeadroom, clusterFrom(objects));
      expect(byDefault.status).toBe('warn');
      expect(byDefault.message).toContain(
        'no node can be added outside zone a: the autoscaler can grow only node groups in a',
      );
    });

    it('is softened to a warning when a node group in another zone can grow', () => {
      const outcome = judgeZoneLoss([
        ...zoneHeavy(),
        clusterAutoscaler(),
        caStatus([
          [eksGroup('a'), 3, 3],
          [eksGroup('b'), 1, 4],
        ]),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'until cluster-autoscaler kube-system/cluster-autoscaler adds nodes',
      );
      expect(outcome.evidence).not.toHaveProperty('autoscalersOnlyInLostZone');
    });

    it('is softened when the zones of a node group that can grow cannot be told', () => {
      for (const group of ['workers-asg', `eks-ng-gone-${UUID}`]) {
        const outcome = judgeZoneLoss([
          ...zoneHeavy(),
          clusterAutoscaler(),
          caStatus([
            [eksGroup('a'), 3, 6],
            [group, 1, 4],
          ]),
        ]);
        expect(outcome.status).toBe('warn');
        expect(outcome.evidence).not.toHaveProperty(
          'autoscalersOnlyInLostZone',
        );
      }
      // Without its report, where the running autoscaler grows is unknown too.
      expect(judgeZoneLoss([...zoneHeavy(), clusterAutoscaler()]).status).toBe(
        'warn',
      );
    });

    it('is not softened by a Karpenter NodePool restricted to the lost zone', () => {
      const zonalPool = (name: string, operator: string, zones: string[]) => {
        const pool = nodePool(name, { cpu: '100' }, { cpu: '16' });
        pool.spec.template.spec.requirements = [
          {
            key: 'karpenter.sh/capacity-type',
            operator: 'In',
            values: ['on-demand'],
          },
          { key: 'topology.kubernetes.io/zone', operator, values: zones },
        ];
        return pool;
      };
      const objects = [
        ...workers({ a: 3, b: 1 }),
        ...app('web', '2', ['a-1', 'a-2', 'a-3', 'b-1']),
      ];
      const onlyA = judgeZoneLoss([
        ...objects,
        zonalPool('zonal-a', 'In', ['a']),
      ]);
      expect(onlyA.status).toBe('fail');
      expect(onlyA.message).toContain(
        'no node can be added outside zone a: the autoscaler can grow only node groups in a (Karpenter NodePool zonal-a)',
      );
      // Excluding b, or every zone but a, is the same restriction.
      expect(
        judgeZoneLoss([
          ...objects,
          zonalPool('zonal-a', 'In', ['a', 'b']),
          zonalPool('not-b', 'NotIn', ['b']),
        ]).status,
      ).toBe('warn');
      expect(
        judgeZoneLoss([
          ...objects,
          zonalPool('zonal-a', 'In', ['a']),
          zonalPool('not-a', 'NotIn', ['a']),
        ]).status,
      ).toBe('warn');
      expect(
        judgeZoneLoss([...objects, nodePool('anywhere', { cpu: '100' })])
          .status,
      ).toBe('warn');
    });

    it("reads AKS's hosted report: a pool that can grow only in the lost zone does not soften", () => {
      const inPools = (objects: K8sObject[]) =>
        objects.map(o =>
          o.kind === 'Node'
            ? {
                ...o,
                metadata: {
                  ...o.metadata,
                  labels: {
                    ...o.metadata.labels,
                    'kubernetes.azure.com/agentpool': `pool${
                      o.metadata.labels?.['topology.kubernetes.io/zone'] ===
                      'westeurope-1'
                        ? 1
                        : 2
                    }`,
                  },
                },
              }
            : o,
        );
      const objects = inPools([
        ...workers({ 'westeurope-1': 3, 'westeurope-2': 1 }),
        ...app('web', '2', [
          'westeurope-1-1',
          'westeurope-1-2',
          'westeurope-1-3',
          'westeurope-2-1',
        ]),
      ]);
      const onlyLost = judgeZoneLoss([
        ...objects,
        caStatus([
          ['aks-pool1-12345678-vmss', 3, 6],
          ['aks-pool2-12345678-vmss', 1, 1],
        ]),
      ]);
      expect(onlyLost.status).toBe('fail');
      expect(onlyLost.message).toContain(
        'no node can be added outside zone westeurope-1: the autoscaler can grow only node groups in westeurope-1 (cluster-autoscaler (kube-system/cluster-autoscaler-status: node groups aks-pool1-12345678-vmss can grow))',
      );
      expect(
        judgeZoneLoss([
          ...objects,
          caStatus([
            ['aks-pool1-12345678-vmss', 3, 6],
            ['aks-pool2-12345678-vmss', 1, 3],
          ]),
        ]).status,
      ).toBe('warn');
    });

    it('fails for the zone while the node loss is softened, when only the lost zone can grow', () => {
      // Each worker runs a 3-CPU pod: a lost node's pod fits nowhere, zone a's two neither.
      const objects = [
        ...inNodeGroups([
          ...workers({ a: 2, b: 1 }),
          ...app('api', '3', ['a-1', 'a-2', 'b-1']),
        ]),
        clusterAutoscaler(),
        caStatus([
          [eksGroup('a'), 2, 6],
          [eksGroup('b'), 1, 1],
        ]),
      ];
      const outcome = judgeZoneLoss(objects);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toMatch(
        /^Losing node .* until cluster-autoscaler kube-system\/cluster-autoscaler adds nodes .*; losing zone a leaves 2 pods without a node, and the autoscaler can grow only node groups in a \(/,
      );
      // The node loss alone stays softened.
      expect(runOne(nodesFailureHeadroom, clusterFrom(objects)).status).toBe(
        'warn',
      );
    });

    it('keeps softening on GKE: node auto-provisioning may add pools in other zones, which no report lists', () => {
      const gke = [
        ...workers({ a: 3, b: 1 }),
        ...app('web', '2', ['a-1', 'a-2', 'a-3', 'b-1']),
      ].map(o =>
        o.kind === 'Node'
          ? {
              ...o,
              metadata: {
                ...o.metadata,
                labels: {
                  ...o.metadata.labels,
                  'cloud.google.com/gke-nodepool': 'pool-1',
                },
              },
              spec: { ...o.spec, providerID: `gce://p/a/${o.metadata.name}` },
            }
          : o,
      );
      const outcome = judgeZoneLoss([
        ...gke,
        caStatus([
          [
            'https://www.googleapis.com/compute/v1/projects/p/zones/a/instanceGroups/gke-c-pool-1-grp',
            3,
            6,
          ],
        ]),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.evidence).not.toHaveProperty('autoscalersOnlyInLostZone');
    });
  });

  it('leaves DaemonSet, mirror and bare pods where they are, but counts what they request', () => {
    const ds = daemonSet('agent', {
      podSpec: {
        containers: [
          { name: 'a', image: 'a', resources: { requests: { cpu: '2' } } },
        ],
      },
    });
    const objects = [
      ...workers({ a: 2 }),
      ds,
      ...podsFor(ds, ['a-1', 'a-2']),
      pod('debug', {
        node: 'a-1',
        spec: {
          containers: [
            { name: 'd', image: 'd', resources: { requests: { cpu: '1' } } },
          ],
        },
      }),
      mirrorPod('etcd-a-1', 'kube-system', 'a-1', { component: 'etcd' }),
      ...app('web', '1.5', ['a-1']),
    ];
    // a-2 has 4 - 2 (agent) = 2 CPU free: room for web's 1.5 CPU, the bare pod is not recreated.
    expect(runOne(nodesFailureHeadroom, clusterFrom(objects)).status).toBe(
      'pass',
    );
    // With a 3-CPU agent, a-2 keeps 1 CPU free: no room for web.
    const heavy = objects.map(o =>
      o.kind === 'DaemonSet' ||
      o.metadata.ownerReferences?.[0]?.kind === 'DaemonSet'
        ? JSON.parse(JSON.stringify(o).replace('"cpu":"2"', '"cpu":"3"'))
        : o,
    );
    expect(runOne(nodesFailureHeadroom, clusterFrom(heavy)).status).toBe(
      'fail',
    );
  });

  it('does not count pods that cannot move anyway: pinned to the lost node by selection or by a local volume', () => {
    const pinned = app('pinned', '3', ['a-1'], {
      nodeSelector: { 'kubernetes.io/hostname': 'a-1' },
    });
    const sts = statefulSet('db', {
      replicas: 1,
      podSpec: {
        containers: [
          { name: 'db', image: 'db', resources: { requests: { cpu: '3' } } },
        ],
      },
      volumeClaimTemplates: [{ name: 'data', storageClassName: 'local' }],
    });
    const localPv = pv('local-db', { local: '/mnt/disks/db', hostname: 'a-2' });
    const objects = [
      ...workers({ a: 2 }),
      ...pinned,
      sts,
      ...podsFor(sts, ['a-2']),
      localPv,
      pvc('data-db-0', {
        volumeName: 'local-db',
        storageClass: 'local',
      } as any),
    ];
    const outcome = runOne(nodesFailureHeadroom, clusterFrom(objects));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({ worstNode: { pinnedPods: 1 } });
  });

  it('keeps recreated pods off nodes whose taints they do not tolerate', () => {
    const objects = [
      ...workers({ a: 1 }),
      node('gpu-1', {
        zone: 'a',
        allocatable: WORKER,
        taints: [{ key: 'gpu', effect: 'NoSchedule' }],
      }),
      ...app('web', '1', ['a-1']),
    ];
    const outcome = runOne(nodesFailureHeadroom, clusterFrom(objects));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'the nodes left have 4 CPU, 16 GiB free in all, but not on nodes those pods may use',
    );
    const tolerating = [
      ...workers({ a: 1 }),
      node('gpu-1', {
        zone: 'a',
        allocatable: WORKER,
        taints: [{ key: 'gpu', effect: 'NoSchedule' }],
      }),
      ...app('web', '1', ['a-1'], {
        tolerations: [{ key: 'gpu', operator: 'Exists' }],
      }),
    ];
    expect(runOne(nodesFailureHeadroom, clusterFrom(tolerating)).status).toBe(
      'pass',
    );
  });

  it('is unknown when a node reports no allocatable capacity, or a request is no quantity', () => {
    const bare = runOne(
      nodesFailureHeadroom,
      clusterFrom([
        node('a-1'),
        ...workers({ b: 1 }),
        ...app('web', '1', ['b-1']),
      ]),
    );
    expect(bare.status).toBe('unknown');
    expect(bare.message).toBe(
      'Free capacity cannot be computed: node a-1 reports no allocatable CPU and memory (status.allocatable)',
    );
    // The file scan's shape check refuses bad container requests; a bad overhead gets here.
    const broken = runOne(
      nodesFailureHeadroom,
      clusterFrom([
        ...workers({ a: 2 }),
        ...app('web', '1', ['a-1'], { overhead: { cpu: 'lots' } }),
      ]),
    );
    expect(broken.status).toBe('unknown');
    expect(broken.message).toContain(
      'has a resource request that is no quantity',
    );
  });

  it('skips clusters without shared workers to take over', () => {
    expect(
      runOne(nodesFailureHeadroom, clusterFrom(eksFargateOnly())).status,
    ).toBe('skipped');
    const single = runOne(
      nodesFailureHeadroom,
      clusterFrom([
        node('server', {
          roles: ['control-plane'],
          taints: [],
          allocatable: WORKER,
        }),
        node('tainted', { roles: ['control-plane'], allocatable: WORKER }),
      ]),
    );
    expect(single.status).toBe('skipped');
    expect(single.message).toBe(
      'Only 1 node runs workloads: no other node can take over (see nodes-usable-workers)',
    );
  });

  it('is unknown when pods could not be read', () => {
    const outcome = runOne(
      nodesFailureHeadroom,
      clusterFrom(tightPair(), { fetch: { pods: 'forbidden' } }),
    );
    expect(outcome.status).toBe('unknown');
  });

  it('warns instead of failing when Karpenter NodePools could not be read', () => {
    const outcome = runOne(
      nodesFailureHeadroom,
      clusterFrom(tightPair(), {
        fetch: { 'nodepools.karpenter.sh': 'forbidden' },
      }),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('Karpenter NodePools could not be read');
  });

  it('keeps recreated pods off nodes their required anti-affinity rules out', () => {
    const antiAffinity = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { app: 'api' } },
              topologyKey: 'kubernetes.io/hostname',
            },
          ],
        },
      },
    };
    const outcome = runOne(
      nodesFailureHeadroom,
      clusterFrom([
        ...workers({ a: 3 }),
        ...app('api', '1', ['a-1', 'a-2', 'a-3'], antiAffinity),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'leaves its one recreated pod without a node, whose anti-affinity or topology spread rules allow none of the nodes with room',
    );
    // A fourth node without a replica takes it.
    const roomy = runOne(
      nodesFailureHeadroom,
      clusterFrom([
        ...workers({ a: 4 }),
        ...app('api', '1', ['a-1', 'a-2', 'a-3'], antiAffinity),
      ]),
    );
    expect(roomy.status).toBe('pass');
  });

  it('sees a zone spread with DoNotSchedule block the pods of a lost zone, as the lost zone still counts with 0 pods', () => {
    const spread = (whenUnsatisfiable: string) => ({
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable,
          labelSelector: { matchLabels: { app: 'web' } },
        },
      ],
    });
    const cluster = (whenUnsatisfiable: string) =>
      clusterFrom([
        ...workers({ a: 2, b: 2, c: 2 }),
        ...app('web', '1', ['a-1', 'b-1', 'c-1'], spread(whenUnsatisfiable)),
      ]);
    const outcome = runOne(nodesFailureHeadroom, cluster('DoNotSchedule'));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toMatch(
      /^Losing zone . leaves its one recreated pod without a node, whose anti-affinity or topology spread rules allow none of the nodes with room/,
    );
    expect(runOne(nodesFailureHeadroom, cluster('ScheduleAnyway')).status).toBe(
      'pass',
    );
  });

  it('counts GPUs and other extended resources', () => {
    const objects = [
      ...workers({ a: 2 }),
      node('gpu-1', {
        zone: 'a',
        allocatable: { ...WORKER, 'nvidia.com/gpu': '1' },
      }),
      ...app('train', '1', ['gpu-1'], {
        containers: [
          {
            name: 'train',
            image: 'train:1',
            resources: {
              requests: { cpu: '1' },
              limits: { 'nvidia.com/gpu': '1' },
            },
          },
        ],
      }),
    ];
    const outcome = runOne(nodesFailureHeadroom, clusterFrom(objects));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Losing node gpu-1 leaves its one recreated pod without a node',
    );
  });

  it('simulates every node, also a small tainted pool', () => {
    const dbTaint = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }];
    const objects = [
      ...workers({ a: 4 }),
      ...['db-1', 'db-2'].map(name =>
        node(name, {
          zone: 'a',
          allocatable: WORKER,
          taints: dbTaint,
          labels: { pool: 'db' },
        }),
      ),
      ...app('web', '1', ['a-1', 'a-2', 'a-3', 'a-4']),
      ...app('db', '3', ['db-1', 'db-2'], {
        tolerations: [
          {
            key: 'dedicated',
            operator: 'Equal',
            value: 'db',
            effect: 'NoSchedule',
          },
        ],
        nodeSelector: { pool: 'db' },
      }),
    ];
    const outcome = runOne(nodesFailureHeadroom, clusterFrom(objects));
    expect(outcome.message).toMatch(
      /^Losing node db-. leaves its one recreated pod without a node/,
    );
  });

  it('places the pods that already wait for a node first, and names those that find none', () => {
    const pending = pod('stuck', {
      spec: {
        containers: [
          { name: 's', image: 's', resources: { requests: { cpu: '8' } } },
        ],
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'stuck-1',
          uid: 'u-stuck',
          controller: true,
        },
      ],
    });
    const outcome = runOne(
      nodesFailureHeadroom,
      clusterFrom([...workers({ a: 2 }), ...app('web', '1', ['a-1']), pending]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      '; 1 pod already waits for a node (Pending, or on NotReady nodes) and find none: default/stuck',
    );
  });

  it('neither moves nor counts twice a terminating pod or a finished batch pod of a custom controller', () => {
    const [d, rs, running] = app('web', '3', ['a-1']);
    running.metadata.deletionTimestamp = '2024-06-01T11:59:00Z';
    const workflowPod = pod('wf-step', {
      node: 'a-1',
      spec: {
        restartPolicy: 'Never',
        containers: [
          { name: 's', image: 's', resources: { requests: { cpu: '3' } } },
        ],
      },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          name: 'wf',
          uid: 'u-wf',
          controller: true,
        },
      ],
    });
    const outcome = runOne(
      nodesFailureHeadroom,
      clusterFrom([...workers({ a: 2 }), d, rs, running, workflowPod]),
    );
    expect(outcome.status).toBe('pass');
  });

  it('reads a Karpenter NodePool without status as having provisioned nothing, and one not Ready as adding nothing', () => {
    const zeroLimit = runOne(
      nodesFailureHeadroom,
      clusterFrom([...tightPair(), nodePool('disabled', { cpu: '0' })]),
    );
    expect(zeroLimit.status).toBe('fail');
    expect(zeroLimit.message).toContain(
      'Karpenter NodePools disabled (cpu limit 0 used up)',
    );
    const notReady = nodePool('broken');
    notReady.status = {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'NodeClassNotReady' },
      ],
    };
    const outcome = runOne(
      nodesFailureHeadroom,
      clusterFrom([...tightPair(), notReady]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Karpenter NodePools broken (not Ready: NodeClassNotReady)',
    );
  });

  describe('scheduling rules as the scheduler counts them', () => {
    const zoneSpread = (policy?: string) => ({
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'web' } },
          ...(policy ? { nodeTaintsPolicy: policy } : {}),
        },
      ],
    });
    const unreachable = node('c-2', {
      zone: 'c',
      ready: false,
      allocatable: WORKER,
      taints: [
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      ],
    });

    it('with nodeTaintsPolicy Honor, stops counting a zone whose nodes are all lost or tainted', () => {
      const cluster = (policy?: string) =>
        clusterFrom([
          ...workers({ a: 2, b: 2, c: 1 }),
          unreachable,
          ...app('web', '1', ['a-1', 'b-1', 'c-1'], zoneSpread(policy)),
        ]);
      const ignore = runOne(nodesFailureHeadroom, cluster());
      expect(ignore.status).toBe('fail');
      expect(ignore.message).toMatch(
        /^Losing node c-1 leaves its one recreated pod without a node/,
      );
      expect(runOne(nodesFailureHeadroom, cluster('Honor')).status).toBe(
        'pass',
      );
    });

    it('keeps a zone blocked for anti-affinity while the lost replica terminates there', () => {
      const zoneAntiAffinity = {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                labelSelector: { matchLabels: { app: 'db' } },
                topologyKey: 'topology.kubernetes.io/zone',
              },
            ],
          },
        },
      };
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...workers({ a: 2, b: 2, c: 2 }),
          ...app('db', '1', ['a-1', 'b-1', 'c-1'], zoneAntiAffinity),
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'whose anti-affinity or topology spread rules allow none of the nodes with room',
      );
    });

    it('does not count for spread the pods of a node that is down already: they wait for a node', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...workers({ a: 2, b: 2 }),
          node('c-1', { zone: 'c', ready: false, allocatable: WORKER }),
          ...app('web', '1', ['a-1', 'b-1', 'c-1'], zoneSpread()),
        ]),
      );
      // Its replacement cannot go to a or b while zone c, which has no Ready node, counts 0.
      expect(outcome.evidence?.alreadyWaiting).toHaveLength(1);
      expect(outcome.message).toContain('1 pod already waits for a node');
    });
  });
});
