import {
  Grading,
  HA_SEVERITIES,
  HaSeverity,
  parameterRangeProblem,
  readGradeCaps,
  readGradeThresholds,
} from '@ha-posture/plugin-ha-posture-common';
import { CheckParameter, HaCheck } from '../model/checks';
import { EngineConfig } from '../model/evaluation';

/** A check with the configuration applied. @public */
export interface ResolvedCheck {
  check: HaCheck;
  enabled: boolean;
  severity: HaSeverity;
  params: Record<string, unknown>;
}

/** @public */
export interface ResolvedConfig {
  checks: ResolvedCheck[];
  /**
   * `thresholds.grades` over the defaults and `thresholds.gradeCaps` (the defaults, and no caps,
   * when they are unusable).
   */
  grading: Grading;
  /** Configuration problems (unknown check ids or parameters, wrong types); the defaults were used. */
  warnings: string[];
}

/** Every parameter of a check at its default value. @public */
export function defaultParams(check: HaCheck): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries<CheckParameter>(
    check.parameters ?? {},
  )) {
    params[name] = Array.isArray(parameter.default)
      ? [...parameter.default]
      : parameter.default;
  }
  return params;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value))
    return value.every(v => typeof v === 'string') ? 'string[]' : 'array';
  return typeof value;
}

/**
 * What is wrong with a number given for a numeric parameter: outside the range the parameter
 * declares or, where it declares none, negative although its default is not (counts, ages,
 * factors and shares are never negative: a `minReplicas: -1` would pass every workload).
 */
function numberProblem(
  value: unknown,
  parameter: CheckParameter,
): string | undefined {
  if (typeof value !== 'number') return undefined;
  if (!Number.isFinite(value)) return `expected a finite number, got ${value}`;
  const declared =
    parameter.minimum !== undefined ||
    parameter.maximum !== undefined ||
    parameter.integer !== undefined;
  if (declared) return parameterRangeProblem(value, parameter);
  if (
    value < 0 &&
    typeof parameter.default === 'number' &&
    parameter.default >= 0
  )
    return `expected a number of at least 0, got ${value}`;
  return undefined;
}

/**
 * Applies `haPosture.checks.<id>` overrides (enabled, severity, params) to the checks, and reads
 * `haPosture.thresholds.grades` and `.gradeCaps`. Problems never fail: they are reported as warnings and the
 * default is kept.
 * @public
 */
export function resolveConfig(
  checks: HaCheck[],
  config: EngineConfig = {},
): ResolvedConfig {
  const warnings: string[] = [];
  const overrides = config.checks ?? {};
  const known = new Set(checks.map(c => c.id));
  for (const id of Object.keys(overrides)) {
    if (!known.has(id))
      warnings.push(`haPosture.checks.${id}: unknown check id (ignored)`);
  }

  const resolved = checks.map(check => {
    const override = overrides[check.id] ?? {};
    const where = `haPosture.checks.${check.id}`;
    let enabled = true;
    if (override.enabled !== undefined) {
      if (typeof override.enabled === 'boolean') enabled = override.enabled;
      else
        warnings.push(
          `${where}.enabled: expected a boolean, got ${typeName(
            override.enabled,
          )} (check stays enabled)`,
        );
    }
    let severity = check.severity;
    if (override.severity !== undefined) {
      if ((HA_SEVERITIES as readonly unknown[]).includes(override.severity))
        severity = override.severity;
      else
        warnings.push(
          `${where}.severity: "${String(
            override.severity,
          )}" is not one of ${HA_SEVERITIES.join(', ')} (default ${
            check.severity
          } used)`,
        );
    }
    const params = defaultParams(check);
    const declared: Record<string, CheckParameter> = check.parameters ?? {};
    for (const [name, value] of Object.entries(override.params ?? {})) {
      const parameter = declared[name];
      if (!parameter) {
        warnings.push(`${where}.params.${name}: unknown parameter (ignored)`);
        continue;
      }
      const expected = typeName(parameter.default);
      const actual = typeName(value);
      const problem =
        expected !== actual
          ? `expected ${expected}, got ${actual}`
          : numberProblem(value, parameter);
      if (problem) {
        warnings.push(
          `${where}.params.${name}: ${problem} (default ${JSON.stringify(
            parameter.default,
          )} used)`,
        );
        continue;
      }
      params[name] = value;
    }
    return { check, enabled, severity, params };
  });
  const grades = readGradeThresholds(config.thresholds?.grades);
  for (const problem of grades.problems)
    warnings.push(
      `haPosture.thresholds.grades: ${problem} (default grades used)`,
    );
  const caps = readGradeCaps(config.thresholds?.gradeCaps);
  for (const problem of caps.problems)
    warnings.push(`haPosture.thresholds.gradeCaps: ${problem} (no caps used)`);
  return {
    checks: resolved,
    grading: { thresholds: grades.thresholds, caps: caps.caps },
    warnings,
  };
}
