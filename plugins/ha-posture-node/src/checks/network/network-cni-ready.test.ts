import {
  aksNoZones,
  clusterFrom,
  eksProd,
  gkeRegional,
  k3sDevSingle,
  kubeadmHa3z,
  node,
  nodeAgent,
  nodes,
  openshiftSno,
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
