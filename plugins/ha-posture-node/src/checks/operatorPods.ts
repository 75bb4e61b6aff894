/**
 * Pods an operator creates from a custom resource: a manifests scan has the resource but not the
 * pods, so a Service or PodDisruptionBudget meant for them matches no scanned workload.
 */
import { LabelSelector } from '../engine/labels';
import { ResourceKey } from '../model/resources';
import { K8sObject } from '../model/snapshot';
import { ClusterView } from '../model/view';

/**
 * Custom resources whose operator creates pods, and the labels it gives them. The Prometheus
 * Operator labels the pods of an Alertmanager or Prometheus `<name>` with `alertmanager: <name>` /
 * `prometheus: <name>`, `app` or `app.kubernetes.io/name` set to `alertmanager` / `prometheus`,
 * `app.kubernetes.io/instance` or `operator.prometheus.io/name` set to `<name>`,
 * `operator.prometheus.io/shard: <n>` (Prometheus), `app.kubernetes.io/managed-by:
 * prometheus-operator`, plus the CR's spec.podMetadata.labels
 * (prometheus-operator pkg/alertmanager and pkg/prometheus statefulset.go; the label set grew over
 * the releases, so any of them is accepted). These pods exist only in the cluster.
 */
const OPERATOR_POD_OWNERS: Array<{ key: ResourceKey; operator: string }> = [
  {
    key: 'alertmanagers.monitoring.coreos.com',
    operator: 'prometheus-operator',
  },
  {
    key: 'prometheuses.monitoring.coreos.com',
    operator: 'prometheus-operator',
  },
];

/** Whether the operator of `owner` puts the label `key=value` on the pods it creates for it. */
function operatorGivesPodsLabel(
  owner: K8sObject,
  operator: string,
  key: string,
  value: string,
): boolean {
  if (owner.spec?.podMetadata?.labels?.[key] === value) return true;
  const kind = (owner.kind ?? '').toLowerCase();
  switch (key) {
    case 'app.kubernetes.io/managed-by':
      return value === operator;
    case 'app':
    case 'app.kubernetes.io/name':
      return value === kind;
    case kind:
    case 'app.kubernetes.io/instance':
    case 'operator.prometheus.io/name':
      return value === owner.metadata.name;
    case 'operator.prometheus.io/shard':
      return (
        kind === 'prometheus' &&
        /^\d+$/.test(value) &&
        Number(value) < Number(owner.spec?.shards ?? 1)
      );
    default:
      return false;
  }
}

/** Whether the namespace holds a custom resource whose operator creates pods (readable types only). */
export function hasOperatorPodOwners(
  cluster: ClusterView,
  namespace: string,
): boolean {
  return OPERATOR_POD_OWNERS.some(
    ({ key }) =>
      cluster.fetchState(key).status === 'ok' &&
      cluster.inNamespace(key, namespace).length > 0,
  );
}

/**
 * In a manifests scan, the custom resource whose operator will create the pods a Service selects:
 * one in the Service's namespace for which every pair of the selector is a label the operator gives
 * its pods. Every pair must fit, so a typo in any value (`alertmanager: mian`) still finds none.
 */
export function operatorOwnerOf(
  cluster: ClusterView,
  namespace: string,
  selector: Record<string, string>,
): K8sObject | undefined {
  for (const { key, operator } of OPERATOR_POD_OWNERS) {
    if (cluster.fetchState(key).status !== 'ok') continue;
    const owner = cluster
      .inNamespace(key, namespace)
      .find(o =>
        Object.entries(selector).every(([k, v]) =>
          operatorGivesPodsLabel(o, operator, k, String(v)),
        ),
      );
    if (owner) return owner;
  }
  return undefined;
}

/**
 * The pairs a label selector requires exactly (matchLabels, and `In` with one value), or undefined
 * when it requires anything else (several values, NotIn, Exists): then no pod set can be told.
 */
export function exactPairs(
  selector: LabelSelector | null | undefined,
): Record<string, string> | undefined {
  if (!selector || typeof selector !== 'object') return undefined;
  const pairs: Record<string, string> = { ...(selector.matchLabels ?? {}) };
  for (const req of selector.matchExpressions ?? []) {
    if (req?.operator !== 'In' || req.values?.length !== 1) return undefined;
    if (req.key in pairs && pairs[req.key] !== req.values[0]) return undefined;
    pairs[req.key] = req.values[0];
  }
  return Object.keys(pairs).length > 0 ? pairs : undefined;
}
