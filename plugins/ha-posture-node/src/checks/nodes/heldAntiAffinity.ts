/**
 * The required anti-affinity of the pods already on the nodes, which the scheduler honours for a
 * new pod as well: a pod that an existing pod's term selects cannot go to that pod's domain, even
 * when it has no rules of its own (the InterPodAffinity filter checks both directions).
 */
import { LabelIndex } from '../../engine/labels';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  boundAndRunning,
  CountedPod,
  inNamespaces,
  PodTerm,
  requiredPodTerms,
  SpreadRule,
  SpreadRules,
} from './spreadRules';

/** A pod to be placed: the held rules that keep it out of domains, and those it holds itself. */
export interface HeldPod extends CountedPod {
  held: SpreadRule[];
}

const NO_DOMAINS: ReadonlyMap<string, string[]> = new Map();
const NONE: SpreadRule[] = [];

const hasAntiAffinity = (pod: K8sObject) =>
  Boolean(
    pod.spec?.affinity?.podAntiAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution,
  );

/** The held anti-affinity terms of a cluster, each with the nodes of the pods that hold it. */
export class HeldAntiAffinity {
  private readonly rules = new Map<string, SpreadRule>();
  /** The held rules of a pod's terms, by pod. */
  private readonly byPod = new Map<K8sObject, SpreadRule[]>();

  constructor(
    private readonly cluster: ClusterView,
    private readonly spreadRules: SpreadRules,
  ) {
    for (const pod of cluster.list('pods')) {
      if (!hasAntiAffinity(pod) || !boundAndRunning(pod)) continue;
      for (const rule of this.heldBy(pod)) {
        const node = pod.spec.nodeName as string;
        rule.countsByNode.set(node, (rule.countsByNode.get(node) ?? 0) + 1);
      }
    }
  }

  /** The held rules of the pod's required anti-affinity terms (none for most pods: a quick look). */
  heldBy(pod: K8sObject): SpreadRule[] {
    if (!hasAntiAffinity(pod)) return NONE;
    let rules = this.byPod.get(pod);
    if (!rules) {
      rules = requiredPodTerms(
        this.cluster,
        pod,
        'podAntiAffinity',
        this.spreadRules.noteUnjudged(pod),
      ).map(term => this.rule(term));
      this.byPod.set(pod, rules);
    }
    return rules;
  }

  private rule(term: PodTerm): SpreadRule {
    const key = JSON.stringify([
      term.namespaces ? [...term.namespaces].sort() : null,
      term.selector,
      term.topologyKey,
    ]);
    let rule = this.rules.get(key);
    if (!rule) {
      rule = {
        ...term,
        key,
        kind: 'held-anti-affinity',
        maxSkew: 0,
        minDomains: 1,
        honorsTaints: false,
        domains: NO_DOMAINS,
        countsByNode: new Map(),
      };
      this.rules.set(key, rule);
    }
    return rule;
  }

  /**
   * Links the pods to be placed to the held rules that select them, and to those they hold
   * themselves (placed, they hold them in their new domain too). Once per cluster.
   */
  link<T extends HeldPod>(pods: LabelIndex<T>, all: T[]): void {
    for (const pod of all)
      if (hasAntiAffinity(pod.pod)) pod.countsIn.push(...this.heldBy(pod.pod));
    for (const rule of this.rules.values())
      for (const selected of pods.matching(rule.selector))
        if (inNamespaces(rule, selected.pod)) selected.held.push(rule);
  }
}
