import {
  HaCategory,
  HaCategorySummary,
  HaGrade,
  HaGradeCap,
  HaSeverity,
  HaSource,
  HaStatus,
} from './types';
import { HaParameterRange } from './parameterRange';
import {
  ClusterReport,
  ClusterSummary,
  EntityReport,
  WorkloadReport,
} from './reports';
import { Grading } from './scoring';

/*
 * Response bodies of the REST API (`/api/ha-posture`), shared by the backend router and the
 * frontend client.
 */

/** One check of the catalog (`GET /checks`). @public */
export interface HaCheckInfo {
  id: string;
  title: string;
  category: HaCategory;
  /** Default severity, as in `ha-posture checks` and docs/checks.md. */
  severity: HaSeverity;
  /** The severity `haPosture.checks.<id>.severity` sets here, when it differs from the default. */
  configuredSeverity?: HaSeverity;
  scope: 'cluster' | 'workload' | 'entity';
  appliesTo?: string[];
  rationale: string;
  remediation: string;
  parameters: Array<
    { name: string; description: string; default: unknown } & HaParameterRange
  >;
  references: string[];
  /** False when disabled in config. */
  enabled?: boolean;
}

/** `GET /checks` @public */
export interface HaChecksResponse {
  items: HaCheckInfo[];
  /**
   * How scores become grades here (`haPosture.thresholds`): each grade's lowest score and the caps,
   * so grades can be described with the numbers in force. Absent from backends older than this
   * field: describe grades without numbers then.
   */
  grading?: Grading;
}

/** @public */
export interface HaRefreshRecord {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  clusters: number;
  entities: number;
  apiRequests: number;
  errors: string[];
}

/** @public */
export interface HaClusterListItem {
  cluster: ClusterSummary;
  score: number | null;
  grade: HaGrade;
  /** Present when a grade cap lowered the grade. */
  gradeCap?: HaGradeCap;
  categories: Record<HaCategory, HaCategorySummary>;
  sources: HaSource[];
  generatedAt: string;
  lastAttemptAt?: string;
  lastError?: string;
}

/** `GET /clusters` @public */
export interface HaClustersResponse {
  items: HaClusterListItem[];
  lastRefresh: HaRefreshRecord | null;
}

/** @public */
export interface HaTopologyNode {
  name: string;
  ready: boolean;
  controlPlane: boolean;
  usable: boolean;
  pods: number;
}

/** @public */
export interface HaClusterTopology {
  zones: Array<{ zone: string; nodes: HaTopologyNode[] }>;
}

/** @public */
export interface HaHistoryPoint {
  day: string;
  score: number | null;
  grade: string;
  categories: Partial<Record<HaCategory, HaStatus>>;
  failing: number;
}

/** `GET /clusters/:name` @public */
export interface HaClusterResponse {
  report: ClusterReport;
  topology?: HaClusterTopology;
  history: HaHistoryPoint[];
  lastAttemptAt?: string;
  lastError?: string;
}

/** `GET /entities/:kind/:namespace/:name` @public */
export interface HaEntityResponse {
  report: EntityReport;
  workloads: WorkloadReport[];
  owner?: string;
  system?: string;
  clusters: Array<
    ClusterSummary & {
      score: number | null;
      grade: HaGrade;
      gradeCap?: HaGradeCap;
      sources: HaSource[];
    }
  >;
  /** True when the entity had no stored report and was evaluated for this request. */
  evaluatedOnDemand: boolean;
}

/** @public */
export interface HaSummaryGroup {
  key: string;
  count: number;
  averageScore: number | null;
  worstScore: number | null;
  grades: Partial<Record<HaGrade, number>>;
  failingChecks: Array<{ checkId: string; count: number }>;
  /** Worst first: by grade, then score (compareGrades). */
  entities: Array<{
    entityRef: string;
    score: number | null;
    grade: HaGrade;
    gradeCap?: HaGradeCap;
    failing: number;
  }>;
}

/** `GET /summary?groupBy=owner|system|cluster[&key=...]` @public */
export interface HaSummaryResponse {
  groupBy: 'owner' | 'system' | 'cluster';
  groups: HaSummaryGroup[];
}

/** `GET /history/:kind/:namespace/:name` @public */
export interface HaHistoryResponse {
  entityRef: string;
  points: HaHistoryPoint[];
}
