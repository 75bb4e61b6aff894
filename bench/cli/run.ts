/**
 * The CLI's input benchmark: reading a cluster dump (`kubectl get ... -o json`, 4-space indented,
 * one `kind: List`) with parseManifests, against JSON.parse of the same text (the baseline: what
 * reading the objects costs at least). Before JSON input had a path of its own, the YAML parser
 * read it: that path is measured too, at the smallest size only (it needs minutes and gigabytes
 * beyond). Results go to bench/results/cli.json and bench/README.md ("CLI input").
 *
 *   node_modules/.bin/tsx bench/cli/run.ts [--sizes 1000,5000] [--runs 3] [--no-write]
 */
import os from 'node:os';
import { parseManifests } from '../../packages/cli/src/input/parseManifests';
import { generateFleet } from '../engine/fleet';
import {
  cpuMs,
  fmt,
  listOption,
  median,
  Machine,
  machine,
  machineLine,
  writeResults,
} from '../common';

/** The largest size whose dump still fits a JavaScript string (512 MiB) is about 7,500 pods. */
const DEFAULT_SIZES = [1000, 5000];

interface SizeResult {
  pods: number;
  objects: number;
  jsonMB: number;
  /** Medians of the runs, CPU time of the process (ms). */
  jsonParseCpuMs: number;
  parseManifestsCpuMs: number;
  ratio: number;
  /** The same text through the YAML parser (a `#` comment line in front), once; smallest size only. */
  yamlParserCpuMs?: number;
}

interface CliReport extends Machine {
  benchmark: 'cli';
  loadAverage: { atStart: number[]; atEnd: number[] };
  sizes: SizeResult[];
}

function cpuOf(step: () => unknown): number {
  const started = cpuMs();
  step();
  return cpuMs() - started;
}
/** One cluster of the engine benchmark's fleet as `kubectl get <every kind> -A -o json` prints it. */
function dumpOf(pods: number): { text: string; objects: number } {
  const [cluster] = generateFleet({ pods, clusters: 1, entities: 1 }).clusters;
  const items = cluster.lists.flatMap(list =>
    list.items.map(item => ({
      apiVersion: list.apiVersion,
      kind: list.kind,
      ...item,
    })),
  );
  const text = JSON.stringify(
    {
      apiVersion: 'v1',
      items,
      kind: 'List',
      metadata: { resourceVersion: '' },
    },
    null,
    4,
  );
  return { text, objects: items.length };
}

function measureSize(
  pods: number,
  runs: number,
  withYaml: boolean,
): SizeResult {
  const { text, objects } = dumpOf(pods);
  const jsonParse: number[] = [];
  const manifests: number[] = [];
  for (let run = 0; run < runs; run++) {
    jsonParse.push(cpuOf(() => JSON.parse(text)));
    manifests.push(
      cpuOf(() => {
        if (parseManifests(text, 'dump.json').length !== objects)
          throw new Error('parseManifests lost objects');
      }),
    );
  }
  const result: SizeResult = {
    pods,
    objects,
    jsonMB: Math.round(text.length / 1e5) / 10,
    jsonParseCpuMs: Math.round(median(jsonParse)),
    parseManifestsCpuMs: Math.round(median(manifests)),
    ratio: Math.round((median(manifests) / median(jsonParse)) * 100) / 100,
  };
  if (withYaml) {
    process.stderr.write('  the same text through the YAML parser (once)\n');
    result.yamlParserCpuMs = Math.round(
      cpuOf(() => parseManifests(`# dump\n${text}`, 'dump.json')),
    );
  }
  process.stderr.write(
    `  ${fmt(pods)} pods: JSON.parse ${
      result.jsonParseCpuMs
    } ms, parseManifests ${result.parseManifestsCpuMs} ms CPU\n`,
  );
  return result;
}

function table(report: CliReport): string {
  return [
    '| Pods | Objects | JSON MB | JSON.parse ms CPU | parseManifests ms CPU | parseManifests / JSON.parse | Through the YAML parser ms CPU (before) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.sizes.map(
      s =>
        `| ${[
          fmt(s.pods),
          fmt(s.objects),
          fmt(s.jsonMB, 1),
          fmt(s.jsonParseCpuMs),
          fmt(s.parseManifestsCpuMs),
          s.ratio.toFixed(2),
          s.yamlParserCpuMs === undefined
            ? '–'
            : `${fmt(s.yamlParserCpuMs)} (${(
                s.yamlParserCpuMs / s.jsonParseCpuMs
              ).toFixed(0)}× JSON.parse)`,
        ].join(' | ')} |`,
    ),
    '',
    machineLine(report, report.loadAverage),
  ].join('\n');
}

function main(): void {
  const sizes = listOption('sizes', DEFAULT_SIZES);
  const [runs] = listOption('runs', [3]);
  const atStart = os.loadavg();
  const measured = sizes.map((pods, i) => {
    process.stderr.write(`cli: ${fmt(pods)} pods\n`);
    return measureSize(pods, runs, i === 0);
  });
  const report: CliReport = {
    benchmark: 'cli',
    ...machine(),
    loadAverage: { atStart, atEnd: os.loadavg() },
    sizes: measured,
  };
  const section = table(report);
  process.stdout.write(`\n## CLI input\n\n${section}\n`);
  if (!process.argv.includes('--no-write'))
    writeResults('cli', report, section);
}

main();
