/** Just enough PromQL reading to tell whether an alert expression is about a given workload. */

/** A label matcher of a selector: `namespace="shop"` → { label: 'namespace', op: '=', value: 'shop' }. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const MATCHER =
  /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`]*)`)/g;

/** The label matchers in an expression (string literals in double, single or back quotes). */
export function labelMatchers(expr: string): LabelMatcher[] {
  return [...expr.matchAll(MATCHER)].map(m => ({
    label: m[1],
    op: m[2] as LabelMatcher['op'],
    value: (m[3] ?? m[4] ?? m[5] ?? '').replace(/\\(.)/g, '$1'),
  }));
}

/** A value no workload has: a regex that matches it matches anything (`.*`, `.+`) and says nothing about the workload. */
const ANY_VALUE = 'zz-no-such-value-0';

/**
 * How an expression can name a workload: the values of its equality matchers, and its regex
 * matchers (fully anchored, as in PromQL) that do not match just anything. Invalid regexes name nothing.
 */
export interface ExprNaming {
  equals: string[];
  patterns: RegExp[];
}

export function namingOf(expr: string): ExprNaming {
  const naming: ExprNaming = { equals: [], patterns: [] };
  for (const m of labelMatchers(expr)) {
    if (m.op === '=') naming.equals.push(m.value);
    if (m.op !== '=~') continue;
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${m.value})$`);
    } catch {
      continue;
    }
    if (!regex.test(ANY_VALUE)) naming.patterns.push(regex);
  }
  return naming;
}
