/**
 * The shape of a PromQL expression as far as alert coverage needs it: its vector selectors with
 * their label matchers, how operators combine them, and whether it parses at all. Read with the
 * Prometheus project's own PromQL grammar (@prometheus-io/lezer-promql, the parser behind the
 * Prometheus UI's editor), which knows every function, operator and literal form of current
 * PromQL, so a syntax error is found instead of read around.
 *
 * Parsing costs ~15 µs an expression, and a fleet's alert expressions come from a few templates
 * (`rate(errors{job="<service>"}[5m]) > 1` for every service): an expression is parsed with its
 * string literals emptied, once per such skeleton, and its own literals are put back in.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { position, syntaxChildren } from './promqlTree';
import { typeErrorOf } from './promqlTypes';

/** A label matcher of a selector: `namespace="shop"` → { label: 'namespace', op: '=', value: 'shop' }. */
export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/**
 * An expression's structure: a selector (`metric{...}`, its matchers in order), a binary operation
 * (`or`; `unless`; or `and`, arithmetic and comparisons: `matching`), a `scalar(...)` call, or a
 * group of subexpressions (function arguments, aggregations, parentheses, ranges). Numbers and
 * strings are left out (an operand or a whole expression may then be undefined).
 */
export type ExprShape =
  | {
      kind: 'selector';
      /** The metric name before the braces (`up`), if any. */
      metric?: string;
      matchers: LabelMatcher[];
    }
  | {
      kind: 'or' | 'unless' | 'matching';
      left?: ExprShape;
      right?: ExprShape;
    }
  | { kind: 'scalar' | 'group'; parts: ExprShape[] };

/** The shape of an expression, and why it is not valid PromQL (a syntax or type error; undefined when it is valid). */
export interface ReadExpression {
  shape?: ExprShape;
  problem?: string;
}

/** Go's simple escapes, as PromQL strings use them. */
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};
const ESCAPE =
  /\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|([^]))/g;

/** The value of a string literal: double or single quotes with Go escapes, back quotes raw. */
export function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  if (literal[0] === '`' || !body.includes('\\')) return body;
  return body.replace(ESCAPE, (_, hex, u4, u8, octal, char: string) => {
    const code = hex ?? u4 ?? u8;
    if (code !== undefined) return String.fromCodePoint(parseInt(code, 16));
    if (octal !== undefined) return String.fromCodePoint(parseInt(octal, 8));
    return SIMPLE_ESCAPES[char] ?? char;
  });
}

/** A name just before the error: the parser stops at the `(` of a function it does not know. */
const CALLED_NAME = /([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/** Functions of Prometheus 2 that Prometheus 3 no longer knows by that name. */
const RENAMED_FUNCTIONS: Record<string, string> = {
  holt_winters: 'double_exponential_smoothing',
};

/**
 * The first syntax error of a parsed expression, with where it is and what follows it, or
 * undefined. The grammar checks syntax and function names; types are checked apart (promqlTypes).
 */
function syntaxErrorOf(tree: SyntaxNode, expr: string): string | undefined {
  if (expr.trim() === '') return 'the expression is empty';
  let error: SyntaxNode | undefined;
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) error = cursor.node;
  } while (!error && cursor.next());
  if (!error) return undefined;
  const called = CALLED_NAME.exec(expr.slice(0, error.from));
  if (called && expr[error.from] === '(') {
    const renamed = RENAMED_FUNCTIONS[called[1]];
    return `${called[1]}() is not a PromQL function${
      renamed
        ? ` (Prometheus 3 renamed it ${renamed}, behind the promql-experimental-functions flag)`
        : ''
    }, at ${position(expr, called.index)}`;
  }
  const rest = expr.slice(error.from).split('\n')[0].trim();
  if (rest === '')
    return `the expression ends early, at ${position(expr, error.from)}`;
  const shown = rest.length > 24 ? `${rest.slice(0, 24)}…` : rest;
  return `unexpected "${shown}" at ${position(expr, error.from)}`;
}

/** Why a parsed expression is not valid PromQL: its first syntax error, else its first type error. */
function problemOf(root: SyntaxNode, text: string): string | undefined {
  return syntaxErrorOf(root, text) ?? typeErrorOf(root, text);
}

/** A matcher of a template: its label (a name, or the index of the literal quoting it) and value literal. */
interface MatcherTemplate {
  label: string | number;
  op: LabelMatcher['op'];
  value: number;
}

/** ExprShape with string literals by index (into the expression's literals, in text order). */
type Template =
  | { kind: 'selector'; metric?: string; matchers: MatcherTemplate[] }
  | { kind: 'or' | 'unless' | 'matching'; left?: Template; right?: Template }
  | { kind: 'scalar' | 'group'; parts: Template[] };

/** The index of the string literal a StringLiteral node stands for. */
type LiteralIndex = (node: SyntaxNode) => number;

function matcherTemplates(
  selector: SyntaxNode,
  text: string,
  literalIndex: LiteralIndex,
): MatcherTemplate[] {
  const matchers: MatcherTemplate[] = [];
  const list = selector.getChild('LabelMatchers');
  for (let m = list?.firstChild; m; m = m.nextSibling) {
    // A bare quoted metric name (`{"my.metric"}`) is not a matcher.
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher')
      continue;
    const name = syntaxChildren(m)[0];
    const op = m.getChild('MatchOp');
    const value = m.getChild('StringLiteral');
    if (!name || !op || !value) continue;
    const quotedName = name.getChild('StringLiteral');
    matchers.push({
      label: quotedName
        ? literalIndex(quotedName)
        : text.slice(name.from, name.to),
      op: text.slice(op.from, op.to) as LabelMatcher['op'],
      value: literalIndex(value),
    });
  }
  return matchers;
}

function compile(
  node: SyntaxNode,
  text: string,
  literalIndex: LiteralIndex,
): Template | undefined {
  switch (node.name) {
    case 'VectorSelector': {
      const metric = node.getChild('Identifier');
      return {
        kind: 'selector',
        ...(metric ? { metric: text.slice(metric.from, metric.to) } : {}),
        matchers: matcherTemplates(node, text, literalIndex),
      };
    }
    case 'StringLiteral':
    case 'NumberDurationLiteral':
      return undefined;
    case 'BinaryExpr': {
      const children = syntaxChildren(node);
      const left = children[0];
      const right = children[children.length - 1];
      // Modifiers (on, ignoring, group_left, bool) sit between the operands; the operator is the first of them.
      const operator = children[1]?.name;
      const leftShape = left ? compile(left, text, literalIndex) : undefined;
      const rightShape =
        right && right !== left
          ? compile(right, text, literalIndex)
          : undefined;
      if (!leftShape || !rightShape) {
        // Against a number, an operation keeps the other side's series.
        if (operator !== 'Or' && operator !== 'Unless')
          return leftShape ?? rightShape;
        if (!leftShape && !rightShape) return undefined;
      }
      let kind: 'or' | 'unless' | 'matching' = 'matching';
      if (operator === 'Or') kind = 'or';
      else if (operator === 'Unless') kind = 'unless';
      return { kind, left: leftShape, right: rightShape };
    }
    default: {
      const parts: Template[] = [];
      for (let child = node.firstChild; child; child = child.nextSibling) {
        const part = compile(child, text, literalIndex);
        if (part) parts.push(part);
      }
      // scalar(v) is a number, whatever its argument is about.
      if (
        node.name === 'FunctionCall' &&
        node.getChild('FunctionIdentifier')?.firstChild?.name === 'Scalar'
      )
        return { kind: 'scalar', parts };
      if (parts.length <= 1) return parts[0];
      return { kind: 'group', parts };
    }
  }
}

/** Puts an expression's own literals (raw, quoted) into a template. */
function bind(template: Template, literals: string[]): ExprShape {
  const literal = (index: number) => unquote(literals[index] ?? '""');
  switch (template.kind) {
    case 'selector':
      return {
        kind: 'selector',
        ...(template.metric !== undefined ? { metric: template.metric } : {}),
        matchers: template.matchers.map(m => ({
          label: typeof m.label === 'number' ? literal(m.label) : m.label,
          op: m.op,
          value: literal(m.value),
        })),
      };
    case 'scalar':
    case 'group':
      return {
        kind: template.kind,
        parts: template.parts.map(p => bind(p, literals)),
      };
    default:
      return {
        kind: template.kind,
        left: template.left && bind(template.left, literals),
        right: template.right && bind(template.right, literals),
      };
  }
}

/**
 * The expression with every string literal emptied (`""`), its literals (raw) and where each
 * empty literal starts in the skeleton. Comments are kept (a quote in a comment opens nothing).
 * Undefined for quoting the grammar would refuse (an unclosed string, a line break inside
 * quotes): such an expression is parsed as it is.
 */
function skeletonOf(
  expr: string,
): { text: string; literals: string[]; offsets: number[] } | undefined {
  const special = /["'`#]/g;
  const literals: string[] = [];
  const offsets: number[] = [];
  let text = '';
  let copied = 0;
  for (
    let match = special.exec(expr);
    match !== null;
    match = special.exec(expr)
  ) {
    const at = match.index;
    const quote = expr[at];
    if (quote === '#') {
      const end = expr.indexOf('\n', at);
      if (end < 0) break;
      special.lastIndex = end + 1;
      continue;
    }
    let end = at + 1;
    while (end < expr.length && expr[end] !== quote) {
      if (quote !== '`' && expr[end] === '\n') return undefined;
      end += quote !== '`' && expr[end] === '\\' ? 2 : 1;
    }
    if (end >= expr.length) return undefined;
    text += expr.slice(copied, at);
    offsets.push(text.length);
    text += '""';
    literals.push(expr.slice(at, end + 1));
    copied = end + 1;
    special.lastIndex = copied;
  }
  return { text: text + expr.slice(copied), literals, offsets };
}

/** A skeleton's template, and whether it parses. */
interface CompiledSkeleton {
  template?: Template;
  valid: boolean;
}

/** Skeletons parsed so far, across evaluations; cleared when full. */
const MAX_SKELETONS = 10_000;
const skeletons = new Map<string, CompiledSkeleton>();

function compileSkeleton(
  text: string,
  offsets: readonly number[],
): CompiledSkeleton {
  let compiled = skeletons.get(text);
  if (!compiled) {
    const root = parser.parse(text).topNode;
    const byOffset = new Map(offsets.map((offset, i) => [offset, i]));
    compiled = {
      template: compile(root, text, node => byOffset.get(node.from) ?? -1),
      valid: problemOf(root, text) === undefined,
    };
    if (skeletons.size >= MAX_SKELETONS) skeletons.clear();
    skeletons.set(text, compiled);
  }
  return compiled;
}

/** Parses the expression as it is: its literals in the order the parser meets them. */
function readDirectly(expr: string): ReadExpression {
  const root = parser.parse(expr).topNode;
  const literals: string[] = [];
  const template = compile(
    root,
    expr,
    node => literals.push(expr.slice(node.from, node.to)) - 1,
  );
  const problem = problemOf(root, expr);
  return {
    ...(template ? { shape: bind(template, literals) } : {}),
    ...(problem === undefined ? {} : { problem }),
  };
}

/**
 * The shape of an expression and why it is not valid PromQL, if it is not (after a syntax error,
 * the shape is what the parser recovered).
 */
export function readExpression(expr: string): ReadExpression {
  const skeleton = skeletonOf(expr);
  if (!skeleton) return readDirectly(expr);
  const { template, valid } = compileSkeleton(skeleton.text, skeleton.offsets);
  // Where the error is, in the expression's own text.
  if (!valid) return readDirectly(expr);
  return template ? { shape: bind(template, skeleton.literals) } : {};
}

/** Why an expression is not valid PromQL (a syntax or type error), or undefined when it is. */
export function promqlProblem(expr: string): string | undefined {
  return readExpression(expr).problem;
}

function collectSelectors(
  shape: ExprShape | undefined,
  into: LabelMatcher[][],
): void {
  if (!shape) return;
  if (shape.kind === 'selector') {
    if (shape.matchers.length > 0) into.push(shape.matchers);
  } else if ('parts' in shape) {
    for (const part of shape.parts) collectSelectors(part, into);
  } else {
    collectSelectors(shape.left, into);
    collectSelectors(shape.right, into);
  }
}

/**
 * The vector selectors of an expression (`metric{...}` or `{...}`), each as its label matchers, in
 * order. Selectors without matchers (`up`, `metric{}`) are not listed.
 */
export function vectorSelectors(expr: string): LabelMatcher[][] {
  const selectors: LabelMatcher[][] = [];
  collectSelectors(readExpression(expr).shape, selectors);
  return selectors;
}
