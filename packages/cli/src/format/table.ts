/**
 * `--format table` (default): the human report. Per cluster a header with score and grade, then
 * each category with its status; failures and warnings one by one with target, source
 * location, message and remediation; unknown, exempt results grouped by check and reason (a
 * missing CRD makes every workload unknown for the same reason: one line says so). A footer
 * gives the counts, the kinds that were ignored and why the process exits as it does.
 */
import chalk from 'chalk';
import {
  HA_CATEGORIES,
  STATUS_ORDER,
  HaResult,
  HaStatus,
  HaSummary,
  emptyCounts,
  summarizeResults,
} from '@ha-posture/plugin-ha-posture-common';
import { ClusterReport } from '@ha-posture/plugin-ha-posture-node';
import { describeBaselineCounts } from '../baseline';
import { groupBy, notJudgedGroups } from './notJudged';
import {
  ScanResult,
  describeTarget,
  ignoredTotals,
  locationOf,
} from '../scanResult';

/** @public */
export interface TableOptions {
  color: boolean;
  /** Show only categories with failures or warnings, and only those results. */
  onlyFailures?: boolean;
}

const ICONS: Record<HaStatus, string> = {
  fail: '✖',
  warn: '⚠',
  unknown: '?',
  pass: '✔',
  exempt: '⊘',
  skipped: '–',
};

function paint(c: chalk.Chalk, status: HaStatus, text: string): string {
  switch (status) {
    case 'fail':
      return c.red(text);
    case 'warn':
      return c.yellow(text);
    case 'pass':
      return c.green(text);
    case 'unknown':
      return c.magenta(text);
    default:
      return c.gray(text);
  }
}

function countsLine(counts: Record<HaStatus, number>, c: chalk.Chalk): string {
  const present = STATUS_ORDER.filter(s => counts[s] > 0);
  if (present.length === 0) return c.gray('no results');
  return present.map(s => paint(c, s, `${counts[s]} ${s}`)).join(' · ');
}

function scoreText({
  score,
  grade,
  gradeCap,
}: Pick<HaSummary, 'score' | 'grade' | 'gradeCap'>): string {
  if (score === null) return 'no score (nothing evaluable)';
  const cap = gradeCap
    ? ` (capped: ${gradeCap.failing} ${gradeCap.severity} failing)`
    : '';
  return `${score}/100  grade ${grade}${cap}`;
}

function clusterHeader(
  report: ClusterReport,
  results: HaResult[],
  scan: ScanResult,
  c: chalk.Chalk,
): string[] {
  const { cluster } = report;
  const scanned = scan.clusters.find(
    s => s.input.cluster.name === cluster.name,
  );
  const facts = [
    cluster.flavor,
    cluster.managedControlPlane ? 'managed control plane' : undefined,
    cluster.region,
    cluster.zones.length ? `zones ${cluster.zones.join(', ')}` : undefined,
    cluster.nodes.total
      ? `${cluster.nodes.total} nodes (${cluster.nodes.ready} ready)`
      : undefined,
    cluster.version,
    scanned
      ? `${scanned.mode} from ${scanned.input.inputs.join(', ')}`
      : undefined,
  ].filter(Boolean);
  const summary = summarizeResults(results, scan.grading);
  const workloads = scan.evaluation.workloads.filter(
    w => w.cluster === cluster.name,
  ).length;
  return [
    c.bold(`${cluster.name}${cluster.title ? ` — ${cluster.title}` : ''}`),
    `  ${c.gray(facts.join(' · '))}`,
    `  ${c.bold(`Score ${scoreText(summary)}`)}   ${c.gray(
      `cluster checks ${scoreText(report)} · ${workloads} workload${
        workloads === 1 ? '' : 's'
      }`,
    )}`,
  ];
}

/** With `--baseline`: whether a finding is new, got worse, or is known. */
function baselineTag(scan: ScanResult, r: HaResult, c: chalk.Chalk): string {
  switch (scan.baseline?.states.get(r)) {
    case 'new':
      return `  ${c.bold.inverse(' NEW ')}`;
    case 'worse':
      return `  ${c.bold.inverse(' WORSE ')} ${c.gray(
        '(a warning in the baseline)',
      )}`;
    case 'unchanged':
      return c.gray('  (in baseline)');
    default:
      return '';
  }
}

/**
 * Failures and warnings of one check that share a remediation: each target with its location
 * and message, the remediation once after them (a check failing on 20 workloads would
 * otherwise repeat the same advice 20 times).
 */
function findingLines(
  group: HaResult[],
  scan: ScanResult,
  c: chalk.Chalk,
): string[] {
  const [first] = group;
  const badge = paint(
    c,
    first.status,
    `${ICONS[first.status]} ${first.severity.toUpperCase()}`,
  );
  const targetOf = (r: HaResult) => {
    const location = locationOf(scan, r.target);
    return `${describeTarget(r.target)}${
      location ? c.gray(` (${location.file}:${location.line})`) : ''
    }${baselineTag(scan, r, c)}`;
  };
  const lines =
    group.length === 1
      ? [
          `      ${badge}  ${c.bold(first.checkId)}  ${targetOf(first)}`,
          `          ${first.message}`,
        ]
      : [
          `      ${badge}  ${c.bold(first.checkId)}  ${c.gray(
            `${group.length} targets`,
          )}`,
          ...group.flatMap(r => [
            `          ${targetOf(r)}`,
            `            ${r.message}`,
          ]),
        ];
  if (first.remediation)
    lines.push(`          ${c.cyan(`→ ${first.remediation}`)}`);
  return lines;
}

/** Unknown and exempt results of one check with the same reason, on one line. */
function notJudgedLines(results: HaResult[], c: chalk.Chalk): string[] {
  return notJudgedGroups(results).map(
    group =>
      `      ${paint(
        c,
        group.status,
        `${ICONS[group.status]} ${group.status.toUpperCase()}`,
      )}  ${c.bold(group.checkId)}  ${group.targets}\n          ${c.gray(
        group.reason,
      )}`,
  );
}

function categoryLines(
  results: HaResult[],
  scan: ScanResult,
  options: TableOptions,
  c: chalk.Chalk,
): string[] {
  const { categories } = summarizeResults(results);
  const lines: string[] = [];
  for (const category of HA_CATEGORIES) {
    const summary = categories[category];
    const inCategory = results.filter(r => r.category === category);
    const findings = inCategory.filter(
      r => r.status === 'fail' || r.status === 'warn',
    );
    if (options.onlyFailures && findings.length === 0) continue;
    lines.push(
      `  ${paint(
        c,
        summary.status,
        `${ICONS[summary.status]} ${category.padEnd(14)} ${summary.status
          .toUpperCase()
          .padEnd(8)}`,
      )} ${countsLine(summary.counts, c)}`,
    );
    for (const group of groupBy(
      findings,
      r =>
        `${r.status}\u0000${r.checkId}\u0000${r.severity}\u0000${
          r.remediation ?? ''
        }`,
    )) {
      lines.push(...findingLines(group, scan, c));
    }
    if (!options.onlyFailures) {
      lines.push(...notJudgedLines(inCategory, c));
    }
  }
  return lines;
}

function footerLines(scan: ScanResult, c: chalk.Chalk): string[] {
  const { overall, warnings } = scan.evaluation;
  const counts = emptyCounts();
  for (const r of overall.results) counts[r.status]++;
  const lines = [
    `${c.bold('Overall')} ${scoreText(overall)}   ${countsLine(counts, c)}`,
  ];
  const ignored = ignoredTotals(scan);
  if (ignored.length > 0) {
    const objects = ignored.reduce((sum, { count }) => sum + count, 0);
    const kinds = ignored
      .map(({ kind, count }) => `${kind} ×${count}`)
      .join(', ');
    lines.push(
      c.gray(
        `Ignored ${objects} object${
          objects === 1 ? '' : 's'
        } of kinds the engine does not read: ${kinds}`,
      ),
    );
  }
  for (const warning of warnings ?? [])
    lines.push(c.yellow(`Warning: ${warning}`));

  const { baseline } = scan;
  if (baseline)
    lines.push(
      `Baseline ${baseline.file}: ${describeBaselineCounts(baseline.counts)}`,
    );
  const threshold = `--fail-on ${scan.failOn}`;
  const fails = counts.fail;
  if (scan.failing.length > 0) {
    lines.push(
      c.red.bold(
        `${ICONS.fail} exit 1: ${scan.failing.length}${
          baseline ? ' new or worse' : ''
        } failing result${scan.failing.length === 1 ? '' : 's'} at or above ${
          scan.failOn
        } severity (${threshold})`,
      ),
    );
  } else if (scan.failOn === 'never') {
    lines.push(
      c.green(
        `${ICONS.pass} exit 0: ${threshold} (${fails} failing result${
          fails === 1 ? '' : 's'
        } reported only)`,
      ),
    );
  } else if (baseline) {
    lines.push(
      c.green(
        `${ICONS.pass} exit 0: no new or worse failing result at or above ${scan.failOn} severity (${threshold}, --baseline)`,
      ),
    );
  } else {
    const below = fails > 0 ? `; ${fails} below it` : '';
    lines.push(
      c.green(
        `${ICONS.pass} exit 0: no failing result at or above ${scan.failOn} severity (${threshold})${below}`,
      ),
    );
  }
  return lines;
}

/** @public */
export function formatTable(scan: ScanResult, options: TableOptions): string {
  const c = new chalk.Instance({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  for (const report of scan.evaluation.clusters) {
    const results = scan.evaluation.overall.results.filter(
      r => r.target.cluster === report.cluster.name,
    );
    lines.push(
      ...clusterHeader(report, results, scan, c),
      '',
      ...categoryLines(results, scan, options, c),
      '',
    );
  }
  lines.push(...footerLines(scan, c));
  return `${lines.join('\n')}\n`;
}
