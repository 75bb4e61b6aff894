/** Where a workload's ready pods actually run, for the spread-actual-* checks. */
import { CheckOutcome } from '../../model/checks';
import { ResourceKey } from '../../model/resources';
import { ClusterView, ReplicaFloor, Workload } from '../../model/view';
import {
  PodPlacement,
  notEvaluable,
  placementOf,
  podIsActive,
  podIsReady,
} from '../util';
import { rolloutInProgress, trustedReplicaFloor } from '../workloads';

export type ActualPlacement =
  | { placements: PodPlacement[]; floor: ReplicaFloor; outcome?: undefined }
  | { placements?: undefined; floor?: undefined; outcome: CheckOutcome };

/**
 * The placement of the workload's ready, scheduled pods, or the outcome when placement is not worth
 * judging: inputs missing, floor below 2, a rollout in progress, or fewer than 2 ready pods.
 */
export function actualPlacement(
  cluster: ClusterView,
  workload: Workload,
  needs: ResourceKey[],
): ActualPlacement {
  const missing = notEvaluable(cluster, ...needs);
  if (missing) return { outcome: missing };
  const { floor, outcome } = trustedReplicaFloor(cluster, workload);
  if (outcome) return { outcome };
  if (floor.floor < 2) {
    return {
      outcome: {
        status: 'skipped',
        message: `Replica floor is ${floor.floor}: nothing to spread (see replicas-min-floor)`,
      },
    };
  }
  const rollout = rolloutInProgress(workload);
  if (rollout) {
    return {
      outcome: {
        status: 'skipped',
        message: `A rollout is in progress (${rollout}): placement is judged once it settles`,
      },
    };
  }
  const ready = cluster
    .podsOf(workload)
    .filter(p => podIsActive(p) && podIsReady(p) && p.spec?.nodeName);
  if (ready.length < 2) {
    return {
      outcome: {
        status: 'skipped',
        message: `Only ${ready.length} ready pod(s) running: nothing to compare (see replicas-available)`,
        evidence: { readyPods: ready.length },
      },
    };
  }
  return { placements: placementOf(cluster, ready), floor };
}

/** Count per value (node or zone), busiest first. */
export function tally(values: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
}
