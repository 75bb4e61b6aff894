/**
 * The repository's example clusters (examples/clusters) must load and serve
 * without errors. Skipped when the folder is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startFixtureFleet } from './fleet';
import { loadClustersDir } from './load';
import { request } from './__testUtils__/http';

const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples/clusters');
const present = fs.existsSync(path.join(EXAMPLES_DIR, 'clusters.yaml'));
if (!present) {
  // eslint-disable-next-line no-console
  console.warn(
    `example cluster tests skipped: ${EXAMPLES_DIR}/clusters.yaml not found`,
  );
}

(present ? describe : describe.skip)('example clusters', () => {
  it('load without errors', () => {
    const { clusters } = loadClustersDir(EXAMPLES_DIR);
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) {
      expect(c.objects!.length).toBeGreaterThan(0);
      expect(c.objects!.some((o: any) => o.kind === 'Secret')).toBe(false);
    }
  });

  it('serve discovery and a list of every served resource', async () => {
    const fleet = await startFixtureFleet({
      clustersDir: EXAMPLES_DIR,
      randomPorts: true,
    });
    try {
      for (const c of fleet.clusters) {
        const nodes = await request(`${c.url}/api/v1/nodes`);
        expect(nodes.status).toBe(200);
        const groups = (await request(`${c.url}/apis`)).body.groups;
        for (const g of groups) {
          const gv = g.preferredVersion.groupVersion;
          const resources = (await request(`${c.url}/apis/${gv}`)).body
            .resources;
          for (const r of resources) {
            const list = await request(`${c.url}/apis/${gv}/${r.name}?limit=1`);
            expect([list.status, `${c.name} ${gv}/${r.name}`]).toEqual([
              200,
              `${c.name} ${gv}/${r.name}`,
            ]);
          }
        }
      }
    } finally {
      await fleet.stop();
    }
  });
});
