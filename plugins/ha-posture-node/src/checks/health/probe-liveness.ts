import { WorkloadCheck } from '../../model/checks';
import { describeNames, subject } from '../wording';
import { regularContainers } from './containers';

export const probeLiveness: WorkloadCheck = {
  id: 'probe-liveness',
  title: 'Containers have liveness probes',
  category: 'health',
  severity: 'low',
  scope: 'workload',
  rationale:
    'A liveness probe lets the kubelet restart a container that is deadlocked or stuck but has not exited; without one a hung replica ' +
    'stays in place until someone notices.',
  remediation:
    'Add a livenessProbe that fails only when the process cannot recover on its own (not on slow dependencies), with a more lenient ' +
    'failureThreshold than the readinessProbe, and a startupProbe for slow starts.',
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
  ],
  evaluate({ workload }) {
    const containers = regularContainers(workload.podSpec);
    if (containers.length === 0)
      return {
        status: 'skipped',
        message: 'The pod template has no containers',
      };
    const unprobed = containers
      .filter(c => !c.livenessProbe)
      .map(c => c.name as string);
    if (unprobed.length === 0)
      return {
        status: 'pass',
        message: `Every container has a livenessProbe (${describeNames(
          containers.map(c => c.name),
        )})`,
      };
    return {
      status: 'warn',
      message: `${subject(
        'Container',
        unprobed,
        'has',
        'have',
      )} no livenessProbe: a hung process is never restarted`,
      evidence: { lackingLiveness: unprobed },
    };
  },
};
