import { HaReport, HaSeverity } from '@ha-posture/plugin-ha-posture-common';
import { ClusterFlavor, WorkloadKind } from './view';
import { ClusterSnapshot } from './snapshot';
import { EntitySelector } from './entity';
import { HaCheck } from './checks';

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
}

/** Engine configuration (the `haPosture` config block, minus backend-only keys). @public */
export interface EngineConfig {
  checks?: Record<string, CheckOverride>;
  exemptions?: ExemptionPolicy;
}

/** @public */
export interface EvaluateOptions {
  entities?: EntitySelector[];
  config?: EngineConfig;
  /** Defaults to the built-in catalog; custom checks are appended by the caller. */
  checks?: HaCheck[];
  /** "Today" for exemption expiry; defaults to the current date. */
  today?: Date;
}

/** @public */
export interface ClusterSummary {
  name: string;
  title?: string;
  flavor: ClusterFlavor;
  managedControlPlane: boolean;
  region?: string;
  zones: string[];
  nodes: { total: number; ready: number; usableWorkers: number; controlPlane: number };
  version?: string;
}

/** Posture of one cluster: cluster-scope checks only. @public */
export interface ClusterReport extends HaReport {
  cluster: ClusterSummary;
}

/** All results of one workload in one cluster. @public */
export interface WorkloadReport {
  cluster: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** Entity refs the workload belongs to. */
  entityRefs: string[];
  replicas?: { floor: number; source: string; available?: number; desired?: number };
  /** Where its pods run: node → zone, for zone maps. */
  placement: Array<{ pod: string; node?: string; zone?: string; ready: boolean }>;
  report: HaReport;
}

/** Posture of one catalog entity across clusters: its workloads' results plus entity checks (DR). @public */
export interface EntityReport extends HaReport {
  entityRef: string;
  /** Clusters in which the entity has workloads. */
  clusters: string[];
  workloads: Array<{ cluster: string; kind: WorkloadKind; namespace: string; name: string }>;
}

/** @public */
export interface EvaluationResult {
  clusters: ClusterReport[];
  workloads: WorkloadReport[];
  entities: EntityReport[];
  /** One report over everything (cluster + workload results), e.g. for the CLI. */
  overall: HaReport;
  /** Problems of the configuration or the input (unknown check ids, bad params, malformed entity selectors). */
  warnings?: string[];
}

/** The engine's entry point (pure: no I/O). @public */
export type Evaluate = (snapshots: ClusterSnapshot[], options?: EvaluateOptions) => EvaluationResult;
