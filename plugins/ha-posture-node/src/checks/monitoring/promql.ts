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
 * Whether an expression names the workload: an equality matcher on one of `names`, or a regex
 * matcher (fully anchored, as in PromQL) that matches one of `names` or `podNames` but not just
 * anything.
 */
export function exprMentions(
  expr: string,
  names: string[],
  podNames: string[] = [],
): boolean {
  return labelMatchers(expr).some(m => {
    if (m.op === '=') return names.includes(m.value);
    if (m.op !== '=~') return false;
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${m.value})$`);
    } catch {
      return false;
    }
    return (
      !regex.test(ANY_VALUE) && [...names, ...podNames].some(n => regex.test(n))
    );
  });
}
