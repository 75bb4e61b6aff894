/**
 * What happens to the pods of a lost failure domain (a node, a zone): the controllers create them
 * again and the scheduler places them on the nodes left, where free allocatable capacity fits them
 * and their node selection, taints, volumes, pod affinity, anti-affinity (theirs and that of the
 * pods already there) and topology spread rules allow them.
 */
import { ClusterView } from '../../model/view';
import { Capacity, MovablePod } from './capacityModel';
import { Resources } from './podRequests';
import { DomainCounts, SpreadRule, SpreadRules } from './spreadRules';

/**
 * Why a pod found no node: room; its own anti-affinity or topology spread rules ('spread'); or,
 * on some node with room, only its pod affinity or the anti-affinity of pods already there.
 */
export type NoNodeReason = 'room' | 'spread' | 'affinity';

export interface LossOutcome {
  /** The recreated pods that ran on the lost nodes. */
  displaced: MovablePod[];
  /** Displaced pods whose node selection or volumes allow no node left: capacity does not help them (taints do not pin). */
  pinned: MovablePod[];
  /** Displaced pods that find no node, and why. */
  unplaced: Array<{ pod: MovablePod; reason: NoNodeReason }>;
  /** Pods that waited for a node already (Pending, or on NotReady nodes) and still find none. */
  stillWaiting: MovablePod[];
  /** Free capacity on the nodes left before they take any pod. */
  freeElsewhere: Resources;
}

const byLargestRequest = (a: MovablePod, b: MovablePod) =>
  b.requests.cpu - a.requests.cpu || b.requests.memory - a.requests.memory;

/** Free resources of the nodes left, changed as pods are placed. */
class FreeSpace {
  readonly cpu: Float64Array;
  readonly memory: Float64Array;
  readonly slots: Float64Array;
  readonly alive: Uint8Array;
  /** Other resources of the nodes a placement changed them on (the rest read the capacity's). */
  private readonly otherTaken = new Map<number, Record<string, number>>();

  constructor(private readonly capacity: Capacity, lost: ReadonlySet<string>) {
    const count = capacity.candidates.length;
    this.cpu = new Float64Array(count);
    this.memory = new Float64Array(count);
    this.slots = new Float64Array(count);
    this.alive = new Uint8Array(count);
    capacity.candidates.forEach((c, i) => {
      if (lost.has(c.name)) return;
      this.alive[i] = 1;
      this.cpu[i] = c.free.cpu;
      this.memory[i] = c.free.memory;
      this.slots[i] = c.free.pods;
    });
  }

  private otherOf(i: number): Record<string, number> | undefined {
    return this.otherTaken.get(i) ?? this.capacity.candidates[i].free.other;
  }

  fits(i: number, requests: Resources): boolean {
    if (
      this.cpu[i] < requests.cpu ||
      this.memory[i] < requests.memory ||
      this.slots[i] < 1
    )
      return false;
    if (!requests.other) return true;
    const free = this.otherOf(i);
    for (const name in requests.other)
      if ((free?.[name] ?? 0) < requests.other[name]) return false;
    return true;
  }

  take(i: number, requests: Resources): void {
    this.cpu[i] -= requests.cpu;
    this.memory[i] -= requests.memory;
    this.slots[i] -= 1;
    if (!requests.other) return;
    const free = { ...this.otherOf(i) };
    for (const [name, amount] of Object.entries(requests.other))
      free[name] = (free[name] ?? 0) - amount;
    this.otherTaken.set(i, free);
  }

  total(): Resources {
    const total: Resources = { cpu: 0, memory: 0 };
    for (let i = 0; i < this.alive.length; i++) {
      if (!this.alive[i]) continue;
      total.cpu += Math.max(0, this.cpu[i]);
      total.memory += Math.max(0, this.memory[i]);
    }
    return total;
  }
}

/** bestNode found no admitted node with room. */
const NO_ROOM = -2;
/**
 * Retry rounds at most: one round mostly places every pod the first pass let in; a long chain of
 * pods each waiting for the one placed before would make the simulation quadratic (the pods left
 * over are reported without a node, never placed unchecked).
 */
const MAX_RETRIES = 8;
/** The pod's node selection or volumes allow no node left. */
const PINNED = -4;
/** Room, but the pod's own anti-affinity or spread rules allow none of those nodes. */
const BY_SPREAD = -1;
/** Room, and on some of those nodes only pod affinity or the anti-affinity of pods there keeps it out. */
const BY_AFFINITY = -3;

const reasonOf = (best: number): NoNodeReason => {
  if (best === NO_ROOM) return 'room';
  return best === BY_SPREAD ? 'spread' : 'affinity';
};

/**
 * The admitted node left with the most free CPU that fits the pod (a plain loop: this runs for
 * every pod of every simulated loss over every node), or NO_ROOM.
 */
function bestNode(space: FreeSpace, pod: MovablePod): number {
  const { cpu, memory, slots, alive } = space;
  const { requests } = pod;
  let best = NO_ROOM;
  let bestCpu = -Infinity;
  for (const i of pod.placement.admits) {
    if (
      alive[i] === 0 ||
      cpu[i] < requests.cpu ||
      memory[i] < requests.memory ||
      slots[i] < 1
    )
      continue;
    if (cpu[i] > bestCpu && (!requests.other || space.fits(i, requests))) {
      best = i;
      bestCpu = cpu[i];
    }
  }
  return best;
}

const hasRules = ({ placement, held }: MovablePod) =>
  placement.rules.length > 0 ||
  placement.affinity.length > 0 ||
  held.length > 0;

/** Whether a node has the topology key of every affinity rule (the first pod of a group needs no more). */
const hasTopologyKeys = (
  affinity: SpreadRule[],
  labels: Record<string, string>,
) => affinity.every(rule => labels[rule.topologyKey] !== undefined);

/**
 * bestNode for a pod with scheduling rules about other pods: BY_SPREAD or BY_AFFINITY when they
 * allow none of the nodes with room. Its own anti-affinity and spread rules are asked first, so
 * the reason names the inter-pod rules only when they alone keep it from a node.
 */
function bestNodeWithRules(
  space: FreeSpace,
  candidates: Capacity['candidates'],
  counts: DomainCounts,
  pod: MovablePod,
): number {
  const { rules, affinity } = pod.placement;
  const { held } = pod;
  const minimums = rules.map(rule => counts.minimum(rule));
  const adds = rules.map(rule => SpreadRules.selects(rule, pod.pod));
  const firstOfGroup =
    affinity.length > 0 && counts.isFirstOfGroup(affinity, pod.pod);
  let best = NO_ROOM;
  for (const i of pod.placement.admits) {
    if (space.alive[i] === 0 || !space.fits(i, pod.requests)) continue;
    if (best === NO_ROOM) best = BY_SPREAD;
    const labels = candidates[i].labels;
    let allowed = true;
    for (let r = 0; r < rules.length && allowed; r++)
      allowed = counts.allows(rules[r], labels, adds[r], minimums[r]);
    if (!allowed) continue;
    for (let r = 0; r < held.length && allowed; r++)
      allowed = counts.allows(held[r], labels, false, 0);
    if (allowed && affinity.length > 0)
      allowed = firstOfGroup
        ? hasTopologyKeys(affinity, labels)
        : affinity.every(rule => counts.allows(rule, labels, false, 0));
    if (!allowed) {
      if (best === BY_SPREAD) best = BY_AFFINITY;
      continue;
    }
    if (best < 0 || space.cpu[i] > space.cpu[best]) best = i;
  }
  return best;
}

/**
 * Places the pods that need a node, largest first, each on the allowed node left with the most
 * free CPU that fits it. First-fit-decreasing is no optimal packing, but neither is the scheduler,
 * which places pods one by one as their controllers create them. A pod that only rules about other
 * pods keep out is tried again once the others are placed, as the scheduler retries it when pods
 * change.
 */
export function simulateLoss(
  cluster: ClusterView,
  capacity: Capacity,
  lost: ReadonlySet<string>,
): LossOutcome {
  const { candidates } = capacity;
  const space = new FreeSpace(capacity, lost);
  const freeElsewhere = space.total();
  const counts = new DomainCounts(cluster, lost);
  const displaced: MovablePod[] = [];
  for (const name of lost)
    displaced.push(...(capacity.movableByNode.get(name) ?? []));
  const isDisplaced = new Set(displaced);
  /** The pods that find no node, with why (PINNED, or bestNode's answer). */
  const stuck: Array<{ pod: MovablePod; best: number }> = [];

  /** Places the pod on its best node, or says why it found none. */
  const place = (pod: MovablePod): number => {
    const best = hasRules(pod)
      ? bestNodeWithRules(space, candidates, counts, pod)
      : bestNode(space, pod);
    if (best >= 0) {
      space.take(best, pod.requests);
      for (const rule of pod.countsIn)
        counts.add(rule, candidates[best].labels);
    }
    return best;
  };

  const order = [...capacity.waiting, ...displaced].sort(byLargestRequest);
  let refusedByRules: Array<{ pod: MovablePod; best: number }> = [];
  for (const pod of order) {
    if (!pod.placement.selectable.some(i => space.alive[i])) {
      stuck.push({ pod, best: PINNED });
      continue;
    }
    const best = place(pod);
    if (best === NO_ROOM) stuck.push({ pod, best });
    else if (best < 0) refusedByRules.push({ pod, best });
  }
  const retried = refusedByRules.length > 0;
  for (let pass = 0; refusedByRules.length > 0; pass++) {
    if (pass === MAX_RETRIES) {
      stuck.push(...refusedByRules);
      break;
    }
    const still: typeof refusedByRules = [];
    for (const { pod } of refusedByRules) {
      const best = place(pod);
      if (best === NO_ROOM) stuck.push({ pod, best });
      else if (best < 0) still.push({ pod, best });
    }
    if (still.length === refusedByRules.length) {
      stuck.push(...still);
      break;
    }
    refusedByRules = still;
  }
  if (retried) {
    // In the order they were tried first, as without retries.
    const position = new Map(order.map((pod, i) => [pod, i]));
    stuck.sort((a, b) => position.get(a.pod)! - position.get(b.pod)!);
  }

  const pinned: MovablePod[] = [];
  const unplaced: LossOutcome['unplaced'] = [];
  const stillWaiting: MovablePod[] = [];
  for (const { pod, best } of stuck) {
    if (!isDisplaced.has(pod)) stillWaiting.push(pod);
    else if (best === PINNED) pinned.push(pod);
    else unplaced.push({ pod, reason: reasonOf(best) });
  }
  return { displaced, pinned, unplaced, stillWaiting, freeElsewhere };
}

/** The summed CPU and memory requests of some pods. */
export function totalRequests(pods: MovablePod[]): Resources {
  const total: Resources = { cpu: 0, memory: 0 };
  for (const pod of pods) {
    total.cpu += pod.requests.cpu;
    total.memory += pod.requests.memory;
  }
  return total;
}
