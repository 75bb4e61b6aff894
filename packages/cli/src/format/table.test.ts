import {
  RESULTS,
  fakeScan,
  fakeScanWithBaseline,
} from '../__testUtils__/fakeScan';
import { useTempDir } from '../__testUtils__/tempDir';
import { formatTable } from './table';

describe('formatTable', () => {
  const text = formatTable(fakeScan(), { color: false });

  it('has a header per cluster with score and grade', () => {
    const [title, facts, score] = text.split('\n');
    expect(title).toBe('prod — Production');
    expect(facts).toBe(
      '  eks · managed control plane · eu-west-1 · zones eu-west-1a, eu-west-1b · 3 nodes (3 ready) · v1.31.4 · dump from manifests',
    );
    expect(score).toMatch(
      /^ {2}Score [\d.]+\/100 {2}grade [A-F] {3}cluster checks /,
    );
  });

  it('lists each finding with target, location, message and remediation under its category', () => {
    expect(text).toContain(
      [
        '  ✖ replicas       FAIL     1 fail · 1 pass',
        '      ✖ CRITICAL  replica-floor  Deployment shop/web (manifests/shop.yaml:1)',
        '          Runs 1 replica <&> "quoted"',
        '          → Set spec.replicas to 2.',
      ].join('\n'),
    );
    expect(text).toContain(
      '      ⚠ HIGH  zone-spread  Deployment shop/web (manifests/shop.yaml:1)',
    );
    expect(text).toContain(
      '      ? UNKNOWN  etcd-quorum  Cluster prod\n          etcd pods are not visible',
    );
    expect(text).toContain(
      '      ⊘ EXEMPT  pdb-present  Deployment shop/web\n          batch job (until 2025-12-31)',
    );
  });

  it('groups failures of one check that share a remediation, giving the remediation once', () => {
    const [floor] = RESULTS;
    const api = {
      ...floor,
      message: 'Runs 1 replica (api)',
      target: { ...floor.target, name: 'api' },
    };
    const grouped = formatTable(fakeScan('high', [floor, api]), {
      color: false,
    });
    expect(grouped).toContain(
      [
        '      ✖ CRITICAL  replica-floor  2 targets',
        '          Deployment shop/api (manifests/shop.yaml:30)',
        '            Runs 1 replica (api)',
        '          Deployment shop/web (manifests/shop.yaml:1)',
        '            Runs 1 replica <&> "quoted"',
        '          → Set spec.replicas to 2.',
        '',
      ].join('\n'),
    );
  });

  it('ends with counts, ignored kinds and the exit reason', () => {
    const footer = text.trimEnd().split('\n').slice(-3);
    expect(footer[0]).toMatch(
      /^Overall [\d.]+\/100 {2}grade [A-F] {3}2 fail · 1 warn · 1 unknown · 1 pass · 1 exempt · 1 skipped$/,
    );
    expect(footer[1]).toBe(
      'Ignored 3 objects of kinds the engine does not read: v1/Secret ×2, rbac.authorization.k8s.io/v1/Role ×1',
    );
    expect(footer[2]).toBe(
      '✖ exit 1: 1 failing result at or above high severity (--fail-on high)',
    );
  });

  it('explains a clean exit, and results below the threshold', () => {
    expect(
      formatTable(fakeScan('critical', []), { color: false })
        .trimEnd()
        .split('\n')
        .pop(),
    ).toBe(
      '✔ exit 0: no failing result at or above critical severity (--fail-on critical)',
    );
    const withFails = fakeScan('never');
    expect(formatTable(withFails, { color: false })).toContain(
      '✔ exit 0: --fail-on never (2 failing results reported only)',
    );
  });

  it('shows only categories with findings with --only-failures', () => {
    const only = formatTable(fakeScan(), { color: false, onlyFailures: true });
    expect(only).toContain('replica-floor');
    expect(only).not.toContain('control-plane');
    expect(only).not.toContain('EXEMPT');
  });

  it('colours only when asked to', () => {
    expect(text).not.toContain('\u001b[');
    expect(formatTable(fakeScan(), { color: true })).toContain('\u001b[31m');
  });
});

describe('formatTable with --baseline', () => {
  const tempDir = useTempDir();

  it('tags each finding new, worse or known, and says what the baseline changed in the footer', () => {
    const scan = fakeScanWithBaseline(tempDir());
    const text = formatTable(scan, { color: false });
    expect(text).toContain(
      '      ✖ CRITICAL  replica-floor  Deployment shop/web (manifests/shop.yaml:1)  (in baseline)',
    );
    expect(text).toContain(
      '      ⚠ HIGH  zone-spread  Deployment shop/web (manifests/shop.yaml:1)   NEW ',
    );
    expect(text).toContain(
      '      ✖ MEDIUM  pdb-present  Deployment shop/api (manifests/shop.yaml:30)   WORSE  (a warning in the baseline)',
    );
    const footer = text.trimEnd().split('\n').slice(-2);
    expect(footer).toEqual([
      `Baseline ${
        scan.baseline!.file
      }: 1 new, 1 worse, 1 unchanged, 1 resolved`,
      '✔ exit 0: no new or worse failing result at or above high severity (--fail-on high, --baseline)',
    ]);
  });

  it('counts only new or worse failures in the exit reason', () => {
    const text = formatTable(fakeScanWithBaseline(tempDir(), 'medium'), {
      color: false,
    });
    expect(text.trimEnd().split('\n').pop()).toBe(
      '✖ exit 1: 1 new or worse failing result at or above medium severity (--fail-on medium)',
    );
  });
});
