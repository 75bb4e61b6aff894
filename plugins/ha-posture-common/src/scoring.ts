/**
 * Scoring of HA results (see the package README, "Scoring"):
 *
 *   score = 100 × Σ(weight × credit) / Σ(weight)   over pass, warn and fail results
 *   weight: critical 10, high 5, medium 3, low 1     credit: pass 1, warn 0.5, fail 0
 *
 * `unknown`, `exempt` and `skipped` results are counted but not scored: an unknown neither rewards
 * (it is not a pass) nor hides anything (its count is reported beside the score). With nothing
 * scorable the score is null and the grade `N/A`. Optional grade caps (`thresholds.gradeCaps`) then
 * lower the grade while a result of a given severity fails.
 */
import {
  HA_CATEGORIES,
  HaCategory,
  HaCategorySummary,
  HaGrade,
  HaGradeCap,
  HaResult,
  HaSeverity,
  HaStatus,
  HaStatusCounts,
} from './types';

/** @public */
export const SEVERITY_WEIGHTS: Record<HaSeverity, number> = {
  critical: 10,
  high: 5,
  medium: 3,
  low: 1,
};

/** Credit of the scored statuses. @public */
export const STATUS_CREDITS: Partial<Record<HaStatus, number>> = {
  pass: 1,
  warn: 0.5,
  fail: 0,
};

/**
 * The lowest score of grades A to D (below D is F): `haPosture.thresholds.grades`, any of them
 * overriding the defaults. @public
 */
export interface GradeThresholds {
  A: number;
  B: number;
  C: number;
  D: number;
}

/** @public */
export const DEFAULT_GRADE_THRESHOLDS: Readonly<GradeThresholds> =
  Object.freeze({ A: 90, B: 75, C: 60, D: 40 });

const THRESHOLD_GRADES = ['A', 'B', 'C', 'D'] as const;

/**
 * Grade thresholds from configuration (any of A-D; the others keep their defaults), or the
 * problems that make them unusable: each a number from 0 to 100, A above B above C above D.
 * @public
 */
export function readGradeThresholds(value: unknown): {
  thresholds: GradeThresholds;
  problems: string[];
} {
  const thresholds = { ...DEFAULT_GRADE_THRESHOLDS };
  if (value === undefined || value === null)
    return { thresholds, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value))
    return {
      thresholds,
      problems: ['must be a mapping of grade (A, B, C, D) to its lowest score'],
    };
  const problems: string[] = [];
  for (const [grade, bound] of Object.entries(value)) {
    if (!(THRESHOLD_GRADES as readonly string[]).includes(grade)) {
      problems.push(
        `${grade}: unknown grade (expected A, B, C or D; F is everything below D)`,
      );
    } else if (typeof bound !== 'number' || !(bound >= 0 && bound <= 100)) {
      problems.push(
        `${grade}: must be a number from 0 to 100, not ${JSON.stringify(
          bound,
        )}`,
      );
    } else thresholds[grade as keyof GradeThresholds] = bound;
  }
  for (let i = 1; i < THRESHOLD_GRADES.length && problems.length === 0; i++) {
    const [higher, lower] = [THRESHOLD_GRADES[i - 1], THRESHOLD_GRADES[i]];
    if (!(thresholds[higher] > thresholds[lower]))
      problems.push(
        `${higher} (${thresholds[higher]}) must be above ${lower} (${thresholds[lower]})`,
      );
  }
  return problems.length === 0
    ? { thresholds, problems }
    : { thresholds: { ...DEFAULT_GRADE_THRESHOLDS }, problems };
}

/** Worst first: the order in which statuses decide a category and sort results. @public */
export const STATUS_ORDER: HaStatus[] = [
  'fail',
  'warn',
  'unknown',
  'pass',
  'exempt',
  'skipped',
];

/** @public */
export const SEVERITY_ORDER: HaSeverity[] = [
  'critical',
  'high',
  'medium',
  'low',
];

/** A grade a cap can name (`N/A` is not a grade a score can be capped at). @public */
export type CappedGrade = Exclude<HaGrade, 'N/A'>;

/**
 * The best grade a report can have while a result of the severity fails (`haPosture.thresholds
 * .gradeCaps`), e.g. `{ critical: 'D', high: 'B' }`. None by default: the grade is the score's.
 * @public
 */
export type GradeCaps = Partial<Record<HaSeverity, CappedGrade>>;

/** How scores become grades: the thresholds, then the caps. @public */
export interface Grading {
  thresholds: GradeThresholds;
  caps: GradeCaps;
}

/** @public */
export const DEFAULT_GRADING: Readonly<Grading> = Object.freeze({
  thresholds: DEFAULT_GRADE_THRESHOLDS,
  caps: Object.freeze({}),
});

const CAPPED_GRADES: readonly CappedGrade[] = ['A', 'B', 'C', 'D', 'F'];

/**
 * Grade caps from configuration (severity to the best grade while one of its results fails), or
 * the problems that make them unusable (then there are no caps).
 * @public
 */
export function readGradeCaps(value: unknown): {
  caps: GradeCaps;
  problems: string[];
} {
  if (value === undefined || value === null) return { caps: {}, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value))
    return {
      caps: {},
      problems: [
        'must be a mapping of severity (critical, high, medium, low) to the best grade (A-F) while a check of that severity fails',
      ],
    };
  const caps: GradeCaps = {};
  const problems: string[] = [];
  for (const [severity, grade] of Object.entries(value)) {
    if (!(SEVERITY_ORDER as readonly string[]).includes(severity))
      problems.push(
        `${severity}: unknown severity (expected ${SEVERITY_ORDER.join(', ')})`,
      );
    else if (!(CAPPED_GRADES as readonly unknown[]).includes(grade))
      problems.push(
        `${severity}: must be one of ${CAPPED_GRADES.join(
          ', ',
        )}, not ${JSON.stringify(grade)}`,
      );
    else caps[severity as HaSeverity] = grade as CappedGrade;
  }
  return problems.length === 0 ? { caps, problems } : { caps: {}, problems };
}

/**
 * The grade once the caps apply, and the cap that lowered it (undefined when none did). When
 * several severities fail, the most restrictive cap wins; on a tie, the higher severity names it.
 * @public
 */
export function capGrade(
  grade: HaGrade,
  failing: Partial<Record<HaSeverity, number>>,
  caps: GradeCaps,
): { grade: HaGrade; cap?: HaGradeCap } {
  if (grade === 'N/A') return { grade };
  let capped: { grade: HaGrade; cap?: HaGradeCap } = { grade };
  for (const severity of SEVERITY_ORDER) {
    const cap = caps[severity];
    const count = failing[severity] ?? 0;
    if (
      cap === undefined ||
      count === 0 ||
      CAPPED_GRADES.indexOf(cap) <=
        CAPPED_GRADES.indexOf(capped.grade as CappedGrade)
    )
      continue;
    capped = {
      grade: cap,
      cap: { severity, failing: count, scoreGrade: grade },
    };
  }
  return capped;
}

const STATUS_RANK = Object.fromEntries(
  STATUS_ORDER.map((s, i) => [s, i]),
) as Record<HaStatus, number>;
const SEVERITY_RANK = Object.fromEntries(
  SEVERITY_ORDER.map((s, i) => [s, i]),
) as Record<HaSeverity, number>;

/** @public */
export interface HaSummary {
  score: number | null;
  grade: HaGrade;
  /** Present only when a grade cap lowered the grade. */
  gradeCap?: HaGradeCap;
  categories: Record<HaCategory, HaCategorySummary>;
  /** Counts over all results. */
  counts: HaStatusCounts;
}

/** @public */
export function emptyCounts(): HaStatusCounts {
  return { pass: 0, warn: 0, fail: 0, unknown: 0, exempt: 0, skipped: 0 };
}

/** @public */
export function gradeOf(
  score: number | null,
  thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS,
): HaGrade {
  if (score === null) return 'N/A';
  for (const grade of THRESHOLD_GRADES)
    if (score >= thresholds[grade]) return grade;
  return 'F';
}

/** 0-100 rounded to one decimal, or null when no result is scorable. @public */
export function scoreOf(
  results: Array<Pick<HaResult, 'status' | 'severity'>>,
): number | null {
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
export function categoryStatus(
  results: Array<Pick<HaResult, 'status'>>,
): HaStatus {
  let worst: HaStatus | undefined;
  let exempt = false;
  for (const r of results) {
    if (r.status === 'exempt') exempt = true;
    if (r.status === 'exempt' || r.status === 'skipped') continue;
    if (worst === undefined || STATUS_RANK[r.status] < STATUS_RANK[worst])
      worst = r.status;
  }
  return worst ?? (exempt ? 'exempt' : 'skipped');
}

/** Running totals of one set of results: what scoreOf, categoryStatus and the counts need, in one pass. */
class Tally {
  readonly counts = emptyCounts();
  /** Failing results per severity (for grade caps). */
  readonly failing: Partial<Record<HaSeverity, number>> = {};
  private weighted = 0;
  private total = 0;
  private worst: HaStatus | undefined;

  add(status: HaStatus, severity: HaSeverity): void {
    this.counts[status]++;
    if (status === 'fail')
      this.failing[severity] = (this.failing[severity] ?? 0) + 1;
    const credit = STATUS_CREDITS[status];
    if (credit !== undefined) {
      const weight = SEVERITY_WEIGHTS[severity] ?? SEVERITY_WEIGHTS.low;
      this.weighted += weight * credit;
      this.total += weight;
    }
    if (
      status !== 'exempt' &&
      status !== 'skipped' &&
      (this.worst === undefined ||
        STATUS_RANK[status] < STATUS_RANK[this.worst])
    )
      this.worst = status;
  }

  /** Same rounding as scoreOf. */
  score(): number | null {
    return this.total === 0
      ? null
      : Math.round((1000 * this.weighted) / this.total) / 10;
  }

  /** Same rule as categoryStatus. */
  status(): HaStatus {
    return this.worst ?? (this.counts.exempt > 0 ? 'exempt' : 'skipped');
  }
}

/**
 * A record with one value per category, in HA_CATEGORIES order, built as one literal: every
 * summary then shares one object shape, whereas adding twelve keys one by one cost as much as the
 * rest of a summary (a test keeps the keys equal to HA_CATEGORIES).
 */
function recordOfCategories<T>(
  value: (category: HaCategory) => T,
): Record<HaCategory, T> {
  return {
    'control-plane': value('control-plane'),
    nodes: value('nodes'),
    replicas: value('replicas'),
    spread: value('spread'),
    disruption: value('disruption'),
    health: value('health'),
    network: value('network'),
    storage: value('storage'),
    backups: value('backups'),
    dr: value('dr'),
    monitoring: value('monitoring'),
    logging: value('logging'),
  };
}

/**
 * Score, grade (thresholds, then caps), per-category status/score/counts, and overall counts of a
 * set of results. One pass over the results: it runs for every workload and entity report of a
 * fleet.
 * @public
 */
export function summarizeResults(
  results: HaResult[],
  grading: Grading = DEFAULT_GRADING,
): HaSummary {
  const overall = new Tally();
  const byCategory = new Map<string, Tally>();
  for (const category of HA_CATEGORIES) byCategory.set(category, new Tally());
  for (const r of results) {
    overall.add(r.status, r.severity);
    byCategory.get(r.category)?.add(r.status, r.severity);
  }
  const categories = recordOfCategories((category): HaCategorySummary => {
    const tally = byCategory.get(category)!;
    return {
      status: tally.status(),
      score: tally.score(),
      counts: tally.counts,
    };
  });
  const score = overall.score();
  const { grade, cap } = capGrade(
    gradeOf(score, grading.thresholds),
    overall.failing,
    grading.caps,
  );
  return cap
    ? { score, grade, gradeCap: cap, categories, counts: overall.counts }
    : { score, grade, categories, counts: overall.counts };
}

/** Grades worst first: F, D, C, B, A, then N/A (nothing evaluated). */
const GRADES_WORST_FIRST: HaGrade[] = [...[...CAPPED_GRADES].reverse(), 'N/A'];

/**
 * Worst first by grade, then by score (no score last): lists ordered this way read in the order
 * of their grades even when a grade cap made a grade worse than its score. @public
 */
export function compareGrades(
  a: { grade: HaGrade; score: number | null },
  b: { grade: HaGrade; score: number | null },
): number {
  return (
    GRADES_WORST_FIRST.indexOf(a.grade) - GRADES_WORST_FIRST.indexOf(b.grade) ||
    (a.score ?? 101) - (b.score ?? 101)
  );
}

/** Plain code-unit order: deterministic and much cheaper than localeCompare on large reports. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Worst status first, then highest severity, then target and check id (stable report order). @public */
export function compareResults(a: HaResult, b: HaResult): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.target.cluster ?? '', b.target.cluster ?? '') ||
    compareText(a.target.namespace ?? '', b.target.namespace ?? '') ||
    compareText(a.target.kind, b.target.kind) ||
    compareText(a.target.name, b.target.name) ||
    compareText(a.checkId, b.checkId)
  );
}
