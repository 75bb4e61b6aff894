/**
 * `ha-posture scan --kubeconfig [FILE] --context NAME` against live clusters: the example clusters
 * served over the real Kubernetes REST API by the fixture server (bearer-token auth, random ports),
 * through a temporary kubeconfig, compared with scanning the same examples as folders.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  FixtureFleet,
  loadClustersDir,
  startFixtureFleet,
} from '@internal/fixture-cluster';
import { CliIo } from '../commands/scan';
import { main } from '../index';
import { readClustersManifest } from './clustersManifest';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const EXAMPLES = path.join(REPO_ROOT, 'examples', 'clusters');
const LIVE = ['prod-eu', 'dev-k3s'];
/** The capture time of prod-eu, as the golden tests use it: the same clock for both scans. */
const PROD_EU_NOW = readClustersManifest(EXAMPLES, 'examples/clusters')!.find(
  c => c.name === 'prod-eu',
)!.capturedAt!;

const tokenOf = (name: string) => `token-of-${name}`;

let fleet: FixtureFleet;
let dir: string;
let kubeconfig: string;
let closedPort: number;

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function writeKubeconfig(
  contexts: Array<{ name: string; server: string; token: string }>,
  currentContext: string,
): string {
  const file = path.join(dir, `kubeconfig-${currentContext}.yaml`);
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of contexts)
    lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`);
  lines.push('users:');
  for (const c of contexts)
    lines.push(`- name: ${c.name}-reader`, '  user:', `    token: ${c.token}`);
  lines.push('contexts:');
  for (const c of contexts)
    lines.push(
      `- name: ${c.name}`,
      '  context:',
      `    cluster: ${c.name}`,
      `    user: ${c.name}-reader`,
    );
  lines.push(`current-context: ${currentContext}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  const { clusters } = loadClustersDir(EXAMPLES, { only: LIVE });
  fleet = await startFixtureFleet({
    // The dumps' own timestamps (no shift to today), so --now makes both scans see the same ages.
    clusters: clusters.map(spec => ({ ...spec, token: tokenOf(spec.name) })),
    randomPorts: true,
    timeShift: false,
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-posture-live-'));
  closedPort = await freePort();
  kubeconfig = writeKubeconfig(
    [
      ...LIVE.map(name => ({
        name,
        server: fleet.url(name),
        token: tokenOf(name),
      })),
      { name: 'wrong-token', server: fleet.url('prod-eu'), token: 'nope' },
      {
        name: 'down',
        server: `http://127.0.0.1:${closedPort}`,
        token: 'x',
      },
      // TLS to a server that speaks plain HTTP: the handshake fails.
      {
        name: 'bad-tls',
        server: fleet.url('prod-eu').replace('http:', 'https:'),
        token: tokenOf('prod-eu'),
      },
    ],
    'prod-eu',
  );
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => fleet.setFaults([]));

jest.setTimeout(60_000);

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: text => out.push(text),
    stderr: text => err.push(text),
    readStdin: async () => Buffer.alloc(0),
    color: false,
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function jsonReport(argv: string[]) {
  const result = await run([...argv, '--format', 'json']);
  expect(result.code).not.toBe(2);
  return { ...result, report: JSON.parse(result.stdout) };
}

interface Result {
  checkId: string;
  status: string;
  message: string;
  target: { cluster?: string; kind: string; namespace?: string; name: string };
}

const lineOf = (r: Result) =>
  `${r.checkId} ${r.target.cluster}/${r.target.kind}/${
    r.target.namespace ?? ''
  }/${r.target.name} ${r.status}`;
const lines = (results: Result[]) => results.map(lineOf).sort();

/** The last line of stderr: the error, after any progress lines. */
const lastLine = (stderr: string) => stderr.trimEnd().split('\n').pop();

describe('ha-posture scan --kubeconfig (live clusters over real HTTP)', () => {
  it('gives the same results and score for live prod-eu as for the examples/clusters/prod-eu folder', async () => {
    const now = ['--now', PROD_EU_NOW];
    const fromFiles = await jsonReport([
      'scan',
      path.join(EXAMPLES, 'prod-eu'),
      ...now,
    ]);
    const live = await jsonReport([
      'scan',
      `--kubeconfig=${kubeconfig}`,
      '--context',
      'prod-eu',
      ...now,
    ]);
    expect(live.report.results.length).toBeGreaterThan(50);
    expect(lines(live.report.results)).toEqual(lines(fromFiles.report.results));
    expect(live.report.score).toBe(fromFiles.report.score);
    expect(live.report.grade).toBe(fromFiles.report.grade);
    expect(live.code).toBe(fromFiles.code);
    expect(live.report.clusters).toEqual([
      expect.objectContaining({
        name: 'prod-eu',
        mode: 'live',
        inputs: [`${fleet.url('prod-eu')} (context prod-eu)`],
      }),
    ]);
    // Progress on stderr only; stdout is the report alone.
    expect(live.stderr).toMatch(
      /^ha-posture: reading cluster prod-eu \(context "prod-eu", http:\/\/127\.0\.0\.1:\d+\)$/m,
    );
    expect(live.stderr).toMatch(/^ha-posture: read \d+ objects of \d+ kinds/m);
    // Read-only and never Secrets.
    const requests = fleet.requests('prod-eu').entries;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every(r => r.method === 'GET')).toBe(true);
    expect(requests.some(r => r.path.includes('/secrets'))).toBe(false);
  });

  it('reads one cluster per --context, named after the context, next to PATHs', async () => {
    const { report } = await jsonReport([
      'scan',
      path.join(EXAMPLES, 'staging-eu'),
      `--kubeconfig=${kubeconfig}`,
      '--context',
      'prod-eu',
      '--context',
      'dev-k3s',
      '--now',
      PROD_EU_NOW,
    ]);
    expect(report.clusters.map((c: any) => [c.name, c.mode])).toEqual([
      ['staging-eu', 'dump'],
      ['prod-eu', 'live'],
      ['dev-k3s', 'live'],
    ]);
    const clustersOfResults = new Set(
      report.results.map((r: Result) => r.target.cluster),
    );
    expect([...clustersOfResults].sort()).toEqual(
      ['dev-k3s', 'prod-eu', 'staging-eu'].sort(),
    );
  });

  it('uses the current context of the file, and of $KUBECONFIG for a bare --kubeconfig; --cluster renames it', async () => {
    const fromFile = await jsonReport(['scan', '--kubeconfig', kubeconfig]);
    expect(fromFile.report.clusters.map((c: any) => c.name)).toEqual([
      'prod-eu',
    ]);
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = kubeconfig;
    try {
      const bare = await jsonReport([
        'scan',
        '--kubeconfig',
        '--context',
        'dev-k3s',
        '--cluster',
        'laptop',
      ]);
      expect(bare.report.clusters.map((c: any) => c.name)).toEqual(['laptop']);
      expect(
        bare.report.results.every((r: Result) => r.target.cluster === 'laptop'),
      ).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
    }
  });

  it('makes the checks that need a forbidden kind unknown with the reason, not pass', async () => {
    const argv = ['scan', `--kubeconfig=${kubeconfig}`, '--now', PROD_EU_NOW];
    const before = (await jsonReport(argv)).report.results.filter(
      (r: Result) => r.checkId.startsWith('pdb-') && r.status !== 'skipped',
    );
    expect(before.some((r: Result) => r.status === 'pass')).toBe(true);

    fleet.setFaults([
      { cluster: 'prod-eu', resource: 'poddisruptionbudgets', status: 403 },
    ]);
    const forbidden = await jsonReport(argv);
    const pdbResults = forbidden.report.results.filter(
      (r: Result) => r.checkId.startsWith('pdb-') && r.status !== 'skipped',
    );
    expect(pdbResults.length).toBeGreaterThan(0);
    for (const result of pdbResults) {
      expect(result.status).toBe('unknown');
      expect(result.message).toMatch(/forbidden/i);
    }
    expect(forbidden.stderr).toMatch(
      /^ha-posture: warning: prod-eu: could not read poddisruptionbudgets\.policy forbidden: .+/m,
    );
    // The 403 came over HTTP from the fixture server.
    expect(fleet.faults()[0].matched).toBeGreaterThan(0);
  });

  it('exits 2 with one line naming the context when the API server is unreachable', async () => {
    const { code, stdout, stderr } = await run([
      'scan',
      `--kubeconfig=${kubeconfig}`,
      '--context',
      'down',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(lastLine(stderr)).toMatch(
      new RegExp(
        `^ha-posture: context "down" \\(http://127\\.0\\.0\\.1:${closedPort}\\): cannot read the cluster: cluster unreachable: .*ECONNREFUSED`,
      ),
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 when the TLS handshake fails', async () => {
    const { code, stderr } = await run([
      'scan',
      `--kubeconfig=${kubeconfig}`,
      '--context',
      'bad-tls',
      '--request-timeout',
      '5000',
    ]);
    expect(code).toBe(2);
    expect(lastLine(stderr)).toMatch(
      /^ha-posture: context "bad-tls" \(https:\/\/127\.0\.0\.1:\d+\): cannot read the cluster: cluster unreachable: GET \/version: connection failed \(.+\)/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 when the cluster refuses the credentials', async () => {
    const { code, stderr } = await run([
      'scan',
      `--kubeconfig=${kubeconfig}`,
      '--context',
      'wrong-token',
    ]);
    expect(code).toBe(2);
    expect(lastLine(stderr)).toMatch(
      /^ha-posture: context "wrong-token" \(http:\/\/127\.0\.0\.1:\d+\): cannot read the cluster: the cluster rejected the credentials \(GET \/version: HTTP 401/,
    );
  });

  it('exits 2 for a missing kubeconfig file, an unknown context, and ambiguous --cluster', async () => {
    const missing = path.join(dir, 'missing.yaml');
    expect(await run(['scan', '--kubeconfig', missing])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ha-posture: kubeconfig ${missing}: no such file\n`,
    });
    expect(
      await run(['scan', `--kubeconfig=${kubeconfig}`, '--context', 'nope']),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr: `ha-posture: kubeconfig ${kubeconfig}: context "nope" not found (available: prod-eu, dev-k3s, wrong-token, down, bad-tls)\n`,
    });
    const twoWithCluster = await run([
      'scan',
      `--kubeconfig=${kubeconfig}`,
      '--context',
      'prod-eu',
      '--context',
      'dev-k3s',
      '--cluster',
      'x',
    ]);
    expect(twoWithCluster.code).toBe(2);
    expect(twoWithCluster.stderr).toMatch(/^ha-posture: --cluster names one/);
    const clash = await run([
      'scan',
      path.join(EXAMPLES, 'prod-eu'),
      `--kubeconfig=${kubeconfig}`,
    ]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toBe(
      'ha-posture: context "prod-eu" and a PATH would both be cluster "prod-eu": rename one with --cluster or scan them separately\n',
    );
    const badTimeout = await run([
      'scan',
      `--kubeconfig=${kubeconfig}`,
      '--request-timeout',
      'soon',
    ]);
    expect(badTimeout.code).toBe(2);
    expect(badTimeout.stderr).toMatch(/--request-timeout/);
  });
});
