/**
 * Which nodes a pod template may be scheduled on: Ready, schedulable, every NoSchedule/NoExecute
 * taint tolerated, nodeSelector and required node affinity satisfied. Resource fit is not modelled.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { nodeSelectionAdmits, untoleratedTaints } from '../scheduling';
import { distinct, perCluster } from '../util';

/** Whether the pod spec may be placed on the node (scheduling constraints only). */
export function podFitsNode(
  cluster: ClusterView,
  podSpec: any,
  node: K8sObject,
): boolean {
  if (!cluster.isNodeReady(node) || node.spec?.unschedulable === true)
    return false;
  return (
    untoleratedTaints(podSpec, node).length === 0 &&
    nodeSelectionAdmits(podSpec, node)
  );
}

const UNCONSTRAINED_KEY = JSON.stringify([null, null, null]);

/** What podFitsNode reads from a pod spec (parsed from JSON or YAML): specs with the same key fit the same nodes. */
export function schedulingKey(podSpec: any): string {
  const tolerations = podSpec?.tolerations;
  const nodeSelector = podSpec?.nodeSelector;
  const terms =
    podSpec?.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Most specs constrain nothing: the key JSON.stringify gives them, without serialising.
  if (
    (tolerations === undefined || tolerations === null) &&
    (nodeSelector === undefined || nodeSelector === null) &&
    (terms === undefined || terms === null)
  )
    return UNCONSTRAINED_KEY;
  return JSON.stringify([tolerations, nodeSelector, terms]);
}

interface Eligibility {
  nodes: K8sObject[];
  /** Distinct zones of the nodes, sorted. */
  zones: string[];
}

const eligibilityByKey = perCluster(() => new Map<string, Eligibility>());
// Several checks ask about the same pod spec (one object per workload): its answer is kept by it.
const eligibilityBySpec = perCluster(() => new WeakMap<object, Eligibility>());

/** Nodes and zones for the pod spec's scheduling constraints, computed once per distinct set of them. */
function eligibility(cluster: ClusterView, podSpec: any): Eligibility {
  const isObject = podSpec !== null && typeof podSpec === 'object';
  const bySpec = eligibilityBySpec(cluster);
  const known = isObject ? bySpec.get(podSpec) : undefined;
  if (known) return known;
  const memo = eligibilityByKey(cluster);
  const key = schedulingKey(podSpec);
  let found = memo.get(key);
  if (!found) {
    const nodes = cluster
      .list('nodes')
      .filter(node => podFitsNode(cluster, podSpec, node));
    found = {
      nodes,
      zones: distinct(nodes.map(n => cluster.zoneOfNode(n.metadata.name))),
    };
    memo.set(key, found);
  }
  if (isObject) bySpec.set(podSpec, found);
  return found;
}

/**
 * The nodes the pod spec may be scheduled on (a shared list: do not modify it). Most workloads
 * share their scheduling constraints while nodes are many: computed once per distinct constraints.
 */
export function eligibleNodes(cluster: ClusterView, podSpec: any): K8sObject[] {
  return eligibility(cluster, podSpec).nodes;
}

/** The distinct zones (sorted) of the nodes the pod spec may be scheduled on. */
export function eligibleZones(cluster: ClusterView, podSpec: any): string[] {
  return [...eligibility(cluster, podSpec).zones];
}

const domainsByKey = perCluster(() => new Map<string, string[]>());

/**
 * The distinct values of `topologyKey` (sorted) on the nodes the pod spec may be scheduled on:
 * once per key and distinct scheduling constraints (a shared list: do not modify it).
 */
export function eligibleDomains(
  cluster: ClusterView,
  podSpec: any,
  topologyKey: string,
): string[] {
  const memo = domainsByKey(cluster);
  const key = `${topologyKey}\n${schedulingKey(podSpec)}`;
  let domains = memo.get(key);
  if (!domains) {
    // An empty value is a domain too (the node carries the key), as constraintDomains counts it.
    const values = new Set<string>();
    for (const node of eligibleNodes(cluster, podSpec)) {
      const value = node.metadata.labels?.[topologyKey];
      if (typeof value === 'string') values.add(value);
    }
    domains = [...values].sort();
    memo.set(key, domains);
  }
  return domains;
}
