/** Replica judgement of Prometheus Operator objects (Prometheus, Alertmanager), which carry spec.replicas and status.availableReplicas. */
import { CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { objectTarget, plural } from '../util';
import { countOf } from '../workloads';
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

export function judgeReplicas(
  cluster: ClusterView,
  obj: K8sObject,
  rule: ReplicaRule,
): CheckOutcome {
  const replicas = countOf(obj.spec?.replicas) ?? 1;
  const shards = rule.sharded ? countOf(obj.spec?.shards) ?? 1 : 1;
  // Manifests carry no status by nature: their declared replicas are judged alone.
  const statusExpected = cluster.snapshot.mode !== 'manifests';
  const available = statusExpected
    ? countOf(obj.status?.availableReplicas)
    : undefined;
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
  if (statusExpected && available === undefined) {
    const missingStatus = `no status.availableReplicas is recorded: the Prometheus Operator has not reconciled it (it is not running, does not watch namespace ${obj.metadata.namespace}, or predates status reporting), so how many replicas run is not known.`;
    const remediation =
      'Check that the Prometheus Operator runs and watches this namespace; its logs say why an object is not reconciled.';
    const declared = `${name} declares ${replicas} replicas${perShard}`;
    // Too few declared replicas is a finding whatever runs: it is kept, with the missing status.
    return replicas < rule.recommended
      ? {
          status: 'warn',
          target,
          message: `${declared} (${rule.recommended} are recommended), and ${missingStatus}`,
          remediation,
          evidence,
        }
      : {
          status: 'unknown',
          target,
          message: `${declared}, but ${missingStatus}`,
          remediation,
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
