import { Knex } from 'knex';
import { HaCategory, HaReport, HaStatus } from '@ha-posture/plugin-ha-posture-common';
import {
  ClusterReport,
  ClusterSnapshot,
  EntityReport,
  WorkloadReport,
} from '@ha-posture/plugin-ha-posture-node';

/** An entity's report as stored: the roll-up plus its workloads' reports (for the HA tab). */
export interface StoredEntityReport {
  report: EntityReport;
  workloads: WorkloadReport[];
  owner?: string;
  system?: string;
}

export interface StoredSnapshot {
  snapshot: ClusterSnapshot;
  fetchedAt: string;
  lastAttemptAt: string;
  lastError?: string;
}

export interface HistoryPoint {
  day: string;
  score: number | null;
  grade: string;
  categories: Partial<Record<HaCategory, HaStatus>>;
  failing: number;
}

export interface RefreshRecord {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  clusters: number;
  entities: number;
  apiRequests: number;
  errors: string[];
}

export type HistorySubject = 'entity' | 'cluster';

const REFRESH_RECORDS_KEPT = 50;

/** Persistence of snapshots, reports and history (SQLite and PostgreSQL through knex). */
export class HaPostureStore {
  constructor(private readonly db: Knex) {}

  // --- snapshots -------------------------------------------------------------------------

  async getSnapshots(): Promise<Map<string, StoredSnapshot>> {
    const rows = await this.db('ha_posture_snapshots').select();
    return new Map(rows.map(row => [row.cluster, toStoredSnapshot(row)]));
  }

  async getSnapshot(cluster: string): Promise<StoredSnapshot | undefined> {
    const row = await this.db('ha_posture_snapshots').where({ cluster }).first();
    return row ? toStoredSnapshot(row) : undefined;
  }

  /** Saves a freshly collected snapshot (replacing the previous good one). */
  async saveSnapshot(snapshot: ClusterSnapshot, attemptAt: string): Promise<void> {
    await this.db('ha_posture_snapshots')
      .insert({
        cluster: snapshot.cluster.name,
        snapshot: JSON.stringify(snapshot),
        fetched_at: snapshot.fetchedAt,
        last_attempt_at: attemptAt,
        last_error: null,
      })
      .onConflict('cluster')
      .merge();
  }

  /** Records a failed attempt without touching the last good snapshot. */
  async recordSnapshotFailure(cluster: string, attemptAt: string, error: string): Promise<void> {
    await this.db('ha_posture_snapshots')
      .where({ cluster })
      .update({ last_attempt_at: attemptAt, last_error: error });
  }

  async deleteSnapshotsExcept(clusters: string[]): Promise<void> {
    await this.db('ha_posture_snapshots').whereNotIn('cluster', clusters).delete();
  }

  // --- reports ---------------------------------------------------------------------------

  /**
   * Replaces all latest reports in one transaction, so readers never see a half-written refresh.
   * Entities and clusters that disappeared are removed.
   */
  async replaceReports(
    clusters: ClusterReport[],
    entities: StoredEntityReport[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('ha_posture_cluster_reports').delete();
      for (const chunk of chunks(clusters, 50)) {
        await tx('ha_posture_cluster_reports').insert(
          chunk.map(report => ({
            cluster: report.cluster.name,
            report: JSON.stringify(report),
            score: report.score,
            grade: report.grade,
            generated_at: report.generatedAt,
          })),
        );
      }
      await tx('ha_posture_entity_reports').delete();
      for (const chunk of chunks(entities, 50)) {
        await tx('ha_posture_entity_reports').insert(
          chunk.map(stored => ({
            entity_ref: stored.report.entityRef,
            report: JSON.stringify(stored),
            score: stored.report.score,
            grade: stored.report.grade,
            owner: stored.owner ?? null,
            system: stored.system ?? null,
            generated_at: stored.report.generatedAt,
          })),
        );
      }
    });
  }

  async getClusterReports(): Promise<ClusterReport[]> {
    const rows = await this.db('ha_posture_cluster_reports').select().orderBy('cluster');
    return rows.map(row => JSON.parse(row.report));
  }

  async getClusterReport(cluster: string): Promise<ClusterReport | undefined> {
    const row = await this.db('ha_posture_cluster_reports').where({ cluster }).first();
    return row ? JSON.parse(row.report) : undefined;
  }

  async getEntityReport(entityRef: string): Promise<StoredEntityReport | undefined> {
    const row = await this.db('ha_posture_entity_reports')
      .where({ entity_ref: entityRef })
      .first();
    return row ? JSON.parse(row.report) : undefined;
  }

  async getEntityReports(): Promise<StoredEntityReport[]> {
    const rows = await this.db('ha_posture_entity_reports').select().orderBy('entity_ref');
    return rows.map(row => JSON.parse(row.report));
  }

  // --- history ---------------------------------------------------------------------------

  /** Upserts today's point for each subject and prunes points older than the retention. */
  async recordHistory(
    subjectType: HistorySubject,
    points: Array<{ subject: string; report: HaReport }>,
    now: Date,
    retentionDays: number,
  ): Promise<void> {
    const day = now.toISOString().slice(0, 10);
    const rows = points.map(({ subject, report }) => ({
      subject_type: subjectType,
      subject,
      day,
      score: report.score,
      grade: report.grade,
      categories: JSON.stringify(categoryStatuses(report)),
      failing: report.results.filter(r => r.status === 'fail').length,
      recorded_at: now.toISOString(),
    }));
    for (const chunk of chunks(rows, 50)) {
      await this.db('ha_posture_history')
        .insert(chunk)
        .onConflict(['subject_type', 'subject', 'day'])
        .merge();
    }
    const oldestKept = new Date(now.getTime() - (retentionDays - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    await this.db('ha_posture_history')
      .where({ subject_type: subjectType })
      .andWhere('day', '<', oldestKept)
      .delete();
  }

  async getHistory(subjectType: HistorySubject, subject: string): Promise<HistoryPoint[]> {
    const rows = await this.db('ha_posture_history')
      .where({ subject_type: subjectType, subject })
      .orderBy('day', 'asc');
    return rows.map(row => ({
      day: row.day,
      score: row.score,
      grade: row.grade,
      categories: JSON.parse(row.categories),
      failing: row.failing,
    }));
  }

  // --- refresh records -------------------------------------------------------------------

  async recordRefresh(record: RefreshRecord): Promise<void> {
    await this.db('ha_posture_refreshes').insert({
      started_at: record.startedAt,
      finished_at: record.finishedAt,
      duration_ms: record.durationMs,
      clusters: record.clusters,
      entities: record.entities,
      api_requests: record.apiRequests,
      errors: JSON.stringify(record.errors),
    });
    const keep = await this.db('ha_posture_refreshes')
      .select('id')
      .orderBy('id', 'desc')
      .limit(REFRESH_RECORDS_KEPT);
    if (keep.length === REFRESH_RECORDS_KEPT) {
      await this.db('ha_posture_refreshes')
        .where('id', '<', keep[keep.length - 1].id)
        .delete();
    }
  }

  async getLastRefresh(): Promise<RefreshRecord | undefined> {
    const row = await this.db('ha_posture_refreshes').orderBy('id', 'desc').first();
    if (!row) return undefined;
    return {
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      durationMs: row.duration_ms,
      clusters: row.clusters,
      entities: row.entities,
      apiRequests: row.api_requests,
      errors: JSON.parse(row.errors),
    };
  }
}

function toStoredSnapshot(row: any): StoredSnapshot {
  return {
    snapshot: JSON.parse(row.snapshot),
    fetchedAt: row.fetched_at,
    lastAttemptAt: row.last_attempt_at,
    lastError: row.last_error ?? undefined,
  };
}

function categoryStatuses(report: HaReport): Partial<Record<HaCategory, HaStatus>> {
  const statuses: Partial<Record<HaCategory, HaStatus>> = {};
  for (const [category, summary] of Object.entries(report.categories)) {
    statuses[category as HaCategory] = summary.status;
  }
  return statuses;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
