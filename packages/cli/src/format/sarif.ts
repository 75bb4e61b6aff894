/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab, Azure DevOps). One rule
 * per enabled check; one result per `fail` (level error) or `warn` (level warning), located at
 * the file and line of the object it is about. Cluster-level findings, which have no object of
 * their own, point at the first file of their cluster.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  HaResult,
  HaSeverity,
  HaTarget,
} from '@ha-posture/plugin-ha-posture-common';
import { ResolvedCheck } from '@ha-posture/plugin-ha-posture-node';
import { SourceLocation } from '../input/parseManifests';
import { STDIN_NAME } from '../input/loadInputs';
import { BaselineState } from '../baseline';
import { ScanResult, describeTarget, locationOf } from '../scanResult';
import { TOOL_VERSION } from '../toolVersion';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL_BY_SEVERITY: Record<HaSeverity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** `control-plane-etcd-quorum` → `ControlPlaneEtcdQuorum`: SARIF wants an identifier-like name. */
function ruleName(id: string): string {
  return id
    .split('-')
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function ruleOf({ check, severity }: ResolvedCheck) {
  return {
    id: check.id,
    name: ruleName(check.id),
    shortDescription: { text: check.title },
    fullDescription: { text: check.rationale },
    help: { text: check.remediation, markdown: check.remediation },
    ...(check.references?.length ? { helpUri: check.references[0] } : {}),
    defaultConfiguration: { level: LEVEL_BY_SEVERITY[severity] },
    properties: {
      category: check.category,
      severity,
      scope: check.scope,
      tags: ['ha-posture', check.category],
    },
  };
}

/**
 * Relative paths stay relative to the source root (where CI runs the scan); others become file
 * URLs. Each segment is percent-encoded whole: encodeURI would leave `#` (a fragment) and `?` (a
 * query) in a file name as they are.
 */
export function artifactLocation(file: string, cwd: string) {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  const segments = relative.split(path.sep);
  if (segments[0] === '..' || path.isAbsolute(relative))
    return { uri: pathToFileURL(path.resolve(cwd, file)).href };
  return {
    uri: segments.map(encodeURIComponent).join('/'),
    uriBaseId: '%SRCROOT%',
  };
}

function fullyQualifiedName(target: HaTarget): string {
  // A custom resource's kind with its group (`Cluster.postgresql.cnpg.io`): not the cluster itself.
  const kind = target.apiGroup
    ? `${target.kind}.${target.apiGroup}`
    : target.kind;
  return [target.cluster, kind, target.namespace, target.name]
    .filter(Boolean)
    .join('/');
}

/** The object's own location, else (cluster findings) the first file the cluster was read from. */
function physicalLocationOf(
  scan: ScanResult,
  result: HaResult,
): SourceLocation | undefined {
  const own = locationOf(scan, result.target);
  if (own) return own;
  const first = scan.clusters.find(
    c => c.input.cluster.name === result.target.cluster,
  )?.input.objects[0]?.location;
  return first ? { file: first.file, line: 1 } : undefined;
}

/** SARIF 2.1.0's result.baselineState: a finding that got worse is `updated`. */
const SARIF_BASELINE_STATES: Record<BaselineState, string> = {
  new: 'new',
  worse: 'updated',
  unchanged: 'unchanged',
};

/** Builds the SARIF log (exported for tests). @public */
export function buildSarif(scan: ScanResult, cwd = process.cwd()) {
  const rules = scan.checks.map(ruleOf);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = scan.evaluation.overall.results
    .filter(r => r.status === 'fail' || r.status === 'warn')
    .map(r => {
      const location = physicalLocationOf(scan, r);
      const physical =
        location && location.file !== STDIN_NAME
          ? {
              physicalLocation: {
                artifactLocation: artifactLocation(location.file, cwd),
                region: { startLine: location.line },
              },
            }
          : {};
      const baselineState = scan.baseline?.states.get(r);
      return {
        ruleId: r.checkId,
        ...(ruleIndex.has(r.checkId)
          ? { ruleIndex: ruleIndex.get(r.checkId) }
          : {}),
        level: r.status === 'fail' ? 'error' : 'warning',
        ...(baselineState
          ? { baselineState: SARIF_BASELINE_STATES[baselineState] }
          : {}),
        message: {
          text: `${describeTarget(r.target)}${
            r.target.cluster ? ` (cluster ${r.target.cluster})` : ''
          }: ${r.message}`,
        },
        locations: [
          {
            ...physical,
            logicalLocations: [
              {
                fullyQualifiedName: fullyQualifiedName(r.target),
                kind: 'object',
              },
            ],
          },
        ],
        // Stable identity across runs, so code scanning tracks a finding even when lines move.
        partialFingerprints: {
          'haPostureTarget/v1': createHash('sha256')
            .update(`${r.checkId}\u0000${fullyQualifiedName(r.target)}`)
            .digest('hex')
            .slice(0, 32),
        },
        properties: {
          status: r.status,
          severity: r.severity,
          category: r.category,
          ...(r.remediation ? { remediation: r.remediation } : {}),
          ...(r.evidence ? { evidence: r.evidence } : {}),
        },
      };
    });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ha-posture', version: TOOL_VERSION, rules } },
        results,
        properties: {
          score: scan.evaluation.overall.score,
          grade: scan.evaluation.overall.grade,
          ...(scan.baseline
            ? {
                baseline: {
                  file: scan.baseline.file,
                  ...scan.baseline.counts,
                },
              }
            : {}),
        },
      },
    ],
  };
}

/** @public */
export function formatSarif(scan: ScanResult): string {
  return `${JSON.stringify(buildSarif(scan), null, 2)}\n`;
}
