/** Node facts shared by the nodes, control-plane, network and replicas checks. */
import { CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { hasControlPlaneRole } from '../../engine/flavor';
import { isFargateNode, isVirtualNode } from '../../engine/clusterView';
import { distinct, notEvaluable, podIsActive, podIsReady } from '../util';

/**
 * The outcome when the nodes cannot be judged: not read (`unknown`/`skipped` with the reason), or
 * an empty node list (a dump without nodes). Undefined when there are nodes.
 */
export function nodesNotEvaluable(
  cluster: ClusterView,
): CheckOutcome | undefined {
  const missing = notEvaluable(cluster, 'nodes');
  if (missing) return missing;
  if (cluster.list('nodes').length === 0) {
    return {
      status: 'unknown',
      message: `The snapshot of cluster ${cluster.name} lists no nodes`,
      evidence: { nodes: 0 },
    };
  }
  return undefined;
}

/**
 * The virtual nodes (EKS Fargate, virtual-kubelet) when they are the only workers: every node
 * without a control-plane role is virtual, and there is at least one. Undefined otherwise. Such a
 * cluster has no shared worker capacity to count: the provider supplies capacity per pod (rules N1
 * leaves virtual nodes out of capacity counts).
 */
export function virtualOnlyWorkers(
  cluster: ClusterView,
): K8sObject[] | undefined {
  const workers = cluster.list('nodes').filter(n => !hasControlPlaneRole(n));
  return workers.length > 0 && workers.every(isVirtualNode)
    ? workers
    : undefined;
}

/** `Fargate`, `virtual-kubelet` or `Fargate or virtual-kubelet`: what kind of virtual nodes these are, for messages. */
export function virtualKind(virtualNodes: K8sObject[]): string {
  const fargate = virtualNodes.filter(isFargateNode).length;
  if (fargate === virtualNodes.length) return 'Fargate';
  return fargate === 0 ? 'virtual-kubelet' : 'Fargate or virtual-kubelet';
}

/** `a, b, c` or `a, b, c and 7 more`: long node lists stay readable in messages. */
export function nameList(names: string[], max = 8): string {
  return names.length <= max
    ? names.join(', ')
    : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Zone → how many of the nodes are in it (nodes without a real zone are left out). */
export function countPerZone(
  cluster: ClusterView,
  nodeNames: string[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of nodeNames) {
    const zone = cluster.zoneOfNode(name);
    if (zone) counts[zone] = (counts[zone] ?? 0) + 1;
  }
  return counts;
}

/** Zone → number of usable workers in it. */
export function workersPerZone(cluster: ClusterView): Record<string, number> {
  return countPerZone(
    cluster,
    cluster.usableWorkers().map(n => n.metadata.name),
  );
}

/** The distinct nodes a set of instances runs on, and their zones (only where nodes are labelled). */
export function spreadOf(
  cluster: ClusterView,
  nodeNames: Array<string | undefined>,
): { nodes: string[]; zones: string[] } {
  const nodes = distinct(nodeNames);
  return { nodes, zones: distinct(nodes.map(n => cluster.zoneOfNode(n))) };
}

/** `a: 2, b: 2, c: 1`. */
export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ');
}

/** A pod that is not Ready, and the node it is bound to. */
export interface NotReadyPod {
  pod: string;
  node?: string;
}

/** The active pods that are not Ready, with their nodes. */
export function notReadyPods(pods: K8sObject[]): NotReadyPod[] {
  return pods
    .filter(p => podIsActive(p) && !podIsReady(p))
    .map(p => ({
      pod: p.metadata.name,
      ...(p.spec?.nodeName ? { node: p.spec.nodeName as string } : {}),
    }));
}

/**
 * The nodes that explain a per-node agent's gap: when every one of the `missing` agents is a
 * not-ready pod on a node that is not Ready itself, that is the node's failure (nodes-not-ready
 * reports it), not the agent's. Returns those nodes, else undefined (some agent is missing on a
 * Ready node, or the nodes were not read).
 */
export function downNodesExplainingGap(
  cluster: ClusterView,
  notReady: NotReadyPod[],
  missing: number,
): string[] | undefined {
  if (cluster.fetchState('nodes').status !== 'ok') return undefined;
  const isDown = (name: string | undefined) => {
    const node = name === undefined ? undefined : cluster.node(name);
    return node !== undefined && !cluster.isNodeReady(node);
  };
  const down = distinct(notReady.map(p => p.node).filter(isDown));
  return down.length > 0 && down.length >= missing ? down : undefined;
}
