/**
 * `ha-posture scan [PATH... | -] [--kubeconfig [FILE]] [--context NAME]...`: load manifests or
 * dumps and read live clusters, build one snapshot per cluster, evaluate the built-in checks,
 * print the report and decide the exit code.
 */
import {
  BUILTIN_CHECKS,
  ClusterSnapshot,
  evaluate,
  isBuiltinGroup,
  RESOURCE_TYPES_BY_KEY,
  resolveConfig,
  snapshotFromObjects,
} from '@ha-posture/plugin-ha-posture-node';
import { compareWithBaseline, newOrWorse } from '../baseline';
import { CliConfig, loadConfig } from '../config';
import { EXIT_CODES, UsageError } from '../exitCodes';
import { FailOn, failingResults } from '../failOn';
import { formatJson } from '../format/json';
import { formatJunit } from '../format/junit';
import { formatMarkdown } from '../format/markdown';
import { formatSarif } from '../format/sarif';
import { formatTable } from '../format/table';
import {
  collectLiveClusters,
  LiveCluster,
  wantsLive,
} from '../input/liveClusters';
import { ClusterInput, loadInputs } from '../input/loadInputs';
import { ObjectLocations } from '../input/objectLocations';
import { readIsoTimestamp } from '../isoTimestamp';
import { ScanResult, ScannedCluster } from '../scanResult';

/** @public */
export const SCAN_FORMATS = [
  'table',
  'json',
  'sarif',
  'junit',
  'markdown',
] as const;

/** @public */
export type ScanFormat = (typeof SCAN_FORMATS)[number];

/** @public */
export interface ScanOptions {
  format: ScanFormat;
  failOn: FailOn;
  /** `--config FILE`. */
  config?: string;
  /** `--cluster NAME`: merge every PATH into one cluster of that name. */
  cluster?: string;
  /** `--now ISO`: the clock of every cluster, and "today" for exemption expiry. */
  now?: string;
  onlyFailures?: boolean;
  /** `--kubeconfig [FILE]`: read live clusters; true = the default kubeconfig. */
  kubeconfig?: string | boolean;
  /** `--context NAME` (repeatable): one live cluster per context. */
  context?: string[];
  /** `--request-timeout MS`: per API request of a live cluster. */
  requestTimeout?: number;
  /** `--concurrency N`: resource kinds read at the same time per live cluster. */
  concurrency?: number;
  /** `--baseline FILE`: an earlier JSON report; only findings it lacks (or worse ones) fail. */
  baseline?: string;
}

/** What a command needs from the process; tests pass their own. @public */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<Uint8Array>;
  /** Colour the table (a TTY without NO_COLOR). */
  color: boolean;
}

const EMPTY_CONFIG: CliConfig = { engine: {}, clusterInfo: {} };

/** Parses `--now` strictly (see isoTimestamp.ts); normalised to ISO 8601 UTC. */
export function parseNow(value: string): string {
  const reading = readIsoTimestamp(value);
  if (reading.problem !== undefined)
    throw new UsageError(
      `--now: "${value}" is not an ISO 8601 timestamp: ${reading.problem}`,
    );
  return reading.iso;
}

function snapshotOf(
  input: ClusterInput,
  config: CliConfig,
  now: string | undefined,
): { snapshot: ClusterSnapshot; scanned: ScannedCluster } {
  const cluster = {
    ...input.cluster,
    ...config.clusterInfo[input.cluster.name],
  };
  // --now, else the capture time from clusters.yaml, else the engine infers it from the objects.
  const clock = now ?? input.now;
  const { snapshot, ignored, invalid } = snapshotFromObjects(
    input.objects.map(o => o.object),
    {
      cluster,
      ...(clock ? { now: clock } : {}),
      ...(input.version ? { version: input.version } : {}),
    },
  );
  // The loader already rejects non-objects and fields of the wrong type; the engine also refuses
  // an object defined twice, differently.
  const [problem] = invalid;
  if (problem) {
    const where = (index: number | undefined) => {
      const location =
        index === undefined ? undefined : input.objects[index]?.location;
      return location && `${location.file}:${location.line}`;
    };
    const first = where(problem.duplicateOf);
    throw new UsageError(
      `${where(problem.index) ?? input.inputs.join(', ')}: ${problem.reason}${
        first ? ` (the other is at ${first})` : ''
      }`,
    );
  }
  return {
    snapshot,
    scanned: {
      input: { ...input, cluster },
      locations: new ObjectLocations(input.objects),
      mode: snapshot.mode,
      ignored,
    },
  };
}

/**
 * A dump with no CRD at all (`kubectl get all` leaves them out) cannot tell a custom resource type
 * that is not installed from one that was not dumped: the checks that need such a type are
 * `unknown` (see snapshotFromObjects' crdsIncluded). The user is told how to dump what they read.
 */
function crdlessDumpWarning(
  snapshot: ClusterSnapshot,
  scanned: ScannedCluster,
): string | undefined {
  if (snapshot.mode !== 'dump') return undefined;
  if (
    scanned.input.objects.some(
      o => o.object?.kind === 'CustomResourceDefinition',
    )
  )
    return undefined;
  const untold = Object.entries(snapshot.fetch)
    .filter(([key, state]) => {
      const type = RESOURCE_TYPES_BY_KEY.get(key);
      return state?.status === 'error' && type && !isBuiltinGroup(type.group);
    })
    .map(([key]) => key);
  if (untold.length === 0) return undefined;
  return `${
    snapshot.cluster.name
  }: the dump holds no CustomResourceDefinition, so whether the ${
    untold.length
  } custom resource types it lacks (${untold.slice(0, 3).join(', ')}${
    untold.length > 3 ? ', …' : ''
  }) are installed cannot be told, and the checks that read them are unknown; add kubectl get crd -o yaml and their objects to the dump`;
}

/** A live cluster as the report sees it: read from its server, no files, nothing ignored. */
function liveSnapshotOf(
  live: LiveCluster,
  now: string | undefined,
): { snapshot: ClusterSnapshot; scanned: ScannedCluster } {
  // --now is the clock of every cluster, live ones included (else the API server's Date).
  const snapshot = now ? { ...live.snapshot, now } : live.snapshot;
  return {
    snapshot,
    scanned: {
      input: {
        cluster: snapshot.cluster,
        objects: [],
        inputs: [`${live.server} (context ${live.context})`],
      },
      locations: new ObjectLocations([]),
      mode: snapshot.mode,
      ignored: {},
    },
  };
}

/**
 * Runs a scan up to the verdict, without printing (the golden tests use it directly).
 * Throws UsageError for bad options, configuration or input, and for a live cluster whose API
 * cannot be read. `log` gets progress and warnings of live clusters (one line each).
 * @public
 */
export async function runScan(
  paths: string[],
  options: ScanOptions,
  readStdin: CliIo['readStdin'],
  log?: (line: string) => void,
): Promise<ScanResult> {
  const now = options.now !== undefined ? parseNow(options.now) : undefined;
  if (options.cluster !== undefined && options.cluster.trim() === '')
    throw new UsageError('--cluster: the name must not be empty');
  const live = wantsLive({
    kubeconfig: options.kubeconfig,
    contexts: options.context,
  });
  if (live && options.cluster !== undefined && paths.length > 0)
    throw new UsageError(
      '--cluster applies either to the PATHs or to one live --context, not both: scan them separately',
    );
  const config = options.config
    ? loadConfig(options.config, BUILTIN_CHECKS)
    : EMPTY_CONFIG;
  // Files first: an input error should not wait for a cluster's API.
  const inputs =
    live && paths.length === 0
      ? []
      : await loadInputs(paths, {
          clusterName: live ? undefined : options.cluster,
          readStdin,
        });
  const liveClusters = await collectLiveClusters({
    kubeconfig: options.kubeconfig,
    contexts: options.context,
    clusterName: live ? options.cluster : undefined,
    requestTimeoutMs: options.requestTimeout,
    concurrency: options.concurrency,
    clusterInfo: config.clusterInfo,
    takenNames: new Set(inputs.map(input => input.cluster.name)),
    log,
  });

  const built = [
    ...inputs.map(input => snapshotOf(input, config, now)),
    ...liveClusters.map(c => liveSnapshotOf(c, now)),
  ];
  for (const { snapshot, scanned } of built) {
    const warning = crdlessDumpWarning(snapshot, scanned);
    if (warning) log?.(warning);
  }
  const evaluation = evaluate(
    built.map(b => b.snapshot),
    { config: config.engine, ...(now ? { today: new Date(now) } : {}) },
  );
  const resolved = resolveConfig(BUILTIN_CHECKS, config.engine);
  const results = evaluation.overall.results;
  const baseline =
    options.baseline !== undefined
      ? compareWithBaseline(results, options.baseline)
      : undefined;
  if (baseline) {
    const scanned = built.map(b => b.snapshot.cluster.name);
    if (
      baseline.clusters.length > 0 &&
      !baseline.clusters.some(name => scanned.includes(name))
    )
      log?.(
        `--baseline ${
          baseline.file
        }: its findings are of ${baseline.clusters.join(
          ', ',
        )}, not of ${scanned.join(
          ', ',
        )}: every finding counts as new (scan the same PATHs, or name the cluster with --cluster)`,
      );
  }
  return {
    evaluation,
    clusters: built.map(b => b.scanned),
    checks: resolved.checks.filter(c => c.enabled),
    failOn: options.failOn,
    grading: resolved.grading,
    failing: newOrWorse(failingResults(results, options.failOn), baseline),
    ...(baseline ? { baseline } : {}),
  };
}

/** @public */
export function renderScan(
  scan: ScanResult,
  options: Pick<ScanOptions, 'format' | 'onlyFailures'>,
  color: boolean,
): string {
  switch (options.format) {
    case 'json':
      return formatJson(scan);
    case 'sarif':
      return formatSarif(scan);
    case 'junit':
      return formatJunit(scan);
    case 'markdown':
      return formatMarkdown(scan);
    default:
      return formatTable(scan, { color, onlyFailures: options.onlyFailures });
  }
}

/** The `scan` command: prints the report, returns the exit code (UsageError propagates). @public */
export async function scanCommand(
  paths: string[],
  options: ScanOptions,
  io: CliIo,
): Promise<number> {
  const scan = await runScan(paths, options, io.readStdin, line =>
    io.stderr(`ha-posture: ${line}\n`),
  );
  io.stdout(renderScan(scan, options, io.color));
  return scan.failing.length > 0 ? EXIT_CODES.findings : EXIT_CODES.clean;
}
