import {
  CheckOutcome,
  EntityCheck,
  EntityCheckContext,
} from '../../model/checks';
import {
  describeDownCopies,
  describePresence,
  downRemediation,
  EXCLUDE_CLUSTERS_PARAMETER,
  judgePresence,
  ClusterPresence,
  PresenceSplit,
} from './presence';

interface Params {
  excludeClusters: string[];
  singleClusterStatus: string;
}

function judge(
  ctx: EntityCheckContext<Params>,
  presence: ClusterPresence[],
  split: PresenceSplit,
): CheckOutcome {
  const evidence = {
    clusters: presence,
    excludedClusters: ctx.params.excludeClusters,
  };
  const { active, standby, down, unreadable } = split;
  // A copy that should run but has nothing available is down: it does not count as a cluster the
  // service runs in, nor as a warm standby (a copy deliberately at 0 replicas, rules section 8).
  const downNote = describeDownCopies(down);
  if (active.length >= 2) {
    return {
      status: 'pass',
      message: `Runs in ${active.length} clusters: ${active
        .map(describePresence)
        .join(', ')}.${downNote}`,
      evidence,
    };
  }
  const only = describePresence(active[0]);
  if (unreadable.length > 0) {
    return {
      status: 'unknown',
      message: `Runs in ${only}; availability in ${unreadable
        .map(p => p.cluster)
        .join(', ')} cannot be read.`,
      evidence,
    };
  }
  if (standby.length > 0) {
    return {
      status: 'warn',
      message:
        `Runs in ${only} only, with a warm standby in ${standby
          .map(describePresence)
          .join(', ')}: failing over ` +
        `needs a scale-up before the second cluster serves.${downNote}`,
      remediation:
        'Keep at least one available replica in the standby cluster, or automate and rehearse the scale-up.',
      evidence,
    };
  }
  return {
    status: ctx.params.singleClusterStatus === 'warn' ? 'warn' : 'fail',
    message: `Runs in a single cluster, ${only}: losing that cluster takes the service down.${downNote}`,
    ...(down.length > 0 ? { remediation: downRemediation(down) } : {}),
    evidence: {
      ...evidence,
      ...(down.length > 0 ? { down: down.map(p => p.cluster) } : {}),
    },
  };
}

export const drMultiCluster: EntityCheck<Params> = {
  id: 'dr-multi-cluster',
  title: 'The service runs in more than one cluster',
  category: 'dr',
  severity: 'medium',
  scope: 'entity',
  rationale:
    'A cluster is itself a failure domain: a bad upgrade, an expired certificate, a broken CNI or a deleted ' +
    'namespace takes every replica in it down at once. Only a second cluster with live replicas survives that.',
  remediation:
    'Deploy the service to a second cluster (ideally in another region) with available replicas, and route traffic ' +
    'to both (global load balancer, DNS failover, or a multi-cluster service mesh).',
  parameters: {
    excludeClusters: EXCLUDE_CLUSTERS_PARAMETER,
    singleClusterStatus: {
      description:
        'Status when the service runs in one cluster only: `fail` (default) or `warn`.',
      default: 'fail',
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/service/#multi-cluster-services',
    'https://backstage.io/docs/features/kubernetes/configuration/',
  ],
  evaluate(ctx) {
    // One physical cluster configured under two names is one failure domain.
    return judgePresence(ctx, judge);
  },
};
