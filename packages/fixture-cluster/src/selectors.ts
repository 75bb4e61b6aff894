/**
 * Label and field selectors with Kubernetes semantics, parsed once per request
 * into predicates. Parse errors throw a 400 BadRequest StatusError.
 */
import { StatusError } from './status';

export type Labels = Record<string, string>;
export type LabelPredicate = (labels: Labels | undefined) => boolean;
export type FieldPredicate = (obj: any) => boolean;

type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: Set<string> };

/* ---------------------------------------------------------------- labels */

type Token = { type: 'word' | 'op' | '(' | ')' | ','; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c });
      i++;
    } else if (input.startsWith('==', i) || input.startsWith('!=', i)) {
      tokens.push({ type: 'op', text: input.slice(i, i + 2) });
      i += 2;
    } else if (c === '=' || c === '!') {
      tokens.push({ type: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !/[\s(),=!]/.test(input[j])) j++;
      tokens.push({ type: 'word', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

function badLabelSelector(selector: string, why: string): StatusError {
  return new StatusError(
    400,
    `unable to parse requirement: found '${why}' in label selector "${selector}"`,
  );
}

function parseLabelSelector(selector: string): Requirement[] {
  const tokens = tokenize(selector);
  const reqs: Requirement[] = [];
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expectWord = (what: string) => {
    const t = next();
    if (!t || t.type !== 'word') {
      throw badLabelSelector(
        selector,
        t ? t.text : `end of input, expected ${what}`,
      );
    }
    return t.text;
  };

  while (pos < tokens.length) {
    if (peek().type === 'op' && peek().text === '!') {
      next();
      reqs.push({ op: 'notexists', key: expectWord('key') });
    } else {
      const key = expectWord('key');
      const t = peek();
      if (!t || t.type === ',') {
        reqs.push({ op: 'exists', key });
      } else if (t.type === 'op' && t.text !== '!') {
        next();
        // `a=` means "label a has the empty value".
        const valueToken = peek();
        const value = valueToken?.type === 'word' ? next().text : '';
        reqs.push({ op: t.text === '!=' ? 'neq' : 'eq', key, value });
      } else if (t.type === 'word' && (t.text === 'in' || t.text === 'notin')) {
        next();
        if (next()?.type !== '(')
          throw badLabelSelector(selector, `${t.text} without (`);
        const values = new Set<string>();
        let expectValue = true;
        for (;;) {
          const v = next();
          if (!v) throw badLabelSelector(selector, 'end of input, expected )');
          if (v.type === ')') {
            if (expectValue && values.size > 0) values.add('');
            break;
          }
          if (v.type === ',') {
            if (expectValue) values.add('');
            expectValue = true;
          } else if (v.type === 'word' && expectValue) {
            values.add(v.text);
            expectValue = false;
          } else {
            throw badLabelSelector(selector, v.text);
          }
        }
        if (values.size === 0) {
          throw badLabelSelector(selector, `${t.text} ()`);
        }
        reqs.push({ op: t.text === 'in' ? 'in' : 'notin', key, values });
      } else {
        throw badLabelSelector(selector, t.text);
      }
    }
    const sep = next();
    if (sep && sep.type !== ',') throw badLabelSelector(selector, sep.text);
    if (sep && pos === tokens.length)
      throw badLabelSelector(selector, 'trailing ,');
  }
  return reqs;
}

function matchesRequirement(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case 'eq':
      return has && labels[r.key] === r.value;
    case 'neq':
      return !has || labels[r.key] !== r.value;
    case 'in':
      return has && r.values.has(labels[r.key]);
    case 'notin':
      return !has || !r.values.has(labels[r.key]);
    default:
      return false;
  }
}

export function labelPredicate(selector: string): LabelPredicate {
  return compileLabelSelector(selector).matches;
}

export type CompiledLabelSelector = {
  matches: LabelPredicate;
  /** `key=value` requirements, usable to narrow candidates through an index first. */
  equalities: Array<{ key: string; value: string }>;
};

export function compileLabelSelector(selector: string): CompiledLabelSelector {
  const reqs = parseLabelSelector(selector);
  return {
    matches: labels => reqs.every(r => matchesRequirement(r, labels ?? {})),
    equalities: reqs.flatMap(r =>
      r.op === 'eq' ? [{ key: r.key, value: r.value }] : [],
    ),
  };
}

/* ---------------------------------------------------------------- fields */

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Extra fields the real API server indexes per built-in resource (group/plural). */
const RESOURCE_FIELDS: Record<string, string[]> = {
  '/pods': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  '/nodes': ['spec.unschedulable'],
  '/namespaces': ['status.phase'],
  '/events': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
};

/** Field values are compared as strings; a missing field is '' (false for booleans). */
const FIELD_DEFAULTS: Record<string, string> = {
  'spec.unschedulable': 'false',
  'spec.hostNetwork': 'false',
};

function fieldValue(obj: any, field: string): string {
  const path = field === 'source' ? ['source', 'component'] : field.split('.');
  let v = obj;
  for (const p of path) v = v?.[p];
  if (v === undefined || v === null) return FIELD_DEFAULTS[field] ?? '';
  return String(v);
}

/** Splits on commas that are not escaped with a backslash (escapes are kept). */
function splitTerms(input: string): string[] {
  return input.split(/(?<!\\),/);
}

const unescapeValue = (v: string) => v.replace(/\\(.)/g, '$1');

export function fieldPredicate(
  selector: string,
  resource: { group: string; plural: string },
): FieldPredicate {
  const supported = new Set([
    ...COMMON_FIELDS,
    ...(RESOURCE_FIELDS[`${resource.group}/${resource.plural}`] ?? []),
  ]);
  const reqs: Array<{ field: string; value: string; negate: boolean }> = [];
  for (const term of splitTerms(selector)) {
    if (term.trim() === '') continue;
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/s.exec(term);
    if (!m) {
      throw new StatusError(400, `invalid field selector: '${term}'`);
    }
    const [, field, op, value] = m;
    if (!supported.has(field)) {
      throw new StatusError(400, `field label not supported: ${field}`);
    }
    reqs.push({ field, value: unescapeValue(value), negate: op === '!=' });
  }
  return obj =>
    reqs.every(r => (fieldValue(obj, r.field) === r.value) !== r.negate);
}
