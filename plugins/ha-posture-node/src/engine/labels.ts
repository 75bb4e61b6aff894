/**
 * Kubernetes label selector semantics (metav1.LabelSelector, Service selectors and the
 * string form used by `kubectl -l` and `backstage.io/kubernetes-label-selector`).
 */

/** @public */
export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** @public */
export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator | string;
  values?: string[];
}

/** metav1.LabelSelector. @public */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

type Labels = Record<string, string> | undefined | null;

const hasOwn = (obj: object, key: string) =>
  Object.prototype.hasOwnProperty.call(obj, key);

function requirementMatches(
  req: LabelSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const has = hasOwn(labels, req.key);
  const values = req.values;
  switch (req.operator) {
    case 'In':
      return has && Array.isArray(values) && values.includes(labels[req.key]);
    case 'NotIn':
      return (
        !has || !Array.isArray(values) || !values.includes(labels[req.key])
      );
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // The API server rejects unknown operators; a malformed manifest selects nothing.
      return false;
  }
}

/**
 * Whether a metav1.LabelSelector selects the labels. A null/undefined selector matches nothing
 * (PDB, ServiceMonitor semantics); `{}` matches everything.
 * @public
 */
export function matchesLabelSelector(
  selector: LabelSelector | null | undefined,
  labels: Labels,
): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const actual = labels ?? {};
  // Plain loops: this runs for every (selector, label set) pair the checks compare.
  const matchLabels: any = selector.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    for (const key in matchLabels) {
      if (hasOwn(matchLabels, key) && actual[key] !== matchLabels[key])
        return false;
    }
  }
  const expressions = selector.matchExpressions;
  if (Array.isArray(expressions)) {
    for (const req of expressions)
      if (!requirementMatches(req, actual)) return false;
  }
  return true;
}

/**
 * Whether a Service-style selector (a plain map) selects the labels. An empty or missing map
 * matches nothing (a Service without selector has manually managed endpoints).
 * @public
 */
export function matchesServiceSelector(
  selector: Record<string, string> | null | undefined,
  labels: Labels,
): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const entries = Object.entries(selector);
  if (entries.length === 0) return false;
  const actual = labels ?? {};
  return entries.every(([key, value]) => actual[key] === value);
}

const KEY_PATTERN =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE_PATTERN = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function checkKey(key: string, input: string): string {
  if (!KEY_PATTERN.test(key)) {
    throw new Error(
      `Invalid label selector "${input}": "${key}" is not a valid label key`,
    );
  }
  return key;
}

function checkValue(value: string, input: string): string {
  if (!VALUE_PATTERN.test(value)) {
    throw new Error(
      `Invalid label selector "${input}": "${value}" is not a valid label value`,
    );
  }
  return value;
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of input) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0)
      throw new Error(`Invalid label selector "${input}": unbalanced ")"`);
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0)
    throw new Error(`Invalid label selector "${input}": unbalanced "("`);
  terms.push(current);
  return terms.map(t => t.trim());
}

/**
 * Parses the string form of a label selector (`app=x,tier in (a,b),!legacy,env!=dev,owner`)
 * into a structured selector. An empty string selects everything (`{}`), as with `kubectl -l ''`.
 * Throws an Error naming the problem on malformed input.
 * @public
 */
export function parseLabelSelectorString(input: string): LabelSelector {
  const selector: LabelSelector = {};
  const expressions: LabelSelectorRequirement[] = [];
  const matchLabels: Record<string, string> = {};
  if (input.trim() === '') return selector;

  for (const term of splitTerms(input)) {
    if (term === '')
      throw new Error(`Invalid label selector "${input}": empty term`);
    const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
    if (setMatch) {
      const values = setMatch[3]
        .split(',')
        .map(v => v.trim())
        .filter(v => v !== '');
      if (values.length === 0)
        throw new Error(
          `Invalid label selector "${input}": "${term}" has no values`,
        );
      values.forEach(v => checkValue(v, input));
      expressions.push({
        key: checkKey(setMatch[1], input),
        operator: setMatch[2] === 'in' ? 'In' : 'NotIn',
        values,
      });
      continue;
    }
    if (term.startsWith('!')) {
      expressions.push({
        key: checkKey(term.slice(1).trim(), input),
        operator: 'DoesNotExist',
      });
      continue;
    }
    const equality = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (equality) {
      const [, key, op, value] = equality;
      checkKey(key, input);
      checkValue(value, input);
      if (op === '!=') {
        expressions.push({ key, operator: 'NotIn', values: [value] });
      } else if (key in matchLabels && matchLabels[key] !== value) {
        // Two different equalities on one key can never both hold; keep both as requirements.
        expressions.push({ key, operator: 'In', values: [value] });
      } else {
        matchLabels[key] = value;
      }
      continue;
    }
    if (/^\S+$/.test(term) && !/[=!()]/.test(term)) {
      expressions.push({ key: checkKey(term, input), operator: 'Exists' });
      continue;
    }
    throw new Error(
      `Invalid label selector "${input}": cannot parse "${term}"`,
    );
  }
  if (Object.keys(matchLabels).length > 0) selector.matchLabels = matchLabels;
  if (expressions.length > 0) selector.matchExpressions = expressions;
  return selector;
}

/**
 * Finds the items whose selector matches a label set without testing every item: items are
 * bucketed by one of their matchLabels pairs, so a lookup only tests the buckets of the labels'
 * own pairs plus the items that have no matchLabels (expression-only or `{}` selectors). Items
 * with a null selector match nothing and are left out. Results keep the input order.
 */
export class SelectorIndex<T> {
  /** Bucketed items: the matchLabels keys used for bucketing, and per key the items by value. */
  private readonly keys: string[] = [];
  private readonly byValue: Array<Map<unknown, Array<IndexedSelector<T>>>> = [];
  private readonly unkeyed: Array<IndexedSelector<T>> = [];

  constructor(
    items: T[],
    selectorOf: (item: T) => LabelSelector | null | undefined,
  ) {
    items.forEach((item, position) => {
      const selector = selectorOf(item);
      if (!selector || typeof selector !== 'object') return;
      const first = Object.entries(selector.matchLabels ?? {})[0];
      const entry: IndexedSelector<T> = { position, item, selector };
      if (!first) {
        this.unkeyed.push(entry);
        return;
      }
      let at = this.keys.indexOf(first[0]);
      if (at < 0) {
        at = this.keys.push(first[0]) - 1;
        this.byValue.push(new Map());
      }
      const bucket = this.byValue[at].get(first[1]);
      if (bucket) bucket.push(entry);
      else this.byValue[at].set(first[1], [entry]);
    });
  }

  matching(labels: Record<string, string> | undefined | null): T[] {
    // Only the buckets of the labels' own pairs can match; the few bucketing keys are walked, not the labels.
    const found: Array<IndexedSelector<T>> = [];
    let sources = 0;
    if (labels !== undefined && labels !== null) {
      for (let k = 0; k < this.keys.length; k++) {
        const key = this.keys[k];
        if (!hasOwn(labels, key)) continue;
        const bucket = this.byValue[k].get(labels[key]);
        if (bucket && collectMatching(bucket, labels, found)) sources++;
      }
    }
    if (collectMatching(this.unkeyed, labels, found)) sources++;
    // Each bucket is in input order; only a merge of several needs sorting.
    if (sources > 1) found.sort((a, b) => a.position - b.position);
    const items = new Array<T>(found.length);
    for (let i = 0; i < found.length; i++) items[i] = found[i].item;
    return items;
  }
}

interface IndexedSelector<T> {
  position: number;
  item: T;
  selector: LabelSelector;
}

/** Appends the entries whose selector matches the labels; whether any did. */
function collectMatching<T>(
  entries: Array<IndexedSelector<T>>,
  labels: Labels,
  found: Array<IndexedSelector<T>>,
): boolean {
  const before = found.length;
  for (const entry of entries) {
    if (matchesLabelSelector(entry.selector, labels)) found.push(entry);
  }
  return found.length > before;
}

const NO_POSITIONS: number[] = [];

/**
 * The inverse of SelectorIndex: items indexed by their labels, to find the items a selector
 * matches while testing only the candidates that carry its rarest matchLabels pair (all items when
 * it has no matchLabels). Items are indexed by a label key on the first lookup that uses the key
 * (selectors use few keys; items carry many). An item may have several label sets (e.g. a
 * workload's own labels and its pod template labels); it matches when any of them does. Results
 * keep the input order.
 */
export class LabelIndex<T> {
  /** Per label key, the positions of the items by their value of it. */
  private readonly byKey = new Map<string, Map<unknown, number[]>>();
  /** labelSetsOf of each item (by position), asked once. */
  private labelSets?: Array<Array<Labels>>;

  constructor(
    private readonly items: T[],
    private readonly labelSetsOf: (
      item: T,
    ) => Array<Record<string, string> | undefined | null>,
  ) {}

  private setsByPosition(): Array<Array<Labels>> {
    if (!this.labelSets) {
      this.labelSets = this.items.map(item => this.labelSetsOf(item));
    }
    return this.labelSets;
  }

  /** The item positions by their value of the label key (one pass over the items per key). */
  private valuesOf(key: string): Map<unknown, number[]> {
    let buckets = this.byKey.get(key);
    if (buckets) return buckets;
    buckets = new Map();
    const sets = this.setsByPosition();
    for (let position = 0; position < sets.length; position++) {
      const itemSets = sets[position];
      for (let s = 0; s < itemSets.length; s++) {
        const labels = itemSets[s];
        if (!labels || !hasOwn(labels, key)) continue;
        const value = labels[key];
        // An item is listed once per value, however many of its label sets carry it.
        if (valueSeenBefore(itemSets, s, key, value)) continue;
        const bucket = buckets.get(value);
        if (bucket) bucket.push(position);
        else buckets.set(value, [position]);
      }
    }
    this.byKey.set(key, buckets);
    return buckets;
  }

  matching(selector: LabelSelector | null | undefined): T[] {
    if (!selector || typeof selector !== 'object') return [];
    const sets = this.setsByPosition();
    // The positions to test: those of the smallest bucket of a matchLabels pair, else every item.
    let candidates: number[] | undefined;
    const matchLabels: any = selector.matchLabels ?? {};
    for (const key in matchLabels) {
      if (!hasOwn(matchLabels, key)) continue;
      const bucket = this.valuesOf(key).get(matchLabels[key]) ?? NO_POSITIONS;
      if (bucket.length < (candidates ?? sets).length) candidates = bucket;
    }
    const found: T[] = [];
    const count = (candidates ?? sets).length;
    for (let i = 0; i < count; i++) {
      const position = candidates ? candidates[i] : i;
      for (const labels of sets[position]) {
        if (matchesLabelSelector(selector, labels)) {
          found.push(this.items[position]);
          break;
        }
      }
    }
    return found;
  }
}

/** Whether an earlier label set of the item has the same value for the key (a Set's SameValueZero). */
function valueSeenBefore(
  sets: Array<Labels>,
  before: number,
  key: string,
  value: unknown,
): boolean {
  for (let s = 0; s < before; s++) {
    const labels = sets[s];
    if (labels && hasOwn(labels, key) && sameValueZero(labels[key], value))
      return true;
  }
  return false;
}

function sameValueZero(a: unknown, b: unknown): boolean {
  // eslint-disable-next-line no-self-compare
  return a === b || (a !== a && b !== b);
}
