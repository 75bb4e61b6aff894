import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixtureFleet } from '@internal/fixture-cluster';
import {
  authHeader,
  refreshAndWait,
  startExampleFleet,
  startHaTestBackend,
  waitForCatalog,
} from '@internal/ha-test-backend';
import { collectCluster } from '@ha-posture/plugin-ha-posture-node';
import request from 'supertest';
import { KubeconfigClusterSource } from './KubeconfigClusterSource';

jest.setTimeout(180_000);

let fleet: FixtureFleet;
let dir: string;
let file: string;

/** A kubeconfig with one context per example cluster, in reverse order (contexts keep file order). */
function writeKubeconfig(): string {
  const clusters = [...fleet.clusters].reverse();
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of clusters) lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.url}`);
  lines.push('users:', '- name: reader', '  user:', '    token: test-token');
  lines.push('contexts:');
  for (const c of clusters)
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, '    user: reader');
  const target = path.join(dir, 'config');
  fs.writeFileSync(target, `${lines.join('\n')}\n`);
  return target;
}

beforeAll(async () => {
  fleet = await startExampleFleet();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-posture-kubeconfig-source-'));
  file = writeKubeconfig();
});

afterAll(async () => {
  await fleet?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('KubeconfigClusterSource', () => {
  it('lists every context of the file as a cluster, or only the configured ones', async () => {
    const all = new KubeconfigClusterSource({ file, requestTimeoutMs: 10_000 });
    expect((await all.listClusters()).map(c => c.name)).toEqual(
      [...fleet.clusters].reverse().map(c => c.name),
    );
    const some = new KubeconfigClusterSource({
      file,
      contexts: ['prod-us'],
      requestTimeoutMs: 10_000,
    });
    expect(await some.listClusters()).toEqual([{ name: 'prod-us' }]);
  });

  it('reads a cluster over real HTTP with the context’s server and token', async () => {
    const source = new KubeconfigClusterSource({
      file,
      requestTimeoutMs: 10_000,
    });
    const { snapshot } = await collectCluster({
      cluster: { name: 'prod-eu' },
      transport: source.transportFor({ name: 'prod-eu' }),
    });
    expect(snapshot.errors).toBeUndefined();
    expect(snapshot.objects.nodes?.length).toBeGreaterThan(0);
  });

  it('fails only the cluster of a context that does not exist, naming the ones that do', async () => {
    const source = new KubeconfigClusterSource({
      file,
      contexts: ['nope'],
      requestTimeoutMs: 10_000,
    });
    await expect(source.transportFor({ name: 'nope' })({ path: '/version' })).rejects.toThrow(
      /context "nope" not found \(available: .*prod-eu/,
    );
  });

  it('fails the listing with the reason when the kubeconfig is missing', async () => {
    const missing = path.join(dir, 'missing');
    const source = new KubeconfigClusterSource({
      file: missing,
      requestTimeoutMs: 10_000,
    });
    await expect(source.listClusters()).rejects.toThrow(`kubeconfig ${missing}: no such file`);
  });

  it('feeds a real backend configured with haPosture.source kubeconfig', async () => {
    const backend = await startHaTestBackend({
      fleet,
      haPosture: { source: 'kubeconfig', kubeconfig: { file } },
    });
    try {
      await waitForCatalog(backend.server);
      fleet.resetRequests();
      const refresh = await refreshAndWait(backend.server);
      expect(refresh.errors).toEqual([]);
      expect(refresh.clusters).toBe(fleet.clusters.length);
      const clusters = await request(backend.server)
        .get('/api/ha-posture/clusters')
        .set(authHeader());
      expect(clusters.status).toBe(200);
      expect(clusters.body.items.map((c: any) => c.cluster.name).sort()).toEqual(
        fleet.clusters.map(c => c.name).sort(),
      );
    } finally {
      await backend.stop();
    }
  });
});
