import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, ReplicaFloor, Workload } from '../../model/view';
import { describeObject, notEvaluable, plural, worstStatus } from '../util';
import { FLOORED_KINDS, countOf, describeFloorSource } from '../workloads';
import {
  PDB_KEY,
  describePdbPolicy,
  disruptionsAllowedAt,
  everyReplicaEvictable,
  expectedAtFloor,
  pdbPolicyProblem,
} from './pdbPolicy';
import { trustedFloorOf } from '../replicas/replicaFloors';

/** Where the PDB allows no eviction: with a single replica, at the HPA floor, or with the expected pods. */
function describeNoEviction(
  name: string,
  floor: ReplicaFloor,
  expected: number,
): string {
  if (floor.floor === 1) {
    return `The workload runs a single replica and ${name} allows no eviction`;
  }
  if (floor.source === 'hpa') {
    return `At the HPA floor of ${plural(
      floor.floor,
      'replica',
    )} (${describeFloorSource(floor)}) ${name} allows no eviction`;
  }
  return `With ${plural(expected, 'pod')} ${name} allows no eviction`;
}

/** The custom resource of an Operated workload when it also owns the PDB (`Cluster shop/pg`). */
function operatorOwning(
  pdb: K8sObject,
  workload: Workload,
): string | undefined {
  const operator = workload.operatedBy;
  if (!operator) return undefined;
  const refs = pdb.metadata?.ownerReferences;
  const owned =
    Array.isArray(refs) &&
    refs.some(
      (ref: any) => ref?.kind === operator.kind && ref?.name === operator.name,
    );
  return owned ? describeObject(workload) : undefined;
}

function judge(
  cluster: ClusterView,
  pdb: K8sObject,
  workload: Workload,
  floor: ReplicaFloor,
): CheckOutcome {
  const name = `PodDisruptionBudget ${pdb.metadata.name} (${describePdbPolicy(
    pdb,
  )})`;
  const owner = operatorOwning(pdb, workload);
  if (owner)
    return {
      status: 'skipped',
      message: `${name} is managed by ${owner}, the operator of these pods: it handles their evictions itself (a database operator moves its primary away from a node being drained)`,
      evidence: { pdb: pdb.metadata.name, managedBy: owner },
    };
  const problem = pdbPolicyProblem(pdb);
  if (problem) {
    return {
      status: 'unknown',
      message: `PodDisruptionBudget ${pdb.metadata.name}: ${problem}, so the evictions it allows cannot be told`,
      remediation:
        'Fix the PodDisruptionBudget: set only one of minAvailable and maxUnavailable, as an integer from 0 or a percentage such as "50%".',
      evidence: { pdb: pdb.metadata.name, invalid: problem },
    };
  }
  const expected = expectedAtFloor(cluster, pdb, workload, floor);
  const allowed = disruptionsAllowedAt(pdb, expected);
  const status = pdb.status ?? {};
  const evidence = {
    pdb: pdb.metadata.name,
    policy: describePdbPolicy(pdb),
    floor: floor.floor,
    floorSource: floor.source,
    expectedAtFloor: expected,
    allowedAtFloor: allowed,
    ...(typeof status.disruptionsAllowed === 'number' ? { status } : {}),
  };
  if (allowed === 0) {
    const where = describeNoEviction(name, floor, expected);
    return {
      status: 'fail',
      message: `${where}: every node drain and upgrade blocks until someone deletes a pod by hand`,
      remediation:
        floor.floor === 1
          ? 'Run at least 2 replicas (then keep minAvailable 1), or use `maxUnavailable: 1` and accept the brief outage a drain causes.'
          : 'Use `maxUnavailable: 1` (or a minAvailable below the replica floor).',
      evidence,
    };
  }
  // Live status: 0 allowed with every expected pod healthy is a misconfiguration; below that it is transient.
  const expectedPods = countOf(status.expectedPods) ?? 0;
  const healthy = countOf(status.currentHealthy) ?? 0;
  if (status.disruptionsAllowed === 0 && expectedPods > 0) {
    if (healthy >= expectedPods) {
      return {
        status: 'fail',
        message: `${name} allows no eviction although all ${plural(
          expectedPods,
          'pod',
        )} are healthy: every drain blocks`,
        evidence,
      };
    }
    return {
      status: 'warn',
      message: `${name} currently allows no eviction: ${healthy} of ${expectedPods} pods healthy (${
        status.desiredHealthy ?? '?'
      } needed); drains wait until the unhealthy pods recover`,
      evidence,
    };
  }
  if (allowed === undefined) {
    // Unreachable once pdbPolicyProblem passes; never a pass on a policy that cannot be read.
    return {
      status: 'unknown',
      message: `${name}: the evictions it allows cannot be told`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `${name} allows ${plural(
      allowed,
      'eviction',
    )} at a time with ${plural(expected, 'pod')}${
      allowed >= floor.floor
        ? `, so it never blocks a drain, but ${everyReplicaEvictable(
            floor.floor,
          )} (see pdb-coverage)`
        : ''
    }`,
    evidence,
  };
}

export const pdbBlocksDrain: WorkloadCheck = {
  id: 'pdb-blocks-drain',
  title: 'PodDisruptionBudget lets nodes drain',
  category: 'disruption',
  severity: 'high',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'A PodDisruptionBudget that allows zero evictions (maxUnavailable 0, minAvailable 100% or minAvailable at or above the replica floor, ' +
    'HPA floor included) makes every drain hang: node upgrades, autoscaler scale-downs and maintenance stall, and teams end up force-deleting pods.',
  remediation:
    'Use `maxUnavailable: 1`, or keep minAvailable below the replica floor (the HPA minReplicas when an HPA scales the workload).',
  references: [
    'https://kubernetes.io/docs/tasks/run-application/configure-pdb/#think-about-how-your-application-reacts-to-disruptions',
    'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets',
  ],
  evaluate({ cluster, workload }) {
    const missing = notEvaluable(cluster, PDB_KEY);
    if (missing) return missing;
    const pdbs = cluster.pdbsOf(workload);
    if (pdbs.length === 0)
      return {
        status: 'skipped',
        message: 'No PodDisruptionBudget selects its pods (see pdb-coverage)',
      };
    const { floor, outcome } = trustedFloorOf(cluster, workload);
    if (outcome) return outcome;

    const verdicts = pdbs.map(pdb => judge(cluster, pdb, workload, floor));
    const worst = worstStatus(verdicts.map(v => v.status));
    const worstVerdicts = verdicts.filter(v => v.status === worst);
    return worstVerdicts.length === 1
      ? worstVerdicts[0]
      : {
          ...worstVerdicts[0],
          message: worstVerdicts.map(v => v.message).join('; '),
          evidence: { pdbs: worstVerdicts.map(v => v.evidence) },
        };
  },
};
