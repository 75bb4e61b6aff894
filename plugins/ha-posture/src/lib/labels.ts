import {
  HaCategory,
  HaGrade,
  HaGradeCap,
  HaSeverity,
  HaStatus,
} from '@ha-posture/plugin-ha-posture-common';

/** Display names of the twelve categories. */
export const CATEGORY_LABELS: Record<HaCategory, string> = {
  'control-plane': 'Control plane',
  nodes: 'Nodes & zones',
  replicas: 'Replicas',
  spread: 'Spread',
  disruption: 'Disruption budgets',
  health: 'Health & probes',
  network: 'Network',
  storage: 'Storage',
  backups: 'Backups',
  dr: 'Disaster recovery',
  monitoring: 'Monitoring',
  logging: 'Logging',
};

export const STATUS_LABELS: Record<HaStatus, string> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
  unknown: 'Unknown',
  exempt: 'Exempt',
  skipped: 'Not applicable',
};

/** What each status means, for tooltips and legends. */
export const STATUS_DESCRIPTIONS: Record<HaStatus, string> = {
  pass: 'The check passed.',
  warn: 'The check found a weakness worth fixing.',
  fail: 'The check failed: a single failure could take this down.',
  unknown:
    'Not evaluable: data was missing, not installed, forbidden or unreachable.',
  exempt: 'Waived by an exemption annotation.',
  skipped: 'Not applicable here.',
};

export const SEVERITY_LABELS: Record<HaSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const GRADE_DESCRIPTIONS: Record<HaGrade, string> = {
  A: 'Highly available (score 90 or more)',
  B: 'Mostly available (75 to 89)',
  C: 'Fragile (60 to 74)',
  D: 'Weak (40 to 59)',
  F: 'Single points of failure (below 40)',
  'N/A': 'Nothing could be evaluated',
};

export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category as HaCategory] ?? category;
}

export function plural(count: number, word: string, many = `${word}s`) {
  return `${count} ${count === 1 ? word : many}`;
}

/** Why a grade is worse than its score: "Capped at B: 2 failing high checks (score alone: A)". */
export function gradeCapText(grade: HaGrade, cap: HaGradeCap): string {
  return `Capped at ${grade}: ${plural(
    cap.failing,
    `failing ${cap.severity} check`,
  )} (score alone: ${cap.scoreGrade})`;
}
