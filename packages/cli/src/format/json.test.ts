import fs from 'node:fs';
import path from 'node:path';
import { HA_CATEGORIES } from '@ha-posture/plugin-ha-posture-common';
import {
  GENERATED_AT,
  RESULTS,
  fakeScan,
  fakeScanWithBaseline,
} from '../__testUtils__/fakeScan';
import { useTempDir } from '../__testUtils__/tempDir';
import { compareWithBaseline } from '../baseline';
import { buildJsonReport, formatJson } from './json';

describe('formatJson', () => {
  const report = JSON.parse(formatJson(fakeScan()));

  it('is a Report: score, grade, categories, results, generatedAt, sources', () => {
    expect(typeof report.score).toBe('number');
    expect(report.grade).toMatch(/^[A-F]$/);
    expect(Object.keys(report.categories)).toEqual([...HA_CATEGORIES]);
    expect(report.categories.replicas).toEqual({
      status: 'fail',
      score: expect.any(Number),
      counts: expect.objectContaining({ fail: 1, pass: 1 }),
    });
    expect(report.results).toHaveLength(RESULTS.length);
    expect(report.generatedAt).toBe(GENERATED_AT);
    expect(report.sources).toEqual([
      { cluster: 'prod', fetchedAt: GENERATED_AT, stale: false, errors: [] },
    ]);
  });

  it('adds cluster summaries, ignored kinds and the verdict', () => {
    expect(report.clusters).toEqual([
      expect.objectContaining({
        name: 'prod',
        flavor: 'eks',
        mode: 'dump',
        inputs: ['manifests'],
        grade: expect.any(String),
        clusterChecks: { score: null, grade: 'N/A' },
      }),
    ]);
    expect(report.ignored).toEqual({
      'v1/Secret': 2,
      'rbac.authorization.k8s.io/v1/Role': 1,
    });
    expect(report.verdict).toEqual({ failOn: 'high', failing: 1, exitCode: 1 });
    expect(buildJsonReport(fakeScan('never')).verdict).toEqual({
      failOn: 'never',
      failing: 0,
      exitCode: 0,
    });
  });
});

describe('formatJson with --baseline', () => {
  const tempDir = useTempDir();

  it('marks each finding new, worse or unchanged and counts them in the verdict', () => {
    const scan = fakeScanWithBaseline(tempDir(), 'medium');
    const report = JSON.parse(formatJson(scan));
    const states = report.results.map(
      (r: any) =>
        `${r.checkId} ${r.target.name} ${r.status} ${r.baselineState}`,
    );
    expect(states).toEqual(
      expect.arrayContaining([
        'replica-floor web fail unchanged',
        'pdb-present api fail worse',
        'zone-spread web warn new',
        'replica-floor api pass undefined',
        'etcd-quorum prod unknown undefined',
      ]),
    );
    expect(report.verdict).toEqual({
      failOn: 'medium',
      failing: 1,
      exitCode: 1,
      baseline: {
        file: scan.baseline!.file,
        new: 1,
        worse: 1,
        unchanged: 1,
        resolved: 1,
      },
    });
    // At the default threshold the only failing result is known: the scan passes.
    expect(
      buildJsonReport(fakeScanWithBaseline(tempDir())).verdict,
    ).toMatchObject({
      failOn: 'high',
      failing: 0,
      exitCode: 0,
    });
  });

  it('is a baseline itself: a scan against its own report has nothing new', () => {
    const file = path.join(tempDir(), 'own.json');
    fs.writeFileSync(file, formatJson(fakeScan('medium')));
    const again = fakeScan('medium');
    const baseline = compareWithBaseline(
      again.evaluation.overall.results,
      file,
    );
    expect(baseline.counts).toEqual({
      new: 0,
      worse: 0,
      unchanged: 3,
      resolved: 0,
    });
  });
});
