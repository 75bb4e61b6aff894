/** Where an entity runs: its available replicas per cluster, for the DR checks (rules file, section 8). */
import { CheckOutcome, EntityCheckContext } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { describeWorkload, perCluster, podIsActive, podIsReady } from '../util';

/**
 * Available replicas of a workload from its status (the API omits zero counts, so a missing count
 * means none); undefined when there is no status to read (a manifests scan).
 */
export function availableReplicas(
  cluster: ClusterView,
  workload: Workload,
): number | undefined {
  if (cluster.snapshot.mode === 'manifests') return undefined;
  // An Operated workload's custom resource is not read: its Ready pods are its available replicas.
  if (workload.kind === 'Operated')
    return cluster
      .podsOf(workload)
      .filter(pod => podIsActive(pod) && podIsReady(pod)).length;
  if (workload.kind === 'Pod')
    return podIsActive(workload.object) && podIsReady(workload.object) ? 1 : 0;
  const status = workload.object.status;
  if (!status || typeof status !== 'object') return undefined;
  if (workload.kind === 'DaemonSet')
    return typeof status.numberAvailable === 'number'
      ? status.numberAvailable
      : 0;
  if (typeof status.availableReplicas === 'number')
    return status.availableReplicas;
  // StatefulSets before Kubernetes 1.22 report readyReplicas only.
  return workload.kind === 'StatefulSet' &&
    typeof status.readyReplicas === 'number'
    ? status.readyReplicas
    : 0;
}

/**
 * The replicas a workload is meant to run: spec.replicas (default 1), a DaemonSet's scheduled
 * nodes, 1 for a bare pod, an Operated workload's pods that are not terminal (its floor); undefined
 * when a DaemonSet has no status.
 */
export function desiredReplicas(
  workload: Workload,
  cluster?: ClusterView,
): number | undefined {
  if (workload.kind === 'Pod') return 1;
  if (workload.kind === 'Operated')
    return cluster ? cluster.replicaFloor(workload).floor : undefined;
  if (workload.kind === 'DaemonSet') {
    const desired = workload.object.status?.desiredNumberScheduled;
    if (typeof desired === 'number') return desired;
    return workload.object.status ? 0 : undefined;
  }
  return workload.specReplicas;
}

/** The entity in one cluster. */
export interface ClusterPresence {
  cluster: string;
  region?: string;
  /** Sum of available replicas of the entity's workloads; undefined when not readable. */
  available?: number;
  /** Sum of the replicas its workloads are meant to run; undefined when not readable. */
  desired?: number;
  workloads: string[];
}

/** Shared parameter of the DR checks. */
export const EXCLUDE_CLUSTERS_PARAMETER = {
  description:
    'Names of clusters that do not count for DR (e.g. dev or staging clusters where the entity also runs). ' +
    'Cluster names are never guessed from their names: list them here.',
  default: [] as string[],
};

/** The entity's presence per cluster (clusters in `excluded` left out), sorted by cluster name. */
function presenceByCluster(
  ctx: EntityCheckContext,
  excluded: string[],
): ClusterPresence[] {
  const byCluster = new Map<string, ClusterPresence>();
  for (const { cluster, workload } of ctx.workloads) {
    if (excluded.includes(cluster.name)) continue;
    const entry = byCluster.get(cluster.name) ?? {
      cluster: cluster.name,
      ...(cluster.region ? { region: cluster.region } : {}),
      available: 0,
      desired: 0,
      workloads: [],
    };
    const available = availableReplicas(cluster, workload);
    entry.available =
      available === undefined || entry.available === undefined
        ? undefined
        : entry.available + available;
    const desired = desiredReplicas(workload, cluster);
    entry.desired =
      desired === undefined || entry.desired === undefined
        ? undefined
        : entry.desired + desired;
    entry.workloads.push(describeWorkload(workload));
    byCluster.set(cluster.name, entry);
  }
  return [...byCluster.values()].sort((a, b) =>
    a.cluster.localeCompare(b.cluster),
  );
}

/** `prod-east (us-east-1, 3 available)`. */
export function describePresence(p: ClusterPresence): string {
  const facts = [
    p.region,
    p.available === undefined
      ? 'availability unknown'
      : `${p.available} available`,
  ].filter(Boolean);
  return `${p.cluster} (${facts.join(', ')})`;
}

/** `west (us-west-2, 0 of 3 available)`: a copy meant to run that has nothing available. */
export function describeDown(p: ClusterPresence): string {
  const facts = [p.region, `0 of ${p.desired} available`].filter(Boolean);
  return `${p.cluster} (${facts.join(', ')})`;
}

/** ` Its copy in west (us-west-2, 0 of 3 available) has no available replica: it is down, not a standby.`, or ''. */
export function describeDownCopies(down: ClusterPresence[]): string {
  if (down.length === 0) return '';
  return ` ${down.length === 1 ? 'Its copy' : 'Its copies'} in ${down
    .map(describeDown)
    .join(', ')} ${
    down.length === 1 ? 'has' : 'have'
  } no available replica: down, not a standby.`;
}

/** How to fix copies that should run but have nothing available. */
export function downRemediation(down: ClusterPresence[]): string {
  return `Find out why nothing is available in ${down
    .map(p => p.cluster)
    .join(
      ', ',
    )} (its pods, their events, the cluster's nodes) and restore it: a second copy only protects the service while it serves.`;
}

export interface PresenceSplit {
  /** Clusters where the entity has ≥ 1 available replica. */
  active: ClusterPresence[];
  /**
   * Clusters where it is deployed deliberately at 0 replicas: a warm standby (rules section 8,
   * "0 replicas in the second cluster").
   */
  standby: ClusterPresence[];
  /** Clusters where it should run (replicas above 0) but has none available: down, not a standby. */
  down: ClusterPresence[];
  /** Clusters whose availability cannot be read. */
  unreadable: ClusterPresence[];
}

function splitPresence(presence: ClusterPresence[]): PresenceSplit {
  const idle = presence.filter(p => p.available === 0);
  return {
    active: presence.filter(p => (p.available ?? 0) >= 1),
    standby: idle.filter(p => p.desired === 0),
    down: idle.filter(p => (p.desired ?? 0) > 0),
    // Nothing available and no telling whether it should run: neither a standby nor down.
    unreadable: presence.filter(
      p =>
        p.available === undefined ||
        (p.available === 0 && p.desired === undefined),
    ),
  };
}

/**
 * The outcome when DR cannot be judged by where the entity runs: no workloads (skipped), no
 * readable availability (skipped: manifests), or nothing available anywhere (fail). Undefined otherwise.
 */
function noActivePresence(
  presence: ClusterPresence[],
  split: PresenceSplit,
): CheckOutcome | undefined {
  if (presence.length === 0) {
    return {
      status: 'skipped',
      message: 'The entity has no workloads in the clusters considered.',
    };
  }
  if (split.active.length > 0) return undefined;
  if (split.unreadable.length > 0) {
    return {
      status: 'skipped',
      message: `Availability in ${split.unreadable
        .map(p => p.cluster)
        .join(
          ', ',
        )} is not readable (no workload status): DR needs cluster state.`,
      evidence: { clusters: presence },
    };
  }
  return {
    status: 'fail',
    message: `The entity has no available replica in any cluster: ${presence
      .map(describePresence)
      .join(', ')}.`,
    evidence: { clusters: presence },
  };
}

/** A configured cluster name that reaches the same physical cluster as another. */
export interface ClusterAlias {
  alias: string;
  sameAs: string;
  reason: string;
}

function uidOf(obj: K8sObject | undefined): string | undefined {
  const uid = obj?.metadata?.uid;
  return typeof uid === 'string' && uid !== '' ? uid : undefined;
}

/** A cluster's identity: its kube-system namespace uid and its nodes' uids (once per cluster). */
const clusterIdentity = perCluster(cluster => ({
  kubeSystem: uidOf(cluster.namespace('kube-system')),
  nodes: new Set(
    cluster
      .list('nodes')
      .map(uidOf)
      .filter((u): u is string => u !== undefined),
  ),
}));

/** sameClusterAliases by cluster names and exclusions, kept on the first cluster: every entity asks. */
const aliasesByClusters = perCluster(() => new Map<string, ClusterAlias[]>());

/**
 * Cluster names that are the same physical cluster as an earlier one (by name): an identical
 * kube-system namespace uid (the usual cluster identity) or a shared node uid (uids are unique per
 * object, and a node belongs to one cluster). Such a cluster registered twice (e.g. once per
 * credential) must not count as a second failure domain. Clusters without readable uids are not
 * compared. The answer is shared (not to be modified).
 */
function sameClusterAliases(
  clusters: ClusterView[],
  excluded: string[],
): ClusterAlias[] {
  const considered = clusters
    .filter(c => !excluded.includes(c.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (considered.length < 2) return [];
  const memo = aliasesByClusters(considered[0]);
  const key = considered.map(c => c.name).join('\n');
  let aliases = memo.get(key);
  if (aliases) return aliases;
  aliases = [];
  const kept: Array<{ name: string; kubeSystem?: string; nodes: Set<string> }> =
    [];
  for (const cluster of considered) {
    const { kubeSystem, nodes } = clusterIdentity(cluster);
    const twin = kept.find(
      k =>
        (kubeSystem !== undefined && k.kubeSystem === kubeSystem) ||
        [...nodes].some(u => k.nodes.has(u)),
    );
    if (twin && twin.name !== cluster.name) {
      const reason =
        kubeSystem !== undefined && twin.kubeSystem === kubeSystem
          ? `identical kube-system namespace uid ${kubeSystem}`
          : `shared node uids ${[...nodes]
              .filter(u => twin.nodes.has(u))
              .slice(0, 3)
              .join(', ')}`;
      aliases.push({ alias: cluster.name, sameAs: twin.name, reason });
    } else if (!twin) {
      kept.push({ name: cluster.name, kubeSystem, nodes });
    }
  }
  memo.set(key, aliases);
  return aliases;
}

/** The outcome with the aliases counted once said in its message and evidence. */
function withAliasesNoted(
  outcome: CheckOutcome,
  aliases: ClusterAlias[],
): CheckOutcome {
  if (aliases.length === 0) return outcome;
  const note = aliases
    .map(
      a =>
        `${a.alias} is the same cluster as ${a.sameAs} (${a.reason}): counted once`,
    )
    .join('; ');
  return {
    ...outcome,
    message: `${outcome.message} Note: ${note}.`,
    evidence: {
      ...(outcome.evidence ?? {}),
      sameClusters: aliases,
    },
  };
}

/**
 * A DR judgement over the entity's presence per cluster, with every cluster that is the same
 * physical cluster as another counted once (such aliases are excluded like configured exclusions,
 * and the outcome names them). `judge` is called only when the entity is active somewhere.
 */
export function judgePresence<P extends { excludeClusters: string[] }>(
  ctx: EntityCheckContext<P>,
  judge: (
    ctx: EntityCheckContext<P>,
    presence: ClusterPresence[],
    split: PresenceSplit,
  ) => CheckOutcome,
): CheckOutcome {
  const aliases = sameClusterAliases(ctx.clusters, ctx.params.excludeClusters);
  const presence = presenceByCluster(ctx, [
    ...ctx.params.excludeClusters,
    ...aliases.map(a => a.alias),
  ]);
  const split = splitPresence(presence);
  return withAliasesNoted(
    noActivePresence(presence, split) ?? judge(ctx, presence, split),
    aliases,
  );
}
