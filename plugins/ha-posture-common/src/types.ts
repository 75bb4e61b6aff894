/**
 * The fixed contracts of HA Posture (see DESIGN.md "Contracts"): category ids, statuses,
 * severities, the Result and Report JSON shapes shared by the REST API, the CLI and the facts.
 */

/** Category ids, in display order. @public */
export const HA_CATEGORIES = [
  'control-plane',
  'nodes',
  'replicas',
  'spread',
  'disruption',
  'health',
  'network',
  'storage',
  'backups',
  'dr',
  'monitoring',
  'logging',
] as const;

/** @public */
export type HaCategory = (typeof HA_CATEGORIES)[number];

/** @public */
export const HA_STATUSES = [
  'pass',
  'warn',
  'fail',
  'unknown',
  'exempt',
  'skipped',
] as const;

/**
 * `unknown`: not evaluable (missing data, not installed, forbidden, unreachable), always with a reason.
 * `exempt`: waived by an annotation, with reason and optional expiry. `skipped`: not applicable.
 * @public
 */
export type HaStatus = (typeof HA_STATUSES)[number];

/** @public */
export const HA_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** @public */
export type HaSeverity = (typeof HA_SEVERITIES)[number];

/** What a result is about. `kind` is a Kubernetes kind, or `Cluster` / `Entity`. @public */
export interface HaTarget {
  cluster?: string;
  kind: string;
  /**
   * The API group of a custom resource's kind (e.g. `postgresql.cnpg.io` for the CloudNativePG
   * `Cluster` an Operated workload stands for); absent for built-in kinds.
   */
  apiGroup?: string;
  namespace?: string;
  name: string;
}

/** @public */
export interface HaExemption {
  reason: string;
  /** YYYY-MM-DD, inclusive. */
  until?: string;
  /** Set when the exemption has expired and therefore no longer applies. */
  expired?: boolean;
  /**
   * Where the exemption was declared: the `entity` annotation, the Kubernetes `object` annotation,
   * or a rule in the `config` (haPosture.exemptions.rules).
   */
  source?: 'entity' | 'object' | 'config';
}

/** One verdict of one check on one target. @public */
export interface HaResult {
  checkId: string;
  category: HaCategory;
  status: HaStatus;
  severity: HaSeverity;
  message: string;
  remediation?: string;
  target: HaTarget;
  evidence?: Record<string, unknown>;
  exemption?: HaExemption;
}

/** @public */
export type HaStatusCounts = Record<HaStatus, number>;

/** @public */
export interface HaCategorySummary {
  status: HaStatus;
  /** 0-100, or null when nothing in the category was evaluable. */
  score: number | null;
  counts: HaStatusCounts;
}

/** Where the data of a report came from, and how fresh it is. @public */
export interface HaSource {
  cluster: string;
  fetchedAt: string;
  stale: boolean;
  errors: string[];
}

/** @public */
export type HaGrade = 'A' | 'B' | 'C' | 'D' | 'F' | 'N/A';

/**
 * Why a grade is worse than its score gives: a result of this severity fails, and
 * `haPosture.thresholds.gradeCaps` caps the grade while one does. @public
 */
export interface HaGradeCap {
  /** The severity whose failing results cap the grade (the most restrictive cap when several apply). */
  severity: HaSeverity;
  /** How many results of that severity fail. */
  failing: number;
  /** The grade the score alone gives. */
  scoreGrade: HaGrade;
}

/** @public */
export interface HaReport {
  /** 0-100; null when nothing was evaluable (then grade is `N/A`). */
  score: number | null;
  grade: HaGrade;
  /** Present only when a grade cap lowered the grade. */
  gradeCap?: HaGradeCap;
  categories: Record<HaCategory, HaCategorySummary>;
  results: HaResult[];
  generatedAt: string;
  sources: HaSource[];
}
