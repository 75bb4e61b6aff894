/** A node agent: a DaemonSet with one pod per eligible node (CNI, CSI, logging, exporters). */
import { Cluster, K8s } from '../lib/cluster';
import { Duration } from '../lib/time';
import { addDaemonSet, Built } from './workloads';

export interface AgentOpts {
  name: string;
  namespace: string;
  /** Selector labels (also on the template and the DaemonSet). */
  selector: Record<string, string>;
  labels?: Record<string, string>;
  podLabels?: Record<string, string>;
  annotations?: Record<string, string>;
  containers: K8s[];
  initContainers?: K8s[];
  hostNetwork?: boolean;
  priorityClassName?: string;
  serviceAccountName?: string;
  tolerations?: K8s[];
  nodeSelector?: Record<string, string>;
  affinity?: K8s;
  volumes?: K8s[];
  nodes: string[];
  created: Duration;
  rolledOut: Duration;
  generation?: number;
  maxUnavailable?: number | string;
  owner?: K8s;
}

export function addAgent(c: Cluster, o: AgentOpts): Built {
  const spec: K8s = { containers: o.containers };
  if (o.initContainers) spec.initContainers = o.initContainers;
  if (o.hostNetwork) spec.hostNetwork = true;
  if (o.priorityClassName) spec.priorityClassName = o.priorityClassName;
  if (o.serviceAccountName) spec.serviceAccountName = o.serviceAccountName;
  if (o.tolerations) spec.tolerations = o.tolerations;
  if (o.nodeSelector) spec.nodeSelector = o.nodeSelector;
  if (o.affinity) spec.affinity = o.affinity;
  if (o.volumes) spec.volumes = o.volumes;
  return addDaemonSet(c, {
    name: o.name,
    namespace: o.namespace,
    labels: { ...o.selector, ...(o.labels ?? {}) },
    annotations: o.annotations,
    selector: { matchLabels: o.selector },
    template: { labels: { ...o.selector, ...(o.podLabels ?? {}) }, spec },
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: o.generation,
    maxUnavailable: o.maxUnavailable,
    owner: o.owner,
  });
}
