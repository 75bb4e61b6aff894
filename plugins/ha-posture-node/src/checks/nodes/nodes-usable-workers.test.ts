import {
  aksNoZones,
  clusterFrom,
  eksFargateOnly,
  eksProd,
  k3sDevSingle,
  kubeadmHa3z,
  node,
  nodes,
  openshiftSno,
  runOne,
} from '../../testing';
import { nodesUsableWorkers } from './nodes-usable-workers';

describe('nodes-usable-workers', () => {
  it('passes kubeadm-ha-3z: 6 workers, the tainted control-plane nodes not counted', () => {
    const outcome = runOne(nodesUsableWorkers, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      usableCount: 6,
      nodes: 9,
      excluded: {
        'cp-1': 'taint node-role.kubernetes.io/control-plane:NoSchedule',
      },
    });
  });

  it('does not count Fargate nodes (eks-prod)', () => {
    const outcome = runOne(nodesUsableWorkers, clusterFrom(eksProd()));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      usableCount: 6,
      excluded: {
        'fargate-ip-10-0-9-1.ec2.internal':
          'virtual: Fargate or virtual-kubelet',
      },
    });
  });

  it('skips an EKS cluster with Fargate nodes only: capacity comes per pod', () => {
    const outcome = runOne(nodesUsableWorkers, clusterFrom(eksFargateOnly()));
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain(
      'No shared worker nodes: every worker is a Fargate node (fargate-ip-10-0-0-5.ec2.internal',
    );
    expect(outcome.evidence).toMatchObject({
      usableCount: 0,
      virtualKind: 'Fargate',
    });
    expect(
      runOne(
        nodesUsableWorkers,
        clusterFrom([node('vk-1', { labels: { type: 'virtual-kubelet' } })]),
      ).message,
    ).toContain('every worker is a virtual-kubelet node');
  });

  it('still fails when real workers exist beside the virtual nodes but none is usable', () => {
    // A NotReady EC2 node is a shared worker that is down, not a Fargate-only cluster.
    const down = [
      ...eksFargateOnly(),
      node('ip-10-0-1-10.ec2.internal', { zone: 'us-east-1a', ready: false }),
    ];
    const outcome = runOne(nodesUsableWorkers, clusterFrom(down));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'No usable worker node among the 4 nodes: pods that need a Ready, schedulable, untainted node have nowhere to run',
    );
    expect(outcome.message).not.toContain('Only 0');
    // Tainted control-plane nodes beside virtual workers are no shared workers: still skipped.
    const cpAndVirtual = [
      ...nodes('cp', 3, ['a', 'b', 'c'], { roles: ['control-plane'] }),
      node('vk-1', { labels: { type: 'virtual-kubelet' } }),
    ];
    expect(runOne(nodesUsableWorkers, clusterFrom(cpAndVirtual)).status).toBe(
      'skipped',
    );
    // No nodes but control-plane ones: a real shortage.
    const allControlPlane = runOne(
      nodesUsableWorkers,
      clusterFrom(nodes('cp', 3, ['a'], { roles: ['control-plane'] })),
    );
    expect(allControlPlane.status).toBe('fail');
    expect(allControlPlane.message).toMatch(
      /^No usable worker node among the 3 nodes: .*; not counted: cp-1 \(taint node-role.kubernetes.io\/control-plane:NoSchedule\)/,
    );
    expect(allControlPlane.message).not.toContain('one node failure');
  });

  it('words a single node that is no usable worker', () => {
    const outcome = runOne(
      nodesUsableWorkers,
      clusterFrom([node('only', { unschedulable: true })]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      "The cluster's only node is no usable worker: pods that need a Ready, schedulable, untainted node have nowhere to run; " +
        'not counted: only (cordoned)',
    );
  });

  it('says how many are required when minWorkers is raised above 2', () => {
    const outcome = runOne(nodesUsableWorkers, clusterFrom(nodes('w', 2)), {
      params: { minWorkers: 3, recommendedWorkers: 4 },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Only 2 usable worker nodes (w-1, w-2) of 2 nodes, fewer than the 3 required: ' +
        'a node failure during a drain leaves too little room for the workloads',
    );
  });

  it('fails a single usable node (k3s-dev-single, single-node OpenShift)', () => {
    const k3s = runOne(nodesUsableWorkers, clusterFrom(k3sDevSingle()));
    expect(k3s.status).toBe('fail');
    expect(k3s.message).toBe(
      "Only 1 usable worker node (dev, the cluster's only node): its failure or drain leaves no room for the workloads",
    );
    const oneOfThree = runOne(
      nodesUsableWorkers,
      clusterFrom([
        ...nodes('cp', 2, ['a', 'b'], { roles: ['control-plane'] }),
        node('w-1'),
      ]),
    );
    expect(oneOfThree.message).toContain(
      'Only 1 usable worker node (w-1) of 3 nodes: its failure or drain leaves no room',
    );
    expect(runOne(nodesUsableWorkers, clusterFrom(openshiftSno())).status).toBe(
      'fail',
    );
  });

  it('counts PreferNoSchedule nodes, explains the excluded ones, and warns with 2 usable workers', () => {
    const objects = [
      ...nodes('w', 2),
      node('w-3', { unschedulable: true }),
      node('w-4', { ready: false }),
      node('gpu-1', {
        taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
      }),
      node('spot-1', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }),
    ];
    const outcome = runOne(nodesUsableWorkers, clusterFrom(objects));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      usable: ['w-1', 'w-2', 'spot-1'],
      excluded: {
        'w-3': 'cordoned',
        'w-4': 'not Ready',
        'gpu-1': 'taint nvidia.com/gpu:NoSchedule',
      },
    });
    const withoutSpot = objects.filter(o => o.metadata.name !== 'spot-1');
    const warn = runOne(nodesUsableWorkers, clusterFrom(withoutSpot));
    expect(warn.status).toBe('warn');
    expect(warn.message).toContain('3 are recommended');
    expect(warn.message).toContain('w-3 (cordoned)');
  });

  it('honours minWorkers and recommendedWorkers', () => {
    const view = clusterFrom(aksNoZones());
    expect(runOne(nodesUsableWorkers, view).status).toBe('pass');
    expect(
      runOne(nodesUsableWorkers, view, { params: { recommendedWorkers: 5 } })
        .status,
    ).toBe('warn');
    expect(
      runOne(nodesUsableWorkers, view, {
        params: { minWorkers: 4, recommendedWorkers: 5 },
      }).status,
    ).toBe('fail');
  });

  it('is unknown when nodes are forbidden or the dump has none, skipped for manifests', () => {
    expect(
      runOne(
        nodesUsableWorkers,
        clusterFrom(nodes('w', 3), { fetch: { nodes: 'forbidden' } }),
      ).status,
    ).toBe('unknown');
    expect(
      runOne(nodesUsableWorkers, clusterFrom([], { mode: 'dump' })).status,
    ).toBe('unknown');
    expect(runOne(nodesUsableWorkers, clusterFrom([])).status).toBe('skipped');
  });
});
