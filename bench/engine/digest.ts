/**
 * Prints a SHA-256 digest of everything `evaluate` returns (clusters, workloads, entities, overall,
 * warnings) for generated fleets, so a performance change can be shown to change no result:
 * run it before and after, the digests must be equal.
 *
 *   node --import tsx bench/engine/digest.ts [--pods 1000,3000] [--clusters 2] [--checks <id|category>,...]
 *
 * `--checks` evaluates only those built-in checks (ids or categories), to verify one change while
 * other checks are being edited.
 */
import { createHash } from 'node:crypto';
import {
  BUILTIN_CHECKS,
  evaluate,
  snapshotFromObjects,
} from '@ha-posture/plugin-ha-posture-node';
import { generateFleet } from './fleet';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const clusters = Number(option('clusters', '2'));
const only = option('checks', '').split(',').filter(Boolean);
const checks = only.length
  ? BUILTIN_CHECKS.filter(c => only.includes(c.id) || only.includes(c.category))
  : BUILTIN_CHECKS;
if (checks.length === 0)
  throw new Error(`no built-in check matches --checks ${only.join(',')}`);
for (const pods of option('pods', '1000,3000').split(',').map(Number)) {
  const fleet = generateFleet({
    pods,
    clusters,
    entities: Math.ceil(pods / 30),
  });
  // Through JSON, as the collector hands objects to the engine.
  const snapshots = fleet.clusters.map(
    cluster =>
      snapshotFromObjects(
        JSON.parse(
          JSON.stringify(
            cluster.lists.map(list => ({
              apiVersion: list.apiVersion,
              kind: `${list.kind}List`,
              metadata: {},
              items: list.items,
            })),
          ),
        ),
        {
          cluster: { name: cluster.name, region: cluster.region },
          mode: 'live',
          now: fleet.capturedAt,
          fetchedAt: fleet.capturedAt,
        },
      ).snapshot,
  );
  const output = evaluate(snapshots, {
    entities: fleet.entities,
    today: new Date(fleet.capturedAt),
    checks,
  });
  const json = JSON.stringify(output);
  const digest = createHash('sha256').update(json).digest('hex').slice(0, 16);
  process.stdout.write(
    `${pods} pods, ${clusters} clusters, ${checks.length} checks: ${digest} (${
      output.workloads.length
    } workloads, ${(json.length / 1e6).toFixed(1)} MB)\n`,
  );
}
