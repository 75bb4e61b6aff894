import {
  HaCategory,
  HaParameterRange,
  HaSeverity,
  HaStatus,
  HaTarget,
} from '@ha-posture/plugin-ha-posture-common';
import { ClusterView, Workload } from './view';
import { EntitySelector } from './entity';

/**
 * `cluster`: evaluated once per cluster (control plane, nodes, CNI, DNS ...).
 * `workload`: once per workload (Deployment, StatefulSet, DaemonSet, ownerless ReplicaSet, Rollout, bare Pod).
 * `entity`: once per catalog entity, across all clusters (DR).
 * @public
 */
export type CheckScope = 'cluster' | 'workload' | 'entity';

/**
 * A tunable of a check, with its default; overridden by `haPosture.checks.<id>.params`. A numeric
 * one declares the values it accepts (`minimum`, `maximum`, `integer`): an override outside them
 * is refused with a warning and the default kept, as a wrong type is.
 * @public
 */
export interface CheckParameter extends HaParameterRange {
  description: string;
  default: number | string | boolean | string[];
}

/** What a check says about one target; the engine adds id, category, severity and exemptions. @public */
export interface CheckOutcome {
  status: Exclude<HaStatus, 'exempt'>;
  message: string;
  /** Defaults to the cluster (cluster scope), the workload (workload scope) or the entity. */
  target?: HaTarget;
  /** Overrides the check's remediation for this outcome (more specific advice). */
  remediation?: string;
  /** Machine-readable facts behind the verdict (counts, zones, object names ...). */
  evidence?: Record<string, unknown>;
}

/** @public */
export interface ClusterCheckContext<P = Record<string, any>> {
  cluster: ClusterView;
  params: P;
}

/** @public */
export interface WorkloadCheckContext<P = Record<string, any>> {
  cluster: ClusterView;
  workload: Workload;
  params: P;
}

/** One workload of an entity in one cluster. @public */
export interface EntityWorkload {
  cluster: ClusterView;
  workload: Workload;
}

/** @public */
export interface EntityCheckContext<P = Record<string, any>> {
  entity: EntitySelector;
  /** The entity's workloads in every cluster it was looked for in. */
  workloads: EntityWorkload[];
  /** Every cluster the entity was looked for in (after its cluster annotation). */
  clusters: ClusterView[];
  params: P;
}

interface CheckBase<P> {
  /** kebab-case, stable: users' config, exemptions and Tech Insights refer to it. */
  id: string;
  title: string;
  category: HaCategory;
  severity: HaSeverity;
  /** Why this matters for availability (one or two sentences). */
  rationale: string;
  /** What to change. */
  remediation: string;
  parameters?: { [K in keyof P]: CheckParameter };
  /** Links to docs backing the rule. */
  references?: string[];
}

/** @public */
export interface ClusterCheck<P = Record<string, any>> extends CheckBase<P> {
  scope: 'cluster';
  evaluate(ctx: ClusterCheckContext<P>): CheckOutcome | CheckOutcome[];
  /**
   * The same evaluation in steps, for a check that costs much on a large cluster: evaluateAsync
   * gives the event loop a turn at each `yield`. Optional; it must give what evaluate() gives.
   */
  evaluateSteps?(
    ctx: ClusterCheckContext<P>,
  ): Generator<void, CheckOutcome | CheckOutcome[], void>;
}

/** @public */
export interface WorkloadCheck<P = Record<string, any>> extends CheckBase<P> {
  scope: 'workload';
  /** Workload kinds the check applies to; others are not evaluated (no result). Default: all. */
  appliesTo?: Workload['kind'][];
  evaluate(ctx: WorkloadCheckContext<P>): CheckOutcome | CheckOutcome[];
}

/** @public */
export interface EntityCheck<P = Record<string, any>> extends CheckBase<P> {
  scope: 'entity';
  evaluate(ctx: EntityCheckContext<P>): CheckOutcome | CheckOutcome[];
}

/** A check: one small file under src/checks/<category>/, with its tests beside it. @public */
export type HaCheck<P = any> =
  | ClusterCheck<P>
  | WorkloadCheck<P>
  | EntityCheck<P>;
