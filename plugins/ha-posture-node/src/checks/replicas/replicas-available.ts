import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { ClusterView, Workload } from '../../model/view';
import { describeWorkload } from '../util';
import {
  FLOORED_KINDS,
  describeFloorSource,
  rolloutInProgress,
  scaledToZero,
} from '../workloads';
import { activeReadyPods } from './readyPods';
import { replicaFloorOf, trustedFloorOf } from './replicaFloors';

/**
 * An Operated workload has no status the engine reads (its custom resource is not read): its Ready
 * pods against the pods it runs (those not terminal, its floor).
 */
function operatedAvailability(
  cluster: ClusterView,
  workload: Workload,
): CheckOutcome {
  const floor = replicaFloorOf(cluster, workload);
  const ready = activeReadyPods(cluster, workload).length;
  const counts = `${ready} of ${floor.floor} pods Ready (${describeFloorSource(
    floor,
    workload,
  )})`;
  const evidence = {
    available: ready,
    desired: floor.floor,
    floor: floor.floor,
    floorSource: floor.source,
    readyPods: ready,
  };
  if (floor.floor === 0)
    return {
      status: 'skipped',
      message: `${describeWorkload(
        workload,
      )} runs no pod that is not terminal: nothing to judge (see replicas-min-floor)`,
      evidence,
    };
  if (ready >= floor.floor)
    return { status: 'pass', message: counts, evidence };
  if (ready === 0)
    return {
      status: 'fail',
      message: `No pod is Ready: ${counts}`,
      evidence,
    };
  return {
    status: ready < 2 ? 'fail' : 'warn',
    message: `Not every pod is Ready: ${counts}`,
    evidence,
  };
}

export const replicasAvailable: WorkloadCheck = {
  id: 'replicas-available',
  title: 'Replicas are available',
  category: 'replicas',
  severity: 'high',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'A replica floor only protects a service when those replicas actually run and pass their readiness checks. ' +
    'Unavailable replicas (crash loops, Pending pods, failing probes) silently eat the redundancy.',
  remediation:
    'Find out why pods are not available: `kubectl describe` the Pending or not-ready pods (scheduling, image pulls, probes, crash loops) and fix the cause.',
  references: [
    'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status',
    'https://kubernetes.io/docs/tasks/debug/debug-application/debug-pods/',
  ],
  evaluate({ cluster, workload }) {
    if (workload.specReplicas === 0) return scaledToZero(workload, cluster);
    if (workload.kind === 'Operated')
      return operatedAvailability(cluster, workload);
    if (cluster.snapshot.mode === 'manifests') {
      return {
        status: 'skipped',
        message:
          'A manifests scan has no workload status: availability needs a live cluster or a dump',
      };
    }
    const status = workload.object.status;
    if (!status || typeof status !== 'object') {
      return {
        status: 'unknown',
        message: `${describeWorkload(workload)} has no status recorded`,
      };
    }
    const { floor, outcome } = trustedFloorOf(cluster, workload);
    if (outcome) return outcome;

    // The API omits zero counts, so a missing count means none; StatefulSets before 1.22 report readyReplicas only.
    const reported =
      typeof status.availableReplicas === 'number' ||
      workload.kind !== 'StatefulSet'
        ? status.availableReplicas
        : status.readyReplicas;
    const available = typeof reported === 'number' ? reported : 0;
    const desired = workload.specReplicas ?? 1;
    const readyPods =
      cluster.fetchState('pods').status === 'ok'
        ? activeReadyPods(cluster, workload).length
        : undefined;
    const rollout = rolloutInProgress(workload);
    const evidence = {
      available,
      desired,
      floor: floor.floor,
      floorSource: floor.source,
      ...(readyPods !== undefined ? { readyPods } : {}),
      ...(rollout ? { rolloutInProgress: rollout } : {}),
    };
    const counts = `${available} of ${desired} replicas available (floor ${
      floor.floor
    }, ${describeFloorSource(floor, workload)})`;
    const rolloutNote = rollout
      ? `; a rollout is in progress (${rollout})`
      : '';

    if (available >= floor.floor) {
      return { status: 'pass', message: `${counts}${rolloutNote}`, evidence };
    }
    if (available === 0) {
      return {
        status: 'fail',
        message: `No replica is available: ${counts}${rolloutNote}`,
        evidence,
      };
    }
    // Down to a single replica while the floor promises more: one more failure is an outage.
    return {
      status: available < 2 ? 'fail' : 'warn',
      message: `Below its floor: ${counts}${rolloutNote}`,
      evidence,
    };
  },
};
