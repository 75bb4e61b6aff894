import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { describeObject, perCluster } from '../util';
import { absenceVerdict, manifestsSilentOn } from '../absence';
import { RuleAlerts } from './alertIndex';
import {
  firstUnverifiable,
  MONITORING_KEYS,
  prometheusSelectionOnce,
  rejectionReasons,
  RULE_FIELDS,
  Selection,
  VM_RULE_FIELDS,
} from './prometheus';
import { clusterAlertIndex, RULE_OBJECT_KEYS } from './ruleObjects';

/** Why "no alert mentions the workload" is not judged here (see absenceVerdict), once per cluster. */
const noAlertNotJudged = perCluster(cluster =>
  absenceVerdict(cluster, RULE_OBJECT_KEYS, {
    manifests:
      'The scanned manifests contain no PrometheusRule and no GKE Managed Prometheus Rules, ClusterRules or GlobalRules; alerting is judged on a cluster.',
    notInstalled: {
      status: 'unknown',
      message:
        'Neither PrometheusRule nor GKE Managed Prometheus Rules, ClusterRules or GlobalRules CRDs are installed: alert rules kept elsewhere are not visible through the Kubernetes API.',
    },
  }),
);

const isPrometheusRule = ({ rule }: RuleAlerts) =>
  rule.key === MONITORING_KEYS.prometheusRules;

/** A rule object that counts once an evaluator loads it by label: a PrometheusRule or a VMRule (not GKE's). */
const isLoadedRule = (found: RuleAlerts) =>
  isPrometheusRule(found) || found.rule.key === MONITORING_KEYS.vmRules;

const isVmRule = (rule: K8sObject) =>
  rule.apiVersion?.startsWith('operator.victoriametrics.com/') === true;

/** What loads a kind of rule object, for messages. */
function evaluatorsOf(rules: K8sObject[]): string {
  if (rules.every(isVmRule)) return 'VMAlert';
  return rules.some(isVmRule)
    ? 'Prometheus, ThanosRuler or VMAlert'
    : 'Prometheus or ThanosRuler';
}

/** Why a rule object's queries see one namespace only (RuleObject.queryNamespace). */
function confinement(found: RuleAlerts): string {
  return isPrometheusRule(found)
    ? 'every Prometheus or ThanosRuler loading it sets enforcedNamespaceLabel'
    : 'GKE Managed Prometheus confines the queries of a Rules object to its namespace';
}

/**
 * When no alert covers the workload: a finding, or not judgeable. `confinedElsewhere`: alerts
 * naming it in valid rule objects whose queries only see another namespace.
 */
function noAlertOutcome(
  cluster: ClusterView,
  namespace: string,
  what: string,
  confinedElsewhere: RuleAlerts[],
): CheckOutcome {
  const notJudged = noAlertNotJudged(cluster);
  if (notJudged) return notJudged;
  // Rules of other namespaces in a manifests scan are other teams' (those about this workload were found above).
  if (manifestsSilentOn(cluster, RULE_OBJECT_KEYS, namespace))
    return {
      status: 'skipped',
      message: `The scanned manifests contain no PrometheusRule or GKE Managed Prometheus rules in namespace ${namespace} or for the whole cluster, and none of the others mentions ${what}; alerting is judged on a cluster.`,
    };
  if (confinedElsewhere.length === 0)
    return {
      status: 'warn',
      message: `No alerting rule mentions ${what} (by name, Service/job or pod name, or by a selector on its whole namespace; rules about every namespace at once do not count): its failures may go unnoticed.`,
    };
  const elsewhere = confinedElsewhere.map(
    r =>
      `${r.rule.label} (${alertList(r)}) only sees series of namespace ${
        r.rule.queryNamespace
      }, as ${confinement(r)}`,
  );
  return {
    status: 'warn',
    message: `No alerting rule covers ${what}: ${elsewhere.join(
      '; ',
    )}. Its failures may go unnoticed.`,
    remediation: `Define the alerts in a rule object in the workload's namespace, whose queries see that namespace's series${
      confinedElsewhere.some(isPrometheusRule)
        ? '; or exempt the PrometheusRule from namespace enforcement in the spec.prometheusRulesExcludedFromEnforce of each Prometheus or ThanosRuler loading it'
        : ''
    }.`,
  };
}

/** A PrometheusRule judged: which Prometheus or ThanosRuler loads it. */
interface JudgedRule {
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
    // VMAlert reads MetricsQL, a superset of PromQL: an expression the PromQL grammar refuses
    // may be valid there, so a VMRule is never refused for it.
    const vm = isVmRule(rule);
    const invalidPromql = vm
      ? undefined
      : clusterAlertIndex(cluster).promqlProblem(rule);
    found = {
      // The operator refuses a rule object whose PromQL is not valid, whoever would select it.
      selection:
        invalidPromql === undefined
          ? prometheusSelectionOnce(
              cluster,
              rule,
              vm ? VM_RULE_FIELDS : RULE_FIELDS,
            )
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

/** A rule object with those of its alerts that name a workload, judged: shared by the workloads it names. */
interface JudgedAlerts {
  /** Its entry in evidence.rules (PrometheusRules) or evidence.gkeRules (shared, never modified). */
  evidence: object;
  gke: boolean;
  /** `<rule> (<alerts>; loaded by Prometheus monitoring/k8s)` when it is evaluated. */
  covering?: string;
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

const judgedAlertsMemo = perCluster(
  () => new Map<RuleAlerts, JudgedAlerts | null>(),
);
/**
 * `found`: from AlertIndex.mentioning, which shares RuleAlerts objects between workloads; `memo`:
 * judgedAlertsMemo(cluster). Null for GKE rule objects whose PromQL is not valid: GKE's webhook
 * or evaluator refuses them.
 */
function judgeAlerts(
  cluster: ClusterView,
  memo: Map<RuleAlerts, JudgedAlerts | null>,
  found: RuleAlerts,
): JudgedAlerts | null {
  let judged = memo.get(found);
  if (judged !== undefined) return judged;
  const { object, label, queryNamespace } = found.rule;
  const gke = !isLoadedRule(found);
  const common = {
    rule: label,
    alerts: found.alerts,
    ...(found.namespaceWide.length > 0
      ? { namespaceWide: found.namespaceWide }
      : {}),
    ...(queryNamespace === undefined ? {} : { queryNamespace }),
  };
  const confined =
    queryNamespace === undefined
      ? ''
      : `; its queries see namespace ${queryNamespace} only`;
  const named = found.alerts.length > found.namespaceWide.length;
  if (gke) {
    judged =
      clusterAlertIndex(cluster).promqlProblem(object) === undefined
        ? {
            evidence: Object.freeze(common),
            gke,
            covering: `${label} (${alertList(found)}${confined})`,
            named,
          }
        : null;
  } else {
    const { selection } = judgeRule(cluster, object);
    judged = {
      evidence: Object.freeze({ ...common, ...selection }),
      gke,
      ...(selection.state === 'selected'
        ? {
            covering: `${label} (${alertList(
              found,
            )}; loaded by ${selection.loaders.join(', ')}${confined})`,
          }
        : {}),
      named,
    };
  }
  memo.set(found, judged);
  return judged;
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
    "turns a failing replica into a page before the last one fails. Rules about every namespace at once (kube-prometheus's " +
    'KubePodCrashLooping, KubeDeploymentReplicasMismatch) do not count: they watch all workloads alike, with no owner to page ' +
    'and no threshold fitted to this one, and they go silent with the exporter whose series they read.',
  remediation:
    'Add a PrometheusRule with alerts whose expressions select the workload (e.g. `namespace="<ns>"`, ' +
    '`job="<service>"`, `deployment="<name>"`), labelled so a Prometheus ruleSelector and ruleNamespaceSelector load it; ' +
    'on GKE, a Rules object in the namespace; with VictoriaMetrics, a VMRule a VMAlert selects.',
  references: [
    'https://prometheus-operator.dev/docs/developer/alerting/',
    'https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/',
    'https://cloud.google.com/stackdriver/docs/managed-prometheus/rules-managed',
    'https://docs.victoriametrics.com/operator/resources/vmrule/',
  ],
  evaluate({ cluster, workload }) {
    const what = describeObject(workload);
    // The workload's names; its namespace counts only through selectors about the whole
    // namespace (see ExprNaming), never as a name.
    const matchedOn: string[] = [];
    addName(matchedOn, workload.name);
    for (const service of cluster.servicesOf(workload))
      addName(matchedOn, service.metadata.name);
    const pods = cluster.podsOf(workload);
    const podNames: string[] = [];
    for (const pod of pods) podNames.push(pod.metadata.name);

    const index = clusterAlertIndex(cluster);
    const { found, confinedElsewhere } = index.mentioning(
      matchedOn,
      podNames,
      workload.namespace,
    );
    const rules: object[] = [];
    const gkeRules: object[] = [];
    let covering = '';
    let named = false;
    const memo = judgedAlertsMemo(cluster);
    for (const r of found) {
      const judged = judgeAlerts(cluster, memo, r);
      if (!judged) continue;
      (judged.gke ? gkeRules : rules).push(judged.evidence);
      if (judged.covering !== undefined) {
        covering =
          covering === '' ? judged.covering : `${covering}; ${judged.covering}`;
        named ||= judged.named;
      }
    }
    const evidence = {
      matchedOn,
      namespace: workload.namespace,
      rules,
      gkeRules,
    };

    if (covering !== '')
      return {
        status: 'pass',
        message: named
          ? `Alerts cover ${what}: ${covering}.`
          : `Alerts on the whole namespace ${workload.namespace} cover ${what} (none names it): ${covering}.`,
        evidence,
      };
    // Rarer outcomes: no Prometheus is known to load the PrometheusRules.
    const judged = found
      .filter(isLoadedRule)
      .map(r => ({ ...r, ...judgeRule(cluster, r.rule.object) }));
    const unverifiable = firstUnverifiable(judged);
    if (unverifiable) {
      return {
        status: cluster.snapshot.mode === 'manifests' ? 'pass' : 'unknown',
        message: `${
          unverifiable.judged.rule.label
        } alerts on ${what} (${alertList(
          unverifiable.judged,
        )}); which ${evaluatorsOf([
          unverifiable.judged.rule.object,
        ])} loads it is not verifiable: ${unverifiable.reason}.`,
        evidence,
      };
    }
    if (judged.length > 0) {
      return {
        status: 'warn',
        message: `${judged.map(r => r.rule.label).join(', ')} ${
          judged.length === 1 ? 'alerts' : 'alert'
        } on ${what}, but no ${evaluatorsOf(
          judged.map(r => r.rule.object),
        )} loads ${judged.length === 1 ? 'it' : 'them'}: ${rejectionReasons(
          judged,
        ).join('; ')}.`,
        remediation: judged.some(r => r.invalid)
          ? 'Fix the PromQL the message names (`promtool check rules` on the rule groups shows every error); ' +
            'install the Prometheus Operator admission webhook so that such rules are refused when applied.'
          : 'Label the PrometheusRule (and its namespace) so that the ruleSelector and ruleNamespaceSelector of a Prometheus or ThanosRuler match it (a VMRule: those of a VMAlert, or its selectAllByDefault).',
        evidence,
      };
    }
    return {
      ...noAlertOutcome(
        cluster,
        workload.namespace,
        what,
        confinedElsewhere.filter(
          r => index.promqlProblem(r.rule.object) === undefined,
        ),
      ),
      evidence,
    };
  },
};
