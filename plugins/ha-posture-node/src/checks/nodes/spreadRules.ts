/**
 * The scheduling rules that keep a recreated pod away from nodes by the pods already there:
 * required pod anti-affinity and DoNotSchedule topology spread constraints. With them, a pod that
 * loses its node may find no node it is allowed on although there is room: every other node
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

/** One rule, shared by the pods that have the same one. */
export interface SpreadRule {
  key: string;
  kind: 'anti-affinity' | 'topology-spread';
  /** The namespaces whose pods count; undefined: all. */
  namespaces?: ReadonlySet<string>;
  selector: LabelSelector;
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
  /** Bound pods that count, by node. */
  countsByNode: Map<string, number>;
}

/** A selector with the pod's values for `matchLabelKeys` added (e.g. pod-template-hash). */
function withMatchLabelKeys(
  selector: LabelSelector,
  keys: unknown,
  labels: Record<string, string>,
): LabelSelector {
  if (!Array.isArray(keys) || keys.length === 0) return selector;
  const extra: Record<string, string> = {};
  for (const key of keys)
    if (typeof key === 'string' && key in labels) extra[key] = labels[key];
  return {
    ...selector,
    matchLabels: { ...(selector.matchLabels ?? {}), ...extra },
  };
}

/** A bound pod that is not finished: anti-affinity counts it, terminating or not. */
const boundAndRunning = (pod: K8sObject) =>
  typeof pod.spec?.nodeName === 'string' && !isTerminal(pod);

type RuleShape = Omit<
  SpreadRule,
  'key' | 'domains' | 'countsByNode' | 'honorsTaints'
> & {
  honorsTaints?: boolean;
  /** What else decides the domains (the pod's node selection and tolerations, the policies). */
  domainsKey?: unknown;
  domainsOf: () => Map<string, string[]>;
};

/** The rules of the cluster, built once per distinct rule. */
export class SpreadRules {
  private readonly rules = new Map<string, SpreadRule>();
  /** The pods that count, by their labels: per kind of rule and namespace ('' for all namespaces). */
  private readonly countedPods = new Map<string, LabelIndex<K8sObject>>();
  /** The domains of spread rules, by topology key and what else decides them. */
  private readonly domains = new Map<string, Map<string, string[]>>();

  constructor(private readonly cluster: ClusterView) {}

  /** The pod's required anti-affinity terms and DoNotSchedule spread constraints. */
  rulesOf(pod: K8sObject): SpreadRule[] {
    const spec = pod.spec ?? {};
    const namespace = pod.metadata.namespace ?? 'default';
    const labels = pod.metadata.labels ?? {};
    const found: SpreadRule[] = [];
    const terms =
      spec.affinity?.podAntiAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution;
    for (const term of Array.isArray(terms) ? terms : []) {
      if (!term?.labelSelector || typeof term.topologyKey !== 'string')
        continue;
      // A namespaceSelector other than {} (all namespaces) would need the namespaces' labels: left out.
      const namespaceSelector = term.namespaceSelector;
      const allNamespaces =
        namespaceSelector &&
        typeof namespaceSelector === 'object' &&
        Object.keys(namespaceSelector).length === 0;
      if (namespaceSelector && !allNamespaces) continue;
      const listed: string[] =
        Array.isArray(term.namespaces) && term.namespaces.length
          ? term.namespaces
          : [namespace];
      found.push(
        this.rule({
          kind: 'anti-affinity',
          namespaces: allNamespaces ? undefined : new Set(listed),
          selector: withMatchLabelKeys(
            term.labelSelector,
            term.matchLabelKeys,
            labels,
          ),
          topologyKey: term.topologyKey,
          maxSkew: 0,
          minDomains: 1,
          domainsOf: () => new Map(),
        }),
      );
    }
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
          selector: withMatchLabelKeys(
            constraint.labelSelector,
            constraint.matchLabelKeys,
            labels,
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

  /** Whether the pod itself counts for the rule (it then adds to the domain it lands in). */
  static selects(rule: SpreadRule, pod: K8sObject): boolean {
    const namespace = pod.metadata.namespace ?? 'default';
    return (
      (rule.namespaces === undefined || rule.namespaces.has(namespace)) &&
      matchesLabelSelector(rule.selector, pod.metadata.labels ?? {})
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
    rule: Pick<SpreadRule, 'kind' | 'namespaces' | 'selector'>,
  ): Map<string, number> {
    const byNode = new Map<string, number>();
    for (const namespace of rule.namespaces ?? ['']) {
      for (const pod of this.podsIn(rule.kind, namespace).matching(
        rule.selector,
      )) {
        const node = pod.spec.nodeName as string;
        byNode.set(node, (byNode.get(node) ?? 0) + 1);
      }
    }
    return byNode;
  }

  /**
   * The pods a kind of rule counts in a namespace. Anti-affinity: every bound pod not finished,
   * terminating ones too (the scheduler's interpodaffinity counts them). Spread: not terminating
   * (PodTopologySpread bypasses them), and not on a node that is not Ready already, whose pods
   * wait for a node themselves (they are placed anew).
   */
  private podsIn(
    kind: SpreadRule['kind'],
    namespace: string,
  ): LabelIndex<K8sObject> {
    const key = `${kind}/${namespace}`;
    let index = this.countedPods.get(key);
    if (!index) {
      const pods = namespace
        ? this.cluster.inNamespace('pods', namespace)
        : this.cluster.list('pods');
      const counted =
        kind === 'anti-affinity'
          ? pods.filter(boundAndRunning)
          : pods.filter(pod => this.countsForSpread(pod));
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
   * Anti-affinity: they stay, terminating, while their Node objects remain.
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
    if (rule.kind === 'anti-affinity')
      return domain === undefined || (this.of(rule).get(domain) ?? 0) === 0;
    if (domain === undefined || !rule.domains.has(domain)) return false;
    return (
      (this.of(rule).get(domain) ?? 0) + (adds ? 1 : 0) - minimum <=
      rule.maxSkew
    );
  }

  add(rule: SpreadRule, nodeLabels: Record<string, string>): void {
    const domain = nodeLabels[rule.topologyKey];
    if (domain === undefined) return;
    const domains = this.of(rule);
    domains.set(domain, (domains.get(domain) ?? 0) + 1);
  }
}
