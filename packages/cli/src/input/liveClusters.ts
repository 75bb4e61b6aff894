/**
 * `--kubeconfig [FILE]` / `--context NAME`: read live clusters through the Kubernetes API with the
 * collector (discovery once, one paginated list per kind, never Secrets, read-only). One cluster per
 * `--context` (named after it), or the kubeconfig's current context. A cluster whose API cannot be
 * read at all (unreachable, credentials refused, bad TLS) is an input error (exit 2); a kind that
 * is forbidden or not installed only makes the checks that need it `unknown`.
 */
import {
  ClusterInfo,
  ClusterSnapshot,
  CollectStats,
  collectCluster,
  createKubeConfigTransport,
  KubeConfigError,
  loadKubeConfig,
} from '@ha-posture/plugin-ha-posture-node';
import { UsageError } from '../exitCodes';

/** @public */
export interface LiveClusterOptions {
  /** `--kubeconfig [FILE]`: a file, or true for the default ($KUBECONFIG, ~/.kube/config). */
  kubeconfig?: string | boolean;
  /** `--context NAME` (repeatable). Without it, the kubeconfig's current context. */
  contexts?: string[];
  /** `--cluster NAME`: the name of the one live cluster (default: the context's name). */
  clusterName?: string;
  /** `--request-timeout MS`, per API request. */
  requestTimeoutMs?: number;
  /** `--concurrency N`: resource kinds read at the same time per cluster. */
  concurrency?: number;
  /** Facts the API cannot show (`clusterInfo` of --config), by cluster name. */
  clusterInfo?: Record<string, Pick<ClusterInfo, 'region' | 'location'>>;
  /** Names already taken by the PATHs' clusters: a context with one of them is a usage error. */
  takenNames?: Set<string>;
  /** Progress and warnings (stderr). */
  log?: (line: string) => void;
  /** Environment for the default kubeconfig (tests). Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/** One live cluster as read. @public */
export interface LiveCluster {
  context: string;
  server: string;
  snapshot: ClusterSnapshot;
  stats: CollectStats;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
export const DEFAULT_CONCURRENCY = 4;

/** Whether any live option was given. */
export function wantsLive(options: LiveClusterOptions): boolean {
  return (
    (options.kubeconfig !== undefined && options.kubeconfig !== false) ||
    (options.contexts?.length ?? 0) > 0
  );
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Kinds that could not be read and matter (not-installed is a normal answer). */
function unreadKinds(snapshot: ClusterSnapshot): string[] {
  return Object.entries(snapshot.fetch)
    .filter(
      ([, state]) =>
        state && state.status !== 'ok' && state.status !== 'not-installed',
    )
    .map(
      ([key, state]) =>
        `${key} ${state!.status}${
          state!.message ? `: ${oneLine(state!.message)}` : ''
        }`,
    );
}

/**
 * Loads every requested context and reads its cluster (the clusters in parallel). Throws
 * UsageError for a kubeconfig problem or a cluster whose API cannot be read.
 * @public
 */
export async function collectLiveClusters(
  options: LiveClusterOptions,
): Promise<LiveCluster[]> {
  if (!wantsLive(options)) return [];
  const log = options.log ?? (() => {});
  const file =
    typeof options.kubeconfig === 'string' ? options.kubeconfig : undefined;
  if (file !== undefined && file.trim() === '')
    throw new UsageError('--kubeconfig: the file name must not be empty');
  const contexts = options.contexts ?? [];
  const duplicate = contexts.find((c, i) => contexts.indexOf(c) !== i);
  if (duplicate !== undefined)
    throw new UsageError(`--context "${duplicate}" is given twice`);
  if (options.clusterName !== undefined && contexts.length > 1)
    throw new UsageError(
      '--cluster names one cluster: give a single --context with it (several contexts are named after themselves)',
    );

  const requested = contexts.length > 0 ? contexts : [undefined];
  const kubeConfigs = [];
  for (const context of requested) {
    try {
      kubeConfigs.push(
        await loadKubeConfig({ file, context, env: options.env }),
      );
    } catch (error) {
      if (error instanceof KubeConfigError) throw new UsageError(error.message);
      throw error;
    }
  }

  for (const kubeConfig of kubeConfigs) {
    const context = kubeConfig.getCurrentContext();
    const name = options.clusterName ?? context;
    if (options.takenNames?.has(name))
      throw new UsageError(
        `context "${context}" and a PATH would both be cluster "${name}": rename one with --cluster or scan them separately`,
      );
  }

  const read = await Promise.all(
    kubeConfigs.map(async kubeConfig => {
      const context = kubeConfig.getCurrentContext();
      const server = kubeConfig.getCurrentCluster()!.server;
      const name = options.clusterName ?? context;
      log(`reading cluster ${name} (context "${context}", ${server})`);
      const { snapshot, stats } = await collectCluster({
        cluster: { name, ...options.clusterInfo?.[name] },
        transport: createKubeConfigTransport({
          kubeConfig,
          timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        }),
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      });
      return { context, server, snapshot, stats };
    }),
  );

  for (const { context, server, snapshot } of read) {
    // Discovery failed: nothing of the cluster could be read, so there is nothing to evaluate.
    if (snapshot.servedGroupVersions === undefined) {
      const reason = oneLine(snapshot.errors?.[0] ?? 'unknown error');
      throw new UsageError(
        `context "${context}" (${server}): cannot read the cluster: ${reason}`,
      );
    }
  }
  for (const { snapshot, stats } of read) {
    const name = snapshot.cluster.name;
    const objects = Object.values(snapshot.objects).reduce(
      (sum, list) => sum + (list?.length ?? 0),
      0,
    );
    const kinds = Object.values(snapshot.fetch).filter(
      state => state?.status === 'ok',
    ).length;
    log(
      `read ${objects} objects of ${kinds} kinds from ${name} (${
        stats.requests
      } requests, ${(stats.durationMs / 1000).toFixed(1)} s)`,
    );
    for (const kind of unreadKinds(snapshot)) {
      log(
        `warning: ${name}: could not read ${kind} (the checks that need it say unknown)`,
      );
    }
  }
  return read;
}
