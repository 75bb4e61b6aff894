/**
 * Whether the cluster can add nodes when a failure leaves too little room: a cluster-autoscaler
 * Deployment (self-hosted, or OpenShift's cluster-autoscaler-default) or Karpenter NodePools (also
 * EKS Auto Mode's and AKS node auto-provisioning's), and what cannot be seen from the API. The
 * cluster autoscaler's own status report (kube-system/cluster-autoscaler-status, also written by
 * AKS's hosted one) tells whether any of its node groups can still grow.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { perCluster } from '../util';
import {
  AutoscalerStatusJudgment,
  judgeAutoscalerStatus,
  parseAutoscalerStatus,
} from './autoscalerStatus';
import { parseQuantity } from './quantity';

export interface NodeAutoscaling {
  /** What can add nodes, for messages: `cluster-autoscaler kube-system/cluster-autoscaler`, `Karpenter NodePool default`. */
  autoscalers: string[];
  /** Karpenter NodePools that cannot grow, with the reason: a limit used up, or not Ready. */
  blocked: string[];
  /** Why an autoscaler may exist although none is seen (hosted by the provider, NodePools unreadable). */
  possiblyUnseen?: string;
  /**
   * Why cluster-autoscaler cannot add a node, from its status report: per node group (at its
   * maximum, in scale-up backoff, unhealthy) or cluster-wide. Its Deployment is then not among
   * `autoscalers`.
   */
  clusterAutoscalerBlocked?: string[];
  /** Why the status report was not used (unreadable, stale, initializing, malformed). */
  statusNotUsed?: string;
}

const STATUS_NAMESPACE = 'kube-system';
const STATUS_CONFIGMAP = 'cluster-autoscaler-status';
const STATUS_REF = `${STATUS_NAMESPACE}/${STATUS_CONFIGMAP}`;

/** The judgment of cluster-autoscaler's status report; undefined when there is none. */
function statusJudgment(
  cluster: ClusterView,
): AutoscalerStatusJudgment | undefined {
  const state = cluster.fetchState('configmaps');
  const objectState = state.objects?.[STATUS_CONFIGMAP] ?? state;
  if (objectState.status !== 'ok' && objectState.status !== 'not-installed')
    return {
      verdict: 'unusable',
      reason: `${STATUS_REF} could not be read (${objectState.status}${
        objectState.message ? `: ${objectState.message}` : ''
      })`,
    };
  const configMap = cluster.get(
    'configmaps',
    STATUS_NAMESPACE,
    STATUS_CONFIGMAP,
  );
  if (!configMap) return undefined;
  const parsed = parseAutoscalerStatus(configMap.data?.status);
  if ('problem' in parsed)
    return {
      verdict: 'unusable',
      reason: `${STATUS_REF} is malformed: ${parsed.problem}`,
    };
  const judgment = judgeAutoscalerStatus(parsed.report, cluster.now);
  return judgment.verdict === 'unusable'
    ? { ...judgment, reason: `${STATUS_REF}: ${judgment.reason}` }
    : judgment;
}

const AUTOSCALER_BINARY = 'cluster-autoscaler';

/** The image's repository path without registry tag or digest: `registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0` → its last segment. */
function imageName(image: unknown): string {
  if (typeof image !== 'string') return '';
  const path = image.split('@')[0];
  const last = path.slice(path.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? last : last.slice(0, colon);
}

/**
 * A container of the Kubernetes cluster autoscaler: its image (chart, manifests, Bitnami) or its
 * command (`./cluster-autoscaler`; OpenShift's image is a digest of its release payload).
 */
function isAutoscalerContainer(container: any): boolean {
  if (imageName(container?.image) === AUTOSCALER_BINARY) return true;
  const command = Array.isArray(container?.command)
    ? container.command[0]
    : undefined;
  return (
    typeof command === 'string' &&
    command.split('/').pop() === AUTOSCALER_BINARY
  );
}

/** cluster-autoscaler Deployments: all of them, and the running ones (at least one ready replica). */
function clusterAutoscalerDeployments(cluster: ClusterView): {
  all: K8sObject[];
  running: string[];
} {
  if (cluster.fetchState('deployments.apps').status !== 'ok')
    return { all: [], running: [] };
  const all = cluster
    .list('deployments.apps')
    .filter(d =>
      (d.spec?.template?.spec?.containers ?? []).some(isAutoscalerContainer),
    );
  return {
    all,
    running: all
      .filter(d => Number(d.status?.readyReplicas ?? 0) > 0)
      .map(
        d => `cluster-autoscaler ${d.metadata.namespace}/${d.metadata.name}`,
      ),
  };
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
    const status = statusJudgment(cluster);
    const deployments = clusterAutoscalerDeployments(cluster);
    let clusterAutoscalerBlocked: string[] | undefined;
    let statusNotUsed: string | undefined;
    const autoscalers: string[] = [];
    if (status?.verdict === 'blocked')
      clusterAutoscalerBlocked = status.reasons;
    else autoscalers.push(...deployments.running);
    if (status?.verdict === 'unusable') statusNotUsed = status.reason;
    // A hosted autoscaler (AKS) has no Deployment to see: its report is what shows it. A Deployment
    // scaled to zero wrote its last report minutes ago at most: it adds nothing now.
    if (status?.verdict === 'can-grow' && deployments.all.length === 0)
      autoscalers.push(
        `cluster-autoscaler (${STATUS_REF}: node groups ${status.groups.join(
          ', ',
        )} can grow)`,
      );
    const blocked: string[] = [];
    const pools = cluster.fetchState('nodepools.karpenter.sh');
    let possiblyUnseen: string | undefined;
    if (pools.status === 'ok') {
      for (const pool of cluster.list('nodepools.karpenter.sh')) {
        const reason = nodePoolBlocked(pool);
        if (reason) blocked.push(reason);
        else autoscalers.push(`Karpenter NodePool ${pool.metadata.name}`);
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
      autoscalers.push(
        'Karpenter (nodes labelled karpenter.sh/nodepool; its NodePools were not read)',
      );
    if (
      autoscalers.length === 0 &&
      clusterAutoscalerBlocked &&
      cluster.flavor === 'gke'
    )
      possiblyUnseen ??=
        "GKE's node auto-provisioning may create node pools the cluster autoscaler does not report";
    else if (
      autoscalers.length === 0 &&
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
      autoscalers,
      blocked,
      ...(possiblyUnseen ? { possiblyUnseen } : {}),
      ...(clusterAutoscalerBlocked ? { clusterAutoscalerBlocked } : {}),
      ...(statusNotUsed ? { statusNotUsed } : {}),
    };
  },
);
