import { WorkloadCheck } from '../../model/checks';
import { FLOORED_KINDS } from '../workloads';
import { actualPlacement } from './actualPlacement';
import { eligibleZones } from './nodeEligibility';

interface Params {
  maxZoneShare: number;
}

export const spreadActualZones: WorkloadCheck<Params> = {
  id: 'spread-actual-zones',
  title: 'Replicas actually run in different zones',
  category: 'spread',
  severity: 'high',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'A cluster that spans zones only survives a zone outage for workloads whose pods run in more than one zone. ' +
    'The default scheduler spreading is soft, so replicas often end up in one zone.',
  remediation:
    'Add a topologySpreadConstraint on topology.kubernetes.io/zone (maxSkew 1) that selects the pods, make sure every zone has ' +
    'schedulable capacity, then let the pods reschedule (`kubectl rollout restart`).',
  parameters: {
    maxZoneShare: {
      description:
        'Largest acceptable share of the ready replicas in one zone (0-1) while a better spread was possible.',
      default: 0.5,
      minimum: 0,
      maximum: 1,
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
    'https://kubernetes.io/docs/setup/best-practices/multiple-zones/',
  ],
  evaluate({ cluster, workload, params }) {
    const { placement, floor, outcome } = actualPlacement(cluster, workload, [
      'pods',
      'nodes',
    ]);
    if (outcome) return outcome;
    if (!cluster.hasZoneLabels) {
      return {
        status: 'unknown',
        message:
          'Nodes carry no topology.kubernetes.io/zone label: zone placement cannot be told',
      };
    }
    const clusterZones = cluster.zones;
    if (clusterZones.length < 2) {
      return {
        status: 'skipped',
        message: `The cluster's usable workers are in ${
          clusterZones.length === 1
            ? `a single zone (${clusterZones[0]})`
            : 'no zone'
        }: nothing to spread across (see the nodes category)`,
        evidence: { clusterZones },
      };
    }
    if (placement.zonedPods === 0) {
      return {
        status: 'unknown',
        message: 'The nodes running the ready pods carry no zone label',
      };
    }
    const byZone = placement.byZone;
    const [busiest, busiestCount] = byZone[0];
    const total = placement.zonedPods;
    // Zones its scheduling constraints allow: a workload pinned to one zone cannot spread however the cluster looks.
    const allowedZones = eligibleZones(cluster, workload.podSpec);
    const evidence = {
      readyPods: placement.readyPods,
      floor: floor.floor,
      zones: Object.fromEntries(byZone),
      clusterZones,
      allowedZones,
    };

    if (byZone.length === 1) {
      // Rules W4: fail when a 3-zone cluster could hold a 3-replica floor in 3 zones, warn otherwise.
      const severe = clusterZones.length >= 3 && floor.floor >= 3;
      const pinned =
        allowedZones.length < 2
          ? `; its nodeSelector, affinity or tolerations only allow ${
              allowedZones.length === 1
                ? `zone ${allowedZones[0]}`
                : 'nodes without a zone'
            }`
          : '';
      return {
        status: severe ? 'fail' : 'warn',
        message: `All ${total} ready replicas run in zone ${busiest} although the cluster spans ${
          clusterZones.length
        } zones (${clusterZones.join(
          ', ',
        )}): a zone outage takes the service down${pinned}`,
        ...(pinned
          ? {
              remediation:
                'Allow the pods onto nodes of other zones (nodeSelector, node affinity, tolerations), then add a zone topologySpreadConstraint.',
            }
          : {}),
        evidence,
      };
    }
    const bestPossible = Math.ceil(total / Math.max(1, allowedZones.length));
    if (
      busiestCount / total > params.maxZoneShare &&
      busiestCount > bestPossible
    ) {
      return {
        status: 'warn',
        message: `${busiestCount} of ${total} ready replicas run in zone ${busiest}: losing that zone takes most of the capacity`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `${total} ready replicas across ${byZone.length} zones (${byZone
        .map(([z, n]) => `${z}: ${n}`)
        .join(', ')})`,
      evidence,
    };
  },
};
