/**
 * The value types of PromQL, checked as Prometheus checks them when it loads a rule: `rate(up)`
 * parses but is refused ("expected type range vector in call to function rate, got instant
 * vector"), and so is the PrometheusRule holding it. Functions this table does not know are not
 * checked (a newer Prometheus may have them); only clear mismatches are reported.
 */
import type { SyntaxNode } from '@lezer/common';
import { position, syntaxChildren } from './promqlTree';

type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

const TYPE_NAMES: Record<ValueType, string> = {
  scalar: 'a number',
  vector: 'an instant vector',
  matrix: 'a range vector (such as metric[5m])',
  string: 'a string',
};

/** A function's arguments (the last repeats when `variadic`), how many may be left out, and its result. */
interface Signature {
  args: ValueType[];
  optional?: number;
  variadic?: boolean;
  returns: ValueType;
}

const VECTOR_TO_VECTOR: Signature = { args: ['vector'], returns: 'vector' };
const RANGE_TO_VECTOR: Signature = { args: ['matrix'], returns: 'vector' };
const DATE: Signature = { args: ['vector'], optional: 1, returns: 'vector' };

const FUNCTIONS = new Map<string, Signature>([
  ...[
    'abs',
    'absent',
    'acos',
    'acosh',
    'asin',
    'asinh',
    'atan',
    'atanh',
    'ceil',
    'cos',
    'cosh',
    'deg',
    'exp',
    'floor',
    'histogram_avg',
    'histogram_count',
    'histogram_stddev',
    'histogram_stdvar',
    'histogram_sum',
    'ln',
    'log10',
    'log2',
    'rad',
    'sgn',
    'sin',
    'sinh',
    'sort',
    'sort_desc',
    'sqrt',
    'tan',
    'tanh',
    'timestamp',
  ].map((name): [string, Signature] => [name, VECTOR_TO_VECTOR]),
  ...[
    'absent_over_time',
    'avg_over_time',
    'changes',
    'count_over_time',
    'delta',
    'deriv',
    'first_over_time',
    'idelta',
    'increase',
    'irate',
    'last_over_time',
    'mad_over_time',
    'max_over_time',
    'min_over_time',
    'present_over_time',
    'rate',
    'resets',
    'stddev_over_time',
    'stdvar_over_time',
    'sum_over_time',
    'ts_of_first_over_time',
    'ts_of_last_over_time',
    'ts_of_max_over_time',
    'ts_of_min_over_time',
  ].map((name): [string, Signature] => [name, RANGE_TO_VECTOR]),
  ...[
    'day_of_month',
    'day_of_week',
    'day_of_year',
    'days_in_month',
    'hour',
    'minute',
    'month',
    'year',
  ].map((name): [string, Signature] => [name, DATE]),
  ['clamp', { args: ['vector', 'scalar', 'scalar'], returns: 'vector' }],
  ['clamp_max', { args: ['vector', 'scalar'], returns: 'vector' }],
  ['clamp_min', { args: ['vector', 'scalar'], returns: 'vector' }],
  [
    'double_exponential_smoothing',
    { args: ['matrix', 'scalar', 'scalar'], returns: 'vector' },
  ],
  ['holt_winters', { args: ['matrix', 'scalar', 'scalar'], returns: 'vector' }],
  [
    'histogram_fraction',
    { args: ['scalar', 'scalar', 'vector'], returns: 'vector' },
  ],
  ['histogram_quantile', { args: ['scalar', 'vector'], returns: 'vector' }],
  [
    'label_join',
    {
      args: ['vector', 'string', 'string', 'string'],
      optional: 1,
      variadic: true,
      returns: 'vector',
    },
  ],
  [
    'label_replace',
    {
      args: ['vector', 'string', 'string', 'string', 'string'],
      returns: 'vector',
    },
  ],
  ['pi', { args: [], returns: 'scalar' }],
  ['predict_linear', { args: ['matrix', 'scalar'], returns: 'vector' }],
  ['quantile_over_time', { args: ['scalar', 'matrix'], returns: 'vector' }],
  ['round', { args: ['vector', 'scalar'], optional: 1, returns: 'vector' }],
  ['scalar', { args: ['vector'], returns: 'scalar' }],
  [
    'sort_by_label',
    {
      args: ['vector', 'string'],
      optional: 1,
      variadic: true,
      returns: 'vector',
    },
  ],
  [
    'sort_by_label_desc',
    {
      args: ['vector', 'string'],
      optional: 1,
      variadic: true,
      returns: 'vector',
    },
  ],
  ['time', { args: [], returns: 'scalar' }],
  ['vector', { args: ['scalar'], returns: 'vector' }],
]);

/** Aggregations with a parameter before the vector: its type. */
const AGGREGATION_PARAMETERS: Record<string, ValueType> = {
  topk: 'scalar',
  bottomk: 'scalar',
  limitk: 'scalar',
  limit_ratio: 'scalar',
  quantile: 'scalar',
  count_values: 'string',
};

/** A mismatch found, with where it is. */
class TypeMismatch extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

function expect(
  actual: ValueType | undefined,
  allowed: ValueType[],
  what: string,
  at: number,
): void {
  if (actual !== undefined && !allowed.includes(actual))
    throw new TypeMismatch(
      `${what} needs ${allowed.map(t => TYPE_NAMES[t]).join(' or ')}, not ${
        TYPE_NAMES[actual]
      }`,
      at,
    );
}

function callType(node: SyntaxNode, text: string): ValueType | undefined {
  const identifier = node.getChild('FunctionIdentifier');
  const name = identifier ? text.slice(identifier.from, identifier.to) : '';
  const args = syntaxChildren(node.getChild('FunctionCallBody'));
  const types = args.map(arg => typeOf(arg, text));
  const signature = FUNCTIONS.get(name);
  if (!signature) return undefined;
  const { args: expected, optional = 0, variadic, returns } = signature;
  const fewest = expected.length - optional;
  if (args.length < fewest || (!variadic && args.length > expected.length)) {
    const count =
      fewest === expected.length
        ? `${fewest}`
        : `${fewest} to ${variadic ? 'any number of' : expected.length}`;
    throw new TypeMismatch(
      `${name}() takes ${count} argument${
        expected.length === 1 && !optional ? '' : 's'
      }, not ${args.length}`,
      node.from,
    );
  }
  types.forEach((type, i) =>
    expect(
      type,
      [expected[Math.min(i, expected.length - 1)]],
      `argument ${i + 1} of ${name}()`,
      args[i].from,
    ),
  );
  return returns;
}

function aggregationType(node: SyntaxNode, text: string): ValueType {
  const op = node.getChild('AggregateOp');
  const name = op ? text.slice(op.from, op.to).toLowerCase() : '';
  const args = syntaxChildren(node.getChild('FunctionCallBody'));
  const parameter = AGGREGATION_PARAMETERS[name];
  const wanted = parameter ? 2 : 1;
  if (args.length !== wanted)
    throw new TypeMismatch(
      `${name} takes ${wanted} argument${wanted === 1 ? '' : 's'}, not ${
        args.length
      }`,
      node.from,
    );
  if (parameter)
    expect(
      typeOf(args[0], text),
      [parameter],
      `the parameter of ${name}`,
      args[0].from,
    );
  const vector = args[args.length - 1];
  expect(typeOf(vector, text), ['vector'], name, vector.from);
  return 'vector';
}

function binaryType(node: SyntaxNode, text: string): ValueType | undefined {
  const children = syntaxChildren(node);
  const left = children[0];
  const right = children[children.length - 1];
  if (!left || !right || left === right) return undefined;
  const operator = children[1]?.name ?? '';
  const leftType = typeOf(left, text);
  const rightType = typeOf(right, text);
  const setOperator = ['And', 'Or', 'Unless'].includes(operator);
  const allowed: ValueType[] = setOperator ? ['vector'] : ['scalar', 'vector'];
  const what = setOperator
    ? `the operator ${operator.toLowerCase()}`
    : 'an arithmetic or comparison operator';
  expect(leftType, allowed, what, left.from);
  expect(rightType, allowed, what, right.from);
  if (leftType === 'vector' || rightType === 'vector') return 'vector';
  return leftType && rightType ? 'scalar' : undefined;
}

/** The type of an expression node; undefined when not known (an unknown function, or parse errors). */
function typeOf(node: SyntaxNode, text: string): ValueType | undefined {
  switch (node.name) {
    case 'NumberDurationLiteral':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'VectorSelector':
      return 'vector';
    case 'MatrixSelector':
      return 'matrix';
    case 'SubqueryExpr': {
      const inner = syntaxChildren(node)[0];
      if (inner)
        expect(
          typeOf(inner, text),
          ['vector', 'scalar'],
          'a subquery',
          inner.from,
        );
      return 'matrix';
    }
    case 'FunctionCall':
      return callType(node, text);
    case 'AggregateExpr':
      return aggregationType(node, text);
    case 'BinaryExpr':
      return binaryType(node, text);
    case 'UnaryExpr': {
      const operand = syntaxChildren(node).pop();
      const type = operand ? typeOf(operand, text) : undefined;
      if (operand) expect(type, ['scalar', 'vector'], 'a sign', operand.from);
      return type;
    }
    case 'ParenExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'AnchoredExpr':
    case 'SmoothedExpr': {
      // The operand comes first (parentheses are not nodes); modifiers follow it.
      const operand = syntaxChildren(node)[0];
      return operand ? typeOf(operand, text) : undefined;
    }
    case 'PromQL': {
      const expression = syntaxChildren(node)[0];
      return expression ? typeOf(expression, text) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The first type error of a parsed expression, with where it is (in `text`), or undefined. Call it
 * on expressions that parse: error recovery leaves partial nodes.
 */
export function typeErrorOf(
  root: SyntaxNode,
  text: string,
): string | undefined {
  try {
    typeOf(root, text);
    return undefined;
  } catch (error) {
    if (!(error instanceof TypeMismatch)) throw error;
    return `${error.message}, at ${position(text, error.at)}`;
  }
}
