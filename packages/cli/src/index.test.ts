import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliIo } from './commands/scan';
import { main } from './index';

const SINGLE_REPLICA = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: web:1.0 }]
`;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-posture-main-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const full = path.join(dir, name);
  fs.writeFileSync(full, content);
  return full;
}

async function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: text => out.push(text),
    stderr: text => err.push(text),
    readStdin: async () => Buffer.from(stdin),
    color: false,
  };
  const code = await main(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('main: dumps without CRDs', () => {
  const NODE = `apiVersion: v1
kind: Node
metadata: {name: n1, labels: {kubernetes.io/hostname: n1}}
status: {conditions: [{type: Ready, status: "True"}]}
`;
  const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: schedules.velero.io}
spec: {group: velero.io, names: {plural: schedules, kind: Schedule}, scope: Namespaced}
`;

  it('warns on stderr that whether custom resources are installed cannot be told, and how to dump them', async () => {
    const result = await run([
      'scan',
      file('dump.yaml', NODE),
      '--format',
      'json',
    ]);
    expect(result.stderr).toMatch(
      /^ha-posture: dump: the dump holds no CustomResourceDefinition, so whether the \d+ custom resource types it lacks \(.*\) are installed cannot be told, and the checks that read them are unknown; add kubectl get crd -o yaml and their objects to the dump\n$/,
    );
    // No false "no backup tool": Velero may be installed and merely not dumped.
    const report = JSON.parse(result.stdout);
    const toolInstalled = report.results.find(
      (r: { checkId: string }) => r.checkId === 'backup-tool-installed',
    );
    expect(toolInstalled).toMatchObject({
      status: 'unknown',
      message: expect.stringContaining('cannot be told'),
    });
  });

  it('says nothing when the dump has CRDs, or for plain manifests', async () => {
    const withCrd = await run([
      'scan',
      file('dump.yaml', `${NODE}---\n${CRD}`),
      '--format',
      'json',
    ]);
    expect(withCrd.stderr).toBe('');
    const manifests = await run([
      'scan',
      file('web.yaml', SINGLE_REPLICA),
      '--format',
      'json',
    ]);
    expect(manifests.stderr).toBe('');
  });
});

describe('main: exit codes', () => {
  it('exits 1 on a failing result at or above --fail-on (default high), 0 below it or with never', async () => {
    const manifest = file('web.yaml', SINGLE_REPLICA);
    expect((await run(['scan', manifest])).code).toBe(1);
    expect((await run(['scan', manifest, '--fail-on', 'critical'])).code).toBe(
      1,
    );
    const never = await run(['scan', manifest, '--fail-on', 'never']);
    expect(never.code).toBe(0);
    expect(never.stderr).toBe('');
  });

  it('exits 0 when the failing check is disabled by --config', async () => {
    const manifest = file('web.yaml', SINGLE_REPLICA);
    const report = JSON.parse(
      (await run(['scan', manifest, '--format', 'json', '--fail-on', 'low']))
        .stdout,
    );
    const failing = [
      ...new Set<string>(
        report.results
          .filter((r: any) => r.status === 'fail')
          .map((r: any) => r.checkId),
      ),
    ];
    expect(failing.length).toBeGreaterThan(0);
    const config = file(
      'config.yaml',
      `checks:\n${failing
        .map(id => `  ${id}: { enabled: false }`)
        .join('\n')}\n`,
    );
    const result = await run([
      'scan',
      manifest,
      '--config',
      config,
      '--fail-on',
      'low',
    ]);
    expect(result.code).toBe(0);
  });

  it('caps grades with thresholds.gradeCaps from --config, in JSON and in the table', async () => {
    const example = path.resolve(
      __dirname,
      '../../../examples/clusters/prod-eu',
    );
    const config = file(
      'config.yaml',
      'thresholds:\n  gradeCaps: { critical: D, high: B }\n',
    );
    const scan = async (...extra: string[]) =>
      run(['scan', example, '--fail-on', 'never', ...extra]);
    const plain = JSON.parse((await scan('--format', 'json')).stdout);
    const capped = JSON.parse(
      (await scan('--format', 'json', '--config', config)).stdout,
    );
    const rank = (grade: string) => 'ABCDF'.indexOf(grade);
    const lowered = capped.workloads.filter((w: any) => w.gradeCap);
    expect(lowered.length).toBeGreaterThan(0);
    capped.workloads.forEach((w: any, i: number) => {
      const before = plain.workloads[i];
      expect([w.name, w.score]).toEqual([before.name, before.score]);
      const failing = (severity: string) =>
        plain.results.filter(
          (r: any) =>
            r.status === 'fail' &&
            r.severity === severity &&
            r.target.kind === w.kind &&
            r.target.namespace === w.namespace &&
            r.target.name === w.name,
        ).length;
      let cap = 'A';
      if (failing('high') > 0) cap = 'B';
      if (failing('critical') > 0) cap = 'D';
      const expected = rank(before.grade) >= rank(cap) ? before.grade : cap;
      expect(w.grade).toBe(expected);
      expect(w.gradeCap !== undefined).toBe(expected !== before.grade);
    });
    const table = (await scan('--config', config)).stdout;
    expect(table).toContain(
      `grade ${capped.grade} (capped: ${capped.gradeCap.failing} ${capped.gradeCap.severity} failing)`,
    );
  });

  it('exempts what GKE reconciles with the shipped rules, and still judges the rest', async () => {
    const example = path.resolve(
      __dirname,
      '../../../examples/clusters/staging-eu',
    );
    const rules = path.resolve(
      __dirname,
      '../../../examples/config/gke-managed-add-ons.yaml',
    );
    const scan = async (...extra: string[]) =>
      JSON.parse(
        (
          await run([
            'scan',
            example,
            '--fail-on',
            'never',
            '--format',
            'json',
            ...extra,
          ])
        ).stdout,
      );
    const plain = await scan();
    const ruled = await scan('--config', rules);
    const key = (r: any) =>
      `${r.checkId} ${r.target.kind} ${r.target.namespace}/${r.target.name}`;
    const before = new Map(plain.results.map((r: any) => [key(r), r]));
    const exempted = ruled.results.filter((r: any) => r.status === 'exempt');
    expect(exempted.length).toBeGreaterThan(0);
    for (const r of exempted) {
      // Only results that were findings, and only on objects GKE labels as reconciled add-ons.
      expect(['fail', 'warn', 'unknown']).toContain(
        (before.get(key(r)) as any).status,
      );
      expect(['kube-system', 'gmp-system']).toContain(r.target.namespace);
      expect(r.exemption).toEqual({
        reason:
          'GKE add-on: Google deploys and reconciles it, so changes to its configuration are overwritten',
        source: 'config',
      });
    }
    // The teams' workloads and the cluster-wide verdicts are judged as before.
    const teams = ruled.results.filter(
      (r: any) => !['kube-system', 'gmp-system'].includes(r.target.namespace),
    );
    for (const r of teams)
      expect(r.status).toBe((before.get(key(r)) as any).status);
    expect(ruled.score).toBeGreaterThan(plain.score);
  });

  it('loads every shipped example config without a warning', async () => {
    const configDir = path.resolve(__dirname, '../../../examples/config');
    const example = path.resolve(
      __dirname,
      '../../../examples/clusters/dev-k3s',
    );
    const files = fs.readdirSync(configDir).filter(f => f.endsWith('.yaml'));
    expect(files).toEqual(
      expect.arrayContaining([
        'aks-managed-add-ons.yaml',
        'gke-managed-add-ons.yaml',
      ]),
    );
    for (const configFile of files) {
      const result = await run([
        'scan',
        example,
        '--config',
        path.join(configDir, configFile),
        '--fail-on',
        'never',
        '--format',
        'json',
      ]);
      // A misspelt check id in a rule is a report warning (it would exempt nothing).
      const configWarnings = (JSON.parse(result.stdout).warnings ?? []).filter(
        (w: string) => w.startsWith('haPosture.'),
      );
      expect({
        configFile,
        code: result.code,
        stderr: result.stderr,
        configWarnings,
      }).toEqual({
        configFile,
        code: 0,
        stderr: '',
        configWarnings: [],
      });
    }
  });

  it('reads stdin for - and names the cluster with --cluster', async () => {
    const result = await run(
      [
        'scan',
        '-',
        '--cluster',
        'ci',
        '--format',
        'json',
        '--fail-on',
        'never',
      ],
      SINGLE_REPLICA,
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.clusters.map((c: any) => [c.name, c.mode])).toEqual([
      ['ci', 'manifests'],
    ]);
    expect(report.results.every((r: any) => r.target.cluster === 'ci')).toBe(
      true,
    );
  });

  it('marks cluster-state checks skipped on plain manifests and counts ignored kinds', async () => {
    const manifest = file(
      'app.yaml',
      `${SINGLE_REPLICA}---\napiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: shop }\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: r, namespace: shop }\n`,
    );
    const report = JSON.parse(
      (
        await run([
          'scan',
          manifest,
          '--format',
          'json',
          '--now',
          '2025-01-15T10:00:00Z',
        ])
      ).stdout,
    );
    expect(report.categories.nodes.status).toBe('skipped');
    expect(report.ignored).toEqual({
      'v1/Secret': 1,
      'rbac.authorization.k8s.io/v1/Role': 1,
    });
    expect(report.generatedAt).toBe('2025-01-15T10:00:00.000Z');
  });

  it.each([
    [
      ['scan', 'missing.yaml'],
      /^ha-posture: missing\.yaml: no such file or directory\n$/,
    ],
    [['scan'], /^ha-posture: no input: /],
    [
      ['scan', '-', '--format', 'xml'],
      /argument 'xml' is invalid\. Allowed choices are table, json, sarif, junit/,
    ],
    [['scan', '-', '--fail-on', 'severe'], /argument 'severe' is invalid/],
    [
      ['scan', '-', '--now', 'tomorrow'],
      /^ha-posture: --now: "tomorrow" is not an ISO 8601 timestamp/,
    ],
    // Date.parse reads these as some date; a strict reading refuses them.
    [
      ['scan', '-', '--now', '5'],
      /^ha-posture: --now: "5" is not an ISO 8601 timestamp: write it as 2025-01-15T10:00:00Z/,
    ],
    [
      ['scan', '-', '--now', 'March 3'],
      /^ha-posture: --now: "March 3" is not an ISO 8601 timestamp/,
    ],
    [
      ['scan', '-', '--now', '2025-02-30T00:00:00Z'],
      /^ha-posture: --now: "2025-02-30T00:00:00Z" is not an ISO 8601 timestamp: 2025-02-30 is not a calendar date/,
    ],
    [
      ['scan', '-', '--now', '2025-01-15T10:00:00'],
      /^ha-posture: --now: .* a time without a zone is ambiguous/,
    ],
    [
      ['checks', 'extra'],
      /^error: too many arguments for 'checks'\. Expected 0 arguments but got 1\./,
    ],
    [['scan', '-', '--bogus'], /unknown option '--bogus'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])(
    'exits 2 with a one-line message for bad usage: %j',
    async (argv, message) => {
      const result = await run(argv as string[], SINGLE_REPLICA);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
    },
  );

  it('exits 2 naming file and line for bad input, without a stack trace', async () => {
    const bad = file('bad.yaml', `${SINGLE_REPLICA}---\nfoo: bar\n`);
    const result = await run(['scan', bad]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `ha-posture: ${bad}:14: document without apiVersion and kind (not a Kubernetes object)\n`,
    });
    const empty = await run(['scan', '-'], '\n# only a comment\n');
    expect(empty).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ha-posture: <stdin>: no Kubernetes objects found\n',
    });
  });

  it('exits 2 naming file and line for a label the API server would refuse and for an unread apiVersion', async () => {
    const label = file(
      'label.yaml',
      SINGLE_REPLICA.replace('labels: { app: web }', 'labels: { app: "web " }'),
    );
    expect(await run(['scan', label])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ha-posture: ${label}:10: Deployment shop/web: label "app" in spec.template.metadata.labels has value "web " which is not a valid label value (up to 63 characters, alphanumeric at both ends; - _ . inside)\n`,
    });
    const version = file(
      'version.yaml',
      SINGLE_REPLICA.replace('apps/v1', 'apps/v9'),
    );
    expect(await run(['scan', version])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ha-posture: ${version}:1: Deployment shop/web: apiVersion "apps/v9" is not a version this tool reads for Deployment (apps/v1)\n`,
    });
  });

  it('exits 2 naming both places when an object is defined twice, differently; identical repeats are fine', async () => {
    const twice = file('twice.yaml', `${SINGLE_REPLICA}---\n${SINGLE_REPLICA}`);
    expect((await run(['scan', twice, '--fail-on', 'never'])).code).toBe(0);
    const other = file(
      'other.yaml',
      `${SINGLE_REPLICA}---\n${SINGLE_REPLICA.replace(
        'replicas: 1',
        'replicas: 3',
      )}`,
    );
    expect(await run(['scan', other])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ha-posture: ${other}:14: Deployment shop/web is defined twice, differently: keep one definition (the other is at ${other}:1)\n`,
    });
  });

  it('exits 2 on an invalid config', async () => {
    const manifest = file('web.yaml', SINGLE_REPLICA);
    const config = file(
      'config.yaml',
      'checks:\n  no-such-check: { enabled: false }\n',
    );
    const result = await run(['scan', manifest, '--config', config]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `ha-posture: ${config}:2: checks.no-such-check: unknown check id\n`,
    });
  });

  it('exits 2 on a check parameter outside its range (minReplicas -1 would pass every workload)', async () => {
    const manifest = file('web.yaml', SINGLE_REPLICA);
    const config = file(
      'config.yaml',
      'checks:\n  replicas-min-floor:\n    params:\n      minReplicas: -1\n',
    );
    const result = await run(['scan', manifest, '--config', config]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `ha-posture: ${config}:4: checks.replicas-min-floor.params.minReplicas: expected a number of at least 1, got -1\n`,
    });
  });

  it('exits 0 for --help and --version', async () => {
    const help = await run(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--fail-on <severity>');
    const version = await run(['--version']);
    expect(version).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/),
      stderr: '',
    });
  });
});

describe('main: checks', () => {
  it('lists the catalog as a table, JSON and Markdown', async () => {
    const table = await run(['checks']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^CHECK +SEVERITY +SCOPE +TITLE\n/);
    const json = JSON.parse((await run(['checks', '--format', 'json'])).stdout);
    expect(json.length).toBeGreaterThan(0);
    expect(Object.keys(json[0])).toEqual(
      expect.arrayContaining([
        'id',
        'category',
        'severity',
        'rationale',
        'remediation',
        'parameters',
      ]),
    );
    expect((await run(['checks', '--format', 'markdown'])).stdout).toMatch(
      /^# HA Posture checks\n/,
    );
  });
});

describe('main: pods an operator controls (CloudNativePG)', () => {
  // The audit's repro: a 1-instance CloudNativePG Cluster beside a 1-replica StatefulSet. The
  // Cluster's pods were in no workload, so only the StatefulSet failed replicas-min-floor.
  const node = (name: string, zone: string) => `- apiVersion: v1
  kind: Node
  metadata: {name: ${name}, labels: {kubernetes.io/hostname: ${name}, topology.kubernetes.io/zone: ${zone}}}
  status: {conditions: [{type: Ready, status: "True"}]}
`;
  const DUMP = `apiVersion: v1
kind: List
items:
${node('w0', 'eu-1a')}${node('w1', 'eu-1b')}${node(
    'w2',
    'eu-1c',
  )}- apiVersion: postgresql.cnpg.io/v1
  kind: Cluster
  metadata: {name: pg, namespace: shop, uid: c1}
  spec: {instances: 1}
- apiVersion: v1
  kind: Pod
  metadata:
    name: pg-1
    namespace: shop
    uid: p1
    labels: {cnpg.io/cluster: pg, cnpg.io/instanceName: pg-1, role: primary}
    ownerReferences:
    - {apiVersion: postgresql.cnpg.io/v1, kind: Cluster, name: pg, uid: c1, controller: true}
  spec:
    nodeName: w0
    containers: [{name: postgres, image: ghcr.io/cloudnative-pg/postgresql:16}]
  status:
    phase: Running
    conditions: [{type: Ready, status: "True"}]
`;

  it('judges the Cluster from its pods and names it by its kind and group', async () => {
    const result = await run([
      'scan',
      file('dump.yaml', DUMP),
      '--format',
      'json',
      '--fail-on',
      'never',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.workloads).toEqual([
      expect.objectContaining({
        kind: 'Operated',
        namespace: 'shop',
        name: 'pg',
        operatedBy: {
          apiVersion: 'postgresql.cnpg.io/v1',
          kind: 'Cluster',
          name: 'pg',
        },
        replicas: { floor: 1, source: 'pods', available: 1, desired: 1 },
      }),
    ]);
    const floor = report.results.find(
      (r: any) => r.checkId === 'replicas-min-floor',
    );
    expect(floor).toMatchObject({
      status: 'fail',
      target: {
        kind: 'Cluster',
        apiGroup: 'postgresql.cnpg.io',
        namespace: 'shop',
        name: 'pg',
      },
    });
    expect(floor.message).toContain(
      "1 pod of Cluster shop/pg (postgresql.cnpg.io; counted from its pods: the operator's resource is not read)",
    );

    const table = await run([
      'scan',
      file('dump.yaml', DUMP),
      '--fail-on',
      'never',
    ]);
    expect(table.stdout).toContain('Cluster shop/pg (postgresql.cnpg.io)');
    expect(table.stdout).not.toContain('Operated');
  });
});

describe('main: --baseline', () => {
  const SECOND_SINGLE_REPLICA = SINGLE_REPLICA.replace(/\bweb\b/g, 'api');

  it('fails only on findings the baseline lacks, and passes again once they are in it', async () => {
    const manifest = file('web.yaml', SINGLE_REPLICA);
    const first = await run(['scan', manifest, '--format', 'json']);
    expect(first.code).toBe(1);
    const baseline = file('ha-baseline.json', first.stdout);

    // The same findings: known, so the scan passes and says so.
    const same = await run(['scan', manifest, '--baseline', baseline]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`Baseline ${baseline}: 0 new, 0 worse,`);
    expect(same.stdout).toContain('(in baseline)');

    // A second single-replica Deployment is new and fails the scan; the old one does not.
    // (The same file: a single file's name is its cluster's name.)
    file('web.yaml', `${SINGLE_REPLICA}---\n${SECOND_SINGLE_REPLICA}`);
    const grown = await run([
      'scan',
      manifest,
      '--baseline',
      baseline,
      '--format',
      'json',
    ]);
    expect(grown.code).toBe(1);
    const report = JSON.parse(grown.stdout);
    const floor = (name: string) =>
      report.results.find(
        (r: any) =>
          r.checkId === 'replicas-min-floor' && r.target.name === name,
      );
    expect(floor('web')).toMatchObject({
      status: 'fail',
      baselineState: 'unchanged',
    });
    expect(floor('api')).toMatchObject({
      status: 'fail',
      baselineState: 'new',
    });
    expect(report.verdict.baseline.new).toBeGreaterThan(0);
    expect(report.verdict.failing).toBe(
      report.results.filter(
        (r: any) =>
          r.status === 'fail' &&
          r.baselineState !== 'unchanged' &&
          ['critical', 'high'].includes(r.severity),
      ).length,
    );
  });

  it('warns when the baseline is of other clusters, as every finding is then new', async () => {
    const manifest = file('web.yaml', SINGLE_REPLICA);
    const first = await run([
      'scan',
      manifest,
      '--format',
      'json',
      '--cluster',
      'prod',
    ]);
    const baseline = file('ha-baseline.json', first.stdout);
    const other = await run([
      'scan',
      manifest,
      '--baseline',
      baseline,
      '--cluster',
      'staging',
    ]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(
      `--baseline ${baseline}: its findings are of prod, not of staging: every finding counts as new`,
    );
  });

  it('exits 2 on a baseline that is missing or not a JSON report', async () => {
    const manifest = file('web.yaml', SINGLE_REPLICA);
    const missing = path.join(dir, 'missing.json');
    expect(await run(['scan', manifest, '--baseline', missing])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ha-posture: --baseline ${missing}: no such file\n`,
    });
    const sarif = file(
      'report.sarif',
      (await run(['scan', manifest, '--format', 'sarif'])).stdout,
    );
    const result = await run(['scan', manifest, '--baseline', sarif]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'a SARIF log; the baseline is the JSON report',
    );
  });
});
