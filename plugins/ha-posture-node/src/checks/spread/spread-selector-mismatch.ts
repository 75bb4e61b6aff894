import { WorkloadCheck } from '../../model/checks';
import { ClusterView, Workload } from '../../model/view';
import { LabelIndex } from '../../engine/labels';
import { describeWorkload, perCluster } from '../util';
import { describeLabels } from '../wording';
import { workloadsInNamespace } from '../workloads';
import {
  domainUnit,
  SpreadRule,
  describeOwnPods,
  describeRuleSelector,
  ruleSelects,
  spreadRulesOf,
} from './spreadRules';

/** The namespaces of the cluster's workloads, in first-seen order (a shared list: do not modify it). */
const workloadNamespaces = perCluster(cluster => [
  ...new Set(cluster.workloads().map(w => w.namespace)),
]);

/** The namespaces the rule counts pods in: every namespace for a namespace selector, the listed ones, else the workload's own. */
function ruleNamespaces(
  cluster: ClusterView,
  rule: SpreadRule,
  workload: Workload,
): string[] {
  if (rule.namespaces.selector) return workloadNamespaces(cluster);
  if (rule.namespaces.names.length > 0) return rule.namespaces.names;
  return [workload.namespace];
}

/** Other workloads (and, in a live cluster, other pods) the rule counts: evidence that it targets someone else on purpose. */
function othersSelected(
  cluster: ClusterView,
  rule: SpreadRule,
  workload: Workload,
): string[] {
  const namespaces = ruleNamespaces(cluster, rule, workload);
  const found: string[] = [];
  const podsReadable = cluster.fetchState('pods').status === 'ok';
  for (const namespace of namespaces) {
    for (const other of workloadsInNamespace(cluster, namespace)) {
      if (
        other !== workload &&
        ruleSelects(cluster, rule, workload, namespace, other.templateLabels)
      ) {
        found.push(describeWorkload(other));
      }
    }
    if (found.length > 0 || !podsReadable) continue;
    // Pods of controllers the engine does not model (Jobs, operators' custom resources).
    const pod = cluster
      .inNamespace('pods', namespace)
      .find(p =>
        ruleSelects(
          cluster,
          rule,
          workload,
          namespace,
          p.metadata.labels ?? {},
        ),
      );
    if (pod) found.push(`Pod ${namespace}/${pod.metadata.name}`);
  }
  return found;
}

/**
 * Per namespace, its workloads indexed by template label (a label key is indexed on the first
 * selector that uses it): candidates for a constraint's selector without scanning the namespace.
 */
const workloadIndexes = perCluster(
  () => new Map<string, LabelIndex<Workload>>(),
);
function workloadIndex(
  cluster: ClusterView,
  namespace: string,
): LabelIndex<Workload> {
  const indexes = workloadIndexes(cluster);
  let index = indexes.get(namespace);
  if (!index) {
    index = new LabelIndex(workloadsInNamespace(cluster, namespace), w => [
      w.templateLabels,
    ]);
    indexes.set(namespace, index);
  }
  return index;
}

/**
 * Other workloads a spread constraint that selects the workload's own pods also counts (its own
 * namespace only: constraints count pods of the pod's namespace). Modelled workloads only: pods of
 * other controllers (Jobs) come and go. The selector alone finds the candidates (matchLabelKeys
 * only narrows it), then each is judged as the constraint sees it.
 */
function sharedWith(
  cluster: ClusterView,
  rule: SpreadRule,
  workload: Workload,
): string[] {
  return workloadIndex(cluster, workload.namespace)
    .matching(rule.selector)
    .filter(
      other =>
        other !== workload &&
        ruleSelects(
          cluster,
          rule,
          workload,
          workload.namespace,
          other.templateLabels,
        ),
    )
    .map(other => describeWorkload(other));
}

export const spreadSelectorMismatch: WorkloadCheck = {
  id: 'spread-selector-mismatch',
  title: "Spreading rules select the workload's own pods",
  category: 'spread',
  severity: 'high',
  scope: 'workload',
  rationale:
    'A topology spread constraint or pod anti-affinity term only acts on the pods its labelSelector selects. A selector copied from another ' +
    'workload (app=foo on pods labelled app=bar) silently does nothing, while the manifest looks protected. A spread constraint whose selector ' +
    "also matches another workload's pods (tier=frontend) balances their sum, not this workload's own replicas.",
  remediation:
    'Make the labelSelector of each spreading rule match the pod template labels, or use matchLabelKeys with a label the pods carry.',
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#spread-constraint-definition',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity',
  ],
  evaluate({ cluster, workload }) {
    const declared = spreadRulesOf(cluster, workload);
    // A constraint the API server rejects never selects anything: spread-declared warns about it.
    const rules = declared.filter(r => !r.invalid);
    if (rules.length === 0)
      return {
        status: 'skipped',
        message:
          declared.length === 0
            ? 'Declares no topology spread constraint or pod anti-affinity'
            : 'Declares only topology spread constraints the API server rejects (see spread-declared)',
      };

    const labels = describeLabels(workload.templateLabels);
    // A manifests scan may not hold the workload an anti-affinity term keeps away from (a
    // database shipped elsewhere): there such a term is only suspect.
    const manifests = cluster.snapshot.mode === 'manifests';
    const noEffect: string[] = [];
    const unmatchedInScan: string[] = [];
    const countsOthers: string[] = [];
    const repels: string[] = [];
    for (const rule of rules.filter(r => !r.selectsOwnPods)) {
      const others = othersSelected(cluster, rule, workload);
      const what = `${rule.description} ${describeRuleSelector(rule)}`;
      const ownPods = describeOwnPods(cluster, rule, workload);
      if (
        others.length === 0 &&
        manifests &&
        rule.kind !== 'topologySpreadConstraint'
      ) {
        unmatchedInScan.push(
          `${what}, which matches none of its pods (${ownPods}) nor any scanned workload: unless the pods it keeps away from are deployed from elsewhere, it does nothing`,
        );
      } else if (others.length === 0) {
        noEffect.push(
          `${what}, which matches none of its pods (${ownPods}) nor any other pod`,
        );
      } else if (rule.kind === 'topologySpreadConstraint') {
        countsOthers.push(
          `${what}: it balances against ${others
            .slice(0, 3)
            .join(', ')}, not its own pods (${labels})`,
        );
      } else {
        // Anti-affinity against other workloads (keep away from the database ...) is a legitimate rule, not a spreading one.
        repels.push(
          `${what} keeps it away from ${others.slice(0, 3).join(', ')}`,
        );
      }
    }
    // A constraint that selects its own pods and another workload's balances the union: skew is
    // computed over every pod the selector matches (topology spread constraints, "labelSelector"),
    // so the workload's own replicas may all sit in one domain while the sum looks even.
    const shared: string[] = [];
    for (const rule of rules) {
      if (!rule.selectsOwnPods || rule.kind !== 'topologySpreadConstraint')
        continue;
      const others = sharedWith(cluster, rule, workload);
      if (others.length === 0) continue;
      shared.push(
        `${rule.description} ${describeRuleSelector(
          rule,
        )}, which also matches ${others.slice(0, 3).join(', ')}${
          others.length > 3 ? ` and ${others.length - 3} more` : ''
        }: skew is computed over all of their pods together, so its own replicas (${labels}) can crowd into one ${domainUnit(
          rule,
        )} while the sum stays even`,
      );
    }
    const evidence = {
      rules: rules.map(r => r.description),
      templateLabels: workload.templateLabels,
      noEffect,
      ...(unmatchedInScan.length ? { unmatchedInScan } : {}),
      countsOthers,
      shared,
      repels,
    };
    if (noEffect.length > 0) {
      return {
        status: 'fail',
        message: `Spreading rule without effect: ${[
          ...noEffect,
          ...countsOthers,
          ...shared,
        ].join('; ')}`,
        evidence,
      };
    }
    if (unmatchedInScan.length > 0) {
      return {
        status: 'warn',
        message: `Anti-affinity against pods not in the scan: ${[
          ...unmatchedInScan,
          ...countsOthers,
          ...shared,
        ].join('; ')}`,
        evidence,
      };
    }
    if (countsOthers.length > 0 || shared.length > 0) {
      return {
        status: 'warn',
        message: `Spread constraint counts other pods: ${[
          ...countsOthers,
          ...shared,
        ].join('; ')}`,
        ...(countsOthers.length === 0
          ? {
              remediation:
                "Narrow the labelSelector to labels only this workload's pods carry (app=<name>), or add matchLabelKeys: [app] (or pod-template-hash) so each workload counts only its own pods.",
            }
          : {}),
        evidence,
      };
    }
    const own = rules.length - repels.length;
    return {
      status: 'pass',
      message: `${
        own > 0
          ? `All ${own} spreading rule(s) select its own pods (${labels})`
          : 'Its anti-affinity rules only repel other workloads'
      }${repels.length ? `; ${repels.join('; ')}` : ''}`,
      evidence,
    };
  },
};
