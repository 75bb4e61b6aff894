/**
 * A hand-made ScanResult for formatter tests: fixed results, so the formats are tested
 * independently of what the built-in checks say about a fixture.
 */
import {
  HaReport,
  HaResult,
  compareResults,
  summarizeResults,
  DEFAULT_GRADING,
} from '@ha-posture/plugin-ha-posture-common';
import fs from 'node:fs';
import path from 'node:path';
import { HaCheck, ResolvedCheck } from '@ha-posture/plugin-ha-posture-node';
import { compareWithBaseline, newOrWorse } from '../baseline';
import { FailOn, failingResults } from '../failOn';
import { ObjectLocations } from '../input/objectLocations';
import { ScanResult } from '../scanResult';

export const GENERATED_AT = '2025-01-15T10:00:00.000Z';

export const fakeCheck = (
  id: string,
  category: HaCheck['category'],
  severity: HaCheck['severity'],
): HaCheck => ({
  id,
  title: `Title of ${id}`,
  category,
  severity,
  scope: 'workload',
  rationale: `Why ${id} matters.`,
  remediation: `Fix ${id}.`,
  references: [`https://kubernetes.io/docs/${id}`],
  evaluate: () => ({ status: 'pass', message: 'ok' }),
});

export const CHECKS: ResolvedCheck[] = [
  fakeCheck('replica-floor', 'replicas', 'critical'),
  fakeCheck('zone-spread', 'spread', 'high'),
  fakeCheck('pdb-present', 'disruption', 'medium'),
  fakeCheck('etcd-quorum', 'control-plane', 'critical'),
].map(check => ({
  check,
  enabled: true,
  severity: check.severity,
  params: {},
}));

const web = {
  cluster: 'prod',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'web',
};

/** Results with every status, one with characters that need escaping in XML. */
export const RESULTS: HaResult[] = [
  {
    checkId: 'replica-floor',
    category: 'replicas',
    status: 'fail',
    severity: 'critical',
    message: 'Runs 1 replica <&> "quoted"',
    remediation: 'Set spec.replicas to 2.',
    target: web,
  },
  {
    checkId: 'zone-spread',
    category: 'spread',
    status: 'warn',
    severity: 'high',
    message: 'All replicas in zone a',
    remediation: 'Add a topology spread constraint.',
    target: web,
  },
  {
    checkId: 'pdb-present',
    category: 'disruption',
    status: 'exempt',
    severity: 'medium',
    message: 'No PDB',
    target: web,
    exemption: { reason: 'batch job', until: '2025-12-31', source: 'object' },
  },
  {
    checkId: 'etcd-quorum',
    category: 'control-plane',
    status: 'unknown',
    severity: 'critical',
    message: 'etcd pods are not visible',
    target: { cluster: 'prod', kind: 'Cluster', name: 'prod' },
  },
  {
    checkId: 'replica-floor',
    category: 'replicas',
    status: 'pass',
    severity: 'critical',
    message: '3 replicas',
    target: { ...web, name: 'api' },
  },
  {
    checkId: 'pdb-present',
    category: 'disruption',
    status: 'skipped',
    severity: 'medium',
    message: 'not applicable',
    target: { ...web, name: 'api' },
  },
  {
    checkId: 'pdb-present',
    category: 'disruption',
    status: 'fail',
    severity: 'medium',
    message: 'No PDB for api',
    target: { ...web, name: 'api' },
  },
];

function reportOf(results: HaResult[]): HaReport {
  const sorted = [...results].sort(compareResults);
  const { score, grade, categories } = summarizeResults(sorted);
  return {
    score,
    grade,
    categories,
    results: sorted,
    generatedAt: GENERATED_AT,
    sources: [
      { cluster: 'prod', fetchedAt: GENERATED_AT, stale: false, errors: [] },
    ],
  };
}

export function fakeScan(
  failOn: FailOn = 'high',
  results: HaResult[] = RESULTS,
  file = 'manifests/shop.yaml',
): ScanResult {
  const overall = reportOf(results);
  const locations = new ObjectLocations([
    {
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'shop' },
      },
      location: { file, line: 1 },
    },
    {
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'shop' },
      },
      location: { file, line: 30 },
    },
  ]);
  return {
    evaluation: {
      clusters: [
        {
          ...reportOf(results.filter(r => r.target.kind === 'Cluster')),
          cluster: {
            name: 'prod',
            title: 'Production',
            flavor: 'eks',
            managedControlPlane: true,
            region: 'eu-west-1',
            zones: ['eu-west-1a', 'eu-west-1b'],
            nodes: { total: 3, ready: 3, usableWorkers: 3, controlPlane: 0 },
            version: 'v1.31.4',
          },
        },
      ],
      workloads: [],
      entities: [],
      overall,
    },
    clusters: [
      {
        input: {
          cluster: { name: 'prod' },
          objects: [{ object: {}, location: { file, line: 1 } }],
          inputs: ['manifests'],
        },
        locations,
        mode: 'dump',
        ignored: { 'v1/Secret': 2, 'rbac.authorization.k8s.io/v1/Role': 1 },
      },
    ],
    checks: CHECKS,
    failOn,
    grading: DEFAULT_GRADING,
    failing: failingResults(overall.results, failOn),
  };
}

/**
 * The baseline of fakeScanWithBaseline: the critical fail on web is known, the medium fail on api
 * was a warning, the warning on web is not in it (new), and one finding no longer exists
 * (resolved).
 */
export const BASELINE_RESULTS: HaResult[] = [
  RESULTS[0],
  { ...RESULTS[6], status: 'warn' },
  {
    ...RESULTS[0],
    message: 'Runs 1 replica',
    target: { ...web, name: 'retired' },
  },
];

/** fakeScan run with `--baseline FILE`, FILE a JSON report of BASELINE_RESULTS written in `dir`. */
export function fakeScanWithBaseline(
  dir: string,
  failOn: FailOn = 'high',
): ScanResult {
  const scan = fakeScan(failOn);
  const file = path.join(dir, 'ha-baseline.json');
  fs.writeFileSync(file, JSON.stringify({ results: BASELINE_RESULTS }));
  const baseline = compareWithBaseline(scan.evaluation.overall.results, file);
  return { ...scan, baseline, failing: newOrWorse(scan.failing, baseline) };
}
