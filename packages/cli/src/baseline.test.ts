import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HaResult } from '@ha-posture/plugin-ha-posture-common';
import {
  compareWithBaseline,
  describeBaselineCounts,
  readBaseline,
} from './baseline';
import { UsageError } from './exitCodes';

const web = {
  cluster: 'prod',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'web',
};

const result = (
  checkId: string,
  status: HaResult['status'],
  target: HaResult['target'] = web,
  message = `${checkId} ${status}`,
): HaResult => ({
  checkId,
  category: 'replicas',
  status,
  severity: 'high',
  message,
  target,
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-posture-baseline-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function baselineFile(content: unknown, name = 'baseline.json'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    typeof content === 'string' ? content : JSON.stringify(content),
  );
  return file;
}

function errorOf(file: string): string {
  try {
    readBaseline(file);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message.replace(dir, 'DIR');
  }
  throw new Error('expected a UsageError');
}

describe('compareWithBaseline', () => {
  it('tells new, worse and known findings apart, and counts the resolved ones', () => {
    const file = baselineFile({
      results: [
        result('replica-floor', 'fail', web, 'Runs 1 replica (3 pods pending)'),
        result('zone-spread', 'warn'),
        result('pdb-present', 'fail', { ...web, name: 'api' }),
        result('probe-readiness', 'warn', { ...web, name: 'gone' }),
        result('priority-class', 'pass'),
      ],
    });
    const now = [
      // Same check and target, another message (counts and pod names change): known.
      result('replica-floor', 'fail', web, 'Runs 1 replica (1 pod pending)'),
      // A warning that became a fail: worse.
      result('zone-spread', 'fail'),
      // Passed before: a new finding.
      result('priority-class', 'warn'),
      // Not in the baseline at all.
      result('replica-floor', 'fail', { ...web, name: 'cart' }),
      // A fail that became a warning is known (better, not a regression).
      result('pdb-present', 'warn', { ...web, name: 'api' }),
      result('probe-liveness', 'pass'),
    ];
    const comparison = compareWithBaseline(now, file);
    expect(now.map(r => comparison.states.get(r))).toEqual([
      'unchanged',
      'worse',
      'new',
      'new',
      'unchanged',
      undefined,
    ]);
    expect(comparison.counts).toEqual({
      new: 2,
      worse: 1,
      unchanged: 2,
      resolved: 1,
    });
    expect(describeBaselineCounts(comparison.counts)).toBe(
      '2 new, 1 worse, 2 unchanged, 1 resolved',
    );
    expect(comparison.clusters).toEqual(['prod']);
  });

  it('matches by cluster, API group, kind, namespace and name', () => {
    const file = baselineFile({
      results: [result('replica-floor', 'fail')],
    });
    const elsewhere = [
      result('replica-floor', 'fail', { ...web, cluster: 'staging' }),
      result('replica-floor', 'fail', { ...web, namespace: 'other' }),
      result('replica-floor', 'fail', { ...web, kind: 'StatefulSet' }),
      result('replica-floor', 'fail', {
        ...web,
        kind: 'Cluster',
        apiGroup: 'postgresql.cnpg.io',
      }),
    ];
    const comparison = compareWithBaseline(elsewhere, file);
    expect(elsewhere.map(r => comparison.states.get(r))).toEqual([
      'new',
      'new',
      'new',
      'new',
    ]);
    expect(comparison.counts.resolved).toBe(1);
  });

  it('does not count exempt, unknown or skipped results of the baseline as known findings', () => {
    const file = baselineFile({
      results: [
        {
          ...result('replica-floor', 'exempt'),
          exemption: { reason: 'until the migration', until: '2026-01-01' },
        },
        result('zone-spread', 'unknown'),
      ],
    });
    const now = [
      result('replica-floor', 'fail'),
      result('zone-spread', 'warn'),
    ];
    const comparison = compareWithBaseline(now, file);
    expect(now.map(r => comparison.states.get(r))).toEqual(['new', 'new']);
  });

  it('keeps the worse status when the baseline lists a target twice', () => {
    const file = baselineFile({
      results: [result('zone-spread', 'fail'), result('zone-spread', 'warn')],
    });
    const now = [result('zone-spread', 'fail')];
    expect(compareWithBaseline(now, file).states.get(now[0])).toBe('unchanged');
  });
});

describe('readBaseline', () => {
  it('reads a report with a byte order mark', () => {
    const file = baselineFile(
      `\uFEFF${JSON.stringify({ results: [result('zone-spread', 'warn')] })}`,
    );
    expect(readBaseline(file).findings.size).toBe(1);
  });

  it('refuses what is not a JSON report of a scan, in one line', () => {
    expect(errorOf(path.join(dir, 'missing.json'))).toBe(
      '--baseline DIR/missing.json: no such file',
    );
    expect(errorOf(dir)).toBe('--baseline DIR: is a folder, not a report');
    expect(errorOf(baselineFile('results: []'))).toMatch(
      /^--baseline DIR\/baseline\.json: not JSON \(.+\); write it with ha-posture scan --format json$/,
    );
    expect(errorOf(baselineFile({ version: '2.1.0', runs: [] }))).toBe(
      '--baseline DIR/baseline.json: a SARIF log; the baseline is the JSON report (ha-posture scan --format json)',
    );
    expect(errorOf(baselineFile([]))).toBe(
      '--baseline DIR/baseline.json: not a report of ha-posture scan --format json (no results list)',
    );
    expect(
      errorOf(
        baselineFile({
          results: [
            result('zone-spread', 'warn'),
            { checkId: 'x', status: 'fail' },
          ],
        }),
      ),
    ).toBe(
      '--baseline DIR/baseline.json: results[1] has no target with kind and name',
    );
    expect(errorOf(baselineFile({ results: [null] }))).toBe(
      '--baseline DIR/baseline.json: results[0] is not an object',
    );
  });
});
