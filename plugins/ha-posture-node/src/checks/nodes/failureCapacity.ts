/**
 * Whether the pods of a lost failure domain (a node, a zone) find room on the nodes that are left:
 * free allocatable capacity after what the pods already there request, filled the way the
 * scheduler's filters allow (taints, node selection, volume node affinity), largest pods first.
 */
import { K8sObject, OwnerReference } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  controllerOf,
  isMirrorPod,
  isVirtualNode,
} from '../../engine/clusterView';
import {
  nodeMatchesSelectorTerms,
  nodeSelectionAdmits,
  untoleratedTaints,
} from '../scheduling';
import { perCluster } from '../util';
import { podRequests, Resources } from './podRequests';
import { parseQuantity } from './quantity';

/** A node that can take pods: Ready, not cordoned, not virtual (taints are judged per pod). */
interface CandidateNode {
  node: K8sObject;
  name: string;
  zone?: string;
  /** Allocatable less what the pods bound to it request. */
  free: Resources & { pods: number };
}

/** Indexes into the candidates of the nodes a pod may go to. */
interface Placement {
  /** Its node selection (nodeSelector, required node affinity) and its volumes' node affinity allow them. */
  selectable: number[];
  /** Of those, the nodes whose taints it tolerates. */
  admits: number[];
}

/** A pod the cluster recreates elsewhere when its node is lost. */
export interface MovablePod {
  pod: K8sObject;
  name: string;
  node: string;
  requests: Resources;
  placement: Placement;
}

/** The cluster's capacity, or why it cannot be judged. */
export type CapacityModel =
  | {
      candidates: CandidateNode[];
      /** Recreated pods by node name (controller-owned, not DaemonSet or mirror pods). */
      movableByNode: Map<string, MovablePod[]>;
    }
  | { problem: string };

/** A pod that is not finished: it holds its requests on its node. */
function holdsResources(pod: K8sObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * The controller that creates the pod again elsewhere, if any: a DaemonSet's pod belongs to its
 * node, a mirror pod to its kubelet, and a bare pod is gone for good.
 */
function recreatingController(pod: K8sObject): OwnerReference | undefined {
  const owner = controllerOf(pod);
  return owner && owner.kind !== 'DaemonSet' && !isMirrorPod(pod)
    ? owner
    : undefined;
}

/** The node affinity terms of the PVs the pod's claims are bound to (local, zonal volumes). */
function volumeNodeTerms(cluster: ClusterView, pod: K8sObject): any[] {
  const terms: any[] = [];
  const namespace = pod.metadata.namespace ?? 'default';
  for (const volume of Array.isArray(pod.spec?.volumes)
    ? pod.spec.volumes
    : []) {
    const claimName = volume?.persistentVolumeClaim?.claimName;
    if (typeof claimName !== 'string') continue;
    const volumeName = cluster.get(
      'persistentvolumeclaims',
      namespace,
      claimName,
    )?.spec?.volumeName;
    if (typeof volumeName !== 'string') continue;
    const required = cluster.get('persistentvolumes', undefined, volumeName)
      ?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
    if (Array.isArray(required) && required.length > 0) terms.push(required);
  }
  return terms;
}

/**
 * Memos of placements: a cluster has thousands of controllers but a handful of distinct scheduling
 * constraints, and its zonal volumes share a few distinct node affinities.
 */
class PlacementMemo {
  private readonly constraintsByController = new Map<string, string>();
  private readonly byConstraints = new Map<string, Placement>();
  private readonly volumeAdmits = new Map<string, Uint8Array>();

  constructor(
    private readonly cluster: ClusterView,
    private readonly candidates: CandidateNode[],
  ) {}

  /**
   * The candidates the pod's node selection and volumes admit (`selectable`), and those of them
   * whose taints it also tolerates (`admits`).
   */
  placementOf(pod: K8sObject, owner: OwnerReference): Placement {
    const base = this.templatePlacement(pod, owner);
    const terms = volumeNodeTerms(this.cluster, pod);
    if (terms.length === 0) return base;
    const admitted = terms.map(t => this.nodesAdmittedBy(t));
    const allow = (i: number) => admitted.every(a => a[i] === 1);
    return {
      selectable: base.selectable.filter(allow),
      admits: base.admits.filter(allow),
    };
  }

  /**
   * The controller recreates the pod from its template, which all its pods share: their node
   * selection and tolerations are the same (only their volumes differ, a StatefulSet's claims).
   */
  private templatePlacement(pod: K8sObject, owner: OwnerReference): Placement {
    const spec = pod.spec ?? {};
    const ownerKey =
      owner.uid ?? `${pod.metadata.namespace}/${owner.kind}/${owner.name}`;
    let key = this.constraintsByController.get(ownerKey);
    if (key === undefined) {
      key = JSON.stringify([
        spec.nodeSelector,
        spec.affinity?.nodeAffinity
          ?.requiredDuringSchedulingIgnoredDuringExecution,
        spec.tolerations,
      ]);
      this.constraintsByController.set(ownerKey, key);
    }
    let placement = this.byConstraints.get(key);
    if (!placement) {
      placement = { selectable: [], admits: [] };
      this.candidates.forEach(({ node }, i) => {
        if (!nodeSelectionAdmits(spec, node)) return;
        placement!.selectable.push(i);
        if (untoleratedTaints(spec, node).length === 0)
          placement!.admits.push(i);
      });
      this.byConstraints.set(key, placement);
    }
    return placement;
  }

  /** 1 for each candidate a volume's node affinity admits. */
  private nodesAdmittedBy(terms: any[]): Uint8Array {
    const key = JSON.stringify(terms);
    let admitted = this.volumeAdmits.get(key);
    if (!admitted) {
      admitted = new Uint8Array(this.candidates.length);
      this.candidates.forEach(({ node }, i) => {
        if (nodeMatchesSelectorTerms(terms, node)) admitted![i] = 1;
      });
      this.volumeAdmits.set(key, admitted);
    }
    return admitted;
  }
}

/** Allocatable CPU, memory and pod slots of a node; undefined when it does not report them. */
function allocatableOf(
  node: K8sObject,
): (Resources & { pods: number }) | undefined {
  const allocatable = node.status?.allocatable;
  const cpu = parseQuantity(allocatable?.cpu);
  const memory = parseQuantity(allocatable?.memory);
  if (cpu === undefined || memory === undefined) return undefined;
  // Pod slots default to the kubelet's maxPods of 110 when the node does not say.
  const pods = parseQuantity(allocatable?.pods) ?? 110;
  return { cpu, memory, pods };
}

/** Builds the capacity model once per cluster view. */
export const capacityModel = perCluster(
  (cluster: ClusterView): CapacityModel => {
    const candidates: CandidateNode[] = [];
    const byName = new Map<string, CandidateNode>();
    for (const node of cluster.list('nodes')) {
      if (
        !cluster.isNodeReady(node) ||
        node.spec?.unschedulable === true ||
        isVirtualNode(node)
      )
        continue;
      const allocatable = allocatableOf(node);
      if (!allocatable)
        return {
          problem: `node ${node.metadata.name} reports no allocatable CPU and memory (status.allocatable)`,
        };
      const candidate = {
        node,
        name: node.metadata.name,
        zone: cluster.zoneOfNode(node.metadata.name),
        free: allocatable,
      };
      candidates.push(candidate);
      byName.set(candidate.name, candidate);
    }
    const memo = new PlacementMemo(cluster, candidates);
    const movableByNode = new Map<string, MovablePod[]>();
    for (const pod of cluster.list('pods')) {
      const nodeName = pod.spec?.nodeName;
      if (typeof nodeName !== 'string' || !holdsResources(pod)) continue;
      const requests = podRequests(pod);
      if (!requests)
        return {
          problem: `pod ${pod.metadata.namespace}/${pod.metadata.name} has a resource request that is no quantity`,
        };
      const host = byName.get(nodeName);
      if (host) {
        host.free.cpu -= requests.cpu;
        host.free.memory -= requests.memory;
        host.free.pods -= 1;
      }
      const owner = recreatingController(pod);
      if (!owner) continue;
      const movable: MovablePod = {
        pod,
        name: `${pod.metadata.namespace}/${pod.metadata.name}`,
        node: nodeName,
        requests,
        placement: memo.placementOf(pod, owner),
      };
      const list = movableByNode.get(nodeName);
      if (list) list.push(movable);
      else movableByNode.set(nodeName, [movable]);
    }
    return { candidates, movableByNode };
  },
);

/** What happens to the pods of a lost set of nodes. */
export interface LossOutcome {
  /** The recreated pods that ran there. */
  displaced: MovablePod[];
  /** Pods whose node selection or volumes allow no node left: capacity does not help them (taints do not pin). */
  pinned: MovablePod[];
  /** Pods that are admitted somewhere but find no room. */
  unplaced: MovablePod[];
  /** Free capacity left on the surviving candidates before they take any displaced pod. */
  freeElsewhere: Resources;
}

const byLargestRequest = (a: MovablePod, b: MovablePod) =>
  b.requests.cpu - a.requests.cpu || b.requests.memory - a.requests.memory;

/**
 * Places the displaced pods of the lost nodes, largest first, each on the admitting surviving node
 * with the most free CPU that fits it. First-fit-decreasing is no optimal packing, but neither is
 * the scheduler, which places pods one by one as their controllers recreate them.
 */
export function simulateLoss(
  model: Extract<CapacityModel, { candidates: CandidateNode[] }>,
  lost: ReadonlySet<string>,
): LossOutcome {
  const { candidates } = model;
  const cpu = new Float64Array(candidates.length);
  const memory = new Float64Array(candidates.length);
  const slots = new Float64Array(candidates.length);
  const alive = new Uint8Array(candidates.length);
  const freeElsewhere: Resources = { cpu: 0, memory: 0 };
  candidates.forEach((c, i) => {
    if (lost.has(c.name)) return;
    alive[i] = 1;
    cpu[i] = c.free.cpu;
    memory[i] = c.free.memory;
    slots[i] = c.free.pods;
    freeElsewhere.cpu += Math.max(0, c.free.cpu);
    freeElsewhere.memory += Math.max(0, c.free.memory);
  });
  const displaced: MovablePod[] = [];
  for (const name of lost)
    displaced.push(...(model.movableByNode.get(name) ?? []));
  const pinned: MovablePod[] = [];
  const unplaced: MovablePod[] = [];
  for (const pod of [...displaced].sort(byLargestRequest)) {
    if (!pod.placement.selectable.some(i => alive[i])) {
      pinned.push(pod);
      continue;
    }
    let best = -1;
    for (const i of pod.placement.admits) {
      if (!alive[i]) continue;
      if (
        cpu[i] >= pod.requests.cpu &&
        memory[i] >= pod.requests.memory &&
        slots[i] >= 1
      ) {
        if (best < 0 || cpu[i] > cpu[best]) best = i;
      }
    }
    if (best < 0) unplaced.push(pod);
    else {
      cpu[best] -= pod.requests.cpu;
      memory[best] -= pod.requests.memory;
      slots[best] -= 1;
    }
  }
  return { displaced, pinned, unplaced, freeElsewhere };
}

/** The summed requests of some pods. */
export function totalRequests(pods: MovablePod[]): Resources {
  const total: Resources = { cpu: 0, memory: 0 };
  for (const pod of pods) {
    total.cpu += pod.requests.cpu;
    total.memory += pod.requests.memory;
  }
  return total;
}
