/**
 * The alerting rules of a cluster's rule objects, read once per cluster view. A workload then
 * finds the alerts that name it by looking its names up among the equality matchers and by testing
 * each distinct regex matcher once, instead of re-reading every expression of every rule, which
 * costs workloads × alerts regex scans on a large cluster; each name found counts only where its
 * selector admits the workload's namespace (each distinct namespace constraint is tested, not each
 * alert). Alerts about every workload of a namespace (see ExprNaming) are looked up once per
 * namespace.
 */
import { K8sObject } from '../../model/snapshot';
import { NamespaceConstraint } from './namespaceConstraint';
import { ExprNaming, namingOf, NamingCache, NamingPattern } from './promql';

export interface Alert {
  alert: string;
  expr: string;
}

/** The alerting rules (not recording rules) of a PrometheusRule or GKE Rules, ClusterRules or GlobalRules object. */
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

/** Every expression of a rule object's groups, alerting and recording rules alike, named for messages. */
export function expressionsOf(
  rule: K8sObject,
): Array<{ name: string; expr: string }> {
  const found: Array<{ name: string; expr: string }> = [];
  const groups = rule.spec?.groups;
  if (!Array.isArray(groups)) return found;
  for (const group of groups) {
    const rules = group?.rules;
    if (!Array.isArray(rules)) continue;
    for (const r of rules) {
      if (r?.expr === undefined) continue;
      if (typeof r.alert === 'string')
        found.push({ name: `alert ${r.alert}`, expr: String(r.expr) });
      else if (typeof r.record === 'string')
        found.push({
          name: `recording rule ${r.record}`,
          expr: String(r.expr),
        });
    }
  }
  return found;
}

/** A rule object as the index reads it. */
export interface RuleObject {
  object: K8sObject;
  /** Its resource key (`prometheusrules.monitoring.coreos.com`...). */
  key: string;
  /** How results name it: `PrometheusRule shop/web`. */
  label: string;
  /**
   * The only namespace whose series its queries see, when its evaluator confines them to one (GKE
   * Rules; a PrometheusRule whose every loader enforces its namespace label): its alerts cover
   * workloads of that namespace only, and a selector on no namespace there covers all of them.
   */
  queryNamespace?: string;
}

interface IndexedAlert {
  rule: number;
  alert: string;
}

/** A rule and those of its alerts that name a workload. */
export interface RuleAlerts {
  rule: RuleObject;
  alerts: string[];
  /**
   * Those of `alerts` found only through a selector about every workload of the workload's
   * namespace (`up{namespace="shop"}`), not through one of its names.
   */
  namespaceWide: string[];
}

/** Alerts (by position) whose selector admits the namespaces of a constraint. */
interface ConstrainedPositions {
  namespaces: NamespaceConstraint;
  positions: number[];
}

/** What a workload's lookup finds (see AlertIndex.mentioning). */
export interface Mentions {
  found: RuleAlerts[];
  confinedElsewhere: RuleAlerts[];
}

/** Adds an alert's position to a list, once (an alert naming a value twice is listed once). */
function addPosition(positions: number[], position: number): void {
  if (positions[positions.length - 1] !== position) positions.push(position);
}

/** Adds an alert's position to the group of its namespace constraint (a list has few constraints). */
function addConstrained(
  groups: ConstrainedPositions[],
  namespaces: NamespaceConstraint,
  position: number,
): void {
  const group = groups.find(g => g.namespaces === namespaces);
  if (group) addPosition(group.positions, position);
  else groups.push({ namespaces, positions: [position] });
}

/** addConstrained on the groups of a key. */
function addConstrainedAt<K>(
  map: Map<K, ConstrainedPositions[]>,
  key: K,
  namespaces: NamespaceConstraint,
  position: number,
): void {
  const groups = map.get(key);
  if (groups) addConstrained(groups, namespaces, position);
  else map.set(key, [{ namespaces, positions: [position] }]);
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(value);
  else map.set(key, [value]);
}

/** A distinct regex matcher and the alerts using it (by position and namespace constraint). */
interface IndexedPattern {
  regex: RegExp;
  groups: ConstrainedPositions[];
  /** The lookup that last found it matching (see AlertIndex.lookup): each pattern counts once per lookup. */
  matchedIn: number;
}

/**
 * The alerts of a rule that lookups hit, by a number with one base-3 digit per alert of the rule
 * (digit i, for the rule's i-th alert: 0 not hit, 1 hit through a name, 2 hit namespace-wide), so
 * lookups hitting the same alerts of a rule the same way share one RuleAlerts (and its judgement)
 * without building a key string. Rules with more alerts than a number holds exact digits are
 * keyed by their positions' text.
 */
interface RuleSegments {
  /** Position of the rule's first alert. */
  first: number;
  byDigits: Map<number | string, RuleAlerts>;
}

/** 33 base-3 digits (up to 3^33 - 1 < 2^53) add up exactly in a double. */
const MAX_DIGIT_ALERTS = 33;

const NO_GROUPS: ConstrainedPositions[] = [];
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
  private readonly byEqual = new Map<string, ConstrainedPositions[]>();
  /**
   * Alerts about every workload of a namespace, by the namespaces their constraint lists (equality
   * matchers, or the rule's query namespace).
   */
  private readonly byNamespace = new Map<string, ConstrainedPositions[]>();
  /** Alerts about every workload of the namespaces a constraint bounded by a regex admits. */
  private readonly wideByRegex: ConstrainedPositions[] = [];
  /** Per namespace, its namespace-wide alerts (ascending positions), found on first lookup. */
  private readonly inNamespace = new Map<string, number[]>();
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
  /** Per position, the lookup that hit the alert only namespace-wide (numbered as hitIn). */
  private readonly wideIn: Uint32Array;
  private lookup = 0;
  /** Per rule, the RuleAlerts found so far, by the alerts hit. */
  private readonly segments: RuleSegments[] = [];
  /** The rules with an expression that is not valid PromQL, with the first such expression and why. */
  private readonly invalid = new Map<K8sObject, string>();

  constructor(private readonly rules: RuleObject[]) {
    // Many alerts share an expression (default rules), a regex (`code=~"5.."`) or namespace
    // matchers: read each once.
    const namings = new Map<string, ExprNaming>();
    const cache: NamingCache = { patterns: new Map(), constraints: new Map() };
    const byNaming = new Map<NamingPattern, IndexedPattern>();
    const read = (expr: string): ExprNaming => {
      let naming = namings.get(expr);
      if (!naming) namings.set(expr, (naming = namingOf(expr, cache)));
      return naming;
    };
    rules.forEach(({ object, queryNamespace }, index) => {
      this.segments.push({ first: this.alerts.length, byDigits: new Map() });
      for (const { name, expr } of expressionsOf(object)) {
        const { problem } = read(expr);
        if (problem !== undefined) {
          this.invalid.set(
            object,
            `its ${name} is not valid PromQL (${problem})`,
          );
          break;
        }
      }
      for (const { alert, expr } of alertsOf(object)) {
        const position = this.alerts.length;
        this.alerts.push({ rule: index, alert });
        const naming = read(expr);
        for (const { value, namespaces } of naming.equals)
          addConstrainedAt(this.byEqual, value, namespaces, position);
        for (const namespaces of naming.wide)
          this.addWide(namespaces, position, queryNamespace);
        for (const found of naming.patterns) {
          // namingOf shares a NamingPattern between the alerts using the same regex.
          let pattern = byNaming.get(found.pattern);
          if (!pattern) {
            pattern = this.pattern(found.pattern.regex, found.pattern.prefixes);
            byNaming.set(found.pattern, pattern);
          }
          addConstrained(pattern.groups, found.namespaces, position);
        }
      }
    });
    this.hitIn = new Uint32Array(this.alerts.length);
    this.wideIn = new Uint32Array(this.alerts.length);
  }

  /**
   * Indexes an alert about every workload of the namespaces a constraint admits. A constraint on
   * no namespace in particular (`up == 0`) is about every namespace: that covers no workload, but
   * in a rule whose queries see one namespace, every workload of it.
   */
  private addWide(
    namespaces: NamespaceConstraint,
    position: number,
    queryNamespace: string | undefined,
  ): void {
    if (!namespaces.bounded) {
      if (queryNamespace !== undefined && namespaces.admits(queryNamespace))
        addConstrainedAt(
          this.byNamespace,
          queryNamespace,
          namespaces,
          position,
        );
    } else if (namespaces.values) {
      for (const value of new Set(namespaces.values))
        addConstrainedAt(this.byNamespace, value, namespaces, position);
    } else addConstrained(this.wideByRegex, namespaces, position);
  }

  /**
   * Why the rule is not loaded because of its PromQL, or undefined: the Prometheus Operator
   * refuses a whole PrometheusRule when one of its expressions is not valid PromQL (and Prometheus a
   * whole rule file), so none of its alerts fire.
   */
  promqlProblem(rule: K8sObject): string | undefined {
    return this.invalid.get(rule);
  }

  private pattern(regex: RegExp, prefixes?: string[]): IndexedPattern {
    let pattern = this.patterns.get(regex.source);
    if (!pattern) {
      pattern = { regex, groups: [], matchedIn: 0 };
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

  /** hit() for the groups whose constraint admits the namespace. */
  private hitAdmitted(
    groups: ConstrainedPositions[],
    namespace: string,
    hits: number[],
  ): void {
    for (const group of groups)
      if (group.namespaces.admits(namespace)) this.hit(group.positions, hits);
  }

  /** Collects the alerts of the prefixed matchers matching the name (each matcher once per lookup). */
  private testPrefixed(
    name: string,
    namespace: string,
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
        this.hitAdmitted(pattern.groups, namespace, hits);
      }
    }
  }

  /** Collects the alerts of the regex matchers matching the name (each matcher once per lookup). */
  private testName(name: string, namespace: string, hits: number[]): void {
    if (name.length >= 2)
      this.testPrefixed(
        name,
        namespace,
        this.byLeadingPair.get(leadingPair(name)) ?? NO_PREFIXED,
        hits,
      );
    this.testPrefixed(
      name,
      namespace,
      this.byFirstChar.get(name[0]) ?? NO_PREFIXED,
      hits,
    );
    for (const pattern of this.unprefixed) {
      if (pattern.matchedIn !== this.lookup && pattern.regex.test(name)) {
        pattern.matchedIn = this.lookup;
        this.hitAdmitted(pattern.groups, namespace, hits);
      }
    }
  }

  /** The alerts about every workload of the namespace, ascending (once per namespace). */
  private namespaceWide(namespace: string): number[] {
    let positions = this.inNamespace.get(namespace);
    if (!positions) {
      const found: number[] = [];
      for (const groups of [
        this.byNamespace.get(namespace) ?? NO_GROUPS,
        this.wideByRegex,
      ])
        for (const { namespaces, positions: at } of groups)
          if (namespaces.admits(namespace)) found.push(...at);
      found.sort((a, b) => a - b);
      positions = found.filter((p, i) => i === 0 || found[i - 1] !== p);
      this.inNamespace.set(namespace, positions);
    }
    return positions;
  }

  /**
   * The rules with their alerts whose expressions name the workload in its namespace: an
   * equality matcher on one of `names`, or a regex matcher matching one of `names` or `podNames`
   * (on any label but a namespace label), in a selector admitting `namespace`; and the alerts
   * about every workload of `namespace` (listed in namespaceWide unless a name hits them too).
   * `found`: those of rules whose queries see that namespace; `confinedElsewhere`: those of rules
   * whose queries see another namespace only. Rule and alert order kept. Lookups hitting the same
   * alerts of a rule the same way share its RuleAlerts object (not to be modified).
   */
  mentioning(names: string[], podNames: string[], namespace: string): Mentions {
    this.lookup++;
    const { lookup, wideIn } = this;
    const hits: number[] = [];
    for (const name of names)
      this.hitAdmitted(this.byEqual.get(name) ?? NO_GROUPS, namespace, hits);
    for (const name of names) this.testName(name, namespace, hits);
    for (const name of podNames) this.testName(name, namespace, hits);
    const direct = hits.length;
    this.hit(this.namespaceWide(namespace), hits);
    for (let i = direct; i < hits.length; i++) wideIn[hits[i]] = lookup;
    sortPositions(hits);
    const mentions: Mentions = { found: [], confinedElsewhere: [] };
    let start = 0;
    while (start < hits.length) {
      const rule = this.alerts[hits[start]].rule;
      let end = start;
      while (end < hits.length && this.alerts[hits[end]].rule === rule) end++;
      const { queryNamespace } = this.rules[rule];
      (queryNamespace === undefined || queryNamespace === namespace
        ? mentions.found
        : mentions.confinedElsewhere
      ).push(this.segment(rule, hits, start, end));
      start = end;
    }
    return mentions;
  }

  /** The RuleAlerts of the rule's hits at hits[start..end), shared by the lookups hitting the same alerts the same way. */
  private segment(
    rule: number,
    hits: number[],
    start: number,
    end: number,
  ): RuleAlerts {
    const { lookup, wideIn } = this;
    const { first, byDigits } = this.segments[rule];
    let key: number | string;
    if (hits[end - 1] - first < MAX_DIGIT_ALERTS) {
      key = 0;
      for (let i = start; i < end; i++)
        key += (wideIn[hits[i]] === lookup ? 2 : 1) * 3 ** (hits[i] - first);
    } else {
      key = '';
      for (let i = start; i < end; i++)
        key += `${hits[i]}${wideIn[hits[i]] === lookup ? 'w' : ''},`;
    }
    let segment = byDigits.get(key);
    if (!segment) {
      const alerts: string[] = [];
      const namespaceWide: string[] = [];
      for (let i = start; i < end; i++) {
        const { alert } = this.alerts[hits[i]];
        alerts.push(alert);
        if (wideIn[hits[i]] === lookup) namespaceWide.push(alert);
      }
      segment = { rule: this.rules[rule], alerts, namespaceWide };
      byDigits.set(key, segment);
    }
    return segment;
  }
}
