import {
  ClusterReport,
  EntityReport,
  GradeCaps,
  GradeThresholds,
  HaReport,
  HaSeverity,
  WorkloadReport,
} from '@ha-posture/plugin-ha-posture-common';
import { ClusterSnapshot } from './snapshot';
import { EntitySelector } from './entity';
import { HaCheck } from './checks';

export type {
  ClusterSummary,
  ClusterReport,
  WorkloadReport,
  EntityReport,
} from '@ha-posture/plugin-ha-posture-common';

/** `haPosture.checks.<id>` @public */
export interface CheckOverride {
  enabled?: boolean;
  severity?: HaSeverity;
  params?: Record<string, unknown>;
}

/** @public */
export interface ExemptionPolicy {
  /** Honour `ha-posture.io/exempt-<checkId>` on catalog entities (default true). */
  allowEntityAnnotations?: boolean;
  /** Honour the same annotation on Kubernetes objects (default true). */
  allowObjectAnnotations?: boolean;
  /** Reject exemptions without `until=` (they then do not apply, and the result says why). Default false. */
  requireExpiry?: boolean;
  /** Longest allowed exemption in days from today; longer ones are rejected. Default: no limit. */
  maxDays?: number;
  /**
   * Exemptions declared in configuration for groups of targets (see ExemptionRule). The annotation
   * policies above (allow*, requireExpiry, maxDays) do not limit them; an expired one stops applying.
   */
  rules?: ExemptionRule[];
}

/**
 * One `haPosture.exemptions.rules` entry: results of the `checks` whose target matches every
 * listed field are exempt with `reason`, until `until` if given. Names accept `*` as a wildcard.
 * @public
 */
export interface ExemptionRule {
  /** Check ids, e.g. `backup-schedule-coverage` or `monitoring-*`. */
  checks: string[];
  reason: string;
  /** YYYY-MM-DD, inclusive. */
  until?: string;
  clusters?: string[];
  /** Namespaces of the target; a rule with namespaces never matches cluster-wide targets. */
  namespaces?: string[];
  /** Target kinds: Deployment, DaemonSet, Service, IngressClass, Cluster ... */
  kinds?: string[];
  names?: string[];
  /** Labels the target object carries (all of them, exact values), e.g. `addonmanager.kubernetes.io/mode: Reconcile`. */
  labels?: Record<string, string>;
}

/** Engine configuration (the `haPosture` config block, minus backend-only keys). @public */
export interface EngineConfig {
  checks?: Record<string, CheckOverride>;
  exemptions?: ExemptionPolicy;
  thresholds?: {
    /** Lowest score of grades A-D (below D: F); any left out keeps its default (A 90, B 75, C 60, D 40). */
    grades?: Partial<GradeThresholds>;
    /**
     * The best grade while a result of the severity fails (`{ critical: 'D', high: 'B' }`); none by
     * default. The report's `gradeCap` then says which severity lowered the grade.
     */
    gradeCaps?: GradeCaps;
  };
}

/** @public */
export interface EvaluateOptions {
  entities?: EntitySelector[];
  config?: EngineConfig;
  /** Defaults to the built-in catalog; custom checks are appended by the caller. */
  checks?: HaCheck[];
  /** "Today" for exemption expiry; defaults to the current date. */
  today?: Date;
  /**
   * Which workloads run the workload checks and get a report: `all` (default: a scan, the CLI) or
   * `entities`, only those some entity in `entities` selects (the backend, which keeps nothing
   * else). Entity and cluster reports are the same either way.
   */
  workloads?: 'all' | 'entities';
}

/** @public */
export interface EvaluationResult {
  clusters: ClusterReport[];
  workloads: WorkloadReport[];
  entities: EntityReport[];
  /** One report over everything (cluster + workload results), e.g. for the CLI; built on first read. */
  overall: HaReport;
  /** Problems of the configuration or the input (unknown check ids, bad params, malformed entity selectors). */
  warnings?: string[];
}

/** The engine's entry point (pure: no I/O). @public */
export type Evaluate = (
  snapshots: ClusterSnapshot[],
  options?: EvaluateOptions,
) => EvaluationResult;
