/**
 * Everything a scan produced, handed to the output formats: the engine's evaluation, what was
 * read per cluster (for file/line locations and ignored kinds), the effective catalog, and the
 * verdict under `--fail-on`.
 */
import {
  Grading,
  HaResult,
  HaTarget,
} from '@ha-posture/plugin-ha-posture-common';
import {
  EvaluationResult,
  ResolvedCheck,
  SnapshotMode,
} from '@ha-posture/plugin-ha-posture-node';
import { BaselineComparison } from './baseline';
import { FailOn } from './failOn';
import { ClusterInput } from './input/loadInputs';
import { ObjectLocations } from './input/objectLocations';
import { SourceLocation } from './input/parseManifests';

/** One scanned cluster: its input and what the engine made of it. @public */
export interface ScannedCluster {
  input: ClusterInput;
  locations: ObjectLocations;
  mode: SnapshotMode;
  /** `apiVersion/kind` → count of objects the engine does not read (Secrets included). */
  ignored: Record<string, number>;
}

/** @public */
export interface ScanResult {
  evaluation: EvaluationResult;
  clusters: ScannedCluster[];
  /** The enabled checks with their effective severity (after --config). */
  checks: ResolvedCheck[];
  failOn: FailOn;
  /** Grading after --config (`thresholds.grades`, `.gradeCaps`): per-cluster summaries use it too. */
  grading: Grading;
  /**
   * The non-exempt `fail` results at or above `failOn`, less those the baseline already has: exit 1
   * when not empty.
   */
  failing: HaResult[];
  /** `--baseline FILE`: this scan's findings against it. */
  baseline?: BaselineComparison;
}

/** Where the object a result is about was defined, when it came from a file. @public */
export function locationOf(
  scan: ScanResult,
  target: HaTarget,
): SourceLocation | undefined {
  return scan.clusters
    .find(c => c.input.cluster.name === target.cluster)
    ?.locations.find(target);
}

/** Ignored kinds summed over the clusters, most frequent first. @public */
export function ignoredTotals(
  scan: ScanResult,
): Array<{ kind: string; count: number }> {
  const totals = new Map<string, number>();
  for (const cluster of scan.clusters) {
    for (const [kind, count] of Object.entries(cluster.ignored))
      totals.set(kind, (totals.get(kind) ?? 0) + count);
  }
  return [...totals]
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}

/**
 * `Deployment shop/web`, `Cluster prod-eu`, `Cluster shop/pg (postgresql.cnpg.io)` (a custom
 * resource, with its API group): how a target reads in text output.
 * @public
 */
export function describeTarget(target: HaTarget): string {
  return `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${
    target.name
  }${target.apiGroup ? ` (${target.apiGroup})` : ''}`;
}
