import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { ClusterView, Workload } from '../../model/view';
import { intOrPercent, plural } from '../util';
import {
  countOf,
  describeFloorSource,
  rollingUpdateBudget,
  rolloutStrategyProblem,
  scaledToZero,
} from '../workloads';
import { trustedFloorOf } from '../replicas/replicaFloors';
import { workloadClaims } from '../storage/volumes';

/** The outcome for a strategy the API would reject: unknown, naming the field and value. */
function invalidStrategy(workload: Workload): CheckOutcome | undefined {
  const problem = rolloutStrategyProblem(workload);
  if (!problem) return undefined;
  return {
    status: 'unknown',
    message: `Cannot judge the rollout strategy: ${problem}`,
    remediation:
      'Fix the strategy: a type the API accepts (exact case), maxUnavailable as an integer from 0 or a percentage from 0% to 100%, maxSurge as an integer or a percentage.',
    evidence: { invalid: problem },
  };
}

/** Claims a single node (ReadWriteOnce) or a single pod (ReadWriteOncePod) may mount. */
const SINGLE_WRITER_MODES = ['ReadWriteOnce', 'ReadWriteOncePod'];

/**
 * A single replica under Recreate. RollingUpdate with the default maxSurge would start the new pod
 * before stopping the old one; Recreate stops it first, which a single-writer volume requires: a
 * surge pod on another node cannot attach it (Multi-Attach), and on the same node two processes
 * would share its data. The single replica itself is replicas-min-floor's concern.
 */
function recreateSingle(
  cluster: ClusterView,
  workload: Workload,
  evidence: Record<string, unknown>,
): CheckOutcome {
  const singleWriter = workloadClaims(cluster, workload)
    .filter(
      c =>
        Array.isArray(c.spec?.accessModes) &&
        c.spec.accessModes.some((m: unknown) =>
          SINGLE_WRITER_MODES.includes(String(m)),
        ),
    )
    .map(c => c.name);
  if (singleWriter.length > 0)
    return {
      status: 'pass',
      message: `Recreate with a single replica that mounts single-writer ${
        singleWriter.length === 1 ? 'claim' : 'claims'
      } ${singleWriter.join(
        ', ',
      )}: each rollout stops the pod before the new one starts, as the volume requires (a surge pod could not attach it on another node, or would share its data on the same one); the single replica is the larger risk (see replicas-min-floor)`,
      evidence: { ...evidence, singleWriterClaims: singleWriter },
    };
  return {
    status: 'pass',
    message:
      'Recreate with a single replica: each rollout stops it before the new pod starts, a short outage that RollingUpdate ' +
      '(maxSurge 1, maxUnavailable 0) avoids unless two copies must never run at once (a controller without leader ' +
      'election); the single replica is the larger risk (see replicas-min-floor)',
    evidence,
  };
}

function judgeReplicated(
  cluster: ClusterView,
  workload: Workload,
): CheckOutcome {
  const { floor, outcome } = trustedFloorOf(cluster, workload);
  if (outcome) return outcome;
  const invalid = invalidStrategy(workload);
  if (invalid) return invalid;
  const replicas = floor.floor;
  const strategy = workload.object.spec?.strategy ?? {};
  const evidence = { replicas, replicasSource: floor.source };

  if (workload.kind === 'Deployment' && strategy.type === 'Recreate') {
    return replicas >= 2
      ? {
          status: 'warn',
          message: `Uses the Recreate strategy with ${plural(
            replicas,
            'replica',
          )}: every rollout stops all of them before starting the new version`,
          remediation:
            'Use strategy RollingUpdate with maxUnavailable 1 (Recreate is only needed for volumes that a single pod may mount).',
          evidence: { ...evidence, strategy: 'Recreate' },
        }
      : recreateSingle(cluster, workload, evidence);
  }
  const budget = rollingUpdateBudget(workload, replicas);
  if (!budget) {
    return {
      status: 'pass',
      message:
        workload.kind === 'Rollout'
          ? 'Blue-green rollout: the old version serves until the switch'
          : 'Rolling strategy',
      evidence,
    };
  }
  const budgetEvidence = {
    ...evidence,
    maxUnavailable: budget.maxUnavailable,
    maxSurge: budget.maxSurge,
    declared: budget.declared,
  };
  const declared = budget.declared.maxUnavailable ?? '25% (default)';
  if (budget.maxUnavailable >= replicas) {
    return {
      status: 'fail',
      message: `maxUnavailable ${declared} lets a rollout take down all ${plural(
        replicas,
        'replica',
      )} (${describeFloorSource(floor, workload)}) at once`,
      // The general advice (maxUnavailable 1) is this very failure for a single replica.
      remediation:
        replicas === 1
          ? 'With a single replica use maxUnavailable 0 and maxSurge 1: the new pod starts before the old one stops.'
          : `Set maxUnavailable below ${replicas} (1 is usual, or 25% of large workloads) with a maxSurge of at least 1.`,
      evidence: budgetEvidence,
    };
  }
  return {
    status: 'pass',
    message: `Rolling update keeps at least ${
      replicas - budget.maxUnavailable
    } of ${plural(
      replicas,
      'replica',
    )} available (maxUnavailable ${declared}, maxSurge ${
      budget.declared.maxSurge ?? '25% (default)'
    })`,
    evidence: budgetEvidence,
  };
}

/**
 * StatefulSets and DaemonSets: `updateStrategy` OnDelete or a maxUnavailable covering every pod.
 * The controllers scale a percentage differently: the DaemonSet controller rounds it up
 * (pkg/controller/daemon/util UnavailableCount scales with roundUp true), the StatefulSet controller
 * rounds it down to at least 1 (pkg/controller/statefulset getStatefulSetMaxUnavailable).
 */
function judgeUpdateStrategy(
  workload: Workload,
  total: number | undefined,
  noun: string,
  roundUp: boolean,
): CheckOutcome {
  const invalid = invalidStrategy(workload);
  if (invalid) return invalid;
  const strategy = workload.object.spec?.updateStrategy ?? {};
  if (strategy.type === 'OnDelete') {
    return {
      status: 'warn',
      message: `Uses updateStrategy OnDelete: new versions only reach pods someone deletes by hand, so ${noun}s drift between versions`,
      remediation:
        'Use updateStrategy RollingUpdate (with a partition for staged rollouts).',
      evidence: { updateStrategy: 'OnDelete' },
    };
  }
  // Both default to one pod at a time.
  const declared = strategy.rollingUpdate?.maxUnavailable;
  const scaled =
    declared !== undefined && total !== undefined
      ? intOrPercent(declared, total, roundUp)
      : undefined;
  const takesAll =
    declared !== undefined &&
    (total === undefined
      ? typeof declared === 'string' &&
        (intOrPercent(declared, 100, false) ?? 0) >= 100 // "100%" of any count
      : total >= 2 && (scaled ?? 0) >= total);
  const rounding =
    typeof declared === 'string' && total !== undefined
      ? ` (${declared} of ${total} rounds ${
          roundUp ? 'up' : 'down'
        } to ${scaled})`
      : '';
  if (takesAll) {
    return {
      status: 'fail',
      message: `rollingUpdate.maxUnavailable ${declared} lets an update take down ${
        total === undefined ? 'every' : `all ${total}`
      } ${noun}s at once${rounding}`,
      evidence: {
        maxUnavailable: declared,
        ...(total !== undefined ? { total, scaledMaxUnavailable: scaled } : {}),
      },
    };
  }
  // maxUnavailable 0 needs a maxSurge (DaemonSets): the new pod starts before the old one stops.
  if (declared === 0 || (total !== undefined && scaled === 0 && roundUp))
    return {
      status: 'pass',
      message: `Rolling updates start each new pod before stopping the old one (maxUnavailable ${declared}, maxSurge ${
        strategy.rollingUpdate?.maxSurge ?? 0
      })`,
      evidence: { total },
    };
  // The StatefulSet controller takes down at least one pod whatever the percentage rounds to.
  const atATime = scaled === undefined ? undefined : Math.max(1, scaled);
  return {
    status: 'pass',
    message: `Rolling updates replace ${podsAtATime(
      declared,
      atATime,
    )} at a time`,
    evidence: { total },
  };
}

/** `one pod`, `up to 2 pods`, `up to 25% of the pods (2)`: what a rolling update takes down at once. */
function podsAtATime(declared: unknown, scaled: number | undefined): string {
  if (declared === undefined || declared === 1) return 'one pod';
  if (typeof declared === 'number') return `up to ${declared} pods`;
  return scaled === undefined
    ? `up to ${declared} of the pods`
    : `up to ${declared} of the pods (${plural(scaled, 'pod')})`;
}

export const rolloutStrategy: WorkloadCheck = {
  id: 'rollout-strategy',
  title: 'Rollouts keep replicas serving',
  category: 'health',
  severity: 'medium',
  scope: 'workload',
  appliesTo: ['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout'],
  rationale:
    'Every deploy is a planned disruption. Recreate, or a maxUnavailable as large as the replica count, takes every replica down during ' +
    'a rollout; OnDelete leaves pods on old versions until someone deletes them.',
  remediation:
    'Use RollingUpdate with maxUnavailable of at most 1 (or 25% of large workloads) and a maxSurge of at least 1.',
  references: [
    'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy',
    'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies',
    'https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/',
  ],
  evaluate({ cluster, workload }) {
    if (workload.kind === 'StatefulSet') {
      if (workload.specReplicas === 0) return scaledToZero(workload, cluster);
      return judgeUpdateStrategy(
        workload,
        workload.specReplicas,
        'replica',
        false,
      );
    }
    if (workload.kind === 'DaemonSet') {
      return judgeUpdateStrategy(
        workload,
        countOf(workload.object.status?.desiredNumberScheduled),
        'node agent',
        true,
      );
    }
    return judgeReplicated(cluster, workload);
  },
};
