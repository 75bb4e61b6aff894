/**
 * What every benchmark's run.ts shares: its options, number format, and what it does with its figures: the machine they were measured on, the
 * results file (bench/results/<name>.json) and the benchmark's section of bench/README.md
 * (between `<!-- <name>-results:start -->` and `<!-- <name>-results:end -->`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BENCH_ROOT = __dirname;
const README = path.join(BENCH_ROOT, 'README.md');

export interface Machine {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGB: number;
}

export function machine(): Machine {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
  };
}

/** One line naming the machine and the load around a run. */
export function machineLine(
  m: Machine,
  load: { atStart: number[]; atEnd: number[] },
): string {
  return `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, Node ${
    m.node
  }; load average ${load.atStart[0].toFixed(
    1,
  )} at start, ${load.atEnd[0].toFixed(1)} at end; ${m.date.slice(0, 10)}.`;
}

/** A file's text as the repository's Prettier configuration formats it (README tables aligned), so `prettier --check` passes. */
function formatted(text: string, file: string): string {
  // Prettier 2 ships no types; its synchronous API is all this needs.
  const prettier = require('prettier');
  const options = prettier.resolveConfig.sync(file) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

export function resultsFileOf(name: string): string {
  return path.join(BENCH_ROOT, 'results', `${name}.json`);
}

/** Writes bench/results/<name>.json and replaces the benchmark's section of bench/README.md. */
export function writeResults(
  name: string,
  results: unknown,
  section: string,
): void {
  const resultsFile = resultsFileOf(name);
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, formatted(JSON.stringify(results), resultsFile));
  const start = `<!-- ${name}-results:start -->`;
  const end = `<!-- ${name}-results:end -->`;
  const readme = readFileSync(README, 'utf8');
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from)
    throw new Error(`${README} lacks the ${start} … ${end} markers`);
  writeFileSync(
    README,
    formatted(
      `${readme.slice(0, from + start.length)}\n${section}\n${readme.slice(
        to,
      )}`,
      README,
    ),
  );
  process.stderr.write(
    `wrote bench/results/${name}.json and its section of bench/README.md\n`,
  );
}

/** `--<name> a,b,c`: one value per size (see each run.ts). */
export function listOption(
  name: string,
  fallback: number[],
  zeroAllowed = false,
): number[] {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const values = String(process.argv[at + 1] ?? '')
    .split(',')
    .map(Number);
  if (
    values.some(v => !Number.isFinite(v) || v < 0 || (v === 0 && !zeroAllowed))
  )
    throw new Error(
      `--${name} takes a comma-separated list of ${
        zeroAllowed ? 'non-negative' : 'positive'
      } numbers`,
    );
  return values;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

/** CPU time of the process so far (user + system, all threads), in ms. */
export const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
