import {
  CheckOutcome,
  EntityCheck,
  EntityCheckContext,
} from '../../model/checks';
import { distinct } from '../util';
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
}

function judge(
  ctx: EntityCheckContext<Params>,
  presence: ClusterPresence[],
  split: PresenceSplit,
): CheckOutcome {
  const { active, standby, down } = split;
  const activeRegions = distinct(active.map(p => p.region));
  const evidence = {
    clusters: presence,
    activeRegions,
    excludedClusters: ctx.params.excludeClusters,
  };
  if (activeRegions.length >= 2) {
    return {
      status: 'pass',
      message: `Available in ${activeRegions.length} regions: ${active
        .map(describePresence)
        .join(', ')}.`,
      evidence,
    };
  }
  const noRegion = active.filter(p => !p.region);
  if (noRegion.length > 0) {
    return {
      status: 'unknown',
      message:
        `The region of cluster ${noRegion
          .map(p => p.cluster)
          .join(', ')} is unknown (no region or zone labels on its ` +
        "nodes): configure the cluster's region to judge multi-region DR.",
      evidence,
    };
  }
  const region = activeRegions[0];
  // Only a copy deliberately at 0 replicas is a warm standby; one that should run but has
  // nothing available is down (rules section 8).
  const standbyElsewhere = standby.filter(p => p.region && p.region !== region);
  const downElsewhere = down.filter(p => p.region !== region);
  const downNote = describeDownCopies(downElsewhere);
  if (active.length >= 2) {
    return {
      status: 'warn',
      message: `Multi-cluster only: all ${
        active.length
      } clusters with available replicas are in ${region} (${active
        .map(p => p.cluster)
        .join(', ')}).`,
      evidence,
    };
  }
  if (standbyElsewhere.length > 0) {
    return {
      status: 'warn',
      message:
        `Available only in ${describePresence(
          active[0],
        )}, with a warm standby in ${standbyElsewhere
          .map(describePresence)
          .join(', ')}: ` +
        `a regional failover needs a scale-up first.${downNote}`,
      evidence,
    };
  }
  return {
    status: 'fail',
    message: `Available in one region only (${region}, cluster ${active[0].cluster}): a regional outage takes the service down.${downNote}`,
    ...(downElsewhere.length > 0
      ? { remediation: downRemediation(downElsewhere) }
      : {}),
    evidence: {
      ...evidence,
      ...(downElsewhere.length > 0
        ? { down: downElsewhere.map(p => p.cluster) }
        : {}),
    },
  };
}

export const drMultiRegion: EntityCheck<Params> = {
  id: 'dr-multi-region',
  title: 'The service runs in more than one region',
  category: 'dr',
  severity: 'low',
  scope: 'entity',
  rationale:
    "Clusters in one region share its fate: a regional outage of the cloud provider (or of the region's network, " +
    'identity or storage services) takes them all. Surviving it needs available replicas in a second region.',
  remediation:
    'Run the service in a cluster in another region with available replicas; replicate its data across regions and ' +
    'rehearse the failover.',
  parameters: { excludeClusters: EXCLUDE_CLUSTERS_PARAMETER },
  references: [
    'https://kubernetes.io/docs/reference/labels-annotations-taints/#topologykubernetesioregion',
    'https://kubernetes.io/docs/setup/best-practices/multiple-zones/',
  ],
  evaluate(ctx) {
    // One physical cluster configured under two names is one failure domain.
    return judgePresence(ctx, judge);
  },
};
