import {
  HA_CATEGORIES,
  HaEntityFacts,
  HaResult,
  statusFactName,
} from '@ha-posture/plugin-ha-posture-common';
import { StoredEntityReport } from '../database/HaPostureStore';

const HOUR_MS = 3_600_000;

/** Flattens a stored entity report into the facts Tech Insights checks test. */
export function entityFacts(
  stored: StoredEntityReport,
  regionOfCluster: (cluster: string) => string | undefined,
): HaEntityFacts {
  const { report, workloads } = stored;
  const failing = report.results.filter(r => r.status === 'fail');
  const statuses: Record<string, string> = {};
  for (const category of HA_CATEGORIES) {
    statuses[statusFactName(category)] =
      report.categories[category]?.status ?? 'skipped';
  }

  // An exempt replica floor is waived: it does not pull the entity's floor fact down.
  const exemptFloors = new Set(
    report.results
      .filter(r => r.checkId === 'replicas-min-floor' && r.status === 'exempt')
      .map(r => workloadKey(r.target)),
  );
  const replicated = workloads.filter(
    w => w.kind !== 'DaemonSet' && w.replicas,
  );
  const floors = replicated
    .filter(
      w =>
        !exemptFloors.has(
          workloadKey(w.operatedBy ? { ...w, kind: w.operatedBy.kind } : w),
        ),
    )
    .map(w => w.replicas!.floor);
  const zones = new Set<string>();
  const runningClusters = new Set<string>();
  for (const workload of workloads) {
    for (const placement of workload.placement) {
      if (!placement.ready) continue;
      runningClusters.add(workload.cluster);
      if (placement.zone) zones.add(`${workload.cluster}/${placement.zone}`);
    }
  }
  const regions = new Set(
    [...runningClusters]
      .map(regionOfCluster)
      .filter((r): r is string => Boolean(r)),
  );

  return {
    entityRef: report.entityRef,
    score: report.score ?? undefined,
    grade: report.grade,
    statuses,
    failingCritical: failing.filter(r => r.severity === 'critical').length,
    failingHigh: failing.filter(r => r.severity === 'high').length,
    replicaFloor: floors.length ? Math.min(...floors) : undefined,
    replicaFloorExempt: replicated.length > 0 && floors.length === 0,
    zones: zones.size,
    clusters: runningClusters.size,
    regions: regions.size,
    backupAgeHours: backupAgeHours(report.results, report.generatedAt),
    monitored: isMonitored(report.results),
    failingChecks: [...new Set(failing.map(r => r.checkId))].sort(),
    generatedAt: report.generatedAt,
  };
}

/** `<cluster>/<kind>/<namespace>/<name>`: a workload across the entity's clusters. */
function workloadKey(w: {
  cluster?: string;
  kind: string;
  namespace?: string;
  name: string;
}) {
  return `${w.cluster}/${w.kind}/${w.namespace}/${w.name}`;
}

/** Oldest "newest usable backup" over the entity's workloads; undefined when none is known. */
function backupAgeHours(
  results: HaResult[],
  generatedAt: string,
): number | undefined {
  const finished = results
    .filter(r => r.checkId === 'backup-recency')
    .map(
      r =>
        (r.evidence?.newestUsable as { finishedAt?: string } | undefined)
          ?.finishedAt,
    )
    .filter((t): t is string => typeof t === 'string')
    .map(t => Date.parse(t));
  if (finished.length === 0) return undefined;
  const oldest = Math.min(...finished);
  return Math.round(((Date.parse(generatedAt) - oldest) / HOUR_MS) * 10) / 10;
}

function isMonitored(results: HaResult[]): boolean {
  const scraped = results.filter(r => r.checkId === 'monitoring-scraped');
  return (
    scraped.length > 0 &&
    scraped.every(r => r.status === 'pass' || r.status === 'exempt')
  );
}
