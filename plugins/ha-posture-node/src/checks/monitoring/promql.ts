/**
 * Which workloads an alert expression is about: the names its matchers give and the namespaces it
 * covers whole, read from its shape (promqlShape.ts).
 */
import {
  namespaceConstraint,
  NamespaceConstraint,
} from './namespaceConstraint';
import { matchesAnything, promqlRegex } from './promqlRegex';
import { ExprShape, LabelMatcher, readExpression } from './promqlShape';

/**
 * Labels that carry the namespace of the series' workload: Prometheus's own (`namespace`, and
 * `exported_namespace` when the target's label was renamed on scrape), `kubernetes_namespace`
 * (older relabelling configs), `namespace_name` (log-based metrics), `k8s_namespace_name`
 * (OpenTelemetry) and Istio's destination namespaces.
 */
export const NAMESPACE_LABELS: ReadonlySet<string> = new Set([
  'namespace',
  'exported_namespace',
  'kubernetes_namespace',
  'k8s_namespace_name',
  'namespace_name',
  'destination_workload_namespace',
  'destination_service_namespace',
]);

/**
 * Labels whose `=` or `=~` matcher narrows a selector to specific workloads, so that a namespace
 * matcher beside it does not make it about every workload of the namespace: the scrape job,
 * Service, pod, container and instance (and their `exported_` forms), kube-state-metrics' object
 * labels (`deployment`, `statefulset`, `daemonset`, `replicaset`, `job_name`, `cronjob`,
 * `horizontalpodautoscaler`, `persistentvolumeclaim`, `created_by_name`, `owner_name`, `uid`) and
 * pod-label labels (`label_app...`), common relabelled app labels (`app`, `app_kubernetes_io_*`,
 * `k8s_app`, `workload`), OpenTelemetry's `k8s_*_name` and `service_name`, and Istio's destination
 * workload / service / app. Matchers on any other label (`code`, `phase`, `reason`, `severity`,
 * `metrics_path`, `endpoint`...) select kinds of series, not workloads.
 */
export const WORKLOAD_LABELS: ReadonlySet<string> = new Set([
  'job',
  'exported_job',
  'service',
  'exported_service',
  'service_name',
  'pod',
  'exported_pod',
  'pod_name',
  'container',
  'exported_container',
  'container_name',
  'instance',
  'exported_instance',
  'deployment',
  'statefulset',
  'daemonset',
  'replicaset',
  'job_name',
  'cronjob',
  'horizontalpodautoscaler',
  'persistentvolumeclaim',
  'created_by_name',
  'owner_name',
  'uid',
  'workload',
  'workload_name',
  'app',
  'application',
  'k8s_app',
  'app_kubernetes_io_name',
  'app_kubernetes_io_instance',
  'app_kubernetes_io_component',
  'label_app',
  'label_app_kubernetes_io_name',
  'label_app_kubernetes_io_instance',
  'k8s_deployment_name',
  'k8s_statefulset_name',
  'k8s_daemonset_name',
  'k8s_replicaset_name',
  'k8s_job_name',
  'k8s_cronjob_name',
  'k8s_pod_name',
  'k8s_container_name',
  'destination_workload',
  'destination_service',
  'destination_service_name',
  'destination_app',
  'destination_canonical_service',
]);

/**
 * Scrape jobs that export series about every workload (kube-state-metrics, the kubelet and its
 * cAdvisor, possibly prefixed: `prometheus-kube-state-metrics`, `integrations/kubernetes/cadvisor`):
 * `kube_deployment_status_replicas_unavailable{job="kube-state-metrics", namespace="shop"}` is
 * about every Deployment of shop, so a matcher on them does not narrow the selector.
 */
const CLUSTER_EXPORTER = /^(?:.*[/-])?(?:kube-state-metrics|kubelet|cadvisor)$/;

/** Series every target has (Prometheus's own per-target series, and client libraries' process metrics). */
const PER_TARGET_METRIC = /^(?:up$|scrape_|process_|go_)/;

/** Exporters with metrics of their own, by the prefix of their names. */
const EXPORTER_METRICS: ReadonlyArray<[string, string]> = [
  ['kube-state-metrics', 'kube_state_metrics_'],
  ['kubelet', 'kubelet_'],
];

/**
 * Whether a series named `metric` with a workload label `value` naming a cluster-wide exporter is
 * about the exporter itself: its per-target series, or its own metrics (`kube_state_metrics_*`,
 * `kubelet_*`; cAdvisor has none of its own).
 */
function isExportersOwn(metric: string | undefined, value: string): boolean {
  if (metric === undefined) return false;
  if (PER_TARGET_METRIC.test(metric)) return true;
  return EXPORTER_METRICS.some(
    ([exporter, prefix]) =>
      value.includes(exporter) && metric.startsWith(prefix),
  );
}

/** Whether an `=`/`=~` matcher on a workload label narrows its selector to specific workloads. */
function narrows(
  op: '=' | '=~',
  value: string,
  pattern?: NamingPattern,
): boolean {
  if (op === '=') return value !== '' && !CLUSTER_EXPORTER.test(value);
  // A regex matching anything (or invalid) narrows nothing; `kubelet|kube-state-metrics` neither.
  if (!pattern) return false;
  const alternatives = topLevelAlternatives(value);
  return !alternatives?.every(a => CLUSTER_EXPORTER.test(a));
}

/** Characters with a meaning in a regex: a literal run stops at them. */
const REGEX_META = new Set('\\^$.|?*+()[]{}'.split(''));
const QUANTIFIERS = new Set(['?', '*', '+', '{']);

/** The leading literal characters of a regex sequence (without the last one when a quantifier follows it). */
function literalRun(sequence: string): string {
  let end = 0;
  while (end < sequence.length && !REGEX_META.has(sequence[end])) end++;
  return sequence.slice(
    0,
    QUANTIFIERS.has(sequence[end]) ? Math.max(0, end - 1) : end,
  );
}

/** Splits on `|` outside groups and character classes; undefined when escapes or classes make that unsafe to tell. */
function topLevelAlternatives(value: string): string[] | undefined {
  if (value.includes('\\') || value.includes('[')) return undefined;
  const alternatives: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '(') depth++;
    if (value[i] === ')') depth--;
    if (value[i] === '|' && depth === 0) {
      alternatives.push(value.slice(start, i));
      start = i + 1;
    }
  }
  alternatives.push(value.slice(start));
  return alternatives;
}

/** Prefixes of one alternative: `foo-.*` → [foo-], `(a|b)-x.*` → [a-x, b-x]. */
function alternativePrefixes(alternative: string): string[] | undefined {
  if (!alternative.startsWith('(')) {
    const run = literalRun(alternative);
    return run === '' ? undefined : [run];
  }
  const close = alternative.indexOf(')');
  if (close < 0 || QUANTIFIERS.has(alternative[close + 1])) return undefined;
  const options = alternative.slice(1, close).split('|');
  // Only a group of plain literals: no nested group, no `(?:` or lookaround.
  if (options.some(o => [...o].some(ch => REGEX_META.has(ch))))
    return undefined;
  const rest = literalRun(alternative.slice(close + 1));
  const prefixes = options.map(o => o + rest);
  return prefixes.some(p => p === '') ? undefined : prefixes;
}

/**
 * Literal prefixes such that every string the (fully anchored) regex matches starts with one of
 * them, for the common shapes of PromQL regex matchers (`foo-.*`, `(a|b)-.*`, `a|b`); undefined
 * for any other shape, which must then be tested against every name.
 */
export function literalPrefixes(value: string): string[] | undefined {
  const alternatives = topLevelAlternatives(value);
  if (!alternatives) return undefined;
  const prefixes: string[] = [];
  for (const alternative of alternatives) {
    const found = alternativePrefixes(alternative);
    if (!found) return undefined;
    prefixes.push(...found);
  }
  return prefixes;
}

/** A regex matcher of an expression, with the literal prefixes of the strings it can match (when known). */
export interface NamingPattern {
  regex: RegExp;
  prefixes?: string[];
}

/** A name an expression gives, and the namespaces of the selector giving it. */
export interface NamedValue {
  value: string;
  namespaces: NamespaceConstraint;
}

/** A regex matcher an expression names workloads with, and the namespaces of its selector. */
export interface NamedPattern {
  pattern: NamingPattern;
  namespaces: NamespaceConstraint;
}

/**
 * How an expression can name a workload. `equals` and `patterns`: the values of its equality
 * matchers and its regex matchers (fully anchored, as in PromQL) that do not match just anything,
 * on any label but a namespace label, each compared with the workload's names (a value equal to a
 * workload's name is evidence whatever the label), each with the namespaces its selector's
 * namespace matchers (NAMESPACE_LABELS) admit: `up{namespace="staging", job="web"}` names web in
 * staging only. `wide`: the namespaces whose every workload the expression's result is about, one
 * constraint per selector that no matcher on a workload label (WORKLOAD_LABELS) narrows: a
 * narrowed selector is about those workloads only (`up{namespace="shop", job="cart"}`), and so is
 * an arithmetic, comparison or `and` operation with such a selector on either side
 * (`errors{namespace="shop", service="cart"} / requests{namespace="shop"}`: the division has series
 * only where both sides do); `or` keeps both sides' series and `unless` the left side's. A wide
 * constraint that is not bounded (`up == 0`) is about every namespace. Invalid regexes name
 * nothing. `problem`: why the expression is not valid PromQL (the rest is then read from what the
 * parser recovered).
 */
export interface ExprNaming {
  equals: NamedValue[];
  patterns: NamedPattern[];
  wide: NamespaceConstraint[];
  problem?: string;
}

/** Which workloads the series of a subexpression are about; undefined for scalars and strings. */
interface Scope {
  /** Every series is about the specific workloads a workload matcher names. */
  narrowed: boolean;
  /** Otherwise, the namespaces whose every workload it is about, per selector (never modified). */
  wide: NamespaceConstraint[];
}

const NARROWED: Scope = Object.freeze({ narrowed: true, wide: [] });

/** Series of either side (`or`, or the arguments of a function). */
function union(a: Scope | undefined, b: Scope | undefined): Scope | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.narrowed) return b;
  if (b.narrowed) return a;
  return { narrowed: false, wide: [...a.wide, ...b.wide] };
}

/** Series present on both sides (vector matching of arithmetic, comparisons and `and`). */
function intersection(
  a: Scope | undefined,
  b: Scope | undefined,
): Scope | undefined {
  if (!a || !b) return a ?? b;
  return a.narrowed || b.narrowed ? NARROWED : union(a, b);
}

/** What reading expressions shares: regex matchers by value (undefined: names nothing), namespace constraints by matchers. */
export interface NamingCache {
  patterns: Map<string, NamingPattern | undefined>;
  constraints: Map<string, NamespaceConstraint>;
}

/** Reads one expression's shape, collecting names into `naming` and returning the scope of its result. */
class ExpressionReader {
  constructor(
    private readonly naming: ExprNaming,
    private readonly cache: NamingCache,
  ) {}

  scope(shape: ExprShape | undefined): Scope | undefined {
    if (!shape) return undefined;
    switch (shape.kind) {
      case 'selector':
        return this.selector(shape.matchers, shape.metric);
      case 'scalar':
        // A number, whatever its argument is about; the argument's names still count.
        for (const part of shape.parts) this.scope(part);
        return undefined;
      case 'group': {
        let scope: Scope | undefined;
        for (const part of shape.parts) scope = union(scope, this.scope(part));
        return scope;
      }
      default: {
        const left = this.scope(shape.left);
        const right = this.scope(shape.right);
        if (shape.kind === 'or') return union(left, right);
        if (shape.kind === 'unless') return left;
        return intersection(left, right);
      }
    }
  }

  private patternOf(value: string): NamingPattern | undefined {
    const { patterns } = this.cache;
    if (patterns.has(value)) return patterns.get(value);
    const pattern = namingPattern(value);
    patterns.set(value, pattern);
    return pattern;
  }

  private selector(matchers: readonly LabelMatcher[], metric?: string): Scope {
    const namespaceMatchers = matchers.filter(m =>
      NAMESPACE_LABELS.has(m.label),
    );
    const namespaces = namespaceConstraint(
      namespaceMatchers,
      this.cache.constraints,
    );
    let narrowed = false;
    for (const { label, op, value } of matchers) {
      if ((op !== '=' && op !== '=~') || NAMESPACE_LABELS.has(label)) continue;
      const pattern = op === '=~' ? this.patternOf(value) : undefined;
      const workloadLabel = WORKLOAD_LABELS.has(label);
      const narrowing = workloadLabel && narrows(op, value, pattern);
      // `kube_pod_status_ready{job="kube-state-metrics"}` is about every pod, not about the
      // exporter, whose own series (`up`, `kube_state_metrics_*`) are what watch it.
      if (workloadLabel && !narrowing && !isExportersOwn(metric, value))
        continue;
      if (op === '=') this.naming.equals.push({ value, namespaces });
      else if (pattern) this.naming.patterns.push({ pattern, namespaces });
      if (narrowing) narrowed = true;
    }
    return narrowed ? NARROWED : { narrowed: false, wide: [namespaces] };
  }
}

/** `cache`: shared by the expressions of a cluster, which repeat the same few regexes and namespace matchers. */
export function namingOf(
  expr: string,
  cache: NamingCache = { patterns: new Map(), constraints: new Map() },
): ExprNaming {
  const naming: ExprNaming = { equals: [], patterns: [], wide: [] };
  const { shape, problem } = readExpression(expr);
  const scope = new ExpressionReader(naming, cache).scope(shape);
  if (scope && !scope.narrowed) naming.wide = scope.wide;
  if (problem !== undefined) naming.problem = problem;
  return naming;
}

/** A regex matcher's value as a naming pattern; undefined when invalid or when it matches anything. */
function namingPattern(value: string): NamingPattern | undefined {
  const regex = promqlRegex(value);
  return !regex || matchesAnything(regex)
    ? undefined
    : { regex, prefixes: literalPrefixes(value) };
}
