/**
 * Velero's node-agent: the DaemonSet in Velero's namespace (`restic` up to Velero 1.9; current
 * Velero adds `node-agent-windows` for Windows nodes) whose pods run file-system backups and the
 * built-in data mover. Velero hands a pod's volumes to the node-agent pod on the pod's node, found
 * by its label (`role=node-agent` now, `name=node-agent` before), Running and not being deleted
 * (pkg/podvolume/backupper.go, nodeagent.IsRunningInNode); without one the pod's volume backup
 * errors and the Backup ends PartiallyFailed.
 */
import { ClusterView } from '../../model/view';
import { K8sObject } from '../../model/snapshot';
import { perCluster } from '../util';
import { veleroServerIn } from './veleroServer';

/** The names of the DaemonSets: node-agent (with node-agent-windows in current Velero), or restic before Velero 1.10. */
const NODE_AGENT_DAEMONSETS = ['node-agent', 'node-agent-windows', 'restic'];
/** The `name` label of node-agent pods before Velero labelled them `role=node-agent`. */
const NODE_AGENT_POD_NAMES = ['node-agent', 'restic'];

/** Whether a pod of Velero's namespace is a node-agent pod, by the labels Velero finds it by. */
function isNodeAgentPod(pod: K8sObject): boolean {
  const labels = pod.metadata.labels ?? {};
  return (
    labels.role === 'node-agent' || NODE_AGENT_POD_NAMES.includes(labels.name)
  );
}

export type NodeAgent =
  | {
      kind: 'found';
      /** The first of its DaemonSets (NODE_AGENT_DAEMONSETS) in the snapshot. */
      daemonSet: K8sObject;
      /** Nodes with a Running node-agent pod (isPodRunning); undefined when pods are not known (see podsUnknown). */
      runningOn?: ReadonlySet<string>;
      /** Why its pods cannot be read (undefined in a manifests scan, which has none to read). */
      podsUnknown?: string;
    }
  /** Velero's server is in the snapshot, its node-agent DaemonSet is not. */
  | { kind: 'missing'; namespace: string }
  | { kind: 'unverifiable'; why: string };

/**
 * Velero's IsPodRunning (pkg/util/kube/pod.go): scheduled, phase Running and not being deleted.
 * Velero skips the volumes of workload pods that are not, and node-agent pods that are not do not
 * serve their node.
 */
export function isPodRunning(pod: K8sObject): boolean {
  return (
    pod.status?.phase === 'Running' &&
    typeof pod.spec?.nodeName === 'string' &&
    !pod.metadata.deletionTimestamp
  );
}

const nodeAgents = perCluster(() => new Map<string, NodeAgent>());

/** The node-agent of the Velero server in `namespace`, looked up once per namespace. */
export function nodeAgentIn(
  cluster: ClusterView,
  namespace: string,
): NodeAgent {
  const known = nodeAgents(cluster);
  let agent = known.get(namespace);
  if (!agent) {
    agent = findNodeAgent(cluster, namespace);
    known.set(namespace, agent);
  }
  return agent;
}

function findNodeAgent(cluster: ClusterView, namespace: string): NodeAgent {
  const unreadable = cluster.unavailable('daemonsets.apps');
  if (unreadable)
    return {
      kind: 'unverifiable',
      why: `whether Velero's node-agent runs cannot be read: ${unreadable}`,
    };
  const daemonSet = NODE_AGENT_DAEMONSETS.map(name =>
    cluster.get('daemonsets.apps', namespace, name),
  ).find((d): d is K8sObject => d !== undefined);
  if (!daemonSet)
    return veleroServerIn(cluster, namespace)
      ? { kind: 'missing', namespace }
      : {
          kind: 'unverifiable',
          why: `neither the Velero server nor its node-agent DaemonSet is in the snapshot in namespace ${namespace}`,
        };
  // A manifests scan has no pods: the DaemonSet is all there is to judge.
  if (cluster.snapshot.mode === 'manifests')
    return { kind: 'found', daemonSet };
  const podsUnknown = cluster.unavailable('pods');
  if (podsUnknown) return { kind: 'found', daemonSet, podsUnknown };
  const runningOn = new Set<string>();
  for (const pod of cluster.inNamespace('pods', namespace))
    if (isNodeAgentPod(pod) && isPodRunning(pod))
      runningOn.add(pod.spec.nodeName);
  return { kind: 'found', daemonSet, runningOn };
}
