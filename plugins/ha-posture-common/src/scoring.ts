/**
 * Scoring of HA results (see the package README, "Scoring"):
 *
 *   score = 100 × Σ(weight × credit) / Σ(weight)   over pass, warn and fail results
 *   weight: critical 10, high 5, medium 3, low 1     credit: pass 1, warn 0.5, fail 0
 *
 * `unknown`, `exempt` and `skipped` results are counted but not scored: an unknown neither rewards
 * (it is not a pass) nor hides anything (its count is reported beside the score). With nothing
 * scorable the score is null and the grade `N/A`.
 */
import {
  HA_CATEGORIES,
  HA_STATUSES,
  HaCategory,
  HaCategorySummary,
  HaGrade,
  HaResult,
  HaSeverity,
  HaStatus,
  HaStatusCounts,
} from './types';

/** @public */
export const SEVERITY_WEIGHTS: Record<HaSeverity, number> = { critical: 10, high: 5, medium: 3, low: 1 };

/** Credit of the scored statuses. @public */
export const STATUS_CREDITS: Partial<Record<HaStatus, number>> = { pass: 1, warn: 0.5, fail: 0 };

/** Lower grade bounds, best first. @public */
export const GRADE_BOUNDS: Array<{ grade: Exclude<HaGrade, 'N/A'>; min: number }> = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 75 },
  { grade: 'C', min: 60 },
  { grade: 'D', min: 40 },
  { grade: 'F', min: 0 },
];

/** Worst first: the order in which statuses decide a category and sort results. @public */
export const STATUS_ORDER: HaStatus[] = ['fail', 'warn', 'unknown', 'pass', 'exempt', 'skipped'];

/** @public */
export const SEVERITY_ORDER: HaSeverity[] = ['critical', 'high', 'medium', 'low'];

/** @public */
export interface HaSummary {
  score: number | null;
  grade: HaGrade;
  categories: Record<HaCategory, HaCategorySummary>;
  /** Counts over all results. */
  counts: HaStatusCounts;
}

/** @public */
export function emptyCounts(): HaStatusCounts {
  return Object.fromEntries(HA_STATUSES.map(s => [s, 0])) as HaStatusCounts;
}

/** @public */
export function gradeOf(score: number | null): HaGrade {
  if (score === null) return 'N/A';
  return GRADE_BOUNDS.find(b => score >= b.min)?.grade ?? 'F';
}

/** 0-100 rounded to one decimal, or null when no result is scorable. @public */
export function scoreOf(results: Array<Pick<HaResult, 'status' | 'severity'>>): number | null {
  let weighted = 0;
  let total = 0;
  for (const r of results) {
    const credit = STATUS_CREDITS[r.status];
    if (credit === undefined) continue;
    const weight = SEVERITY_WEIGHTS[r.severity] ?? SEVERITY_WEIGHTS.low;
    weighted += weight * credit;
    total += weight;
  }
  return total === 0 ? null : Math.round((1000 * weighted) / total) / 10;
}

/**
 * A category's status: its worst non-exempt, non-skipped result (fail > warn > unknown > pass).
 * When every result is exempt the category is `exempt` (waived, not passed); with no result, or
 * only skipped ones, it is `skipped`.
 * @public
 */
export function categoryStatus(results: Array<Pick<HaResult, 'status'>>): HaStatus {
  let worst: HaStatus | undefined;
  let exempt = false;
  for (const r of results) {
    if (r.status === 'exempt') exempt = true;
    if (r.status === 'exempt' || r.status === 'skipped') continue;
    if (worst === undefined || STATUS_ORDER.indexOf(r.status) < STATUS_ORDER.indexOf(worst)) worst = r.status;
  }
  return worst ?? (exempt ? 'exempt' : 'skipped');
}

/** Score, grade, per-category status/score/counts, and overall counts of a set of results. @public */
export function summarizeResults(results: HaResult[]): HaSummary {
  const byCategory = new Map<HaCategory, HaResult[]>(HA_CATEGORIES.map(c => [c, []]));
  const counts = emptyCounts();
  for (const r of results) {
    byCategory.get(r.category)?.push(r);
    counts[r.status]++;
  }
  const categories = {} as Record<HaCategory, HaCategorySummary>;
  for (const [category, categoryResults] of byCategory) {
    const categoryCounts = emptyCounts();
    for (const r of categoryResults) categoryCounts[r.status]++;
    categories[category] = {
      status: categoryStatus(categoryResults),
      score: scoreOf(categoryResults),
      counts: categoryCounts,
    };
  }
  const score = scoreOf(results);
  return { score, grade: gradeOf(score), categories, counts };
}

/** Worst status first, then highest severity, then target and check id (stable report order). @public */
export function compareResults(a: HaResult, b: HaResult): number {
  return (
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    (a.target.cluster ?? '').localeCompare(b.target.cluster ?? '') ||
    (a.target.namespace ?? '').localeCompare(b.target.namespace ?? '') ||
    a.target.kind.localeCompare(b.target.kind) ||
    a.target.name.localeCompare(b.target.name) ||
    a.checkId.localeCompare(b.checkId)
  );
}
