/**
 * `--format junit`: JUnit XML for CI test reports (GitLab `artifacts:reports:junit`, Jenkins,
 * Azure). One testsuite per category, one testcase per result (classname = check id, name =
 * cluster and target). `fail` is a <failure> (type = severity); `warn` passes with the advice in
 * <system-out>, matching `--fail-on`, where warnings never fail a build; `unknown`, `exempt` and
 * `skipped` are <skipped> with their reason. With `--baseline`, a fail the baseline already has is
 * <skipped> too ("known: …"), as it does not fail the scan: CI servers that mark a build unstable
 * on any failed test (Jenkins) then flag only new findings.
 */
import { HA_CATEGORIES, HaResult } from '@ha-posture/plugin-ha-posture-common';
import { ScanResult, describeTarget, locationOf } from '../scanResult';

/** XML 1.0 allows tab, newline, carriage return and these ranges, no other characters. */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for XML 1.0 and drops the control characters XML cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attributes = (values: Record<string, string | number | undefined>) =>
  Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');

function details(result: HaResult): string {
  return [
    result.message,
    result.remediation ? `Remediation: ${result.remediation}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
}

function skipReason(result: HaResult): string {
  if (result.status === 'exempt') {
    const until = result.exemption?.until
      ? ` (until ${result.exemption.until})`
      : '';
    return `exempt: ${result.exemption?.reason ?? result.message}${until}`;
  }
  return `${result.status}: ${result.message}`;
}

/** A fail the baseline already has: reported, but not a failure of this scan. */
const isKnownFail = (scan: ScanResult, result: HaResult) =>
  result.status === 'fail' && scan.baseline?.states.get(result) === 'unchanged';

function testcase(scan: ScanResult, result: HaResult): string {
  const location = locationOf(scan, result.target);
  const head = `    <testcase${attributes({
    classname: result.checkId,
    name: `${
      result.target.cluster ? `${result.target.cluster}: ` : ''
    }${describeTarget(result.target)}`,
    file: location?.file,
    line: location?.line,
  })}`;
  if (isKnownFail(scan, result))
    return `${head}>\n      <skipped${attributes({
      message: `known (in baseline ${scan.baseline!.file}): [${
        result.severity
      }] ${result.message}`,
    })}/>\n    </testcase>`;
  switch (result.status) {
    case 'fail':
      return `${head}>\n      <failure${attributes({
        message: result.message,
        type: result.severity,
      })}>${escapeXml(details(result))}</failure>\n    </testcase>`;
    case 'warn':
      return `${head}>\n      <system-out>${escapeXml(
        `WARN [${result.severity}] ${details(result)}`,
      )}</system-out>\n    </testcase>`;
    case 'pass':
      return `${head}/>`;
    default:
      return `${head}>\n      <skipped${attributes({
        message: skipReason(result),
      })}/>\n    </testcase>`;
  }
}

/** @public */
export function formatJunit(scan: ScanResult): string {
  const results = scan.evaluation.overall.results;
  const isFailure = (r: HaResult) =>
    r.status === 'fail' && !isKnownFail(scan, r);
  const isSkipped = (r: HaResult) =>
    (r.status !== 'pass' && r.status !== 'fail' && r.status !== 'warn') ||
    isKnownFail(scan, r);
  const suites = HA_CATEGORIES.map(category => {
    const inCategory = results.filter(r => r.category === category);
    const head = `  <testsuite${attributes({
      name: category,
      tests: inCategory.length,
      failures: inCategory.filter(isFailure).length,
      errors: 0,
      skipped: inCategory.filter(isSkipped).length,
    })}`;
    if (inCategory.length === 0) return `${head}/>`;
    return `${head}>\n${inCategory
      .map(r => testcase(scan, r))
      .join('\n')}\n  </testsuite>`;
  });
  const root = attributes({
    name: 'ha-posture',
    tests: results.length,
    failures: results.filter(isFailure).length,
    errors: 0,
    skipped: results.filter(isSkipped).length,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${root}>\n${suites.join(
    '\n',
  )}\n</testsuites>\n`;
}
