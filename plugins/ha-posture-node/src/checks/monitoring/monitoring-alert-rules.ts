import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { describeObject, distinct } from '../util';
import { absenceVerdict } from '../absence';
import { alertsOf, prometheusRuleAlerts } from './alertIndex';
import {
  MONITORING_KEYS,
  prometheusSelection,
  qualifiedName,
  RULE_FIELDS,
} from './prometheus';

const RULE_KEYS = [MONITORING_KEYS.prometheusRules, MONITORING_KEYS.gkeRules];

/** When no alert mentions the workload: a finding, or not judgeable. */
function noAlertOutcome(cluster: ClusterView, what: string): CheckOutcome {
  const notJudged = absenceVerdict(cluster, RULE_KEYS, {
    manifests:
      'The scanned manifests contain no PrometheusRule; alerting is judged on a cluster.',
    notInstalled: {
      status: 'unknown',
      message:
        'Neither PrometheusRule nor GKE Rules CRDs are installed: alert rules kept elsewhere are not visible through the Kubernetes API.',
    },
  });
  return (
    notJudged ?? {
      status: 'warn',
      message: `No alerting rule mentions ${what} (by name, namespace, Service/job or pod name): its failures may go unnoticed.`,
    }
  );
}

export const monitoringAlertRules: WorkloadCheck = {
  id: 'monitoring-alert-rules',
  title: 'Alert rules cover the workload',
  category: 'monitoring',
  severity: 'medium',
  scope: 'workload',
  rationale:
    'Metrics alone page nobody: an alerting rule on the workload (replicas unavailable, error rate, saturation) ' +
    'turns a failing replica into a page before the last one fails.',
  remediation:
    'Add a PrometheusRule with alerts whose expressions select the workload (e.g. `namespace="<ns>"`, ' +
    '`job="<service>"`, `deployment="<name>"`), labelled so a Prometheus ruleSelector and ruleNamespaceSelector load it; ' +
    'on GKE, a Rules object in the namespace.',
  references: [
    'https://prometheus-operator.dev/docs/developer/alerting/',
    'https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/',
    'https://cloud.google.com/stackdriver/docs/managed-prometheus/rules-managed',
  ],
  evaluate({ cluster, workload }) {
    const what = describeObject(workload);
    const services = cluster
      .servicesMatching(workload.namespace, workload.templateLabels)
      .map(s => s.metadata.name);
    const names = distinct([workload.name, workload.namespace, ...services]);
    const podNames = cluster.podsOf(workload).map(p => p.metadata.name);

    const gke =
      cluster.fetchState(MONITORING_KEYS.gkeRules).status === 'ok'
        ? cluster
            .inNamespace(MONITORING_KEYS.gkeRules, workload.namespace)
            .filter(r => alertsOf(r).length > 0)
        : [];
    const judged = prometheusRuleAlerts(cluster)
      .mentioning(names, podNames)
      .map(r => ({
        ...r,
        label: `PrometheusRule ${qualifiedName(r.rule)}`,
        selection: prometheusSelection(cluster, r.rule, RULE_FIELDS),
      }));
    const evidence = {
      matchedOn: names,
      rules: judged.map(r => ({
        rule: r.label,
        alerts: r.alerts,
        ...r.selection,
      })),
      gkeRules: gke.map(qualifiedName),
    };

    if (gke.length > 0) {
      return {
        status: 'pass',
        message: `GKE Managed Prometheus Rules ${evidence.gkeRules.join(
          ', ',
        )} alert on namespace ${workload.namespace} (namespace-scoped rules).`,
        evidence,
      };
    }
    const selected = judged.flatMap(r =>
      r.selection.state === 'selected'
        ? [
            `${r.label} (${r.alerts.join(
              ', ',
            )}; loaded by Prometheus ${r.selection.by.join(', ')})`,
          ]
        : [],
    );
    if (selected.length > 0)
      return {
        status: 'pass',
        message: `Alerts cover ${what}: ${selected.join('; ')}.`,
        evidence,
      };
    const [unverifiable] = judged.flatMap(r =>
      r.selection.state === 'unverifiable'
        ? [{ r, reason: r.selection.reason }]
        : [],
    );
    if (unverifiable) {
      return {
        status: cluster.snapshot.mode === 'manifests' ? 'pass' : 'unknown',
        message: `${
          unverifiable.r.label
        } alerts on ${what} (${unverifiable.r.alerts.join(
          ', ',
        )}); which Prometheus loads it is not verifiable: ${
          unverifiable.reason
        }.`,
        evidence,
      };
    }
    if (judged.length > 0) {
      const reasons = distinct(
        judged.flatMap(r =>
          r.selection.state === 'rejected' ? r.selection.reasons : [],
        ),
      );
      return {
        status: 'warn',
        message: `${judged
          .map(r => r.label)
          .join(', ')} alert on ${what}, but no Prometheus loads ${
          judged.length === 1 ? 'it' : 'them'
        }: ${reasons.join('; ')}.`,
        remediation:
          'Label the PrometheusRule (and its namespace) so that a Prometheus ruleSelector and ruleNamespaceSelector match it.',
        evidence,
      };
    }
    return { ...noAlertOutcome(cluster, what), evidence };
  },
};
