/**
 * The etcd members running in the cluster (rules CP2), as control-plane-etcd-quorum counts them;
 * control-plane-nodes-zones uses the same count to tell whether losing a node loses quorum.
 */
import { ClusterView } from '../../model/view';
import { podIsReady } from '../util';
import { componentPods } from './controlPlaneSignals';

export const ETCD_ROLE_LABEL = 'node-role.kubernetes.io/etcd';

/** etcd members seen in the cluster: static pods (kubeadm, RKE2, OpenShift) or k3s/RKE2 etcd nodes. */
export interface InClusterMembers {
  source: 'static-pods' | 'etcd-nodes';
  total: number;
  /** Nodes of the Ready members. */
  readyNodes: string[];
  notReady: string[];
}

/**
 * The members where they run, whatever the node's other roles: an etcd-only RKE2 server
 * (`node-role.kubernetes.io/etcd`) or an OpenShift arbiter node runs a member without being a
 * control-plane node. Static pods first; without them, nodes labelled with the etcd role.
 */
export function inClusterMembers(
  cluster: ClusterView,
): InClusterMembers | undefined {
  const pods =
    cluster.fetchState('pods').status === 'ok'
      ? componentPods(cluster, 'etcd')
      : [];
  if (pods.length > 0) {
    return {
      source: 'static-pods',
      total: pods.length,
      readyNodes: pods
        .filter(podIsReady)
        .map(p => p.spec?.nodeName ?? p.metadata.name),
      notReady: pods.filter(p => !podIsReady(p)).map(p => p.metadata.name),
    };
  }
  // k3s and RKE2 label the servers that run embedded etcd.
  const etcdNodes = cluster
    .list('nodes')
    .filter(n => n.metadata.labels?.[ETCD_ROLE_LABEL] === 'true');
  if (etcdNodes.length > 0) {
    return {
      source: 'etcd-nodes',
      total: etcdNodes.length,
      readyNodes: etcdNodes
        .filter(n => cluster.isNodeReady(n))
        .map(n => n.metadata.name),
      notReady: etcdNodes
        .filter(n => !cluster.isNodeReady(n))
        .map(n => n.metadata.name),
    };
  }
  return undefined;
}

/** Members needed for quorum: a majority of all members, Ready or not. */
export function etcdQuorum(members: InClusterMembers): number {
  return Math.floor(members.total / 2) + 1;
}

/** Whether the Ready members left after losing `node` still make a quorum. */
export function keepsQuorumWithout(
  members: InClusterMembers,
  node: string,
): boolean {
  const left = members.readyNodes.filter(n => n !== node).length;
  return left >= etcdQuorum(members);
}
