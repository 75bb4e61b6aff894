import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { hasControlPlaneRole } from '../../engine/flavor';
import { notEvaluable, plural } from '../util';
import {
  capacityModel,
  LossOutcome,
  simulateLoss,
  totalRequests,
} from './failureCapacity';
import {
  nameList,
  nodesNotEvaluable,
  virtualKind,
  virtualOnlyWorkers,
} from './nodeFacts';
import { NodeAutoscaling, nodeAutoscaling } from './nodeAutoscaling';
import { formatCpu, formatMemory } from './quantity';
import { Resources } from './podRequests';

interface Params {
  zoneLossStatus: string;
  nodesSimulated: number;
}

type Model = Exclude<ReturnType<typeof capacityModel>, { problem: string }>;

/** One simulated loss: a node or a zone. */
interface Scenario {
  kind: 'node' | 'zone';
  name: string;
  outcome: LossOutcome;
}

const describeRequests = (r: Resources) =>
  `${formatCpu(r.cpu)}, ${formatMemory(r.memory)}`;

/**
 * The nodes that run workloads: the usable workers (an untainted control-plane node, as on a
 * single k3s server, counts) and the tainted pools that some pods tolerate.
 */
function workloadNodes(cluster: ClusterView, model: Model): string[] {
  const usable = new Set(cluster.usableWorkers().map(n => n.metadata.name));
  return model.candidates
    .filter(c => usable.has(c.name) || !hasControlPlaneRole(c.node))
    .map(c => c.name);
}

/**
 * The nodes whose loss displaces the most: the top few by the CPU and by the memory their
 * recreated pods request (simulating every node would cost a packing per node).
 */
function heaviestNodes(
  model: Model,
  nodeNames: string[],
  count: number,
): string[] {
  const demand = new Map(
    nodeNames.map(name => [
      name,
      totalRequests(model.movableByNode.get(name) ?? []),
    ]),
  );
  const top = (key: keyof Resources) =>
    [...nodeNames]
      .sort((a, b) => demand.get(b)![key] - demand.get(a)![key])
      .slice(0, count);
  return [...new Set([...top('cpu'), ...top('memory')])];
}

/** Zone → node names, over every node of the cluster (a zone is lost with all its nodes). */
function nodesByZone(cluster: ClusterView): Map<string, Set<string>> {
  const zones = new Map<string, Set<string>>();
  for (const node of cluster.list('nodes')) {
    const zone = cluster.zoneOfNode(node.metadata.name);
    if (!zone) continue;
    if (!zones.has(zone)) zones.set(zone, new Set());
    zones.get(zone)!.add(node.metadata.name);
  }
  return zones;
}

/** The worst scenario of a kind: the most unplaced pods, else the most displaced. */
function worst(scenarios: Scenario[]): Scenario | undefined {
  return [...scenarios].sort(
    (a, b) =>
      b.outcome.unplaced.length - a.outcome.unplaced.length ||
      b.outcome.displaced.length - a.outcome.displaced.length,
  )[0];
}

/** Whether the free capacity falls short in all, or only where the pods may go. */
function roomClause(unplaced: Resources, free: Resources): string {
  return unplaced.cpu > free.cpu || unplaced.memory > free.memory
    ? ''
    : ', but not on nodes where those pods fit';
}

/** `Losing node w-3 leaves 5 of its 12 recreated pods without room (…)`. */
function shortfallMessage(scenario: Scenario): string {
  const { outcome } = scenario;
  const unplaced = totalRequests(outcome.unplaced);
  const displaced = outcome.displaced.length;
  let which = `${outcome.unplaced.length} of its ${displaced} recreated pods`;
  if (outcome.unplaced.length === displaced)
    which =
      displaced === 1
        ? 'its one recreated pod'
        : `all ${displaced} of its recreated pods`;
  return (
    `Losing ${scenario.kind} ${scenario.name} leaves ${which} without room ` +
    `(${describeRequests(unplaced)} requested; the nodes left have ` +
    `${describeRequests(outcome.freeElsewhere)} free in all` +
    `${roomClause(unplaced, outcome.freeElsewhere)}): ` +
    `${nameList(
      outcome.unplaced.map(p => p.name),
      5,
    )} would stay Pending`
  );
}

/** What the autoscaling changes about a shortfall: the clause to add, and whether it softens a fail. */
function autoscalingClause(autoscaling: NodeAutoscaling): {
  text: string;
  mayAddNodes: boolean;
} {
  if (autoscaling.autoscalers.length > 0)
    return {
      text: `until ${nameList(
        autoscaling.autoscalers,
        3,
      )} adds nodes (minutes, if its maximums, quotas and the cloud's capacity allow)`,
      mayAddNodes: true,
    };
  if (autoscaling.possiblyUnseen)
    return {
      text: `unless the cluster adds nodes: ${autoscaling.possiblyUnseen}`,
      mayAddNodes: true,
    };
  if (autoscaling.atLimit.length > 0)
    return {
      text: `and no node can be added: Karpenter NodePools at their limits: ${nameList(
        autoscaling.atLimit,
        3,
      )}`,
      mayAddNodes: false,
    };
  return {
    text: 'and no node autoscaler was found to add nodes',
    mayAddNodes: false,
  };
}

function scenarioEvidence(scenario: Scenario | undefined) {
  if (!scenario) return undefined;
  const { outcome } = scenario;
  return {
    lost: scenario.name,
    displacedPods: outcome.displaced.length,
    displacedRequests: totalRequests(outcome.displaced),
    unplacedPods: outcome.unplaced.map(p => p.name).slice(0, 20),
    unplacedCount: outcome.unplaced.length,
    pinnedPods: outcome.pinned.length,
    freeElsewhere: outcome.freeElsewhere,
  };
}

export const nodesFailureHeadroom: ClusterCheck<Params> = {
  id: 'nodes-failure-headroom',
  title: 'The nodes left after a node or zone failure have room for its pods',
  category: 'nodes',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'Replicas only come back after a failure if the nodes that are left can schedule them. When the free ' +
    'allocatable capacity of the other nodes is smaller than what the lost node or zone ran, the recreated ' +
    'pods stay Pending and the services run short until capacity is added. Every node drain for an upgrade ' +
    'is such a loss too.',
  remediation:
    'Keep free capacity for the largest node and, across zones, for a zone (about 1/N of the workers with N zones), ' +
    'or run a node autoscaler (cluster-autoscaler with balance-similar-node-groups, Karpenter) whose maximums ' +
    'allow the replacement; lower requests that are far above what pods use.',
  parameters: {
    zoneLossStatus: {
      description:
        'Status when the pods of a lost zone find no room: `warn` (default) or `fail`. A lost node always fails ' +
        'when no autoscaler can add nodes.',
      default: 'warn',
    },
    nodesSimulated: {
      description:
        'How many of the heaviest nodes (by the CPU, and by the memory, their recreated pods request) are simulated lost.',
      default: 3,
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/',
    'https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md',
    'https://karpenter.sh/docs/concepts/nodepools/',
  ],
  evaluate({ cluster, params }): CheckOutcome {
    const missing = nodesNotEvaluable(cluster) ?? notEvaluable(cluster, 'pods');
    if (missing) return missing;
    const virtualWorkers = virtualOnlyWorkers(cluster);
    if (virtualWorkers)
      return {
        status: 'skipped',
        message: `Every worker is a ${virtualKind(
          virtualWorkers,
        )} node: the provider supplies capacity per pod`,
        evidence: { virtual: virtualWorkers.map(n => n.metadata.name) },
      };
    const model = capacityModel(cluster);
    if ('problem' in model)
      return {
        status: 'unknown',
        message: `Free capacity cannot be computed: ${model.problem}`,
        evidence: { problem: model.problem },
      };
    const workers = workloadNodes(cluster, model);
    if (workers.length < 2)
      return {
        status: 'skipped',
        message: `${
          workers.length === 1 ? 'Only 1 node runs' : 'No node runs'
        } workloads: no other node can take over (see nodes-usable-workers)`,
        evidence: { workers },
      };

    const nodeScenarios: Scenario[] = heaviestNodes(
      model,
      workers,
      params.nodesSimulated,
    ).map(name => ({
      kind: 'node',
      name,
      outcome: simulateLoss(model, new Set([name])),
    }));
    const zones = nodesByZone(cluster);
    const zoneScenarios: Scenario[] =
      cluster.zones.length >= 2
        ? cluster.zones.map(zone => ({
            kind: 'zone',
            name: zone,
            outcome: simulateLoss(model, zones.get(zone) ?? new Set()),
          }))
        : [];
    const worstNode = worst(nodeScenarios);
    const worstZone = worst(zoneScenarios);
    const autoscaling = nodeAutoscaling(cluster);
    const evidence = {
      worstNode: scenarioEvidence(worstNode),
      worstZone: scenarioEvidence(worstZone),
      autoscalers: autoscaling.autoscalers,
      ...(autoscaling.atLimit.length
        ? { nodePoolsAtLimit: autoscaling.atLimit }
        : {}),
      ...(autoscaling.possiblyUnseen
        ? { autoscalingUnseen: autoscaling.possiblyUnseen }
        : {}),
    };
    const shortNode =
      worstNode && worstNode.outcome.unplaced.length > 0
        ? worstNode
        : undefined;
    const shortZone =
      worstZone && worstZone.outcome.unplaced.length > 0
        ? worstZone
        : undefined;
    const short = shortNode ?? shortZone;
    if (short) {
      const clause = autoscalingClause(autoscaling);
      const zoneStatus = params.zoneLossStatus === 'fail' ? 'fail' : 'warn';
      let status: 'fail' | 'warn' = short.kind === 'node' ? 'fail' : zoneStatus;
      if (clause.mayAddNodes) status = 'warn';
      const alsoZone =
        shortNode && shortZone
          ? `; losing zone ${shortZone.name} leaves ${plural(
              shortZone.outcome.unplaced.length,
              'pod',
            )} without room`
          : '';
      return {
        status,
        message: `${shortfallMessage(short)} ${clause.text}${alsoZone}`,
        evidence,
      };
    }
    const parts = [
      worstNode
        ? `any one node (heaviest: ${worstNode.name}, ${plural(
            worstNode.outcome.displaced.length,
            'pod',
          )} requesting ${describeRequests(
            totalRequests(worstNode.outcome.displaced),
          )})`
        : undefined,
      worstZone
        ? `any one zone (heaviest: ${worstZone.name}, ${plural(
            worstZone.outcome.displaced.length,
            'pod',
          )} requesting ${describeRequests(
            totalRequests(worstZone.outcome.displaced),
          )})`
        : undefined,
    ].filter(Boolean);
    const zoneNote =
      zoneScenarios.length === 0
        ? '; zone loss not judged: the usable workers are in fewer than 2 zones (see nodes-zones)'
        : '';
    return {
      status: 'pass',
      message: `The nodes left have room for the pods recreated from ${parts.join(
        ' or from ',
      )}${zoneNote}`,
      evidence,
    };
  },
};
