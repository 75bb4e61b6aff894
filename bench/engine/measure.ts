/**
 * Measures one fleet size in a process of its own (run by run.ts, which passes `--expose-gc`):
 * generates the fleet, serializes it as list pages the way an API server sends them, then in each
 * round times JSON.parse of those pages (the baseline) and the engine on the parsed objects
 * (snapshotFromObjects + evaluate with every built-in check and the catalog entities).
 * Prints one JSON line (a SizeResult) to stdout; progress goes to stderr.
 *
 *   node --expose-gc --import tsx bench/engine/measure.ts --pods 10000 --clusters 2 --entities 300 [--warmup 3] --runs 5 [--by-check]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BUILTIN_CHECKS,
  buildClusterView,
  ClusterSnapshot,
  evaluate,
  evaluateAsync,
  HaCheck,
  snapshotFromObjects,
} from '@ha-posture/plugin-ha-posture-node';
import { cpuMs, median } from '../common';
import { Fleet, generateFleet } from './fleet';

/** Items per list page: what the collector asks for (`limit`), and a common client default. */
const PAGE_SIZE = 500;

export interface Timing {
  runs: number[];
  median: number;
}

export interface CheckTiming {
  id: string;
  scope: HaCheck['scope'];
  calls: number;
  ms: number;
}

export interface SizeResult {
  pods: number;
  clusters: number;
  entities: number;
  nodes: number;
  objects: number;
  workloads: number;
  results: number;
  jsonBytes: number;
  pages: number;
  generateMs: number;
  serializeMs: number;
  /** Wall-clock times. */
  parseMs: Timing;
  snapshotMs: Timing;
  evaluateMs: Timing;
  /** snapshotFromObjects + evaluate: the engine's cost. */
  engineMs: Timing;
  /** CPU time (user + system, all threads) of the same steps: less disturbed by other processes than wall time. */
  parseCpuMs: Timing;
  engineCpuMs: Timing;
  /**
   * CPU time of the one report over the whole fleet (`overall`, sorted: what the CLI prints),
   * which evaluate builds on first read; not part of engineCpuMs (the backend never reads it).
   */
  overallCpuMs: Timing;
  /**
   * The part of engineCpuMs spent on the main thread (Linux, from /proc; 10 ms ticks). The rest
   * is V8's background threads: optimizing compilation and parallel GC.
   */
  engineMainThreadCpuMs?: Timing;
  /** Full rounds run before the measured ones (not in the medians). */
  warmups?: number;
  /** The first round in the process (nothing compiled yet): what a one-shot CLI run pays. */
  cold?: { parseCpuMs: number; engineCpuMs: number; ratio: number };
  /**
   * The backend's refresh: the same engine, fresh objects of a second parse, but
   * `workloads: 'entities'` (only the catalog entities' workloads are evaluated; the backend keeps
   * nothing else). Information beside the target, which applies to the whole fleet.
   */
  backend?: {
    workloads: number;
    engineCpuMs: Timing;
    engineMainThreadCpuMs?: Timing;
    /** engineCpuMs.median / parseCpuMs.median (the same rounds' baseline). */
    ratio: number;
    /**
     * Longest event-loop stall (ms, Node's event-loop delay monitor) during one more evaluation
     * each way: `evaluate` (one synchronous run) and `evaluateAsync` (slices of 20 ms), what
     * the backend uses.
     */
    stallMs?: { evaluate: number; evaluateAsync: number };
  };
  /** engineCpuMs.median / parseCpuMs.median: the figure the target applies to. */
  ratio: number;
  /** engineMs.median / parseMs.median. */
  wallRatio: number;
  memory: {
    /** Heap the engine's output keeps alive (snapshots and reports), after a full GC. */
    retainedMB: number;
    /** Heap in use after a GC with the parsed objects loaded, before the engine runs. */
    parsedHeapMB: number;
    peakRssMB: number;
  };
  /** 1-minute load average when the size started and ended (other processes share the machine). */
  load: { start: number; end: number };
  /** With --by-check: one extra, instrumented round. */
  breakdown?: {
    snapshotMs: number;
    viewMs: number;
    checks: CheckTiming[];
    /** Evaluate minus views and checks: results, exemptions, entity matching, reports. */
    orchestrationMs: number;
  };
}

function option(name: string, fallback?: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (value === undefined || !Number.isFinite(value))
    throw new Error(`--${name} <number> is required`);
  return value;
}

const gc = (globalThis as { gc?: () => void }).gc;
function collectGarbage(): void {
  if (!gc)
    throw new Error('run with node --expose-gc (bench/engine/run.ts does)');
  gc();
  gc();
}

const heapMB = () => process.memoryUsage().heapUsed / 1024 / 1024;
const timing = (runs: number[]): Timing => ({
  runs: runs.map(r => Math.round(r * 10) / 10),
  median: Math.round(median(runs) * 10) / 10,
});
const log = (message: string) => process.stderr.write(`${message}\n`);

interface Page {
  cluster: number;
  json: string;
}

/** Every list of every cluster as `<Kind>List` pages of PAGE_SIZE items, like paginated API responses. */
function serialize(fleet: Fleet): Page[] {
  const pages: Page[] = [];
  fleet.clusters.forEach((cluster, index) => {
    for (const list of cluster.lists) {
      for (let start = 0; start < list.items.length; start += PAGE_SIZE) {
        const more = start + PAGE_SIZE < list.items.length;
        pages.push({
          cluster: index,
          json: JSON.stringify({
            apiVersion: list.apiVersion,
            items: list.items.slice(start, start + PAGE_SIZE),
            kind: `${list.kind}List`,
            metadata: {
              resourceVersion: '48213377',
              ...(more
                ? {
                    continue: Buffer.from(
                      JSON.stringify({
                        v: 'meta.k8s.io/v1',
                        rv: 48213377,
                        start: list.items[start + PAGE_SIZE - 1].metadata.name,
                      }),
                    ).toString('base64'),
                    remainingItemCount: list.items.length - start - PAGE_SIZE,
                  }
                : {}),
            },
          }),
        });
      }
    }
  });
  return pages;
}

function parse(pages: Page[], clusters: number): unknown[][] {
  const parsed: unknown[][] = Array.from({ length: clusters }, () => []);
  for (const page of pages) parsed[page.cluster].push(JSON.parse(page.json));
  return parsed;
}

interface FleetInfo {
  names: string[];
  regions: string[];
  capturedAt: string;
}

function snapshotsOf(parsed: unknown[][], info: FleetInfo): ClusterSnapshot[] {
  return parsed.map(
    (objects, i) =>
      snapshotFromObjects(objects, {
        cluster: { name: info.names[i], region: info.regions[i] },
        // As the collector does: the API server's clock, not one inferred from the objects.
        mode: 'live',
        now: info.capturedAt,
        fetchedAt: info.capturedAt,
        version: { gitVersion: 'v1.30.4', platform: 'linux/amd64' },
      }).snapshot,
  );
}

/** CPU time of the main thread so far (user + system), where /proc tells it. */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name; utime and stime are the 12th and 13th, in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** USER_HZ: 100 on every Linux that Node supports. */
const CLOCK_TICKS = 100;

interface Round {
  parseMs: number;
  parseCpuMs: number;
  snapshotMs: number;
  evaluateMs: number;
  engineMs: number;
  engineCpuMs: number;
  engineMainCpuMs?: number;
  overallCpuMs: number;
  backendCpuMs: number;
  backendMainCpuMs?: number;
  backendWorkloads: number;
  workloads: number;
  results: number;
  retainedMB: number;
  parsedHeapMB: number;
}

/** CPU time (all threads, and the main thread where /proc tells it) of one step. */
function cpuOf<T>(step: () => T): {
  value: T;
  cpuMs: number;
  mainCpuMs?: number;
} {
  const mainBefore = mainThreadCpuMs();
  const cpu = cpuMs();
  const value = step();
  const cpuSpent = cpuMs() - cpu;
  const mainAfter = mainThreadCpuMs();
  return {
    value,
    cpuMs: cpuSpent,
    ...(mainBefore !== undefined && mainAfter !== undefined
      ? { mainCpuMs: mainAfter - mainBefore }
      : {}),
  };
}

/** One round: a full GC, JSON.parse of every page, a full GC, then the engine on the parsed objects. */
function measureFleetRound(
  pages: Page[],
  clusters: number,
  info: FleetInfo,
  entities: Fleet['entities'],
  today: Date,
): Omit<Round, 'backendCpuMs' | 'backendMainCpuMs' | 'backendWorkloads'> {
  collectGarbage();
  let cpu = cpuMs();
  let started = performance.now();
  const parsed = parse(pages, clusters);
  const parseMs = performance.now() - started;
  const parseCpuMs = cpuMs() - cpu;

  collectGarbage();
  const parsedHeapMB = heapMB();
  const mainBefore = mainThreadCpuMs();
  cpu = cpuMs();
  started = performance.now();
  const snapshots = snapshotsOf(parsed, info);
  const snapshotDone = performance.now();
  const result = evaluate(snapshots, { entities, today });
  const done = performance.now();
  const engineCpuMs = cpuMs() - cpu;
  const mainAfter = mainThreadCpuMs();
  cpu = cpuMs();
  const results = result.overall.results.length;
  const overallCpuMs = cpuMs() - cpu;
  const workloads = result.workloads.length;
  collectGarbage();
  return {
    parseMs,
    parseCpuMs,
    snapshotMs: snapshotDone - started,
    evaluateMs: done - snapshotDone,
    engineMs: done - started,
    engineCpuMs,
    ...(mainBefore !== undefined && mainAfter !== undefined
      ? { engineMainCpuMs: mainAfter - mainBefore }
      : {}),
    overallCpuMs,
    workloads,
    results,
    retainedMB: heapMB() - parsedHeapMB,
    parsedHeapMB,
  };
}

/** The backend's evaluation (entities' workloads only) on freshly parsed objects. */
function measureBackendRound(
  pages: Page[],
  clusters: number,
  info: FleetInfo,
  entities: Fleet['entities'],
  today: Date,
): Pick<Round, 'backendCpuMs' | 'backendMainCpuMs' | 'backendWorkloads'> {
  collectGarbage();
  const parsed = parse(pages, clusters);
  collectGarbage();
  const backend = cpuOf(() =>
    evaluate(snapshotsOf(parsed, info), {
      entities,
      today,
      workloads: 'entities',
    }),
  );
  return {
    backendCpuMs: backend.cpuMs,
    ...(backend.mainCpuMs !== undefined
      ? { backendMainCpuMs: backend.mainCpuMs }
      : {}),
    backendWorkloads: backend.value.workloads.length,
  };
}

/** Longest event-loop stall (ms) while `run` works, by Node's event-loop delay monitor. */
async function longestStall(run: () => unknown): Promise<number> {
  const monitor = monitorEventLoopDelay({ resolution: 1 });
  monitor.enable();
  // The monitor measures between two of its timer's ticks: let it tick before the work starts.
  await sleep(10);
  await run();
  // The monitor's timer sees a stall when it next fires.
  await sleep(5);
  monitor.disable();
  return Math.round(monitor.max / 1e5) / 10;
}

/** Checks that add their own run time into `timings` (for --by-check). */
function timedChecks(timings: Map<string, CheckTiming>): HaCheck[] {
  return BUILTIN_CHECKS.map(check => {
    const entry: CheckTiming = {
      id: check.id,
      scope: check.scope,
      calls: 0,
      ms: 0,
    };
    timings.set(check.id, entry);
    const run = check.evaluate as (
      ctx: unknown,
    ) => ReturnType<HaCheck['evaluate']>;
    const timed = {
      ...check,
      evaluate(ctx: unknown) {
        const started = performance.now();
        try {
          return run(ctx);
        } finally {
          entry.ms += performance.now() - started;
          entry.calls++;
        }
      },
    } as HaCheck;
    // A check in steps: the time spent in its steps, not the event loop's turns between them.
    if (timed.scope === 'cluster' && timed.evaluateSteps) {
      const steps = timed.evaluateSteps.bind(check);
      timed.evaluateSteps = function* timedSteps(ctx) {
        const generator = steps(ctx);
        entry.calls++;
        for (;;) {
          const started = performance.now();
          const step = generator.next();
          entry.ms += performance.now() - started;
          if (step.done) return step.value;
          yield;
        }
      };
    }
    return timed;
  });
}

async function main(): Promise<void> {
  const pods = option('pods');
  const clusters = option('clusters');
  const entityCount = option('entities');
  const runs = option('runs', 5);
  const warmups = option('warmup', 3);
  const byCheck = process.argv.includes('--by-check');
  const loadStart = os.loadavg()[0];

  let started = performance.now();
  let fleet: Fleet | undefined = generateFleet({
    pods,
    clusters,
    entities: entityCount,
  });
  const generateMs = performance.now() - started;
  const info: FleetInfo = {
    names: fleet.clusters.map(c => c.name),
    regions: fleet.clusters.map(c => c.region),
    capturedAt: fleet.capturedAt,
  };
  const entities = fleet.entities;
  const counts = {
    pods: fleet.clusters.reduce((sum, c) => sum + c.pods, 0),
    nodes: fleet.clusters.reduce((sum, c) => sum + c.nodes, 0),
    objects: fleet.clusters.reduce((sum, c) => sum + c.objects, 0),
  };
  started = performance.now();
  const pages = serialize(fleet);
  const serializeMs = performance.now() - started;
  fleet = undefined;
  const jsonBytes = pages.reduce(
    (sum, p) => sum + Buffer.byteLength(p.json),
    0,
  );
  log(
    `  ${counts.pods} pods, ${counts.objects} objects, ${(
      jsonBytes / 1e6
    ).toFixed(0)} MB JSON in ${pages.length} pages (generated in ${(
      generateMs / 1000
    ).toFixed(1)} s)`,
  );

  const today = new Date(info.capturedAt);
  const roundsMeasured: Round[] = [];
  let cold: Round | undefined;
  for (let round = 0; round < warmups + runs; round++) {
    // The fleet's objects are garbage before the backend's round parses its own.
    const measured: Round = {
      ...measureFleetRound(pages, clusters, info, entities, today),
      ...measureBackendRound(pages, clusters, info, entities, today),
    };
    // The first evaluation in the process compiles everything (what a one-shot CLI run pays);
    // warm-up rounds then let V8 settle (hidden classes, optimized code) before the measured ones.
    cold ??= measured;
    const label =
      round < warmups
        ? `warm-up ${round + 1}/${warmups}`
        : `round ${round - warmups + 1}/${runs}`;
    log(
      `  ${label}: parse ${measured.parseMs.toFixed(
        0,
      )} ms (CPU ${measured.parseCpuMs.toFixed(
        0,
      )}), engine ${measured.engineMs.toFixed(
        0,
      )} ms (CPU ${measured.engineCpuMs.toFixed(0)}${
        measured.engineMainCpuMs === undefined
          ? ''
          : `, main thread ${measured.engineMainCpuMs.toFixed(0)}`
      }); backend (entities' workloads) CPU ${measured.backendCpuMs.toFixed(
        0,
      )}`,
    );
    if (round >= warmups) roundsMeasured.push(measured);
  }
  const column = (pick: (r: Round) => number) =>
    timing(roundsMeasured.map(pick));
  const last = roundsMeasured[roundsMeasured.length - 1];

  // The backend's evaluation once more each way, for the longest stall of the event loop.
  const stallOptions = { entities, today, workloads: 'entities' } as const;
  collectGarbage();
  let stallSnapshots = snapshotsOf(parse(pages, clusters), info);
  const syncStall = await longestStall(() =>
    evaluate(stallSnapshots, stallOptions),
  );
  collectGarbage();
  stallSnapshots = snapshotsOf(parse(pages, clusters), info);
  const asyncStall = await longestStall(() =>
    evaluateAsync(stallSnapshots, stallOptions),
  );
  stallSnapshots = [];

  let breakdown: SizeResult['breakdown'];
  if (byCheck) {
    collectGarbage();
    const parsed = parse(pages, clusters);
    started = performance.now();
    const snapshots = snapshotsOf(parsed, info);
    const snapshotMs = performance.now() - started;
    started = performance.now();
    snapshots.forEach(s => buildClusterView(s));
    const viewMs = performance.now() - started;
    const timings = new Map<string, CheckTiming>();
    const checks = timedChecks(timings);
    started = performance.now();
    evaluate(snapshots, { entities, today, checks });
    const evaluateMs = performance.now() - started;
    const checkList = [...timings.values()]
      .map(t => ({ ...t, ms: Math.round(t.ms * 10) / 10 }))
      .sort((a, b) => b.ms - a.ms);
    const checksMs = checkList.reduce((sum, t) => sum + t.ms, 0);
    breakdown = {
      snapshotMs: Math.round(snapshotMs),
      viewMs: Math.round(viewMs),
      checks: checkList,
      orchestrationMs: Math.round(evaluateMs - viewMs - checksMs),
    };
  }

  const parseCpu = column(r => r.parseCpuMs);
  const engineCpu = column(r => r.engineCpuMs);
  const parseWall = column(r => r.parseMs);
  const engineWall = column(r => r.engineMs);
  const mainThread = roundsMeasured.every(r => r.engineMainCpuMs !== undefined)
    ? column(r => r.engineMainCpuMs!)
    : undefined;
  const backendCpu = column(r => r.backendCpuMs);
  const backendMain = roundsMeasured.every(
    r => r.backendMainCpuMs !== undefined,
  )
    ? column(r => r.backendMainCpuMs!)
    : undefined;
  const result: SizeResult = {
    pods: counts.pods,
    clusters,
    entities: entities.length,
    nodes: counts.nodes,
    objects: counts.objects,
    workloads: last.workloads,
    results: last.results,
    jsonBytes,
    pages: pages.length,
    generateMs: Math.round(generateMs),
    serializeMs: Math.round(serializeMs),
    warmups,
    parseMs: parseWall,
    snapshotMs: column(r => r.snapshotMs),
    evaluateMs: column(r => r.evaluateMs),
    engineMs: engineWall,
    parseCpuMs: parseCpu,
    engineCpuMs: engineCpu,
    ...(mainThread ? { engineMainThreadCpuMs: mainThread } : {}),
    overallCpuMs: column(r => r.overallCpuMs),
    backend: {
      workloads: last.backendWorkloads,
      engineCpuMs: backendCpu,
      ...(backendMain ? { engineMainThreadCpuMs: backendMain } : {}),
      ratio: Math.round((backendCpu.median / parseCpu.median) * 1000) / 1000,
      stallMs: { evaluate: syncStall, evaluateAsync: asyncStall },
    },
    ratio: Math.round((engineCpu.median / parseCpu.median) * 1000) / 1000,
    wallRatio: Math.round((engineWall.median / parseWall.median) * 1000) / 1000,
    cold: {
      parseCpuMs: Math.round(cold!.parseCpuMs),
      engineCpuMs: Math.round(cold!.engineCpuMs),
      ratio: Math.round((cold!.engineCpuMs / cold!.parseCpuMs) * 1000) / 1000,
    },
    memory: {
      retainedMB: Math.round(last.retainedMB),
      parsedHeapMB: Math.round(last.parsedHeapMB),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    load: { start: loadStart, end: os.loadavg()[0] },
    ...(breakdown ? { breakdown } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
