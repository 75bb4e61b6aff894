/**
 * The CLI's input benchmark: reading a cluster dump (one `kind: List`) with parseManifests, as
 * `kubectl get ... -o json` (4-space indented) and as `kubectl get ... -o yaml` prints it, against
 * JSON.parse of the JSON text (the baseline: what reading the objects costs at least). The YAML
 * dump used to be parsed as one document by `yaml`: that is measured too, at the smallest size only
 * (beyond, it needs minutes and gigabytes). Results go to bench/results/cli.json and
 * bench/README.md ("CLI input").
 *
 *   node_modules/.bin/tsx bench/cli/run.ts [--sizes 1000,5000] [--runs 3] [--no-write]
 */
import os from 'node:os';
import { dump as yamlDump } from 'js-yaml';
import YAML from 'yaml';
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
  yamlMB: number;
  /** parseManifests of the same objects as a YAML dump. */
  yamlCpuMs: number;
  /** yamlCpuMs / jsonParseCpuMs. */
  yamlRatio: number;
  /** The YAML dump parsed as one document by `yaml` (how it was read before), once; smallest size only. */
  yamlWholeDocumentCpuMs?: number;
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
/**
 * One cluster of the engine benchmark's fleet as `kubectl get <every kind> -A -o json` and
 * `-o yaml` print it (YAML: sequences not indented under their key, no anchors, no folding).
 */
function dumpOf(pods: number): { json: string; yaml: string; objects: number } {
  const [cluster] = generateFleet({ pods, clusters: 1, entities: 1 }).clusters;
  const items = cluster.lists.flatMap(list =>
    list.items.map(item => ({
      apiVersion: list.apiVersion,
      kind: list.kind,
      ...item,
    })),
  );
  const list = {
    apiVersion: 'v1',
    items,
    kind: 'List',
    metadata: { resourceVersion: '' },
  };
  return {
    json: JSON.stringify(list, null, 4),
    yaml: yamlDump(list, { noRefs: true, lineWidth: -1, noArrayIndent: true }),
    objects: items.length,
  };
}

function measureSize(
  pods: number,
  runs: number,
  withWholeDocument: boolean,
): SizeResult {
  const { json, yaml, objects } = dumpOf(pods);
  const read = (text: string, file: string) => () => {
    if (parseManifests(text, file).length !== objects)
      throw new Error(`parseManifests lost objects of ${file}`);
  };
  const jsonParse: number[] = [];
  const fromJson: number[] = [];
  const fromYaml: number[] = [];
  for (let run = 0; run < runs; run++) {
    jsonParse.push(cpuOf(() => JSON.parse(json)));
    fromJson.push(cpuOf(read(json, 'dump.json')));
    fromYaml.push(cpuOf(read(yaml, 'dump.yaml')));
  }
  const baseline = median(jsonParse);
  const result: SizeResult = {
    pods,
    objects,
    jsonMB: Math.round(json.length / 1e5) / 10,
    jsonParseCpuMs: Math.round(baseline),
    parseManifestsCpuMs: Math.round(median(fromJson)),
    ratio: Math.round((median(fromJson) / baseline) * 100) / 100,
    yamlMB: Math.round(yaml.length / 1e5) / 10,
    yamlCpuMs: Math.round(median(fromYaml)),
    yamlRatio: Math.round((median(fromYaml) / baseline) * 100) / 100,
  };
  if (withWholeDocument) {
    process.stderr.write('  the YAML dump as one document (once)\n');
    result.yamlWholeDocumentCpuMs = Math.round(
      cpuOf(() => YAML.parseAllDocuments(yaml).map(d => d.toJS())),
    );
  }
  process.stderr.write(
    `  ${fmt(pods)} pods: JSON.parse ${
      result.jsonParseCpuMs
    } ms, parseManifests JSON ${result.parseManifestsCpuMs} ms, YAML ${
      result.yamlCpuMs
    } ms CPU\n`,
  );
  return result;
}

function table(report: CliReport): string {
  return [
    '| Pods | Objects | JSON MB | JSON.parse ms CPU | parseManifests (JSON) ms CPU | ÷ JSON.parse | YAML MB | parseManifests (YAML) ms CPU | ÷ JSON.parse | YAML as one document ms CPU (before) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.sizes.map(
      s =>
        `| ${[
          fmt(s.pods),
          fmt(s.objects),
          fmt(s.jsonMB, 1),
          fmt(s.jsonParseCpuMs),
          fmt(s.parseManifestsCpuMs),
          s.ratio.toFixed(2),
          fmt(s.yamlMB, 1),
          fmt(s.yamlCpuMs),
          s.yamlRatio.toFixed(2),
          s.yamlWholeDocumentCpuMs === undefined
            ? '–'
            : `${fmt(s.yamlWholeDocumentCpuMs)} (${(
                s.yamlWholeDocumentCpuMs / s.jsonParseCpuMs
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
