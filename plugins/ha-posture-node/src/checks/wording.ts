/** Human-readable wording for messages: labels, label selectors, lists of names. */
import { LabelSelector } from '../engine/labels';

/** `app=web, tier=frontend`; `(no labels)` when empty. */
export function describeLabels(
  labels: Record<string, string> | undefined,
): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0
    ? '(no labels)'
    : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** `app=web, tier in (a,b), !legacy`, in kubectl's syntax; `(null selector)` / `(empty selector: everything)`. */
export function describeSelector(
  selector: LabelSelector | null | undefined,
): string {
  if (!selector || typeof selector !== 'object') return '(null selector)';
  const terms = Object.entries(selector.matchLabels ?? {}).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const req of Array.isArray(selector.matchExpressions)
    ? selector.matchExpressions
    : []) {
    const values = Array.isArray(req.values) ? req.values.join(',') : '';
    if (req.operator === 'In') terms.push(`${req.key} in (${values})`);
    else if (req.operator === 'NotIn')
      terms.push(`${req.key} notin (${values})`);
    else if (req.operator === 'Exists') terms.push(req.key);
    else if (req.operator === 'DoesNotExist') terms.push(`!${req.key}`);
    else terms.push(`${req.key} ${req.operator} (${values})`);
  }
  return terms.length === 0 ? '(empty selector: everything)' : terms.join(', ');
}

/** `app`, `app and proxy`, `app, proxy and log`. */
export function describeNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `the only node`, `both nodes`, `all 3 nodes`: every one of a count, as a sentence says it. */
export function everyOne(count: number, noun: string): string {
  if (count === 1) return `the only ${noun}`;
  return count === 2 ? `both ${noun}s` : `all ${count} ${noun}s`;
}

/** A sentence subject with its verb: `Container app has`, `Containers app and proxy have`. */
export function subject(
  noun: string,
  names: string[],
  singularVerb: string,
  pluralVerb: string,
): string {
  return names.length === 1
    ? `${noun} ${names[0]} ${singularVerb}`
    : `${noun}s ${describeNames(names)} ${pluralVerb}`;
}
