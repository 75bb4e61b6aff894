import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { describeObject, notEvaluable, plural } from '../util';
import {
  HPA_KEY,
  REPLICATED_KINDS,
  countOf,
  rollingUpdateBudget,
  scaledToZero,
} from '../workloads';
import { describeNames } from '../wording';
import { QUOTA_KEY, QuotaLimit, quotaRoom } from './quotaRoom';

/** The newest admitted, running pod of the workload (a LimitRange may have filled in its requests); else its template. */
function podShape(cluster: ClusterView, workload: Workload): K8sObject {
  let newest: K8sObject | undefined;
  for (const pod of cluster.podsOf(workload)) {
    if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running')
      continue;
    if (
      !newest ||
      String(pod.metadata.creationTimestamp ?? '') >
        String(newest.metadata.creationTimestamp ?? '')
    )
      newest = pod;
  }
  return (
    newest ?? {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: workload.name },
      spec: workload.podSpec,
    }
  );
}

/** `quota compute (requests.memory: 30Gi of 32Gi used)`. */
function describeLimit(limit: QuotaLimit): string {
  return `ResourceQuota ${limit.quota} (${limit.resource}: ${limit.used} of ${limit.hard} used)`;
}

/** What the workload may need beyond its current pods: the HPA's way up, and a rollout's surge. */
interface Needs {
  hpa?: { name: string; current: number; max: number; more: number };
  /** Surge pods of a rolling update that cannot proceed without them (maxUnavailable 0). */
  surge?: number;
}

function needsOf(cluster: ClusterView, workload: Workload): Needs {
  const needs: Needs = {};
  const hpa =
    cluster.fetchState(HPA_KEY).status === 'ok'
      ? cluster.hpaFor(workload)
      : undefined;
  const max = countOf(hpa?.spec?.maxReplicas);
  if (hpa && max !== undefined) {
    const current =
      countOf(hpa.status?.currentReplicas) ?? workload.specReplicas ?? 1;
    if (max > current)
      needs.hpa = {
        name: hpa.metadata.name,
        current,
        max,
        more: max - current,
      };
  }
  const budget = rollingUpdateBudget(workload, workload.specReplicas ?? 1);
  if (budget && budget.maxUnavailable === 0 && budget.maxSurge > 0)
    needs.surge = budget.maxSurge;
  return needs;
}

export const replicasQuotaHeadroom: WorkloadCheck = {
  id: 'replicas-quota-headroom',
  title: 'Namespace quota leaves room to scale out and roll out',
  category: 'replicas',
  severity: 'medium',
  scope: 'workload',
  appliesTo: REPLICATED_KINDS,
  rationale:
    "A ResourceQuota refuses pods beyond its limits at admission. When the namespace's quota is used up, an HPA cannot add the " +
    'replicas that carry the load a failed node or zone leaves behind, and a rolling update that may not take a pod down first ' +
    '(maxUnavailable 0) cannot start its surge pod and stalls. A quota that tracks CPU or memory also refuses every new pod ' +
    'that does not declare them, replacements included, unless a LimitRange fills them in.',
  remediation:
    "Raise the quota's hard limits (or lower the requests per pod) so that the namespace holds maxReplicas of every HPA plus a " +
    'surge pod per rollout; `kubectl describe resourcequota -n <namespace>` shows what is used. Give every container the ' +
    'requests and limits a quota tracks, or a LimitRange with defaults.',
  references: [
    'https://kubernetes.io/docs/concepts/policy/resource-quotas/',
    'https://kubernetes.io/docs/concepts/policy/resource-quotas/#quota-scopes',
  ],
  evaluate({ cluster, workload }): CheckOutcome {
    if (workload.specReplicas === 0) return scaledToZero(workload, cluster);
    const blocked = notEvaluable(cluster, QUOTA_KEY);
    if (blocked) return blocked;
    if (cluster.snapshot.mode === 'manifests') {
      return {
        status: 'skipped',
        message: 'Quota usage is cluster state, not part of plain manifests.',
      };
    }
    const noQuota = {
      status: 'skipped' as const,
      message: `No ResourceQuota in namespace ${
        workload.namespace
      } limits the pods of ${describeObject(workload)}`,
    };
    // Most namespaces have none: then the pods need not be looked at.
    if (cluster.inNamespace(QUOTA_KEY, workload.namespace).length === 0)
      return noQuota;
    const room = quotaRoom(
      cluster,
      workload.namespace,
      podShape(cluster, workload),
    );
    if (
      room.kind === 'none' ||
      (room.kind === 'limited' && !room.tightest && room.unjudged.length === 0)
    )
      return noQuota;
    if (room.kind === 'unspecified') {
      return {
        status: 'warn',
        message: `ResourceQuota ${room.quota} tracks ${
          room.resource
        }, which the pods of ${describeObject(
          workload,
        )} do not declare: it refuses every new pod, a replacement for a lost node's included, unless a LimitRange in namespace ${
          workload.namespace
        } sets a default`,
        evidence: { quota: room.quota, resource: room.resource },
      };
    }
    return judge(
      workload,
      needsOf(cluster, workload),
      room.tightest,
      room.unjudged,
    );
  },
};

function judge(
  workload: Workload,
  needs: Needs,
  tightest: QuotaLimit | undefined,
  unjudged: string[],
): CheckOutcome {
  const fits = tightest?.pods ?? Infinity;
  const evidence: Record<string, unknown> = {
    ...(tightest
      ? {
          quota: tightest.quota,
          resource: tightest.resource,
          used: tightest.used,
          hard: tightest.hard,
          morePods: tightest.pods,
        }
      : {}),
    ...(needs.hpa ? { hpa: needs.hpa } : {}),
    ...(needs.surge ? { surgePods: needs.surge } : {}),
    ...(unjudged.length ? { unjudgedQuotas: unjudged } : {}),
  };
  const problems: string[] = [];
  if (tightest && needs.hpa && fits < needs.hpa.more)
    problems.push(
      `HPA ${needs.hpa.name} may scale from ${needs.hpa.current} to ${
        needs.hpa.max
      } replicas, but the quota admits ${
        fits === 0 ? 'none' : `only ${fits}`
      } of the ${needs.hpa.more} more`,
    );
  if (tightest && needs.surge && fits === 0)
    problems.push(
      `a rolling update (maxUnavailable 0) cannot start its surge ${
        needs.surge === 1 ? 'pod' : 'pods'
      } and stalls`,
    );
  if (tightest && problems.length > 0) {
    return {
      status: 'warn',
      message: `${describeLimit(tightest)} admits ${
        fits === 0 ? 'no more pods' : `${plural(fits, 'more pod')}`
      }: ${problems.join('; ')}`,
      evidence,
    };
  }
  if (unjudged.length > 0) {
    return {
      status: 'unknown',
      message: `${
        unjudged.length === 1 ? 'ResourceQuota' : 'ResourceQuotas'
      } ${describeNames(unjudged)} in namespace ${
        workload.namespace
      } may count its pods, but ${
        unjudged.length === 1 ? 'its' : 'their'
      } scope or usage cannot be read: whether ${describeObject(
        workload,
      )} can scale out is not known`,
      evidence,
    };
  }
  if (!needs.hpa && !needs.surge) {
    return {
      status: 'skipped',
      message: `${describeObject(
        workload,
      )} needs no room beyond its current pods (no HPA, no rollout surge that must come first)`,
      evidence,
    };
  }
  const wanted = [
    ...(needs.hpa
      ? [`the ${needs.hpa.more} more replicas HPA ${needs.hpa.name} may add`]
      : []),
    ...(needs.surge ? [`a surge of ${plural(needs.surge, 'pod')}`] : []),
  ];
  return {
    status: 'pass',
    message: `${
      tightest
        ? `${describeLimit(tightest)} admits ${plural(fits, 'more pod')}`
        : 'The quotas admit more pods'
    }: room for ${describeNames(wanted)}`,
    evidence,
  };
}
