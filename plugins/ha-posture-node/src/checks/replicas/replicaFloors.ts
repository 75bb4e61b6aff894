/**
 * Replica floors remembered per workload: most workload checks ask for the workload's floor (and
 * some for other workloads' floors), and working it out builds a lookup key each time.
 */
import { ClusterView, ReplicaFloor, Workload } from '../../model/view';
import { describeObject, perCluster } from '../util';
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

/** Why a workload whose floor is 0 runs no pod, by kind (other kinds are scaled to zero). */
const NO_PODS: Partial<Record<string, string>> = {
  DaemonSet: 'runs on no node (status.desiredNumberScheduled 0)',
  Operated: 'has no running pod (its operator runs none now)',
};

/**
 * `Deployment shop/web is scaled to zero` when the workload runs no pod by design (its floor is
 * 0), for checks of what its pods serve; else undefined. A DaemonSet in manifests has no floor to
 * tell (the pods it would run are not known there).
 */
export function noPodsByDesign(
  cluster: ClusterView,
  workload: Workload,
): string | undefined {
  if (
    replicaFloorOf(cluster, workload).floor !== 0 ||
    (workload.kind === 'DaemonSet' && cluster.snapshot.mode === 'manifests')
  )
    return undefined;
  return `${describeObject(workload)} ${
    NO_PODS[workload.kind] ?? 'is scaled to zero'
  }`;
}
