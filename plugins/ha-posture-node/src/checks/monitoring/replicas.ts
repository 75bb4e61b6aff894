/** Replica judgement of Prometheus Operator objects (Prometheus, Alertmanager), which carry spec.replicas and status.availableReplicas. */
import { CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { objectTarget, plural } from '../util';
import { qualifiedName } from './prometheus';

export interface ReplicaRule {
  kind: string;
  /** Replicas recommended (fewer, but at least `acceptable`: warn). */
  recommended: number;
  /** Replicas below which the object fails. */
  acceptable: number;
  /** Prometheus: replicas are per shard. */
  sharded?: boolean;
  /** What a single replica means, for the fail message. */
  consequence: string;
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function judgeReplicas(
  cluster: ClusterView,
  obj: K8sObject,
  rule: ReplicaRule,
): CheckOutcome {
  const replicas = count(obj.spec?.replicas, 1);
  const shards = rule.sharded ? count(obj.spec?.shards, 1) : 1;
  const available: number | undefined =
    cluster.snapshot.mode === 'manifests'
      ? undefined
      : obj.status?.availableReplicas;
  const target = objectTarget(cluster, obj, rule.kind);
  const name = `${rule.kind} ${qualifiedName(obj)}`;
  const perShard = shards > 1 ? ` per shard (${shards} shards)` : '';
  const evidence = {
    replicas,
    ...(rule.sharded ? { shards } : {}),
    ...(typeof available === 'number' ? { availableReplicas: available } : {}),
  };
  if (replicas === 0)
    return {
      status: 'skipped',
      target,
      message: `${name} is scaled to 0 replicas.`,
      evidence,
    };
  if (replicas < rule.acceptable) {
    return {
      status: 'fail',
      target,
      message: `${name} runs ${plural(replicas, 'replica')}${perShard}: ${
        rule.consequence
      }`,
      evidence,
    };
  }
  if (typeof available === 'number' && available < replicas * shards) {
    return {
      status: 'warn',
      target,
      message: `${name} has only ${available} of ${
        replicas * shards
      } replicas available.`,
      remediation: `Look at the ${rule.kind} pods (Pending, crash-looping) and their StatefulSet events.`,
      evidence,
    };
  }
  if (replicas < rule.recommended) {
    return {
      status: 'warn',
      target,
      message: `${name} runs ${replicas} replicas${perShard}; ${rule.recommended} are recommended.`,
      evidence,
    };
  }
  const availableText =
    typeof available === 'number' ? ` (${available} available)` : '';
  return {
    status: 'pass',
    target,
    message: `${name} runs ${replicas} replicas${perShard}${availableText}.`,
    evidence,
  };
}
