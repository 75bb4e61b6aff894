/**
 * The alerting rules of a cluster's PrometheusRules, read once per cluster view. A workload then
 * finds the alerts that name it by looking its names up among the equality matchers and by testing
 * each distinct regex matcher once, instead of re-reading every expression of every rule, which
 * costs workloads × alerts regex scans on a large cluster.
 */
import { K8sObject } from '../../model/snapshot';
import { perCluster } from '../util';
import { MONITORING_KEYS } from './prometheus';
import { namingOf } from './promql';

export interface Alert {
  alert: string;
  expr: string;
}

/** The alerting rules (not recording rules) of a PrometheusRule or GKE Rules object. */
export function alertsOf(rule: K8sObject): Alert[] {
  const groups: any[] = Array.isArray(rule.spec?.groups)
    ? rule.spec.groups
    : [];
  return groups.flatMap(g =>
    (Array.isArray(g?.rules) ? g.rules : [])
      .filter((r: any) => typeof r?.alert === 'string' && r.expr !== undefined)
      .map((r: any) => ({ alert: r.alert, expr: String(r.expr) })),
  );
}

interface IndexedAlert {
  rule: number;
  /** Position among all alerts of all rules: results keep rule and alert order. */
  position: number;
  alert: string;
}

/** A rule and those of its alerts that name a workload. */
export interface RuleAlerts {
  rule: K8sObject;
  alerts: string[];
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(value);
  else map.set(key, [value]);
}

/** A distinct regex matcher and the alerts using it. */
interface IndexedPattern {
  regex: RegExp;
  alerts: IndexedAlert[];
}

export class AlertIndex {
  private readonly byEqual = new Map<string, IndexedAlert[]>();
  /** Regex matchers by source: the same regex in many alerts is tested once per name. */
  private readonly patterns = new Map<string, IndexedPattern>();
  /** Matchers whose matches all start with a known literal prefix, by the prefix's first character. */
  private readonly byFirstChar = new Map<
    string,
    Array<[string, IndexedPattern]>
  >();
  /** Matchers of other shapes: tested against every name. */
  private readonly unprefixed: IndexedPattern[] = [];

  constructor(private readonly rules: K8sObject[]) {
    let position = 0;
    rules.forEach((rule, index) => {
      for (const { alert, expr } of alertsOf(rule)) {
        const entry: IndexedAlert = {
          rule: index,
          position: position++,
          alert,
        };
        const naming = namingOf(expr);
        for (const value of new Set(naming.equals))
          add(this.byEqual, value, entry);
        for (const { regex, prefixes } of naming.patterns)
          this.pattern(regex, prefixes).alerts.push(entry);
      }
    });
  }

  private pattern(regex: RegExp, prefixes?: string[]): IndexedPattern {
    let pattern = this.patterns.get(regex.source);
    if (!pattern) {
      pattern = { regex, alerts: [] };
      this.patterns.set(regex.source, pattern);
      if (!prefixes) this.unprefixed.push(pattern);
      for (const prefix of new Set(prefixes)) {
        const entry: [string, IndexedPattern] = [prefix, pattern];
        add(this.byFirstChar, prefix[0], entry);
      }
    }
    return pattern;
  }

  /**
   * The rules with their alerts whose expressions name the workload: an equality matcher on one
   * of `names`, or a regex matcher matching one of `names` or `podNames`. Rule and alert order kept.
   */
  mentioning(names: string[], podNames: string[]): RuleAlerts[] {
    const hits = new Map<number, IndexedAlert>();
    for (const name of names)
      for (const entry of this.byEqual.get(name) ?? [])
        hits.set(entry.position, entry);
    const matched = new Set<IndexedPattern>();
    const test = (name: string) => {
      for (const [prefix, pattern] of this.byFirstChar.get(name[0]) ?? [])
        if (
          !matched.has(pattern) &&
          name.startsWith(prefix) &&
          pattern.regex.test(name)
        )
          matched.add(pattern);
      for (const pattern of this.unprefixed)
        if (!matched.has(pattern) && pattern.regex.test(name))
          matched.add(pattern);
    };
    names.forEach(test);
    podNames.forEach(test);
    for (const pattern of matched)
      for (const entry of pattern.alerts) hits.set(entry.position, entry);
    const found: RuleAlerts[] = [];
    let lastRule = -1;
    for (const entry of [...hits.values()].sort(
      (a, b) => a.position - b.position,
    )) {
      if (entry.rule === lastRule)
        found[found.length - 1].alerts.push(entry.alert);
      else found.push({ rule: this.rules[entry.rule], alerts: [entry.alert] });
      lastRule = entry.rule;
    }
    return found;
  }
}

/** The index of the cluster's readable PrometheusRules (none when they could not be read). */
export const prometheusRuleAlerts = perCluster(cluster => {
  const key = MONITORING_KEYS.prometheusRules;
  return new AlertIndex(
    cluster.fetchState(key).status === 'ok' ? cluster.list(key) : [],
  );
});
