/**
 * The scheduling rules that keep a recreated pod away from nodes, or bind it to some, by the pods
 * already there: required pod anti-affinity and affinity (the scheduler's InterPodAffinity
 * filter; for the anti-affinity of the pods already there see heldAntiAffinity.ts) and
 * DoNotSchedule topology spread constraints. With them, a pod that loses its node may find no
 * node it is allowed on although there is room: every other node
 * already runs a replica, a terminating replica on the lost node still blocks its zone (the
 * scheduler counts terminating pods for anti-affinity), or a zone spread is skewed by the lost
 * zone, which still counts with 0 pods while its Node objects remain, NotReady (nodeTaintsPolicy
 * defaults to Ignore).
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { isTerminal } from '../../engine/clusterView';
import {
  LabelIndex,
  LabelSelector,
  matchesLabelSelector,
} from '../../engine/labels';
import { nodeSelectionAdmits, untoleratedTaints } from '../scheduling';
import { termNamespaces } from './termNamespaces';

/** Which pods a rule looks at: those in its namespaces (undefined: all) that its selector matches. */
export interface PodMatcher {
  namespaces?: ReadonlySet<string>;
  selector: LabelSelector;
}

/** One rule, shared by the pods that have the same one. */
export interface SpreadRule extends PodMatcher {
  key: string;
  /**
   * anti-affinity: the pod's own required anti-affinity term; held-anti-affinity: a term of pods
   * already there, which keeps the pods it selects out of their domains; affinity: the pod's own
   * required affinity term.
   */
  kind: 'anti-affinity' | 'held-anti-affinity' | 'affinity' | 'topology-spread';
  /**
   * affinity: the pod's other affinity terms, which a pod must match as well to count (the
   * scheduler counts a pod for a pod's affinity only when it matches all its terms).
   */
  alsoMatches?: ReadonlyArray<PodMatcher>;
  topologyKey: string;
  /** topology-spread: the largest difference allowed between the fullest and the emptiest domain. */
  maxSkew: number;
  /** topology-spread: the domains that count, with their nodes (those the pod may run on, lost or not). */
  domains: ReadonlyMap<string, string[]>;
  /**
   * topology-spread with nodeTaintsPolicy Honor: a lost node (tainted unreachable) stops counting,
   * and a domain counts only while one of its nodes is left.
   */
  honorsTaints: boolean;
  /** topology-spread: fewer eligible domains than this count the emptiest as 0. */
  minDomains: number;
  /** Bound pods that count, by node (held-anti-affinity: the pods that hold the term). */
  countsByNode: Map<string, number>;
}

/**
 * A selector with the pod's values for `matchLabelKeys` added (e.g. pod-template-hash) and, for
 * `mismatchLabelKeys`, excluded.
 */
function withLabelKeys(
  selector: LabelSelector,
  labels: Record<string, string>,
  matchKeys: unknown,
  mismatchKeys?: unknown,
): LabelSelector {
  const matching = Array.isArray(matchKeys) ? matchKeys : [];
  const mismatching = Array.isArray(mismatchKeys) ? mismatchKeys : [];
  if (matching.length === 0 && mismatching.length === 0) return selector;
  const extra: Record<string, string> = {};
  for (const key of matching)
    if (typeof key === 'string' && key in labels) extra[key] = labels[key];
  const excluded = mismatching
    .filter((key): key is string => typeof key === 'string' && key in labels)
    .map(key => ({ key, operator: 'NotIn', values: [labels[key]] }));
  return {
    ...selector,
    matchLabels: { ...(selector.matchLabels ?? {}), ...extra },
    ...(excluded.length
      ? {
          matchExpressions: [...(selector.matchExpressions ?? []), ...excluded],
        }
      : {}),
  };
}

/** A bound pod that is not finished: inter-pod (anti-)affinity counts it, terminating or not. */
export const boundAndRunning = (pod: K8sObject) =>
  typeof pod.spec?.nodeName === 'string' && !isTerminal(pod);

/** A required pod (anti-)affinity term of a pod, its namespaces resolved. */
export interface PodTerm extends PodMatcher {
  topologyKey: string;
}

/**
 * The pod's required podAffinity or podAntiAffinity terms. A term whose namespaces cannot be told
 * (a namespaceSelector without the Namespace objects) is left out and its reason passed to
 * `unjudged`.
 */
export function requiredPodTerms(
  cluster: ClusterView,
  pod: K8sObject,
  field: 'podAffinity' | 'podAntiAffinity',
  unjudged: (reason: string) => void,
): PodTerm[] {
  const terms =
    pod.spec?.affinity?.[field]?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!Array.isArray(terms) || terms.length === 0) return [];
  const namespace = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels ?? {};
  const found: PodTerm[] = [];
  for (const term of terms) {
    // A term without a selector matches no pod: for anti-affinity it excludes nothing.
    if (!term?.labelSelector || typeof term.topologyKey !== 'string') continue;
    const resolved = termNamespaces(cluster, namespace, term);
    if ('unjudged' in resolved) {
      unjudged(resolved.unjudged);
      continue;
    }
    found.push({
      ...(resolved.namespaces ? { namespaces: resolved.namespaces } : {}),
      selector: withLabelKeys(
        term.labelSelector,
        labels,
        term.matchLabelKeys,
        term.mismatchLabelKeys,
      ),
      topologyKey: term.topologyKey,
    });
  }
  return found;
}

/** Whether a pod is in the namespaces the matcher looks at. */
export function inNamespaces(matcher: PodMatcher, pod: K8sObject): boolean {
  return (
    matcher.namespaces === undefined ||
    matcher.namespaces.has(pod.metadata.namespace ?? 'default')
  );
}

/** Whether a pod is among those the matcher looks at. */
function matchesPod(matcher: PodMatcher, pod: K8sObject): boolean {
  return (
    inNamespaces(matcher, pod) &&
    matchesLabelSelector(matcher.selector, pod.metadata.labels ?? {})
  );
}

type RuleShape = Omit<
  SpreadRule,
  'key' | 'domains' | 'countsByNode' | 'honorsTaints'
> & {
  honorsTaints?: boolean;
  /** What else decides the domains (the pod's node selection and tolerations, the policies). */
  domainsKey?: unknown;
  domainsOf: () => Map<string, string[]>;
};

/** A pod whose placement adds to the counts of the rules that count it. */
export interface CountedPod {
  pod: K8sObject;
  /** The rules it adds to where it is placed. */
  countsIn: SpreadRule[];
}

/** The rules of the cluster, built once per distinct rule. */
export class SpreadRules {
  private readonly rules = new Map<string, SpreadRule>();
  /** The pods that count, by their labels: per kind of rule and namespace ('' for all namespaces). */
  private readonly countedPods = new Map<string, LabelIndex<K8sObject>>();
  /** The domains of spread rules, by topology key and what else decides them. */
  private readonly domains = new Map<string, Map<string, string[]>>();
  /** Pods with inter-pod affinity terms left out, and why (one reason each). */
  readonly unjudged = new Map<string, string>();

  constructor(private readonly cluster: ClusterView) {}

  /** Records a term of the pod left out. */
  noteUnjudged(pod: K8sObject): (reason: string) => void {
    return reason => {
      const name = `${pod.metadata.namespace ?? 'default'}/${
        pod.metadata.name
      }`;
      if (!this.unjudged.has(name)) this.unjudged.set(name, reason);
    };
  }

  /** The pod's required anti-affinity terms and DoNotSchedule spread constraints. */
  rulesOf(pod: K8sObject): SpreadRule[] {
    const spec = pod.spec ?? {};
    const namespace = pod.metadata.namespace ?? 'default';
    const labels = pod.metadata.labels ?? {};
    const found: SpreadRule[] = [];
    const unjudged = this.noteUnjudged(pod);
    for (const term of requiredPodTerms(
      this.cluster,
      pod,
      'podAntiAffinity',
      unjudged,
    ))
      found.push(
        this.rule({
          kind: 'anti-affinity',
          ...term,
          maxSkew: 0,
          minDomains: 1,
          domainsOf: () => new Map(),
        }),
      );
    const constraints = spec.topologySpreadConstraints;
    for (const constraint of Array.isArray(constraints) ? constraints : []) {
      if (constraint?.whenUnsatisfiable !== 'DoNotSchedule') continue;
      if (
        !constraint.labelSelector ||
        typeof constraint.topologyKey !== 'string'
      )
        continue;
      found.push(
        this.rule({
          kind: 'topology-spread',
          namespaces: new Set([namespace]),
          selector: withLabelKeys(
            constraint.labelSelector,
            labels,
            constraint.matchLabelKeys,
          ),
          topologyKey: constraint.topologyKey,
          maxSkew:
            Number.isInteger(constraint.maxSkew) && constraint.maxSkew > 0
              ? constraint.maxSkew
              : 1,
          minDomains: Number.isInteger(constraint.minDomains)
            ? constraint.minDomains
            : 1,
          honorsTaints: constraint.nodeTaintsPolicy === 'Honor',
          domainsKey: [
            constraint.nodeAffinityPolicy,
            constraint.nodeTaintsPolicy,
            spec.nodeSelector,
            spec.affinity?.nodeAffinity
              ?.requiredDuringSchedulingIgnoredDuringExecution,
            constraint.nodeTaintsPolicy === 'Honor'
              ? spec.tolerations
              : undefined,
          ],
          domainsOf: () => this.eligibleDomains(spec, constraint),
        }),
      );
    }
    return found;
  }

  /**
   * The pod's required pod affinity terms, one rule each: a node is allowed when its domain of
   * every term runs a pod that matches all the terms.
   */
  affinityRulesOf(pod: K8sObject): SpreadRule[] {
    const terms = requiredPodTerms(
      this.cluster,
      pod,
      'podAffinity',
      this.noteUnjudged(pod),
    );
    return terms.map((term, t) => {
      const others = terms
        .filter((_, o) => o !== t)
        .map(({ namespaces, selector }) => ({ namespaces, selector }));
      return this.rule({
        kind: 'affinity',
        ...term,
        ...(others.length ? { alsoMatches: others } : {}),
        maxSkew: 0,
        minDomains: 1,
        domainsOf: () => new Map(),
      });
    });
  }

  /**
   * Links each pod to the rules it counts for, so that a pod placed in a simulation counts for
   * every rule, whoever's (once per cluster: a lookup per rule among the pods' labels).
   */
  linkCounts<T extends CountedPod>(pods: LabelIndex<T>): void {
    for (const rule of this.rules.values())
      for (const counted of pods.matching(rule.selector))
        if (
          inNamespaces(rule, counted.pod) &&
          (rule.alsoMatches ?? []).every(m => matchesPod(m, counted.pod))
        )
          counted.countsIn.push(rule);
  }

  /** Whether the pod itself counts for the rule (it then adds to the domain it lands in). */
  static selects(rule: SpreadRule, pod: K8sObject): boolean {
    return (
      matchesPod(rule, pod) &&
      (rule.alsoMatches ?? []).every(matcher => matchesPod(matcher, pod))
    );
  }

  private rule(shape: RuleShape): SpreadRule {
    const { domainsOf, domainsKey, honorsTaints, ...fields } = shape;
    // Rules of different workloads mostly share their domains: the same key, no node selection.
    const domainsId = JSON.stringify([
      fields.kind,
      fields.topologyKey,
      domainsKey,
    ]);
    const key = JSON.stringify([
      fields.kind,
      fields.namespaces ? [...fields.namespaces].sort() : null,
      fields.selector,
      fields.topologyKey,
      fields.maxSkew,
      fields.minDomains,
      domainsKey,
      ...(fields.alsoMatches
        ? [
            fields.alsoMatches.map(m => [
              m.namespaces ? [...m.namespaces].sort() : null,
              m.selector,
            ]),
          ]
        : []),
    ]);
    let rule = this.rules.get(key);
    if (!rule) {
      rule = {
        ...fields,
        key,
        honorsTaints: honorsTaints ?? false,
        domains: this.domainsMemo(domainsId, domainsOf),
        countsByNode: this.countByNode(fields),
      };
      this.rules.set(key, rule);
    }
    return rule;
  }

  private domainsMemo(
    id: string,
    domainsOf: () => Map<string, string[]>,
  ): Map<string, string[]> {
    let domains = this.domains.get(id);
    if (!domains) {
      domains = domainsOf();
      this.domains.set(id, domains);
    }
    return domains;
  }

  private countByNode(
    rule: Pick<SpreadRule, 'kind' | 'namespaces' | 'selector' | 'alsoMatches'>,
  ): Map<string, number> {
    const byNode = new Map<string, number>();
    const also = rule.alsoMatches ?? [];
    for (const namespace of rule.namespaces ?? ['']) {
      for (const pod of this.podsIn(rule.kind, namespace).matching(
        rule.selector,
      )) {
        if (!also.every(matcher => matchesPod(matcher, pod))) continue;
        const node = pod.spec.nodeName as string;
        byNode.set(node, (byNode.get(node) ?? 0) + 1);
      }
    }
    return byNode;
  }

  /**
   * The pods a kind of rule counts in a namespace. Affinity and anti-affinity: every bound pod not
   * finished, terminating ones too (the scheduler's interpodaffinity counts them). Spread: not terminating
   * (PodTopologySpread bypasses them), and not on a node that is not Ready already, whose pods
   * wait for a node themselves (they are placed anew).
   */
  private podsIn(
    kind: SpreadRule['kind'],
    namespace: string,
  ): LabelIndex<K8sObject> {
    const spread = kind === 'topology-spread';
    const key = `${spread ? 'spread' : 'inter-pod'}/${namespace}`;
    let index = this.countedPods.get(key);
    if (!index) {
      const pods = namespace
        ? this.cluster.inNamespace('pods', namespace)
        : this.cluster.list('pods');
      const counted = spread
        ? pods.filter(pod => this.countsForSpread(pod))
        : pods.filter(boundAndRunning);
      index = new LabelIndex(counted, pod => [pod.metadata.labels]);
      this.countedPods.set(key, index);
    }
    return index;
  }

  private countsForSpread(pod: K8sObject): boolean {
    if (!boundAndRunning(pod) || pod.metadata?.deletionTimestamp) return false;
    const node = this.cluster.node(pod.spec.nodeName);
    return node === undefined || this.cluster.isNodeReady(node);
  }

  /**
   * The domains a spread constraint counts, with their nodes: those the pod's node selection
   * admits (nodeAffinityPolicy Honor, the default) and, with nodeTaintsPolicy Honor, whose taints
   * it tolerates; every node, Ready or not.
   */
  private eligibleDomains(spec: any, constraint: any): Map<string, string[]> {
    const domains = new Map<string, string[]>();
    for (const node of this.cluster.list('nodes')) {
      const value = node.metadata.labels?.[constraint.topologyKey];
      if (value === undefined) continue;
      if (
        constraint.nodeAffinityPolicy !== 'Ignore' &&
        !nodeSelectionAdmits(spec, node)
      )
        continue;
      if (
        constraint.nodeTaintsPolicy === 'Honor' &&
        untoleratedTaints(spec, node).length > 0
      )
        continue;
      const nodes = domains.get(value);
      if (nodes) nodes.push(node.metadata.name);
      else domains.set(value, [node.metadata.name]);
    }
    return domains;
  }
}

/** Pods per domain of one rule in one simulated loss: the bound pods that still count, plus those placed. */
export class DomainCounts {
  private readonly byRule = new Map<SpreadRule, Map<string, number>>();

  constructor(
    private readonly cluster: ClusterView,
    private readonly lost: ReadonlySet<string>,
  ) {}

  /**
   * Spread: the lost nodes' pods are gone (their replacements are the ones being placed).
   * Affinity and anti-affinity: they stay, terminating, while their Node objects remain.
   */
  of(rule: SpreadRule): Map<string, number> {
    let domains = this.byRule.get(rule);
    if (!domains) {
      domains = new Map();
      for (const [node, count] of rule.countsByNode) {
        if (rule.kind === 'topology-spread' && this.lost.has(node)) continue;
        const domain =
          this.cluster.node(node)?.metadata.labels?.[rule.topologyKey];
        if (domain !== undefined)
          domains.set(domain, (domains.get(domain) ?? 0) + count);
      }
      this.byRule.set(rule, domains);
    }
    return domains;
  }

  /** The domains that count: with nodeTaintsPolicy Honor, those with a node left. */
  private countedDomains(rule: SpreadRule): string[] {
    const all = [...rule.domains.keys()];
    if (!rule.honorsTaints) return all;
    return all.filter(domain =>
      rule.domains.get(domain)!.some(node => !this.lost.has(node)),
    );
  }

  /** The emptiest counted domain's count (0 with fewer counted domains than minDomains). */
  minimum(rule: SpreadRule): number {
    const counted = this.countedDomains(rule);
    if (counted.length < rule.minDomains) return 0;
    const domains = this.of(rule);
    let min = Infinity;
    for (const domain of counted) min = Math.min(min, domains.get(domain) ?? 0);
    return min === Infinity ? 0 : min;
  }

  /** Whether the rule lets the pod onto a node with these labels (`adds`: the pod counts itself). */
  allows(
    rule: SpreadRule,
    nodeLabels: Record<string, string>,
    adds: boolean,
    minimum: number,
  ): boolean {
    const domain = nodeLabels[rule.topologyKey];
    if (rule.kind === 'anti-affinity' || rule.kind === 'held-anti-affinity')
      return domain === undefined || (this.of(rule).get(domain) ?? 0) === 0;
    if (domain === undefined) return false;
    // The scheduler's exception for the first pod of a group with affinity to itself: see allowsFirst.
    if (rule.kind === 'affinity') return (this.of(rule).get(domain) ?? 0) > 0;
    if (!rule.domains.has(domain)) return false;
    return (
      (this.of(rule).get(domain) ?? 0) + (adds ? 1 : 0) - minimum <=
      rule.maxSkew
    );
  }

  /**
   * Whether a pod with these affinity rules is the first of its group: no pod anywhere counts for
   * them and it matches all its terms itself. The scheduler then lets it onto any node that has
   * the rules' topology keys, or such a group could never start.
   */
  isFirstOfGroup(affinity: SpreadRule[], pod: K8sObject): boolean {
    return (
      affinity.every(rule => this.of(rule).size === 0) &&
      affinity.every(rule => SpreadRules.selects(rule, pod))
    );
  }

  add(rule: SpreadRule, nodeLabels: Record<string, string>): void {
    const domain = nodeLabels[rule.topologyKey];
    if (domain === undefined) return;
    const domains = this.of(rule);
    domains.set(domain, (domains.get(domain) ?? 0) + 1);
  }
}
