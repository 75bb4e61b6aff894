/**
 * The VictoriaMetrics operator's VMAgent and VMAlertmanager, judged for redundancy like the
 * Prometheus Operator's objects. Their replicas are spec.replicaCount (1 when unset); how many run
 * is read from the workload the operator creates for them, named `vmagent-<name>` or
 * `vmalertmanager-<name>` in their namespace, since their own status says no count the checks can
 * rely on.
 */
import { CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { describeObject, objectTarget, plural } from '../util';
import { countOf } from '../workloads';
import { judgeReplicas, ReplicaRule } from './replicas';

export const VM_KEYS = {
  vmAgents: 'vmagents.operator.victoriametrics.com',
  vmAlertmanagers: 'vmalertmanagers.operator.victoriametrics.com',
} as const;

const WORKLOAD_KEYS = ['deployments.apps', 'statefulsets.apps'] as const;

/** The Deployment or StatefulSet the operator runs the object's pods in. */
function operatedWorkload(
  cluster: ClusterView,
  cr: K8sObject,
  prefix: string,
): K8sObject | undefined {
  const name = `${prefix}-${cr.metadata.name}`;
  for (const key of WORKLOAD_KEYS) {
    const found = cluster.get(key, cr.metadata.namespace, name);
    if (found) return found;
  }
  return undefined;
}

/**
 * The object as judgeReplicas reads one: spec.replicas (and shards) from replicaCount (and
 * shardCount), status.availableReplicas from its workload (none recorded when that is missing).
 */
function asReplicated(
  cluster: ClusterView,
  cr: K8sObject,
  prefix: string,
  sharded: boolean,
): K8sObject {
  const workload = operatedWorkload(cluster, cr, prefix);
  const available = countOf(workload?.status?.availableReplicas);
  return {
    ...cr,
    spec: {
      replicas: countOf(cr.spec?.replicaCount) ?? 1,
      ...(sharded ? { shards: countOf(cr.spec?.shardCount) ?? 1 } : {}),
    },
    status: workload ? { availableReplicas: available ?? 0 } : {},
  };
}

/** A VMAgent running in DaemonSet mode: one vmagent on each node, judged by its DaemonSet's readiness. */
function judgeDaemonSetAgent(
  cluster: ClusterView,
  agent: K8sObject,
): CheckOutcome {
  const label = describeObject(agent, 'VMAgent');
  const target = objectTarget(cluster, agent, 'VMAgent');
  const daemonSet = cluster.get(
    'daemonsets.apps',
    agent.metadata.namespace,
    `vmagent-${agent.metadata.name}`,
  );
  const desired = countOf(daemonSet?.status?.desiredNumberScheduled);
  const ready = countOf(daemonSet?.status?.numberReady);
  if (!daemonSet || desired === undefined || ready === undefined)
    return {
      status: 'unknown',
      message: `${label} runs in DaemonSet mode, but its DaemonSet vmagent-${agent.metadata.name} or its status is not in the snapshot, so whether it scrapes every node is not known.`,
      target,
    };
  if (desired > 0 && ready === desired)
    return {
      status: 'pass',
      message: `${label} runs in DaemonSet mode on every node (${plural(
        ready,
        'ready pod',
      )}), each scraping its own node.`,
      target,
    };
  return {
    status: ready === 0 ? 'fail' : 'warn',
    message: `${label} runs in DaemonSet mode, but only ${ready} of its ${desired} pods are ready: the targets of the other nodes are not scraped.`,
    target,
  };
}

const MISSING_STATUS =
  'no Deployment or StatefulSet of the operator runs it in the snapshot, so how many replicas run is not known.';

/** Each VMAgent's redundancy, for monitoring-prometheus-ha. */
export function judgeVmAgents(
  cluster: ClusterView,
  agents: K8sObject[],
): CheckOutcome[] {
  const rule: ReplicaRule = {
    kind: 'VMAgent',
    recommended: 2,
    acceptable: 2,
    sharded: true,
    consequence:
      'while it restarts or its node drains, nothing is scraped (run 2 replicas with deduplication in the storage).',
    outage: 'nothing is scraped',
    remediation:
      'Set spec.replicaCount: 2 on the VMAgent and deduplicate in VictoriaMetrics (-dedup.minScrapeInterval equal to the scrape interval).',
    missingStatus: MISSING_STATUS,
  };
  return agents.map(agent =>
    agent.spec?.daemonSetMode === true
      ? judgeDaemonSetAgent(cluster, agent)
      : judgeReplicas(
          cluster,
          asReplicated(cluster, agent, 'vmagent', true),
          rule,
        ),
  );
}

/** Each VMAlertmanager's redundancy, for monitoring-alertmanager-ha. */
export function judgeVmAlertmanagers(
  cluster: ClusterView,
  alertmanagers: K8sObject[],
  recommended: number,
): CheckOutcome[] {
  const rule: ReplicaRule = {
    kind: 'VMAlertmanager',
    recommended,
    acceptable: 2,
    consequence:
      'a restart or node failure drops notifications while it is down.',
    outage: 'no alert notification is sent',
    remediation: `Set spec.replicaCount: ${recommended} on the VMAlertmanager, spread across nodes or zones.`,
    missingStatus: MISSING_STATUS,
  };
  return alertmanagers.map(am =>
    judgeReplicas(
      cluster,
      asReplicated(cluster, am, 'vmalertmanager', false),
      rule,
    ),
  );
}
