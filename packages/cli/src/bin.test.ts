/**
 * End to end: the real bin/ha-posture as a child process (TypeScript run through tsx, as after
 * `yarn install`), on every example cluster, in every format.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkXml } from './__testUtils__/xmlWellFormed';
import { readClustersManifest } from './input/clustersManifest';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const BIN = path.resolve(__dirname, '../bin/ha-posture');
const EXAMPLES = path.join('examples', 'clusters');
const CLUSTERS =
  readClustersManifest(path.join(REPO_ROOT, EXAMPLES), EXAMPLES) ?? [];
const FORMATS = ['table', 'json', 'sarif', 'junit', 'markdown'] as const;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function ha(args: string[], stdin?: string): Promise<Run> {
  return new Promise(resolve => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

jest.setTimeout(180_000);

it('has example clusters to scan', () => {
  expect(CLUSTERS.length).toBeGreaterThan(0);
});

describe.each(CLUSTERS.map(c => [c.name, c] as const))(
  'ha-posture scan examples/clusters/%s',
  (name, entry) => {
    const args = (format: string) => [
      'scan',
      path.join(EXAMPLES, name),
      '--format',
      format,
      ...(entry.capturedAt ? ['--now', entry.capturedAt] : []),
    ];
    let runs: Record<(typeof FORMATS)[number], Run>;

    beforeAll(async () => {
      // Two at a time: enough to overlap start-up without starving the machine.
      const table = ha(args('table'));
      const json = await ha(args('json'));
      const sarif = ha(args('sarif'));
      const junit = await ha(args('junit'));
      const markdown = await ha(args('markdown'));
      runs = { table: await table, json, sarif: await sarif, junit, markdown };
    });

    it('exits 0 or 1 consistently in every format, with nothing on stderr', () => {
      const { verdict } = JSON.parse(runs.json.stdout);
      for (const format of FORMATS) {
        expect({
          format,
          code: runs[format].code,
          stderr: runs[format].stderr,
        }).toEqual({ format, code: verdict.exitCode, stderr: '' });
      }
    });

    it('table: header, categories and the exit reason', () => {
      expect(runs.table.stdout.startsWith(name)).toBe(true);
      expect(runs.table.stdout).toMatch(/^ {2}Score /m);
      expect(runs.table.stdout.trimEnd().split('\n').pop()).toMatch(
        new RegExp(`exit ${runs.table.code}: `),
      );
    });

    it('json: one Report for the cluster', () => {
      const report = JSON.parse(runs.json.stdout);
      for (const key of [
        'score',
        'grade',
        'categories',
        'results',
        'generatedAt',
        'sources',
      ])
        expect(report).toHaveProperty(key);
      expect(report.clusters.map((c: { name: string }) => c.name)).toEqual([
        name,
      ]);
      expect(report.results.length).toBeGreaterThan(0);
    });

    it('sarif: 2.1.0 with results located in existing files', () => {
      const sarif = JSON.parse(runs.sarif.stdout);
      expect(sarif.version).toBe('2.1.0');
      const [run] = sarif.runs;
      expect(run.tool.driver.rules.length).toBeGreaterThan(0);
      for (const result of run.results) {
        const { artifactLocation, region } =
          result.locations[0].physicalLocation;
        expect(
          fs.existsSync(path.join(REPO_ROOT, decodeURI(artifactLocation.uri))),
        ).toBe(true);
        expect(region.startLine).toBeGreaterThanOrEqual(1);
      }
    });

    it('junit: well-formed XML', () => {
      expect(checkXml(runs.junit.stdout).problems).toEqual([]);
    });

    it('markdown: the verdict, and every failure and warning listed or counted', () => {
      const report = JSON.parse(runs.json.stdout);
      const findings = report.results.filter(
        (r: { status: string }) => r.status === 'fail' || r.status === 'warn',
      ).length;
      const text = runs.markdown.stdout;
      expect(text).toContain(
        runs.markdown.code === 1 ? '**Fails** (exit 1)' : '**Passes** (exit 0)',
      );
      expect(text).toContain(`| ${name} — `);
      const rows = text
        .split('\n')
        .filter(line => /^\| (❌|⚠️) /.test(line)).length;
      const more = Number(/…and (\d+) more/.exec(text)?.[1] ?? 0);
      expect(rows + more).toBe(findings);
    });
  },
);

describe('ha-posture scan (other inputs)', () => {
  it('scans the whole fleet folder as one cluster per listed sub-folder', async () => {
    const run = await ha([
      'scan',
      EXAMPLES,
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(
      JSON.parse(run.stdout).clusters.map((c: { name: string }) => c.name),
    ).toEqual(CLUSTERS.map(c => c.name));
  });

  it('reads stdin', async () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\nspec: { replicas: 3 }\n';
    const run = await ha(
      ['scan', '-', '--format', 'json', '--fail-on', 'never'],
      deployment,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).clusters[0]).toMatchObject({
      name: 'stdin',
      mode: 'manifests',
    });
  });

  it('exits 2 with one line on stderr for a missing path', async () => {
    expect(await ha(['scan', 'no/such/dir'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ha-posture: no/such/dir: no such file or directory\n',
    });
  });
});
