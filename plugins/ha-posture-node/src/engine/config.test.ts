import { HaCheck } from '../model';
import { defaultParams, resolveConfig } from './config';

const check: HaCheck = {
  id: 'sample',
  title: 'Sample',
  category: 'replicas',
  severity: 'high',
  scope: 'cluster',
  rationale: 'r',
  remediation: 'x',
  parameters: {
    min: { default: 2, description: 'minimum' },
    names: { default: ['a'], description: 'names' },
    strict: { default: false, description: 'strict' },
  },
  evaluate: () => ({ status: 'pass', message: 'ok' }),
};

describe('resolveConfig', () => {
  it('uses defaults without config', () => {
    expect(resolveConfig([check])).toEqual({
      checks: [
        {
          check,
          enabled: true,
          severity: 'high',
          params: { min: 2, names: ['a'], strict: false },
        },
      ],
      grading: { thresholds: { A: 90, B: 75, C: 60, D: 40 }, caps: {} },
      warnings: [],
    });
  });

  it('reads grade thresholds, keeping the defaults of the grades left out', () => {
    const { grading, warnings } = resolveConfig([check], {
      thresholds: { grades: { A: 95, D: 50 } },
    });
    expect(grading.thresholds).toEqual({ A: 95, B: 75, C: 60, D: 50 });
    expect(warnings).toEqual([]);
  });

  it('warns about unusable grade thresholds and keeps the defaults', () => {
    const { grading, warnings } = resolveConfig([check], {
      thresholds: { grades: { A: 'high' as any } },
    });
    expect(grading.thresholds).toEqual({ A: 90, B: 75, C: 60, D: 40 });
    expect(warnings).toEqual([
      'haPosture.thresholds.grades: A: must be a number from 0 to 100, not "high" (default grades used)',
    ]);
  });

  it('reads grade caps, and warns about unusable ones and uses none', () => {
    expect(
      resolveConfig([check], {
        thresholds: { gradeCaps: { critical: 'D', high: 'B' } },
      }).grading.caps,
    ).toEqual({ critical: 'D', high: 'B' });
    const { grading, warnings } = resolveConfig([check], {
      thresholds: { gradeCaps: { high: 'E' as any } },
    });
    expect(grading.caps).toEqual({});
    expect(warnings).toEqual([
      'haPosture.thresholds.gradeCaps: high: must be one of A, B, C, D, F, not "E" (no caps used)',
    ]);
  });

  it('applies enabled, severity and params overrides', () => {
    const [resolved] = resolveConfig([check], {
      checks: {
        sample: {
          enabled: false,
          severity: 'low',
          params: { min: 3, names: ['b', 'c'], strict: true },
        },
      },
    }).checks;
    expect(resolved).toMatchObject({
      enabled: false,
      severity: 'low',
      params: { min: 3, names: ['b', 'c'], strict: true },
    });
  });

  it('warns about unknown ids, unknown params and wrong types, keeping defaults', () => {
    const { checks, warnings } = resolveConfig([check], {
      checks: {
        nope: { enabled: false },
        sample: {
          enabled: 'no' as any,
          severity: 'urgent' as any,
          params: { min: '3', names: [1], other: 1, strict: true },
        },
      },
    });
    expect(checks[0]).toMatchObject({
      enabled: true,
      severity: 'high',
      params: { min: 2, names: ['a'], strict: true },
    });
    expect(warnings).toEqual([
      'haPosture.checks.nope: unknown check id (ignored)',
      'haPosture.checks.sample.enabled: expected a boolean, got string (check stays enabled)',
      'haPosture.checks.sample.severity: "urgent" is not one of critical, high, medium, low (default high used)',
      'haPosture.checks.sample.params.min: expected number, got string (default 2 used)',
      'haPosture.checks.sample.params.names: expected string[], got array (default ["a"] used)',
      'haPosture.checks.sample.params.other: unknown parameter (ignored)',
    ]);
  });

  it('refuses negative and non-finite numbers for a parameter whose default is not negative', () => {
    const { checks, warnings } = resolveConfig([check], {
      checks: { sample: { params: { min: -1 }, enabled: null as any } },
    });
    expect(checks[0].params.min).toBe(2);
    expect(warnings).toEqual([
      'haPosture.checks.sample.enabled: expected a boolean, got null (check stays enabled)',
      'haPosture.checks.sample.params.min: expected a number of at least 0, got -1 (default 2 used)',
    ]);
    expect(
      resolveConfig([check], {
        checks: { sample: { params: { min: Infinity } } },
      }).warnings,
    ).toEqual([
      'haPosture.checks.sample.params.min: expected a finite number, got Infinity (default 2 used)',
    ]);
    // 0 is a value (e.g. "no age limit"), and a negative default may be overridden by another.
    expect(
      resolveConfig([check], { checks: { sample: { params: { min: 0 } } } })
        .warnings,
    ).toEqual([]);
    const signed: HaCheck = {
      ...check,
      id: 'signed',
      parameters: { offset: { default: -5, description: 'offset' } },
    };
    expect(
      resolveConfig([signed], {
        checks: { signed: { params: { offset: -2 } } },
      }).checks[0].params.offset,
    ).toBe(-2);
  });

  it("refuses values outside a parameter's declared range and keeps those inside", () => {
    const ranged: HaCheck = {
      ...check,
      id: 'ranged',
      parameters: {
        replicas: {
          default: 2,
          description: 'count',
          minimum: 1,
          integer: true,
        },
        share: { default: 0.5, description: 'share', minimum: 0, maximum: 1 },
      },
    };
    const resolve = (params: Record<string, unknown>) =>
      resolveConfig([ranged], { checks: { ranged: { params } } });
    expect(resolve({ replicas: 2.5, share: 1.5 }).warnings).toEqual([
      'haPosture.checks.ranged.params.replicas: expected a whole number, got 2.5 (default 2 used)',
      'haPosture.checks.ranged.params.share: expected a number of at most 1, got 1.5 (default 0.5 used)',
    ]);
    expect(resolve({ replicas: 0 }).warnings).toEqual([
      'haPosture.checks.ranged.params.replicas: expected a number of at least 1, got 0 (default 2 used)',
    ]);
    const inside = resolve({ replicas: 4, share: 1 });
    expect(inside.warnings).toEqual([]);
    expect(inside.checks[0].params).toEqual({ replicas: 4, share: 1 });
  });

  it('copies array defaults so checks cannot change them', () => {
    const params = defaultParams(check);
    (params.names as string[]).push('x');
    expect(check.parameters!.names.default).toEqual(['a']);
  });
});
