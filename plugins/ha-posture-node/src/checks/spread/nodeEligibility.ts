/**
 * Which nodes a pod template may be scheduled on: Ready, schedulable, every NoSchedule/NoExecute
 * taint tolerated, nodeSelector and required node affinity satisfied. Resource fit is not modelled.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { distinct, perCluster } from '../util';

function tolerates(tolerations: any[], taint: any): boolean {
  return tolerations.some(t => {
    if (t?.effect && t.effect !== taint.effect) return false;
    if (t?.operator === 'Exists') return !t.key || t.key === taint.key;
    return t?.key === taint.key && (t?.value ?? '') === (taint.value ?? '');
  });
}

function requirementHolds(req: any, value: string | undefined): boolean {
  const values: string[] = Array.isArray(req?.values) ? req.values : [];
  switch (req?.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const actual = Number.parseInt(value ?? '', 10);
      const bound = Number.parseInt(values[0] ?? '', 10);
      if (Number.isNaN(actual) || Number.isNaN(bound)) return false;
      return req.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: all its requirements hold; an empty term matches nothing. */
function termMatches(term: any, node: K8sObject): boolean {
  const labels = node.metadata.labels ?? {};
  const expressions = Array.isArray(term?.matchExpressions)
    ? term.matchExpressions
    : [];
  const fields = Array.isArray(term?.matchFields) ? term.matchFields : [];
  if (expressions.length === 0 && fields.length === 0) return false;
  return (
    expressions.every((req: any) => requirementHolds(req, labels[req?.key])) &&
    fields.every((req: any) =>
      requirementHolds(
        req,
        req?.key === 'metadata.name' ? node.metadata.name : undefined,
      ),
    )
  );
}

/** Whether the pod spec may be placed on the node (scheduling constraints only). */
export function podFitsNode(
  cluster: ClusterView,
  podSpec: any,
  node: K8sObject,
): boolean {
  if (!cluster.isNodeReady(node) || node.spec?.unschedulable === true)
    return false;
  const tolerations = Array.isArray(podSpec?.tolerations)
    ? podSpec.tolerations
    : [];
  const taints = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
  if (
    taints.some(
      (t: any) =>
        (t?.effect === 'NoSchedule' || t?.effect === 'NoExecute') &&
        !tolerates(tolerations, t),
    )
  )
    return false;
  const labels = node.metadata.labels ?? {};
  const nodeSelector = podSpec?.nodeSelector ?? {};
  if (Object.entries(nodeSelector).some(([k, v]) => labels[k] !== v))
    return false;
  const terms =
    podSpec?.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !Array.isArray(terms) || terms.some(term => termMatches(term, node));
}

const UNCONSTRAINED_KEY = JSON.stringify([null, null, null]);

/** What podFitsNode reads from a pod spec (parsed from JSON or YAML): specs with the same key fit the same nodes. */
function schedulingKey(podSpec: any): string {
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
