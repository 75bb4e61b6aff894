/**
 * Golden verdicts of the example clusters: per cluster, the category statuses (over everything,
 * and over the cluster-scope checks only) and every non-skipped `checkId target status`, locked
 * in src/__golden__/<cluster>.json. A change in a check or in the examples shows up here as a
 * reviewable diff.
 * Regenerate: UPDATE_GOLDEN=1 CI=true yarn workspace @ha-posture/cli test src/golden
 * (then compare the diff with the expected verdicts in examples/clusters/README.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { HaReport, HaResult } from '@ha-posture/plugin-ha-posture-common';
import { runScan } from './commands/scan';
import { readClustersManifest } from './input/clustersManifest';
import { describeTarget } from './scanResult';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(REPO_ROOT, 'examples', 'clusters');
const GOLDEN_DIR = path.join(__dirname, '__golden__');
const CLUSTERS = readClustersManifest(EXAMPLES, 'examples/clusters') ?? [];
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const statuses = (categories: HaReport['categories']) =>
  Object.fromEntries(
    Object.entries(categories).map(([category, summary]) => [
      category,
      summary.status,
    ]),
  );

const line = (r: HaResult) =>
  `${r.checkId} ${describeTarget(r.target)} ${r.status}`;

async function projection(name: string, capturedAt: string | undefined) {
  const scan = await runScan(
    [path.join(EXAMPLES, name)],
    {
      format: 'json',
      failOn: 'high',
      ...(capturedAt ? { now: capturedAt } : {}),
    },
    async () => Buffer.alloc(0),
  );
  const { overall, clusters } = scan.evaluation;
  return {
    cluster: name,
    score: overall.score,
    grade: overall.grade,
    // Worst over the cluster checks and every workload (the report's categories).
    categories: statuses(overall.categories),
    // Cluster-scope checks only: what the cluster tables of examples/clusters/README.md give.
    clusterChecks: statuses(clusters[0].categories),
    results: overall.results
      .filter(r => r.status !== 'skipped')
      .map(line)
      .sort(),
  };
}

jest.setTimeout(60_000);

it('has example clusters', () => {
  expect(CLUSTERS.length).toBeGreaterThan(0);
});

it.each(CLUSTERS.map(c => [c.name, c.capturedAt] as const))(
  'examples/clusters/%s matches src/__golden__',
  async (name, capturedAt) => {
    const actual = `${JSON.stringify(
      await projection(name, capturedAt),
      null,
      2,
    )}\n`;
    const file = path.join(GOLDEN_DIR, `${name}.json`);
    if (UPDATE) {
      fs.mkdirSync(GOLDEN_DIR, { recursive: true });
      fs.writeFileSync(file, actual);
      return;
    }
    if (!fs.existsSync(file))
      throw new Error(
        `no golden file ${path.relative(
          REPO_ROOT,
          file,
        )}: run UPDATE_GOLDEN=1 CI=true yarn workspace @ha-posture/cli test src/golden`,
      );
    // Parsed, so the diff jest prints is per result line.
    expect(JSON.parse(actual)).toEqual(
      JSON.parse(fs.readFileSync(file, 'utf8')),
    );
  },
);
