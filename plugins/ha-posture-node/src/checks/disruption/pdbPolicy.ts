/** PodDisruptionBudget policy arithmetic, as the disruption controller does it (rules W5). */
import { SelectorIndex, matchesLabelSelector } from '../../engine/labels';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, ReplicaFloor, Workload } from '../../model/view';
import { intOrPercent, intOrPercentProblem, isSet, perCluster } from '../util';
import { workloadsInNamespace } from '../workloads';
import { replicaFloorOf } from '../replicas/replicaFloors';

export const PDB_KEY = 'poddisruptionbudgets.policy';

/** `minAvailable 2`, `maxUnavailable 25%`, or `no minAvailable or maxUnavailable`. */
export function describePdbPolicy(pdb: K8sObject): string {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined && maxUnavailable !== null)
    return `maxUnavailable ${maxUnavailable}`;
  if (minAvailable !== undefined && minAvailable !== null)
    return `minAvailable ${minAvailable}`;
  return 'no minAvailable or maxUnavailable';
}

/** Whether the PDB sets a policy at all (without one it allows every eviction). */
export function hasPdbPolicy(pdb: K8sObject): boolean {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  return (minAvailable ?? maxUnavailable ?? undefined) !== undefined;
}

/**
 * Why the API would reject the PDB's policy, naming the field and value, or undefined when it is
 * valid (or absent): only one of minAvailable and maxUnavailable, each an integer from 0 or a
 * percentage from 0% to 100%.
 */
export function pdbPolicyProblem(pdb: K8sObject): string | undefined {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (isSet(minAvailable) && isSet(maxUnavailable)) {
    return `spec.minAvailable ${JSON.stringify(
      minAvailable,
    )} and spec.maxUnavailable ${JSON.stringify(
      maxUnavailable,
    )} are both set (the API accepts only one)`;
  }
  if (isSet(maxUnavailable))
    return intOrPercentProblem(maxUnavailable, 'spec.maxUnavailable');
  if (isSet(minAvailable))
    return intOrPercentProblem(minAvailable, 'spec.minAvailable');
  return undefined;
}

/**
 * How many of `expected` healthy pods the PDB lets the eviction API take down. Percentages round
 * up for both fields; undefined when the policy is malformed (see pdbPolicyProblem).
 */
export function disruptionsAllowedAt(
  pdb: K8sObject,
  expected: number,
): number | undefined {
  if (pdbPolicyProblem(pdb)) return undefined;
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    const allowed = intOrPercent(maxUnavailable, expected, true);
    return allowed === undefined
      ? undefined
      : Math.max(0, Math.min(allowed, expected));
  }
  if (minAvailable !== undefined && minAvailable !== null) {
    const required = intOrPercent(minAvailable, expected, true);
    return required === undefined
      ? undefined
      : Math.max(0, expected - required);
  }
  return expected;
}

/**
 * The pods the PDB expects at the workload's replica floor: this workload's floor plus the floors
 * of the other workloads it selects (the disruption controller counts every pod the selector matches).
 */
export function expectedAtFloor(
  cluster: ClusterView,
  pdb: K8sObject,
  workload: Workload,
  floor: ReplicaFloor,
): number {
  return workloadsSelectedBy(cluster, pdb)
    .filter(w => w !== workload)
    .reduce(
      (sum, w) =>
        sum +
        selectedAtFloor(cluster, pdb, w, replicaFloorOf(cluster, w).floor),
      selectedAtFloor(cluster, pdb, workload, floor.floor),
    );
}

/**
 * How many of a workload's pods at its floor the PDB selects: all when it selects the pod
 * template; for an Operated workload, whose pods an operator labels by role (primary, replica),
 * those of its running pods that the selector matches.
 */
function selectedAtFloor(
  cluster: ClusterView,
  pdb: K8sObject,
  workload: Workload,
  floor: number,
): number {
  const selector = pdb.spec?.selector;
  if (
    workload.kind !== 'Operated' ||
    matchesLabelSelector(selector, workload.templateLabels)
  )
    return floor;
  return runningPodsOf(cluster, workload).filter(pod =>
    matchesLabelSelector(selector, pod.metadata?.labels ?? {}),
  ).length;
}

function runningPodsOf(cluster: ClusterView, workload: Workload): K8sObject[] {
  return cluster
    .podsOf(workload)
    .filter(
      pod =>
        pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed',
    );
}

/**
 * How many evictions a valid PDB allows at the workload's replica floor, and whether that is every
 * replica of the workload at once (minAvailable 0 or "0%", maxUnavailable "100%" or at or above
 * the floor): such a budget protects nothing, policy/v1 semantics (rules W5). Undefined for a PDB
 * without a policy or with an invalid one.
 */
export function evictionsAtFloor(
  cluster: ClusterView,
  pdb: K8sObject,
  workload: Workload,
  floor: ReplicaFloor,
): { expected: number; allowed: number; allowsEvery: boolean } | undefined {
  if (!hasPdbPolicy(pdb) || pdbPolicyProblem(pdb)) return undefined;
  const expected = expectedAtFloor(cluster, pdb, workload, floor);
  const allowed = disruptionsAllowedAt(pdb, expected);
  if (allowed === undefined) return undefined;
  return { expected, allowed, allowsEvery: allowed >= floor.floor };
}

const selectedWorkloads = perCluster(
  () => new WeakMap<K8sObject, Workload[]>(),
);

/** The workloads of the namespace whose pod templates the PDB selects (a shared list: do not modify it). */
export function workloadsSelectedBy(
  cluster: ClusterView,
  pdb: K8sObject,
): Workload[] {
  // Asked for every workload the PDB selects: matched once per PDB.
  const memo = selectedWorkloads(cluster);
  let selected = memo.get(pdb);
  if (!selected) {
    selected = [];
    const selector = pdb.spec?.selector;
    const namespace = pdb.metadata.namespace ?? 'default';
    for (const w of workloadsInNamespace(cluster, namespace)) {
      if (
        matchesLabelSelector(selector, w.templateLabels) ||
        // An Operated workload's budgets may select some of its pods by role.
        (w.kind === 'Operated' &&
          cluster
            .podsOf(w)
            .some(pod =>
              matchesLabelSelector(selector, pod.metadata?.labels ?? {}),
            ))
      )
        selected.push(w);
    }
    memo.set(pdb, selected);
  }
  return selected;
}

// Per namespace, its PDBs indexed by selector: what cluster.pdbsMatching looks up, for label sets
// asked only once (each pod's own labels), without remembering the answer.
const pdbIndexes = perCluster(
  () => new Map<string, SelectorIndex<K8sObject>>(),
);

/** The namespace's PDBs indexed by their selector (as cluster.pdbsMatching uses them). */
export function pdbIndex(
  cluster: ClusterView,
  namespace: string,
): SelectorIndex<K8sObject> {
  const indexes = pdbIndexes(cluster);
  let index = indexes.get(namespace);
  if (!index) {
    index = new SelectorIndex(
      cluster.inNamespace(PDB_KEY, namespace),
      pdb => pdb.spec?.selector,
    );
    indexes.set(namespace, index);
  }
  return index;
}

/** "all 3 replicas can be evicted at once", "both replicas …", "its only replica can be evicted". */
export function everyReplicaEvictable(replicas: number): string {
  if (replicas === 1) return 'its only replica can be evicted';
  return `${
    replicas === 2 ? 'both' : `all ${replicas}`
  } replicas can be evicted at once`;
}
