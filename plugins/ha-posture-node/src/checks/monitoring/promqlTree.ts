/** Reading the syntax trees of @prometheus-io/lezer-promql. */
import type { SyntaxNode } from '@lezer/common';

/**
 * The children of a node without `# comments`, which the parser keeps in the tree wherever they
 * stand (between function arguments, between an operand and its operator): Prometheus ignores them.
 */
export function syntaxChildren(
  node: SyntaxNode | null | undefined,
): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node?.firstChild; child; child = child.nextSibling)
    if (child.name !== 'LineComment') children.push(child);
  return children;
}

/** `line 2, column 5` (1-based) of an offset in the expression; the column alone on one-line expressions. */
export function position(expr: string, offset: number): string {
  const before = expr.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return line === 1 ? `column ${column}` : `line ${line}, column ${column}`;
}
