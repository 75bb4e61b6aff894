/**
 * Whether the cluster can add nodes when a failure leaves too little room: a cluster-autoscaler
 * Deployment (self-hosted, or OpenShift's cluster-autoscaler-default) or Karpenter NodePools (also
 * EKS Auto Mode's and AKS node auto-provisioning's), and what cannot be seen from the API. Each
 * cluster autoscaler's own status report (where its flags put it, kube-system/cluster-autoscaler-status
 * by default and for AKS's hosted one) tells whether any of its node groups can still grow.
 */
import {
  clusterAutoscalerDeployments,
  DEFAULT_STATUS_CONFIGMAP,
  DEFAULT_STATUS_NAMESPACE,
  statusReportLocation,
  STATUS_DATA_KEY,
  maxNodesTotal,
} from '../../model/clusterAutoscaler';
import { objectFetchState } from '../../model/objectStates';
import { RESOURCE_TYPES_BY_KEY } from '../../model/resources';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { perCluster } from '../util';
import {
  AutoscalerStatusJudgment,
  judgeAutoscalerStatus,
  parseAutoscalerStatus,
} from './autoscalerStatus';
import { parseQuantity } from './quantity';
import { nodeGroupZones, nodePoolZoneScope, ZoneScope } from './nodeGroupZones';

/** Per-object fetch states of ConfigMaps in this namespace are keyed by name alone (objectStateKey). */
const CONFIGMAPS_NAMESPACE = RESOURCE_TYPES_BY_KEY.get('configmaps')?.namespace;

/** Something that can add nodes now, and where. */
export interface GrowableAutoscaler {
  /** For messages: `cluster-autoscaler kube-system/cluster-autoscaler`, `Karpenter NodePool default`. */
  name: string;
  /** The zones it adds nodes in; undefined when that cannot be told (it may add them anywhere). */
  zones?: ZoneScope;
  /** The node groups of cluster-autoscaler's report that can grow, when the report was read and `name` does not list them. */
  nodeGroups?: string[];
}

export interface NodeAutoscaling {
  /** What can add nodes, with the zones it adds them in. */
  growable: GrowableAutoscaler[];
  /** Karpenter NodePools that cannot grow, with the reason: a limit used up, or not Ready. */
  blocked: string[];
  /** Why an autoscaler may exist although none is seen (hosted by the provider, NodePools unreadable). */
  possiblyUnseen?: string;
  /**
   * Why cluster-autoscaler cannot add a node, from its status report: per node group (at its
   * maximum, in scale-up backoff, unhealthy) or cluster-wide. Its Deployment is then not among
   * `growable`.
   */
  clusterAutoscalerBlocked?: string[];
  /** Why a status report was not used (unreadable, stale, initializing, malformed, not written). */
  statusNotUsed?: string;
}

/** The status report read when no cluster-autoscaler Deployment is seen: AKS's hosted autoscaler writes it. */
const HOSTED_REPORT = {
  namespace: DEFAULT_STATUS_NAMESPACE,
  name: DEFAULT_STATUS_CONFIGMAP,
};

/** The judgment of the status report at `namespace/name`; undefined when there is none. */
function statusJudgment(
  cluster: ClusterView,
  report: { namespace: string; name: string },
): AutoscalerStatusJudgment | undefined {
  const ref = `${report.namespace}/${report.name}`;
  const objectState = objectFetchState(
    cluster.fetchState('configmaps'),
    CONFIGMAPS_NAMESPACE,
    report.namespace,
    report.name,
  );
  if (objectState.status !== 'ok' && objectState.status !== 'not-installed')
    return {
      verdict: 'unusable',
      reason: `${ref} could not be read (${objectState.status}${
        objectState.message ? `: ${objectState.message}` : ''
      })`,
    };
  const configMap = cluster.get('configmaps', report.namespace, report.name);
  if (!configMap) return undefined;
  const parsed = parseAutoscalerStatus(configMap.data?.[STATUS_DATA_KEY]);
  if ('problem' in parsed)
    return {
      verdict: 'unusable',
      reason: `${ref} is malformed: ${parsed.problem}`,
    };
  const judgment = judgeAutoscalerStatus(parsed.report, cluster.now);
  return judgment.verdict === 'unusable'
    ? { ...judgment, reason: `${ref}: ${judgment.reason}` }
    : judgment;
}

/** The cluster-autoscaler Deployments, or none when Deployments could not be read. */
function autoscalerDeployments(cluster: ClusterView): K8sObject[] {
  return cluster.fetchState('deployments.apps').status === 'ok'
    ? clusterAutoscalerDeployments(cluster.list('deployments.apps'))
    : [];
}

/** What the cluster-autoscalers add: those that can grow, and why others cannot or were not judged. */
interface ClusterAutoscalerFindings {
  growable: GrowableAutoscaler[];
  blocked: string[];
  notUsed: string[];
}

/**
 * Where the node groups that can grow add nodes: the zones of their nodes, unknown when one group's
 * are. Not told on GKE: its node auto-provisioning may create node pools in other zones, which no
 * report lists.
 */
function groupsZoneScope(
  cluster: ClusterView,
  groups: string[],
): { zones?: ZoneScope } {
  if (cluster.flavor === 'gke') return {};
  const nodes = cluster.list('nodes');
  const zoneOf = (node: K8sObject) => cluster.zoneOfNode(node.metadata.name);
  const zones = new Set<string>();
  for (const group of groups) {
    const groupZones = nodeGroupZones(group, nodes, zoneOf);
    if (!groupZones) return {};
    groupZones.forEach(zone => zones.add(zone));
  }
  return { zones: { only: [...zones].sort() } };
}

/**
 * Each cluster-autoscaler Deployment judged by its own status report: a running one counts as able
 * to grow unless its report says none of its node groups can (a report that is absent, unreadable,
 * stale, malformed or not written keeps that fallback, with the reason). One scaled to
 * zero adds nothing, but its last report still tells why. Without any Deployment, the report in
 * kube-system is the hosted autoscaler's (AKS).
 */
function clusterAutoscalerFindings(
  cluster: ClusterView,
): ClusterAutoscalerFindings {
  const findings: ClusterAutoscalerFindings = {
    growable: [],
    blocked: [],
    notUsed: [],
  };
  const deployments = autoscalerDeployments(cluster);
  if (deployments.length === 0) {
    const status = statusJudgment(cluster, HOSTED_REPORT);
    if (status?.verdict === 'blocked') findings.blocked.push(...status.reasons);
    if (status?.verdict === 'unusable') findings.notUsed.push(status.reason);
    if (status?.verdict === 'can-grow')
      // Its name lists the node groups already.
      findings.growable.push({
        name: `cluster-autoscaler (${HOSTED_REPORT.namespace}/${
          HOSTED_REPORT.name
        }: node groups ${status.groups.join(', ')} can grow)`,
        ...groupsZoneScope(cluster, status.groups),
      });
    return findings;
  }
  for (const deployment of deployments) {
    const name = `cluster-autoscaler ${deployment.metadata.namespace}/${deployment.metadata.name}`;
    const running = Number(deployment.status?.readyReplicas ?? 0) > 0;
    const location = statusReportLocation(deployment);
    let status: AutoscalerStatusJudgment | undefined;
    if (location?.written) {
      status = statusJudgment(cluster, location);
      // A running autoscaler rewrites its report every scan: none means it cannot write it (RBAC),
      // is not working, or the dump left the ConfigMap out. Counted as able to grow all the same.
      if (!status && running)
        findings.notUsed.push(
          `${name} runs, but its report ${location.namespace}/${location.name} was not found`,
        );
    } else if (location && running)
      findings.notUsed.push(
        `${name} writes no status report to read (${location.reason})`,
      );
    const limit = maxNodesTotal(deployment);
    const nodes = cluster.list('nodes').length;
    if (status?.verdict === 'blocked') findings.blocked.push(...status.reasons);
    else if (running && limit !== undefined && nodes >= limit)
      findings.blocked.push(
        `${name} runs with --max-nodes-total=${limit} and the cluster has ${nodes} nodes (it adds none beyond that)`,
      );
    else if (running)
      findings.growable.push(
        status?.verdict === 'can-grow'
          ? {
              name,
              nodeGroups: status.groups,
              ...groupsZoneScope(cluster, status.groups),
            }
          : { name },
      );
    if (status?.verdict === 'unusable') findings.notUsed.push(status.reason);
  }
  return findings;
}

/**
 * Why a NodePool cannot add a node, if it cannot: a limit used up (Karpenter subtracts what the
 * pool has provisioned, none when its status says nothing, from each limit), or its Ready
 * condition False.
 */
function nodePoolBlocked(pool: K8sObject): string | undefined {
  const conditions = Array.isArray(pool.status?.conditions)
    ? pool.status.conditions
    : [];
  const ready = conditions.find((c: any) => c?.type === 'Ready');
  if (ready?.status === 'False')
    return `${pool.metadata.name} (not Ready${
      ready.reason ? `: ${ready.reason}` : ''
    })`;
  const limits = pool.spec?.limits ?? {};
  const used = pool.status?.resources ?? {};
  for (const [name, value] of Object.entries(limits)) {
    const limit = parseQuantity(value);
    const inUse = parseQuantity(used[name] ?? 0);
    if (limit !== undefined && inUse !== undefined && inUse >= limit)
      return `${pool.metadata.name} (${name} limit ${String(value)} used up)`;
  }
  return undefined;
}

/** Nodes Karpenter made (v1 and v1beta1 label them by NodePool, v1alpha5 by Provisioner). */
const KARPENTER_NODE_LABELS = [
  'karpenter.sh/nodepool',
  'karpenter.sh/provisioner-name',
];

/** The node autoscaling of a cluster, computed once per view. */
export const nodeAutoscaling = perCluster(
  (cluster: ClusterView): NodeAutoscaling => {
    const findings = clusterAutoscalerFindings(cluster);
    const { growable } = findings;
    const clusterAutoscalerBlocked =
      findings.blocked.length > 0 ? [...new Set(findings.blocked)] : undefined;
    const statusNotUsed =
      findings.notUsed.length > 0
        ? [...new Set(findings.notUsed)].join('; ')
        : undefined;
    const blocked: string[] = [];
    const pools = cluster.fetchState('nodepools.karpenter.sh');
    let possiblyUnseen: string | undefined;
    if (pools.status === 'ok') {
      for (const pool of cluster.list('nodepools.karpenter.sh')) {
        const reason = nodePoolBlocked(pool);
        if (reason) blocked.push(reason);
        else {
          const zones = nodePoolZoneScope(pool);
          growable.push({
            name: `Karpenter NodePool ${pool.metadata.name}`,
            ...(zones ? { zones } : {}),
          });
        }
      }
    } else if (pools.status !== 'not-installed') {
      possiblyUnseen = `Karpenter NodePools could not be read (${cluster.unavailable(
        'nodepools.karpenter.sh',
      )})`;
    }
    const karpenterNodes = cluster
      .list('nodes')
      .some(n =>
        KARPENTER_NODE_LABELS.some(
          key => n.metadata.labels?.[key] !== undefined,
        ),
      );
    if (karpenterNodes && pools.status !== 'ok')
      growable.push({
        name: 'Karpenter (nodes labelled karpenter.sh/nodepool; its NodePools were not read)',
      });
    if (
      growable.length === 0 &&
      clusterAutoscalerBlocked &&
      cluster.flavor === 'gke'
    )
      possiblyUnseen ??=
        "GKE's node auto-provisioning may create node pools the cluster autoscaler does not report";
    else if (
      growable.length === 0 &&
      blocked.length === 0 &&
      !clusterAutoscalerBlocked &&
      !possiblyUnseen
    ) {
      if (cluster.flavor === 'gke')
        possiblyUnseen =
          "GKE's cluster autoscaler runs in the control plane: whether the node pools autoscale is not visible here";
      else if (cluster.flavor === 'aks')
        possiblyUnseen =
          "AKS's cluster autoscaler runs in the control plane: whether the node pools autoscale is not visible here";
    }
    return {
      growable,
      blocked,
      ...(possiblyUnseen ? { possiblyUnseen } : {}),
      ...(clusterAutoscalerBlocked ? { clusterAutoscalerBlocked } : {}),
      ...(statusNotUsed ? { statusNotUsed } : {}),
    };
  },
);
