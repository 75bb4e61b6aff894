import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HaCheck } from '@ha-posture/plugin-ha-posture-node';
import { loadConfig } from './config';
import { UsageError } from './exitCodes';

const floorCheck: HaCheck = {
  id: 'replica-floor',
  title: 'Replica floor',
  category: 'replicas',
  severity: 'critical',
  scope: 'workload',
  rationale: 'One replica is one failure away from an outage.',
  remediation: 'Run at least 2 replicas.',
  parameters: { minReplicas: { description: 'Smallest floor.', default: 2 } },
  evaluate: () => ({ status: 'pass', message: 'ok' }),
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-posture-config-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function configFile(text: string): string {
  const file = path.join(dir, 'ha-posture.yaml');
  fs.writeFileSync(file, text);
  return file;
}

function errorOf(text: string): string {
  const file = configFile(text);
  try {
    loadConfig(file, [floorCheck]);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message.replace(file, 'FILE');
  }
  throw new Error('expected a UsageError');
}

describe('loadConfig', () => {
  it('reads checks, exemptions and clusterInfo from a bare block', () => {
    const file = configFile(
      [
        'checks:',
        '  replica-floor: { severity: high, params: { minReplicas: 3 } }',
        'exemptions: { requireExpiry: true, maxDays: 90 }',
        'clusterInfo:',
        '  gke-prod: { location: europe-west1 }',
      ].join('\n'),
    );
    expect(loadConfig(file, [floorCheck])).toEqual({
      engine: {
        checks: {
          'replica-floor': { severity: 'high', params: { minReplicas: 3 } },
        },
        exemptions: { requireExpiry: true, maxDays: 90 },
      },
      clusterInfo: { 'gke-prod': { location: 'europe-west1' } },
    });
  });

  it('reads the block under haPosture: in an app-config, ignoring backend-only keys', () => {
    const file = configFile(
      'app: { title: x }\nhaPosture:\n  source: kubernetes\n  schedule: { frequency: { minutes: 5 } }\n  checks:\n    replica-floor: { enabled: false }\n',
    );
    expect(loadConfig(file, [floorCheck]).engine.checks).toEqual({
      'replica-floor': { enabled: false },
    });
  });

  it('reads grade thresholds over the defaults, and rejects unusable ones with the line', () => {
    const file = configFile('thresholds:\n  grades: { A: 95, B: 80 }\n');
    expect(loadConfig(file, [floorCheck]).engine.thresholds).toEqual({
      grades: { A: 95, B: 80, C: 60, D: 40 },
      gradeCaps: {},
    });
    expect(errorOf('thresholds:\n  grades:\n    C: 80\n')).toBe(
      'FILE:3: thresholds.grades: B (75) must be above C (80)',
    );
    expect(errorOf('thresholds:\n  grades: { A: x }\n')).toBe(
      'FILE:2: thresholds.grades: A: must be a number from 0 to 100, not "x"',
    );
    expect(errorOf('thresholds:\n  grade: { A: 95 }\n')).toBe(
      'FILE:2: thresholds: unknown key "grade" (expected grades, gradeCaps)',
    );
  });

  it('reads grade caps, and rejects unusable ones with the line', () => {
    const file = configFile(
      'thresholds:\n  gradeCaps: { critical: D, high: B }\n',
    );
    expect(loadConfig(file, [floorCheck]).engine.thresholds).toEqual({
      grades: { A: 90, B: 75, C: 60, D: 40 },
      gradeCaps: { critical: 'D', high: 'B' },
    });
    expect(errorOf('thresholds:\n  gradeCaps:\n    high: E\n')).toBe(
      'FILE:3: thresholds.gradeCaps: high: must be one of A, B, C, D, F, not "E"',
    );
  });

  it('treats an empty file as no configuration', () => {
    expect(loadConfig(configFile(''), [floorCheck])).toEqual({
      engine: { checks: {}, exemptions: {} },
      clusterInfo: {},
    });
  });

  it('reads an empty value as unset at every depth, as Backstage config does', () => {
    const config = loadConfig(
      configFile(
        [
          'checks:',
          '  replica-floor:',
          '    enabled:',
          '    severity: high',
          '    params:',
          'exemptions:',
          '  maxDays:',
          'clusterInfo:',
          '  prod:',
          '    region: eu-west-1',
          '    location:',
          '',
        ].join('\n'),
      ),
      [floorCheck],
    );
    expect(config).toEqual({
      engine: {
        checks: { 'replica-floor': { severity: 'high' } },
        exemptions: {},
      },
      clusterInfo: { prod: { region: 'eu-west-1' } },
    });
    // An id with nothing under it overrides nothing (so even a mistyped one changes nothing).
    expect(
      loadConfig(configFile('checks:\n  replica-flor:\n'), [floorCheck]).engine
        .checks,
    ).toEqual({});
    // An app-config whose haPosture block is empty is still an app-config: its other keys are not ours.
    expect(
      loadConfig(configFile('app:\n  title: x\nhaPosture:\n'), [floorCheck]),
    ).toEqual({ engine: { checks: {}, exemptions: {} }, clusterInfo: {} });
    // A wrong value is still refused where it is not empty.
    expect(errorOf('checks:\n  replica-floor:\n    params: 3\n')).toBe(
      'FILE:3: checks.replica-floor.params must be a mapping',
    );
  });

  it('rejects unknown check ids, parameters and wrong types, with the line', () => {
    expect(errorOf('checks:\n  replica-flor: { enabled: false }\n')).toBe(
      'FILE:2: checks.replica-flor: unknown check id',
    );
    expect(
      errorOf('checks:\n  replica-floor:\n    params:\n      minReplica: 3\n'),
    ).toBe('FILE:4: checks.replica-floor.params.minReplica: unknown parameter');
    expect(errorOf('checks:\n  replica-floor:\n    severity: urgent\n')).toBe(
      'FILE:3: checks.replica-floor.severity: "urgent" is not one of critical, high, medium, low',
    );
    expect(
      errorOf(
        'checks:\n  replica-floor:\n    params: { minReplicas: "3" }\n    enabled: yes\n',
      ),
    ).toMatch(
      /^FILE:\d: checks\.replica-floor\.enabled: expected a boolean, got string \(and 1 more problem\)$/,
    );
  });

  it('rejects structural problems, with the line', () => {
    expect(errorOf('chekcs: {}\n')).toBe(
      'FILE:1: unknown key "chekcs" (expected checks, exemptions, thresholds, clusterInfo)',
    );
    expect(errorOf('checks:\n  replica-floor: true\n')).toBe(
      'FILE:2: checks.replica-floor must be a mapping with enabled, severity or params',
    );
    expect(errorOf('exemptions:\n  maxDays: -1\n')).toBe(
      'FILE:2: exemptions.maxDays must be a whole number of days',
    );
    expect(errorOf('clusterInfo:\n  prod: { zone: a }\n')).toBe(
      'FILE:2: clusterInfo.prod: unknown key "zone"',
    );
    expect(errorOf('- a\n')).toBe(
      'FILE: expected a mapping (the haPosture config block)',
    );
  });

  it('reads exemption rules, and points at the line of a broken one', () => {
    const file = configFile(
      [
        'exemptions:',
        '  rules:',
        '    - checks: [backup-*]',
        '      namespaces: [kube-system]',
        '      labels: { addonmanager.kubernetes.io/mode: Reconcile }',
        '      reason: GKE add-on',
      ].join('\n'),
    );
    expect(loadConfig(file, [floorCheck]).engine.exemptions).toEqual({
      rules: [
        {
          checks: ['backup-*'],
          namespaces: ['kube-system'],
          labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
          reason: 'GKE add-on',
        },
      ],
    });
    expect(
      errorOf(
        [
          'exemptions:',
          '  rules:',
          '    - checks: [backup-recency]',
          '      reason: ok',
          '    - checks: [backup-recency]',
          '      reason: ok',
          '      until: 2027-02-30',
        ].join('\n'),
      ),
    ).toBe(
      'FILE:7: exemptions.rules[1].until must be a date written YYYY-MM-DD',
    );
    expect(errorOf('exemptions:\n  rules: { checks: [a] }\n')).toBe(
      'FILE:2: exemptions.rules must be a list of { checks, reason, ... } mappings',
    );
  });

  it('rejects invalid YAML and missing files', () => {
    expect(errorOf('checks: [\n')).toMatch(/^FILE:\d+:\d+: invalid YAML: /);
    expect(() =>
      loadConfig(path.join(dir, 'missing.yaml'), [floorCheck]),
    ).toThrow(/missing\.yaml: cannot read config \(no such file\)/);
  });

  it('keeps every YAML problem to one clean line, without the parser position repeated', () => {
    expect(errorOf('checks: [\n')).toMatch(
      /^FILE:2:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
    );
    // These surface when the document is converted, not parsed: they were internal errors.
    expect(errorOf('checks: *nowhere\n')).toBe(
      'FILE: invalid YAML: Unresolved alias (the anchor must be set before the alias): nowhere',
    );
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
    ])
      laughs.push(
        `${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`,
      );
    expect(errorOf(`${laughs.join('\n')}\n`)).toMatch(
      /^FILE: invalid YAML: Excessive alias count/,
    );
    expect(() => loadConfig(dir, [floorCheck])).toThrow(
      /: cannot read config \(a folder, not a file\)$/,
    );
  });

  it('names the encoding of a config that is not UTF-8 text', () => {
    const file = path.join(dir, 'binary.yaml');
    fs.writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]));
    expect(() => loadConfig(file, [floorCheck])).toThrow(
      /binary\.yaml: binary content \(NUL bytes\)/,
    );
    const utf16 = path.join(dir, 'utf16.yaml');
    fs.writeFileSync(
      utf16,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(
          'checks:\n  replica-floor: { enabled: false }\n',
          'utf16le',
        ),
      ]),
    );
    expect(loadConfig(utf16, [floorCheck]).engine.checks).toEqual({
      'replica-floor': { enabled: false },
    });
  });
});
