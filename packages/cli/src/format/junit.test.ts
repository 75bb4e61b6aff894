import { HA_CATEGORIES } from '@ha-posture/plugin-ha-posture-common';
import {
  RESULTS,
  fakeScan,
  fakeScanWithBaseline,
} from '../__testUtils__/fakeScan';
import { useTempDir } from '../__testUtils__/tempDir';
import { checkXml } from '../__testUtils__/xmlWellFormed';
import { escapeXml, formatJunit } from './junit';

describe('formatJunit', () => {
  const xml = formatJunit(fakeScan());

  it('writes well-formed XML', () => {
    expect(checkXml(xml).problems).toEqual([]);
  });

  it('has one testsuite per category and one testcase per result', () => {
    const { elements } = checkXml(xml);
    expect(elements.filter(e => e === 'testsuite')).toHaveLength(
      HA_CATEGORIES.length,
    );
    expect(elements.filter(e => e === 'testcase')).toHaveLength(RESULTS.length);
    expect(xml).toContain(
      `<testsuites name="ha-posture" tests="${RESULTS.length}" failures="2" errors="0" skipped="3">`,
    );
    expect(xml).toContain(
      '<testsuite name="disruption" tests="3" failures="1" errors="0" skipped="2">',
    );
    expect(xml).toContain(
      '<testsuite name="nodes" tests="0" failures="0" errors="0" skipped="0"/>',
    );
  });

  it('makes fail a failure typed by severity, with message and remediation, escaped', () => {
    expect(xml).toContain(
      '<testcase classname="replica-floor" name="prod: Deployment shop/web" file="manifests/shop.yaml" line="1">\n' +
        '      <failure message="Runs 1 replica &lt;&amp;&gt; &quot;quoted&quot;" type="critical">Runs 1 replica &lt;&amp;&gt; &quot;quoted&quot;\nRemediation: Set spec.replicas to 2.</failure>',
    );
  });

  it('lets warn pass with the advice in system-out, and skips unknown, exempt and skipped with the reason', () => {
    expect(xml).toContain(
      '<system-out>WARN [high] All replicas in zone a\nRemediation: Add a topology spread constraint.</system-out>',
    );
    expect(xml).toContain(
      '<skipped message="unknown: etcd pods are not visible"/>',
    );
    expect(xml).toContain(
      '<skipped message="exempt: batch job (until 2025-12-31)"/>',
    );
    expect(xml).toContain('<skipped message="skipped: not applicable"/>');
  });
});

describe('formatJunit with --baseline', () => {
  const tempDir = useTempDir();

  it('skips a fail the baseline already has, saying so, and counts only the others as failures', () => {
    const scan = fakeScanWithBaseline(tempDir(), 'medium');
    const xml = formatJunit(scan);
    expect(checkXml(xml).problems).toEqual([]);
    expect(xml).toContain(
      '<testcase classname="replica-floor" name="prod: Deployment shop/web" file="manifests/shop.yaml" line="1">\n' +
        `      <skipped message="known (in baseline ${
          scan.baseline!.file
        }): [critical] Runs 1 replica &lt;&amp;&gt; &quot;quoted&quot;"/>`,
    );
    // The api PDB finding was a warning in the baseline: worse, so still a failure.
    expect(xml).toContain('<failure message="No PDB for api" type="medium">');
    expect(xml).toContain(
      `<testsuites name="ha-posture" tests="${RESULTS.length}" failures="1" errors="0" skipped="4">`,
    );
    expect(xml).toContain(
      '<testsuite name="replicas" tests="2" failures="0" errors="0" skipped="1">',
    );
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`a<b>&"c"'\u0000\u0007\u001b[31m\ttab`)).toBe(
      'a&lt;b&gt;&amp;&quot;c&quot;&apos;[31m\ttab',
    );
    expect(escapeXml('emoji 🚀 ok')).toBe('emoji 🚀 ok');
  });
});
