import { RESOURCE_TYPES, ResourceKey, ResourceType } from '../model/resources';
import {
  ClusterInfo,
  ClusterSnapshot,
  FetchState,
  K8sObject,
} from '../model/snapshot';
import { ApiClient } from './apiClient';
import { discoverCluster } from './discovery';
import { listResource, ListOutcome } from './listResource';
import { readDeploymentConfigMaps } from './deploymentConfigMapReads';
import { mapWithConcurrency } from './promisePool';
import { Transport } from './transport';

/** @public */
export interface CollectClusterOptions {
  cluster: ClusterInfo;
  transport: Transport;
  /** Default: RESOURCE_TYPES. */
  resources?: ResourceType[];
  /** Resource types read at the same time. Default 4. */
  concurrency?: number;
  /** `limit` of each list page. Default 500. */
  pageSize?: number;
  /** Retries of a request after 429, 5xx, timeouts, network failures or a garbled body. Default 3. */
  retries?: number;
  /** First retry delay, doubled per retry and jittered; `Retry-After` wins when longer. Default 250. */
  backoffMs?: number;
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The local clock (fallback for the cluster's clock, and `fetchedAt`). */
  clock?: () => Date;
}

/** @public */
export interface CollectStats {
  /** Every request sent, retries included. */
  requests: number;
  /** List pages (and single objects) received. */
  pages: number;
  /** Response body bytes (as decoded). */
  bytes: number;
  durationMs: number;
  retries: number;
}

/** @public */
export interface CollectClusterResult {
  snapshot: ClusterSnapshot;
  stats: CollectStats;
}

/** A cluster's date as ISO 8601, or undefined when the header is missing or unparsable. */
function isoDate(httpDate: string | undefined): string | undefined {
  const time = httpDate ? Date.parse(httpDate) : NaN;
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Failures that leave checks `unknown` (not-installed is a normal answer, not a refresh error). */
function errorsOf(fetch: ClusterSnapshot['fetch']): string[] {
  return Object.entries(fetch)
    .filter(
      ([, state]) =>
        state && state.status !== 'ok' && state.status !== 'not-installed',
    )
    .map(([key, state]) => `${key}: ${state!.message ?? state!.status}`);
}

/**
 * Reads one cluster through `transport`: discovery once (`/version`, `/api/v1`, `/apis`), then one
 * paginated list per served resource type (and per optional namespace of one), a few types at a
 * time, then a GET of the status report of each cluster-autoscaler Deployment and of the
 * MeshConfig of each istiod not read yet (see deploymentConfigMapReads). Requests therefore grow
 * with resource types × pages only. Cluster failures never throw: a
 * type that could not be read gets a non-ok fetch state with the reason, and a cluster whose
 * discovery fails is `unreachable` for every type. Only an abort (and programming errors) reject.
 * @public
 */
export async function collectCluster(
  options: CollectClusterOptions,
): Promise<CollectClusterResult> {
  const {
    cluster,
    transport,
    resources = RESOURCE_TYPES,
    concurrency = 4,
    pageSize = 500,
    retries = 3,
    backoffMs = 250,
    signal,
    clock = () => new Date(),
  } = options;
  if (
    resources.some(type => type.group === '' && type.resource === 'secrets')
  ) {
    throw new Error(
      'collectCluster never reads Secrets: remove them from `resources`',
    );
  }
  const started = performance.now();
  const fetchedAt = clock().toISOString();
  const client = new ApiClient({ transport, retries, backoffMs, signal });
  const discovered = await discoverCluster(client);
  let snapshot: ClusterSnapshot;
  let pages = 0;
  if (!discovered.ok) {
    snapshot = {
      cluster,
      mode: 'live',
      fetchedAt,
      now: fetchedAt,
      objects: {},
      fetch: Object.fromEntries(
        resources.map(type => [type.key, discovered.state]),
      ),
      errors: [discovered.state.message ?? discovered.state.status],
    };
  } else {
    const { discovery } = discovered;
    const groupVersions: (string | undefined)[] = [];
    const outcomes = await mapWithConcurrency(
      resources,
      concurrency,
      async (type, i): Promise<ListOutcome> => {
        const resolution = await discovery.resolve(type);
        if ('state' in resolution) return { state: resolution.state, pages: 0 };
        groupVersions[i] = resolution.groupVersion;
        return listResource(client, type, resolution.groupVersion, pageSize);
      },
    );
    // Only the Deployments tell where each cluster-autoscaler writes its status report, and
    // which MeshConfig each istiod reads.
    const configMaps = resources.findIndex(t => t.key === 'configmaps');
    const deployments =
      outcomes[resources.findIndex(t => t.key === 'deployments.apps')]?.objects;
    if (configMaps >= 0 && groupVersions[configMaps] && deployments)
      outcomes[configMaps] = await readDeploymentConfigMaps(
        client,
        resources[configMaps],
        groupVersions[configMaps]!,
        outcomes[configMaps],
        deployments,
      );
    const objects: Partial<Record<ResourceKey, K8sObject[]>> = {};
    const fetchStates: Partial<Record<ResourceKey, FetchState>> = {};
    resources.forEach((type, i) => {
      const outcome = outcomes[i];
      pages += outcome.pages;
      fetchStates[type.key] = outcome.state;
      if (outcome.objects) objects[type.key] = outcome.objects;
    });
    const errors = errorsOf(fetchStates);
    snapshot = {
      cluster,
      mode: 'live',
      fetchedAt,
      now: isoDate(discovery.serverDate) ?? fetchedAt,
      ...(discovery.version ? { version: discovery.version } : {}),
      servedGroupVersions: discovery.servedGroupVersions,
      objects,
      fetch: fetchStates,
      ...(errors.length > 0 ? { errors } : {}),
    };
  }
  return {
    snapshot,
    stats: {
      ...client.stats,
      pages,
      durationMs: Math.round(performance.now() - started),
    },
  };
}
