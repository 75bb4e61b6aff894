// The root `test` script: type-check, lint, unit + integration tests (jest, SQLite and PostgreSQL),
// then the end-to-end tests in Chromium. Prints one closing "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = name => join(root, 'node_modules', '.bin', name);
// The Kubernetes plugin loads @kubernetes/client-node (ESM-only) with import(); jest needs VM
// modules for that inside the backend integration tests.
const env = {
  ...process.env,
  CI: 'true',
  FORCE_COLOR: '0',
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' '),
};

// Backstage's TestDatabases use a real PostgreSQL when this is set (never Docker on these machines).
const pgMajor = detectPostgresMajor();
if (pgMajor) {
  const key = `BACKSTAGE_TEST_DATABASE_POSTGRES${pgMajor}_CONNECTION_STRING`;
  env[key] ??= 'postgresql://postgres@127.0.0.1:5432';
  env.HA_POSTURE_TEST_POSTGRES_ID ??= `POSTGRES_${pgMajor}`;
  console.log(`Using PostgreSQL ${pgMajor} at 127.0.0.1:5432 (${key})`);
} else {
  console.log('PostgreSQL not reachable: database tests run on SQLite only');
}

const failures = [];
let passed = 0;
let failed = 0;

function step(name, cmd, args, options = {}) {
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds}s`);
  if (!ok) failures.push(name);
  return ok;
}

step('type-check', bin('tsc'), ['--noEmit', '-p', '.']);
step('lint', bin('backstage-cli'), ['repo', 'lint']);

const scratch = join(root, '.data', 'test-results');
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
const jestJson = join(scratch, 'jest.json');
// A jest worker keeps what each test file loaded (the backend tests load whole Backstage backends):
// its heap grew past 1 GB and slowed every later file with GC. A worker above 1 GB after a file is
// replaced (measured: whole-repo jest 395 s -> 263 s, refreshScaling 86 s -> 51 s, with the test
// backend's catalog no longer re-processing every entity each second).
step('unit and integration tests', bin('backstage-cli'), [
  'repo', 'test', '--ci', '--workerIdleMemoryLimit=1GB', '--json', `--outputFile=${jestJson}`,
]);
countJest(jestJson);

const e2eJson = join(scratch, 'e2e.json');
step('end-to-end tests', process.execPath, [join(root, 'e2e', 'run.mjs'), `--json=${e2eJson}`]);
countSimple(e2eJson);

console.log(`\nFailed steps: ${failures.length ? failures.join(', ') : 'none'}`);
console.log(`${passed} passed, ${failed + (failures.length && !failed ? 1 : 0)} failed`);
process.exit(failures.length ? 1 : 0);

function countJest(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}

function countSimple(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.passed;
  failed += report.failed;
}

function detectPostgresMajor() {
  const probe = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-tAc', 'show server_version_num'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) return undefined;
  const num = Number(probe.stdout.trim());
  return Number.isFinite(num) && num > 0 ? Math.floor(num / 10000) : undefined;
}
