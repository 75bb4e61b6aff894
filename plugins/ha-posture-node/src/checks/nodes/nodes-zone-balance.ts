import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { plural } from '../util';
import {
  formatCounts,
  nodesNotEvaluable,
  virtualKind,
  virtualOnlyWorkers,
  workersPerZone,
} from './nodeFacts';

interface Params {
  maxZoneShare: number;
}

export const nodesZoneBalance: ClusterCheck<Params> = {
  id: 'nodes-zone-balance',
  title: 'Usable workers are balanced over zones',
  category: 'nodes',
  severity: 'low',
  scope: 'cluster',
  rationale:
    'When one zone holds most of the workers, losing it removes most of the capacity, and zone spread ' +
    'constraints (maxSkew 1) cannot place replicas evenly, so pods stay Pending or pile into one zone.',
  remediation:
    'Size the node pools of each zone alike (or let the cluster autoscaler balance similar node groups).',
  parameters: {
    maxZoneShare: {
      description:
        'Largest share (0-1) of usable workers one zone may hold, judged with 3 or more zones.',
      default: 0.5,
      minimum: 0,
      maximum: 1,
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
    'https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md#im-running-cluster-with-nodes-in-multiple-zones-for-ha-purposes-is-that-supported-by-cluster-autoscaler',
  ],
  evaluate({ cluster, params }): CheckOutcome {
    const missing = nodesNotEvaluable(cluster);
    if (missing) return missing;
    const perZone = workersPerZone(cluster);
    const zones = Object.keys(perZone);
    const virtualWorkers = zones.length === 0 && virtualOnlyWorkers(cluster);
    if (virtualWorkers) {
      const kind = virtualKind(virtualWorkers);
      return {
        status: 'skipped',
        message: `No shared worker nodes: every worker is a ${kind} node, and the provider supplies capacity per pod, so there are no node pools to balance (see nodes-zones for the zones)`,
        evidence: {
          workersPerZone: perZone,
          virtual: virtualWorkers.map(n => n.metadata.name),
          virtualKind: kind,
        },
      };
    }
    if (zones.length < 3) {
      return {
        status: 'skipped',
        message: `Balance is judged with 3 or more zones; ${
          zones.length === 0
            ? 'no usable worker is in a known zone'
            : `usable workers are in ${plural(zones.length, 'zone')}`
        } (see nodes-zones)`,
        evidence: { workersPerZone: perZone },
      };
    }
    const total = Object.values(perZone).reduce((sum, n) => sum + n, 0);
    const [largest, count] = Object.entries(perZone).sort(
      ([, a], [, b]) => b - a,
    )[0];
    const share = count / total;
    const evidence = {
      workersPerZone: perZone,
      largestZone: largest,
      largestShare: Math.round(share * 100) / 100,
    };
    if (share > params.maxZoneShare) {
      return {
        status: 'warn',
        message:
          `Zone ${largest} holds ${count} of ${total} usable workers (${Math.round(
            share * 100,
          )}%; ${formatCounts(perZone)}): ` +
          'losing it removes most of the capacity',
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `Usable workers are balanced over ${
        zones.length
      } zones (${formatCounts(perZone)})`,
      evidence,
    };
  },
};
