/**
 * Whether a webhook that fails closed intercepts the creation of its own backend's pods: once all
 * of them are down, the API server refuses their replacements, and only an administrator can
 * break the deadlock (Kubernetes: "avoiding deadlocks in self-hosted webhooks").
 */
import { matchesLabelSelector } from '../../engine/labels';
import { ClusterView } from '../../model/view';

/** The label the API server gives every namespace (Kubernetes 1.22+), which namespaceSelectors may use. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const has = (values: unknown, ...wanted: string[]) =>
  Array.isArray(values) && values.some(v => wanted.includes(v));

/** A rule of the webhook covers creating pods. */
function interceptsPodCreation(webhook: any): boolean {
  const rules: any[] = Array.isArray(webhook?.rules) ? webhook.rules : [];
  return rules.some(
    rule =>
      has(rule?.apiGroups, '', '*') &&
      has(rule?.resources, 'pods', '*', '*/*') &&
      has(rule?.operations, 'CREATE', '*') &&
      rule?.scope !== 'Cluster',
  );
}

/** A webhook selector: unset selects everything (and `{}`, as for any label selector). */
function selects(selector: any, labels: Record<string, string>): boolean {
  return (
    selector === undefined ||
    selector === null ||
    matchesLabelSelector(selector, labels)
  );
}

/**
 * Whether the webhook would judge the pods of a backend with these pod labels in `namespace`.
 * matchConditions (CEL) cannot be evaluated here: a webhook with any is not claimed to.
 */
export function blocksOwnPods(
  cluster: ClusterView,
  webhook: any,
  namespace: string,
  podLabels: Record<string, string>,
): boolean {
  if (!interceptsPodCreation(webhook)) return false;
  if (Array.isArray(webhook?.matchConditions) && webhook.matchConditions.length)
    return false;
  const namespaceLabels = {
    ...(cluster.namespace(namespace)?.metadata?.labels ?? {}),
    [NAMESPACE_NAME_LABEL]: namespace,
  };
  return (
    selects(webhook?.namespaceSelector, namespaceLabels) &&
    selects(webhook?.objectSelector, podLabels)
  );
}
