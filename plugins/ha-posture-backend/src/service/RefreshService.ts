import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterSnapshot,
  collectCluster,
  EntitySelector,
  evaluateAsync,
  EvaluationResult,
  HaCheck,
} from '@ha-posture/plugin-ha-posture-node';
import { HaPostureConfig } from '../config/readHaPostureConfig';
import {
  HaPostureStore,
  RefreshRecord,
  StoredEntityReport,
  StoredSnapshot,
} from '../database/HaPostureStore';
import { ClusterSource, SourceCluster } from '../sources/types';
import { toEntitySelector } from './CatalogEntityLoader';

/** Clusters collected at the same time; each one already runs parallel requests. */
const CLUSTER_CONCURRENCY = 2;

export interface EntityLoader {
  loadAll(): Promise<EntitySelector[]>;
}

/**
 * One refresh: collect every cluster, evaluate every annotated catalog entity, store the results.
 * A cluster that cannot be read keeps its last good snapshot (marked stale, with the error and its
 * age); a failure to list clusters or entities aborts the refresh and leaves stored data alone.
 */
export class RefreshService {
  constructor(
    private readonly deps: {
      source: ClusterSource;
      store: HaPostureStore;
      entityLoader: EntityLoader;
      logger: LoggerService;
      config: HaPostureConfig;
      checks: () => HaCheck[];
      clock?: () => Date;
    },
  ) {}

  async refresh(signal?: AbortSignal): Promise<RefreshRecord> {
    const { store, logger } = this.deps;
    const startedAt = this.now();
    const clusters = await this.deps.source.listClusters();
    const entities = await this.deps.entityLoader.loadAll();
    const previous = await store.getSnapshots();
    const errors: string[] = [];
    let apiRequests = 0;

    const snapshots = await mapWithConcurrency(
      clusters,
      CLUSTER_CONCURRENCY,
      async cluster => {
        const attemptAt = this.now().toISOString();
        const result = await this.collect(cluster, signal);
        apiRequests += result.requests;
        if (result.snapshot && !isUnreadable(result.snapshot)) {
          await store.saveSnapshot(result.snapshot, attemptAt);
          return result.snapshot;
        }
        const reason =
          result.error ??
          result.snapshot?.errors?.join('; ') ??
          'cluster could not be read';
        errors.push(`${cluster.name}: ${reason}`);
        logger.warn(
          `HA Posture could not read cluster ${cluster.name}: ${reason}`,
        );
        const last = previous.get(cluster.name);
        if (last) {
          await store.recordSnapshotFailure(cluster.name, attemptAt, reason);
          return markStale(last, reason, this.now());
        }
        // Never read successfully: evaluate the failed snapshot, so every check says `unknown` and why.
        return (
          result.snapshot ?? unreachableSnapshot(cluster, reason, this.now())
        );
      },
    );

    // Only catalog entities' workloads are stored, so only theirs are evaluated; in slices, so the
    // backend keeps serving requests while a fleet is evaluated.
    const evaluation = await evaluateAsync(
      snapshots,
      {
        entities,
        workloads: 'entities',
        config: this.deps.config.engine,
        checks: this.deps.checks(),
        today: this.now(),
      },
      { signal },
    );
    const entityReports = toStoredEntityReports(evaluation, entities);
    await store.replaceReports(evaluation.clusters, entityReports);
    const now = this.now();
    const retention = this.deps.config.historyRetentionDays;
    await store.recordHistory(
      'cluster',
      evaluation.clusters.map(report => ({
        subject: report.cluster.name,
        report,
      })),
      now,
      retention,
    );
    await store.recordHistory(
      'entity',
      entityReports.map(stored => ({
        subject: stored.report.entityRef,
        report: stored.report,
      })),
      now,
      retention,
    );
    await store.deleteSnapshotsExcept(clusters.map(c => c.name));

    const record: RefreshRecord = {
      startedAt: startedAt.toISOString(),
      finishedAt: now.toISOString(),
      durationMs: now.getTime() - startedAt.getTime(),
      clusters: clusters.length,
      entities: entities.length,
      apiRequests,
      errors,
    };
    await store.recordRefresh(record);
    logger.info(
      `HA Posture refreshed ${record.clusters} clusters and ${
        record.entities
      } entities in ${record.durationMs} ms with ${
        record.apiRequests
      } API requests${
        errors.length ? ` (${errors.length} cluster errors)` : ''
      }`,
    );
    return record;
  }

  /**
   * Evaluates one catalog entity from the stored snapshots, for an entity that has no stored
   * report yet (added to the catalog after the last refresh).
   */
  async evaluateEntity(entity: Entity): Promise<StoredEntityReport> {
    const stored = await this.deps.store.getSnapshots();
    const now = this.now();
    const snapshots = [...stored.values()].map(s =>
      s.lastError ? markStale(s, s.lastError, now) : s.snapshot,
    );
    const selector = toEntitySelector(entity);
    const evaluation = await evaluateAsync(snapshots, {
      entities: [selector],
      workloads: 'entities',
      config: this.deps.config.engine,
      checks: this.deps.checks(),
      today: now,
    });
    return toStoredEntityReports(evaluation, [selector])[0];
  }

  private async collect(
    cluster: SourceCluster,
    signal?: AbortSignal,
  ): Promise<{ snapshot?: ClusterSnapshot; requests: number; error?: string }> {
    const info = {
      name: cluster.name,
      title: cluster.title,
      ...this.deps.config.clusterInfo[cluster.name],
    };
    try {
      const { snapshot, stats } = await collectCluster({
        cluster: info,
        transport: this.deps.source.transportFor(cluster),
        concurrency: this.deps.config.collector.concurrency,
        pageSize: this.deps.config.collector.pageSize,
        retries: this.deps.config.collector.retries,
        signal,
        clock: this.deps.clock,
      });
      return { snapshot, requests: stats.requests };
    } catch (error) {
      if (signal?.aborted) throw error;
      return {
        requests: 0,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }
}

/** A snapshot in which nothing could be read (discovery failed, cluster down). */
function isUnreadable(snapshot: ClusterSnapshot): boolean {
  const states = Object.values(snapshot.fetch);
  return states.length > 0 && states.every(state => state?.status !== 'ok');
}

function markStale(
  stored: StoredSnapshot,
  reason: string,
  now: Date,
): ClusterSnapshot {
  const ageMinutes = Math.round(
    (now.getTime() - Date.parse(stored.fetchedAt)) / 60_000,
  );
  return {
    ...stored.snapshot,
    stale: true,
    errors: [
      `Latest refresh failed: ${reason}. Showing the last good data, fetched ${stored.fetchedAt} (${ageMinutes} min ago).`,
    ],
  };
}

function unreachableSnapshot(
  cluster: SourceCluster,
  reason: string,
  now: Date,
): ClusterSnapshot {
  return {
    cluster: { name: cluster.name, title: cluster.title },
    mode: 'live',
    fetchedAt: now.toISOString(),
    now: now.toISOString(),
    objects: {},
    fetch: {},
    errors: [reason],
  };
}

function toStoredEntityReports(
  evaluation: EvaluationResult,
  entities: EntitySelector[],
): StoredEntityReport[] {
  const byRef = new Map(entities.map(e => [e.entityRef, e]));
  // Index workloads by entity once: filtering them per entity would be entities × workloads.
  const workloadsByRef = new Map<string, EvaluationResult['workloads']>();
  for (const workload of evaluation.workloads) {
    for (const ref of workload.entityRefs) {
      const list = workloadsByRef.get(ref) ?? [];
      list.push(workload);
      workloadsByRef.set(ref, list);
    }
  }
  return evaluation.entities.map(report => ({
    report,
    workloads: workloadsByRef.get(report.entityRef) ?? [],
    owner: byRef.get(report.entityRef)?.owner,
    system: byRef.get(report.entityRef)?.system,
  }));
}

async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    },
  );
  await Promise.all(workers);
  return results;
}
