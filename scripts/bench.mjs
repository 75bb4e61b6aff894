// The root `bench` script: runs every benchmark under bench/ (each `bench/<name>/run.ts`, with tsx),
// which prints its tables and writes bench/results/<name>.json and its section of bench/README.md.
// Arguments are passed on to every benchmark (e.g. `yarn bench --by-check`, `--no-write`);
// `--only <name>` runs one benchmark. Benchmarks are never part of the test run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'bench');
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;

const benchmarks = readdirSync(benchDir, { withFileTypes: true })
  .filter(
    entry =>
      entry.isDirectory() && existsSync(join(benchDir, entry.name, 'run.ts')),
  )
  .map(entry => entry.name)
  .filter(name => !only || name === only)
  .sort();
if (benchmarks.length === 0) {
  console.error(
    only
      ? `no benchmark named ${only} under bench/`
      : 'no benchmarks under bench/',
  );
  process.exit(2);
}

const failed = [];
for (const name of benchmarks) {
  console.error(`=== bench ${name}`);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(benchDir, name, 'run.ts'), ...args],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.error(
    `=== bench ${name}: ${
      run.status === 0 ? 'done' : `FAILED (exit ${run.status ?? run.signal})`
    } in ${seconds} s`,
  );
  if (run.status !== 0) failed.push(name);
}
process.exit(failed.length ? 1 : 0);
