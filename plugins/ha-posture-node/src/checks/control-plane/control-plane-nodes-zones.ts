import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { notEvaluable, plural } from '../util';
import {
  INFRASTRUCTURES,
  inZones,
  skipWhenManaged,
} from './controlPlaneSignals';
import { countPerZone, spreadOf } from '../nodes/nodeFacts';
import {
  InClusterMembers,
  etcdQuorum,
  inClusterMembers,
  keepsQuorumWithout,
} from './etcdMembers';

/** OpenShift states its control-plane shape in infrastructures/cluster. */
function openShiftTopology(cluster: ClusterView): string | undefined {
  if (
    cluster.flavor !== 'openshift' ||
    cluster.fetchState(INFRASTRUCTURES).status !== 'ok'
  )
    return undefined;
  const topology = cluster.get(INFRASTRUCTURES, undefined, 'cluster')?.status
    ?.controlPlaneTopology;
  return typeof topology === 'string' ? topology : undefined;
}

/**
 * Two Ready control-plane nodes: no redundancy for the API servers (warn), and a failure when
 * losing one of them also loses etcd quorum. The members are counted where they run, so a third
 * member outside the control-plane nodes (RKE2 etcd-only server, OpenShift arbiter) keeps quorum.
 */
function twoNodes(
  ready: string[],
  members: InClusterMembers | undefined,
  counted: string,
  downNote: string,
  evidence: Record<string, unknown>,
): CheckOutcome {
  const losing = members
    ? ready.filter(n => !keepsQuorumWithout(members, n))
    : [];
  if (members && losing.length > 0) {
    const alreadyLost = members.readyNodes.length < etcdQuorum(members);
    let consequence: string;
    if (alreadyLost) {
      consequence = `etcd has already lost quorum (${members.readyNodes.length} of ${members.total} members Ready; see control-plane-etcd-quorum)`;
    } else if (losing.length === ready.length) {
      consequence = 'losing either node loses etcd quorum';
    } else {
      consequence = `losing ${losing.join(', ')} loses etcd quorum`;
    }
    return {
      status: 'fail',
      message: `Only ${counted}, with stacked etcd: ${consequence}${downNote}`,
      evidence,
    };
  }
  const outside = members
    ? members.readyNodes.filter(n => !ready.includes(n))
    : [];
  let etcdNote = '';
  if (members && outside.length > 0) {
    const share =
      outside.length === members.readyNodes.length
        ? 'all'
        : String(outside.length);
    etcdNote = `; etcd keeps quorum when either is lost (${plural(
      members.total,
      'member',
    )}, ${share} on ${outside.join(', ')}, outside the control-plane nodes)`;
  }
  return {
    status: 'warn',
    message: `Only ${counted}: losing one leaves no redundancy${etcdNote}${downNote}`,
    evidence,
  };
}

export const controlPlaneNodesZones: ClusterCheck = {
  id: 'control-plane-nodes-zones',
  title: 'At least 3 Ready control-plane nodes across 3 zones',
  category: 'control-plane',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'Control-plane nodes carry the API servers and usually etcd: with 3 nodes in 3 zones, a node or a whole zone ' +
    'can fail and the remaining 2 keep quorum. 2 stacked nodes are worse than 1: losing either loses etcd quorum.',
  remediation: 'Run 3 (or 5) control-plane nodes, one per availability zone.',
  references: [
    'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/',
    'https://kubernetes.io/docs/setup/best-practices/multiple-zones/',
    'https://docs.openshift.com/container-platform/latest/installing/installing_sno/install-sno-preparing-to-install-sno.html',
  ],
  evaluate({ cluster }): CheckOutcome {
    const missing = notEvaluable(cluster, 'nodes');
    if (missing) return missing;
    const topology = openShiftTopology(cluster);
    if (topology === 'SingleReplica') {
      return {
        status: 'fail',
        message:
          'OpenShift reports a SingleReplica control plane (single-node OpenShift): one node failure stops the cluster',
        remediation:
          'Single-node OpenShift cannot be made HA in place: run a 3-node (HighlyAvailable) cluster for production.',
        evidence: { controlPlaneTopology: topology },
      };
    }
    const managed = skipWhenManaged(cluster);
    if (managed) return managed;

    const controlPlane = cluster.controlPlaneNodes();
    if (controlPlane.length === 0) {
      return {
        status: 'unknown',
        message:
          'No node carries a control-plane role label (node-role.kubernetes.io/control-plane or master), so the control-plane nodes cannot be identified',
        evidence: { flavor: cluster.flavor },
      };
    }
    const ready = controlPlane
      .filter(n => cluster.isNodeReady(n))
      .map(n => n.metadata.name);
    const notReady = controlPlane
      .filter(n => !cluster.isNodeReady(n))
      .map(n => n.metadata.name);
    const { zones } = spreadOf(cluster, ready);
    const perZone = countPerZone(cluster, ready);
    const members = inClusterMembers(cluster);
    const stackedEtcd = ready.some(n => members?.readyNodes.includes(n));
    const evidence = {
      ready,
      notReady,
      zones,
      nodesPerZone: perZone,
      stackedEtcd,
      ...(members
        ? {
            etcdMembers: members.total,
            etcdReadyMembers: members.readyNodes.length,
            etcdQuorum: etcdQuorum(members),
          }
        : {}),
      ...(topology ? { controlPlaneTopology: topology } : {}),
    };
    const downNote =
      notReady.length > 0 ? `; not Ready: ${notReady.join(', ')}` : '';
    const counted = `${plural(
      ready.length,
      'Ready control-plane node',
    )} (${ready.join(', ')})${inZones(zones)}`;

    if (ready.length === 0) {
      return {
        status: 'fail',
        message: `None of the ${plural(
          controlPlane.length,
          'control-plane node',
        )} is Ready${downNote}`,
        evidence,
      };
    }
    if (ready.length === 1) {
      return {
        status: 'fail',
        message: `Only ${counted}: the control plane goes down with that node${downNote}`,
        evidence,
      };
    }
    if (ready.length === 2) {
      return twoNodes(ready, members, counted, downNote, evidence);
    }
    if (zones.length === 0) {
      return {
        status: 'pass',
        message: `${counted}; zones unknown (the nodes carry no zone labels)${downNote}`,
        evidence,
      };
    }
    if (zones.length < 3) {
      const [biggest, count] = Object.entries(perZone).sort(
        ([, a], [, b]) => b - a,
      )[0];
      const majority = count > ready.length / 2;
      return {
        status: 'warn',
        message: `${counted}: ${
          majority
            ? `losing zone ${biggest} (${plural(
                count,
                'node',
              )}) loses the majority`
            : 'fewer than 3 zones'
        }${downNote}`,
        remediation:
          'Place one control-plane node in each of 3 zones so a zone outage leaves a majority.',
        evidence,
      };
    }
    return { status: 'pass', message: `${counted}${downNote}`, evidence };
  },
};
