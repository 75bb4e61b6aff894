/**
 * The engine benchmark: evaluation time against JSON.parse time of the same objects, on generated
 * fleets of 1k, 10k and 50k pods, in one run. Each size is measured in a child process of its own
 * (clean heap, its own peak RSS); results go to bench/results/engine.json and the table in
 * bench/README.md ("Engine").
 *
 *   node_modules/.bin/tsx bench/engine/run.ts [--sizes 1000,10000,50000] [--clusters 1,2,5]
 *     [--entities 100,300,500] [--warmup 3,3,1] [--runs 5,5,3] [--by-check] [--no-write]
 *   node_modules/.bin/tsx bench/engine/run.ts --render   # the README section from bench/results/engine.json
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SizeResult } from './measure';
import {
  fmt,
  listOption,
  Machine,
  machine,
  machineLine,
  resultsFileOf,
  writeResults,
} from '../common';

/** Targets from the issue: evaluation at most a quarter of parsing, and linear growth. */
const TARGET = {
  maxRatio: 0.25,
  maxGrowth: 6,
  growthFrom: 10_000,
  growthTo: 50_000,
};

const root = path.resolve(__dirname, '..', '..');

/** The value for size i: its own, or the last one given. */
const nth = (values: number[], i: number) =>
  values[Math.min(i, values.length - 1)];

function measure(
  pods: number,
  clusters: number,
  entities: number,
  warmups: number,
  runs: number,
  byCheck: boolean,
): SizeResult {
  const args = [
    '--expose-gc',
    '--max-old-space-size=12288',
    '--import',
    'tsx',
    path.join(__dirname, 'measure.ts'),
    '--pods',
    String(pods),
    '--clusters',
    String(clusters),
    '--entities',
    String(entities),
    '--warmup',
    String(warmups),
    '--runs',
    String(runs),
    ...(byCheck ? ['--by-check'] : []),
  ];
  const child = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0)
    throw new Error(
      `measuring ${pods} pods failed (exit ${child.status ?? child.signal})`,
    );
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as SizeResult;
}

const kilo = (n: number) =>
  n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : fmt(n);

/** Growth of the engine's CPU time from the previous size. */
function growthOf(sizes: SizeResult[], i: number): number | undefined {
  if (i === 0) return undefined;
  return sizes[i].engineCpuMs.median / sizes[i - 1].engineCpuMs.median;
}

function table(sizes: SizeResult[]): string {
  const rows = sizes.map((s, i) => {
    const growth = growthOf(sizes, i);
    const cells = [
      fmt(s.pods),
      String(s.clusters),
      fmt(s.workloads),
      fmt(s.objects),
      fmt(s.jsonBytes / 1e6, 1),
      `${fmt(s.parseCpuMs.median)} (${fmt(s.parseMs.median)})`,
      `${fmt(s.engineCpuMs.median)} (${fmt(s.engineMs.median)})`,
      `**${s.ratio.toFixed(2)}** (${s.wallRatio.toFixed(2)})`,
      s.engineMainThreadCpuMs ? fmt(s.engineMainThreadCpuMs.median) : '–',
      s.cold ? s.cold.ratio.toFixed(2) : '–',
      s.overallCpuMs ? fmt(s.overallCpuMs.median) : '–',
      growth === undefined
        ? '–'
        : `${growth.toFixed(2)}× for ${(s.pods / sizes[i - 1].pods).toFixed(
            1,
          )}× pods`,
      fmt(s.memory.retainedMB),
      fmt(s.memory.peakRssMB),
      `${s.load.start.toFixed(1)}–${s.load.end.toFixed(1)}`,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '| Pods | Clusters | Workloads | Objects | JSON MB | Parse ms CPU (wall) | Engine ms CPU (wall) | Engine / parse CPU (wall) | Engine main-thread ms CPU | Cold engine / parse CPU | Overall report ms CPU | Engine growth (CPU) | Retained MB | Peak RSS MB | Load (1 min) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** The backend's evaluation (only the catalog entities' workloads), for sizes that measured it. */
function backendTable(sizes: SizeResult[]): string | undefined {
  const measured = sizes.filter(s => s.backend);
  if (measured.length === 0) return undefined;
  return [
    "Backend refresh (`workloads: 'entities'`: only the workloads of catalog entities are evaluated; the backend stores nothing else):",
    '',
    '| Pods | Entities | Workloads evaluated | Engine ms CPU | Engine / parse CPU | Engine main-thread ms CPU | Longest event-loop stall ms: evaluate / evaluateAsync |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measured.map(s => {
      const b = s.backend!;
      return `| ${[
        fmt(s.pods),
        fmt(s.entities),
        `${fmt(b.workloads)} of ${fmt(s.workloads)}`,
        fmt(b.engineCpuMs.median),
        b.ratio.toFixed(2),
        b.engineMainThreadCpuMs ? fmt(b.engineMainThreadCpuMs.median) : '–',
        b.stallMs
          ? `${fmt(b.stallMs.evaluate)} / ${fmt(b.stallMs.evaluateAsync)}`
          : '–',
      ].join(' | ')} |`;
    }),
  ].join('\n');
}

function breakdownTable(s: SizeResult): string {
  const b = s.breakdown!;
  const top = b.checks.slice(0, 15);
  return [
    `Breakdown at ${fmt(
      s.pods,
    )} pods (one instrumented round): snapshotFromObjects ${fmt(
      b.snapshotMs,
    )} ms, cluster views ${fmt(
      b.viewMs,
    )} ms, results/exemptions/entities/reports ${fmt(
      b.orchestrationMs,
    )} ms, checks:`,
    '',
    '| Check | Scope | Calls | ms |',
    '| --- | --- | ---: | ---: |',
    ...top.map(
      c => `| ${c.id} | ${c.scope} | ${fmt(c.calls)} | ${fmt(c.ms, 1)} |`,
    ),
    `| (${b.checks.length - top.length} more) | | | ${fmt(
      b.checks.slice(top.length).reduce((sum, c) => sum + c.ms, 0),
      1,
    )} |`,
  ].join('\n');
}

interface EngineReport extends Machine {
  benchmark: 'engine';
  loadAverage: { atStart: number[]; atEnd: number[] };
  target: typeof TARGET;
  /** Engine CPU time at 50k over 10k pods. */
  growth10kTo50k?: number;
  verdict: { ratio: boolean; growth?: boolean };
  sizes: SizeResult[];
}

/** Growth 10k → 50k (engine CPU time) and the verdicts, from the measured sizes. */
function assess(
  sizes: SizeResult[],
): Pick<EngineReport, 'growth10kTo50k' | 'verdict'> {
  const near = (pods: number) =>
    sizes.find(s => Math.abs(s.pods - pods) / pods < 0.05);
  const from = near(TARGET.growthFrom);
  const to = near(TARGET.growthTo);
  const growth =
    from && to
      ? Math.round((to.engineCpuMs.median / from.engineCpuMs.median) * 100) /
        100
      : undefined;
  return {
    ...(growth !== undefined ? { growth10kTo50k: growth } : {}),
    verdict: {
      ratio: Math.max(...sizes.map(s => s.ratio)) <= TARGET.maxRatio,
      ...(growth !== undefined ? { growth: growth <= TARGET.maxGrowth } : {}),
    },
  };
}

function measureAll(): EngineReport {
  const sizes = listOption('sizes', [1000, 10_000, 50_000]);
  const clusters = listOption('clusters', [1, 2, 5]);
  const entities = listOption('entities', [100, 300, 500]);
  const warmups = listOption('warmup', [3, 3, 1], true);
  const runs = listOption('runs', [5, 5, 3]);
  const byCheck = process.argv.includes('--by-check');
  const load = os.loadavg();
  const measured = sizes.map((pods, i) => {
    process.stderr.write(
      `engine: ${kilo(pods)} pods in ${nth(clusters, i)} cluster(s)\n`,
    );
    return measure(
      pods,
      nth(clusters, i),
      nth(entities, i),
      nth(warmups, i),
      nth(runs, i),
      byCheck,
    );
  });
  return {
    benchmark: 'engine',
    ...machine(),
    loadAverage: { atStart: load, atEnd: os.loadavg() },
    target: TARGET,
    ...assess(measured),
    sizes: measured,
  };
}

function summaryOf(report: EngineReport): string {
  const worstRatio = Math.max(...report.sizes.map(s => s.ratio));
  const growth = report.growth10kTo50k;
  const backend = backendTable(report.sizes);
  return [
    table(report.sizes),
    '',
    `Target: engine / parse ≤ ${
      TARGET.maxRatio
    } in CPU time (worst: ${worstRatio.toFixed(2)}, ${
      report.verdict.ratio ? 'met' : 'NOT met'
    })` +
      (growth !== undefined
        ? `; ${kilo(TARGET.growthFrom)} → ${kilo(
            TARGET.growthTo,
          )} pods within ${TARGET.maxGrowth}× (${growth.toFixed(2)}×, ${
            report.verdict.growth ? 'met' : 'NOT met'
          }).`
        : '.'),
    machineLine(report, report.loadAverage),
    ...(backend ? ['', backend] : []),
  ].join('\n');
}

function main(): void {
  // --render: rebuild the README section from the saved results, without measuring.
  const render = process.argv.includes('--render');
  let report: EngineReport;
  if (render) {
    const saved: EngineReport = JSON.parse(
      readFileSync(resultsFileOf('engine'), 'utf8'),
    );
    report = { ...saved, target: TARGET, ...assess(saved.sizes) };
  } else {
    report = measureAll();
  }
  const summary = summaryOf(report);
  const breakdowns = report.sizes.filter(s => s.breakdown).map(breakdownTable);
  process.stdout.write(
    `\n## Engine\n\n${summary}\n${breakdowns.map(b => `\n${b}\n`).join('')}`,
  );

  if (process.argv.includes('--no-write')) return;
  writeResults('engine', report, summary);
}

main();
