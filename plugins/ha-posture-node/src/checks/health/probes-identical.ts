import { WorkloadCheck } from '../../model/checks';
import { longRunningContainers } from '../util';
import { describeNames, subject } from '../wording';

/** Probe timing defaults, so that an explicit default compares equal to an omitted one. */
const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
};

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

/** A canonical JSON form of a probe: defaults filled in, keys sorted. */
function canonical(probe: any): string {
  const withDefaults = { ...PROBE_DEFAULTS, ...probe };
  return JSON.stringify(sortKeys(withDefaults));
}

export const probesIdentical: WorkloadCheck = {
  id: 'probes-identical',
  title: 'Liveness and readiness probes differ',
  category: 'health',
  severity: 'medium',
  scope: 'workload',
  rationale:
    'When the liveness probe is the readiness probe, a replica that is only overloaded is restarted at the very moment it stops taking traffic; ' +
    'under load this turns into restarts across all replicas at once.',
  remediation:
    'Keep the readiness probe strict and make the liveness probe more lenient (a higher failureThreshold or a simpler endpoint), so a busy ' +
    'replica is taken out of rotation before it is killed.',
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
  ],
  evaluate({ workload }) {
    const both = longRunningContainers(workload.podSpec).filter(
      c => c?.readinessProbe && c?.livenessProbe,
    );
    if (both.length === 0)
      return {
        status: 'skipped',
        message: 'No container has both a readiness and a liveness probe',
      };
    const identical = both
      .filter(c => canonical(c.readinessProbe) === canonical(c.livenessProbe))
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
