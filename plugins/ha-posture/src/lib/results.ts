import { HaResult, WorkloadReport } from '@ha-posture/plugin-ha-posture-common';

function resultKey(r: Pick<HaResult, 'checkId' | 'target'>): string {
  const t = r.target;
  return [r.checkId, t.cluster ?? '', t.kind, t.namespace ?? '', t.name].join(
    '\u0000',
  );
}

export interface EntityResultGroups {
  /** The entity's results per workload (index of `workloads`). */
  byWorkload: HaResult[][];
  /** Results about the entity as a whole (disaster recovery) or matching no workload. */
  entityLevel: HaResult[];
}

/**
 * Splits the entity report's results over its workloads. The entity report is the source of
 * truth: it applies the entity's own exemptions (`ha-posture.io/exempt-*` on the catalog entity),
 * which the shared workload reports do not carry.
 */
export function groupEntityResults(
  results: HaResult[],
  workloads: WorkloadReport[],
): EntityResultGroups {
  const owner = new Map<string, number>();
  workloads.forEach((workload, index) => {
    for (const r of workload.report.results) {
      const key = resultKey(r);
      if (!owner.has(key)) owner.set(key, index);
    }
  });
  const byWorkload: HaResult[][] = workloads.map(() => []);
  const entityLevel: HaResult[] = [];
  for (const r of results) {
    const index =
      r.target.kind === 'Entity' ? undefined : owner.get(resultKey(r));
    if (index === undefined) entityLevel.push(r);
    else byWorkload[index].push(r);
  }
  // An entity report without per-workload results (older backends): use the workloads' own.
  if (results.length === 0) {
    workloads.forEach((w, i) => byWorkload[i].push(...w.report.results));
  }
  return { byWorkload, entityLevel };
}
