import { WorkloadCheck } from '../../model/checks';
import { describeLabels } from '../wording';
import { notEvaluable, plural } from '../util';
import { FLOORED_KINDS, describeFloorSource } from '../workloads';
import {
  PDB_KEY,
  describePdbPolicy,
  everyReplicaEvictable,
  evictionsAtFloor,
  hasPdbPolicy,
  pdbPolicyProblem,
} from './pdbPolicy';
import { trustedFloorOf } from '../replicas/replicaFloors';

export const pdbCoverage: WorkloadCheck = {
  id: 'pdb-coverage',
  title: 'A PodDisruptionBudget protects the replicas',
  category: 'disruption',
  severity: 'high',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'Node drains, upgrades and the cluster autoscaler evict pods through the eviction API, which only holds back when a PodDisruptionBudget ' +
    'says so. Without one, draining nodes in parallel can evict every replica at once.',
  remediation:
    'Add a PodDisruptionBudget in the same namespace whose selector matches the pod template labels, with `maxUnavailable: 1`.',
  references: [
    'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets',
    'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
  ],
  evaluate({ cluster, workload }) {
    const missing = notEvaluable(cluster, PDB_KEY);
    if (missing) return missing;
    const { floor, outcome } = trustedFloorOf(cluster, workload);
    if (outcome) return outcome;
    if (floor.floor < 2) {
      return {
        status: 'skipped',
        message: `Replica floor is ${floor.floor} (${describeFloorSource(
          floor,
          workload,
        )}): a budget cannot keep a single replica up (see replicas-min-floor)`,
      };
    }
    const pdbs = cluster.pdbsOf(workload);
    const evidence = {
      floor: floor.floor,
      pdbs: pdbs.map(p => ({
        name: p.metadata.name,
        policy: describePdbPolicy(p),
      })),
    };
    if (pdbs.length === 0) {
      return {
        status: 'warn',
        message: `No PodDisruptionBudget in ${
          workload.namespace
        } selects its pods (${describeLabels(
          workload.templateLabels,
        )}): a drain or node upgrade may evict all ${
          floor.floor
        } replicas at once`,
        evidence,
      };
    }
    const invalid = pdbs.filter(p => pdbPolicyProblem(p));
    const valid = pdbs.filter(p => hasPdbPolicy(p) && !pdbPolicyProblem(p));
    // A valid policy that lets every replica go at once (minAvailable 0, maxUnavailable "100%" or at
    // or above the floor) protects as little as no policy: policy/v1 semantics, rules W5.
    const allowingEvery = valid.filter(
      p => evictionsAtFloor(cluster, p, workload, floor)?.allowsEvery ?? false,
    );
    const effective = valid.filter(p => !allowingEvery.includes(p));
    if (effective.length === 0 && invalid.length > 0) {
      return {
        status: 'unknown',
        message: `Cannot tell whether ${invalid
          .map(p => `PodDisruptionBudget ${p.metadata.name}`)
          .join(', ')} protects the replicas: ${invalid
          .map(p => `${p.metadata.name} ${pdbPolicyProblem(p)}`)
          .join('; ')}`,
        remediation:
          'Fix the PodDisruptionBudget: set only one of minAvailable and maxUnavailable, as an integer from 0 or a percentage such as "50%".',
        evidence: {
          ...evidence,
          invalid: invalid.map(p => ({
            name: p.metadata.name,
            problem: pdbPolicyProblem(p),
          })),
        },
      };
    }
    if (effective.length === 0) {
      const noPolicy = pdbs.filter(p => !hasPdbPolicy(p));
      const reasons = [
        ...(noPolicy.length > 0
          ? [
              `PodDisruptionBudget ${noPolicy
                .map(p => p.metadata.name)
                .join(
                  ', ',
                )} sets neither minAvailable nor maxUnavailable: it allows every eviction`,
            ]
          : []),
        ...allowingEvery.map(p => {
          const at = evictionsAtFloor(cluster, p, workload, floor);
          return `PodDisruptionBudget ${p.metadata.name} (${describePdbPolicy(
            p,
          )}) allows ${plural(
            at?.allowed ?? 0,
            'eviction',
          )} at a time with ${plural(
            at?.expected ?? floor.floor,
            'pod',
          )}: ${everyReplicaEvictable(floor.floor)}`;
        }),
      ];
      return {
        status: 'warn',
        message: reasons.join('; '),
        remediation: 'Set `maxUnavailable: 1` on the PodDisruptionBudget.',
        evidence: {
          ...evidence,
          ...(allowingEvery.length > 0
            ? { allowingEvery: allowingEvery.map(p => p.metadata.name) }
            : {}),
        },
      };
    }
    return {
      status: 'pass',
      message: `Covered by PodDisruptionBudget ${effective
        .map(p => `${p.metadata.name} (${describePdbPolicy(p)})`)
        .join(', ')}`,
      evidence,
    };
  },
};
