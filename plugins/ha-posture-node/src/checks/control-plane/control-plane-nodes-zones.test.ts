import {
  aksNoZones,
  clusterFrom,
  eksProd,
  k3sDevSingle,
  k8sObject,
  kubeadmHa3z,
  mirrorPod,
  node,
  nodes,
  openshiftSno,
  runOne,
  staticPod,
} from '../../testing';
import { controlPlaneNodesZones } from './control-plane-nodes-zones';

describe('control-plane-nodes-zones', () => {
  it('passes kubeadm-ha-3z: 3 Ready control-plane nodes in 3 zones', () => {
    const outcome = runOne(controlPlaneNodesZones, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      '3 Ready control-plane nodes (cp-1, cp-2, cp-3) in 3 zones (dc1-a, dc1-b, dc1-c)',
    );
    expect(outcome.evidence).toMatchObject({
      stackedEtcd: true,
      nodesPerZone: { 'dc1-a': 1, 'dc1-b': 1, 'dc1-c': 1 },
    });
  });

  it('warns when a zone holds the majority of the control-plane nodes', () => {
    const objects = [
      node('cp-1', { zone: 'a', roles: ['control-plane'] }),
      node('cp-2', { zone: 'a', roles: ['control-plane'] }),
      node('cp-3', { zone: 'b', roles: ['control-plane'] }),
    ];
    const outcome = runOne(controlPlaneNodesZones, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'losing zone a (2 nodes) loses the majority',
    );
  });

  it('reads numeric zones of nodes off Azure as zones (on-premises racks "1", "2", "3")', () => {
    const spread = nodes('cp', 3, ['1', '2', '3'], {
      roles: ['control-plane'],
    });
    const outcome = runOne(controlPlaneNodesZones, clusterFrom(spread));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      '3 Ready control-plane nodes (cp-1, cp-2, cp-3) in 3 zones (1, 2, 3)',
    );
    const crowded = nodes('cp', 3, ['1', '1', '2'], {
      roles: ['control-plane'],
    });
    expect(
      runOne(controlPlaneNodesZones, clusterFrom(crowded)).message,
    ).toContain('losing zone 1 (2 nodes) loses the majority');
  });

  it('fails 2 control-plane nodes with stacked etcd, warns without', () => {
    const two = nodes('cp', 2, ['a', 'b'], { roles: ['control-plane'] });
    const stacked = runOne(
      controlPlaneNodesZones,
      clusterFrom([
        ...two,
        staticPod('etcd', 'cp-1'),
        staticPod('etcd', 'cp-2'),
      ]),
    );
    expect(stacked.status).toBe('fail');
    expect(stacked.message).toContain('stacked etcd');
    expect(runOne(controlPlaneNodesZones, clusterFrom(two)).status).toBe(
      'warn',
    );
  });

  describe('2 control-plane nodes with an etcd member elsewhere', () => {
    const etcdRole = { 'node-role.kubernetes.io/etcd': 'true' };
    const rke2 = { 'node.kubernetes.io/instance-type': 'rke2' };
    /** RKE2 split roles: 2 servers with control plane + etcd, 1 etcd-only server. */
    const rke2Split = (thirdReady: boolean | 'Unknown' = true) => [
      ...['srv-a', 'srv-b'].map(n =>
        node(n, {
          roles: ['control-plane'],
          labels: { ...etcdRole, ...rke2 },
        }),
      ),
      node('etcd-c', {
        labels: { ...etcdRole, ...rke2 },
        taints: [{ key: 'node-role.kubernetes.io/etcd', effect: 'NoExecute' }],
        ready: thirdReady,
      }),
    ];

    it('warns, not fails, when an etcd-only RKE2 server holds the third member', () => {
      const outcome = runOne(controlPlaneNodesZones, clusterFrom(rke2Split()));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'Only 2 Ready control-plane nodes (srv-a, srv-b): losing one leaves no redundancy; ' +
          'etcd keeps quorum when either is lost (3 members, 1 on etcd-c, outside the control-plane nodes)',
      );
      expect(outcome.evidence).toMatchObject({
        stackedEtcd: true,
        etcdMembers: 3,
        etcdReadyMembers: 3,
        etcdQuorum: 2,
      });
    });

    it('warns for OpenShift Two-Node with Arbiter: the arbiter runs the third etcd pod', () => {
      const masters = ['master-0', 'master-1'].map(n =>
        node(n, {
          labels: {
            'node-role.kubernetes.io/master': '',
            'node-role.kubernetes.io/control-plane': '',
          },
        }),
      );
      const arbiter = node('arbiter-0', {
        labels: { 'node-role.kubernetes.io/arbiter': '' },
        taints: [
          { key: 'node-role.kubernetes.io/arbiter', effect: 'NoSchedule' },
        ],
      });
      const etcdPods = ['master-0', 'master-1', 'arbiter-0'].map(n =>
        mirrorPod(`etcd-${n}`, 'openshift-etcd', n, {
          app: 'etcd',
          etcd: 'true',
        }),
      );
      const infrastructure = k8sObject(
        'config.openshift.io/v1',
        'Infrastructure',
        'cluster',
        {
          cluster: true,
          status: {
            controlPlaneTopology: 'HighlyAvailableArbiter',
            infrastructureTopology: 'HighlyAvailable',
          },
        },
      );
      const outcome = runOne(
        controlPlaneNodesZones,
        clusterFrom([...masters, arbiter, ...etcdPods, infrastructure]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'etcd keeps quorum when either is lost (3 members, 1 on arbiter-0, outside the control-plane nodes)',
      );
      expect(outcome.evidence).toMatchObject({
        controlPlaneTopology: 'HighlyAvailableArbiter',
        etcdMembers: 3,
      });
    });

    it('fails when the third member is not Ready: losing either node loses quorum', () => {
      const outcome = runOne(
        controlPlaneNodesZones,
        clusterFrom(rke2Split('Unknown')),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'Only 2 Ready control-plane nodes (srv-a, srv-b), with stacked etcd: losing either node loses etcd quorum',
      );
    });

    it('names the one node whose loss costs quorum when only it runs a member', () => {
      const objects = [
        node('cp-1', { roles: ['control-plane'], labels: etcdRole }),
        node('cp-2', { roles: ['control-plane'] }),
        node('etcd-x', { labels: etcdRole }),
      ];
      const outcome = runOne(controlPlaneNodesZones, clusterFrom(objects));
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('losing cp-1 loses etcd quorum');
    });

    it('says quorum is already lost rather than predicting it', () => {
      const objects = [
        ...nodes('cp', 2, ['a', 'b'], { roles: ['control-plane'] }),
        staticPod('etcd', 'cp-1'),
        staticPod('etcd', 'cp-2', { ready: false }),
        staticPod('etcd', 'e-3', { ready: false }),
      ];
      const outcome = runOne(controlPlaneNodesZones, clusterFrom(objects));
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'etcd has already lost quorum (1 of 3 members Ready; see control-plane-etcd-quorum)',
      );
    });

    it('warns when all members run on etcd-only nodes', () => {
      const objects = [
        ...nodes('cp', 2, ['a', 'b'], { roles: ['control-plane'] }),
        ...nodes('etcd', 3, ['a', 'b', 'c'], { labels: etcdRole }),
      ];
      const outcome = runOne(controlPlaneNodesZones, clusterFrom(objects));
      expect(outcome.status).toBe('warn');
      expect(outcome.evidence).toMatchObject({ stackedEtcd: false });
      expect(outcome.message).toContain(
        '(3 members, all on etcd-1, etcd-2, etcd-3, outside the control-plane nodes)',
      );
    });
  });

  it('counts only Ready nodes and names the others', () => {
    const objects = [
      ...nodes('cp', 2, ['a', 'b'], { roles: ['control-plane'] }),
      node('cp-3', { zone: 'c', roles: ['control-plane'], ready: 'Unknown' }),
    ];
    const outcome = runOne(controlPlaneNodesZones, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('not Ready: cp-3');
  });

  it('recognises the legacy master role and passes without zone labels', () => {
    const objects = ['m1', 'm2', 'm3'].map(n =>
      node(n, { labels: { 'node-role.kubernetes.io/master': '' } }),
    );
    const outcome = runOne(controlPlaneNodesZones, clusterFrom(objects));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('zones unknown');
  });

  it('fails k3s-dev-single: one server', () => {
    const outcome = runOne(controlPlaneNodesZones, clusterFrom(k3sDevSingle()));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('Only 1 Ready control-plane node (dev)');
  });

  it('fails single-node OpenShift from controlPlaneTopology SingleReplica', () => {
    const outcome = runOne(controlPlaneNodesZones, clusterFrom(openshiftSno()));
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toEqual({ controlPlaneTopology: 'SingleReplica' });
  });

  it('judges a HighlyAvailable OpenShift cluster by its nodes', () => {
    const objects = openshiftSno().map(o =>
      o.kind === 'Infrastructure'
        ? {
            ...o,
            status: { ...o.status, controlPlaneTopology: 'HighlyAvailable' },
          }
        : o,
    );
    const outcome = runOne(controlPlaneNodesZones, clusterFrom(objects));
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({
      controlPlaneTopology: 'HighlyAvailable',
      ready: ['sno-1'],
    });
  });

  it('skips managed control planes (eks-prod, AKS)', () => {
    expect(runOne(controlPlaneNodesZones, clusterFrom(eksProd())).status).toBe(
      'skipped',
    );
    expect(
      runOne(controlPlaneNodesZones, clusterFrom(aksNoZones())).status,
    ).toBe('skipped');
  });

  it('is unknown without any control-plane role label', () => {
    expect(
      runOne(controlPlaneNodesZones, clusterFrom(nodes('n', 3))).status,
    ).toBe('unknown');
  });
});
