/**
 * `--baseline FILE`: the JSON report of an earlier scan (`--format json`), whose findings are known.
 * A finding of this scan (a non-exempt fail or warn) that the baseline also has is `unchanged`; one
 * it does not have is `new`; a warn that became a fail is `worse`. Only new and worse fails count
 * for `--fail-on`, so a team can gate a repository or fleet that already has findings on not adding
 * any, and pay the old ones down over time. Findings are matched by check id and target (cluster,
 * API group, kind, namespace, name), not by message: messages name counts and pods that change
 * between scans of the same problem.
 */
import fs from 'node:fs';
import { HaResult, HaTarget } from '@ha-posture/plugin-ha-posture-common';
import { UsageError } from './exitCodes';

/** @public */
export type BaselineState = 'new' | 'worse' | 'unchanged';

/** @public */
export interface BaselineCounts {
  new: number;
  worse: number;
  unchanged: number;
  /** Findings of the baseline that this scan no longer reports. */
  resolved: number;
}

/** This scan's findings against the baseline. @public */
export interface BaselineComparison {
  file: string;
  /** The state of each finding of this scan (fail and warn results; others have none). */
  states: Map<HaResult, BaselineState>;
  counts: BaselineCounts;
  /** Clusters the baseline reports findings for: one the scan lacks matches nothing. */
  clusters: string[];
}

interface KnownFinding {
  status: 'fail' | 'warn';
}

/** A finding's identity across scans. */
function findingKey(checkId: string, target: HaTarget): string {
  return [
    checkId,
    target.cluster ?? '',
    target.apiGroup ?? '',
    target.kind,
    target.namespace ?? '',
    target.name,
  ].join('\u0000');
}

const isFinding = (status: unknown): status is 'fail' | 'warn' =>
  status === 'fail' || status === 'warn';

const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    let why = (e as Error).message;
    if (code === 'ENOENT') why = 'no such file';
    if (code === 'EISDIR') why = 'is a folder, not a report';
    throw new UsageError(`--baseline ${file}: ${why}`);
  }
}

/** What a result of the baseline must hold to be matched; the problem otherwise. */
function resultProblem(item: unknown): string | undefined {
  if (!isRecord(item)) return 'is not an object';
  if (typeof item.checkId !== 'string') return 'has no checkId';
  if (typeof item.status !== 'string') return 'has no status';
  const target = item.target;
  if (
    !isRecord(target) ||
    typeof target.kind !== 'string' ||
    typeof target.name !== 'string'
  )
    return 'has no target with kind and name';
  return undefined;
}

/**
 * Reads the findings of a baseline report. Anything but a JSON report of `ha-posture scan` is a
 * UsageError (exit 2): a wrong file must not silently count every finding as known, or none.
 */
export function readBaseline(file: string): {
  findings: Map<string, KnownFinding>;
  clusters: string[];
} {
  const text = readText(file);
  let report: unknown;
  try {
    report = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(
      `--baseline ${file}: not JSON (${
        (e as Error).message
      }); write it with ha-posture scan --format json`,
    );
  }
  if (isRecord(report) && Array.isArray(report.runs))
    throw new UsageError(
      `--baseline ${file}: a SARIF log; the baseline is the JSON report (ha-posture scan --format json)`,
    );
  if (!isRecord(report) || !Array.isArray(report.results))
    throw new UsageError(
      `--baseline ${file}: not a report of ha-posture scan --format json (no results list)`,
    );
  const findings = new Map<string, KnownFinding>();
  const clusters = new Set<string>();
  report.results.forEach((item: unknown, index: number) => {
    const problem = resultProblem(item);
    if (problem)
      throw new UsageError(`--baseline ${file}: results[${index}] ${problem}`);
    const result = item as HaResult;
    if (!isFinding(result.status)) return;
    const key = findingKey(result.checkId, result.target);
    // The same target twice (two reports pasted together): the worse status is what was known.
    if (findings.get(key)?.status !== 'fail')
      findings.set(key, { status: result.status });
    if (result.target.cluster) clusters.add(result.target.cluster);
  });
  return { findings, clusters: [...clusters].sort() };
}

/** This scan's findings against the baseline in `file`. @public */
export function compareWithBaseline(
  results: HaResult[],
  file: string,
): BaselineComparison {
  const { findings, clusters } = readBaseline(file);
  const states = new Map<HaResult, BaselineState>();
  const counts: BaselineCounts = {
    new: 0,
    worse: 0,
    unchanged: 0,
    resolved: 0,
  };
  const seen = new Set<string>();
  for (const result of results) {
    if (!isFinding(result.status)) continue;
    const key = findingKey(result.checkId, result.target);
    const known = findings.get(key);
    seen.add(key);
    let state: BaselineState = 'unchanged';
    if (!known) state = 'new';
    else if (result.status === 'fail' && known.status === 'warn')
      state = 'worse';
    states.set(result, state);
    counts[state]++;
  }
  for (const key of findings.keys()) if (!seen.has(key)) counts.resolved++;
  return { file, states, counts, clusters };
}

/** Failing results less those the baseline already has: with a baseline, only these fail a scan. */
export function newOrWorse(
  failing: HaResult[],
  baseline: BaselineComparison | undefined,
): HaResult[] {
  return baseline
    ? failing.filter(r => baseline.states.get(r) !== 'unchanged')
    : failing;
}

/** `2 new, 1 worse, 40 unchanged, 3 resolved`. */
export function describeBaselineCounts(counts: BaselineCounts): string {
  return `${counts.new} new, ${counts.worse} worse, ${counts.unchanged} unchanged, ${counts.resolved} resolved`;
}
