import { compareGrades, HaGrade, HaGradeCap } from '@ha-posture/plugin-ha-posture-common';
import { StoredEntityReport } from '../database/HaPostureStore';

export type SummaryGroupBy = 'owner' | 'system' | 'cluster';

export interface SummaryEntity {
  entityRef: string;
  score: number | null;
  grade: HaGrade;
  gradeCap?: HaGradeCap;
  failing: number;
}

export interface SummaryGroup {
  key: string;
  count: number;
  /** Mean of the entities' scores (entities without a score are left out). */
  averageScore: number | null;
  worstScore: number | null;
  grades: Partial<Record<HaGrade, number>>;
  /** Failing checks over the group's entities, most frequent first. */
  failingChecks: Array<{ checkId: string; count: number }>;
  /** Worst first: by grade, then score. */
  entities: SummaryEntity[];
}

/** Roll-up of entity reports for team, system and cluster pages. */
export function summarize(
  reports: StoredEntityReport[],
  groupBy: SummaryGroupBy,
): SummaryGroup[] {
  const groups = new Map<string, StoredEntityReport[]>();
  for (const stored of reports) {
    for (const key of keysOf(stored, groupBy)) {
      const list = groups.get(key) ?? [];
      list.push(stored);
      groups.set(key, list);
    }
  }
  return [...groups.entries()]
    .map(([key, members]) => summarizeGroup(key, members))
    .sort((a, b) => (a.averageScore ?? 101) - (b.averageScore ?? 101) || a.key.localeCompare(b.key));
}

function keysOf(stored: StoredEntityReport, groupBy: SummaryGroupBy): string[] {
  if (groupBy === 'cluster') return stored.report.clusters;
  const key = groupBy === 'owner' ? stored.owner : stored.system;
  return [key ?? '(none)'];
}

function summarizeGroup(key: string, members: StoredEntityReport[]): SummaryGroup {
  const scores = members
    .map(m => m.report.score)
    .filter((s): s is number => typeof s === 'number');
  const grades: SummaryGroup['grades'] = {};
  const failing = new Map<string, number>();
  for (const { report } of members) {
    grades[report.grade] = (grades[report.grade] ?? 0) + 1;
    for (const checkId of new Set(
      report.results.filter(r => r.status === 'fail').map(r => r.checkId),
    )) {
      failing.set(checkId, (failing.get(checkId) ?? 0) + 1);
    }
  }
  return {
    key,
    count: members.length,
    averageScore: scores.length
      ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length)
      : null,
    worstScore: scores.length ? Math.min(...scores) : null,
    grades,
    failingChecks: [...failing.entries()]
      .map(([checkId, count]) => ({ checkId, count }))
      .sort((a, b) => b.count - a.count || a.checkId.localeCompare(b.checkId)),
    entities: members
      .map(({ report }) => ({
        entityRef: report.entityRef,
        score: report.score,
        grade: report.grade,
        ...(report.gradeCap ? { gradeCap: report.gradeCap } : {}),
        failing: report.results.filter(r => r.status === 'fail').length,
      }))
      .sort((a, b) => compareGrades(a, b) || a.entityRef.localeCompare(b.entityRef)),
  };
}
