/**
 * Which namespaces a PromQL selector's series can come from, read from its matchers on namespace
 * labels: `up{namespace="staging", job="web"}` is about web in staging only.
 */
import { LabelMatcher } from './promqlShape';
import { matchesAnything, promqlRegex } from './promqlRegex';

/** One matcher on a namespace label, ready to test namespaces. */
interface NamespaceMatcher {
  label: string;
  /** `=`, or `=~` with a regex that does not match just anything: it keeps specific namespaces only. */
  positive: boolean;
  admits(namespace: string): boolean;
}

function namespaceMatcher({
  label,
  op,
  value,
}: LabelMatcher): NamespaceMatcher {
  if (op === '=' || op === '!=') {
    const equal = op === '=';
    return {
      label,
      positive: equal,
      admits: namespace => (namespace === value) === equal,
    };
  }
  const regex = promqlRegex(value);
  // A regex JavaScript cannot read admits no namespace: never a coverage it cannot show.
  if (!regex) return { label, positive: true, admits: () => false };
  const matching = op === '=~';
  return {
    label,
    positive: matching && !matchesAnything(regex),
    admits: namespace => regex.test(namespace) === matching,
  };
}

/** The label Prometheus gives the scraped target's namespace. */
const TARGET_NAMESPACE = 'namespace';

/**
 * The namespaces a selector admits. The workload's namespace is on one namespace label: beside
 * `namespace` (the scraped target's: an exporter, a proxy), another one the selector matches
 * positively carries it (`exported_namespace`, Istio's `destination_workload_namespace`...);
 * otherwise `namespace` does. A namespace must pass every matcher of such a label; without a
 * positive matcher, every (negative) matcher.
 */
export class NamespaceConstraint {
  /** Its matchers as text, sorted: `namespace="shop"`, `exported_namespace=~"a|b",namespace!="c"`. */
  readonly key: string;
  /** Whether it keeps specific namespaces only: a selector without a positive matcher is about every namespace (but those it excludes). */
  readonly bounded: boolean;
  /** When bounded by equality matchers only: the namespaces it can admit (each still to be tested with admits). */
  readonly values?: readonly string[];
  private readonly byLabel = new Map<string, NamespaceMatcher[]>();
  /** The labels matched positively that carry the workload's namespace. */
  private readonly carriers: string[];

  constructor(matchers: readonly LabelMatcher[]) {
    this.key = keyOf(matchers);
    const positive = new Set<string>();
    for (const matcher of matchers.map(namespaceMatcher)) {
      const same = this.byLabel.get(matcher.label);
      if (same) same.push(matcher);
      else this.byLabel.set(matcher.label, [matcher]);
      if (matcher.positive) positive.add(matcher.label);
    }
    if (positive.size > 1) positive.delete(TARGET_NAMESPACE);
    this.carriers = [...positive];
    this.bounded = this.carriers.length > 0;
    const equalities = this.carriers.map(label =>
      matchers.filter(m => m.label === label && m.op === '='),
    );
    if (this.bounded && equalities.every(e => e.length > 0))
      this.values = equalities.flat().map(m => m.value);
  }

  admits(namespace: string): boolean {
    const admittedBy = (label: string) =>
      this.byLabel.get(label)!.every(m => m.admits(namespace));
    if (this.bounded) return this.carriers.some(admittedBy);
    for (const label of this.byLabel.keys())
      if (!admittedBy(label)) return false;
    return true;
  }
}

function keyOf(matchers: readonly LabelMatcher[]): string {
  return matchers
    .map(m => `${m.label}${m.op}${JSON.stringify(m.value)}`)
    .sort()
    .join(',');
}

/** A selector without namespace matchers: any namespace. */
export const ANY_NAMESPACE = new NamespaceConstraint([]);

/**
 * The constraint of a selector's namespace matchers. `cache` shares one object between selectors
 * with the same matchers, so that an index groups their alerts and tests each constraint once.
 */
export function namespaceConstraint(
  matchers: readonly LabelMatcher[],
  cache?: Map<string, NamespaceConstraint>,
): NamespaceConstraint {
  if (matchers.length === 0) return ANY_NAMESPACE;
  const key = keyOf(matchers);
  let constraint = cache?.get(key);
  if (!constraint) {
    constraint = new NamespaceConstraint(matchers);
    cache?.set(key, constraint);
  }
  return constraint;
}
