// End-to-end tests: starts the example clusters, the real backend and app (ports of their own),
// drives Debian's Chromium with playwright-core through the demo, saves full-page screenshots
// under e2e/screenshots/ (git-ignored), and writes { passed, failed } to --json=FILE.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { scenarios } from './scenarios.mjs';

const root = new URL('..', import.meta.url).pathname;
const bin = name => join(root, 'node_modules', '.bin', name);
const APP = 'http://localhost:3100';
const BACKEND = 'http://localhost:7107';
const SCREENSHOTS = join(root, 'e2e', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const jsonOut = process.argv.find(a => a.startsWith('--json='))?.slice('--json='.length);
const only = process.argv.find(a => a.startsWith('--only='))?.slice('--only='.length);

const children = [];
function start(name, cmd, args, cwd = root) {
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = [];
  const keep = chunk => {
    log.push(chunk.toString());
    if (log.length > 400) log.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.push({ name, child, log });
  return child;
}

/** Every descendant of a process (the backend runs in its own process group under the CLI). */
function descendantsOf(pid) {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map(line => line.trim().split(/\s+/).map(Number));
  const found = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift();
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function signalAll(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM the whole tree, then SIGKILL whatever is left after a grace period. */
async function stopAll() {
  const pids = children.flatMap(({ child }) => [...descendantsOf(child.pid).reverse(), child.pid]);
  signalAll(pids, 'SIGTERM');
  await new Promise(r => setTimeout(r, 3000));
  signalAll(pids, 'SIGKILL');
}

async function waitFor(description, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
  return (await res.json()).backstageIdentity.token;
}

async function main() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Fail fast instead of testing someone else's server left on our ports.
  for (const url of [BACKEND, APP]) {
    const answered = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(() => true, () => false);
    if (answered) throw new Error(`${url} is already in use: stop what is listening there first`);
  }
  const startedAt = Date.now();
  start('example clusters', bin('tsx'), [
    join(root, 'packages/fixture-cluster/src/main.ts'),
    '--port-offset',
    '100',
  ]);
  const configArgs = ['--config', join(root, 'app-config.yaml'), '--config', join(root, 'e2e/app-config.e2e.yaml')];
  // The backend runs without the CLI's file watcher, so edits elsewhere cannot restart it mid-run.
  start('backend', process.execPath, [
    '--enable-source-maps',
    '--require', join(root, 'node_modules/@backstage/cli-node/config/nodeTransform.cjs'),
    'src/index.ts',
    ...configArgs,
  ], join(root, 'packages/backend'));
  start('app', bin('backstage-cli'), ['repo', 'start', 'app', ...configArgs]);
  await waitFor('the backend', async () => (await fetch(`${BACKEND}/.backstage/health/v1/readiness`)).ok, 240_000);
  const token = await guestToken();
  const auth = { Authorization: `Bearer ${token}` };
  // The first refresh may run before the catalog is ingested: refresh again until every annotated
  // example entity is evaluated.
  const annotatedEntities = (
    readFileSync(join(root, 'examples/entities.yaml'), 'utf8').match(
      /backstage\.io\/kubernetes-(id|label-selector):/g,
    ) ?? []
  ).length;
  let lastTrigger = 0;
  await waitFor(
    'HA reports for the example clusters and entities',
    async () => {
      const body = await (await fetch(`${BACKEND}/api/ha-posture/clusters`, { headers: auth })).json();
      if (body.items?.length >= 4 && body.lastRefresh?.entities >= annotatedEntities) return true;
      if (body.lastRefresh && Date.now() - lastTrigger > 15_000) {
        lastTrigger = Date.now();
        await fetch(`${BACKEND}/api/ha-posture/refresh`, { method: 'POST', headers: auth });
      }
      return false;
    },
    240_000,
  );
  await waitFor('the app', async () => (await fetch(APP)).ok, 240_000);
  console.log(`Demo up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(45_000);

  const results = [];
  const selected = scenarios.filter(s => !only || s.name.includes(only));
  for (const scenario of selected) {
    const started = Date.now();
    try {
      await scenario.run({ page, app: APP, backend: BACKEND, auth, screenshot: name => screenshot(page, name) });
      results.push({ name: scenario.name, ok: true });
      console.log(`  ✓ ${scenario.name} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name: scenario.name, ok: false, error: String(error?.message ?? error) });
      console.log(`  ✕ ${scenario.name}: ${String(error?.message ?? error).split('\n')[0]}`);
      await screenshot(page, `FAILED-${scenario.name.replace(/\W+/g, '-')}`).catch(() => {});
    }
  }
  await browser.close();
  return results;
}

async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

let results = [];
let exitCode = 0;
try {
  results = await main();
} catch (error) {
  console.error(`e2e setup failed: ${error.message}`);
  for (const { name, log } of children) {
    console.error(`--- last output of ${name} ---\n${log.join('').split('\n').slice(-40).join('\n')}`);
  }
  results.push({ name: 'setup', ok: false, error: error.message });
} finally {
  await stopAll();
}
const passed = results.filter(r => r.ok).length;
const failed = results.length - passed;
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ passed, failed, results }, null, 2));
console.log(`e2e: ${passed} passed, ${failed} failed`);
if (failed) exitCode = 1;
setTimeout(() => process.exit(exitCode), 500);
