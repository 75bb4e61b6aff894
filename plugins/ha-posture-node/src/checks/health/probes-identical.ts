import { WorkloadCheck } from '../../model/checks';
import { describeNames, subject } from '../wording';

const hasOwn = (obj: object, key: string) =>
  Object.prototype.hasOwnProperty.call(obj, key);

/**
 * Defaults of the fields that decide when a probe fails, so that an explicit default compares
 * equal to an omitted one.
 */
const PROBE_DEFAULTS = {
  periodSeconds: 10,
  timeoutSeconds: 1,
  failureThreshold: 3,
};

/**
 * Fields that do not change when a probe starts failing (only the first check, the recovery, or
 * the grace before the kill): probes that differ only in them fail at the same moment.
 */
const NOT_FAILURE_TIMING: ReadonlySet<string> = new Set([
  'initialDelaySeconds',
  'successThreshold',
  'terminationGracePeriodSeconds',
]);

/** Whether a key takes part in the comparison beyond the defaults. */
const comparedBeyondDefaults = (key: string) =>
  !hasOwn(PROBE_DEFAULTS, key) && !NOT_FAILURE_TIMING.has(key);

/** A copy of a JSON value with the keys of every object in it sorted. */
function sortKeys(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

/** A canonical JSON form of a probe: defaults filled in, keys sorted, fields that do not time failures left out. */
function canonical(probe: any): string {
  const withDefaults: Record<string, unknown> = { ...PROBE_DEFAULTS, ...probe };
  for (const key of NOT_FAILURE_TIMING) delete withDefaults[key];
  return JSON.stringify(sortKeys(withDefaults));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether the value is what JSON.parse produces (strings, finite numbers, booleans, null, arrays
 * and plain objects of them): for such values JSON text equality is structural equality.
 */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
          if (!isPlainJson(value[i])) return false;
        return true;
      }
      if (!isPlainObject(value)) return false;
      for (const key in value)
        if (hasOwn(value, key) && !isPlainJson(value[key])) return false;
      return true;
    default:
      return false;
  }
}

/** Structural equality of two plain JSON values (object key order ignored, as sortKeys does). */
function sameJson(a: any, b: any): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let keys = 0;
  for (const key in a) {
    if (!hasOwn(a, key)) continue;
    keys++;
    if (!hasOwn(b, key) || !sameJson(a[key], b[key])) return false;
  }
  for (const key in b) if (hasOwn(b, key)) keys--;
  return keys === 0;
}

const DEFAULT_KEYS = Object.keys(PROBE_DEFAULTS) as Array<
  keyof typeof PROBE_DEFAULTS
>;

/** Whether two plain-object probes fail alike: equal once defaults are filled in, NOT_FAILURE_TIMING aside. */
function sameWithDefaults(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): boolean {
  for (const key of DEFAULT_KEYS) {
    const fromA = hasOwn(a, key) ? a[key] : PROBE_DEFAULTS[key];
    const fromB = hasOwn(b, key) ? b[key] : PROBE_DEFAULTS[key];
    if (!sameJson(fromA, fromB)) return false;
  }
  let keys = 0;
  for (const key in a) {
    if (!hasOwn(a, key) || !comparedBeyondDefaults(key)) continue;
    keys++;
    if (!hasOwn(b, key) || !sameJson(a[key], b[key])) return false;
  }
  for (const key in b)
    if (hasOwn(b, key) && comparedBeyondDefaults(key)) keys--;
  return keys === 0;
}

/**
 * Whether the probes have the same canonical form. Probes parsed from JSON or YAML are compared in
 * place; anything else (a Date, undefined, NaN, which JSON text would blur) goes through canonical.
 */
function sameProbe(a: unknown, b: unknown): boolean {
  if (isPlainObject(a) && isPlainObject(b) && isPlainJson(a) && isPlainJson(b))
    return sameWithDefaults(a, b);
  return canonical(a) === canonical(b);
}

/** Long-running containers (see longRunningContainers) that have both a readiness and a liveness probe. */
function containersWithBothProbes(podSpec: any): any[] {
  const both: any[] = [];
  if (Array.isArray(podSpec?.containers)) {
    for (const c of podSpec.containers)
      if (c?.readinessProbe && c?.livenessProbe) both.push(c);
  }
  if (Array.isArray(podSpec?.initContainers)) {
    for (const c of podSpec.initContainers)
      if (c?.restartPolicy === 'Always' && c.readinessProbe && c.livenessProbe)
        both.push(c);
  }
  return both;
}

export const probesIdentical: WorkloadCheck = {
  id: 'probes-identical',
  title: 'Liveness and readiness probes differ',
  category: 'health',
  severity: 'medium',
  scope: 'workload',
  rationale:
    'When the liveness probe is the readiness probe, a replica that is only overloaded is restarted at the very moment it stops taking traffic; ' +
    'under load this turns into restarts across all replicas at once. Probes that differ only in initialDelaySeconds, successThreshold or ' +
    'terminationGracePeriodSeconds still fail at the same moment, so they count as the same.',
  remediation:
    'Keep the readiness probe strict and make the liveness probe more lenient (a higher failureThreshold or a simpler endpoint), so a busy ' +
    'replica is taken out of rotation before it is killed.',
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
  ],
  evaluate({ workload }) {
    const both = containersWithBothProbes(workload.podSpec);
    if (both.length === 0)
      return {
        status: 'skipped',
        message: 'No container has both a readiness and a liveness probe',
      };
    const identical = both
      .filter(c => sameProbe(c.readinessProbe, c.livenessProbe))
      .map(c => c.name as string);
    if (identical.length === 0)
      return {
        status: 'pass',
        message: `Liveness and readiness probes differ (${describeNames(
          both.map(c => c.name),
        )})`,
      };
    return {
      status: 'warn',
      message: `${subject(
        'Container',
        identical,
        'uses',
        'use',
      )} the same probe for liveness and readiness: an overloaded replica is restarted instead of just taken out of rotation`,
      evidence: { identical },
    };
  },
};
