import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { conditionOf, describeObject, notEvaluable } from '../util';
import { HPA_KEY, REPLICATED_KINDS, countOf, scaledToZero } from '../workloads';

/** What the HPA controller last reported, as evidence. */
function hpaEvidence(
  hpa: K8sObject,
  minReplicas: number,
  maxReplicas: number,
  current: number | undefined,
): Record<string, unknown> {
  const desired = countOf(hpa.status?.desiredReplicas);
  return {
    hpa: hpa.metadata.name,
    minReplicas,
    maxReplicas,
    ...(current !== undefined ? { currentReplicas: current } : {}),
    ...(desired !== undefined ? { desiredReplicas: desired } : {}),
  };
}

/** A condition as "Reason: message", for the verdict's message. */
function describeCondition(condition: Record<string, any>): string {
  const reason =
    typeof condition.reason === 'string' ? condition.reason : 'no reason';
  return typeof condition.message === 'string' && condition.message
    ? `${reason}: ${condition.message}`
    : reason;
}

export const hpaHeadroom: WorkloadCheck = {
  id: 'hpa-headroom',
  title: 'HPA can still add replicas',
  category: 'replicas',
  severity: 'medium',
  scope: 'workload',
  appliesTo: REPLICATED_KINDS,
  rationale:
    'An HPA running at its maxReplicas cannot add a replica when load grows, or when a node or zone fails and its load moves onto the surviving replicas; ' +
    'an HPA that cannot read its metrics (condition ScalingActive False) or update its target (AbleToScale False) does not scale at all. Either way the workload lacks the headroom its autoscaling promises. ' +
    'The verdict comes from the HPA status, which a manifests scan does not have; an HPA pinned by minReplicas = maxReplicas is a fixed size, judged by replicas-min-floor.',
  remediation:
    'Raise maxReplicas of the HPA (and make sure the nodes have room for the extra replicas), or make each replica handle more load.',
  references: [
    'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#appendix-horizontal-pod-autoscaler-status-conditions',
    'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#how-does-a-horizontalpodautoscaler-work',
  ],
  evaluate({ cluster, workload }): CheckOutcome {
    if (workload.specReplicas === 0) return scaledToZero(workload, cluster);
    const missing = notEvaluable(cluster, HPA_KEY);
    if (missing) return missing;
    const hpa = cluster.hpaFor(workload);
    if (!hpa) {
      return {
        status: 'skipped',
        message: `No HPA targets ${describeObject(workload)}`,
      };
    }
    const name = describeObject(hpa, 'HPA');
    if (cluster.snapshot.mode === 'manifests') {
      return {
        status: 'skipped',
        message: `A manifests scan has no HPA status: whether ${name} has room to scale up needs a live cluster or a dump`,
      };
    }
    const maxReplicas = countOf(hpa.spec?.maxReplicas);
    if (maxReplicas === undefined || maxReplicas < 1) {
      return {
        status: 'unknown',
        message: `${name} has no valid spec.maxReplicas (${JSON.stringify(
          hpa.spec?.maxReplicas ?? null,
        )})`,
      };
    }
    const minReplicas = countOf(hpa.spec?.minReplicas) ?? 1;
    const current = countOf(hpa.status?.currentReplicas);
    const evidence = hpaEvidence(hpa, minReplicas, maxReplicas, current);

    // The controller's own view first: an HPA that cannot scale at all is worse than a full one.
    const able = conditionOf(hpa, 'AbleToScale');
    if (able?.status === 'False') {
      return {
        status: 'warn',
        message: `${name} cannot change the replicas of its target (AbleToScale False, ${describeCondition(
          able,
        )})`,
        remediation:
          "Find why the HPA controller cannot read or update the target's scale subresource (`kubectl describe hpa`): a wrong scaleTargetRef, or an admission webhook or quota rejecting the update.",
        evidence: { ...evidence, ableToScale: describeCondition(able) },
      };
    }
    const active = conditionOf(hpa, 'ScalingActive');
    if (active?.status === 'False') {
      return {
        status: 'warn',
        message: `${name} cannot compute a replica count, so it does not scale (ScalingActive False, ${describeCondition(
          active,
        )})`,
        remediation:
          'Make the HPA able to read its metrics: `kubectl describe hpa` names the failing metric; check metrics-server or the custom metrics adapter, and that the containers set the resource requests a utilization target needs.',
        evidence: { ...evidence, scalingActive: describeCondition(active) },
      };
    }
    const limited = conditionOf(hpa, 'ScalingLimited');
    if (limited?.status === 'True' && limited.reason === 'TooManyReplicas') {
      return {
        status: 'warn',
        message: `${name} wants more replicas than its maxReplicas ${maxReplicas} allows${
          current !== undefined ? ` (running ${current})` : ''
        }: no headroom left for more load or a lost zone`,
        // desiredReplicas is capped at maxReplicas: the condition is what says it wants more.
        evidence: { ...evidence, scalingLimited: describeCondition(limited) },
      };
    }
    if (current === undefined) {
      return {
        status: 'unknown',
        message: `${name} reports no status.currentReplicas yet: whether it has room to scale up is not known`,
        evidence,
      };
    }
    if (minReplicas >= maxReplicas) {
      return {
        status: 'pass',
        message: `${name} pins the workload at ${maxReplicas} replicas (minReplicas = maxReplicas): a fixed size, not autoscaling`,
        evidence,
      };
    }
    if (current >= maxReplicas) {
      return {
        status: 'warn',
        message: `${name} runs at its maxReplicas ${maxReplicas}: it cannot add a replica for more load or to replace a lost zone`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `${name} runs ${current} of at most ${maxReplicas} replicas`,
      evidence,
    };
  },
};
