/**
 * Whether a node is spot (preemptible) capacity, read from the labels the provisioners put on it.
 * Spot capacity can be reclaimed by the provider at short notice, often several instances at once,
 * so replicas that all run on it can all go together.
 */
import { ClusterView } from '../../model/view';
import { perCluster } from '../util';

export type NodeCapacity =
  /** Spot or preemptible; `label` is the label that says so (`karpenter.sh/capacity-type=spot`). */
  | { kind: 'spot'; label: string }
  /** On-demand, reserved or a capacity block, or a platform that labels every spot node and did not label this one. */
  | { kind: 'regular'; label?: string }
  /** No label tells, on a platform where unlabelled nodes may be spot (self-managed node groups). */
  | { kind: 'unlabelled' }
  /** The node object is not in the snapshot. */
  | { kind: 'missing' };

/** Label key → value meaning spot, and the values meaning regular capacity (exact, case-sensitive). */
const CAPACITY_LABELS: Array<{
  key: string;
  spot: string[];
  regular: string[];
}> = [
  // Karpenter (EKS Auto Mode and AKS node auto-provisioning use it too).
  {
    key: 'karpenter.sh/capacity-type',
    spot: ['spot'],
    regular: ['on-demand', 'reserved'],
  },
  // EKS managed node groups.
  {
    key: 'eks.amazonaws.com/capacityType',
    spot: ['SPOT'],
    regular: ['ON_DEMAND', 'CAPACITY_BLOCK'],
  },
  // GKE Spot VMs and (older) preemptible VMs; standard nodes carry neither label.
  { key: 'cloud.google.com/gke-spot', spot: ['true'], regular: [] },
  { key: 'cloud.google.com/gke-preemptible', spot: ['true'], regular: [] },
  // AKS spot node pools (regular pools carry no such label).
  { key: 'kubernetes.azure.com/scalesetpriority', spot: ['spot'], regular: [] },
  // EKS Fargate runs each pod on capacity of its own, never spot.
  { key: 'eks.amazonaws.com/compute-type', spot: [], regular: ['fargate'] },
];

/** The label keys that can mark a node as spot, for messages. */
export const SPOT_LABEL_KEYS = CAPACITY_LABELS.filter(
  l => l.spot.length > 0,
).map(l => l.key);

/**
 * GKE and AKS label every spot or preemptible node themselves, so a node without the label there is
 * regular capacity. Elsewhere (self-managed node groups, other provisioners) it may be either.
 */
const PLATFORMS_LABELLING_SPOT = new Set(['gke', 'aks']);

/** How the provider reclaims spot capacity, for messages; undefined where it is not known. */
export function reclaimNotice(cluster: ClusterView): string | undefined {
  if (cluster.flavor === 'eks') return "two minutes' notice";
  if (cluster.flavor === 'gke' || cluster.flavor === 'aks')
    return "30 seconds' notice";
  return undefined;
}

const capacityByNode = perCluster(() => new Map<string, NodeCapacity>());

export function nodeCapacity(
  cluster: ClusterView,
  nodeName: string,
): NodeCapacity {
  const memo = capacityByNode(cluster);
  let capacity = memo.get(nodeName);
  if (!capacity) {
    capacity = classify(cluster, nodeName);
    memo.set(nodeName, capacity);
  }
  return capacity;
}

function classify(cluster: ClusterView, nodeName: string): NodeCapacity {
  const node = cluster.node(nodeName);
  if (!node) return { kind: 'missing' };
  const labels: unknown = node.metadata?.labels;
  if (labels && typeof labels === 'object') {
    for (const { key, spot, regular } of CAPACITY_LABELS) {
      const value = (labels as Record<string, unknown>)[key];
      if (typeof value !== 'string') continue;
      if (spot.includes(value))
        return { kind: 'spot', label: `${key}=${value}` };
      if (regular.includes(value))
        return { kind: 'regular', label: `${key}=${value}` };
    }
  }
  return PLATFORMS_LABELLING_SPOT.has(cluster.flavor)
    ? { kind: 'regular' }
    : { kind: 'unlabelled' };
}

/** Whether any node of the cluster is labelled as spot or preemptible capacity. */
export const clusterHasSpotNodes = perCluster(cluster =>
  cluster.list('nodes').some(node => {
    const name = node.metadata?.name;
    return (
      typeof name === 'string' && nodeCapacity(cluster, name).kind === 'spot'
    );
  }),
);
