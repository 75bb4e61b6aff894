/**
 * Where a pod template may be scheduled: taints and tolerations, nodeSelector and required node
 * affinity (the scheduler's filters that matter for "does this DaemonSet reach every node").
 */
import { K8sObject } from '../model/snapshot';

/**
 * Taints every DaemonSet pod tolerates automatically (the DaemonSet controller adds these
 * tolerations), so they never keep a DaemonSet off a node.
 */
const DAEMONSET_DEFAULT_TOLERATED_KEYS = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/unschedulable',
  'node.kubernetes.io/network-unavailable',
]);

/** Whether one toleration tolerates the taint (Kubernetes' Toleration.ToleratesTaint). */
function toleratesTaint(toleration: any, taint: any): boolean {
  if (toleration?.effect && toleration.effect !== taint?.effect) return false;
  const operator = toleration?.operator ?? 'Equal';
  // An empty key with Exists tolerates every taint.
  if (!toleration?.key) return operator === 'Exists';
  if (toleration.key !== taint?.key) return false;
  return (
    operator === 'Exists' || (toleration.value ?? '') === (taint?.value ?? '')
  );
}

/** Taints of the node that keep pods away (NoSchedule, NoExecute) and that no toleration tolerates. */
export function untoleratedTaints(
  podSpec: any,
  node: K8sObject,
  options: { daemonSet?: boolean } = {},
): any[] {
  const tolerations = Array.isArray(podSpec?.tolerations)
    ? podSpec.tolerations
    : [];
  const taints = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
  return taints.filter(
    (taint: any) =>
      (taint?.effect === 'NoSchedule' || taint?.effect === 'NoExecute') &&
      !(
        options.daemonSet && DAEMONSET_DEFAULT_TOLERATED_KEYS.has(taint?.key)
      ) &&
      !tolerations.some((t: any) => toleratesTaint(t, taint)),
  );
}

const INTEGER = /^[+-]?\d+$/;

function requirementHolds(req: any, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req?.key);
  const values: string[] = Array.isArray(req?.values)
    ? req.values.map(String)
    : [];
  const value = labels[req?.key];
  switch (req?.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      // Both sides are read as base-10 integers (the scheduler's strconv.ParseInt): "1.5", "",
      // "0x10" match nothing.
      if (!has || !INTEGER.test(value) || !INTEGER.test(values[0] ?? ''))
        return false;
      const actual = Number(value);
      const bound = Number(values[0]);
      return req.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/**
 * Whether the node satisfies required node affinity terms (ORed terms of ANDed label
 * requirements; matchFields is checked for `metadata.name` only). No terms: any node.
 */
export function nodeMatchesSelectorTerms(terms: any, node: K8sObject): boolean {
  if (!Array.isArray(terms) || terms.length === 0) return true;
  const labels = node.metadata?.labels ?? {};
  const fields = { 'metadata.name': node.metadata?.name };
  return terms.some((term: any) => {
    const expressions = Array.isArray(term?.matchExpressions)
      ? term.matchExpressions
      : [];
    const fieldReqs = Array.isArray(term?.matchFields) ? term.matchFields : [];
    // An empty term matches no objects (as in the scheduler).
    if (expressions.length === 0 && fieldReqs.length === 0) return false;
    return (
      expressions.every((r: any) => requirementHolds(r, labels)) &&
      fieldReqs.every((r: any) => requirementHolds(r, fields))
    );
  });
}

/** Whether the pod spec's nodeSelector and required node affinity admit the node (taints aside). */
export function nodeSelectionAdmits(podSpec: any, node: K8sObject): boolean {
  const labels = node.metadata?.labels ?? {};
  const selector = podSpec?.nodeSelector ?? {};
  if (Object.entries(selector).some(([key, value]) => labels[key] !== value))
    return false;
  return nodeMatchesSelectorTerms(
    podSpec?.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    node,
  );
}
