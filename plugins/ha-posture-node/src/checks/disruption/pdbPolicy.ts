/** PodDisruptionBudget policy arithmetic, as the disruption controller does it (rules W5). */
import { matchesLabelSelector } from '../../engine/labels';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { intOrPercent } from '../util';
import { workloadsInNamespace } from '../workloads';

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
 * How many of `expected` healthy pods the PDB lets the eviction API take down. Percentages round
 * up for both fields; undefined when the value is malformed.
 */
export function disruptionsAllowedAt(
  pdb: K8sObject,
  expected: number,
): number | undefined {
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

/** The workloads of the namespace whose pod templates the PDB selects. */
export function workloadsSelectedBy(
  cluster: ClusterView,
  pdb: K8sObject,
): Workload[] {
  const namespace = pdb.metadata.namespace ?? 'default';
  return workloadsInNamespace(cluster, namespace).filter(w =>
    matchesLabelSelector(pdb.spec?.selector, w.templateLabels),
  );
}
