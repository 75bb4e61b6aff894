import { CheckOutcome, ClusterCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { formatAge, notEvaluable } from '../util';
import { inClusterMembers } from '../control-plane/etcdMembers';
import { kineSocket } from '../control-plane/externalEtcd';

interface Params {
  maxAgeHours: number;
}

const SNAPSHOT_FILES = 'etcdsnapshotfiles.k3s.cattle.io';

function createdAt(file: K8sObject): number {
  return (
    Date.parse(
      file.status?.creationTime ?? file.metadata.creationTimestamp ?? '',
    ) || 0
  );
}

/** Stored off the node: in S3 (`s3://` location, or an `s3` block), not in a `file://` path on the server. */
function isOffNode(file: K8sObject): boolean {
  return (
    String(file.spec?.location ?? '').startsWith('s3://') ||
    Boolean(file.spec?.s3)
  );
}

function judgeK3sSnapshots(cluster: ClusterView, params: Params): CheckOutcome {
  const distro = cluster.flavor === 'rke2' ? 'RKE2' : 'k3s';
  // Without etcd members (the count control-plane-etcd-quorum uses) k3s runs on SQLite or an external
  // database through kine; RKE2 (no SQLite mode) on an external database through kine (--datastore-endpoint).
  if (!inClusterMembers(cluster)) {
    // RKE2 runs embedded etcd by default: only its API servers' kine socket shows it does not.
    if (cluster.flavor === 'rke2' && !kineSocket(cluster))
      return {
        status: 'unknown',
        message:
          "No etcd member found (no etcd pods, no node with the etcd role) and no kine socket in the API servers' " +
          '--etcd-servers: whether this RKE2 cluster runs embedded etcd, and so needs etcd snapshots, cannot be told.',
        evidence: { flavor: cluster.flavor },
      };
    return {
      status: 'skipped',
      message:
        cluster.flavor === 'rke2'
          ? 'This RKE2 cluster has no embedded etcd (no etcd pods, no node carries the etcd role): its datastore is an ' +
            'external database reached through kine, which is backed up outside Kubernetes (back up the database).'
          : 'This k3s cluster has no embedded etcd (no node carries the etcd role): its datastore is SQLite or an external ' +
            'database, which is backed up outside Kubernetes (copy /var/lib/rancher/k3s/server/db, or back up the database).',
      evidence: {
        flavor: cluster.flavor,
        datastore: cluster.flavor === 'rke2' ? 'kine' : 'sqlite-or-kine',
      },
    };
  }
  const blocked = notEvaluable(cluster, SNAPSHOT_FILES);
  if (blocked)
    return {
      ...blocked,
      message: `${distro} etcd snapshots cannot be read: ${blocked.message}`,
    };

  const now = cluster.now.getTime();
  const ageOf = (f: K8sObject) => formatAge((now - createdAt(f)) / 1000);
  const ready = cluster
    .list(SNAPSHOT_FILES)
    .filter(f => f.status?.readyToUse === true)
    .sort((a, b) => createdAt(b) - createdAt(a));
  const newest = ready[0];
  const newestOffNode = ready.find(isOffNode);
  const describe = (f: K8sObject) => ({
    name: f.metadata.name,
    node: f.spec?.nodeName,
    location: f.spec?.location,
    age: ageOf(f),
  });
  const evidence = {
    readySnapshots: ready.length,
    ...(newest ? { newest: describe(newest) } : {}),
    ...(newestOffNode ? { newestOffNode: describe(newestOffNode) } : {}),
    maxAgeHours: params.maxAgeHours,
  };
  if (!newest) {
    return {
      status: 'fail',
      message: `${distro} has no ready etcd snapshot: losing the server nodes loses the cluster state.`,
      evidence,
    };
  }
  const maxAge = params.maxAgeHours * 3_600_000;
  if (now - createdAt(newest) > maxAge) {
    return {
      status: 'fail',
      message: `The newest ready ${distro} etcd snapshot, ${
        newest.metadata.name
      }, is ${ageOf(newest)} old (limit ${params.maxAgeHours}h).`,
      evidence,
    };
  }
  if (!newestOffNode || now - createdAt(newestOffNode) > maxAge) {
    return {
      status: 'warn',
      message:
        `${distro} etcd snapshots are recent (${newest.metadata.name}, ${ageOf(
          newest,
        )} old) but ` +
        "kept only on the server nodes' disks (file://): they are lost with those nodes.",
      remediation: `Configure S3 snapshot upload (--etcd-s3 and its bucket options) on the ${distro} servers.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `The newest ${distro} etcd snapshot (${
      newest.metadata.name
    }) is ${ageOf(newest)} old, with an off-node copy in S3 (${
      newestOffNode.metadata.name
    }).`,
    evidence,
  };
}

export const backupEtcdSnapshots: ClusterCheck<Params> = {
  id: 'backup-etcd-snapshots',
  title: 'etcd is snapshotted off the control-plane nodes',
  category: 'backups',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'On a self-managed cluster etcd holds every object; if it loses quorum beyond repair or is corrupted, only an ' +
    'etcd snapshot restores the cluster, and a snapshot on the same node disks dies with them.',
  remediation:
    'k3s/RKE2: keep scheduled etcd snapshots (default every 12 h) and upload them to S3 (--etcd-s3). kubeadm: run ' +
    '`etcdctl snapshot save` on a schedule and copy the file off the node.',
  parameters: {
    maxAgeHours: {
      description:
        'Maximum age of the newest ready etcd snapshot (k3s/RKE2 snapshot every 12 h by default).',
      default: 24,
      minimum: 1,
    },
  },
  references: [
    'https://docs.k3s.io/cli/etcd-snapshot',
    'https://docs.rke2.io/datastore/backup_restore',
    'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#backing-up-an-etcd-cluster',
  ],
  evaluate({ cluster, params }) {
    const blocked = notEvaluable(cluster, 'nodes');
    if (blocked) return blocked;
    if (cluster.managedControlPlane && cluster.flavor === 'openshift') {
      // A hosted control plane (HyperShift): no provider backs up its etcd, the management cluster's owner does.
      return {
        status: 'unknown',
        message:
          'Hosted OpenShift control plane (Infrastructure controlPlaneTopology External): its etcd runs in the ' +
          'HostedControlPlane namespace of the management cluster and is backed up there, if at all (OADP with the ' +
          'HyperShift plugin, or etcdctl snapshots of the hosted etcd pods): not visible from this cluster.',
        remediation:
          "Verify on the management cluster that this hosted cluster's etcd is backed up off the cluster on a schedule " +
          '(https://docs.okd.io/latest/hosted_control_planes/hcp_high_availability/hcp-disaster-recovery-oadp-auto.html), ' +
          'or exempt this check with the reason.',
        evidence: {
          flavor: cluster.flavor,
          controlPlaneTopology: 'External',
          etcdLocation: 'management cluster',
        },
      };
    }
    if (cluster.managedControlPlane) {
      return {
        status: 'skipped',
        message: `The control plane of this ${cluster.flavor} cluster is provider-managed; the provider backs up etcd.`,
      };
    }
    if (cluster.flavor === 'k3s' || cluster.flavor === 'rke2')
      return judgeK3sSnapshots(cluster, params);
    if (cluster.flavor === 'openshift') {
      return {
        status: 'unknown',
        message:
          'OpenShift etcd backups (cluster-backup.sh, or the Tech Preview config.openshift.io Backup API) are not visible ' +
          'to this engine: verify them on the control-plane nodes.',
      };
    }
    return {
      status: 'unknown',
      message:
        `A ${cluster.flavor} cluster exposes no API signal for etcd backups (etcdctl snapshot save runs outside ` +
        'Kubernetes): verify the snapshots and their off-node copies by hand, or exempt this check with the reason.',
    };
  },
};
