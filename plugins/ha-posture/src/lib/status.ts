import { Theme } from '@material-ui/core/styles';
import {
  DEFAULT_GRADE_THRESHOLDS,
  GradeThresholds,
  HaGrade,
  HaStatus,
  STATUS_ORDER,
} from '@ha-posture/plugin-ha-posture-common';

type PaletteColor = (theme: Theme) => string;

const STATUS_COLORS: Record<HaStatus, PaletteColor> = {
  pass: theme => theme.palette.status.ok,
  warn: theme => theme.palette.status.warning,
  fail: theme => theme.palette.status.error,
  unknown: theme => theme.palette.info.main,
  exempt: theme => theme.palette.status.aborted,
  skipped: theme => theme.palette.text.disabled,
};

/** Theme colour of a status (theme-aware: works in light and dark mode). */
export function statusColor(theme: Theme, status: HaStatus): string {
  return (STATUS_COLORS[status] ?? STATUS_COLORS.skipped)(theme);
}

/**
 * Colour of a 0-100 score on the grade scale in force (null: grey): a score that grades B or
 * better is ok, C warning, D a darker warning, F an error. `thresholds`: the configured ones
 * (useHaGrading), the defaults until they are known.
 */
export function scoreColor(
  theme: Theme,
  score: number | null | undefined,
  thresholds: Readonly<GradeThresholds> = DEFAULT_GRADE_THRESHOLDS,
): string {
  if (score === null || score === undefined || Number.isNaN(score)) {
    return theme.palette.text.disabled;
  }
  if (score >= thresholds.B) return theme.palette.status.ok;
  if (score >= thresholds.C) return theme.palette.status.warning;
  if (score >= thresholds.D) return theme.palette.warning.dark;
  return theme.palette.status.error;
}

const GRADE_COLORS: Record<HaGrade, PaletteColor> = {
  A: theme => theme.palette.status.ok,
  B: theme => theme.palette.success.light,
  C: theme => theme.palette.status.warning,
  D: theme => theme.palette.warning.dark,
  F: theme => theme.palette.status.error,
  'N/A': theme => theme.palette.text.disabled,
};

/** Theme colour of a grade (N/A: grey). */
export function gradeColor(theme: Theme, grade: HaGrade): string {
  return (GRADE_COLORS[grade] ?? GRADE_COLORS['N/A'])(theme);
}

const RANK = Object.fromEntries(STATUS_ORDER.map((s, i) => [s, i])) as Record<
  HaStatus,
  number
>;

/** Worst first: fail, warn, unknown, pass, exempt, skipped. */
export function compareStatus(a: HaStatus, b: HaStatus): number {
  return RANK[a] - RANK[b];
}

/** The worst of some statuses (`skipped` when there are none). */
export function worstStatus(statuses: Iterable<HaStatus>): HaStatus {
  let worst: HaStatus = 'skipped';
  for (const status of statuses) {
    if (compareStatus(status, worst) < 0) worst = status;
  }
  return worst;
}

/** Statuses that need a reader's attention. */
export const ATTENTION_STATUSES: HaStatus[] = ['fail', 'warn', 'unknown'];
