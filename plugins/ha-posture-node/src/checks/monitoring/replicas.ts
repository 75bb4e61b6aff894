/** Replica judgement of Prometheus Operator objects (Prometheus, Alertmanager), which carry spec.replicas and status.availableReplicas, and of objects read as such (victoriaMetrics.ts). */
import { CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { objectTarget, plural } from '../util';
import { countOf } from '../workloads';
import { qualifiedName } from './prometheus';

export interface ReplicaRule {
  kind: string;
  /** What the object is, when its kind does not say it (GKE's managed Alertmanager is a StatefulSet). */
  label?: string;
  /** Remediation of too few replicas, when the check's own does not apply. */
  remediation?: string;
  /** Why no available count is known, when it is not a Prometheus Operator object's missing status. */
  missingStatus?: string;
  /** Replicas recommended (fewer, but at least `acceptable`: warn). */
  recommended: number;
  /** Replicas below which the object fails, configured or available. */
  acceptable: number;
  /** Prometheus: replicas are per shard. */
  sharded?: boolean;
  /** What a single replica means, for the fail message. */
  consequence: string;
  /** What stops while no replica runs, for the fail message. */
  outage: string;
}

function unavailableRemediation(kind: string): string {
  return `Look at the ${kind} pods (Pending, crash-looping) and their StatefulSet events.`;
}

export function judgeReplicas(
  cluster: ClusterView,
  obj: K8sObject,
  rule: ReplicaRule,
): CheckOutcome {
  const replicas = countOf(obj.spec?.replicas) ?? 1;
  const shards = rule.sharded ? countOf(obj.spec?.shards) ?? 1 : 1;
  const desired = replicas * shards;
  // Manifests carry no status by nature: their declared replicas are judged alone.
  const statusExpected = cluster.snapshot.mode !== 'manifests';
  const available = statusExpected
    ? countOf(obj.status?.availableReplicas)
    : undefined;
  const paused = obj.spec?.paused === true;
  const target = objectTarget(cluster, obj, rule.kind);
  const name = rule.label
    ? `${rule.label} (${rule.kind} ${qualifiedName(obj)})`
    : `${rule.kind} ${qualifiedName(obj)}`;
  const perShard = shards > 1 ? ` per shard (${shards} shards)` : '';
  // Each shard scrapes only its share of the targets: one shard short takes only those out.
  const consequence =
    shards > 1
      ? "each shard scrapes only its share of the targets, so while a shard's last replica restarts or its node drains, that shard's targets are not scraped."
      : rule.consequence;
  const evidence = {
    replicas,
    ...(rule.sharded ? { shards } : {}),
    ...(available !== undefined ? { availableReplicas: available } : {}),
    ...(paused ? { paused } : {}),
  };
  // A paused object keeps its pods, but the operator applies no spec change to them.
  const pausedNote = paused
    ? ' It is paused (spec.paused): the Prometheus Operator applies no change to it, so the replicas running may follow an older spec.'
    : '';
  const outcome = (
    status: CheckOutcome['status'],
    message: string,
    remediation?: string,
  ): CheckOutcome => ({
    status,
    target,
    message: `${message}${pausedNote}`,
    ...(remediation ? { remediation } : {}),
    evidence,
  });

  if (replicas === 0)
    return outcome(
      'fail',
      `${name} is scaled to 0 replicas: nothing runs, so ${rule.outage}.`,
    );
  if (available === 0)
    return outcome(
      'fail',
      `${name} has no replica available of the ${desired} it declares: ${rule.outage}.`,
      unavailableRemediation(rule.kind),
    );
  if (replicas < rule.acceptable)
    return outcome(
      'fail',
      `${name} runs ${plural(replicas, 'replica')}${perShard}: ${consequence}`,
      rule.remediation,
    );
  if (statusExpected && available === undefined) {
    const missingStatus =
      rule.missingStatus ??
      `no status.availableReplicas is recorded: the Prometheus Operator has not reconciled it (it is not running, does not watch namespace ${obj.metadata.namespace}, or predates status reporting), so how many replicas run is not known.`;
    const remediation = rule.missingStatus
      ? 'Check that the operator runs and reconciles the object; its logs say why not.'
      : 'Check that the Prometheus Operator runs and watches this namespace; its logs say why an object is not reconciled.';
    const declared = `${name} declares ${replicas} replicas${perShard}`;
    // Too few declared replicas is a finding whatever runs: it is kept, with the missing status.
    return replicas < rule.recommended
      ? outcome(
          'warn',
          `${declared} (${rule.recommended} are recommended), and ${missingStatus}`,
          remediation,
        )
      : outcome('unknown', `${declared}, but ${missingStatus}`, remediation);
  }
  const short = statusExpected
    ? shardsShortOfReplicas(obj, shards, rule.acceptable)
    : [];
  if (short.length > 0) {
    const down = short.some(shard => shard.available === 0);
    return {
      ...outcome(
        'fail',
        `${name} has fewer than ${rule.acceptable} replicas available in ${
          short.length === 1 ? 'shard' : 'shards'
        } ${short
          .map(shard => `${shard.id} (${shard.available} of ${replicas})`)
          .join(', ')}: ${
          down
            ? 'each shard scrapes only its share of the targets, so some targets are not scraped now.'
            : consequence
        }`,
        unavailableRemediation(rule.kind),
      ),
      evidence: { ...evidence, shortShards: short },
    };
  }
  if (available !== undefined && available < rule.acceptable * shards) {
    // With fewer than `acceptable` available per shard on average, some shard surely has fewer.
    const shortShard =
      shards > 1
        ? ` (${shards} shards), so some shard has fewer than ${rule.acceptable}`
        : `, fewer than ${rule.acceptable}`;
    return outcome(
      'fail',
      `${name} has only ${available} of ${desired} replicas available${shortShard}: ${consequence}`,
      unavailableRemediation(rule.kind),
    );
  }
  if (available !== undefined && available < desired)
    return outcome(
      'warn',
      `${name} has only ${available} of ${desired} replicas available.`,
      unavailableRemediation(rule.kind),
    );
  if (replicas < rule.recommended)
    return outcome(
      'warn',
      `${name} runs ${replicas} replicas${perShard}; ${rule.recommended} are recommended.`,
      rule.remediation,
    );
  const availableText =
    available !== undefined ? ` (${available} available)` : '';
  const runs = `${name} runs ${replicas} replicas${perShard}${availableText}.`;
  // On a cluster the operator's StatefulSet is a workload of its own, whose spreading the spread
  // checks judge; a manifests scan has only this object to tell.
  if (!statusExpected && !declaresSpreading(obj))
    return outcome(
      'warn',
      `${runs} Neither spec.affinity (pod anti-affinity) nor spec.topologySpreadConstraints keeps them apart, and the Prometheus Operator adds neither: all of them may run on one node.`,
      `Add required pod anti-affinity on kubernetes.io/hostname (or a topologySpreadConstraint on topology.kubernetes.io/zone) to spec, selecting the ${rule.kind}'s pods.`,
    );
  return outcome('pass', runs);
}

/**
 * The shards whose status.shardStatuses (one entry per shard, in the Prometheus Operator's status) report fewer than
 * `acceptable` available replicas. Empty without shards or without per-shard status (the total
 * is judged then).
 */
function shardsShortOfReplicas(
  obj: K8sObject,
  shards: number,
  acceptable: number,
): Array<{ id: string; available: number }> {
  const statuses = obj.status?.shardStatuses;
  if (shards < 2 || !Array.isArray(statuses)) return [];
  return statuses.flatMap(s => {
    const available = countOf(s?.availableReplicas);
    return available !== undefined && available < acceptable
      ? [{ id: String(s.shardID ?? '?'), available }]
      : [];
  });
}

/** Whether the object asks the operator to keep its pods apart (pod anti-affinity or spread constraints). */
function declaresSpreading(obj: K8sObject): boolean {
  const antiAffinity = obj.spec?.affinity?.podAntiAffinity;
  const hasTerms = (list: unknown) => Array.isArray(list) && list.length > 0;
  return (
    hasTerms(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution) ||
    hasTerms(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution) ||
    hasTerms(obj.spec?.topologySpreadConstraints)
  );
}
