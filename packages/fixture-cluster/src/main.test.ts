/** The CLI as users run it (through tsx): startup, shutdown, and one-line config errors. */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES_DIR, request } from './__testUtils__/http';

const TSX = path.resolve(__dirname, '../../../node_modules/.bin/tsx');
const MAIN = path.resolve(__dirname, 'main.ts');

function run(args: string[]) {
  const child = spawn(TSX, [MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', d => (stdout += d));
  child.stderr!.on('data', d => (stderr += d));
  const exited = new Promise<number | null>(resolve =>
    child.on('exit', code => resolve(code)),
  );
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

describe('fixture-cluster CLI', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-cli-'));
  });
  afterEach(() => {
    children.splice(0).forEach(c => c.exitCode === null && c.kill('SIGKILL'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the selected clusters with a port offset and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = run([
      '--clusters-dir',
      FIXTURES_DIR,
      '--only',
      'alpha',
      '--port-offset',
      String(port - 17901),
    ]);
    children.push(p.child);
    for (let i = 0; i < 200 && !p.out().includes('ready'); i++) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(p.out()).toMatch(
      new RegExp(`alpha\\s+http://127\\.0\\.0\\.1:${port}\\s+Alpha`),
    );
    expect(p.err()).toContain(
      'warning: alpha: 1 object(s) of kind ServiceMonitor',
    );
    expect(
      (await request(`http://127.0.0.1:${port}/api/v1/nodes`)).body.items,
    ).toHaveLength(3);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 30_000);

  /** Runs the CLI to its exit; stderr as lines. */
  const runToExit = async (args: string[]) => {
    const p = run(args);
    children.push(p.child);
    const code = await p.exited;
    return { code, lines: p.err().trim().split('\n') };
  };

  /** Exit code 2 and exactly one `fixture-cluster: ...` line on stderr. */
  const configError = (message: RegExp) => ({
    code: 2,
    lines: [
      expect.stringMatching(
        new RegExp(`^fixture-cluster: .*${message.source}`),
      ),
    ],
  });

  it('exits 2 with one line for a missing directory', async () => {
    expect(await runToExit(['--clusters-dir', path.join(dir, 'nope')])).toEqual(
      configError(/clusters directory not found/),
    );
  }, 30_000);

  it('exits 2 with one line for broken YAML', async () => {
    fs.writeFileSync(
      path.join(dir, 'clusters.yaml'),
      'clusters: [{ name: a }]\n',
    );
    fs.mkdirSync(path.join(dir, 'a'));
    fs.writeFileSync(
      path.join(dir, 'a', 'broken.yaml'),
      'kind: Pod\nmetadata: [\n',
    );
    expect(await runToExit(['--clusters-dir', dir])).toEqual(
      configError(/broken\.yaml: invalid YAML/),
    );
  }, 30_000);

  it('exits 2 with one line for duplicate ports', async () => {
    fs.writeFileSync(
      path.join(dir, 'clusters.yaml'),
      'clusters: [{ name: a, port: 17950 }, { name: b, port: 17950 }]\n',
    );
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'b'));
    expect(await runToExit(['--clusters-dir', dir])).toEqual(
      configError(/clusters a and b both use port 17950/),
    );
  }, 30_000);

  it('exits 2 with one line for a bad faults file or option', async () => {
    fs.writeFileSync(
      path.join(dir, 'faults.yaml'),
      'faults: [{ status: 418 }]\n',
    );
    expect(
      await runToExit([
        '--clusters-dir',
        FIXTURES_DIR,
        '--faults',
        path.join(dir, 'faults.yaml'),
      ]),
    ).toEqual(configError(/status 418/));
    expect(await runToExit(['--bogus'])).toEqual(
      configError(/Unknown option '--bogus'.*see --help/),
    );
  }, 30_000);
});
