/**
 * `--format json`: one Report (DESIGN.md contract: score, grade, categories, results,
 * generatedAt, sources) over every scanned cluster, extended with per-cluster and per-workload
 * summaries, the kinds that were ignored, and the verdict under `--fail-on`.
 */
import {
  HaCategory,
  HaCategorySummary,
  HaGrade,
  HaGradeCap,
  HaReport,
  summarizeResults,
} from '@ha-posture/plugin-ha-posture-common';
import {
  ClusterSummary,
  SnapshotMode,
  WorkloadReport,
} from '@ha-posture/plugin-ha-posture-node';
import { BaselineCounts, BaselineState } from '../baseline';
import { FailOn } from '../failOn';
import { ScanResult, ignoredTotals } from '../scanResult';

/** @public */
export interface CliClusterSummary extends ClusterSummary {
  mode: SnapshotMode;
  /** The PATH arguments the cluster was read from. */
  inputs: string[];
  /** Over all results of the cluster: cluster and workload checks. */
  score: number | null;
  grade: HaGrade;
  /** Present only when a grade cap (`thresholds.gradeCaps`) lowered the grade. */
  gradeCap?: HaGradeCap;
  categories: Record<HaCategory, HaCategorySummary>;
  /** Cluster-scope checks only (the engine's cluster report). */
  clusterChecks: {
    score: number | null;
    grade: HaGrade;
    gradeCap?: HaGradeCap;
  };
  ignored: Record<string, number>;
}

/** @public */
export interface CliWorkloadSummary {
  cluster: string;
  kind: WorkloadReport['kind'];
  namespace: string;
  name: string;
  /** For an `Operated` workload: the custom resource it stands for. */
  operatedBy?: WorkloadReport['operatedBy'];
  replicas?: WorkloadReport['replicas'];
  score: number | null;
  grade: HaGrade;
  gradeCap?: HaGradeCap;
}

/** A result, with `--baseline` whether its finding is new, worse or known. @public */
export type CliResult = HaReport['results'][number] & {
  baselineState?: BaselineState;
};

/** The JSON document: a valid Report plus CLI extensions. @public */
export interface CliReport extends HaReport {
  results: CliResult[];
  clusters: CliClusterSummary[];
  workloads: CliWorkloadSummary[];
  /** `apiVersion/kind` → count over all clusters, for objects the engine does not read. */
  ignored: Record<string, number>;
  verdict: {
    failOn: FailOn;
    failing: number;
    exitCode: 0 | 1;
    /** `--baseline FILE`: the file and how this scan's findings compare with its findings. */
    baseline?: BaselineCounts & { file: string };
  };
  warnings?: string[];
}

/** Builds the JSON document (exported for tests and the golden files). @public */
export function buildJsonReport(scan: ScanResult): CliReport {
  const { overall, clusters, workloads, warnings } = scan.evaluation;
  const { baseline } = scan;
  return {
    ...overall,
    results: baseline
      ? overall.results.map(r => {
          const baselineState = baseline.states.get(r);
          return baselineState ? { ...r, baselineState } : r;
        })
      : overall.results,
    clusters: clusters.map(report => {
      const scanned = scan.clusters.find(
        c => c.input.cluster.name === report.cluster.name,
      );
      const { score, grade, gradeCap, categories } = summarizeResults(
        overall.results.filter(r => r.target.cluster === report.cluster.name),
        scan.grading,
      );
      return {
        ...report.cluster,
        mode: scanned?.mode ?? 'manifests',
        inputs: scanned?.input.inputs ?? [],
        score,
        grade,
        ...(gradeCap ? { gradeCap } : {}),
        categories,
        clusterChecks: {
          score: report.score,
          grade: report.grade,
          ...(report.gradeCap ? { gradeCap: report.gradeCap } : {}),
        },
        ignored: scanned?.ignored ?? {},
      };
    }),
    workloads: workloads.map(w => ({
      cluster: w.cluster,
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      ...(w.operatedBy ? { operatedBy: w.operatedBy } : {}),
      ...(w.replicas ? { replicas: w.replicas } : {}),
      score: w.report.score,
      grade: w.report.grade,
      ...(w.report.gradeCap ? { gradeCap: w.report.gradeCap } : {}),
    })),
    ignored: Object.fromEntries(
      ignoredTotals(scan).map(({ kind, count }) => [kind, count]),
    ),
    verdict: {
      failOn: scan.failOn,
      failing: scan.failing.length,
      exitCode: scan.failing.length > 0 ? 1 : 0,
      ...(baseline
        ? { baseline: { file: baseline.file, ...baseline.counts } }
        : {}),
    },
    ...(warnings?.length ? { warnings } : {}),
  };
}

/** @public */
export function formatJson(scan: ScanResult): string {
  return `${JSON.stringify(buildJsonReport(scan), null, 2)}\n`;
}
