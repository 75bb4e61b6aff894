/**
 * Replica floors remembered per workload: most workload checks ask for the workload's floor (and
 * some for other workloads' floors), and working it out builds a lookup key each time.
 */
import { ClusterView, ReplicaFloor, Workload } from '../../model/view';
import { perCluster } from '../util';
import { TrustedFloor, trustedReplicaFloor } from '../workloads';

const trustedFloors = perCluster(() => new WeakMap<Workload, TrustedFloor>());
const floors = perCluster(() => new WeakMap<Workload, ReplicaFloor>());

/** trustedReplicaFloor, remembered when it is a floor (a shared object: do not modify it). */
export function trustedFloorOf(
  cluster: ClusterView,
  workload: Workload,
): TrustedFloor {
  const memo = trustedFloors(cluster);
  const known = memo.get(workload);
  if (known) return known;
  const found = trustedReplicaFloor(cluster, workload);
  // An outcome becomes part of a result: each check gets its own.
  if (!found.outcome) memo.set(workload, found);
  return found;
}

/** cluster.replicaFloor, remembered (a shared object: do not modify it). */
export function replicaFloorOf(
  cluster: ClusterView,
  workload: Workload,
): ReplicaFloor {
  const memo = floors(cluster);
  let floor = memo.get(workload);
  if (!floor) {
    floor = cluster.replicaFloor(workload);
    memo.set(workload, floor);
  }
  return floor;
}
