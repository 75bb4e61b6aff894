/**
 * What happens to the pods of a lost failure domain (a node, a zone): the controllers create them
 * again and the scheduler places them on the nodes left, where free allocatable capacity fits them
 * and their node selection, taints, volumes, anti-affinity and topology spread rules allow them.
 */
import { ClusterView } from '../../model/view';
import { Capacity, MovablePod } from './capacityModel';
import { Resources } from './podRequests';
import { DomainCounts, SpreadRules } from './spreadRules';

/** Why a pod found no node. */
export type NoNodeReason = 'room' | 'spread';

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

/** bestNode found no admitted node with room; -1: room, but the pod's rules allow none of those nodes. */
const NO_ROOM = -2;

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

/** bestNode for a pod with anti-affinity or topology spread rules: -1 when they allow none of the nodes with room. */
function bestNodeWithRules(
  space: FreeSpace,
  candidates: Capacity['candidates'],
  counts: DomainCounts,
  pod: MovablePod,
): number {
  const { rules } = pod.placement;
  const minimums = rules.map(rule => counts.minimum(rule));
  const adds = rules.map(rule => SpreadRules.selects(rule, pod.pod));
  let best = NO_ROOM;
  for (const i of pod.placement.admits) {
    if (space.alive[i] === 0 || !space.fits(i, pod.requests)) continue;
    if (best === NO_ROOM) best = -1;
    const labels = candidates[i].labels;
    let allowed = true;
    for (let r = 0; r < rules.length && allowed; r++)
      allowed = counts.allows(rules[r], labels, adds[r], minimums[r]);
    if (allowed && (best < 0 || space.cpu[i] > space.cpu[best])) best = i;
  }
  return best;
}

/**
 * Places the pods that need a node, largest first, each on the allowed node left with the most
 * free CPU that fits it. First-fit-decreasing is no optimal packing, but neither is the scheduler,
 * which places pods one by one as their controllers create them.
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
  const pinned: MovablePod[] = [];
  const unplaced: LossOutcome['unplaced'] = [];
  const stillWaiting: MovablePod[] = [];
  for (const pod of [...capacity.waiting, ...displaced].sort(
    byLargestRequest,
  )) {
    const { placement } = pod;
    if (!placement.selectable.some(i => space.alive[i])) {
      if (isDisplaced.has(pod)) pinned.push(pod);
      else stillWaiting.push(pod);
      continue;
    }
    const best = placement.rules.length
      ? bestNodeWithRules(space, candidates, counts, pod)
      : bestNode(space, pod);
    if (best >= 0) {
      space.take(best, pod.requests);
      for (const rule of placement.rules)
        if (SpreadRules.selects(rule, pod.pod))
          counts.add(rule, candidates[best].labels);
    } else if (!isDisplaced.has(pod)) stillWaiting.push(pod);
    else unplaced.push({ pod, reason: best === NO_ROOM ? 'room' : 'spread' });
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
