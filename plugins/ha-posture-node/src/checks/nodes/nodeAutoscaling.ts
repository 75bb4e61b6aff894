/**
 * Whether the cluster can add nodes when a failure leaves too little room: a cluster-autoscaler
 * Deployment (self-hosted, or OpenShift's cluster-autoscaler-default) or Karpenter NodePools (also
 * EKS Auto Mode's and AKS node auto-provisioning's), and what cannot be seen from the API.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { perCluster } from '../util';
import { parseQuantity } from './quantity';

export interface NodeAutoscaling {
  /** What can add nodes, for messages: `cluster-autoscaler kube-system/cluster-autoscaler`, `Karpenter NodePool default`. */
  autoscalers: string[];
  /** Karpenter NodePools that cannot grow, with the reason: a limit used up, or not Ready. */
  blocked: string[];
  /** Why an autoscaler may exist although none is seen (hosted by the provider, NodePools unreadable). */
  possiblyUnseen?: string;
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

/** Running cluster-autoscaler Deployments (at least one ready replica). */
function runningClusterAutoscalers(cluster: ClusterView): string[] {
  if (cluster.fetchState('deployments.apps').status !== 'ok') return [];
  return cluster
    .list('deployments.apps')
    .filter(
      d =>
        Number(d.status?.readyReplicas ?? 0) > 0 &&
        (d.spec?.template?.spec?.containers ?? []).some(isAutoscalerContainer),
    )
    .map(d => `cluster-autoscaler ${d.metadata.namespace}/${d.metadata.name}`);
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
    const autoscalers = runningClusterAutoscalers(cluster);
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
    if (autoscalers.length === 0 && blocked.length === 0 && !possiblyUnseen) {
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
    };
  },
);
