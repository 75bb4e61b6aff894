import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { isVirtualNode } from '../../engine/clusterView';
import {
  downNodesExplainingGap,
  nameList,
  nodesNotEvaluable,
  notReadyPods,
  virtualKind,
} from '../nodes/nodeFacts';
import { conditionStatus, notEvaluable, worstStatus } from '../util';

/** Node agents of the common CNI plugins, by DaemonSet name (any namespace unless given). */
const CNI_DAEMONSETS: Array<{
  name: RegExp;
  plugin: string;
  namespace?: string;
}> = [
  { name: /^calico-node$/, plugin: 'Calico' },
  { name: /^cilium$/, plugin: 'Cilium' },
  { name: /^kube-flannel-ds(-amd64)?$/, plugin: 'Flannel' },
  { name: /^weave-net$/, plugin: 'Weave Net' },
  { name: /^aws-node$/, plugin: 'Amazon VPC CNI' },
  { name: /^(rke2-)?canal$/, plugin: 'Canal' },
  { name: /^antrea-agent$/, plugin: 'Antrea' },
  { name: /^ovnkube-node$/, plugin: 'OVN-Kubernetes' },
  { name: /^anetd$/, plugin: 'GKE Dataplane V2' },
  { name: /^azure-cns$/, plugin: 'Azure CNI' },
  { name: /^kube-router$/, plugin: 'kube-router' },
  { name: /^sdn$/, plugin: 'OpenShift SDN', namespace: 'openshift-sdn' },
];

function cniPlugin(ds: K8sObject): string | undefined {
  return CNI_DAEMONSETS.find(
    c =>
      c.name.test(ds.metadata.name) &&
      (!c.namespace || c.namespace === ds.metadata.namespace),
  )?.plugin;
}

/** Nodes a CNI agent must run on: Linux nodes with a kubelet of their own (not Fargate or virtual-kubelet). */
function eligibleNodes(nodes: K8sObject[]): K8sObject[] {
  return nodes.filter(
    n =>
      !isVirtualNode(n) &&
      (n.metadata.labels?.['kubernetes.io/os'] ?? 'linux') === 'linux',
  );
}

/**
 * The not-Ready nodes that account for every missing agent of the DaemonSet (see
 * downNodesExplainingGap); undefined when pods were not read or an agent is missing on a Ready node.
 */
function gapOnDownNodes(
  cluster: ClusterView,
  ds: K8sObject,
  missing: number,
): string[] | undefined {
  if (cluster.fetchState('pods').status !== 'ok') return undefined;
  const workload = cluster
    .workloads()
    .find(
      w =>
        w.kind === 'DaemonSet' &&
        w.namespace === ds.metadata.namespace &&
        w.name === ds.metadata.name,
    );
  if (!workload) return undefined;
  return downNodesExplainingGap(
    cluster,
    notReadyPods(cluster.podsOf(workload)),
    missing,
  );
}

function judgeDaemonSet(
  cluster: ClusterView,
  ds: K8sObject,
  plugin: string,
  eligible: number,
) {
  const desired = Number(ds.status?.desiredNumberScheduled ?? 0);
  const ready = Number(ds.status?.numberReady ?? 0);
  const name = `${ds.metadata.namespace}/${ds.metadata.name}`;
  const evidence = {
    daemonSet: name,
    plugin,
    desired,
    ready,
    eligibleNodes: eligible,
  };
  if (ready < desired) {
    const downNodes = gapOnDownNodes(cluster, ds, desired - ready);
    if (downNodes) {
      // The node is broken (nodes-not-ready reports it); the CNI itself works everywhere else.
      const one = downNodes.length === 1;
      return {
        status: 'warn' as const,
        text: `${plugin} (${name}): ${ready} of ${desired} agents ready; the missing ${
          desired - ready === 1 ? 'agent is' : 'agents are'
        } on ${one ? 'node' : 'nodes'} ${nameList(downNodes)}, which ${
          one ? 'is' : 'are'
        } not Ready ${
          one ? 'itself' : 'themselves'
        }: a node failure (see nodes-not-ready), not a CNI failure`,
        evidence: { ...evidence, downNodes },
      };
    }
    return {
      status: 'fail' as const,
      text: `${plugin} (${name}): only ${ready} of ${desired} agents are ready; pods on the other nodes have no working network`,
      evidence,
    };
  }
  if (desired < eligible) {
    return {
      status: 'warn' as const,
      text: `${plugin} (${name}) runs on ${desired} of ${eligible} Linux nodes; a node selector or taint keeps it off the others`,
      evidence,
    };
  }
  return {
    status: 'pass' as const,
    text: `${plugin} (${name}): ${ready}/${desired} agents ready, on ${
      eligible === 1 ? 'the only Linux node' : `all ${eligible} Linux nodes`
    }`,
    evidence,
  };
}

export const networkCniReady: ClusterCheck = {
  id: 'network-cni-ready',
  title: 'The CNI agent is ready on every node',
  category: 'network',
  severity: 'critical',
  scope: 'cluster',
  rationale:
    'The CNI agent gives pods their network on each node. Where it is missing or not ready, new pods get no ' +
    'network and the node reports NetworkUnavailable, so replicas placed there serve nothing.',
  remediation:
    'Find the failing CNI pods (kubectl -n <namespace> get pods -o wide for the DaemonSet), read their logs, and ' +
    'make sure the DaemonSet tolerates every node that needs pod networking.',
  references: [
    'https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/',
    'https://kubernetes.io/docs/reference/node/node-status/#condition',
    'https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2',
    'https://docs.k3s.io/networking/basic-network-options',
  ],
  evaluate({ cluster }): CheckOutcome {
    const missingNodes = nodesNotEvaluable(cluster);
    if (missingNodes) return missingNodes;
    const nodes = cluster.list('nodes');
    const networkUnavailable = nodes
      .filter(n => conditionStatus(n, 'NetworkUnavailable') === 'True')
      .map(n => n.metadata.name);
    const unavailableVerdict = networkUnavailable.length
      ? {
          status: 'fail' as const,
          text: `NetworkUnavailable on ${nameList(networkUnavailable)}`,
        }
      : undefined;

    // Virtual nodes run no CNI agent: Fargate wires each pod's network itself, without aws-node
    // (rules NW1; docs.aws.amazon.com/eks/latest/userguide/fargate.html), and virtual-kubelet
    // nodes have no kubelet of their own. With only such nodes there is no agent to check.
    if (!unavailableVerdict && nodes.every(isVirtualNode)) {
      const kind = virtualKind(nodes);
      return {
        status: 'skipped',
        message: `Every node is a ${kind} node (${nameList(
          nodes.map(n => n.metadata.name),
          5,
        )}): ${
          kind === 'Fargate'
            ? "Fargate sets up each pod's network itself and runs no aws-node agent"
            : 'virtual nodes run no CNI agent'
        }, so there is no CNI DaemonSet to check`,
        evidence: { virtualNodes: nodes.length, virtualKind: kind },
      };
    }
    const missingDaemonSets = notEvaluable(cluster, 'daemonsets.apps');
    if (missingDaemonSets) {
      return unavailableVerdict
        ? {
            status: 'fail',
            message: unavailableVerdict.text,
            evidence: { networkUnavailable },
          }
        : missingDaemonSets;
    }
    const eligible = eligibleNodes(nodes).length;
    const agents = cluster
      .list('daemonsets.apps')
      .map(ds => ({ ds, plugin: cniPlugin(ds) }))
      .filter(
        (a): a is { ds: K8sObject; plugin: string } => a.plugin !== undefined,
      )
      .map(({ ds, plugin }) => judgeDaemonSet(cluster, ds, plugin, eligible));

    if (agents.length === 0) {
      if (unavailableVerdict)
        return {
          status: 'fail',
          message: unavailableVerdict.text,
          evidence: { networkUnavailable },
        };
      if (cluster.flavor === 'k3s') {
        return {
          status: 'skipped',
          message:
            'k3s runs its flannel CNI inside the k3s process: there is no CNI pod to check',
          evidence: { flavor: 'k3s' },
        };
      }
      return {
        status: 'unknown',
        message: `No known CNI DaemonSet found (looked for ${CNI_DAEMONSETS.map(
          c => c.plugin,
        ).join(', ')}), so pod networking cannot be judged`,
        evidence: { flavor: cluster.flavor },
      };
    }
    const verdicts = [
      ...agents,
      ...(unavailableVerdict ? [unavailableVerdict] : []),
    ];
    return {
      status: worstStatus(verdicts.map(v => v.status)),
      message: verdicts.map(v => v.text).join('; '),
      evidence: {
        agents: agents.map(a => a.evidence),
        eligibleNodes: eligible,
        networkUnavailable,
      },
    };
  },
};
