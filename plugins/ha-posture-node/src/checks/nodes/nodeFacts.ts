/** Node facts shared by the nodes (and network) checks. */
import { CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { notEvaluable } from '../util';

/**
 * The outcome when the nodes cannot be judged: not read (`unknown`/`skipped` with the reason), or
 * an empty node list (a dump without nodes). Undefined when there are nodes.
 */
export function nodesNotEvaluable(cluster: ClusterView): CheckOutcome | undefined {
  const missing = notEvaluable(cluster, 'nodes');
  if (missing) return missing;
  if (cluster.list('nodes').length === 0) {
    return { status: 'unknown', message: `The snapshot of cluster ${cluster.name} lists no nodes`, evidence: { nodes: 0 } };
  }
  return undefined;
}

/** `a, b, c` or `a, b, c and 7 more`: long node lists stay readable in messages. */
export function nameList(names: string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Zone → number of usable workers in it (workers without a real zone are left out). */
export function workersPerZone(cluster: ClusterView): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const worker of cluster.usableWorkers()) {
    const zone = cluster.zoneOfNode(worker.metadata.name);
    if (zone) counts[zone] = (counts[zone] ?? 0) + 1;
  }
  return counts;
}

/** `a: 2, b: 2, c: 1`. */
export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ');
}

