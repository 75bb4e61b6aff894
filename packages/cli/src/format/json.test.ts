import { HA_CATEGORIES } from '@ha-posture/plugin-ha-posture-common';
import { GENERATED_AT, RESULTS, fakeScan } from '../__testUtils__/fakeScan';
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
