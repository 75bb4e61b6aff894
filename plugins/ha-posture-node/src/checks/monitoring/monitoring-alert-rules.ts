import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { describeObject, distinct, perCluster } from '../util';
import { absenceVerdict } from '../absence';
import {
  alertsOf,
  expressionsOf,
  prometheusRuleAlerts,
  RuleAlerts,
} from './alertIndex';
import { promqlProblem } from './promqlShape';
import {
  MONITORING_KEYS,
  prometheusSelection,
  qualifiedName,
  RULE_FIELDS,
  Selection,
} from './prometheus';

const RULE_KEYS = [MONITORING_KEYS.prometheusRules, MONITORING_KEYS.gkeRules];

/** Why "no alert mentions the workload" is not judged here (see absenceVerdict), once per cluster. */
const noAlertNotJudged = perCluster(cluster =>
  absenceVerdict(cluster, RULE_KEYS, {
    manifests:
      'The scanned manifests contain no PrometheusRule; alerting is judged on a cluster.',
    notInstalled: {
      status: 'unknown',
      message:
        'Neither PrometheusRule nor GKE Rules CRDs are installed: alert rules kept elsewhere are not visible through the Kubernetes API.',
    },
  }),
);

/** When no alert mentions the workload: a finding, or not judgeable. */
function noAlertOutcome(cluster: ClusterView, what: string): CheckOutcome {
  return (
    noAlertNotJudged(cluster) ?? {
      status: 'warn',
      message: `No alerting rule mentions ${what} (by name, Service/job or pod name, or by a selector on its whole namespace): its failures may go unnoticed.`,
    }
  );
}

/** A PrometheusRule as the results name it, and which Prometheus loads it. */
interface JudgedRule {
  label: string;
  selection: Selection;
  /** Rejected for an expression that is not valid PromQL. */
  invalid?: true;
}

/** The judgement of each PrometheusRule, once per cluster (it does not depend on the workload). */
const judgedRules = perCluster(() => new Map<K8sObject, JudgedRule>());
function judgeRule(cluster: ClusterView, rule: K8sObject): JudgedRule {
  const judged = judgedRules(cluster);
  let found = judged.get(rule);
  if (!found) {
    const invalidPromql = prometheusRuleAlerts(cluster).promqlProblem(rule);
    found = {
      label: `PrometheusRule ${qualifiedName(rule)}`,
      // The operator refuses a rule object whose PromQL is not valid, whoever would select it.
      selection:
        invalidPromql === undefined
          ? prometheusSelection(cluster, rule, RULE_FIELDS)
          : {
              state: 'rejected',
              reasons: [
                `${invalidPromql}, and the Prometheus Operator rejects a PrometheusRule with an expression that is not valid PromQL, so none of its rules load`,
              ],
            },
      ...(invalidPromql === undefined ? {} : { invalid: true }),
    };
    judged.set(rule, found);
  }
  return found;
}

/** A rule with those of its alerts that name a workload, judged: shared by the workloads it names. */
interface JudgedAlerts {
  /** Its entry in evidence.rules (shared, never modified). */
  evidence: object;
  /** `<rule> (<alerts>; loaded by Prometheus <names>)` when a Prometheus loads the rule. */
  selected?: string;
  /** Whether some of its alerts name the workload (not only its whole namespace). */
  named: boolean;
}

/** `CartDown, CartErrors`, `namespace-wide: ShopDown` or `CartDown; namespace-wide: ShopDown`. */
function alertList({ alerts, namespaceWide }: RuleAlerts): string {
  if (namespaceWide.length === 0) return alerts.join(', ');
  const wide = `namespace-wide: ${namespaceWide.join(', ')}`;
  if (namespaceWide.length === alerts.length) return wide;
  return `${alerts
    .filter(a => !namespaceWide.includes(a))
    .join(', ')}; ${wide}`;
}

const judgedAlertsMemo = perCluster(() => new Map<RuleAlerts, JudgedAlerts>());
/** `found`: from AlertIndex.mentioning, which shares RuleAlerts objects between workloads; `memo`: judgedAlertsMemo(cluster). */
function judgeAlerts(
  cluster: ClusterView,
  memo: Map<RuleAlerts, JudgedAlerts>,
  found: RuleAlerts,
): JudgedAlerts {
  let judged = memo.get(found);
  if (judged) return judged;
  const { label, selection } = judgeRule(cluster, found.rule);
  judged = {
    evidence: Object.freeze({
      rule: label,
      alerts: found.alerts,
      ...(found.namespaceWide.length > 0
        ? { namespaceWide: found.namespaceWide }
        : {}),
      ...selection,
    }),
    ...(selection.state === 'selected'
      ? {
          selected: `${label} (${alertList(
            found,
          )}; loaded by Prometheus ${selection.by.join(', ')})`,
        }
      : {}),
    named: found.alerts.length > found.namespaceWide.length,
  };
  memo.set(found, judged);
  return judged;
}

/** GKE Rules with alerts in a namespace, as evidence names them, and the pass message they give. */
interface NamespaceGkeRules {
  names: readonly string[];
  message: string;
}

const gkeRulesByNamespace = perCluster(
  () => new Map<string, NamespaceGkeRules>(),
);
function gkeRulesIn(
  cluster: ClusterView,
  namespace: string,
): NamespaceGkeRules {
  const memo = gkeRulesByNamespace(cluster);
  let found = memo.get(namespace);
  if (!found) {
    const names =
      cluster.fetchState(MONITORING_KEYS.gkeRules).status === 'ok'
        ? cluster
            .inNamespace(MONITORING_KEYS.gkeRules, namespace)
            // A Rules object whose PromQL is not valid is refused by GKE's webhook or evaluator.
            .filter(
              r =>
                alertsOf(r).length > 0 &&
                expressionsOf(r).every(
                  e => promqlProblem(e.expr) === undefined,
                ),
            )
            .map(qualifiedName)
        : [];
    found = {
      names: Object.freeze(names),
      message: `GKE Managed Prometheus Rules ${names.join(
        ', ',
      )} alert on namespace ${namespace} (namespace-scoped rules).`,
    };
    memo.set(namespace, found);
  }
  return found;
}

/** Adds a name to a sorted list of distinct names, as distinct() would list it (no undefined or empty name). */
function addName(sorted: string[], name: string | undefined): void {
  if (name === undefined || name === '') return;
  let at = sorted.length;
  while (at > 0 && sorted[at - 1] > name) at--;
  if (at > 0 && sorted[at - 1] === name) return;
  sorted.splice(at, 0, name);
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
    // The workload's names; its namespace counts only through selectors about the whole
    // namespace (see ExprNaming), never as a name.
    const matchedOn: string[] = [];
    addName(matchedOn, workload.name);
    for (const service of cluster.servicesMatching(
      workload.namespace,
      workload.templateLabels,
    ))
      addName(matchedOn, service.metadata.name);
    const pods = cluster.podsOf(workload);
    const podNames: string[] = [];
    for (const pod of pods) podNames.push(pod.metadata.name);

    const gke = gkeRulesIn(cluster, workload.namespace);
    const found = prometheusRuleAlerts(cluster).mentioning(
      matchedOn,
      podNames,
      workload.namespace,
    );
    const rules: object[] = [];
    let selected = '';
    let named = false;
    const memo = judgedAlertsMemo(cluster);
    for (const r of found) {
      const judged = judgeAlerts(cluster, memo, r);
      rules.push(judged.evidence);
      if (judged.selected !== undefined) {
        selected =
          selected === '' ? judged.selected : `${selected}; ${judged.selected}`;
        named ||= judged.named;
      }
    }
    const evidence = {
      matchedOn,
      namespace: workload.namespace,
      rules,
      gkeRules: gke.names,
    };

    if (gke.names.length > 0)
      return { status: 'pass', message: gke.message, evidence };
    if (selected !== '')
      return {
        status: 'pass',
        message: named
          ? `Alerts cover ${what}: ${selected}.`
          : `Alerts on the whole namespace ${workload.namespace} cover ${what} (none names it): ${selected}.`,
        evidence,
      };
    // Rarer outcomes: no Prometheus is known to load the rules.
    const judged = found.map(r => ({ ...r, ...judgeRule(cluster, r.rule) }));
    const [unverifiable] = judged.flatMap(r =>
      r.selection.state === 'unverifiable'
        ? [{ r, reason: r.selection.reason }]
        : [],
    );
    if (unverifiable) {
      return {
        status: cluster.snapshot.mode === 'manifests' ? 'pass' : 'unknown',
        message: `${unverifiable.r.label} alerts on ${what} (${alertList(
          unverifiable.r,
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
        message: `${judged.map(r => r.label).join(', ')} ${
          judged.length === 1 ? 'alerts' : 'alert'
        } on ${what}, but no Prometheus loads ${
          judged.length === 1 ? 'it' : 'them'
        }: ${reasons.join('; ')}.`,
        remediation: judged.some(r => r.invalid)
          ? 'Fix the PromQL the message names (`promtool check rules` on the rule groups shows every error); ' +
            'install the Prometheus Operator admission webhook so that such rules are refused when applied.'
          : 'Label the PrometheusRule (and its namespace) so that a Prometheus ruleSelector and ruleNamespaceSelector match it.',
        evidence,
      };
    }
    return { ...noAlertOutcome(cluster, what), evidence };
  },
};
