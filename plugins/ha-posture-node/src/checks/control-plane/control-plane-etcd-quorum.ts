import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { distinct, notEvaluable, plural } from '../util';
import {
  componentPods,
  inZones,
  readyK3sServers,
  skipWhenManaged,
} from './controlPlaneSignals';
import { countPerZone, spreadOf } from '../nodes/nodeFacts';
import {
  etcdServersFlag,
  isLoopbackEndpoint,
  isUnixSocketEndpoint,
  kineSocket,
  kubeadmExternalEtcdEndpoints,
} from './externalEtcd';
import { InClusterMembers, etcdQuorum, inClusterMembers } from './etcdMembers';

/** Why kube-system/kubeadm-config could not be read while other named ConfigMaps could, if so. */
function kubeadmConfigUnreadable(cluster: ClusterView): string | undefined {
  const state = cluster.fetchState('configmaps').objects?.['kubeadm-config'];
  if (!state || state.status === 'ok') return undefined;
  return `kube-system/kubeadm-config could not be read (${state.status}${
    state.message ? `: ${state.message}` : ''
  }): external etcd endpoints may be missed`;
}

function externalEndpoints(
  cluster: ClusterView,
): { endpoints: string[]; source: string } | undefined {
  const kubeadmConfig = cluster.get(
    'configmaps',
    'kube-system',
    'kubeadm-config',
  );
  const fromKubeadm = kubeadmExternalEtcdEndpoints(
    kubeadmConfig?.data?.ClusterConfiguration,
  );
  if (fromKubeadm.length > 0)
    return { endpoints: fromKubeadm, source: 'kubeadm-config' };
  // A unix socket is kine on the API server's node, never an etcd member.
  const fromFlag = etcdServersFlag(
    componentPods(cluster, 'kube-apiserver'),
  ).filter(e => !isUnixSocketEndpoint(e));
  if (fromFlag.length > 0 && !fromFlag.every(isLoopbackEndpoint)) {
    return { endpoints: fromFlag, source: 'kube-apiserver --etcd-servers' };
  }
  return undefined;
}

function judgeInCluster(
  cluster: ClusterView,
  members: InClusterMembers,
): CheckOutcome {
  const { total, readyNodes, notReady } = members;
  const ready = readyNodes.length;
  const quorum = etcdQuorum(members);
  const tolerated = ready - quorum;
  const { nodes, zones } = spreadOf(cluster, readyNodes);
  const evidence = {
    source: members.source,
    members: total,
    ready,
    quorum,
    tolerated: Math.max(0, tolerated),
    nodes,
    zones,
    notReady,
  };
  const where = `${nodes.length > 0 ? ` on ${nodes.join(', ')}` : ''}${inZones(
    zones,
  )}`;
  const downNote =
    notReady.length > 0 ? ` (not Ready: ${notReady.join(', ')})` : '';

  if (total === 1) {
    return {
      status: 'fail',
      message: `A single etcd member${where}: losing it stops every write to the cluster and risks its state`,
      evidence,
    };
  }
  if (ready < quorum) {
    return {
      status: 'fail',
      message: `etcd has lost quorum: only ${ready} of ${total} members are Ready, ${quorum} are needed${downNote}`,
      remediation:
        'Restore the failed etcd members (or their nodes) before anything else fails.',
      evidence,
    };
  }
  if (total % 2 === 0) {
    return {
      status: 'warn',
      message:
        `${plural(
          total,
          'etcd member',
        )}${where}: an even count tolerates no more failures than ${
          total - 1
        } members ` + `would (${Math.max(0, tolerated)} now)${downNote}`,
      remediation: `Run an odd number of etcd members: ${total + 1} (or ${
        total - 1
      }), spread over zones.`,
      evidence,
    };
  }
  if (tolerated === 0) {
    return {
      status: 'warn',
      message: `Only ${ready} of ${total} etcd members are Ready: one more failure loses quorum${downNote}`,
      remediation:
        'Bring the failed etcd members back to restore failure tolerance.',
      evidence,
    };
  }
  // rules CP2: members on distinct zones. All of them in one zone while the workers span several
  // means a zone outage loses quorum although the cluster could have placed them apart.
  const perZone = countPerZone(cluster, nodes);
  const allZoned =
    nodes.length > 0 &&
    Object.values(perZone).reduce((sum, n) => sum + n, 0) === nodes.length;
  if (allZoned && zones.length === 1 && cluster.workerZones.length >= 2) {
    return {
      status: 'warn',
      message: `${plural(total, 'etcd member')}, all Ready${
        where ? `,${where}` : ''
      }, while the workers span ${plural(
        cluster.workerZones.length,
        'zone',
      )} (${cluster.workerZones.join(', ')}): an outage of zone ${
        zones[0]
      } loses quorum`,
      remediation:
        'Move etcd members (control-plane nodes with stacked etcd) so that each zone holds fewer than a quorum ' +
        `(${quorum} of ${total}).`,
      evidence: { ...evidence, workerZones: cluster.workerZones },
    };
  }
  return {
    status: 'pass',
    message: `${plural(total, 'etcd member')}, all Ready${
      where ? `,${where}` : ''
    }: tolerates ${plural(tolerated, 'member failure')}`,
    evidence,
  };
}

/**
 * External etcd (rules CP2): only the configured endpoints are visible, not the members' health or
 * placement. A single or even count is decidable from the count alone; an odd count of 3 or more
 * would tolerate failures only if every member is healthy, which nothing here shows: `unknown`.
 */
function judgeExternal(external: {
  endpoints: string[];
  source: string;
}): CheckOutcome {
  const endpoints = distinct(external.endpoints);
  const count = endpoints.length;
  const evidence = {
    source: external.source,
    external: true,
    endpoints,
    count,
    health: 'unknown',
  };
  const counted = `${plural(count, 'external etcd endpoint')} configured (${
    external.source
  })`;
  const healthNote = 'their health is not visible from the Kubernetes API';
  if (count === 1) {
    return {
      status: 'fail',
      message: `Only ${counted}: a single etcd server is a single point of failure`,
      evidence,
    };
  }
  if (count % 2 === 0) {
    return {
      status: 'warn',
      message: `${counted}: an even member count adds no failure tolerance; ${healthNote}`,
      evidence,
    };
  }
  const tolerated = count - (Math.floor(count / 2) + 1);
  return {
    status: 'unknown',
    message:
      `${counted}: ${endpoints.join(', ')}. Enough to tolerate ${plural(
        tolerated,
        'member failure',
      )} if all are healthy, but ${healthNote}, ` +
      'nor are the zones they run in',
    remediation:
      'Check the external etcd cluster where it runs (etcdctl endpoint health --cluster, etcdctl member list), ' +
      'and keep its members in separate zones.',
    evidence,
  };
}

/**
 * k3s or RKE2 servers without etcd members (rules CP2): the datastore sits behind kine, SQLite (k3s
 * only; RKE2 has no SQLite mode) or an external SQL database (--datastore-endpoint), reached over
 * kine's unix socket or loopback. One server fails; more share a database whose availability is not visible.
 */
function judgeKine(
  cluster: ClusterView,
  socket: string | undefined,
): CheckOutcome {
  const rke2 = cluster.flavor === 'rke2';
  const distro = rke2 ? 'RKE2' : 'k3s';
  const servers = readyK3sServers(cluster).map(n => n.metadata.name);
  const evidence = {
    source: `${cluster.flavor}-servers`,
    datastore: rke2 ? 'kine' : 'sqlite-or-kine',
    servers,
    ...(socket ? { etcdServers: socket } : {}),
  };
  // No Ready server seen, or an RKE2 server (embedded etcd by default) without a kine socket:
  // nothing tells which datastore there is.
  if (servers.length === 0 || (rke2 && !socket))
    return {
      status: 'unknown',
      message:
        servers.length === 0
          ? `No Ready ${distro} server and no etcd member found: the datastore and its availability cannot be told`
          : `${plural(
              servers.length,
              'RKE2 server',
            )} without the etcd role and no kine socket in --etcd-servers: the datastore cannot be told`,
      evidence,
    };
  if (servers.length === 1) {
    const datastore = rke2
      ? `on an external datastore through kine (--etcd-servers=${socket})`
      : 'with its embedded SQLite datastore';
    return {
      status: 'fail',
      message: `A single ${distro} server (${servers[0]}) ${datastore}: losing it loses the control plane`,
      remediation: rke2
        ? 'Join 2 more RKE2 servers to the same external datastore (and run that database highly available), or use embedded etcd.'
        : 'Start k3s with --cluster-init and join 2 more servers (embedded etcd), or use an HA external datastore.',
      evidence,
    };
  }
  return {
    status: 'unknown',
    message: `${plural(
      servers.length,
      `${distro} server`,
    )} without the etcd role share an external datastore through kine${
      socket ? ` (--etcd-servers=${socket})` : ''
    }; its availability is not visible`,
    remediation:
      'Check that the external database behind kine (--datastore-endpoint) is itself highly available and backed up.',
    evidence,
  };
}

export const controlPlaneEtcdQuorum: ClusterCheck = {
  id: 'control-plane-etcd-quorum',
  title: 'etcd keeps quorum through a member failure',
  category: 'control-plane',
  severity: 'critical',
  scope: 'cluster',
  rationale:
    'etcd holds all cluster state and needs a majority of members to accept writes: 1 member tolerates no ' +
    'failure, 2 tolerate none either, 3 tolerate one, 5 tolerate two.',
  remediation: 'Run 3 or 5 etcd members on separate nodes in separate zones.',
  references: [
    'https://etcd.io/docs/latest/faq/#what-is-failure-tolerance',
    'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/',
    'https://docs.k3s.io/datastore/ha-embedded',
  ],
  evaluate({ cluster }): CheckOutcome {
    const missing = notEvaluable(cluster, 'nodes') ?? skipWhenManaged(cluster);
    if (missing) return missing;

    const members = inClusterMembers(cluster);
    if (members) return judgeInCluster(cluster, members);
    const external = externalEndpoints(cluster);
    if (external) return judgeExternal(external);

    // The API servers reach their datastore over a unix socket: kine on the same node, not etcd.
    const socket = kineSocket(cluster);
    if (cluster.flavor === 'k3s' || cluster.flavor === 'rke2') {
      return judgeKine(cluster, socket);
    }
    if (socket) {
      return {
        status: 'unknown',
        message:
          `The API servers reach their datastore over a local unix socket (${socket}), not etcd: typically kine ` +
          'in front of SQLite or an external SQL database, whose availability is not visible from the Kubernetes API',
        evidence: { flavor: cluster.flavor, etcdServers: socket },
      };
    }
    return {
      status: 'unknown',
      message:
        cluster.unavailable('pods', 'configmaps') ??
        kubeadmConfigUnreadable(cluster) ??
        'No etcd members found: no etcd static pods, no etcd-role nodes and no external etcd endpoints',
      evidence: { flavor: cluster.flavor },
    };
  },
};
