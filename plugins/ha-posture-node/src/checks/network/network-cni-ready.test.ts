import {
  aksNoZones,
  clusterFrom,
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
});
