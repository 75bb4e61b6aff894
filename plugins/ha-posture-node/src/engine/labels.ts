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

function requirementMatches(
  req: LabelSelectorRequirement,
  labels: Record<string, string>,
): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = Array.isArray(req.values) ? req.values : [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key]);
    case 'NotIn':
      return !has || !values.includes(labels[req.key]);
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
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (actual[key] !== value) return false;
  }
  const expressions = Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : [];
  return expressions.every(req => requirementMatches(req, actual));
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
  private readonly buckets = new Map<
    string,
    Array<[number, T, LabelSelector]>
  >();
  private readonly unkeyed: Array<[number, T, LabelSelector]> = [];

  constructor(
    items: T[],
    selectorOf: (item: T) => LabelSelector | null | undefined,
  ) {
    items.forEach((item, position) => {
      const selector = selectorOf(item);
      if (!selector || typeof selector !== 'object') return;
      const first = Object.entries(selector.matchLabels ?? {})[0];
      const entry: [number, T, LabelSelector] = [position, item, selector];
      if (!first) {
        this.unkeyed.push(entry);
        return;
      }
      const key = `${first[0]}=${first[1]}`;
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(entry);
      else this.buckets.set(key, [entry]);
    });
  }

  matching(labels: Record<string, string> | undefined | null): T[] {
    const found: Array<[number, T]> = [];
    const test = (entries: Array<[number, T, LabelSelector]> | undefined) => {
      for (const [position, item, selector] of entries ?? []) {
        if (matchesLabelSelector(selector, labels))
          found.push([position, item]);
      }
    };
    for (const [key, value] of Object.entries(labels ?? {}))
      test(this.buckets.get(`${key}=${value}`));
    test(this.unkeyed);
    return found.sort((a, b) => a[0] - b[0]).map(([, item]) => item);
  }
}

/**
 * The inverse of SelectorIndex: items indexed by their labels, to find the items a selector
 * matches while testing only the candidates that carry its rarest matchLabels pair (all items when
 * it has no matchLabels). Items are indexed by a label key on the first lookup that uses the key
 * (selectors use few keys; items carry many). An item may have several label sets (e.g. a
 * workload's own labels and its pod template labels); it matches when any of them does. Results
 * keep the input order.
 */
export class LabelIndex<T> {
  private readonly byKey = new Map<string, Map<unknown, T[]>>();

  constructor(
    private readonly items: T[],
    private readonly labelSetsOf: (
      item: T,
    ) => Array<Record<string, string> | undefined | null>,
  ) {}

  /** The items by their value of the label key (one pass over the items per key). */
  private valuesOf(key: string): Map<unknown, T[]> {
    let buckets = this.byKey.get(key);
    if (buckets) return buckets;
    buckets = new Map();
    for (const item of this.items) {
      const values = new Set<unknown>();
      for (const labels of this.labelSetsOf(item)) {
        if (labels && Object.prototype.hasOwnProperty.call(labels, key))
          values.add(labels[key]);
      }
      for (const value of values) {
        const bucket = buckets.get(value);
        if (bucket) bucket.push(item);
        else buckets.set(value, [item]);
      }
    }
    this.byKey.set(key, buckets);
    return buckets;
  }

  matching(selector: LabelSelector | null | undefined): T[] {
    if (!selector || typeof selector !== 'object') return [];
    let candidates = this.items;
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
      const bucket = this.valuesOf(key).get(value) ?? [];
      if (bucket.length < candidates.length) candidates = bucket;
    }
    return candidates.filter(item =>
      this.labelSetsOf(item).some(labels =>
        matchesLabelSelector(selector, labels),
      ),
    );
  }
}
