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
import { conditionStatus, notEvaluable, plural, worstStatus } from '../util';
import {
  AgentPlacement,
  CniAgent,
  CniCoverage,
  cniCoverage,
  whyUncovered,
} from './cniCoverage';
import { describeAutoModeNodes, isEksAutoModeNode } from './eksAutoMode';

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
  // kind's default CNI: DaemonSet kube-system/kindnet (labels app/k8s-app: kindnet), which
  // tolerates every taint (kubernetes-sigs/kind pkg/build/nodeimage/const_cni.go).
  { name: /^kindnet$/, plugin: 'kindnet', namespace: 'kube-system' },
];

function cniPlugin(ds: K8sObject): string | undefined {
  return CNI_DAEMONSETS.find(
    c =>
      c.name.test(ds.metadata.name) &&
      (!c.namespace || c.namespace === ds.metadata.namespace),
  )?.plugin;
}

/**
 * Nodes a CNI agent must run on: Linux nodes with a kubelet of their own (not Fargate or
 * virtual-kubelet), except EKS Auto Mode nodes, whose pod networking AWS runs on the node itself
 * (eksAutoMode.ts).
 */
function eligibleNodes(nodes: K8sObject[]): K8sObject[] {
  return nodes.filter(
    n =>
      !isVirtualNode(n) &&
      !isEksAutoModeNode(n) &&
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

/** `its agent`, `both agents`, `all 3 agents`. */
function agentsReady(ready: number): string {
  if (ready === 1) return 'its agent';
  return ready === 2 ? 'both agents' : `all ${ready} agents`;
}

function judgeDaemonSet(
  cluster: ClusterView,
  placement: AgentPlacement,
  eligible: number,
) {
  const { ds, plugin, desired, ready } = placement.agent;
  const name = `${ds.metadata.namespace}/${ds.metadata.name}`;
  const evidence = {
    daemonSet: name,
    plugin,
    desired,
    ready,
    eligibleNodes: eligible,
    placement: placement.source ?? 'count',
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
    // Whether another agent serves the other nodes is for judgeCoverage to say.
    const hybrid = placement.documentedExclusions.length;
    return {
      status: 'pass' as const,
      text:
        desired === 0
          ? `${plugin} (${name}) runs on ${
              eligible === 1
                ? 'no Linux node'
                : `none of the ${eligible} Linux nodes`
            }`
          : `${plugin} (${name}) runs on ${desired} of ${eligible} Linux nodes, ${agentsReady(
              ready,
            )} ready${
              hybrid
                ? ` (not on the ${plural(
                    hybrid,
                    'EKS hybrid node',
                  )}: the VPC CNI does not serve them)`
                : ''
            }`,
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

/** Plugins of the agents known by count only (cniCoverage.ts). */
function countedPlugins(coverage: CniCoverage): string[] {
  return coverage.placements
    .filter(p => !p.nodes && p.agent.desired > 0)
    .map(p => p.agent.plugin);
}

/** `Cilium's`, `Cilium's DaemonSet`, `the`, `the DaemonSets`: whose counted agents. */
function countedOwners(coverage: CniCoverage, noun?: string): string {
  const plugins = countedPlugins(coverage);
  if (plugins.length === 1) return `${plugins[0]}'s${noun ? ` ${noun}` : ''}`;
  return noun ? `the ${noun}s` : 'the';
}

/**
 * Whether every eligible node has some CNI agent, over all agents together (cniCoverage.ts):
 * nothing to add when one agent covers them all; `warn` when a node has none (no pod network there);
 * `pass`, saying how it is known, when the agents split the nodes between them.
 */
function judgeCoverage(
  coverage: CniCoverage,
  eligible: K8sObject[],
): { status: 'pass' | 'warn'; text: string } | undefined {
  const total = eligible.length;
  const missing = coverage.uncovered.length + coverage.shortfall;
  if (missing > 0) {
    const byReason = new Map<string, string[]>();
    for (const node of eligible) {
      if (!coverage.uncovered.includes(node.metadata.name)) continue;
      const reason = whyUncovered(coverage.placements, node);
      byReason.set(reason, [
        ...(byReason.get(reason) ?? []),
        node.metadata.name,
      ]);
    }
    const parts = [...byReason].map(
      ([reason, names]) =>
        `${names.length === 1 ? 'node' : 'nodes'} ${nameList(
          names,
        )} (${reason})`,
    );
    if (coverage.shortfall > 0) {
      const counted = `${countedOwners(coverage, 'DaemonSet')} ${
        countedPlugins(coverage).length === 1 ? 'schedules' : 'schedule'
      } ${plural(coverage.countedAgents, 'agent')} where ${plural(
        coverage.countedNodes,
        'node',
      )} need one`;
      parts.push(
        parts.length > 0
          ? `${coverage.shortfall} more by count (${counted})`
          : `by count, ${counted}`,
      );
    }
    let which = `${missing} of ${plural(total, 'Linux node')} ${
      missing === 1 ? 'has' : 'have'
    } no CNI agent`;
    if (missing === total)
      which =
        total === 1
          ? 'the only Linux node has no CNI agent'
          : `none of the ${total} Linux nodes has a CNI agent`;
    return {
      status: 'warn',
      text: `${which}, so no pod network: ${parts.join('; ')}`,
    };
  }
  const split = coverage.placements.some(p => p.agent.desired < total);
  if (!split || total === 0) return undefined;
  if (coverage.countedNodes > 0) {
    return {
      status: 'pass',
      text: `together the CNI agents cover all ${total} Linux nodes, by count: ${countedOwners(
        coverage,
      )} ${plural(coverage.countedAgents, 'agent')} for the ${plural(
        coverage.countedNodes,
        'node',
      )} the others leave (no agent pods show which node runs which)`,
    };
  }
  const sources = new Set(coverage.placements.map(p => p.source));
  let how = 'by their pods and node selection';
  if (!sources.has('scheduling')) how = 'by their pods';
  else if (!sources.has('pods')) how = 'by their node selection';
  return {
    status: 'pass',
    text: `together the CNI agents cover all ${total} Linux nodes (seen ${how})`,
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
    const eligibleList = eligibleNodes(nodes);
    const eligible = eligibleList.length;
    const autoMode = nodes.filter(isEksAutoModeNode).length;
    if (!unavailableVerdict && eligible === 0 && autoMode > 0) {
      return {
        status: 'unknown',
        message: `Pod networking cannot be judged: ${describeAutoModeNodes(
          autoMode,
          nodes.length,
        )}, where AWS runs pod networking as part of the node, not as a CNI DaemonSet, so its health is not visible in the Kubernetes API`,
        evidence: { eksAutoModeNodes: autoMode },
      };
    }
    const found: CniAgent[] = cluster.list('daemonsets.apps').flatMap(ds => {
      const plugin = cniPlugin(ds);
      return plugin
        ? [
            {
              ds,
              plugin,
              desired: Number(ds.status?.desiredNumberScheduled ?? 0),
              ready: Number(ds.status?.numberReady ?? 0),
            },
          ]
        : [];
    });

    if (found.length === 0) {
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
    const coverage = cniCoverage(cluster, found, eligibleList);
    const agents = coverage.placements.map(p =>
      judgeDaemonSet(cluster, p, eligible),
    );
    const covered = judgeCoverage(coverage, eligibleList);
    const verdicts = [
      ...agents,
      ...(covered ? [covered] : []),
      ...(unavailableVerdict ? [unavailableVerdict] : []),
    ];
    return {
      status: worstStatus(verdicts.map(v => v.status)),
      message: verdicts.map(v => v.text).join('; '),
      evidence: {
        agents: agents.map(a => a.evidence),
        eligibleNodes: eligible,
        networkUnavailable,
        ...(coverage.uncovered.length
          ? { nodesWithoutAgent: coverage.uncovered }
          : {}),
        ...(coverage.shortfall
          ? { nodesWithoutAgentByCount: coverage.shortfall }
          : {}),
        ...(autoMode ? { eksAutoModeNodes: autoMode } : {}),
      },
    };
  },
};
