import { HaResult } from '@ha-posture/plugin-ha-posture-common';
import {
  RESULTS,
  fakeScan,
  fakeScanWithBaseline,
} from '../__testUtils__/fakeScan';
import { useTempDir } from '../__testUtils__/tempDir';
import { MAX_FINDING_ROWS, escapeMarkdown, formatMarkdown } from './markdown';

const rowsOf = (markdown: string) =>
  markdown.split('\n').filter(line => /^\| (❌|⚠️) /.test(line));

describe('formatMarkdown', () => {
  const markdown = formatMarkdown(fakeScan());

  it('opens with the overall score and the verdict', () => {
    const [title, , verdict] = markdown.split('\n');
    expect(title).toMatch(/^## HA posture: [\d.]+\/100, grade [A-F]$/);
    expect(verdict).toBe(
      '❌ **Fails** (exit 1): 1 failing result at or above high severity (`--fail-on high`).',
    );
    expect(formatMarkdown(fakeScan('never'))).toContain(
      '✅ **Passes** (exit 0): `--fail-on never`, failures are reported only.',
    );
    expect(formatMarkdown(fakeScan('critical', RESULTS.slice(1)))).toContain(
      '✅ **Passes** (exit 0): no failing result at or above critical severity (`--fail-on critical`).',
    );
  });

  it('has a row per cluster with flavor, score, grade and counts', () => {
    expect(markdown).toMatch(
      /\n\| prod — Production \| eks \| [\d.]+ \| [A-F] \| 2 \| 1 \| 1 \| 1 \|\n/,
    );
  });

  it('lists failures and warnings worst first, located, escaped, with the remediation', () => {
    expect(markdown).toContain('### Failures and warnings (3)');
    expect(rowsOf(markdown)).toEqual([
      '| ❌ fail | critical | `replica-floor` | Deployment shop/web in prod `manifests/shop.yaml:1` | Runs 1 replica &lt;&amp;&gt; "quoted"<br>→ Set spec.replicas to 2. |',
      '| ❌ fail | medium | `pdb-present` | Deployment shop/api in prod `manifests/shop.yaml:30` | No PDB for api |',
      '| ⚠️ warn | high | `zone-spread` | Deployment shop/web in prod `manifests/shop.yaml:1` | All replicas in zone a<br>→ Add a topology spread constraint. |',
    ]);
  });

  it('folds unknown and exempt results with their reasons', () => {
    expect(markdown).toContain(
      '<summary>Not judged: 2 unknown or exempt results</summary>',
    );
    expect(markdown).toContain(
      '- ❔ unknown `etcd-quorum`: Cluster prod: etcd pods are not visible',
    );
    expect(markdown).toContain(
      '- ⊘ exempt `pdb-present`: Deployment shop/web: batch job (until 2025-12-31)',
    );
    expect(markdown).toContain(
      'Ignored kinds the engine does not read: v1/Secret ×2, rbac.authorization.k8s.io/v1/Role ×1.',
    );
  });

  it('says so when there is nothing to list', () => {
    const clean = formatMarkdown(fakeScan('high', [RESULTS[4]]));
    expect(clean).toContain('No failures or warnings.');
    expect(clean).not.toContain('<details>');
  });

  it('lists at most MAX_FINDING_ROWS findings and counts the rest', () => {
    const many: HaResult[] = Array.from({ length: 130 }, (_, i) => ({
      ...RESULTS[0],
      target: {
        ...RESULTS[0].target,
        name: `web-${String(i).padStart(3, '0')}`,
      },
    }));
    const long = formatMarkdown(fakeScan('high', many));
    expect(rowsOf(long)).toHaveLength(MAX_FINDING_ROWS);
    expect(long).toContain(
      `…and ${
        130 - MAX_FINDING_ROWS
      } more, not listed here: \`--format json\` or \`--format sarif\` has them all.`,
    );
  });

  it('stops listing before a comment grows past its size limit', () => {
    const verbose: HaResult[] = Array.from({ length: 40 }, (_, i) => ({
      ...RESULTS[0],
      message: 'x'.repeat(3000),
      target: { ...RESULTS[0].target, name: `web-${i}` },
    }));
    const text = formatMarkdown(fakeScan('high', verbose));
    expect(text.length).toBeLessThan(65_536);
    expect(rowsOf(text).length).toBeLessThan(40);
    expect(text).toMatch(/…and \d+ more, not listed here/);
  });
});

describe('formatMarkdown with --baseline', () => {
  const tempDir = useTempDir();

  it('gives each finding its baseline state and the verdict counts only new or worse ones', () => {
    const scan = fakeScanWithBaseline(tempDir());
    const markdown = formatMarkdown(scan);
    expect(markdown).toContain(
      '✅ **Passes** (exit 0): no new or worse failing result at or above high severity (`--fail-on high`).',
    );
    expect(rowsOf(markdown).map(row => row.split(' | ').pop())).toEqual([
      'known |',
      '**worse** (was a warning) |',
      '**new** |',
    ]);
    expect(markdown).toContain(
      `Baseline \`${
        scan.baseline!.file
      }\`: 1 new, 1 worse, 1 unchanged, 1 resolved.`,
    );
  });
});

describe('escapeMarkdown', () => {
  it('keeps input text from adding HTML, links, emphasis or table cells', () => {
    expect(
      escapeMarkdown('a|b *c* _d_ [x](http://e) <img src=x> `f` #1 ~g~ \\'),
    ).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\[x\\](http://e) &lt;img src=x&gt; \\`f\\` \\#1 \\~g\\~ \\\\',
    );
    expect(escapeMarkdown('line one\nline two')).toBe('line one<br>line two');
  });
});
