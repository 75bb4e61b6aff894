/** Where a workload's ready pods actually run, for the spread-actual-* checks. */
import { CheckOutcome } from '../../model/checks';
import { ResourceKey } from '../../model/resources';
import { ClusterView, ReplicaFloor, Workload } from '../../model/view';
import { nodeZone, notEvaluable, perCluster } from '../util';
import { rolloutInProgress } from '../workloads';
import { activeReadyPods } from '../replicas/readyPods';
import { trustedFloorOf } from '../replicas/replicaFloors';

/** How the workload's active, ready, scheduled pods are spread over nodes and zones. */
export interface ReadyPlacement {
  /** Active, ready pods that have a node. */
  readyPods: number;
  /** Ready pods per node, busiest first (see tally). */
  byNode: Array<[string, number]>;
  /** Ready pods per zone, busiest first, of the pods whose node has a zone. */
  byZone: Array<[string, number]>;
  /** Ready pods whose node has a zone. */
  zonedPods: number;
}

export type ActualPlacement =
  | { placement: ReadyPlacement; floor: ReplicaFloor; outcome?: undefined }
  | { placement?: undefined; floor?: undefined; outcome: CheckOutcome };

// Both spread-actual checks ask for the same workload's placement: it is tallied once (shared, read-only).
const placementByWorkload = perCluster(
  () => new WeakMap<Workload, ReadyPlacement>(),
);

function readyPlacement(
  cluster: ClusterView,
  workload: Workload,
): ReadyPlacement {
  const memo = placementByWorkload(cluster);
  let placement = memo.get(workload);
  if (!placement) {
    const nodes: string[] = [];
    const zones: string[] = [];
    for (const pod of activeReadyPods(cluster, workload)) {
      const node: string | undefined = pod.spec?.nodeName;
      if (!node) continue;
      nodes.push(node);
      const zone = nodeZone(cluster, node);
      if (zone) zones.push(zone);
    }
    placement = {
      readyPods: nodes.length,
      byNode: tally(nodes),
      byZone: tally(zones),
      zonedPods: zones.length,
    };
    memo.set(workload, placement);
  }
  return placement;
}

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
  const { floor, outcome } = trustedFloorOf(cluster, workload);
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
  const placement = readyPlacement(cluster, workload);
  if (placement.readyPods < 2) {
    return {
      outcome: {
        status: 'skipped',
        message: `Only ${placement.readyPods} ready pod(s) running: nothing to compare (see replicas-available)`,
        evidence: { readyPods: placement.readyPods },
      },
    };
  }
  return { placement, floor };
}

/** Count per value (node or zone), busiest first. */
export function tally(values: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort(busiestFirst);
}

function busiestFirst(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || a[0].localeCompare(b[0]);
}
