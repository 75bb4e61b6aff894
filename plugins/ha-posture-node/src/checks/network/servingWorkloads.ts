/**
 * The pods that carry a cluster's HTTP traffic (ingress controllers, Gateway API data planes,
 * OpenShift routers): where the ready ones run, and whether a drain can evict them all at once.
 */
import { CheckOutcome } from '../../model/checks';
import { HaTarget } from '@ha-posture/plugin-ha-posture-common';
import { ClusterView, Workload } from '../../model/view';
import { describeObject } from '../util';
import { judgeSpread, readySpreadOfPods, SpreadVerdict } from './replicaSpread';

/**
 * `, with a PDB` when a PDB covers every workload's pods, `, with a PDB on <workloads>` when it
 * covers some (the others are DaemonSets, which drains leave alone), nothing when none has one.
 */
export function pdbNote(workloads: Workload[], withPdb: Workload[]): string {
  if (withPdb.length === 0) return '';
  if (withPdb.length === workloads.length) return ', with a PDB';
  return `, with a PDB on ${withPdb.map(w => describeObject(w)).join(', ')}`;
}

export interface ServingVerdict {
  status: SpreadVerdict['status'];
  message: string;
  remediation?: string;
  evidence: Record<string, unknown>;
}

/** Where the ready pods of serving workloads run, the spread verdict, and which workloads a PDB covers. */
export function servingSpread(
  cluster: ClusterView,
  subject: string,
  workloads: Workload[],
  noun: string,
) {
  const spread = readySpreadOfPods(
    cluster,
    workloads.flatMap(w => cluster.podsOf(w)),
  );
  return {
    spread,
    names: workloads.map(w => describeObject(w)),
    verdict: judgeSpread(cluster, subject, spread, { noun, single: 'fail' }),
    withPdb: workloads.filter(w => cluster.pdbsOf(w).length > 0),
  };
}

/**
 * The pods that carry a class's traffic: ≥ 2 ready, spread over nodes (and zones), and a PDB for
 * each workload a drain evicts (not DaemonSets). `servedBy` names them after the subject.
 */
export function judgeServing(
  cluster: ClusterView,
  subject: string,
  servedBy: string,
  workloads: Workload[],
  pdbTarget: string,
): ServingVerdict {
  const { spread, names, verdict, withPdb } = servingSpread(
    cluster,
    `${subject}, served by ${servedBy},`,
    workloads,
    'replica',
  );
  // Drains evict Deployment pods (a PDB keeps one serving) but leave DaemonSet pods alone.
  const withoutPdb = workloads.filter(
    w => w.kind !== 'DaemonSet' && !withPdb.includes(w),
  );
  const evidence = {
    workloads: names,
    ...spread,
    withPdb: withPdb.map(w => describeObject(w)),
    withoutPdb: withoutPdb.map(w => describeObject(w)),
  };
  if (verdict.status === 'pass' && withoutPdb.length > 0) {
    return {
      status: 'warn',
      message: `${
        verdict.message
      }, but no PodDisruptionBudget protects ${withoutPdb
        .map(w => describeObject(w))
        .join(', ')}: a drain can evict all replicas at once`,
      remediation: `Add a PodDisruptionBudget with maxUnavailable: 1 for ${pdbTarget}.`,
      evidence,
    };
  }
  return {
    status: verdict.status,
    message:
      verdict.status === 'pass'
        ? `${verdict.message}${pdbNote(workloads, withPdb)}`
        : verdict.message,
    evidence,
  };
}

/**
 * judgeServing as a check outcome about `target`: the workloads are named after the subject, and
 * `evidence` comes before the spread's.
 */
export function servingOutcome(
  cluster: ClusterView,
  subject: string,
  workloads: Workload[],
  pdbTarget: string,
  target: HaTarget,
  evidence: Record<string, unknown>,
): CheckOutcome {
  const verdict = judgeServing(
    cluster,
    subject,
    workloads.map(w => describeObject(w)).join(', '),
    workloads,
    pdbTarget,
  );
  return {
    status: verdict.status,
    message: verdict.message,
    ...(verdict.remediation ? { remediation: verdict.remediation } : {}),
    target,
    evidence: { ...evidence, ...verdict.evidence },
  };
}
