/**
 * The alerting rule objects of a cluster: PrometheusRules, and GKE Managed Prometheus Rules,
 * ClusterRules and GlobalRules, each with the one namespace its queries see when its evaluator
 * confines them (see RuleObject.queryNamespace), and their alert index, once per cluster.
 */
import { ClusterView } from '../../model/view';
import { perCluster } from '../util';
import { AlertIndex, RuleObject } from './alertIndex';
import { MONITORING_KEYS, qualifiedName } from './prometheus';

/** GKE Managed Prometheus rule objects: namespaced Rules, cluster-wide ClusterRules, cross-cluster GlobalRules. */
export const GKE_RULE_KEYS = {
  rules: MONITORING_KEYS.gkeRules,
  clusterRules: 'clusterrules.monitoring.googleapis.com',
  globalRules: 'globalrules.monitoring.googleapis.com',
} as const;

/** Every kind of rule object the alert check reads. */
export const RULE_OBJECT_KEYS = [
  MONITORING_KEYS.prometheusRules,
  GKE_RULE_KEYS.rules,
  GKE_RULE_KEYS.clusterRules,
  GKE_RULE_KEYS.globalRules,
];

const GKE_LABELS: Record<string, string> = {
  [GKE_RULE_KEYS.rules]: 'GKE Managed Prometheus Rules',
  [GKE_RULE_KEYS.clusterRules]: 'GKE Managed Prometheus ClusterRules',
  [GKE_RULE_KEYS.globalRules]: 'GKE Managed Prometheus GlobalRules',
};

/** The readable rule objects of the cluster, PrometheusRules first (objects of a kind that could not be read are left out). */
export function ruleObjectsOf(cluster: ClusterView): RuleObject[] {
  const readable = (key: string) =>
    cluster.fetchState(key).status === 'ok' ? cluster.list(key) : [];
  const objects: RuleObject[] = readable(MONITORING_KEYS.prometheusRules).map(
    object => ({
      object,
      key: MONITORING_KEYS.prometheusRules,
      label: `PrometheusRule ${qualifiedName(object)}`,
    }),
  );
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
