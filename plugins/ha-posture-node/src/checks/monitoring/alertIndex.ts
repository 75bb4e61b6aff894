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

export class AlertIndex {
  private readonly byEqual = new Map<string, IndexedAlert[]>();
  /** Alerts by regex source (the same regex in many alerts is tested once per workload). */
  private readonly byPattern = new Map<string, IndexedAlert[]>();
  private readonly patterns = new Map<string, RegExp>();

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
        for (const source of new Set(naming.patterns.map(p => p.source))) {
          add(this.byPattern, source, entry);
          if (!this.patterns.has(source))
            this.patterns.set(
              source,
              naming.patterns.find(p => p.source === source)!,
            );
        }
      }
    });
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
    for (const [source, pattern] of this.patterns) {
      if (
        names.some(n => pattern.test(n)) ||
        podNames.some(n => pattern.test(n))
      )
        for (const entry of this.byPattern.get(source)!)
          hits.set(entry.position, entry);
    }
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
