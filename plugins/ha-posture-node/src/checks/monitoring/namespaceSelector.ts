/**
 * Whether a namespace label selector (a Prometheus serviceMonitorNamespaceSelector,
 * ruleNamespaceSelector ...) selects a namespace, when the namespace's labels may be unknown:
 * without the Namespace object only the `kubernetes.io/metadata.name` label, which the API server
 * sets on every namespace, is known.
 */
import { LabelSelector, matchesLabelSelector } from '../../engine/labels';
import { ClusterView } from '../../model/view';
import { perCluster } from '../util';

const NAME_LABEL = 'kubernetes.io/metadata.name';

export type NamespaceMatch = 'match' | 'no-match' | { unverifiable: string };

/** Namespace label sets by namespace name, built once per cluster (shared: not to be modified). */
const namespaceLabelSets = perCluster(
  () => new Map<string, Record<string, string> | undefined>(),
);

/** The namespace's labels with its name label, or undefined when the Namespace object is not in the input. */
function namespaceLabels(
  cluster: ClusterView,
  namespace: string,
): Record<string, string> | undefined {
  const memo = namespaceLabelSets(cluster);
  if (memo.has(namespace)) return memo.get(namespace);
  const object =
    cluster.fetchState('namespaces').status === 'ok'
      ? cluster.namespace(namespace)
      : undefined;
  const labels = object
    ? { ...(object.metadata.labels ?? {}), [NAME_LABEL]: namespace }
    : undefined;
  memo.set(namespace, labels);
  return labels;
}

/** The part of the selector about the name label, and whether it also asks for other labels. */
function splitOnName(selector: LabelSelector): {
  byName: LabelSelector;
  needsOtherLabels: boolean;
} {
  const matchLabels: Record<string, string> = {};
  let needsOtherLabels = false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (key === NAME_LABEL) matchLabels[key] = value;
    else needsOtherLabels = true;
  }
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  const matchExpressions = expressions.filter(e => e?.key === NAME_LABEL);
  if (matchExpressions.length < expressions.length) needsOtherLabels = true;
  return { byName: { matchLabels, matchExpressions }, needsOtherLabels };
}

/**
 * Whether the (non-null) selector selects the namespace. Without the Namespace object, a selector
 * on the name label alone is still decided, and so is one whose name requirements exclude the
 * namespace; any other is unverifiable, with the reason.
 */
export function namespaceSelectorMatch(
  cluster: ClusterView,
  selector: LabelSelector,
  namespace: string,
): NamespaceMatch {
  const labels = namespaceLabels(cluster, namespace);
  if (labels)
    return matchesLabelSelector(selector, labels) ? 'match' : 'no-match';
  const { byName, needsOtherLabels } = splitOnName(selector);
  if (!matchesLabelSelector(byName, { [NAME_LABEL]: namespace }))
    return 'no-match';
  if (!needsOtherLabels) return 'match';
  return {
    unverifiable:
      cluster.unavailable('namespaces') ??
      `namespace ${namespace} is not in the input, so its labels are unknown`,
  };
}
