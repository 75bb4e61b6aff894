/** Just enough PromQL reading to tell whether an alert expression is about a given workload. */

/** A label matcher of a selector: `namespace="shop"` → { label: 'namespace', op: '=', value: 'shop' }. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/**
 * `label op "value"`. The lookbehind skips starting inside a label name: when a match from the
 * name's start fails, one from inside it fails too (same text follows), so the matches are the
 * same as without it, without retrying every suffix of every metric name.
 */
const MATCHER =
  /(?<![a-zA-Z_][a-zA-Z0-9_]*)([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`]*)`)/g;

/** The unquoted, unescaped value of a MATCHER match. */
function matchedValue(m: RegExpExecArray): string {
  const value = m[3] ?? m[4] ?? m[5] ?? '';
  return value.includes('\\') ? value.replace(/\\(.)/g, '$1') : value;
}

/** The label matchers in an expression (string literals in double, single or back quotes). */
export function labelMatchers(expr: string): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  const scan = new RegExp(MATCHER);
  for (let m = scan.exec(expr); m !== null; m = scan.exec(expr))
    matchers.push({
      label: m[1],
      op: m[2] as LabelMatcher['op'],
      value: matchedValue(m),
    });
  return matchers;
}

/** A value no workload has: a regex that matches it matches anything (`.*`, `.+`) and says nothing about the workload. */
const ANY_VALUE = 'zz-no-such-value-0';

/** Characters with a meaning in a regex: a literal run stops at them. */
const REGEX_META = new Set('\\^$.|?*+()[]{}'.split(''));
const QUANTIFIERS = new Set(['?', '*', '+', '{']);

/** The leading literal characters of a regex sequence (without the last one when a quantifier follows it). */
function literalRun(sequence: string): string {
  let end = 0;
  while (end < sequence.length && !REGEX_META.has(sequence[end])) end++;
  return sequence.slice(
    0,
    QUANTIFIERS.has(sequence[end]) ? Math.max(0, end - 1) : end,
  );
}

/** Splits on `|` outside groups and character classes; undefined when escapes or classes make that unsafe to tell. */
function topLevelAlternatives(value: string): string[] | undefined {
  if (value.includes('\\') || value.includes('[')) return undefined;
  const alternatives: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '(') depth++;
    if (value[i] === ')') depth--;
    if (value[i] === '|' && depth === 0) {
      alternatives.push(value.slice(start, i));
      start = i + 1;
    }
  }
  alternatives.push(value.slice(start));
  return alternatives;
}

/** Prefixes of one alternative: `foo-.*` → [foo-], `(a|b)-x.*` → [a-x, b-x]. */
function alternativePrefixes(alternative: string): string[] | undefined {
  if (!alternative.startsWith('(')) {
    const run = literalRun(alternative);
    return run === '' ? undefined : [run];
  }
  const close = alternative.indexOf(')');
  if (close < 0 || QUANTIFIERS.has(alternative[close + 1])) return undefined;
  const options = alternative.slice(1, close).split('|');
  // Only a group of plain literals: no nested group, no `(?:` or lookaround.
  if (options.some(o => [...o].some(ch => REGEX_META.has(ch))))
    return undefined;
  const rest = literalRun(alternative.slice(close + 1));
  const prefixes = options.map(o => o + rest);
  return prefixes.some(p => p === '') ? undefined : prefixes;
}

/**
 * Literal prefixes such that every string the (fully anchored) regex matches starts with one of
 * them, for the common shapes of PromQL regex matchers (`foo-.*`, `(a|b)-.*`, `a|b`); undefined
 * for any other shape, which must then be tested against every name.
 */
export function literalPrefixes(value: string): string[] | undefined {
  const alternatives = topLevelAlternatives(value);
  if (!alternatives) return undefined;
  const prefixes: string[] = [];
  for (const alternative of alternatives) {
    const found = alternativePrefixes(alternative);
    if (!found) return undefined;
    prefixes.push(...found);
  }
  return prefixes;
}

/** A regex matcher of an expression, with the literal prefixes of the strings it can match (when known). */
export interface NamingPattern {
  regex: RegExp;
  prefixes?: string[];
}

/**
 * How an expression can name a workload: the values of its equality matchers, and its regex
 * matchers (fully anchored, as in PromQL) that do not match just anything. Invalid regexes name nothing.
 */
export interface ExprNaming {
  equals: string[];
  patterns: NamingPattern[];
}

/**
 * `patterns`: regex matchers already read, by value (an expression read for a whole cluster
 * repeats the same few regexes in many alerts); undefined for a regex that names nothing.
 */
export function namingOf(
  expr: string,
  patterns?: Map<string, NamingPattern | undefined>,
): ExprNaming {
  const naming: ExprNaming = { equals: [], patterns: [] };
  // The matchers as labelMatchers reads them, without building them (this runs for every alert).
  const scan = new RegExp(MATCHER);
  for (let m = scan.exec(expr); m !== null; m = scan.exec(expr)) {
    const op = m[2];
    if (op === '=') naming.equals.push(matchedValue(m));
    if (op !== '=~') continue;
    const value = matchedValue(m);
    let pattern: NamingPattern | undefined;
    if (patterns?.has(value)) pattern = patterns.get(value);
    else {
      pattern = namingPattern(value);
      patterns?.set(value, pattern);
    }
    if (pattern) naming.patterns.push(pattern);
  }
  return naming;
}

/** A regex matcher's value as a naming pattern; undefined when invalid or when it matches anything. */
function namingPattern(value: string): NamingPattern | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${value})$`);
  } catch {
    return undefined;
  }
  return regex.test(ANY_VALUE)
    ? undefined
    : { regex, prefixes: literalPrefixes(value) };
}
