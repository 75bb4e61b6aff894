/**
 * Starting a fleet: one ClusterServer per cluster, sharing one fault rule set,
 * each with its own request log. The programmatic entry point for tests,
 * benchmarks and the CLI.
 */
import fs from 'node:fs';
import { ClusterData } from './clusterData';
import { FixtureConfigError } from './errors';
import { FaultRule, FaultRuleState, FaultSet } from './faults';
import { ClusterSpec, loadClustersDir } from './load';
import { DEFAULT_CONTINUE_TTL_MS } from './pagination';
import { DEFAULT_MAX_ENTRIES, RequestLog, RequestRecorder } from './requestLog';
import { ClusterServer } from './server';

export type FixtureFleetOptions = {
  /** A folder with clusters.yaml and one sub-folder of dumps per cluster. */
  clustersDir?: string;
  /** Clusters given in memory (added to those from `clustersDir`). */
  clusters?: ClusterSpec[];
  /** Serve only these clusters from `clustersDir`. */
  only?: string[];
  faults?: FaultRule[];
  /** Shift timestamps so the data looks live (default true). */
  timeShift?: boolean;
  /** How long a `continue` token stays valid (default 5 minutes). */
  continueTtlMs?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Added to every configured (non-zero) port. */
  portOffset?: number;
  /** Ignore configured ports and listen on free ones (parallel tests). */
  randomPorts?: boolean;
  /** Appends one JSON line per request (with the cluster name). */
  logFile?: string;
  /** Request log entries kept per cluster (default 10,000). */
  maxLogEntries?: number;
};

export type FleetCluster = {
  name: string;
  title: string;
  url: string;
  port: number;
};

export type FixtureFleet = {
  clusters: FleetCluster[];
  /** Load warnings (skipped objects, kinds no CRD defines, duplicates). */
  warnings: string[];
  url(name: string): string;
  requests(name: string): RequestLog;
  /** Resets one cluster's request log, or every cluster's. */
  resetRequests(name?: string): void;
  /** Replaces the fleet's fault rules (and resets their `times` counters). */
  setFaults(rules: FaultRule[]): void;
  faults(): FaultRuleState[];
  /** Replaces a cluster's objects; the list resourceVersion moves on, so old continue tokens get 410. */
  setObjects(name: string, objects: unknown[]): void;
  stop(): Promise<void>;
};

function openLog(file: string): fs.WriteStream {
  let fd: number;
  try {
    fd = fs.openSync(file, 'a');
  } catch (e) {
    throw new FixtureConfigError(
      `cannot open log file ${file}: ${(e as Error).message}`,
    );
  }
  return fs.createWriteStream(file, { fd });
}

function effectivePorts(
  specs: ClusterSpec[],
  opts: FixtureFleetOptions,
): number[] {
  const seen = new Map<number, string>();
  return specs.map(spec => {
    if (opts.randomPorts || !spec.port) return 0;
    const port = spec.port + (opts.portOffset ?? 0);
    if (port < 1 || port > 65535) {
      throw new FixtureConfigError(
        `cluster ${spec.name}: port ${port} is out of range`,
      );
    }
    const other = seen.get(port);
    if (other) {
      throw new FixtureConfigError(
        `clusters ${other} and ${spec.name} both use port ${port}`,
      );
    }
    seen.set(port, spec.name);
    return port;
  });
}

export async function startFixtureFleet(
  opts: FixtureFleetOptions = {},
): Promise<FixtureFleet> {
  const warnings: string[] = [];
  const specs: ClusterSpec[] = [];
  if (opts.clustersDir) {
    const loaded = loadClustersDir(opts.clustersDir, { only: opts.only });
    specs.push(...loaded.clusters);
    warnings.push(...loaded.warnings);
  }
  specs.push(...(opts.clusters ?? []));
  const names = new Set<string>();
  for (const s of specs) {
    if (names.has(s.name))
      throw new FixtureConfigError(`duplicate cluster name ${s.name}`);
    names.add(s.name);
  }
  const ports = effectivePorts(specs, opts);
  const host = opts.host ?? '127.0.0.1';
  const timeShift = opts.timeShift ?? true;
  const faults = new FaultSet(opts.faults ?? []);
  const log = opts.logFile ? openLog(opts.logFile) : undefined;

  const servers = specs.map(spec => {
    const data = new ClusterData(spec, { timeShift });
    warnings.push(...data.warnings);
    const recorder = new RequestRecorder(
      opts.maxLogEntries ?? DEFAULT_MAX_ENTRIES,
      log &&
        (entry =>
          log.write(`${JSON.stringify({ cluster: spec.name, ...entry })}\n`)),
    );
    return new ClusterServer(data, {
      faults,
      recorder,
      continueTtlMs: opts.continueTtlMs ?? DEFAULT_CONTINUE_TTL_MS,
    });
  });

  const stop = async () => {
    await Promise.all(servers.map(s => s.close()));
    if (log) await new Promise<void>(resolve => log.end(() => resolve()));
  };

  let clusters: FleetCluster[];
  try {
    const bound = await Promise.all(
      servers.map((s, i) => s.listen(ports[i], host)),
    );
    clusters = servers.map((s, i) => ({
      name: s.data.name,
      title: s.data.title,
      port: bound[i],
      url: `http://${host.includes(':') ? `[${host}]` : host}:${bound[i]}`,
    }));
  } catch (e) {
    await stop();
    throw e;
  }

  const indexOf = (name: string) => {
    const i = specs.findIndex(s => s.name === name);
    if (i < 0) throw new Error(`unknown fixture cluster ${name}`);
    return i;
  };

  return {
    clusters,
    warnings,
    url: name => clusters[indexOf(name)].url,
    requests: name => servers[indexOf(name)].recorder.snapshot(),
    resetRequests: name =>
      (name === undefined ? servers : [servers[indexOf(name)]]).forEach(s =>
        s.recorder.reset(),
      ),
    setFaults: rules => faults.set(rules),
    faults: () => faults.list(),
    setObjects: (name, objects) => {
      const server = servers[indexOf(name)];
      const spec = specs[indexOf(name)];
      server.data = new ClusterData(
        { ...spec, objects },
        { timeShift, minResourceVersion: Number(server.data.resourceVersion) },
      );
    },
    stop,
  };
}
