import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import {
  describeObject,
  formatAge,
  notEvaluable,
  plural,
  podIsActive,
} from '../util';
import { scaledToZero } from '../workloads';

interface ContainersRestartingParams {
  minRestarts: number;
  recentHours: number;
}

/**
 * Waiting reasons of a container that cannot start until someone fixes something: the kubelet
 * backs off and retries, but the replica does not serve in the meantime.
 */
const STUCK_REASONS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'PreStartHookError',
  'PostStartHookError',
]);
const IMAGE_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
]);

/** Pods listed by name in a message; the rest are counted. */
const LISTED_PODS = 3;

/** One container of a pod that is stuck or restarted recently and often. */
interface ContainerTrouble {
  pod: string;
  container: string;
  /** The waiting reason when the container is stuck. */
  stuck?: string;
  restarts: number;
  /** Reason (or exit code) of its last termination, when known. */
  lastExit?: string;
  /** Seconds since its last termination, when known. */
  lastExitAgo?: number;
}

function lastExitOf(status: any): { reason?: string; finishedAt?: number } {
  const terminated = status?.lastState?.terminated;
  if (!terminated || typeof terminated !== 'object') return {};
  let reason: string | undefined;
  if (typeof terminated.reason === 'string') reason = terminated.reason;
  else if (typeof terminated.exitCode === 'number')
    reason = `exit code ${terminated.exitCode}`;
  const finishedAt =
    typeof terminated.finishedAt === 'string'
      ? Date.parse(terminated.finishedAt)
      : NaN;
  return Number.isNaN(finishedAt) ? { reason } : { reason, finishedAt };
}

/** The container statuses of a pod, init containers included (a failing one holds the pod in Init). */
function containerStatusesOf(pod: K8sObject): any[] | undefined {
  const regular = pod.status?.containerStatuses;
  const init = pod.status?.initContainerStatuses;
  if (!Array.isArray(regular) && !Array.isArray(init)) return undefined;
  return [
    ...(Array.isArray(init) ? init : []),
    ...(Array.isArray(regular) ? regular : []),
  ];
}

function describeTrouble(t: ContainerTrouble): string {
  const details = [
    t.stuck,
    plural(t.restarts, 'restart'),
    t.lastExit !== undefined
      ? `last exit ${t.lastExit}${
          t.lastExitAgo !== undefined ? ` ${formatAge(t.lastExitAgo)} ago` : ''
        }`
      : undefined,
  ].filter(Boolean);
  return `${t.pod} (${t.container}: ${details.join(', ')})`;
}

function describePods(troubles: ContainerTrouble[]): string {
  const listed = troubles.slice(0, LISTED_PODS).map(describeTrouble);
  const more = troubles.length - listed.length;
  return more > 0 ? `${listed.join('; ')} and ${more} more` : listed.join('; ');
}

/** The most specific advice the troubles allow. */
function remediationFor(troubles: ContainerTrouble[]): string | undefined {
  if (troubles.some(t => t.stuck !== undefined && IMAGE_REASONS.has(t.stuck)))
    return 'Fix the image reference or the registry credentials (imagePullSecrets); `kubectl describe pod` shows the pull error. Until then no new replica can start.';
  if (troubles.some(t => t.lastExit === 'OOMKilled'))
    return 'Containers were OOMKilled: raise their memory limit (and request) to what they use at peak, or fix the leak; `kubectl describe pod` shows the last termination.';
  return undefined;
}

export const containersRestarting: WorkloadCheck<ContainersRestartingParams> = {
  id: 'containers-restarting',
  title: 'Containers are not crash-looping',
  category: 'health',
  severity: 'medium',
  scope: 'workload',
  rationale:
    'A replica whose container crash-loops, cannot pull its image or keeps restarting is out of service for most of the time, ' +
    'even when it is briefly Ready: the redundancy the replica count promises is not there when another replica fails.',
  remediation:
    'Find the cause in the previous container’s logs (`kubectl logs --previous`) and its last termination (`kubectl describe pod`): ' +
    'configuration, a dependency, memory, or a liveness probe that kills a slow start (add a startupProbe).',
  parameters: {
    minRestarts: {
      description:
        'Restarts of one container (restartCount) from which it counts as restarting, when its last restart is recent.',
      default: 3,
      minimum: 1,
      integer: true,
    },
    recentHours: {
      description:
        'A container’s last termination counts as recent when it ended less than this many hours ago.',
      default: 24,
      minimum: 1,
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts',
    'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/',
  ],
  evaluate({ cluster, workload, params }) {
    if (workload.specReplicas === 0) return scaledToZero(workload, cluster);
    const missing = notEvaluable(cluster, 'pods');
    if (missing) return missing;
    // Pod manifests in a scan (an example Pod) are desired state: they have no containers running.
    if (cluster.snapshot.mode === 'manifests')
      return {
        status: 'skipped',
        message:
          'Container restarts are cluster state, not part of plain manifests',
      };

    const pods = cluster.podsOf(workload).filter(podIsActive);
    if (pods.length === 0)
      return {
        status: 'skipped',
        message: `${describeObject(
          workload,
        )} has no running pods to judge (replicas-available judges missing replicas)`,
      };

    const now = cluster.now.getTime();
    const recentMs = params.recentHours * 3_600_000;
    const troubled: ContainerTrouble[] = [];
    let judged = 0;
    let stuckPods = 0;
    for (const pod of pods) {
      const statuses = containerStatusesOf(pod);
      if (!statuses) continue;
      judged++;
      let podTrouble: ContainerTrouble | undefined;
      for (const status of statuses) {
        const restarts =
          typeof status?.restartCount === 'number' ? status.restartCount : 0;
        const waiting = status?.state?.waiting?.reason;
        const stuck =
          typeof waiting === 'string' && STUCK_REASONS.has(waiting)
            ? waiting
            : undefined;
        const { reason, finishedAt } = lastExitOf(status);
        const restartedRecently =
          restarts >= params.minRestarts &&
          finishedAt !== undefined &&
          now - finishedAt < recentMs;
        if (!stuck && !restartedRecently) continue;
        const trouble: ContainerTrouble = {
          pod: pod.metadata.name,
          container: String(status?.name ?? '?'),
          ...(stuck ? { stuck } : {}),
          restarts,
          ...(reason !== undefined ? { lastExit: reason } : {}),
          ...(finishedAt !== undefined
            ? { lastExitAgo: Math.max(0, (now - finishedAt) / 1000) }
            : {}),
        };
        // A pod is listed once, by its worst container: a stuck one before a restarting one.
        if (!podTrouble || (stuck && !podTrouble.stuck)) podTrouble = trouble;
      }
      if (podTrouble) {
        troubled.push(podTrouble);
        if (podTrouble.stuck) stuckPods++;
      }
    }

    if (judged === 0)
      return {
        status: 'unknown',
        message: `None of the ${plural(pods.length, 'pod')} of ${describeObject(
          workload,
        )} reports container statuses: restarts cannot be judged`,
      };
    const evidence = {
      pods: judged,
      minRestarts: params.minRestarts,
      recentHours: params.recentHours,
      troubled,
    };
    if (troubled.length === 0)
      return {
        status: 'pass',
        message: `No container of its ${plural(
          judged,
          'pod',
        )} is stuck or restarted ${params.minRestarts}+ times in the last ${
          params.recentHours
        }h`,
        evidence,
      };

    const remediation = remediationFor(troubled);
    const outcome: CheckOutcome = {
      status: stuckPods === judged ? 'fail' : 'warn',
      message:
        stuckPods === judged
          ? `${
              judged === 1 ? 'Its only pod is' : `All ${judged} pods are`
            } stuck: ${describePods(troubled)}: no replica can serve`
          : `${troubled.length} of ${plural(
              judged,
              'pod',
            )} crash-looping or restarting: ${describePods(
              troubled,
            )}: each restart takes a replica out of service`,
      evidence,
      ...(remediation ? { remediation } : {}),
    };
    return outcome;
  },
};
