import { Theme } from '@material-ui/core/styles';
import {
  HaGrade,
  HaStatus,
  STATUS_ORDER,
} from '@ha-posture/plugin-ha-posture-common';

/** Theme colour of a status (theme-aware: works in light and dark mode). */
export function statusColor(theme: Theme, status: HaStatus): string {
  switch (status) {
    case 'pass':
      return theme.palette.status.ok;
    case 'warn':
      return theme.palette.status.warning;
    case 'fail':
      return theme.palette.status.error;
    case 'unknown':
      return theme.palette.info.main;
    case 'exempt':
      return theme.palette.status.aborted;
    default:
      return theme.palette.text.disabled;
  }
}

/** Colour of a 0-100 score on the grade scale (null: grey). */
export function scoreColor(
  theme: Theme,
  score: number | null | undefined,
): string {
  if (score === null || score === undefined || Number.isNaN(score)) {
    return theme.palette.text.disabled;
  }
  if (score >= 75) return theme.palette.status.ok;
  if (score >= 60) return theme.palette.status.warning;
  if (score >= 40) return theme.palette.warning.dark;
  return theme.palette.status.error;
}

export function gradeColor(theme: Theme, grade: HaGrade): string {
  switch (grade) {
    case 'A':
      return theme.palette.status.ok;
    case 'B':
      return theme.palette.success.light;
    case 'C':
      return theme.palette.status.warning;
    case 'D':
      return theme.palette.warning.dark;
    case 'F':
      return theme.palette.status.error;
    default:
      return theme.palette.text.disabled;
  }
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
