import { WorkloadCheck } from '../../model/checks';
import { FLOORED_KINDS } from '../workloads';
import { describeNames } from '../wording';
import { actualPlacement } from './actualPlacement';
import {
  SPOT_LABEL_KEYS,
  clusterHasSpotNodes,
  nodeCapacity,
  reclaimNotice,
} from './nodeCapacity';

interface Params {
  minOnDemandReplicas: number;
}

export const spreadActualCapacity: WorkloadCheck<Params> = {
  id: 'spread-actual-capacity',
  title: 'Replicas do not all run on spot capacity',
  category: 'spread',
  severity: 'medium',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'Spot and preemptible nodes are reclaimed by the provider when it needs the capacity back, at short notice and often several at ' +
    'once (one instance type in one zone): replicas spread over nodes and zones but all on spot capacity can still go together.',
  remediation:
    "Keep part of the replicas on on-demand capacity. Where every node carries a capacity label (Karpenter's karpenter.sh/capacity-type, " +
    "EKS managed node groups' eks.amazonaws.com/capacityType), add a topologySpreadConstraint on that key and let the NodePool or node " +
    'groups offer both capacity types; where only spot nodes are labelled (GKE, AKS), run an on-demand and a spot Deployment behind ' +
    'the same Service, or keep the workload off spot nodes with a nodeAffinity. Keep a PodDisruptionBudget, and a ' +
    'terminationGracePeriodSeconds within the reclaim notice.',
  parameters: {
    minOnDemandReplicas: {
      description:
        'Ready replicas that must run on nodes that are not spot or preemptible.',
      default: 1,
      minimum: 1,
    },
  },
  references: [
    'https://karpenter.sh/docs/concepts/scheduling/#topology-spread',
    'https://cloud.google.com/kubernetes-engine/docs/concepts/spot-vms',
    'https://learn.microsoft.com/azure/aks/spot-node-pool',
  ],
  evaluate({ cluster, workload, params }) {
    const { placement, outcome } = actualPlacement(cluster, workload, [
      'pods',
      'nodes',
    ]);
    if (outcome) return outcome;
    if (!clusterHasSpotNodes(cluster)) {
      return {
        status: 'skipped',
        message: `No node is labelled as spot or preemptible capacity (${SPOT_LABEL_KEYS.join(
          ', ',
        )})`,
      };
    }

    const total = placement.readyPods;
    let onDemand = 0;
    const spotNodes: string[] = [];
    const spotLabels = new Set<string>();
    const unlabelledNodes: string[] = [];
    let spot = 0;
    let unlabelled = 0;
    for (const [node, count] of placement.byNode) {
      const capacity = nodeCapacity(cluster, node);
      if (capacity.kind === 'regular') onDemand += count;
      else if (capacity.kind === 'spot') {
        spot += count;
        spotNodes.push(node);
        spotLabels.add(capacity.label);
      } else {
        unlabelled += count;
        unlabelledNodes.push(
          capacity.kind === 'missing'
            ? `${node} (not among the nodes read)`
            : node,
        );
      }
    }
    const evidence = {
      readyPods: total,
      onDemandReplicas: onDemand,
      spotReplicas: spot,
      ...(unlabelled ? { unlabelledReplicas: unlabelled } : {}),
      spotNodes,
      ...(unlabelledNodes.length ? { unlabelledNodes } : {}),
      spotLabels: [...spotLabels],
    };
    const required = params.minOnDemandReplicas;

    if (onDemand >= required || (spot === 0 && unlabelled === 0)) {
      return {
        status: 'pass',
        message:
          spot === 0
            ? `None of the ${total} ready replicas runs on spot capacity`
            : `${onDemand} of ${total} ready replicas run on on-demand capacity (${spot} on spot)`,
        evidence,
      };
    }
    const unlabelledWhere = `${unlabelled} on ${
      unlabelledNodes.length === 1 ? 'node' : 'nodes'
    } ${describeNames(unlabelledNodes)} whose capacity type no label tells`;
    if (spot === 0 || onDemand + unlabelled >= required) {
      return {
        status: 'unknown',
        message: `${spot} of ${total} ready replicas run on spot capacity and ${unlabelledWhere}: whether a spot reclaim can take ${
          onDemand === 0 ? 'them all' : `all but ${onDemand}`
        } is not known`,
        evidence,
      };
    }
    const notice = reclaimNotice(cluster);
    const reclaim = `the provider reclaims spot capacity${
      notice ? ` with ${notice}` : ''
    }, often several nodes at once`;
    const onSpot = `spot capacity (${describeNames([...spotLabels])})`;
    return {
      status: 'warn',
      message:
        onDemand === 0 && unlabelled === 0
          ? `All ${total} ready replicas run on ${onSpot}: ${reclaim}`
          : `${onDemand} of ${total} ready replicas run on on-demand capacity, fewer than the ${required} required, and ${spot} on ${onSpot}${
              unlabelled ? `; ${unlabelledWhere}` : ''
            }: ${reclaim}`,
      evidence,
    };
  },
};
