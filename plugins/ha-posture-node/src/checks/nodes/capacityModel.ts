/**
 * The cluster's schedulable capacity: the nodes that can take pods with what is free on them, and
 * the pods a controller would create again elsewhere if their node were lost.
 */
import { K8sObject, OwnerReference } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  apiGroupOf,
  controllerOf,
  isMirrorPod,
  isTerminal,
  isVirtualNode,
} from '../../engine/clusterView';
import { LabelIndex } from '../../engine/labels';
import { isBuiltinGroup } from '../../model/resources';
import { runSteps } from '../../engine/steps';
import { HeldAntiAffinity } from './heldAntiAffinity';
import { Placement, PlacementMemo } from './placementMemo';
import { podRequests, Resources } from './podRequests';
import { parseQuantity } from './quantity';
import { SpreadRule } from './spreadRules';

/** Free capacity of a node: allocatable less what the pods bound to it request. */
export interface FreeCapacity extends Resources {
  pods: number;
}

/** A node that can take pods: Ready, not cordoned, not virtual (taints are judged per pod). */
export interface CandidateNode {
  node: K8sObject;
  name: string;
  labels: Record<string, string>;
  zone?: string;
  free: FreeCapacity;
}

/** A pod a controller creates again when it is lost, or that waits for a node. */
export interface MovablePod {
  pod: K8sObject;
  name: string;
  /** Where it runs; undefined for a Pending pod. */
  node?: string;
  requests: Resources;
  placement: Placement;
  /** The required anti-affinity terms of other pods that select it (they keep it out of their domains). */
  held: SpreadRule[];
  /** The rules that count it, where it is placed: those whose selector matches it, and the terms it holds. */
  countsIn: SpreadRule[];
}

/** Inter-pod affinity terms left out because their namespaces cannot be told. */
export interface UnjudgedRules {
  /** The pods whose terms were left out (one per controller revision for their own terms). */
  pods: string[];
  reason: string;
}

export interface Capacity {
  candidates: CandidateNode[];
  /** Recreated pods by the node they run on. */
  movableByNode: Map<string, MovablePod[]>;
  /**
   * Pods that need a node in every scenario: Pending ones, and the recreated pods of nodes that
   * are not Ready (lost already).
   */
  waiting: MovablePod[];
  unjudged?: UnjudgedRules;
}

/** The cluster's capacity, or why it cannot be judged. */
export type CapacityModel = Capacity | { problem: string };

/**
 * The controller that creates the pod again elsewhere, if any: a DaemonSet's pod belongs to its
 * node, a mirror pod to its kubelet, a bare pod is gone for good, and a custom resource's pod that
 * runs to completion (restartPolicy Never or OnFailure: Argo Workflows, Tekton) is batch work its
 * controller does not replace as such. A pod already terminating has been replaced.
 */
function recreatingController(pod: K8sObject): OwnerReference | undefined {
  const owner = controllerOf(pod);
  if (
    !owner ||
    owner.kind === 'DaemonSet' ||
    isMirrorPod(pod) ||
    pod.metadata.deletionTimestamp
  )
    return undefined;
  const restartPolicy = pod.spec?.restartPolicy;
  const batch = restartPolicy === 'Never' || restartPolicy === 'OnFailure';
  return batch && !isBuiltinGroup(apiGroupOf(owner.apiVersion))
    ? undefined
    : owner;
}

/** Allocatable resources of a node; undefined when it does not report CPU and memory. */
function allocatableOf(node: K8sObject): FreeCapacity | undefined {
  const allocatable = node.status?.allocatable ?? {};
  const cpu = parseQuantity(allocatable.cpu);
  const memory = parseQuantity(allocatable.memory);
  if (cpu === undefined || memory === undefined) return undefined;
  // Pod slots default to the kubelet's maxPods of 110 when the node does not say.
  const free: FreeCapacity = {
    cpu,
    memory,
    pods: parseQuantity(allocatable.pods) ?? 110,
  };
  for (const [name, value] of Object.entries(allocatable)) {
    if (name === 'cpu' || name === 'memory' || name === 'pods') continue;
    const amount = parseQuantity(value);
    if (amount !== undefined) (free.other ??= {})[name] = amount;
  }
  return free;
}

function reserve(free: FreeCapacity, requests: Resources): void {
  free.cpu -= requests.cpu;
  free.memory -= requests.memory;
  free.pods -= 1;
  for (const [name, amount] of Object.entries(requests.other ?? {}))
    (free.other ??= {})[name] = (free.other[name] ?? 0) - amount;
}

/** Models built, one per cluster view. */
const built = new WeakMap<ClusterView, CapacityModel>();

/** Pods read between two steps of building the model (evaluateAsync gives the event loop a turn). */
const PODS_PER_STEP = 2000;

/** The capacity model of a cluster view, built once, in steps. */
export function* capacityModelSteps(
  cluster: ClusterView,
): Generator<void, CapacityModel, void> {
  const cached = built.get(cluster);
  if (cached) return cached;
  const model = yield* buildModel(cluster);
  built.set(cluster, model);
  return model;
}

/** The capacity model of a cluster view, built once. */
export function capacityModel(cluster: ClusterView): CapacityModel {
  return runSteps(capacityModelSteps(cluster));
}

/** Reads the nodes and the pods into the model. */
function* buildModel(
  cluster: ClusterView,
): Generator<void, CapacityModel, void> {
  const candidates: CandidateNode[] = [];
  const byName = new Map<string, CandidateNode>();
  const lostAlready = new Set<string>();
  for (const node of cluster.list('nodes')) {
    if (isVirtualNode(node)) continue;
    if (!cluster.isNodeReady(node)) {
      lostAlready.add(node.metadata.name);
      continue;
    }
    if (node.spec?.unschedulable === true) continue;
    const allocatable = allocatableOf(node);
    if (!allocatable)
      return {
        problem: `node ${node.metadata.name} reports no allocatable CPU and memory (status.allocatable)`,
      };
    const candidate: CandidateNode = {
      node,
      name: node.metadata.name,
      labels: node.metadata.labels ?? {},
      zone: cluster.zoneOfNode(node.metadata.name),
      free: allocatable,
    };
    candidates.push(candidate);
    byName.set(candidate.name, candidate);
  }
  const memo = new PlacementMemo(cluster, candidates);
  const movableByNode = new Map<string, MovablePod[]>();
  const waiting: MovablePod[] = [];
  const movables: MovablePod[] = [];
  let read = 0;
  for (const pod of cluster.list('pods')) {
    if (++read % PODS_PER_STEP === 0) yield;
    // A finished pod holds nothing on its node.
    if (isTerminal(pod)) continue;
    const nodeName: unknown = pod.spec?.nodeName;
    const bound = typeof nodeName === 'string' && nodeName !== '';
    const owner = recreatingController(pod);
    if (!bound && !owner) continue;
    const requests = podRequests(pod);
    if (!requests)
      return {
        problem: `pod ${pod.metadata.namespace}/${pod.metadata.name} has a resource request that is no quantity`,
      };
    const host = bound ? byName.get(nodeName) : undefined;
    if (host) reserve(host.free, requests);
    if (!owner) continue;
    const movable: MovablePod = {
      pod,
      name: `${pod.metadata.namespace}/${pod.metadata.name}`,
      ...(bound ? { node: nodeName } : {}),
      requests,
      placement: memo.placementOf(pod, owner),
      held: [],
      countsIn: [],
    };
    movables.push(movable);
    if (!bound || lostAlready.has(nodeName)) {
      waiting.push(movable);
      continue;
    }
    const list = movableByNode.get(nodeName);
    if (list) list.push(movable);
    else movableByNode.set(nodeName, [movable]);
  }
  yield;
  // Pods placed in a simulation count for every rule that selects them, not just their own.
  const { spreadRules } = memo;
  const byLabels = new LabelIndex(movables, p => [p.pod.metadata.labels]);
  spreadRules.linkCounts(byLabels);
  new HeldAntiAffinity(cluster, spreadRules).link(byLabels, movables);
  const unjudged = unjudgedRules(spreadRules.unjudged);
  return {
    candidates,
    movableByNode,
    waiting,
    ...(unjudged ? { unjudged } : {}),
  };
}

function unjudgedRules(
  byPod: ReadonlyMap<string, string>,
): UnjudgedRules | undefined {
  if (byPod.size === 0) return undefined;
  return {
    pods: [...byPod.keys()].sort(),
    reason: byPod.values().next().value as string,
  };
}
