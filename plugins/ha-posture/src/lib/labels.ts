import {
  GradeCaps,
  GradeThresholds,
  HaCategory,
  HaGrade,
  HaGradeCap,
  HaSeverity,
  HaStatus,
  SEVERITY_ORDER,
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

const GRADE_MEANINGS: Record<HaGrade, string> = {
  A: 'Highly available',
  B: 'Mostly available',
  C: 'Fragile',
  D: 'Weak',
  F: 'Single points of failure',
  'N/A': 'Nothing could be evaluated',
};

/**
 * What a grade means, with its score range under the thresholds in force: "Mostly available (75 to
 * under 90)". Scores have one decimal (89.9 is a B), hence "under" rather than "to 89". Without
 * thresholds (still loading, or unavailable) the meaning alone: never the numbers of another
 * configuration.
 */
export function gradeDescription(
  grade: HaGrade,
  thresholds?: GradeThresholds,
): string {
  const meaning = GRADE_MEANINGS[grade] ?? '';
  if (!thresholds) return meaning;
  const range: Partial<Record<HaGrade, string>> = {
    A: `score ${thresholds.A} or more`,
    B: `${thresholds.B} to under ${thresholds.A}`,
    C: `${thresholds.C} to under ${thresholds.B}`,
    D: `${thresholds.D} to under ${thresholds.C}`,
    F: `below ${thresholds.D}`,
  };
  return range[grade] ? `${meaning} (${range[grade]})` : meaning;
}

/**
 * The configured grade caps in one sentence, most severe first: "A failing critical check caps
 * the grade at D, a failing high check at B." Undefined without caps.
 */
export function describeGradeCaps(caps: GradeCaps): string | undefined {
  const [first, ...others] = SEVERITY_ORDER.filter(severity => caps[severity]);
  if (!first) return undefined;
  return `${[
    `A failing ${first} check caps the grade at ${caps[first]}`,
    ...others.map(
      severity => `a failing ${severity} check at ${caps[severity]}`,
    ),
  ].join(', ')}.`;
}

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
