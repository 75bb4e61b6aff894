import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../exitCodes';
import { ClusterInput, loadInputs } from './loadInputs';

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n`;

let root: string;
let cwd: string;

/** Writes files under a fresh temp folder: { 'a/b.yaml': 'text' }. */
function tree(files: Record<string, string | Buffer>): void {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
}

const noStdin = async (): Promise<Uint8Array> => {
  throw new Error('stdin must not be read');
};

const load = (paths: string[], clusterName?: string, stdin = noStdin) =>
  loadInputs(paths, { clusterName, readStdin: stdin });

const shape = (inputs: ClusterInput[]) =>
  inputs.map(i => ({
    ...i.cluster,
    now: i.now,
    objects: i.objects.map(
      o => `${o.object.metadata.name}@${o.location.file}:${o.location.line}`,
    ),
  }));

async function usageError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error.message;
}

beforeEach(() => {
  cwd = process.cwd();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-posture-inputs-'));
  process.chdir(root);
});

afterEach(() => {
  process.chdir(cwd);
  fs.rmSync(root, { recursive: true, force: true });
});

describe('loadInputs', () => {
  it('makes one cluster per PATH, named after the file or folder', async () => {
    tree({
      'prod.yaml': deployment('a'),
      'dev/x/one.yml': deployment('b'),
      'dev/two.json':
        '{"apiVersion":"v1","kind":"Service","metadata":{"name":"c"}}',
      'dev/notes.txt': 'ignored',
      'dev/.hidden.yaml': 'not: read',
    });
    expect(shape(await load(['prod.yaml', 'dev']))).toEqual([
      { name: 'prod', now: undefined, objects: ['a@prod.yaml:1'] },
      {
        name: 'dev',
        now: undefined,
        objects: ['c@dev/two.json:1', 'b@dev/x/one.yml:1'],
      },
    ]);
  });

  it('merges every PATH into one cluster with --cluster', async () => {
    tree({ 'a.yaml': deployment('a'), 'b.yaml': deployment('b') });
    const [merged, ...rest] = await load(['a.yaml', 'b.yaml'], 'prod');
    expect(rest).toEqual([]);
    expect(merged.cluster).toEqual({ name: 'prod' });
    expect(merged.inputs).toEqual(['a.yaml', 'b.yaml']);
    expect(merged.objects).toHaveLength(2);
  });

  it('reads stdin for -', async () => {
    const [input] = await load(['-'], undefined, async () =>
      Buffer.from(deployment('piped')),
    );
    expect(shape([input])).toEqual([
      { name: 'stdin', now: undefined, objects: ['piped@<stdin>:1'] },
    ]);
  });

  it('treats a folder with clusters.yaml as a fleet: one cluster per listed sub-folder, with its metadata', async () => {
    tree({
      'fleet/clusters.yaml':
        'clusters:\n  - name: eu\n    title: Production EU\n    region: eu-west-1\n    capturedAt: 2025-01-15T10:00:00Z\n    port: 0\n  - name: gke\n    location: europe-west1\n    version: { gitVersion: v1.31.2-gke.1 }\n',
      'fleet/eu/objects.yaml': deployment('a'),
      'fleet/gke/objects.yaml': deployment('b'),
      'fleet/unlisted/objects.yaml': deployment('c'),
    });
    const inputs = await load(['fleet']);
    expect(shape(inputs)).toEqual([
      {
        name: 'eu',
        title: 'Production EU',
        region: 'eu-west-1',
        now: '2025-01-15T10:00:00.000Z',
        objects: [`a@${path.join('fleet', 'eu', 'objects.yaml')}:1`],
      },
      {
        name: 'gke',
        location: 'europe-west1',
        now: undefined,
        objects: [`b@${path.join('fleet', 'gke', 'objects.yaml')}:1`],
      },
    ]);
    expect(inputs[1].version).toEqual({ gitVersion: 'v1.31.2-gke.1' });
  });

  it("gives a cluster folder the metadata of its entry in the parent's clusters.yaml", async () => {
    tree({
      'fleet/clusters.yaml':
        'clusters:\n  - name: gke\n    location: europe-west1-b\n',
      'fleet/gke/a.yaml': deployment('a'),
    });
    const [input] = await load([path.join('fleet', 'gke')]);
    expect(input.cluster).toEqual({ name: 'gke', location: 'europe-west1-b' });
    // Renamed with --cluster, a single folder keeps its facts.
    const [renamed] = await load([path.join('fleet', 'gke')], 'other');
    expect(renamed.cluster).toEqual({
      name: 'other',
      location: 'europe-west1-b',
    });
  });

  it('ignores a parent clusters.yaml that belongs to another tool', async () => {
    tree({
      'clusters.yaml': 'kind: SomethingElse\n',
      'app/a.yaml': deployment('a'),
    });
    expect((await load(['app']))[0].cluster).toEqual({ name: 'app' });
  });

  it('rejects missing paths, empty folders, empty input and duplicate cluster names', async () => {
    tree({
      'empty.yaml': '# nothing\n---\n',
      'docs/readme.md': '#',
      'a/x.yaml': deployment('a'),
      'b/a/y.yaml': deployment('b'),
    });
    expect(await usageError(load(['nope.yaml']))).toBe(
      'nope.yaml: no such file or directory',
    );
    expect(await usageError(load(['docs']))).toBe(
      'docs: no *.yaml, *.yml or *.json files in this folder',
    );
    expect(await usageError(load(['empty.yaml']))).toBe(
      'empty.yaml: no Kubernetes objects found',
    );
    expect(await usageError(load([]))).toMatch(/^no input/);
    expect(await usageError(load(['a', path.join('b', 'a')]))).toMatch(
      /would both be cluster "a"/,
    );
    expect(await usageError(load(['-', '-']))).toBe(
      '- (stdin) can be given only once',
    );
  });

  it('rejects binary files found in folders, naming them', async () => {
    tree({
      'c/a.yaml': deployment('a'),
      'c/b.json': Buffer.from([0x7b, 0x00, 0x7d]),
    });
    expect(await usageError(load(['c']))).toBe(
      `${path.join(
        'c',
        'b.json',
      )}: binary content (NUL bytes), expected YAML or JSON text`,
    );
  });

  it('rejects invalid fleets and --cluster on a fleet', async () => {
    tree({
      'f/clusters.yaml': 'clusters:\n  - name: eu\n',
      'g/clusters.yaml': 'clusters:\n  - name: x\n    capturedAt: yesterday\n',
      'h/clusters.yaml': 'clusters:\n  - name: eu\n',
      'h/eu/a.yaml': deployment('a'),
    });
    expect(await usageError(load(['f']))).toMatch(
      /folder of cluster "eu" \(listed in .*clusters\.yaml\) not found/,
    );
    expect(await usageError(load(['g']))).toMatch(
      /clusters\[0\]\.capturedAt must be an ISO 8601 timestamp/,
    );
    tree({ 'a/clusters.yaml': 'clusters: *elsewhere\n' });
    expect(await usageError(load(['a']))).toBe(
      'a/clusters.yaml: invalid YAML: Unresolved alias (the anchor must be set before the alias): elsewhere',
    );
    // Date.parse would read "5" as a year, and roll February 30 over into March.
    for (const capturedAt of ['5', '2025-02-30T00:00:00Z']) {
      tree({
        [`n/clusters.yaml`]: `clusters:\n  - name: x\n    capturedAt: "${capturedAt}"\n`,
      });
      expect(await usageError(load(['n']))).toMatch(
        /clusters\[0\]\.capturedAt must be an ISO 8601 timestamp, got "[^"]+" \(.+\)$/,
      );
    }
    expect(await usageError(load(['h'], 'prod'))).toMatch(
      /^--cluster cannot merge the clusters listed in h\/clusters\.yaml/,
    );
  });

  it('follows a symlinked folder loop only once', async () => {
    tree({ 'c/a.yaml': deployment('a') });
    fs.symlinkSync(path.join(root, 'c'), path.join(root, 'c', 'loop'));
    expect((await load(['c']))[0].objects).toHaveLength(1);
  });

  it('reports unreadable files', async () => {
    tree({ 'locked.yaml': deployment('a') });
    const denied = Object.assign(new Error('EACCES: permission denied'), {
      code: 'EACCES',
    });
    const spy = jest.spyOn(fs, 'readFileSync').mockImplementationOnce(() => {
      throw denied;
    });
    try {
      expect(await usageError(load(['locked.yaml']))).toBe(
        'locked.yaml: permission denied',
      );
    } finally {
      spy.mockRestore();
    }
  });
});
