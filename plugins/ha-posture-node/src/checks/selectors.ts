/** Human-readable forms of labels and label selectors, for messages. */
import { LabelSelector } from '../engine/labels';

/** `app=web, tier=frontend`; `(no labels)` when empty. */
export function describeLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? '(no labels)' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}

/** `app=web, tier in (a,b), !legacy`, in kubectl's syntax; `(null selector)` / `(empty selector: everything)`. */
export function describeSelector(selector: LabelSelector | null | undefined): string {
  if (!selector || typeof selector !== 'object') return '(null selector)';
  const terms = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const req of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    const values = Array.isArray(req.values) ? req.values.join(',') : '';
    if (req.operator === 'In') terms.push(`${req.key} in (${values})`);
    else if (req.operator === 'NotIn') terms.push(`${req.key} notin (${values})`);
    else if (req.operator === 'Exists') terms.push(req.key);
    else if (req.operator === 'DoesNotExist') terms.push(`!${req.key}`);
    else terms.push(`${req.key} ${req.operator} (${values})`);
  }
  return terms.length === 0 ? '(empty selector: everything)' : terms.join(', ');
}
