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
  it('load without errors or warnings', () => {
    const { clusters, warnings } = loadClustersDir(EXAMPLES_DIR);
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) {
      expect(c.objects!.length).toBeGreaterThan(0);
      expect(c.objects!.some((o: any) => o.kind === 'Secret')).toBe(false);
    }
    expect(warnings).toEqual([]);
  }, 60_000);

  it('serve discovery and a list of every served resource', async () => {
    const fleet = await startFixtureFleet({
      clustersDir: EXAMPLES_DIR,
      randomPorts: true,
    });
    try {
      // e.g. kinds in the dumps that neither a built-in type nor a CRD serves
      expect(fleet.warnings).toEqual([]);
      const failures: string[] = [];
      for (const c of fleet.clusters) {
        const groups = (await request(`${c.url}/apis`)).body.groups;
        const groupVersions = [
          'v1',
          ...groups.map((g: any) => g.preferredVersion.groupVersion),
        ];
        for (const gv of groupVersions) {
          const base = gv === 'v1' ? `${c.url}/api/v1` : `${c.url}/apis/${gv}`;
          for (const r of (await request(base)).body.resources) {
            if (r.name === 'secrets') continue;
            const list = await request(`${base}/${r.name}?limit=1`);
            if (list.status !== 200) {
              failures.push(`${c.name} ${gv}/${r.name}: ${list.status}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    } finally {
      await fleet.stop();
    }
  }, 60_000);
});
