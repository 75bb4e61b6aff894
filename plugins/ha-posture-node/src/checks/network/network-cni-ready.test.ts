import {
  aksNoZones,
  clusterFrom,
  daemonSet,
  eksFargateOnly,
  eksProd,
  gkeRegional,
  k3sDevSingle,
  kubeadmHa3z,
  node,
  nodeAgent,
  nodes,
  openshiftSno,
  podsFor,
  runOne,
} from '../../testing';
import { networkCniReady } from './network-cni-ready';

const withoutCalico = () =>
  kubeadmHa3z().filter(o => o.metadata.name !== 'calico-node');

describe('network-cni-ready', () => {
  it('passes kubeadm-ha-3z: calico 9/9 on 9 Linux nodes', () => {
    const outcome = runOne(networkCniReady, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Calico (calico-system/calico-node): 9/9 agents ready, on all 9 Linux nodes',
    );
  });

  it('passes eks-prod: aws-node on the 6 EC2 nodes, Fargate nodes are not eligible', () => {
    const outcome = runOne(networkCniReady, clusterFrom(eksProd()));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      eligibleNodes: 6,
      agents: [{ plugin: 'Amazon VPC CNI', desired: 6 }],
    });
  });

  it('recognises GKE Dataplane V2, Azure CNI and OVN-Kubernetes', () => {
    for (const objects of [gkeRegional(), aksNoZones(), openshiftSno()]) {
      expect(runOne(networkCniReady, clusterFrom(objects)).status).toBe('pass');
    }
  });

  it('fails when agents are not ready', () => {
    const outcome = runOne(
      networkCniReady,
      clusterFrom([
        ...withoutCalico(),
        nodeAgent('calico-node', 'calico-system', 9, 7),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('only 7 of 9 agents are ready');
  });

  describe('agents missing on NotReady nodes', () => {
    // worker-6 stopped reporting: its calico pod is no longer Ready, like every pod there.
    const withWorker6Down = () =>
      withoutCalico().map(o =>
        o.kind === 'Node' && o.metadata.name === 'worker-6'
          ? node('worker-6', {
              ready: 'Unknown',
              labels: o.metadata.labels,
            })
          : o,
      );
    const allNodes = () =>
      withWorker6Down()
        .filter(o => o.kind === 'Node')
        .map(o => o.metadata.name);
    const calico = (ready: number) =>
      nodeAgent('calico-node', 'calico-system', 9, ready);
    const calicoPods = (agent: ReturnType<typeof calico>, notReady: string[]) =>
      podsFor(agent, allNodes(), {
        ready: allNodes().map(n => !notReady.includes(n)),
      });

    it('warns (not fails) when the only missing agent is on a node that is not Ready itself', () => {
      const agent = calico(8);
      const outcome = runOne(
        networkCniReady,
        clusterFrom([
          ...withWorker6Down(),
          agent,
          ...calicoPods(agent, ['worker-6']),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'Calico (calico-system/calico-node): 8 of 9 agents ready; the missing agent is on node worker-6, which is not Ready itself',
      );
      expect(outcome.message).toContain('see nodes-not-ready');
      expect(outcome.evidence).toMatchObject({
        agents: [{ downNodes: ['worker-6'] }],
      });
    });

    it('still fails when an agent is also missing on a Ready node', () => {
      const agent = calico(7);
      const outcome = runOne(
        networkCniReady,
        clusterFrom([
          ...withWorker6Down(),
          agent,
          ...calicoPods(agent, ['worker-6', 'worker-1']),
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('only 7 of 9 agents are ready');
    });

    it('fails when the pods were not read, as the gap cannot be placed', () => {
      const agent = calico(8);
      const outcome = runOne(
        networkCniReady,
        clusterFrom(
          [...withWorker6Down(), agent, ...calicoPods(agent, ['worker-6'])],
          { fetch: { pods: 'forbidden' } },
        ),
      );
      expect(outcome.status).toBe('fail');
    });
  });

  it('warns when the DaemonSet covers fewer nodes than the eligible Linux nodes, not counting Windows nodes', () => {
    const windows = node('win-1', {
      labels: { 'kubernetes.io/os': 'windows' },
    });
    expect(
      runOne(networkCniReady, clusterFrom([...kubeadmHa3z(), windows])).status,
    ).toBe('pass');
    const outcome = runOne(
      networkCniReady,
      clusterFrom([
        ...withoutCalico(),
        nodeAgent('calico-node', 'calico-system', 8),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('runs on 8 of 9 Linux nodes');
  });

  it('fails on any node with NetworkUnavailable=True, also on k3s', () => {
    const broken = node('worker-7', {
      conditions: [{ type: 'NetworkUnavailable', status: 'True' }],
    });
    const outcome = runOne(
      networkCniReady,
      clusterFrom([...kubeadmHa3z(), broken]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('NetworkUnavailable on worker-7');
    const k3s = k3sDevSingle().map(o =>
      o.kind === 'Node'
        ? {
            ...o,
            status: {
              ...o.status,
              conditions: [
                ...o.status.conditions,
                { type: 'NetworkUnavailable', status: 'True' },
              ],
            },
          }
        : o,
    );
    expect(runOne(networkCniReady, clusterFrom(k3s)).status).toBe('fail');
  });

  it('skips k3s-dev-single: flannel runs inside k3s', () => {
    const outcome = runOne(networkCniReady, clusterFrom(k3sDevSingle()));
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('inside the k3s process');
  });

  it('skips a cluster whose nodes are all Fargate nodes: Fargate runs no aws-node', () => {
    const outcome = runOne(networkCniReady, clusterFrom(eksFargateOnly()));
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain(
      'Every node is a Fargate node (fargate-ip-10-0-0-5.ec2.internal,',
    );
    expect(outcome.message).toContain('runs no aws-node agent');
    // Without the idle aws-node DaemonSet too (it is not "No known CNI DaemonSet").
    const noDaemonSet = eksFargateOnly().filter(o => o.kind !== 'DaemonSet');
    expect(runOne(networkCniReady, clusterFrom(noDaemonSet)).status).toBe(
      'skipped',
    );
    // virtual-kubelet only.
    const vk = runOne(
      networkCniReady,
      clusterFrom([node('vk-1', { labels: { type: 'virtual-kubelet' } })]),
    );
    expect(vk.status).toBe('skipped');
    expect(vk.message).toContain('virtual nodes run no CNI agent');
  });

  it('still judges the CNI when a real node exists beside Fargate nodes, and fails NetworkUnavailable on Fargate', () => {
    const withEc2 = [
      ...eksFargateOnly(),
      node('ip-10-0-1-10.ec2.internal', { zone: 'us-east-1a' }),
    ];
    // aws-node schedules nowhere although an EC2 node needs it.
    expect(runOne(networkCniReady, clusterFrom(withEc2)).status).toBe('warn');
    const broken = eksFargateOnly().map(o =>
      o.kind === 'Node' && o.metadata.name.startsWith('fargate-ip-10-0-0')
        ? {
            ...o,
            status: {
              ...o.status,
              conditions: [
                ...o.status.conditions,
                { type: 'NetworkUnavailable', status: 'True' },
              ],
            },
          }
        : o,
    );
    expect(runOne(networkCniReady, clusterFrom(broken)).status).toBe('fail');
  });

  describe("kind's kindnet (DaemonSet kube-system/kindnet)", () => {
    // kubernetes-sigs/kind's default CNI manifest: labels app/k8s-app: kindnet, tier: node, and a
    // single `operator: Exists` toleration (it runs on the tainted control-plane node too).
    const kindnet = (
      desired: number,
      ready = desired,
      namespace = 'kube-system',
    ) =>
      daemonSet('kindnet', {
        namespace,
        labels: { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' },
        podSpec: {
          hostNetwork: true,
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'kindnet-cni',
              image: 'docker.io/kindest/kindnetd:v20241108-5c6d2daf',
            },
          ],
        },
        desired,
        ready,
      });
    const kindNodes = () => [
      node('kind-control-plane', { roles: ['control-plane'] }),
      node('kind-worker'),
      node('kind-worker2'),
    ];
    const allNodes = ['kind-control-plane', 'kind-worker', 'kind-worker2'];

    it('passes kindnet ready on every node, the tainted control-plane node included', () => {
      const agent = kindnet(3);
      const outcome = runOne(
        networkCniReady,
        clusterFrom([...kindNodes(), agent, ...podsFor(agent, allNodes)]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'kindnet (kube-system/kindnet): 3/3 agents ready, on all 3 Linux nodes',
      );
    });

    it('places kindnet by its scheduling when its pods are not in the snapshot (it tolerates every taint)', () => {
      const outcome = runOne(
        networkCniReady,
        clusterFrom([...kindNodes(), kindnet(3)]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.evidence).toMatchObject({
        agents: [{ plugin: 'kindnet', placement: 'scheduling' }],
      });
    });

    it('fails when a kindnet agent is not ready', () => {
      const agent = kindnet(3, 2);
      const outcome = runOne(
        networkCniReady,
        clusterFrom([
          ...kindNodes(),
          agent,
          ...podsFor(agent, allNodes, { ready: [true, true, false] }),
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'kindnet (kube-system/kindnet): only 2 of 3 agents are ready; pods on the other nodes have no working network',
      );
    });

    it('does not take a kindnet DaemonSet outside kube-system for the CNI', () => {
      const outcome = runOne(
        networkCniReady,
        clusterFrom([...kindNodes(), kindnet(3, 3, 'demo')]),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain('No known CNI DaemonSet');
      expect(outcome.message).toContain('kindnet');
    });
  });

  it('is unknown when no known CNI DaemonSet exists on other flavors', () => {
    const outcome = runOne(networkCniReady, clusterFrom(nodes('w', 3)));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('No known CNI DaemonSet');
  });

  it('is unknown when DaemonSets are forbidden, unless a node already reports NetworkUnavailable', () => {
    const forbidden = { fetch: { 'daemonsets.apps': 'forbidden' as const } };
    expect(
      runOne(networkCniReady, clusterFrom(kubeadmHa3z(), forbidden)).status,
    ).toBe('unknown');
    const broken = node('worker-7', {
      conditions: [{ type: 'NetworkUnavailable', status: 'True' }],
    });
    expect(
      runOne(
        networkCniReady,
        clusterFrom([...kubeadmHa3z(), broken], forbidden),
      ).status,
    ).toBe('fail');
  });

  it('is skipped in a manifests scan', () => {
    expect(
      runOne(
        networkCniReady,
        clusterFrom([nodeAgent('calico-node', 'calico-system', 3)]),
      ).status,
    ).toBe('skipped');
  });

  describe('CNI agents that split the nodes between them (EKS hybrid nodes)', () => {
    // 3 EC2 nodes and 2 hybrid nodes: AWS documents that the VPC CNI has anti-affinity for hybrid
    // nodes and supports Cilium there (docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html).
    const ec2 = () =>
      nodes('ip-10-0-1', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c'], {
        labels: { 'eks.amazonaws.com/nodegroup': 'ng-1' },
      });
    const hybrid = () =>
      nodes('mi-hybrid', 2, [undefined], {
        labels: { 'eks.amazonaws.com/compute-type': 'hybrid' },
      });
    const computeType = (operator: 'In' | 'NotIn') => ({
      containers: [{ name: 'agent', image: 'agent:1' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  {
                    key: 'eks.amazonaws.com/compute-type',
                    operator,
                    values: ['hybrid'],
                  },
                ],
              },
            ],
          },
        },
      },
    });
    const agent = (name: string, count: number, podSpec?: any) =>
      daemonSet(name, {
        namespace: 'kube-system',
        labels: { 'k8s-app': name },
        desired: count,
        ...(podSpec ? { podSpec } : {}),
      });

    it('passes aws-node 3/3 and cilium 2/2 on 5 nodes by count, saying so, when neither template nor pods show who runs where', () => {
      const outcome = runOne(
        networkCniReady,
        clusterFrom([
          ...ec2(),
          ...hybrid(),
          agent('aws-node', 3),
          agent('cilium', 2),
        ]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'Amazon VPC CNI (kube-system/aws-node) runs on 3 of 5 Linux nodes, all 3 agents ready (not on the 2 EKS hybrid nodes: the VPC CNI does not serve them); ' +
          'Cilium (kube-system/cilium) runs on 2 of 5 Linux nodes, both agents ready; ' +
          "together the CNI agents cover all 5 Linux nodes, by count: Cilium's 2 agents for the 2 nodes the others leave (no agent pods show which node runs which)",
      );
      expect(outcome.evidence).toMatchObject({
        eligibleNodes: 5,
        agents: [
          { plugin: 'Amazon VPC CNI', placement: 'scheduling' },
          { plugin: 'Cilium', placement: 'count' },
        ],
      });
    });

    it('passes on their node affinity (VPC CNI NotIn hybrid, Cilium In hybrid), or on their pods', () => {
      const aws = agent('aws-node', 3, computeType('NotIn'));
      const cilium = agent('cilium', 2, computeType('In'));
      const bySelection = runOne(
        networkCniReady,
        clusterFrom([...ec2(), ...hybrid(), aws, cilium]),
      );
      expect(bySelection.status).toBe('pass');
      expect(bySelection.message).toContain(
        'together the CNI agents cover all 5 Linux nodes (seen by their node selection)',
      );
      const plainAws = agent('aws-node', 3);
      const plainCilium = agent('cilium', 2);
      const byPods = runOne(
        networkCniReady,
        clusterFrom([
          ...ec2(),
          ...hybrid(),
          plainAws,
          plainCilium,
          ...podsFor(plainAws, ['ip-10-0-1-1', 'ip-10-0-1-2', 'ip-10-0-1-3']),
          ...podsFor(plainCilium, ['mi-hybrid-1', 'mi-hybrid-2']),
        ]),
      );
      expect(byPods.status).toBe('pass');
      expect(byPods.message).toContain('(seen by their pods)');
      expect(byPods.evidence).toMatchObject({
        agents: [{ placement: 'pods' }, { placement: 'pods' }],
      });
    });

    it('warns, naming the nodes, when the hybrid nodes have no CNI agent at all', () => {
      const outcome = runOne(
        networkCniReady,
        clusterFrom([...ec2(), ...hybrid(), agent('aws-node', 3)]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        '2 of 5 Linux nodes have no CNI agent, so no pod network: nodes mi-hybrid-1, mi-hybrid-2 (EKS hybrid nodes are not served by the Amazon VPC CNI; AWS supports Cilium on them)',
      );
      expect(outcome.evidence).toMatchObject({
        nodesWithoutAgent: ['mi-hybrid-1', 'mi-hybrid-2'],
      });
    });

    it('warns when the agents together fall short of the nodes, by count or by their pods', () => {
      const short = runOne(
        networkCniReady,
        clusterFrom([
          ...ec2(),
          ...hybrid(),
          agent('aws-node', 3),
          agent('cilium', 1),
        ]),
      );
      expect(short.status).toBe('warn');
      expect(short.message).toContain(
        "1 of 5 Linux nodes has no CNI agent, so no pod network: by count, Cilium's DaemonSet schedules 1 agent where 2 nodes need one",
      );
      expect(short.evidence).toMatchObject({ nodesWithoutAgentByCount: 1 });
      // The counts add up (3 + 2 = 5) but the pods show Cilium beside the VPC CNI on EC2 nodes.
      const cilium = agent('cilium', 2);
      const overlap = runOne(
        networkCniReady,
        clusterFrom([
          ...ec2(),
          ...hybrid(),
          agent('aws-node', 3),
          cilium,
          ...podsFor(cilium, ['ip-10-0-1-1', 'mi-hybrid-1']),
        ]),
      );
      expect(overlap.status).toBe('warn');
      expect(overlap.message).toContain(
        'node mi-hybrid-2 (no agent pod is bound to it)',
      );
    });

    it('adds nothing when two agents each cover every node (Cilium chained on the VPC CNI)', () => {
      const outcome = runOne(
        networkCniReady,
        clusterFrom([...ec2(), agent('aws-node', 3), agent('cilium', 3)]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).not.toContain('together');
    });
  });

  describe('a node no CNI agent can reach', () => {
    const agent = (podSpec: any) =>
      daemonSet('calico-node', {
        namespace: 'calico-system',
        desired: 2,
        podSpec: {
          containers: [{ name: 'calico', image: 'calico:1' }],
          ...podSpec,
        },
      });

    it('names a node its nodeSelector leaves out', () => {
      const objects = [
        ...nodes('w', 2, [undefined], { labels: { pool: 'main' } }),
        node('gpu-1', { labels: { pool: 'gpu' } }),
        agent({ nodeSelector: { pool: 'main' } }),
      ];
      const outcome = runOne(networkCniReady, clusterFrom(objects));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        "Calico (calico-system/calico-node) runs on 2 of 3 Linux nodes, both agents ready; 1 of 3 Linux nodes has no CNI agent, so no pod network: node gpu-1 (excluded by the agents' nodeSelector or node affinity)",
      );
    });

    it('names the taint it does not tolerate', () => {
      const objects = [
        ...nodes('w', 2),
        node('gpu-1', {
          taints: [
            { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
          ],
        }),
        agent({}),
      ];
      const outcome = runOne(networkCniReady, clusterFrom(objects));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'node gpu-1 (taint nvidia.com/gpu=true:NoSchedule not tolerated)',
      );
    });
  });

  describe('EKS Auto Mode (nodes labelled eks.amazonaws.com/compute-type=auto)', () => {
    const autoNodes = (count: number) =>
      nodes('i-0abc', count, ['us-east-1a', 'us-east-1b', 'us-east-1c'], {
        labels: { 'eks.amazonaws.com/compute-type': 'auto' },
      });

    it('is unknown, saying AWS runs pod networking on the nodes, not "no CNI DaemonSet found"', () => {
      const outcome = runOne(networkCniReady, clusterFrom(autoNodes(3)));
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        'Pod networking cannot be judged: all 3 nodes are EKS Auto Mode nodes (eks.amazonaws.com/compute-type=auto), where AWS runs pod networking as part of the node, not as a CNI DaemonSet, so its health is not visible in the Kubernetes API',
      );
      // Also when an idle aws-node DaemonSet is left over.
      expect(
        runOne(
          networkCniReady,
          clusterFrom([
            ...autoNodes(3),
            nodeAgent('aws-node', 'kube-system', 0),
          ]),
        ).status,
      ).toBe('unknown');
    });

    it('judges the CNI of the other nodes of a mixed cluster, not counting the Auto Mode nodes', () => {
      const outcome = runOne(
        networkCniReady,
        clusterFrom([
          ...autoNodes(2),
          ...nodes('mng', 2),
          nodeAgent('aws-node', 'kube-system', 2),
        ]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'Amazon VPC CNI (kube-system/aws-node): 2/2 agents ready, on all 2 Linux nodes',
      );
      expect(outcome.evidence).toMatchObject({
        eligibleNodes: 2,
        eksAutoModeNodes: 2,
      });
    });

    it('still fails on a node reporting NetworkUnavailable', () => {
      const objects = [
        ...autoNodes(2),
        node('i-0abc-9', {
          labels: { 'eks.amazonaws.com/compute-type': 'auto' },
          conditions: [{ type: 'NetworkUnavailable', status: 'True' }],
        }),
      ];
      expect(runOne(networkCniReady, clusterFrom(objects)).status).toBe('fail');
    });
  });
});
