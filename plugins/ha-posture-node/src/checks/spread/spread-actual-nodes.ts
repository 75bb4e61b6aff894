import { WorkloadCheck } from '../../model/checks';
import { nodeZone, plural } from '../util';
import { FLOORED_KINDS } from '../workloads';
import { actualPlacement } from './actualPlacement';
import { eligibleNodes } from './nodeEligibility';

interface Params {
  maxNodeShare: number;
}

export const spreadActualNodes: WorkloadCheck<Params> = {
  id: 'spread-actual-nodes',
  title: 'Replicas actually run on different nodes',
  category: 'spread',
  severity: 'high',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'What counts is where the pods landed, not what the manifest asks for: soft rules, tight capacity or a past node failure can leave ' +
    "every replica on one node, and that node's failure or drain is then an outage.",
  remediation:
    'Add a topologySpreadConstraint on kubernetes.io/hostname (or pod anti-affinity) that selects the pods, then let the pods reschedule ' +
    '(`kubectl rollout restart`); make sure enough schedulable nodes exist.',
  parameters: {
    maxNodeShare: {
      description:
        'Largest acceptable share of the ready replicas on one node (0-1) while a better spread was possible.',
      default: 0.5,
      minimum: 0,
      maximum: 1,
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
  ],
  evaluate({ cluster, workload, params }) {
    const { placement, floor, outcome } = actualPlacement(cluster, workload, [
      'pods',
    ]);
    if (outcome) return outcome;

    const total = placement.readyPods;
    const byNode = placement.byNode;
    const [busiest, busiestCount] = byNode[0];
    const zone = nodeZone(cluster, busiest);
    const where = `node ${busiest}${zone ? ` in ${zone}` : ''}`;
    // Nodes its scheduling constraints allow (selectors, affinity, tolerations), not every worker.
    const eligible =
      cluster.fetchState('nodes').status === 'ok'
        ? eligibleNodes(cluster, workload.podSpec).length
        : undefined;
    const evidence = {
      readyPods: total,
      floor: floor.floor,
      nodes: Object.fromEntries(byNode),
      ...(eligible !== undefined ? { eligibleNodes: eligible } : {}),
    };

    if (byNode.length === 1) {
      const capacityNote =
        eligible !== undefined && eligible < 2
          ? ` (only ${plural(eligible, 'node')} can run its pods)`
          : '';
      return {
        status: 'fail',
        message: `All ${total} ready replicas run on ${where}: its failure or drain is an outage${capacityNote}`,
        evidence,
      };
    }
    // The busiest node holds no more than an even split over the eligible nodes allows: nothing better was possible.
    const bestPossible =
      eligible !== undefined && eligible > 0 ? Math.ceil(total / eligible) : 1;
    if (
      busiestCount / total > params.maxNodeShare &&
      busiestCount > bestPossible
    ) {
      return {
        status: 'warn',
        message: `${busiestCount} of ${total} ready replicas sit on ${where}: losing it takes most of the capacity`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `${total} ready replicas on ${byNode.length} nodes (at most ${busiestCount} per node)`,
      evidence,
    };
  },
};
