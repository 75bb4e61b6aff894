/**
 * The alerting rule objects of a cluster: PrometheusRules, and GKE Managed Prometheus Rules,
 * ClusterRules and GlobalRules, each with the one namespace its queries see when its evaluator
 * confines them (see RuleObject.queryNamespace): GKE does for Rules, and the Prometheus Operator
 * for a PrometheusRule when every Prometheus or ThanosRuler loading it sets
 * enforcedNamespaceLabel. And their alert index, once per cluster.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { perCluster } from '../util';
import { AlertIndex, RuleObject } from './alertIndex';
import {
  loadersFor,
  MONITORING_KEYS,
  prometheusSelectionOnce,
  qualifiedName,
  RULE_FIELDS,
} from './prometheus';

/** GKE Managed Prometheus rule objects: namespaced Rules, cluster-wide ClusterRules, cross-cluster GlobalRules. */
const GKE_RULE_KEYS = {
  rules: MONITORING_KEYS.gkeRules,
  clusterRules: MONITORING_KEYS.gkeClusterRules,
  globalRules: MONITORING_KEYS.gkeGlobalRules,
} as const;

/** Every kind of rule object the alert check reads. */
export const RULE_OBJECT_KEYS = [
  MONITORING_KEYS.prometheusRules,
  MONITORING_KEYS.vmRules,
  GKE_RULE_KEYS.rules,
  GKE_RULE_KEYS.clusterRules,
  GKE_RULE_KEYS.globalRules,
];

const GKE_LABELS: Record<string, string> = {
  [GKE_RULE_KEYS.rules]: 'GKE Managed Prometheus Rules',
  [GKE_RULE_KEYS.clusterRules]: 'GKE Managed Prometheus ClusterRules',
  [GKE_RULE_KEYS.globalRules]: 'GKE Managed Prometheus GlobalRules',
};

/**
 * Whether a loader (Prometheus, ThanosRuler) adds `<enforcedNamespaceLabel>="<rule's namespace>"`
 * to every selector of the rule: it does unless prometheusRulesExcludedFromEnforce lists the rule.
 */
function enforcesNamespace(loader: K8sObject, rule: K8sObject): boolean {
  const label = loader.spec?.enforcedNamespaceLabel;
  if (typeof label !== 'string' || label === '') return false;
  const excluded = loader.spec?.prometheusRulesExcludedFromEnforce;
  return !(
    Array.isArray(excluded) &&
    excluded.some(
      e =>
        e?.ruleNamespace === rule.metadata.namespace &&
        e?.ruleName === rule.metadata.name,
    )
  );
}

/**
 * The namespace a PrometheusRule's queries see when every loader selecting it enforces the
 * namespace label; undefined when none is known to select it or one does not enforce it
 * (coverage by any loader is coverage). `loaders`: the loader objects by label, as the selection
 * names them.
 */
function enforcedNamespace(
  cluster: ClusterView,
  rule: K8sObject,
  loaders: ReadonlyMap<string, K8sObject>,
): string | undefined {
  const selection = prometheusSelectionOnce(cluster, rule, RULE_FIELDS);
  if (selection.state !== 'selected') return undefined;
  for (const label of selection.loaders) {
    const loader = loaders.get(label);
    if (!loader || !enforcesNamespace(loader, rule)) return undefined;
  }
  return rule.metadata.namespace ?? 'default';
}

/** The readable rule objects of the cluster, PrometheusRules first (objects of a kind that could not be read are left out). */
function ruleObjectsOf(cluster: ClusterView): RuleObject[] {
  const readable = (key: string) =>
    cluster.fetchState(key).status === 'ok' ? cluster.list(key) : [];
  const loaders = new Map(
    loadersFor(cluster, RULE_FIELDS).loaders.map(l => [l.label, l.object]),
  );
  // Without a loader enforcing it, no rule needs its selection judged here.
  const enforcing = [...loaders.values()].some(
    l => l.spec?.enforcedNamespaceLabel,
  );
  const objects: RuleObject[] = readable(MONITORING_KEYS.prometheusRules).map(
    object => {
      const queryNamespace = enforcing
        ? enforcedNamespace(cluster, object, loaders)
        : undefined;
      return {
        object,
        key: MONITORING_KEYS.prometheusRules,
        label: `PrometheusRule ${qualifiedName(object)}`,
        ...(queryNamespace === undefined ? {} : { queryNamespace }),
      };
    },
  );
  // VictoriaMetrics's VMRules: VMAlert evaluates them as they are, no namespace enforced.
  for (const object of readable(MONITORING_KEYS.vmRules))
    objects.push({
      object,
      key: MONITORING_KEYS.vmRules,
      label: `VMRule ${qualifiedName(object)}`,
    });
  for (const key of Object.values(GKE_RULE_KEYS))
    for (const object of readable(key)) {
      // GKE adds `namespace="<its namespace>"` to every selector of a Rules object only.
      const queryNamespace =
        key === GKE_RULE_KEYS.rules
          ? object.metadata.namespace ?? 'default'
          : undefined;
      objects.push({
        object,
        key,
        label: `${GKE_LABELS[key]} ${qualifiedName(object)}`,
        ...(queryNamespace === undefined ? {} : { queryNamespace }),
      });
    }
  return objects;
}

/** The alert index of the cluster's rule objects. */
export const clusterAlertIndex = perCluster(
  cluster => new AlertIndex(ruleObjectsOf(cluster)),
);
