/**
 * CLI: serve the example clusters (default <repo>/examples/clusters) until
 * SIGINT/SIGTERM. Configuration problems print one line and exit with code 2.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FixtureConfigError } from './errors';
import { FaultRule, loadFaultsFile } from './faults';
import { startFixtureFleet } from './fleet';

const USAGE = `Usage: fixture-cluster [options]

  --clusters-dir DIR   folder with clusters.yaml and one folder per cluster
                       (default: <repo>/examples/clusters)
  --only a,b           serve only these clusters
  --port-offset N      add N to every configured port
  --faults FILE        fault rules (YAML or JSON), see README
  --log FILE           append one JSON line per request
  --no-time-shift      serve timestamps exactly as dumped
  -h, --help           show this help`;

/**
 * <repo>/examples/clusters, where <repo> is the nearest folder upwards from the
 * working directory whose package.json declares workspaces (the monorepo root;
 * `yarn workspace ... start` runs in the package folder).
 */
function defaultClustersDir(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces
    ) {
      return path.join(dir, 'examples', 'clusters');
    }
    if (path.dirname(dir) === dir) {
      throw new FixtureConfigError(
        'cannot find the repository root from the working directory; pass --clusters-dir',
      );
    }
  }
}

class UsageError extends Error {}

function parseCli(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'clusters-dir': { type: 'string' },
        only: { type: 'string' },
        'port-offset': { type: 'string' },
        faults: { type: 'string' },
        log: { type: 'string' },
        'no-time-shift': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const portOffset =
    values['port-offset'] === undefined ? 0 : Number(values['port-offset']);
  if (!Number.isInteger(portOffset)) {
    throw new UsageError(
      `--port-offset must be an integer, got '${values['port-offset']}'`,
    );
  }
  return {
    help: values.help ?? false,
    clustersDir: path.resolve(values['clusters-dir'] ?? defaultClustersDir()),
    only: values.only
      ? values.only
          .split(',')
          .map(s => s.trim())
          .filter(Boolean)
      : undefined,
    portOffset,
    faultsFile: values.faults,
    logFile: values.log,
    timeShift: !values['no-time-shift'],
  };
}

async function main(): Promise<void> {
  const args = parseCli(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const faults: FaultRule[] = args.faultsFile
    ? loadFaultsFile(args.faultsFile)
    : [];
  const fleet = await startFixtureFleet({
    clustersDir: args.clustersDir,
    only: args.only,
    portOffset: args.portOffset,
    faults,
    logFile: args.logFile,
    timeShift: args.timeShift,
  });
  for (const w of fleet.warnings) process.stderr.write(`warning: ${w}\n`);
  const width = Math.max(...fleet.clusters.map(c => c.name.length), 4);
  for (const c of fleet.clusters) {
    process.stdout.write(`${c.name.padEnd(width)}  ${c.url}  ${c.title}\n`);
  }
  if (faults.length > 0)
    process.stdout.write(`${faults.length} fault rule(s) active\n`);
  process.stdout.write('fixture clusters ready (Ctrl-C to stop)\n');

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    fleet.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(err => {
  if (err instanceof FixtureConfigError || err instanceof UsageError) {
    const hint = err instanceof UsageError ? ' (see --help)' : '';
    process.stderr.write(`fixture-cluster: ${err.message}${hint}\n`);
    process.exit(2);
  }
  process.stderr.write(`fixture-cluster: ${err?.stack ?? err}\n`);
  process.exit(1);
});
