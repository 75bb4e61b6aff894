// The root `demo` script: starts the example clusters (packages/fixture-cluster), then the
// Backstage backend (:7007) and app (:3000) with `backstage-cli repo start`. Ctrl-C stops all.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = name => join(root, 'node_modules', '.bin', name);
const children = [];

function start(name, cmd, args, env = {}) {
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[demo] ${name} exited (${code ?? signal}); stopping the demo`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 2000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('example clusters', bin('tsx'), [join(root, 'packages/fixture-cluster/src/main.ts')]);
start('backstage', bin('backstage-cli'), ['repo', 'start', 'app', 'backend']);
console.log('[demo] app: http://localhost:3000  backend: http://localhost:7007  (Ctrl-C stops)');
