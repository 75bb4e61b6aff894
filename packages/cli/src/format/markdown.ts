/**
 * `--format markdown`: the report for a pull request comment or a CI job summary (GitHub's
 * `$GITHUB_STEP_SUMMARY`, a GitLab merge request note). The verdict first, a table of clusters
 * with score, grade and counts, then the failures and warnings (worst first) with target, source
 * location, message and remediation; unknown and exempt results are folded in <details>, grouped
 * by check and reason. Text from the input (names, messages, exemption reasons) is escaped so it
 * cannot add markup or HTML; long reports stop after MAX_FINDING_ROWS findings (a comment holds
 * 65,536 characters on GitHub), saying how many were left out.
 */
import {
  HaResult,
  HaStatus,
  emptyCounts,
  summarizeResults,
} from '@ha-posture/plugin-ha-posture-common';
import { BaselineState, describeBaselineCounts } from '../baseline';
import { notJudgedGroups } from './notJudged';
import {
  ScanResult,
  describeTarget,
  ignoredTotals,
  locationOf,
} from '../scanResult';

/**
 * Findings listed before the rest are only counted, by number and by size: a GitHub comment holds
 * 65,536 characters, and messages with their remediation run to several hundred each.
 */
export const MAX_FINDING_ROWS = 100;
export const MAX_FINDING_CHARS = 50_000;

const ICONS: Partial<Record<HaStatus, string>> = {
  fail: '❌',
  warn: '⚠️',
  unknown: '❔',
  exempt: '⊘',
};

const BASELINE_LABELS: Record<BaselineState, string> = {
  new: '**new**',
  worse: '**worse** (was a warning)',
  unchanged: 'known',
};

/**
 * Escapes text from the input for a table cell: HTML (GitHub renders it), Markdown punctuation
 * that would format or link, the cell separator, and line breaks.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

/** A code span; `|` stays escaped inside it, as GitHub splits table cells on it even there. */
const code = (text: string) =>
  `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

function scoreCell(score: number | null): string {
  return score === null ? '–' : String(score);
}

function verdictLine(scan: ScanResult): string {
  const threshold = code(`--fail-on ${scan.failOn}`);
  const failing = scan.failing.length;
  const which = scan.baseline ? ' new or worse' : '';
  if (failing > 0)
    return `❌ **Fails** (exit 1): ${failing}${which} failing result${
      failing === 1 ? '' : 's'
    } at or above ${scan.failOn} severity (${threshold}).`;
  if (scan.failOn === 'never')
    return `✅ **Passes** (exit 0): ${threshold}, failures are reported only.`;
  return `✅ **Passes** (exit 0): no${which} failing result at or above ${scan.failOn} severity (${threshold}).`;
}

function clusterTable(scan: ScanResult): string[] {
  const rows = scan.evaluation.clusters.map(report => {
    const { cluster } = report;
    const results = scan.evaluation.overall.results.filter(
      r => r.target.cluster === cluster.name,
    );
    const summary = summarizeResults(results, scan.grading);
    const counts = emptyCounts();
    for (const r of results) counts[r.status]++;
    const name = `${escapeMarkdown(cluster.name)}${
      cluster.title ? ` — ${escapeMarkdown(cluster.title)}` : ''
    }`;
    const capped = summary.gradeCap ? ' (capped)' : '';
    return `| ${name} | ${escapeMarkdown(cluster.flavor)} | ${scoreCell(
      summary.score,
    )} | ${summary.grade}${capped} | ${counts.fail} | ${counts.warn} | ${
      counts.unknown
    } | ${counts.pass} |`;
  });
  return [
    '| Cluster | Flavor | Score | Grade | Fail | Warn | Unknown | Pass |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ];
}

function findingRow(scan: ScanResult, r: HaResult): string {
  const location = locationOf(scan, r.target);
  const where = location ? ` ${code(`${location.file}:${location.line}`)}` : '';
  const remediation = r.remediation
    ? `<br>→ ${escapeMarkdown(r.remediation)}`
    : '';
  const state = scan.baseline?.states.get(r);
  const cells = [
    `${ICONS[r.status]} ${r.status}`,
    r.severity,
    code(r.checkId),
    `${escapeMarkdown(describeTarget(r.target))}${
      r.target.cluster ? ` in ${escapeMarkdown(r.target.cluster)}` : ''
    }${where}`,
    `${escapeMarkdown(r.message)}${remediation}`,
    ...(scan.baseline ? [state ? BASELINE_LABELS[state] : ''] : []),
  ];
  return `| ${cells.join(' | ')} |`;
}

function findingsSection(scan: ScanResult): string[] {
  const findings = scan.evaluation.overall.results.filter(
    r => r.status === 'fail' || r.status === 'warn',
  );
  if (findings.length === 0) return ['No failures or warnings.'];
  const header = [
    'Status',
    'Severity',
    'Check',
    'Target',
    'Finding and remediation',
    ...(scan.baseline ? ['Baseline'] : []),
  ];
  const rows: string[] = [];
  let size = 0;
  for (const finding of findings) {
    const row = findingRow(scan, finding);
    if (
      rows.length === MAX_FINDING_ROWS ||
      (rows.length > 0 && size + row.length > MAX_FINDING_CHARS)
    )
      break;
    rows.push(row);
    size += row.length + 1;
  }
  const lines = [
    `### Failures and warnings (${findings.length})`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows,
  ];
  if (rows.length < findings.length)
    lines.push(
      '',
      `…and ${
        findings.length - rows.length
      } more, not listed here: \`--format json\` or \`--format sarif\` has them all.`,
    );
  return lines;
}

/** Unknown and exempt results, one line per check and reason, folded away. */
function notJudgedSection(scan: ScanResult): string[] {
  const { results } = scan.evaluation.overall;
  const groups = notJudgedGroups(results);
  if (groups.length === 0) return [];
  const count = results.filter(
    r => r.status === 'unknown' || r.status === 'exempt',
  ).length;
  return [
    '<details>',
    `<summary>Not judged: ${count} unknown or exempt result${
      count === 1 ? '' : 's'
    }</summary>`,
    '',
    ...groups.map(
      group =>
        `- ${ICONS[group.status]} ${group.status} ${code(
          group.checkId,
        )}: ${escapeMarkdown(group.targets)}: ${escapeMarkdown(group.reason)}`,
    ),
    '',
    '</details>',
  ];
}

function notes(scan: ScanResult): string[] {
  const lines: string[] = [];
  const { baseline } = scan;
  if (baseline)
    lines.push(
      `Baseline ${code(baseline.file)}: ${describeBaselineCounts(
        baseline.counts,
      )}.`,
    );
  const ignored = ignoredTotals(scan);
  if (ignored.length > 0)
    lines.push(
      `Ignored kinds the engine does not read: ${ignored
        .map(({ kind, count }) => `${escapeMarkdown(kind)} ×${count}`)
        .join(', ')}.`,
    );
  for (const warning of scan.evaluation.warnings ?? [])
    lines.push(`⚠️ ${escapeMarkdown(warning)}`);
  return lines.flatMap(line => [line, '']);
}

/** @public */
export function formatMarkdown(scan: ScanResult): string {
  const { overall } = scan.evaluation;
  const score =
    overall.score === null
      ? 'no score'
      : `${overall.score}/100, grade ${overall.grade}`;
  const notJudged = notJudgedSection(scan);
  return `${[
    `## HA posture: ${score}`,
    '',
    verdictLine(scan),
    '',
    ...clusterTable(scan),
    '',
    ...findingsSection(scan),
    '',
    ...(notJudged.length ? [...notJudged, ''] : []),
    ...notes(scan),
  ]
    .join('\n')
    .trimEnd()}\n`;
}
