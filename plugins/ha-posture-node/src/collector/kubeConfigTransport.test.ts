/**
 * Loading kubeconfigs (explicit file, $KUBECONFIG, ~/.kube/config) with clear errors, and the
 * Transport made from one, over real HTTP to the fixture cluster server with bearer-token auth.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixtureFleet, startFixtureFleet } from '@internal/fixture-cluster';
import { kubeadmHa3z } from '../testing';
import { collectCluster } from './collectCluster';
import {
  createKubeConfigTransport,
  KubeConfigError,
  kubeConfigContexts,
  loadKubeConfig,
} from './kubeConfigTransport';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-posture-kubeconfig-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

interface Entry {
  name: string;
  server?: string;
  token?: string;
  cluster?: string;
}

/** A kubeconfig with one cluster, user and context per entry. */
function kubeconfig(entries: Entry[], currentContext?: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const e of entries) {
    if (e.server === undefined) continue;
    lines.push(`- name: ${e.name}`, '  cluster:', `    server: ${e.server}`);
  }
  lines.push('users:');
  for (const e of entries) {
    lines.push(`- name: ${e.name}`, '  user:', `    token: ${e.token ?? 'x'}`);
  }
  lines.push('contexts:');
  for (const e of entries) {
    lines.push(
      `- name: ${e.name}`,
      '  context:',
      `    cluster: ${e.cluster ?? e.name}`,
      `    user: ${e.name}`,
    );
  }
  if (currentContext) lines.push(`current-context: ${currentContext}`);
  return `${lines.join('\n')}\n`;
}

const TWO = [
  { name: 'alpha', server: 'https://alpha.example:6443' },
  { name: 'beta', server: 'https://beta.example:6443' },
];

/** The error message of a rejected load, asserting it is a KubeConfigError. */
async function loadError(
  options: Parameters<typeof loadKubeConfig>[0],
): Promise<string> {
  const error = await loadKubeConfig(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KubeConfigError);
  return (error as Error).message;
}

describe('loadKubeConfig', () => {
  it('loads an explicit file with its current context, or the context asked for', async () => {
    const file = write('config', kubeconfig(TWO, 'alpha'));
    const current = await loadKubeConfig({ file });
    expect(current.getCurrentContext()).toBe('alpha');
    expect(current.getCurrentCluster()?.server).toBe(
      'https://alpha.example:6443',
    );
    const chosen = await loadKubeConfig({ file, context: 'beta' });
    expect(chosen.getCurrentCluster()?.server).toBe(
      'https://beta.example:6443',
    );
  });

  it('lists the contexts of a file, or of the merged $KUBECONFIG files', async () => {
    const file = write('config', kubeconfig(TWO, 'alpha'));
    expect(await kubeConfigContexts({ file })).toEqual(['alpha', 'beta']);
    const other = write(
      'other',
      kubeconfig([{ name: 'gamma', server: 'https://gamma.example:6443' }]),
    );
    expect(
      await kubeConfigContexts({
        env: { KUBECONFIG: [file, other].join(path.delimiter) },
      }),
    ).toEqual(['alpha', 'beta', 'gamma']);
    const missing = path.join(dir, 'nope.yaml');
    await expect(kubeConfigContexts({ file: missing })).rejects.toThrow(
      `kubeconfig ${missing}: no such file`,
    );
  });

  it('names a missing file, a folder, and a file that is not a kubeconfig', async () => {
    const missing = path.join(dir, 'nope.yaml');
    expect(await loadError({ file: missing })).toBe(
      `kubeconfig ${missing}: no such file`,
    );
    expect(await loadError({ file: dir })).toBe(
      `kubeconfig ${dir}: is a folder, not a kubeconfig file`,
    );
    const garbage = write('garbage.yaml', 'clusters: [unclosed\n');
    expect(await loadError({ file: garbage })).toMatch(
      new RegExp(`^kubeconfig ${garbage}: not a valid kubeconfig \\(.+\\)$`),
    );
  });

  it('lists the available contexts when the one asked for does not exist, or none is current', async () => {
    const file = write('config', kubeconfig(TWO));
    expect(await loadError({ file, context: 'gamma' })).toBe(
      `kubeconfig ${file}: context "gamma" not found (available: alpha, beta)`,
    );
    expect(await loadError({ file })).toBe(
      `kubeconfig ${file}: no current-context is set; choose a context (available: alpha, beta)`,
    );
    const empty = write('empty', 'apiVersion: v1\nkind: Config\n');
    expect(await loadError({ file: empty, context: 'alpha' })).toBe(
      `kubeconfig ${empty}: context "alpha" not found (available: none)`,
    );
  });

  it('rejects a context whose cluster is missing or has no server URL', async () => {
    const file = write(
      'config',
      kubeconfig([
        { name: 'no-server' },
        { name: 'dangling', server: 'https://x:6443', cluster: 'elsewhere' },
      ]),
    );
    expect(await loadError({ file, context: 'no-server' })).toBe(
      `kubeconfig ${file}: context "no-server" uses cluster "no-server", which is not defined or has no server URL`,
    );
    expect(await loadError({ file, context: 'dangling' })).toMatch(
      /context "dangling" uses cluster "elsewhere", which is not defined/,
    );
  });

  it('merges the files of $KUBECONFIG (skipping missing ones), the first definition winning', async () => {
    const first = write(
      'a',
      kubeconfig(
        [{ name: 'alpha', server: 'https://first.example:6443' }],
        'alpha',
      ),
    );
    const second = write(
      'b',
      kubeconfig(
        [
          { name: 'alpha', server: 'https://second.example:6443' },
          { name: 'beta', server: 'https://beta.example:6443' },
        ],
        'beta',
      ),
    );
    const env = {
      KUBECONFIG: [first, path.join(dir, 'missing'), second].join(
        path.delimiter,
      ),
    };
    const merged = await loadKubeConfig({ env });
    expect(merged.getCurrentContext()).toBe('alpha');
    expect(merged.getCurrentCluster()?.server).toBe(
      'https://first.example:6443',
    );
    const beta = await loadKubeConfig({ env, context: 'beta' });
    expect(beta.getCurrentCluster()?.server).toBe('https://beta.example:6443');
  });

  it('explains when no default kubeconfig exists, and falls back to ~/.kube/config', async () => {
    const missing = path.join(dir, 'missing');
    expect(await loadError({ env: { KUBECONFIG: missing } })).toBe(
      `kubeconfig: no file of $KUBECONFIG exists (${missing})`,
    );
    expect(await loadError({ env: { HOME: dir } })).toBe(
      `kubeconfig: none found ($KUBECONFIG is not set and ${path.join(
        dir,
        '.kube',
        'config',
      )} does not exist)`,
    );
    write('.kube/config', kubeconfig(TWO, 'beta'));
    const home = await loadKubeConfig({ env: { HOME: dir } });
    expect(home.getCurrentContext()).toBe('beta');
  });
});

describe('createKubeConfigTransport over the fixture cluster', () => {
  let fleet: FixtureFleet;
  beforeAll(async () => {
    fleet = await startFixtureFleet({
      randomPorts: true,
      timeShift: false,
      clusters: [{ name: 'secured', objects: kubeadmHa3z(), token: 's3cret' }],
    });
  });
  afterAll(() => fleet?.stop());

  it('sends the bearer token of the kubeconfig user to a plain-http server and reads the cluster', async () => {
    const file = write(
      'config',
      kubeconfig(
        [{ name: 'secured', server: fleet.url('secured'), token: 's3cret' }],
        'secured',
      ),
    );
    const transport = createKubeConfigTransport({
      kubeConfig: () => loadKubeConfig({ file }),
      timeoutMs: 10_000,
    });
    const version = await transport({ path: '/version' });
    expect(version.status).toBe(200);
    const { snapshot } = await collectCluster({
      cluster: { name: 'secured' },
      transport,
    });
    expect(snapshot.errors).toBeUndefined();
    expect(snapshot.objects.nodes?.length).toBeGreaterThan(0);
  });

  it('gets 401 with the wrong token, and the collector reports the cluster forbidden', async () => {
    const file = write(
      'config',
      kubeconfig(
        [{ name: 'secured', server: fleet.url('secured'), token: 'wrong' }],
        'secured',
      ),
    );
    const transport = createKubeConfigTransport({
      kubeConfig: await loadKubeConfig({ file }),
    });
    expect((await transport({ path: '/version' })).status).toBe(401);
    const { snapshot } = await collectCluster({
      cluster: { name: 'secured' },
      transport,
      retries: 0,
    });
    expect(snapshot.servedGroupVersions).toBeUndefined();
    expect(snapshot.fetch.nodes?.status).toBe('forbidden');
  });

  it('rejects requests while the kubeconfig cannot be loaded, and tries again on the next one', async () => {
    const file = path.join(dir, 'later');
    const transport = createKubeConfigTransport({
      kubeConfig: () => loadKubeConfig({ file }),
    });
    await expect(transport({ path: '/version' })).rejects.toThrow(
      `kubeconfig ${file}: no such file`,
    );
    write(
      'later',
      kubeconfig(
        [{ name: 'secured', server: fleet.url('secured'), token: 's3cret' }],
        'secured',
      ),
    );
    expect((await transport({ path: '/version' })).status).toBe(200);
  });
});
