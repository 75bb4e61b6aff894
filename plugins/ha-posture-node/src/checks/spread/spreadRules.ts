/**
 * The spreading rules a pod template declares (pod anti-affinity and topology spread constraints),
 * and whether each one actually counts the workload's own pods: a rule whose selector misses the
 * template labels has no effect on how the workload spreads (rules W2, W3).
 */
import { LabelSelector, matchesLabelSelector } from '../../engine/labels';
import { ZONE_LABELS } from '../../engine/topology';
import { ClusterView, Workload } from '../../model/view';
import { nodeSelectionAdmits, untoleratedTaints } from '../scheduling';
import { schedulingKey } from './nodeEligibility';
import { perCluster } from '../util';
import { describeLabels, describeNames, describeSelector } from '../wording';

export const HOSTNAME_KEY = 'kubernetes.io/hostname';

/** What a topology key spreads over. */
export type SpreadLevel = 'node' | 'zone' | 'other';

export type SpreadRuleKind =
  | 'topologySpreadConstraint'
  | 'requiredAntiAffinity'
  | 'preferredAntiAffinity';

export interface SpreadRule {
  kind: SpreadRuleKind;
  topologyKey: string;
  level: SpreadLevel;
  /** The scheduler refuses to break it (DoNotSchedule, required anti-affinity). */
  hard: boolean;
  selector: LabelSelector | null | undefined;
  /** Keys whose values are taken from the incoming pod and ANDed into the selector. */
  matchLabelKeys: string[];
  /** Namespaces whose pods count: those listed and those the selector matches; neither, the pod's own. */
  namespaces: { names: string[]; selector?: LabelSelector | null };
  /** Whether the rule counts the workload's own pods; otherwise it cannot spread them. */
  selectsOwnPods: boolean;
  /**
   * Why the API server rejects the rule (`maxSkew 0 is not a positive integer`), if it does: the
   * workload carrying it is never admitted (or, for a key in both matchLabelKeys and labelSelector
   * from Kubernetes 1.34, none of its pods), so it never runs with the rule.
   */
  invalid?: string;
  /** A topology spread constraint's own fields, as declared (undefined for anti-affinity). */
  constraint?: {
    maxSkew?: unknown;
    minDomains?: unknown;
    nodeAffinityPolicy?: unknown;
    nodeTaintsPolicy?: unknown;
  };
  /** `topologySpreadConstraint on topology.kubernetes.io/zone (maxSkew 1, DoNotSchedule)`. */
  description: string;
}

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** The label keys a label selector constrains, in matchLabels and matchExpressions. */
function selectorKeys(selector: any): string[] {
  const expressions = Array.isArray(selector?.matchExpressions)
    ? selector.matchExpressions
    : [];
  return [
    ...Object.keys(selector?.matchLabels ?? {}),
    ...expressions.map((expression: any) => expression?.key),
  ];
}

/**
 * Why the API server rejects a topology spread constraint, or undefined. The rules are those of
 * validateTopologySpreadConstraints (kubernetes pkg/apis/core/validation/validation.go), in its
 * order; the first one broken is reported. `earlier` holds the constraints listed before this one,
 * `podLabels` the labels of the pods it is created for.
 */
function constraintProblem(
  tsc: any,
  earlier: any[],
  podLabels: Record<string, string>,
): string | undefined {
  // ValidateMaxSkew.
  if (!isPositiveInteger(tsc.maxSkew))
    return `maxSkew ${JSON.stringify(
      tsc.maxSkew ?? null,
    )} is not a positive integer`;
  // ValidateTopologyKey: Required, "can not be empty".
  if (typeof tsc.topologyKey !== 'string' || tsc.topologyKey === '')
    return 'topologyKey is not set';
  // ValidateWhenUnsatisfiable: NotSupported.
  if (!WHEN_UNSATISFIABLE.includes(tsc.whenUnsatisfiable))
    return `whenUnsatisfiable ${JSON.stringify(
      tsc.whenUnsatisfiable ?? null,
    )} is neither DoNotSchedule nor ScheduleAnyway`;
  // ValidateSpreadConstraintNotRepeat: the {topologyKey, whenUnsatisfiable} pair identifies a
  // constraint, so it may appear once (Duplicate). The API server reports the first of the two;
  // the repeat is the one marked here, so that the first still reads as declared.
  const repeated = earlier.findIndex(
    other =>
      other.topologyKey === tsc.topologyKey &&
      other.whenUnsatisfiable === tsc.whenUnsatisfiable,
  );
  if (repeated >= 0)
    return `{${tsc.topologyKey}, ${tsc.whenUnsatisfiable}} repeats topologySpreadConstraints[${repeated}]: each topologyKey and whenUnsatisfiable pair may appear once`;
  // validateMinDomains.
  if (tsc.minDomains !== undefined && tsc.minDomains !== null) {
    if (!isPositiveInteger(tsc.minDomains))
      return `minDomains ${JSON.stringify(
        tsc.minDomains,
      )} is not a positive integer`;
    if (tsc.whenUnsatisfiable !== 'DoNotSchedule')
      return 'minDomains is only allowed with whenUnsatisfiable DoNotSchedule';
  }
  // validateNodeInclusionPolicy: NotSupported, and the values are case-sensitive ("honor" is not).
  for (const field of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
    const policy = tsc[field];
    if (
      policy !== undefined &&
      policy !== null &&
      !NODE_INCLUSION_POLICIES.includes(policy)
    )
      return `${field} ${JSON.stringify(policy)} is neither Honor nor Ignore`;
  }
  const matchLabelKeys = stringList(tsc.matchLabelKeys);
  if (matchLabelKeys.length === 0) return undefined;
  // Forbidden since Kubernetes 1.27 (kubernetes#116535), with and without the selector merge of
  // 1.34: "must not be specified when labelSelector is not set".
  if (tsc.labelSelector === undefined || tsc.labelSelector === null)
    return 'matchLabelKeys is set without a labelSelector';
  // A key in both matchLabelKeys and the labelSelector: up to Kubernetes 1.33
  // ValidateMatchLabelKeysInTopologySpread rejects the workload itself ("exists in both
  // matchLabelKeys and labelSelector"). From 1.34 (MatchLabelKeysInPodTopologySpreadSelectorMerge,
  // on by default, kubernetes#129874) the workload is admitted, but the API server appends
  // `key In (value)` to the selector of each pod carrying the key (pod strategy,
  // mutateTopologySpreadConstraints) and then rejects the pod for the same reason
  // (kubernetes#130063). Both reject it only when the pods carry the key; otherwise 1.34 admits it.
  const inBoth = matchLabelKeys.find(
    key =>
      typeof podLabels[key] === 'string' &&
      selectorKeys(tsc.labelSelector).includes(key),
  );
  if (inBoth !== undefined)
    return `key ${inBoth} is in both matchLabelKeys and labelSelector; up to Kubernetes 1.33 the API server rejects the workload, from 1.34 each of its pods`;
  return undefined;
}

/**
 * What the API server's validation of a pod (anti-)affinity term rejects, or undefined
 * (pkg/apis/core/validation, validatePodAffinityTerm: topologyKey "can not be empty";
 * validateWeightedPodAffinityTerms: weight "must be in the range 1-100").
 */
function antiAffinityProblem(term: any, weight?: unknown): string | undefined {
  if (typeof term?.topologyKey !== 'string' || term.topologyKey === '')
    return 'topologyKey is not set';
  if (
    weight !== undefined &&
    !(
      typeof weight === 'number' &&
      Number.isInteger(weight) &&
      weight >= 1 &&
      weight <= 100
    )
  )
    return `weight ${JSON.stringify(
      weight ?? null,
    )} is not an integer from 1 to 100`;
  return undefined;
}

function levelOf(topologyKey: string): SpreadLevel {
  if (topologyKey === HOSTNAME_KEY) return 'node';
  return ZONE_LABELS.includes(topologyKey) ? 'zone' : 'other';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

function namespaceLabels(
  cluster: ClusterView,
  name: string,
): Record<string, string> {
  // The API server sets kubernetes.io/metadata.name on every namespace.
  return (
    cluster.namespace(name)?.metadata.labels ?? {
      'kubernetes.io/metadata.name': name,
    }
  );
}

/** Whether the rule counts pods in this namespace, as seen from `workload`'s pods. */
function countsNamespace(
  cluster: ClusterView,
  rule: SpreadRule,
  workload: Workload,
  namespace: string,
): boolean {
  const { names, selector } = rule.namespaces;
  // Neither namespaces nor namespaceSelector: the pod's own namespace (PodAffinityTerm API reference).
  if (names.length === 0 && !selector) return namespace === workload.namespace;
  return (
    names.includes(namespace) ||
    (selector
      ? matchesLabelSelector(selector, namespaceLabels(cluster, namespace))
      : false)
  );
}

/** Whether the rule counts pods with these labels in this namespace, as seen from `workload`'s pods. */
export function ruleSelects(
  cluster: ClusterView,
  rule: SpreadRule,
  workload: Workload,
  namespace: string,
  labels: Record<string, string>,
): boolean {
  if (
    !countsNamespace(cluster, rule, workload, namespace) ||
    !matchesLabelSelector(rule.selector, labels)
  )
    return false;
  // matchLabelKeys pins the selector to the incoming pod's own values (keys it lacks are ignored).
  return rule.matchLabelKeys.every(
    key =>
      !(key in workload.templateLabels) ||
      labels[key] === workload.templateLabels[key],
  );
}

const RULE_LABELS: Record<SpreadRuleKind, string> = {
  topologySpreadConstraint: 'topologySpreadConstraint',
  requiredAntiAffinity: 'required podAntiAffinity',
  preferredAntiAffinity: 'preferred podAntiAffinity',
};

function ruleOf(
  cluster: ClusterView,
  workload: Workload,
  kind: SpreadRuleKind,
  term: any,
  detail: string,
  namespaces: SpreadRule['namespaces'],
  invalid?: string,
): SpreadRule | undefined {
  const topologyKey =
    typeof term?.topologyKey === 'string' ? term.topologyKey : '';
  // A term without a key is left out unless it is kept to say why the API server rejects it.
  if (topologyKey === '' && invalid === undefined) return undefined;
  const matchLabelKeys = stringList(term?.matchLabelKeys);
  const label = RULE_LABELS[kind];
  const rule: SpreadRule = {
    kind,
    topologyKey,
    level: levelOf(topologyKey),
    hard:
      kind === 'requiredAntiAffinity' ||
      (kind === 'topologySpreadConstraint' &&
        term?.whenUnsatisfiable !== 'ScheduleAnyway'),
    selector: term?.labelSelector,
    matchLabelKeys,
    namespaces,
    selectsOwnPods: false,
    invalid,
    description: `${label} ${
      topologyKey ? `on ${topologyKey}` : 'without topologyKey'
    }${detail ? ` (${detail})` : ''}`,
  };
  if (kind === 'topologySpreadConstraint') {
    rule.constraint = {
      maxSkew: term.maxSkew,
      minDomains: term.minDomains,
      nodeAffinityPolicy: term.nodeAffinityPolicy,
      nodeTaintsPolicy: term.nodeTaintsPolicy,
    };
  }
  rule.selectsOwnPods = ruleSelects(
    cluster,
    rule,
    workload,
    workload.namespace,
    workload.templateLabels,
  );
  return rule;
}

// Several spread checks ask for the same workload's rules: parsed once per workload.
const rulesByWorkload = perCluster(() => new WeakMap<Workload, SpreadRule[]>());

/** Every spreading rule of the workload's pod template, in declaration order (a shared list: do not modify it). */
export function spreadRulesOf(
  cluster: ClusterView,
  workload: Workload,
): SpreadRule[] {
  const memo = rulesByWorkload(cluster);
  let rules = memo.get(workload);
  if (!rules) {
    rules = parseSpreadRules(cluster, workload);
    memo.set(workload, rules);
  }
  return rules;
}

/** The namespaces a pod (anti-)affinity term counts pods in. */
function scopeOf(term: any): SpreadRule['namespaces'] {
  return {
    names: stringList(term?.namespaces),
    selector: term?.namespaceSelector,
  };
}

function parseSpreadRules(
  cluster: ClusterView,
  workload: Workload,
): SpreadRule[] {
  const rules: SpreadRule[] = [];
  const spec = workload.podSpec ?? {};

  // A null entry decodes to a zero constraint, which the API server rejects (maxSkew 0).
  const constraints: any[] = (
    Array.isArray(spec.topologySpreadConstraints)
      ? spec.topologySpreadConstraints
      : []
  ).map((tsc: any) => tsc ?? {});
  constraints.forEach((tsc, index) => {
    const detail = [
      `maxSkew ${tsc.maxSkew ?? '?'}`,
      tsc.whenUnsatisfiable ?? 'no whenUnsatisfiable',
      tsc.minDomains ? `minDomains ${tsc.minDomains}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    // Spread constraints only count pods of the pod's own namespace (they have no namespaces field).
    const rule = ruleOf(
      cluster,
      workload,
      'topologySpreadConstraint',
      tsc,
      detail,
      { names: [] },
      constraintProblem(
        tsc,
        constraints.slice(0, index),
        workload.templateLabels,
      ),
    );
    if (rule) rules.push(rule);
  });

  const anti = spec.affinity?.podAntiAffinity ?? {};
  for (const term of Array.isArray(
    anti.requiredDuringSchedulingIgnoredDuringExecution,
  )
    ? anti.requiredDuringSchedulingIgnoredDuringExecution
    : []) {
    const rule = ruleOf(
      cluster,
      workload,
      'requiredAntiAffinity',
      term,
      '',
      scopeOf(term),
      antiAffinityProblem(term),
    );
    if (rule) rules.push(rule);
  }
  for (const weighted of Array.isArray(
    anti.preferredDuringSchedulingIgnoredDuringExecution,
  )
    ? anti.preferredDuringSchedulingIgnoredDuringExecution
    : []) {
    const term = weighted?.podAffinityTerm;
    const rule = ruleOf(
      cluster,
      workload,
      'preferredAntiAffinity',
      term,
      `weight ${weighted?.weight ?? '?'}`,
      scopeOf(term),
      antiAffinityProblem(term, weighted?.weight ?? null),
    );
    if (rule) rules.push(rule);
  }
  return rules;
}

// Topology domains are asked for per rule of every workload: counted once per cluster and key.
const domainCounts = perCluster(() => new Map<string, number | undefined>());

/**
 * How many topology domains a key splits the usable workers into: the distinct values of that node
 * label. Undefined when no usable worker is known (a manifests scan, nodes not read).
 */
export function topologyDomains(
  cluster: ClusterView,
  topologyKey: string,
): number | undefined {
  const counts = domainCounts(cluster);
  if (!counts.has(topologyKey)) {
    const workers = cluster.usableWorkers();
    const values = new Set<string>();
    for (const node of workers) {
      const value = node.metadata?.labels?.[topologyKey];
      if (typeof value === 'string') values.add(value);
    }
    counts.set(topologyKey, workers.length === 0 ? undefined : values.size);
  }
  return counts.get(topologyKey);
}

const domainsByConstraints = perCluster(() => new Map<string, string[]>());

/**
 * The domains a topology spread constraint counts for this pod spec: the distinct values of its
 * topology key on the nodes the scheduler includes, i.e. nodes passing the pod's nodeSelector and
 * required node affinity unless nodeAffinityPolicy is Ignore (default Honor), and whose taints the
 * pod tolerates only when nodeTaintsPolicy is Honor (default Ignore); nodes without the key are
 * not domains (TopologySpreadConstraint API reference, "nodeAffinityPolicy"/"nodeTaintsPolicy").
 * Undefined when the nodes are not known. Sorted; a shared list: do not modify it.
 */
export function constraintDomains(
  cluster: ClusterView,
  podSpec: any,
  rule: SpreadRule,
): string[] | undefined {
  if (cluster.fetchState('nodes').status !== 'ok') return undefined;
  const honourAffinity = rule.constraint?.nodeAffinityPolicy !== 'Ignore';
  const honourTaints = rule.constraint?.nodeTaintsPolicy === 'Honor';
  // Most workloads share their scheduling constraints while nodes are many: once per distinct set.
  const memo = domainsByConstraints(cluster);
  const key = `${
    rule.topologyKey
  }\n${honourAffinity}\n${honourTaints}\n${schedulingKey(podSpec)}`;
  const known = memo.get(key);
  if (known) return known;
  const values = new Set<string>();
  for (const node of cluster.list('nodes')) {
    const value = node.metadata?.labels?.[rule.topologyKey];
    if (typeof value !== 'string') continue;
    if (honourAffinity && !nodeSelectionAdmits(podSpec, node)) continue;
    if (honourTaints && untoleratedTaints(podSpec, node).length > 0) continue;
    values.add(value);
  }
  const domains = [...values].sort();
  memo.set(key, domains);
  return domains;
}

/** What one domain of the rule is, for messages: `node`, `zone` or `<key> domain`. */
export function domainUnit(rule: SpreadRule): string {
  if (rule.level === 'node') return 'node';
  return rule.level === 'zone' ? 'zone' : `${rule.topologyKey} domain`;
}

/** Whether spreading over a custom topology key also spreads over zones, and if not, why. */
export type ZoneNesting = { nests: true } | { nests: false; why: string };

const nestingByKey = perCluster(
  () => new Map<string, ZoneNesting | undefined>(),
);

/**
 * Whether a custom topology key (level `other`: a rack, a room, an instance type) spreads across
 * zones: only when its domains nest inside zones on the usable workers, that is every worker
 * carrying the key has a zone, each value of the key lies in exactly one zone, and the values
 * cover at least two zones. Then pods kept apart by the key sit in different domains, and those
 * domains belong to distinct zones where the values differ; a key that cuts across zones
 * (node.kubernetes.io/instance-type: one type in every zone) keeps replicas apart by type, and
 * all of them may still share one zone. An approximation: the key's domains need not be balanced
 * over the zones (four racks in one zone, one in another), so nesting says the rule reaches
 * several zones, not that it balances them. Undefined when no usable worker is known.
 */
export function zoneNesting(
  cluster: ClusterView,
  topologyKey: string,
): ZoneNesting | undefined {
  const memo = nestingByKey(cluster);
  if (!memo.has(topologyKey)) {
    memo.set(topologyKey, computeZoneNesting(cluster, topologyKey));
  }
  return memo.get(topologyKey);
}

function computeZoneNesting(
  cluster: ClusterView,
  topologyKey: string,
): ZoneNesting | undefined {
  const workers = cluster.usableWorkers();
  if (workers.length === 0) return undefined;
  const zonesByValue = new Map<string, Set<string>>();
  for (const node of workers) {
    const value = node.metadata?.labels?.[topologyKey];
    if (typeof value !== 'string') continue;
    const zone = cluster.zoneOfNode(node.metadata.name);
    if (zone === undefined) {
      return {
        nests: false,
        why: `node ${node.metadata.name} has ${topologyKey}=${value} but no zone, so its domains cannot be placed in zones`,
      };
    }
    const zones = zonesByValue.get(value) ?? new Set<string>();
    zones.add(zone);
    zonesByValue.set(value, zones);
  }
  for (const [value, zones] of zonesByValue) {
    if (zones.size > 1) {
      return {
        nests: false,
        why: `its value ${value} spans zones ${[...zones]
          .sort()
          .join(', ')}, so replicas it keeps apart may still share one zone`,
      };
    }
  }
  const covered = new Set(
    [...zonesByValue.values()].flatMap(zones => [...zones]),
  );
  if (covered.size < 2) {
    return {
      nests: false,
      why:
        covered.size === 0
          ? `no usable node carries ${topologyKey}`
          : `every usable node carrying it is in zone ${[...covered][0]}`,
    };
  }
  return { nests: true };
}

/** ` in namespace kube-system only`, when the rule names the namespaces it counts pods in. */
function describeNamespaces(namespaces: SpreadRule['namespaces']): string {
  const { names, selector } = namespaces;
  if (names.length === 0 && !selector) return '';
  const scopes: string[] = [];
  if (names.length > 0)
    scopes.push(
      `${names.length === 1 ? 'namespace' : 'namespaces'} ${describeNames(
        names,
      )}`,
    );
  if (selector) {
    // `namespaceSelector: {}` selects every namespace (PodAffinityTerm API reference).
    if (selectorKeys(selector).length === 0) return ' in every namespace';
    scopes.push(`namespaces labelled ${describeSelector(selector)}`);
  }
  return ` in ${scopes.join(' or ')} only`;
}

/** `selects app=foo` (plus matchLabelKeys and the namespaces it is restricted to), for messages. */
export function describeRuleSelector(rule: SpreadRule): string {
  const keys = rule.matchLabelKeys.length
    ? ` with matchLabelKeys ${rule.matchLabelKeys.join(', ')}`
    : '';
  return `selects ${describeSelector(rule.selector)}${keys}${describeNamespaces(
    rule.namespaces,
  )}`;
}

/**
 * The labels of the workload's pods, for messages on a rule that misses them, with their namespace
 * when the rule does not count pods there (`k8s-app=metrics-server in namespace monitoring`).
 */
export function describeOwnPods(
  cluster: ClusterView,
  rule: SpreadRule,
  workload: Workload,
): string {
  const labels = describeLabels(workload.templateLabels);
  return countsNamespace(cluster, rule, workload, workload.namespace)
    ? labels
    : `${labels} in namespace ${workload.namespace}`;
}
