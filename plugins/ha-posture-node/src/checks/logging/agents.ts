/** Log-shipping agents: DaemonSets recognised by their images (rules file, section 7), and the nodes they reach. */
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { hasControlPlaneRole } from '../../engine/flavor';
import { isVirtualNode } from '../../engine/clusterView';
import { virtualKind } from '../nodes/nodeFacts';
import { nodeSelectionAdmits, untoleratedTaints } from '../scheduling';
import { describeObject, longRunningContainers, plural } from '../util';

/** Known agents by image: matched against the image repository's last path segment (or the whole repository). */
const AGENT_IMAGES: Array<{
  product: string;
  matches: (repository: string, lastSegment: string) => boolean;
}> = [
  {
    product: 'Fluent Bit',
    matches: (_, last) =>
      last.includes('fluent-bit') || last.includes('fluentbit'),
  },
  { product: 'Fluentd', matches: (_, last) => last.includes('fluentd') },
  {
    product: 'Vector',
    matches: (_, last) => last === 'vector' || last.startsWith('vector-'),
  },
  { product: 'Promtail', matches: (_, last) => last.includes('promtail') },
  {
    product: 'Grafana Alloy',
    matches: (_, last) => last === 'alloy' || last.startsWith('alloy-'),
  },
  {
    product: 'Grafana Agent',
    matches: repository => repository.endsWith('grafana/agent'),
  },
  { product: 'Filebeat', matches: (_, last) => last.includes('filebeat') },
  {
    product: 'OpenTelemetry Collector',
    matches: (_, last) =>
      last.includes('opentelemetry-collector') || last.startsWith('otelcol'),
  },
  {
    product: 'Azure Monitor (ama-logs)',
    matches: repository =>
      repository.includes('azuremonitor/containerinsights'),
  },
];

/** DaemonSet names of managed agents whose images are not telling (GKE, AKS). */
const AGENT_NAMES: Record<string, string> = {
  'fluentbit-gke': 'GKE logging (fluentbit-gke)',
  'ama-logs': 'Azure Monitor (ama-logs)',
};

/** `cr.fluentbit.io/fluent/fluent-bit:3.0@sha256:…` → `cr.fluentbit.io/fluent/fluent-bit`. */
function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return (
    colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest
  ).toLowerCase();
}

/** The log agent product a pod template runs, if any. */
export function logAgentProduct(
  name: string,
  podSpec: any,
): string | undefined {
  if (AGENT_NAMES[name]) return AGENT_NAMES[name];
  for (const container of longRunningContainers(podSpec)) {
    if (typeof container?.image !== 'string') continue;
    const repository = repositoryOf(container.image);
    const last = repository.slice(repository.lastIndexOf('/') + 1);
    const known = AGENT_IMAGES.find(a => a.matches(repository, last));
    if (known) return known.product;
  }
  return undefined;
}

export interface LogAgent {
  workload: Workload;
  product: string;
}

/** `Fluent Bit (DaemonSet logging/fluent-bit)`. */
export function describeAgent(agent: LogAgent): string {
  return `${agent.product} (${describeObject(agent.workload)})`;
}

/** DaemonSets that ship logs. */
export function logAgents(cluster: ClusterView): LogAgent[] {
  return cluster.workloads().flatMap(workload => {
    if (workload.kind !== 'DaemonSet') return [];
    const product = logAgentProduct(workload.name, workload.podSpec);
    return product ? [{ workload, product }] : [];
  });
}

/** Whether the DaemonSet can place a pod on the node (node selection and taints). */
export function agentReaches(agent: LogAgent, node: K8sObject): boolean {
  return (
    nodeSelectionAdmits(agent.workload.podSpec, node) &&
    untoleratedTaints(agent.workload.podSpec, node, { daemonSet: true })
      .length === 0
  );
}

/** Why no agent reaches the node: the taints none tolerates, or their node selection. */
export function whyUnreached(agents: LogAgent[], node: K8sObject): string {
  const taints = new Set<string>();
  for (const agent of agents) {
    for (const t of untoleratedTaints(agent.workload.podSpec, node, {
      daemonSet: true,
    })) {
      taints.add(`${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
    }
  }
  return taints.size > 0
    ? `taint ${[...taints].join(', ')} not tolerated`
    : "excluded by the agents' nodeSelector or node affinity";
}

/** A control-plane node that runs no ordinary workloads (control-plane role and a NoSchedule/NoExecute taint). */
export function isDedicatedControlPlane(node: K8sObject): boolean {
  const taints = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
  return (
    hasControlPlaneRole(node) &&
    taints.some(
      (t: any) => t?.effect === 'NoSchedule' || t?.effect === 'NoExecute',
    )
  );
}

/** Nodes that produce workload logs: Ready, real (not Fargate/virtual-kubelet), not dedicated control plane. */
export function workloadNodes(cluster: ClusterView): K8sObject[] {
  return cluster
    .list('nodes')
    .filter(
      n =>
        cluster.isNodeReady(n) &&
        !isVirtualNode(n) &&
        !isDedicatedControlPlane(n),
    );
}

/** Ready Fargate and virtual-kubelet nodes: they run pods, but no DaemonSet. */
export function virtualNodes(cluster: ClusterView): K8sObject[] {
  return cluster
    .list('nodes')
    .filter(n => cluster.isNodeReady(n) && isVirtualNode(n));
}

/** `3 Fargate nodes`, `1 virtual-kubelet node`, `3 Fargate or virtual-kubelet nodes`. */
export function describeVirtual(nodes: K8sObject[]): string {
  return plural(nodes.length, `${virtualKind(nodes)} node`);
}
