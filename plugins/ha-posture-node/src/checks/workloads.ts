/** Workload facts shared by the replicas, spread, disruption and health checks. */
import { CheckOutcome } from '../model/checks';
import { matchesServiceSelector } from '../engine/labels';
import { K8sObject } from '../model/snapshot';
import {
  ClusterView,
  ReplicaFloor,
  Workload,
  WorkloadKind,
} from '../model/view';
import {
  describeWorkload,
  intOrPercent,
  intOrPercentProblem,
  isSet,
  notEvaluable,
  perCluster,
  plural,
} from './util';

/** Kinds with a replica count (and so a replica floor an HPA may set). */
export const REPLICATED_KINDS: WorkloadKind[] = [
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'Rollout',
];

/**
 * Kinds whose replica floor the replicas, spread and disruption checks judge: the replicated kinds,
 * and Operated workloads (the pods one custom resource controls; floor counted from its pods).
 */
export const FLOORED_KINDS: WorkloadKind[] = [...REPLICATED_KINDS, 'Operated'];

/** Resource key of HorizontalPodAutoscalers, which set replica floors. */
export const HPA_KEY = 'horizontalpodautoscalers.autoscaling';

function kedaOwnerOf(hpa: K8sObject): string | undefined {
  const refs = hpa.metadata.ownerReferences;
  const owner = Array.isArray(refs)
    ? refs.find(
        r =>
          r?.kind === 'ScaledObject' &&
          typeof r.apiVersion === 'string' &&
          r.apiVersion.startsWith('keda.sh/'),
      )
    : undefined;
  return owner?.name;
}

/**
 * KEDA's HPA: KEDA creates one per ScaledObject, labelled app.kubernetes.io/managed-by keda-operator
 * and part-of the ScaledObject, with the ScaledObject as its controller (KEDA controllers/keda/hpa.go).
 */
export function isKedaHpa(hpa: K8sObject): boolean {
  if (hpa.metadata.labels?.['app.kubernetes.io/managed-by'] === 'keda-operator')
    return true;
  return kedaOwnerOf(hpa) !== undefined;
}

/** `KEDA ScaledObject api`, or `the KEDA ScaledObject that owns HPA keda-hpa-api` when it is not named. */
export function describeKedaScaledObject(hpa: K8sObject): string {
  const name =
    kedaOwnerOf(hpa) ??
    hpa.metadata.labels?.['scaledobject.keda.sh/name'] ??
    hpa.metadata.labels?.['app.kubernetes.io/part-of'];
  return name
    ? `KEDA ScaledObject ${name}`
    : `the KEDA ScaledObject that owns HPA ${hpa.metadata.name}`;
}

/**
 * The KEDA HPA of a workload KEDA has scaled to zero: spec.replicas 0 under a KEDA-owned HPA means
 * the ScaledObject's minReplicaCount is 0 and KEDA idles the workload between events, not that it is
 * retired (rules W1 caveat: KEDA can set min 0). KEDA's HPA keeps minReplicas 1 while KEDA itself
 * does the 0 ↔ 1 step. Undefined otherwise, or when HPAs could not be read.
 */
export function kedaScaledToZero(
  cluster: ClusterView,
  workload: Workload,
): K8sObject | undefined {
  if (workload.specReplicas !== 0 || !REPLICATED_KINDS.includes(workload.kind))
    return undefined;
  if (cluster.fetchState(HPA_KEY).status !== 'ok') return undefined;
  const hpa = cluster.hpaFor(workload);
  return hpa && isKedaHpa(hpa) ? hpa : undefined;
}

export type TrustedFloor =
  | { floor: ReplicaFloor; outcome?: undefined }
  | { floor?: undefined; outcome: CheckOutcome };

/**
 * The workload's replica floor, or the outcome a floor-dependent check returns instead: `skipped`
 * for a workload scaled to zero (inactive; an HPA does not scale it), `unknown` when HPAs could not
 * be read (an HPA may set the floor, so it is never guessed from spec.replicas).
 */
export function trustedReplicaFloor(
  cluster: ClusterView,
  workload: Workload,
): TrustedFloor {
  if (workload.specReplicas === 0)
    return { outcome: scaledToZero(workload, cluster) };
  if (REPLICATED_KINDS.includes(workload.kind)) {
    const missing = notEvaluable(cluster, HPA_KEY);
    if (missing) {
      return {
        outcome: {
          ...missing,
          message: `Replica floor unknown: ${missing.message} (an HPA could set a floor other than spec.replicas ${workload.specReplicas})`,
        },
      };
    }
  }
  return { floor: cluster.replicaFloor(workload) };
}

/**
 * `HPA web minReplicas 3`, `spec.replicas 3`, `3 pods of Cluster shop/pg (postgresql.cnpg.io;
 * counted from its pods: …)`: where a floor comes from, for messages.
 */
export function describeFloorSource(
  floor: ReplicaFloor,
  workload?: Workload,
): string {
  if (floor.source === 'pods') {
    const what = workload ? describeWorkload(workload) : '';
    const counted =
      "counted from its pods: the operator's resource is not read";
    const of = what.endsWith(')')
      ? ` of ${what.slice(0, -1)}; ${counted})`
      : ` of ${what} (${counted})`;
    return `${plural(floor.floor, 'pod')}${workload ? of : ` (${counted})`}`;
  }
  if (floor.source === 'hpa')
    return `HPA ${floor.hpa?.metadata?.name} minReplicas ${floor.floor}${
      floor.otherHpas
        ? `, the lowest of the HPAs that target it (also ${floor.otherHpas.join(
            ', ',
          )}: several HPAs on one workload fight over its replicas)`
        : ''
    }`;
  if (floor.source === 'daemonset') return `${floor.floor} scheduled nodes`;
  if (floor.source === 'pod') return 'a single bare pod';
  return floor.replicasUnset
    ? `spec.replicas unset, so ${floor.floor}`
    : `spec.replicas ${floor.floor}`;
}

/**
 * The result a floor-dependent check gives a workload scaled to zero: inactive, or idled by KEDA,
 * whose floor of 0 replicas-min-floor judges.
 */
export function scaledToZero(
  workload: Workload,
  cluster: ClusterView,
): CheckOutcome {
  const keda = kedaScaledToZero(cluster, workload);
  if (keda) {
    return {
      status: 'skipped',
      message: `${describeWorkload(
        workload,
      )} is scaled to zero by KEDA while idle (${describeKedaScaledObject(
        keda,
      )}, minReplicaCount 0, through HPA ${
        keda.metadata.name
      }): no pods to judge now; its floor of 0 is judged by replicas-min-floor`,
      evidence: { specReplicas: 0, kedaHpa: keda.metadata.name },
    };
  }
  return {
    status: 'skipped',
    message: `${describeWorkload(
      workload,
    )} is scaled to zero (spec.replicas 0): inactive`,
    evidence: { specReplicas: 0 },
  };
}

const workloadsByNamespace = perCluster(cluster => {
  const index = new Map<string, Workload[]>();
  for (const w of cluster.workloads()) {
    const bucket = index.get(w.namespace);
    if (bucket) bucket.push(w);
    else index.set(w.namespace, [w]);
  }
  return index;
});

/** The workloads of one namespace (indexed once per view, so checks that scan siblings stay linear). */
export function workloadsInNamespace(
  cluster: ClusterView,
  namespace: string,
): Workload[] {
  return workloadsByNamespace(cluster).get(namespace) ?? [];
}

/** The workloads whose pod templates the Service selects (a selector-less Service has none). */
export function workloadsSelectedByService(
  cluster: ClusterView,
  service: K8sObject,
): Workload[] {
  return workloadsInNamespace(
    cluster,
    service.metadata.namespace ?? 'default',
  ).filter(w =>
    matchesServiceSelector(service.spec?.selector, w.templateLabels),
  );
}

/** A numeric status field, or undefined when absent (the API omits zero counts: callers decide what absence means). */
export function countOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

/**
 * Why the workload's pods are in flux (a rollout has not finished), or undefined. Placement and
 * availability judged mid-rollout would blame a transient state.
 */
export function rolloutInProgress(workload: Workload): string | undefined {
  const status = workload.object.status;
  if (!status) return undefined;
  if (workload.kind === 'DaemonSet') {
    const desired = countOf(status.desiredNumberScheduled) ?? 0;
    const updated = countOf(status.updatedNumberScheduled);
    return updated !== undefined && updated < desired
      ? `${updated} of ${desired} pods updated`
      : undefined;
  }
  if (
    !REPLICATED_KINDS.includes(workload.kind) ||
    workload.kind === 'ReplicaSet'
  )
    return undefined;
  if (
    workload.kind === 'StatefulSet' &&
    status.updateRevision &&
    status.currentRevision !== status.updateRevision
  ) {
    return `revision ${status.updateRevision} is still rolling out`;
  }
  const replicas = workload.specReplicas ?? 1;
  const updated = countOf(status.updatedReplicas);
  if (updated !== undefined && updated < replicas)
    return `${updated} of ${replicas} replicas updated`;
  const current = countOf(status.replicas);
  if (current !== undefined && current > replicas)
    return `${current - replicas} old replicas still terminating`;
  return undefined;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isZero = (value: unknown) => value === 0 || value === '0%';

/** Why a rolling-update block (`rollingUpdate`, an Argo `canary`) would be rejected, or undefined. */
function rollingBlockProblem(
  block: unknown,
  path: string,
  rules: {
    /** maxSurge is read (Deployments, canaries, DaemonSets); StatefulSets have none. */
    surge: boolean;
    surgeAbove100: boolean;
    /** Defaults of the two fields, for the "may not both be 0" rule. */
    defaults: { maxUnavailable: unknown; maxSurge: unknown };
    /** StatefulSets: maxUnavailable must be at least 1. */
    unavailableAtLeast1?: boolean;
  },
): string | undefined {
  if (!isSet(block)) return undefined;
  if (!isMap(block)) return `${path} is not an object`;
  const { maxUnavailable, maxSurge } = block;
  if (isSet(maxUnavailable)) {
    const problem = intOrPercentProblem(
      maxUnavailable,
      `${path}.maxUnavailable`,
    );
    if (problem) return problem;
    if (rules.unavailableAtLeast1 && isZero(maxUnavailable))
      return `${path}.maxUnavailable ${JSON.stringify(
        maxUnavailable,
      )} is not valid: it must be at least 1`;
  }
  if (rules.surge && isSet(maxSurge)) {
    const problem = intOrPercentProblem(maxSurge, `${path}.maxSurge`, {
      allowAbove100: rules.surgeAbove100,
    });
    if (problem) return problem;
  }
  if (
    rules.surge &&
    isZero(
      isSet(maxUnavailable) ? maxUnavailable : rules.defaults.maxUnavailable,
    ) &&
    isZero(isSet(maxSurge) ? maxSurge : rules.defaults.maxSurge)
  )
    return `${path}.maxUnavailable and maxSurge are both 0, which is not valid (a rollout could never progress)`;
  return undefined;
}

/** Why a strategy type is not one of the allowed ones (exact case; absent is the default), or undefined. */
function strategyTypeProblem(
  type: unknown,
  path: string,
  allowed: string[],
): string | undefined {
  if (!isSet(type) || allowed.includes(type as string)) return undefined;
  return `${path} ${JSON.stringify(type)} is not valid: it must be ${allowed
    .map(t => `"${t}"`)
    .join(' or ')}`;
}

/**
 * Why the API (or the Argo Rollouts controller) would reject the workload's rollout strategy,
 * naming the field and value, or undefined when it is valid: a known `type` in exact case, and
 * maxUnavailable/maxSurge each an integer from 0 or a percentage (maxUnavailable at most 100%).
 * Checks reading the strategy return `unknown` with this reason rather than guess.
 */
export function rolloutStrategyProblem(workload: Workload): string | undefined {
  const spec = workload.object.spec ?? {};
  if (workload.kind === 'Deployment') {
    const strategy = spec.strategy ?? {};
    const typeProblem = strategyTypeProblem(
      strategy.type,
      'spec.strategy.type',
      ['RollingUpdate', 'Recreate'],
    );
    if (typeProblem) return typeProblem;
    if (strategy.type === 'Recreate')
      return isSet(strategy.rollingUpdate)
        ? 'spec.strategy.rollingUpdate is set with spec.strategy.type "Recreate" (the API rejects it)'
        : undefined;
    return rollingBlockProblem(
      strategy.rollingUpdate,
      'spec.strategy.rollingUpdate',
      {
        surge: true,
        surgeAbove100: true,
        defaults: { maxUnavailable: '25%', maxSurge: '25%' },
      },
    );
  }
  if (workload.kind === 'Rollout') {
    const strategy = spec.strategy ?? {};
    const canary = isSet(strategy.canary);
    const blueGreen = isSet(strategy.blueGreen);
    if (canary === blueGreen)
      return canary
        ? 'spec.strategy sets both canary and blueGreen (Argo Rollouts accepts only one)'
        : 'spec.strategy sets neither canary nor blueGreen (Argo Rollouts needs one)';
    return rollingBlockProblem(strategy.canary, 'spec.strategy.canary', {
      surge: true,
      surgeAbove100: true,
      defaults: { maxUnavailable: '25%', maxSurge: '25%' },
    });
  }
  if (workload.kind === 'StatefulSet' || workload.kind === 'DaemonSet') {
    const strategy = spec.updateStrategy ?? {};
    const typeProblem = strategyTypeProblem(
      strategy.type,
      'spec.updateStrategy.type',
      ['RollingUpdate', 'OnDelete'],
    );
    if (typeProblem) return typeProblem;
    if (strategy.type === 'OnDelete')
      return isSet(strategy.rollingUpdate)
        ? 'spec.updateStrategy.rollingUpdate is set with spec.updateStrategy.type "OnDelete" (the API rejects it)'
        : undefined;
    return workload.kind === 'StatefulSet'
      ? rollingBlockProblem(
          strategy.rollingUpdate,
          'spec.updateStrategy.rollingUpdate',
          {
            surge: false,
            surgeAbove100: false,
            defaults: { maxUnavailable: 1, maxSurge: undefined },
            unavailableAtLeast1: true,
          },
        )
      : rollingBlockProblem(
          strategy.rollingUpdate,
          'spec.updateStrategy.rollingUpdate',
          {
            surge: true,
            surgeAbove100: false,
            defaults: { maxUnavailable: 1, maxSurge: 0 },
          },
        );
  }
  return undefined;
}

/** How many pods a rolling update may add and take down at once, resolved for a replica count. */
export interface RollingUpdateBudget {
  maxSurge: number;
  maxUnavailable: number;
  /** The declared values (undefined = default 25%). */
  declared: { maxSurge: unknown; maxUnavailable: unknown };
}

/**
 * The rolling-update budget of a Deployment (RollingUpdate) or an Argo canary Rollout, resolved the
 * way the controllers do: maxUnavailable (default 25%) rounds down, maxSurge (default 25%) rounds
 * up, and when both come to 0 maxUnavailable becomes 1. Undefined for Recreate, blue-green and other kinds.
 */
export function rollingUpdateBudget(
  workload: Workload,
  replicas: number,
): RollingUpdateBudget | undefined {
  const spec = workload.object.spec ?? {};
  let declared: { maxSurge?: unknown; maxUnavailable?: unknown } | undefined;
  if (workload.kind === 'Deployment' && spec.strategy?.type !== 'Recreate')
    declared = spec.strategy?.rollingUpdate ?? {};
  if (workload.kind === 'Rollout' && spec.strategy?.canary)
    declared = spec.strategy.canary;
  if (!declared) return undefined;
  const maxSurge =
    intOrPercent(declared.maxSurge ?? '25%', replicas, true) ??
    intOrPercent('25%', replicas, true)!;
  let maxUnavailable =
    intOrPercent(declared.maxUnavailable ?? '25%', replicas, false) ??
    intOrPercent('25%', replicas, false)!;
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return {
    maxSurge,
    maxUnavailable,
    declared: {
      maxSurge: declared.maxSurge,
      maxUnavailable: declared.maxUnavailable,
    },
  };
}
