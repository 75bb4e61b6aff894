import {
  aksNoZones,
  clusterFrom,
  crd,
  gkeRegional,
  k8sObject,
  etcdSnapshotFile,
  node,
  nodes,
  runOne,
  staticPod,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { backupEtcdSnapshots } from './backup-etcd-snapshots';

const HOUR = 3600;
/** A k3s server with embedded etcd. */
const k3sServers = (count = 3): K8sObject[] =>
  Array.from({ length: count }, (_, i) =>
    node(`server-${i + 1}`, {
      providerID: `k3s://server-${i + 1}`,
      labels: {
        'node-role.kubernetes.io/control-plane': 'true',
        'node-role.kubernetes.io/etcd': 'true',
        'node.kubernetes.io/instance-type': 'k3s',
      },
      taints: [],
      kubeletVersion: 'v1.30.2+k3s1',
    }),
  );
const check = (objects: K8sObject[], params?: { maxAgeHours: number }) =>
  runOne(backupEtcdSnapshots, clusterFrom(objects), { params });

describe('backup-etcd-snapshots', () => {
  it('passes recent ready k3s snapshots with an S3 copy', () => {
    const outcome = check([
      ...k3sServers(),
      etcdSnapshotFile('on-disk', { createdSecondsAgo: 2 * HOUR }),
      etcdSnapshotFile('in-s3', {
        location: 's3://backups/etcd/in-s3',
        createdSecondsAgo: 2 * HOUR,
      }),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('in-s3');
  });

  it('warns when snapshots are only on the server disks (file://)', () => {
    const outcome = check([
      ...k3sServers(),
      etcdSnapshotFile('on-disk', { createdSecondsAgo: 2 * HOUR }),
    ]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('file://');
  });

  it('fails when the newest ready snapshot is too old, or none is ready', () => {
    const old = check([
      ...k3sServers(),
      etcdSnapshotFile('old', {
        location: 's3://b/old',
        createdSecondsAgo: 30 * HOUR,
      }),
    ]);
    expect(old.status).toBe('fail');
    expect(old.message).toContain('30h old');
    expect(
      check(
        [
          ...k3sServers(),
          etcdSnapshotFile('old', {
            location: 's3://b/old',
            createdSecondsAgo: 30 * HOUR,
          }),
        ],
        { maxAgeHours: 48 },
      ).status,
    ).toBe('pass');
    expect(
      check([
        ...k3sServers(),
        etcdSnapshotFile('broken', { readyToUse: false }),
      ]).status,
    ).toBe('fail');
    expect(
      check([...k3sServers(), crd('etcdsnapshotfiles.k3s.cattle.io')]).message,
    ).toContain('no ready etcd snapshot');
  });

  it('is unknown when the snapshot CRD is not served', () => {
    expect(check(k3sServers()).status).toBe('unknown');
  });

  it('skips k3s on SQLite (no etcd members)', () => {
    const single = node('dev', {
      providerID: 'k3s://dev',
      labels: { 'node-role.kubernetes.io/control-plane': 'true' },
      taints: [],
    });
    const outcome = check([single]);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('SQLite');
  });

  it('judges RKE2 like k3s', () => {
    const servers = k3sServers(1).map(n => ({
      ...n,
      spec: { ...n.spec, providerID: 'rke2://server-1' },
      metadata: {
        ...n.metadata,
        labels: {
          ...n.metadata.labels,
          'node.kubernetes.io/instance-type': 'rke2',
        },
      },
    }));
    const outcome = check([
      ...servers,
      etcdSnapshotFile('s', { createdSecondsAgo: HOUR }),
    ]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('RKE2');
  });

  describe('RKE2 without embedded etcd (kine)', () => {
    const rke2Server = (name: string, labels: Record<string, string> = {}) =>
      node(name, {
        providerID: `rke2://${name}`,
        taints: [],
        labels: {
          'node-role.kubernetes.io/control-plane': 'true',
          'node.kubernetes.io/instance-type': 'rke2',
          ...labels,
        },
        kubeletVersion: 'v1.30.6+rke2r1',
      });

    it('skips RKE2 servers on an external datastore, as for k3s', () => {
      const outcome = check(
        ['s0', 's1', 's2'].flatMap(n => [
          rke2Server(n),
          staticPod('kube-apiserver', n, {
            command: [
              'kube-apiserver',
              '--etcd-servers=unix:///var/lib/rancher/rke2/server/kine.sock',
            ],
          }),
        ]),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toContain(
        'This RKE2 cluster has no embedded etcd',
      );
      expect(outcome.message).toContain('kine');
      expect(outcome.message).not.toContain('k3s');
    });

    it('is unknown when neither etcd members nor a kine socket are seen', () => {
      const outcome = check(['s0', 's1', 's2'].map(n => rke2Server(n)));
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain('cannot be told');
    });

    it('still judges the snapshots when etcd static pods show the members', () => {
      const outcome = check([
        ...['s0', 's1', 's2'].flatMap(n => [
          rke2Server(n),
          staticPod('etcd', n),
        ]),
        crd('etcdsnapshotfiles.k3s.cattle.io'),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('RKE2 has no ready etcd snapshot');
    });
  });

  it('skips managed control planes', () => {
    const eks = nodes('ip', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c'], {
      providerID: 'aws:///us-east-1a/i-1',
      labels: { 'eks.amazonaws.com/nodegroup': 'ng' },
      kubeletVersion: 'v1.30.0-eks-1',
    });
    expect(check(eks).status).toBe('skipped');
    for (const managed of [gkeRegional(), aksNoZones()]) {
      const outcome = check(managed);
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toContain('the provider backs up etcd');
    }
  });

  describe('hosted OpenShift (HyperShift guest)', () => {
    const infrastructure = (controlPlaneTopology: string) =>
      k8sObject('config.openshift.io/v1', 'Infrastructure', 'cluster', {
        cluster: true,
        status: {
          controlPlaneTopology,
          infrastructureTopology: 'HighlyAvailable',
          platform: 'AWS',
        },
      });
    const guestWorkers = nodes(
      'ip-10-0',
      3,
      ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      {
        providerID: 'aws:///us-east-1a/i-0abc',
        labels: {
          'node-role.kubernetes.io/worker': '',
          'hypershift.openshift.io/nodePool': 'workers',
        },
        kubeletVersion: 'v1.29.8+632b078',
      },
    );

    it('is unknown, naming the management cluster, instead of skipped', () => {
      const outcome = check([infrastructure('External'), ...guestWorkers]);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        'its etcd runs in the HostedControlPlane namespace of the management cluster and is backed up there, if at all (OADP',
      );
      expect(outcome.message).not.toContain('the provider backs up etcd');
      expect(outcome.evidence).toMatchObject({
        flavor: 'openshift',
        controlPlaneTopology: 'External',
      });
    });

    it('keeps the self-managed OpenShift answer when control-plane nodes are visible', () => {
      const masters = nodes('master', 3, ['a', 'b', 'c'], {
        roles: ['control-plane', 'master'],
      });
      const outcome = check([infrastructure('HighlyAvailable'), ...masters]);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain('cluster-backup.sh');
    });
  });

  it('is unknown with an explanation on kubeadm', () => {
    const cp = nodes('cp', 3, ['a', 'b', 'c'], { roles: ['control-plane'] });
    const outcome = check([
      ...cp,
      ...cp.map(n => staticPod('etcd', n.metadata.name)),
    ]);
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('etcdctl snapshot save');
  });

  it('skips a manifests scan', () => {
    expect(runOne(backupEtcdSnapshots, clusterFrom([])).status).toBe('skipped');
  });
});
