/**
 * `--fail-on`: which results make the scan exit 1. Only non-exempt `fail` results count, at or
 * above the threshold severity: a `warn` is advice (it lowers the score, never breaks a build),
 * and `unknown` means the input could not show something, which is not a finding.
 */
import {
  HA_SEVERITIES,
  HaResult,
  HaSeverity,
} from '@ha-posture/plugin-ha-posture-common';

/** @public */
export const FAIL_ON_LEVELS = [...HA_SEVERITIES, 'never'] as const;

/** @public */
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

/** @public */
export const DEFAULT_FAIL_ON: FailOn = 'high';

/** The results that make the scan fail (exit 1) under `failOn`. @public */
export function failingResults(
  results: HaResult[],
  failOn: FailOn,
): HaResult[] {
  if (failOn === 'never') return [];
  const threshold = HA_SEVERITIES.indexOf(failOn);
  return results.filter(
    r =>
      r.status === 'fail' &&
      HA_SEVERITIES.indexOf(r.severity as HaSeverity) <= threshold,
  );
}
