/**
 * The alerting rules of a cluster's PrometheusRules, read once per cluster view. A workload then
 * finds the alerts that name it by looking its names up among the equality matchers and by testing
 * each distinct regex matcher once, instead of re-reading every expression of every rule, which
 * costs workloads × alerts regex scans on a large cluster.
 */
import { K8sObject } from '../../model/snapshot';
import { perCluster } from '../util';
import { MONITORING_KEYS } from './prometheus';
import { ExprNaming, namingOf, NamingPattern } from './promql';

export interface Alert {
  alert: string;
  expr: string;
}

/** The alerting rules (not recording rules) of a PrometheusRule or GKE Rules object. */
export function alertsOf(rule: K8sObject): Alert[] {
  const alerts: Alert[] = [];
  const groups = rule.spec?.groups;
  if (!Array.isArray(groups)) return alerts;
  for (const group of groups) {
    const rules = group?.rules;
    if (!Array.isArray(rules)) continue;
    for (const r of rules)
      if (typeof r?.alert === 'string' && r.expr !== undefined)
        alerts.push({ alert: r.alert, expr: String(r.expr) });
  }
  return alerts;
}

interface IndexedAlert {
  rule: number;
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

/** A distinct regex matcher and the alerts using it (by position). */
interface IndexedPattern {
  regex: RegExp;
  positions: number[];
  /** The lookup that last found it matching (see AlertIndex.lookup): each pattern counts once per lookup. */
  matchedIn: number;
}

/**
 * The alerts of a rule that lookups hit, by a number with one bit per alert of the rule (bit i:
 * the rule's i-th alert), so lookups hitting the same alerts of a rule share one RuleAlerts (and
 * its judgement) without building a key string. Rules with more alerts than a number holds exact
 * bits are keyed by their positions' text.
 */
interface RuleSegments {
  /** Position of the rule's first alert. */
  first: number;
  byBits: Map<number | string, RuleAlerts>;
}

/** Bits up to 2^52 add up exactly in a double. */
const MAX_BIT_ALERTS = 52;

const NO_POSITIONS: number[] = [];
const NO_PREFIXED: Array<[string, IndexedPattern]> = [];

/** The first two UTF-16 code units of a string as one number (a bucket key that allocates nothing). */
function leadingPair(text: string): number {
  return text.charCodeAt(0) * 65536 + text.charCodeAt(1);
}

/**
 * Sorts positions in place, ascending. A lookup hits a dozen or so alerts: an insertion sort
 * costs less than calling a comparator from Array.prototype.sort.
 */
function sortPositions(positions: number[]): void {
  if (positions.length > 64) {
    positions.sort((a, b) => a - b);
    return;
  }
  for (let i = 1; i < positions.length; i++) {
    const position = positions[i];
    let at = i;
    while (at > 0 && positions[at - 1] > position) {
      positions[at] = positions[at - 1];
      at--;
    }
    positions[at] = position;
  }
}

export class AlertIndex {
  /** Every alert of every rule, by position: results keep rule and alert order. */
  private readonly alerts: IndexedAlert[] = [];
  private readonly byEqual = new Map<string, number[]>();
  /** Regex matchers by source: the same regex in many alerts is tested once per name. */
  private readonly patterns = new Map<string, IndexedPattern>();
  /**
   * Matchers whose matches all start with a known literal prefix, by the prefix's first two
   * characters (see leadingPair); those with a one-character prefix by that character.
   */
  private readonly byLeadingPair = new Map<
    number,
    Array<[string, IndexedPattern]>
  >();
  private readonly byFirstChar = new Map<
    string,
    Array<[string, IndexedPattern]>
  >();
  /** Matchers of other shapes: tested against every name. */
  private readonly unprefixed: IndexedPattern[] = [];
  /**
   * Per position, the lookup that last hit the alert: marks an alert once per lookup without a
   * set per workload (lookups are numbered, so the marks never need clearing).
   */
  private readonly hitIn: Uint32Array;
  private lookup = 0;
  /** Per rule, the RuleAlerts found so far, by the alerts hit. */
  private readonly segments: RuleSegments[] = [];

  constructor(private readonly rules: K8sObject[]) {
    // Many alerts share an expression (default rules) or a regex (`code=~"5.."`): read each once.
    const namings = new Map<string, ExprNaming>();
    const regexes = new Map<string, NamingPattern | undefined>();
    const byNaming = new Map<NamingPattern, IndexedPattern>();
    rules.forEach((rule, index) => {
      this.segments.push({ first: this.alerts.length, byBits: new Map() });
      for (const { alert, expr } of alertsOf(rule)) {
        const position = this.alerts.length;
        this.alerts.push({ rule: index, alert });
        let naming = namings.get(expr);
        if (!naming) namings.set(expr, (naming = namingOf(expr, regexes)));
        for (const value of naming.equals) {
          const bucket = this.byEqual.get(value);
          // An alert naming the value twice is listed once.
          if (!bucket) this.byEqual.set(value, [position]);
          else if (bucket[bucket.length - 1] !== position)
            bucket.push(position);
        }
        for (const found of naming.patterns) {
          // namingOf shares a NamingPattern between the alerts using the same regex.
          let pattern = byNaming.get(found);
          if (!pattern) {
            pattern = this.pattern(found.regex, found.prefixes);
            byNaming.set(found, pattern);
          }
          pattern.positions.push(position);
        }
      }
    });
    this.hitIn = new Uint32Array(this.alerts.length);
  }

  private pattern(regex: RegExp, prefixes?: string[]): IndexedPattern {
    let pattern = this.patterns.get(regex.source);
    if (!pattern) {
      pattern = { regex, positions: [], matchedIn: 0 };
      this.patterns.set(regex.source, pattern);
      if (!prefixes) this.unprefixed.push(pattern);
      for (const prefix of new Set(prefixes)) {
        const entry: [string, IndexedPattern] = [prefix, pattern];
        if (prefix.length >= 2)
          add(this.byLeadingPair, leadingPair(prefix), entry);
        else add(this.byFirstChar, prefix, entry);
      }
    }
    return pattern;
  }

  /** Marks the alerts at the positions as hit in the current lookup, collecting the new ones. */
  private hit(positions: number[], hits: number[]): void {
    const { hitIn, lookup } = this;
    for (const position of positions) {
      if (hitIn[position] === lookup) continue;
      hitIn[position] = lookup;
      hits.push(position);
    }
  }

  /** Collects the alerts of the prefixed matchers matching the name (each matcher once per lookup). */
  private testPrefixed(
    name: string,
    entries: Array<[string, IndexedPattern]>,
    hits: number[],
  ): void {
    for (const entry of entries) {
      const pattern = entry[1];
      if (
        pattern.matchedIn !== this.lookup &&
        name.startsWith(entry[0]) &&
        pattern.regex.test(name)
      ) {
        pattern.matchedIn = this.lookup;
        this.hit(pattern.positions, hits);
      }
    }
  }

  /** Collects the alerts of the regex matchers matching the name (each matcher once per lookup). */
  private testName(name: string, hits: number[]): void {
    if (name.length >= 2)
      this.testPrefixed(
        name,
        this.byLeadingPair.get(leadingPair(name)) ?? NO_PREFIXED,
        hits,
      );
    this.testPrefixed(name, this.byFirstChar.get(name[0]) ?? NO_PREFIXED, hits);
    for (const pattern of this.unprefixed) {
      if (pattern.matchedIn !== this.lookup && pattern.regex.test(name)) {
        pattern.matchedIn = this.lookup;
        this.hit(pattern.positions, hits);
      }
    }
  }

  /**
   * The rules with their alerts whose expressions name the workload: an equality matcher on one
   * of `names`, or a regex matcher matching one of `names` or `podNames`. Rule and alert order
   * kept. Lookups hitting the same alerts of a rule share its RuleAlerts object (not to be modified).
   */
  mentioning(names: string[], podNames: string[]): RuleAlerts[] {
    this.lookup++;
    const hits: number[] = [];
    for (const name of names)
      this.hit(this.byEqual.get(name) ?? NO_POSITIONS, hits);
    for (const name of names) this.testName(name, hits);
    for (const name of podNames) this.testName(name, hits);
    sortPositions(hits);
    const found: RuleAlerts[] = [];
    let start = 0;
    while (start < hits.length) {
      const rule = this.alerts[hits[start]].rule;
      const { first, byBits } = this.segments[rule];
      let end = start;
      while (end < hits.length && this.alerts[hits[end]].rule === rule) end++;
      let key: number | string;
      if (hits[end - 1] - first < MAX_BIT_ALERTS) {
        key = 0;
        for (let i = start; i < end; i++) key += 2 ** (hits[i] - first);
      } else key = hits.slice(start, end).join(',');
      let segment = byBits.get(key);
      if (!segment) {
        const alerts: string[] = [];
        for (let i = start; i < end; i++)
          alerts.push(this.alerts[hits[i]].alert);
        segment = { rule: this.rules[rule], alerts };
        byBits.set(key, segment);
      }
      found.push(segment);
      start = end;
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
