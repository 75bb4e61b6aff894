/**
 * Which Linux nodes the CNI agents cover. One agent usually covers every node, but some clusters
 * split the nodes between agents: on EKS with hybrid nodes the VPC CNI (aws-node) runs on the EC2
 * nodes and Cilium on the hybrid nodes. So coverage is judged over the union of the agents, node by
 * node where the snapshot shows which agent runs where (agent pods, or a node selection that
 * explains the DaemonSet's count), and by count where it does not.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { nodeSelectionAdmits, untoleratedTaints } from '../scheduling';
import { distinct, podIsActive } from '../util';
import { EKS_COMPUTE_TYPE } from './eksAutoMode';

export interface CniAgent {
  ds: K8sObject;
  plugin: string;
  /** status.desiredNumberScheduled: the nodes the DaemonSet controller places an agent on. */
  desired: number;
  ready: number;
}

/** How the nodes of an agent are known: its pods' nodes, or the nodes its scheduling admits. */
export type PlacementSource = 'pods' | 'scheduling';

export interface AgentPlacement {
  agent: CniAgent;
  /** Eligible nodes the agent's template admits (node selection, tolerations, documented exclusions). */
  reach: string[];
  /** Eligible nodes a provider documents the agent never runs on, whatever its template shows. */
  documentedExclusions: string[];
  /** Eligible nodes the agent runs on, when the snapshot shows which; undefined when only its count is known. */
  nodes?: string[];
  source?: PlacementSource;
}

export interface CniCoverage {
  placements: AgentPlacement[];
  /** Eligible nodes without any agent, by name: no agent can run there, or the agents' pods show none there. */
  uncovered: string[];
  /**
   * Eligible nodes left to agents known by count only (no agent pods, and a count that is not what
   * their node selection admits): whether those agents cover them is inferred from counts, not seen.
   */
  countedNodes: number;
  /** The agents those counted agents have (sum of their desiredNumberScheduled). */
  countedAgents: number;
  /** Counted nodes that the counted agents fall short of: nodes without an agent, by count. */
  shortfall: number;
}

const AWS_VPC_CNI = 'Amazon VPC CNI';

/**
 * The AWS VPC CNI does not serve EKS hybrid nodes and "is configured with anti-affinity for the
 * eks.amazonaws.com/compute-type: hybrid label"
 * (docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-cni.html): holds even when a snapshot
 * strips that affinity from the aws-node template.
 */
function documentedExclusion(agent: CniAgent, node: K8sObject): boolean {
  return (
    agent.plugin === AWS_VPC_CNI &&
    node.metadata.labels?.[EKS_COMPUTE_TYPE] === 'hybrid'
  );
}

function admits(podSpec: any, node: K8sObject): boolean {
  return (
    nodeSelectionAdmits(podSpec, node) &&
    untoleratedTaints(podSpec, node, { daemonSet: true }).length === 0
  );
}

/** The nodes the agent's active pods are bound to, when pods were read and account for its whole count. */
function podNodes(cluster: ClusterView, agent: CniAgent): string[] | undefined {
  if (cluster.fetchState('pods').status !== 'ok' || agent.desired === 0)
    return undefined;
  const workload = cluster
    .workloads()
    .find(
      w =>
        w.kind === 'DaemonSet' &&
        w.namespace === agent.ds.metadata.namespace &&
        w.name === agent.ds.metadata.name,
    );
  if (!workload) return undefined;
  const nodes = distinct(
    cluster
      .podsOf(workload)
      .filter(podIsActive)
      .map(p => p.spec?.nodeName),
  );
  return nodes.length >= agent.desired ? nodes : undefined;
}

function placementOf(
  cluster: ClusterView,
  agent: CniAgent,
  eligible: K8sObject[],
): AgentPlacement {
  const podSpec = agent.ds.spec?.template?.spec;
  const documentedExclusions = eligible
    .filter(n => documentedExclusion(agent, n))
    .map(n => n.metadata.name);
  const reach = eligible
    .filter(n => !documentedExclusion(agent, n) && admits(podSpec, n))
    .map(n => n.metadata.name);
  const base = { agent, reach, documentedExclusions };
  const fromPods = podNodes(cluster, agent);
  if (fromPods) {
    const names = new Set(eligible.map(n => n.metadata.name));
    return {
      ...base,
      nodes: fromPods.filter(n => names.has(n)),
      source: 'pods',
    };
  }
  // The controller places one agent on each node the template admits: when the count is exactly
  // that, those are its nodes.
  if (reach.length === agent.desired)
    return { ...base, nodes: reach, source: 'scheduling' };
  return base;
}

/** Coverage of the eligible nodes (Linux nodes with a kubelet of their own) by the CNI agents. */
export function cniCoverage(
  cluster: ClusterView,
  agents: CniAgent[],
  eligible: K8sObject[],
): CniCoverage {
  const placements = agents.map(a => placementOf(cluster, a, eligible));
  const placed = new Set(placements.flatMap(p => p.nodes ?? []));
  const unplaced = placements.filter(p => !p.nodes && p.agent.desired > 0);
  // An agent scheduled on more nodes than its template admits here shows the template is not the
  // whole story (a toleration or label this check does not see): it may be on any node.
  const mayRunOn = (p: AgentPlacement, node: string) =>
    p.agent.desired > p.reach.length || p.reach.includes(node);
  const rest = eligible.map(n => n.metadata.name).filter(n => !placed.has(n));
  const uncovered = rest.filter(n => !unplaced.some(p => mayRunOn(p, n)));
  const coverable = rest.length - uncovered.length;
  const spare = unplaced.reduce((sum, p) => sum + p.agent.desired, 0);
  return {
    placements,
    uncovered,
    countedNodes: coverable,
    countedAgents: spare,
    shortfall: Math.max(0, coverable - spare),
  };
}

/** Why no agent runs on the node, for messages. */
export function whyUncovered(
  placements: AgentPlacement[],
  node: K8sObject,
): string {
  const name = node.metadata.name;
  if (placements.some(p => p.source === 'pods' && p.reach.includes(name)))
    return 'no agent pod is bound to it';
  if (placements.some(p => p.reach.includes(name)))
    return 'its DaemonSet admits it but schedules no agent there';
  const taints = new Set<string>();
  for (const p of placements) {
    const podSpec = p.agent.ds.spec?.template?.spec;
    if (!nodeSelectionAdmits(podSpec, node)) continue;
    for (const t of untoleratedTaints(podSpec, node, { daemonSet: true }))
      taints.add(`${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  }
  if (taints.size > 0) return `taint ${[...taints].join(', ')} not tolerated`;
  if (placements.some(p => p.documentedExclusions.includes(name)))
    return 'EKS hybrid nodes are not served by the Amazon VPC CNI; AWS supports Cilium on them';
  return "excluded by the agents' nodeSelector or node affinity";
}
