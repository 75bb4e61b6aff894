import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixtureConfigError } from './errors';
import { loadClustersDir, parseManifests } from './load';
import { FIXTURES_DIR } from './__testUtils__/http';

describe('parseManifests', () => {
  it('flattens multi-document files and Lists, and drops Secrets', () => {
    const { objects, warnings } = parseManifests(
      `
apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: ConfigMap, metadata: { name: a, namespace: x } }
  - { apiVersion: v1, kind: Secret, metadata: { name: s, namespace: x } }
---
apiVersion: v1
kind: Secret
metadata: { name: t, namespace: x }
---
apiVersion: apps/v1
kind: DeploymentList
items:
  - metadata: { name: d, namespace: x }
---
# empty document
---
kind: Pod
metadata: { name: no-api-version }
`,
      'test.yaml',
    );
    expect(
      objects.map(o => `${o.apiVersion} ${o.kind} ${o.metadata.name}`),
    ).toEqual(['v1 ConfigMap a', 'apps/v1 Deployment d']);
    expect(warnings).toEqual([
      'test.yaml: skipped an object without apiVersion, kind or metadata.name',
    ]);
  });

  it('reports broken YAML as a one-line config error', () => {
    const run = () => parseManifests('a: [1, 2\nb: }', 'bad.yaml');
    expect(run).toThrow(FixtureConfigError);
    expect(run).toThrow(/^bad\.yaml: invalid YAML: [^\n]*$/);
  });
});

describe('loadClustersDir', () => {
  it('loads the test fixtures', () => {
    const { clusters, warnings } = loadClustersDir(FIXTURES_DIR);
    expect(clusters.map(c => c.name)).toEqual(['alpha', 'beta']);
    const alpha = clusters[0];
    expect(alpha).toMatchObject({
      title: 'Alpha (kubeadm, 3 zones)',
      port: 17901,
      capturedAt: '2026-11-20T10:00:00Z',
      version: { major: '1', minor: '31', gitVersion: 'v1.31.4' },
    });
    expect(alpha.objects!.some((o: any) => o.kind === 'Secret')).toBe(false);
    expect(alpha.objects!.filter((o: any) => o.kind === 'Pod')).toHaveLength(6);
    expect(warnings).toEqual([]);
  });

  it('honours only, and rejects unknown names', () => {
    expect(
      loadClustersDir(FIXTURES_DIR, { only: ['beta'] }).clusters.map(
        c => c.name,
      ),
    ).toEqual(['beta']);
    expect(() => loadClustersDir(FIXTURES_DIR, { only: ['gamma'] })).toThrow(
      /unknown cluster\(s\) gamma/,
    );
  });

  describe('config errors', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-load-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (files: Record<string, string>) => {
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
    };

    it.each<[string, Record<string, string>, RegExp]>([
      ['missing clusters.yaml', {}, /missing .*clusters\.yaml/],
      [
        'no clusters list',
        { 'clusters.yaml': 'foo: 1' },
        /expected a top-level 'clusters:' list/,
      ],
      [
        'bad port',
        { 'clusters.yaml': 'clusters: [{ name: a, port: 99999 }]' },
        /port must be an integer/,
      ],
      [
        'bad capturedAt',
        { 'clusters.yaml': 'clusters: [{ name: a, capturedAt: yesterday }]' },
        /capturedAt must be an RFC3339 timestamp/,
      ],
      [
        'missing cluster folder',
        { 'clusters.yaml': 'clusters: [{ name: a }]' },
        /cluster folder not found/,
      ],
      [
        'broken dump',
        { 'clusters.yaml': 'clusters: [{ name: a }]', 'a/x.yaml': 'kind: [\n' },
        /x\.yaml: invalid YAML/,
      ],
    ])('%s', (_name, files, message) => {
      write(files);
      const run = () => loadClustersDir(dir);
      expect(run).toThrow(FixtureConfigError);
      expect(run).toThrow(message);
    });

    it('a missing directory', () => {
      expect(() => loadClustersDir(path.join(dir, 'nope'))).toThrow(
        /clusters directory not found/,
      );
    });
  });
});
