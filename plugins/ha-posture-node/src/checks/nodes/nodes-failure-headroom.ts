import {
  ClusterCheck,
  ClusterCheckContext,
  CheckOutcome,
} from '../../model/checks';
import { ClusterView } from '../../model/view';
import { hasControlPlaneRole } from '../../engine/flavor';
import { notEvaluable, plural } from '../util';
import { Capacity, capacityModelSteps, UnjudgedRules } from './capacityModel';
import { runSteps } from '../../engine/steps';
import { LossOutcome, simulateLoss, totalRequests } from './lossSimulation';
import {
  nameList,
  nodesNotEvaluable,
  virtualKind,
  virtualOnlyWorkers,
} from './nodeFacts';
import {
  GrowableAutoscaler,
  NodeAutoscaling,
  nodeAutoscaling,
} from './nodeAutoscaling';
import { reachesBeyond } from './nodeGroupZones';
import { formatCpu, formatMemory } from './quantity';
import { Resources } from './podRequests';

interface Params {
  zoneLossStatus: string;
}

/** Node losses simulated between two steps (evaluateAsync gives the event loop a turn). */
const SCENARIOS_PER_STEP = 16;

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
function workloadNodes(
  cluster: ClusterView,
  capacity: Capacity,
): Capacity['candidates'] {
  const usable = new Set(cluster.usableWorkers().map(n => n.metadata.name));
  return capacity.candidates.filter(
    c => usable.has(c.name) || !hasControlPlaneRole(c.node),
  );
}

/** Zone → all its nodes (a zone is lost with all of them), for the zones that have workload nodes. */
function zonesOf(
  cluster: ClusterView,
  workers: Capacity['candidates'],
): Map<string, Set<string>> {
  const zones = new Map<string, Set<string>>();
  for (const worker of workers)
    if (worker.zone) zones.set(worker.zone, new Set());
  for (const node of cluster.list('nodes')) {
    const zone = cluster.zoneOfNode(node.metadata.name);
    if (zone) zones.get(zone)?.add(node.metadata.name);
  }
  return zones;
}

/** The worst scenario: the most displaced pods without a node, else the heaviest (by requested CPU). */
function worst(scenarios: Scenario[]): Scenario | undefined {
  let found: Scenario | undefined;
  let foundCpu = 0;
  for (const scenario of scenarios) {
    const cpu = totalRequests(scenario.outcome.displaced).cpu;
    const unplaced = scenario.outcome.unplaced.length;
    const worse =
      !found ||
      unplaced > found.outcome.unplaced.length ||
      (unplaced === found.outcome.unplaced.length && cpu > foundCpu);
    if (worse) {
      found = scenario;
      foundCpu = cpu;
    }
  }
  return found;
}

/** What keeps pods off the nodes with room, by NoNodeReason. */
const RULES_CLAUSE = {
  spread: 'anti-affinity or topology spread rules',
  affinity: 'pod affinity rules or the anti-affinity of the pods already there',
} as const;

/** `: 3 for lack of room, 2 because their anti-affinity or topology spread rules allow none of the nodes with room`. */
function reasonsOf(outcome: LossOutcome): string {
  const count = (reason: string) =>
    outcome.unplaced.filter(u => u.reason === reason).length;
  const room = count('room');
  const byRules = (['spread', 'affinity'] as const)
    .map(reason => ({ reason, pods: count(reason) }))
    .filter(r => r.pods > 0);
  if (byRules.length === 0) return '';
  if (room === 0 && byRules.length === 1)
    return `, whose ${
      RULES_CLAUSE[byRules[0].reason]
    } allow none of the nodes with room`;
  const parts = byRules.map(
    r =>
      `${r.pods} because their ${
        RULES_CLAUSE[r.reason]
      } allow none of the nodes with room`,
  );
  return `: ${[...(room ? [`${room} for lack of room`] : []), ...parts].join(
    ', ',
  )}`;
}

/** Whether the free capacity falls short in all, or only where the pods may go. */
function roomClause(unplaced: Resources, free: Resources): string {
  return unplaced.cpu > free.cpu || unplaced.memory > free.memory
    ? ''
    : ', but not on nodes those pods may use';
}

/** `Losing node w-3 leaves 5 of its 12 recreated pods without a node (…)`. */
function shortfallMessage(scenario: Scenario): string {
  const { outcome } = scenario;
  const pods = outcome.unplaced.map(u => u.pod);
  const unplaced = totalRequests(pods);
  const displaced = outcome.displaced.length;
  let which = `${pods.length} of its ${displaced} recreated pods`;
  if (pods.length === displaced)
    which =
      displaced === 1
        ? 'its one recreated pod'
        : `all ${displaced} of its recreated pods`;
  return (
    `Losing ${scenario.kind} ${
      scenario.name
    } leaves ${which} without a node${reasonsOf(outcome)} ` +
    `(${describeRequests(unplaced)} requested; the nodes left have ` +
    `${describeRequests(outcome.freeElsewhere)} free in all${roomClause(
      unplaced,
      outcome.freeElsewhere,
    )}): ` +
    `${nameList(
      pods.map(p => p.name),
      5,
    )} would stay Pending`
  );
}

/** Why the status report of cluster-autoscaler was not used, as a clause: `; kube-system/... (not used: stale)`. */
function statusNote(autoscaling: NodeAutoscaling): string {
  return autoscaling.statusNotUsed
    ? ` (cluster-autoscaler's status report not used: ${autoscaling.statusNotUsed})`
    : '';
}

/** What the autoscaling changes about a shortfall: the clause to add, and whether it softens a fail. */
function autoscalingClause(autoscaling: NodeAutoscaling): {
  text: string;
  mayAddNodes: boolean;
} {
  const blockedBy = [
    ...(autoscaling.clusterAutoscalerBlocked
      ? [
          `cluster-autoscaler reports no node group that can grow: ${nameList(
            autoscaling.clusterAutoscalerBlocked,
            3,
          )}`,
        ]
      : []),
    ...(autoscaling.blocked.length > 0
      ? [`Karpenter NodePools ${nameList(autoscaling.blocked, 3)}`]
      : []),
  ];
  if (autoscaling.growable.length > 0)
    return {
      text: `until ${nameList(
        autoscaling.growable.map(g => g.name),
        3,
      )} adds nodes (minutes, if its maximums, quotas and the cloud's capacity allow)${statusNote(
        autoscaling,
      )}`,
      mayAddNodes: true,
    };
  if (autoscaling.possiblyUnseen)
    return {
      text: `unless the cluster adds nodes: ${autoscaling.possiblyUnseen}${
        blockedBy.length > 0 ? `; ${blockedBy.join('; ')}` : ''
      }${statusNote(autoscaling)}`,
      mayAddNodes: true,
    };
  if (blockedBy.length > 0)
    return {
      text: `and no node can be added: ${blockedBy.join('; ')}`,
      mayAddNodes: false,
    };
  return {
    text: `and no node autoscaler was found to add nodes${statusNote(
      autoscaling,
    )}`,
    mayAddNodes: false,
  };
}

/**
 * The autoscalers that can grow, when every one adds nodes only in the lost `zone`: none can replace
 * its capacity elsewhere. Undefined when some may add nodes outside it (where an autoscaler adds
 * them is unknown counts as may), when one may be out of sight, or when none can grow.
 */
function onlyInLostZone(
  autoscaling: NodeAutoscaling,
  zone: string,
): GrowableAutoscaler[] | undefined {
  const { growable } = autoscaling;
  if (growable.length === 0 || autoscaling.possiblyUnseen) return undefined;
  return growable.every(g => !reachesBeyond(g.zones, zone))
    ? growable
    : undefined;
}

/** `cluster-autoscaler kube-system/cluster-autoscaler: eks-ng-a-…` or `Karpenter NodePool zonal-a`. */
const whereItGrows = (autoscaler: GrowableAutoscaler) =>
  autoscaler.nodeGroups
    ? `${autoscaler.name}: ${nameList(autoscaler.nodeGroups, 3)}`
    : autoscaler.name;

/** `the autoscaler can grow only node groups in a (cluster-autoscaler …: eks-ng-a-…)`. */
function onlyInZoneText(zone: string, autoscalers: GrowableAutoscaler[]) {
  return `the ${
    autoscalers.length === 1 ? 'autoscaler' : 'autoscalers'
  } can grow only node groups in ${zone} (${autoscalers
    .map(whereItGrows)
    .join('; ')})`;
}

/** Requests for the evidence: millicores and bytes without float noise (2.5140000000000002). */
const rounded = (r: Resources) => ({
  cpu: Math.round(r.cpu * 1000) / 1000,
  memory: Math.round(r.memory),
});

function scenarioEvidence(scenario: Scenario | undefined) {
  if (!scenario) return undefined;
  const { outcome } = scenario;
  return {
    lost: scenario.name,
    displacedPods: outcome.displaced.length,
    displacedRequests: rounded(totalRequests(outcome.displaced)),
    unplacedPods: outcome.unplaced
      .slice(0, 20)
      .map(u => ({ pod: u.pod.name, reason: u.reason })),
    unplacedCount: outcome.unplaced.length,
    pinnedPods: outcome.pinned.length,
    freeElsewhere: rounded(outcome.freeElsewhere),
  };
}

/** `any one node (heaviest: w-3, 12 pods requesting 3 CPU, 8 GiB)`. */
function heaviest(scenario: Scenario): string {
  const { displaced } = scenario.outcome;
  return `any one ${scenario.kind} (heaviest: ${scenario.name}, ${plural(
    displaced.length,
    'pod',
  )} requesting ${describeRequests(totalRequests(displaced))})`;
}

/** `; 3 pods already wait for a node (Pending, or on NotReady nodes) and find none: a, b, c`. */
function waitingNote(baseline: LossOutcome): string {
  const { stillWaiting } = baseline;
  if (stillWaiting.length === 0) return '';
  const who =
    stillWaiting.length === 1
      ? '1 pod already waits'
      : `${stillWaiting.length} pods already wait`;
  return `; ${who} for a node (Pending, or on NotReady nodes) and find none: ${nameList(
    stillWaiting.map(p => p.name),
    5,
  )}`;
}

/** `; the inter-pod affinity terms of 2 pods are not judged (…): a, b`. */
function unjudgedNote(unjudged: UnjudgedRules | undefined): string {
  if (!unjudged) return '';
  return `; the pod affinity or anti-affinity terms with a namespaceSelector of ${plural(
    unjudged.pods.length,
    'pod',
  )} are not judged (${unjudged.reason}): ${nameList(unjudged.pods, 3)}`;
}

/** The check's evaluation, in steps. */
function* evaluateHeadroom({
  cluster,
  params,
}: ClusterCheckContext<Params>): Generator<void, CheckOutcome, void> {
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
  const capacity = yield* capacityModelSteps(cluster);
  if ('problem' in capacity)
    return {
      status: 'unknown',
      message: `Free capacity cannot be computed: ${capacity.problem}`,
      evidence: { problem: capacity.problem },
    };
  const workers = workloadNodes(cluster, capacity);
  if (workers.length < 2)
    return {
      status: 'skipped',
      message: `${
        workers.length === 1 ? 'Only 1 node runs' : 'No node runs'
      } workloads: no other node can take over (see nodes-usable-workers)`,
      evidence: { workers: workers.map(w => w.name) },
    };

  const baseline = simulateLoss(cluster, capacity, new Set());
  const nodeScenarios: Scenario[] = [];
  for (const { name } of workers) {
    nodeScenarios.push({
      kind: 'node',
      name,
      outcome: simulateLoss(cluster, capacity, new Set([name])),
    });
    if (nodeScenarios.length % SCENARIOS_PER_STEP === 0) yield;
  }
  const zones = zonesOf(cluster, workers);
  const zoneScenarios: Scenario[] = [];
  if (zones.size >= 2) {
    for (const [zone, nodes] of zones) {
      yield;
      zoneScenarios.push({
        kind: 'zone',
        name: zone,
        outcome: simulateLoss(cluster, capacity, nodes),
      });
    }
  }
  const worstNode = worst(nodeScenarios);
  const worstZone = worst(zoneScenarios);
  const autoscaling = nodeAutoscaling(cluster);
  const evidence = {
    worstNode: scenarioEvidence(worstNode),
    worstZone: scenarioEvidence(worstZone),
    alreadyWaiting: baseline.stillWaiting.slice(0, 20).map(p => p.name),
    autoscalers: autoscaling.growable.map(g => g.name),
    ...(autoscaling.blocked.length
      ? { nodePoolsBlocked: autoscaling.blocked }
      : {}),
    ...(autoscaling.possiblyUnseen
      ? { autoscalingUnseen: autoscaling.possiblyUnseen }
      : {}),
    ...(capacity.unjudged
      ? {
          unjudgedRules: {
            pods: capacity.unjudged.pods.slice(0, 20),
            count: capacity.unjudged.pods.length,
            reason: capacity.unjudged.reason,
          },
        }
      : {}),
    ...(autoscaling.clusterAutoscalerBlocked
      ? { autoscalersBlocked: autoscaling.clusterAutoscalerBlocked }
      : {}),
    ...(autoscaling.statusNotUsed
      ? { autoscalerStatusNotUsed: autoscaling.statusNotUsed }
      : {}),
  };
  const shortNode =
    worstNode && worstNode.outcome.unplaced.length > 0 ? worstNode : undefined;
  // A zone whose autoscalers can only grow inside it is named first: no softening helps it.
  const refusals = zoneScenarios
    .filter(s => s.outcome.unplaced.length > 0)
    .map(scenario => ({
      scenario,
      autoscalers: onlyInLostZone(autoscaling, scenario.name),
    }))
    .filter(
      (r): r is { scenario: Scenario; autoscalers: GrowableAutoscaler[] } =>
        r.autoscalers !== undefined,
    );
  const shortZone =
    worst(refusals.map(r => r.scenario)) ??
    (worstZone && worstZone.outcome.unplaced.length > 0
      ? worstZone
      : undefined);
  const refusal = refusals.find(r => r.scenario === shortZone);
  const short = shortNode ?? shortZone;
  if (short) {
    const clause = autoscalingClause(autoscaling);
    const zoneStatus = params.zoneLossStatus === 'fail' ? 'fail' : 'warn';
    // A node loss fails unless nodes can be added; a zone loss takes zoneLossStatus unless nodes
    // can be added outside the zone. The worse of the two is the verdict.
    const statuses = [
      ...(shortNode ? [clause.mayAddNodes ? 'warn' : 'fail'] : []),
      ...(shortZone
        ? [clause.mayAddNodes && !refusal ? 'warn' : zoneStatus]
        : []),
    ];
    const status: 'fail' | 'warn' = statuses.includes('fail') ? 'fail' : 'warn';
    const onlyInZone = refusal
      ? onlyInZoneText(refusal.scenario.name, refusal.autoscalers)
      : '';
    const text =
      short === shortZone && refusal
        ? `and no node can be added outside zone ${short.name}: ${onlyInZone}`
        : clause.text;
    const alsoZone =
      shortNode && shortZone
        ? `; losing zone ${shortZone.name} leaves ${plural(
            shortZone.outcome.unplaced.length,
            'pod',
          )} without a node${refusal ? `, and ${onlyInZone}` : ''}`
        : '';
    return {
      status,
      message: `${shortfallMessage(short)} ${text}${alsoZone}${waitingNote(
        baseline,
      )}`,
      evidence: {
        ...evidence,
        ...(refusals.length > 0
          ? {
              autoscalersOnlyInLostZone: refusals.map(r => ({
                zone: r.scenario.name,
                autoscalers: r.autoscalers.map(whereItGrows),
              })),
            }
          : {}),
      },
    };
  }
  const parts = [worstNode, worstZone]
    .filter((s): s is Scenario => s !== undefined)
    .map(heaviest);
  const zoneNote =
    zoneScenarios.length === 0
      ? '; zone loss not judged: the workload nodes are in fewer than 2 zones (see nodes-zones)'
      : '';
  return {
    status: 'pass',
    message: `The nodes left have room for the pods recreated from ${parts.join(
      ' or from ',
    )}${zoneNote}${waitingNote(baseline)}${unjudgedNote(capacity.unjudged)}`,
    evidence,
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
    'allocatable capacity of the other nodes is smaller than what the lost node or zone ran, or their pod affinity, ' +
    'anti-affinity (theirs or that of the pods already there) and topology spread rules allow none of the nodes ' +
    'with room, the recreated pods stay Pending and the services ' +
    'run short until capacity is added. Every node drain for an upgrade is such a loss too. Each worker node and ' +
    'each zone is simulated lost, its Node objects kept, NotReady, as during an outage (a cloud that deletes them ' +
    'also drops their zone from topology spread). A node autoscaler softens a fail to a warning only while it can ' +
    'grow: cluster-autoscaler whose status report (the cluster-autoscaler-status ConfigMap in the namespace of its ' +
    "--namespace flag: kube-system by default and for AKS's hosted one, the release namespace of the Helm chart, " +
    'openshift-machine-api on OpenShift) shows every node group at its maximum, in scale-up backoff or unhealthy, ' +
    'or that runs with --max-nodes-total and has that many nodes, or Karpenter NodePools at their limits, add no node. A zone loss is softened only by an autoscaler that can ' +
    'add nodes outside that zone: the zones of a node group are those of its nodes (EKS, AKS, Cluster API and ' +
    'OpenShift naming, or a zonal GCE instance group), those of a NodePool what its topology.kubernetes.io/zone ' +
    'requirements allow; one whose zones cannot be told still softens, as on GKE, whose node auto-provisioning ' +
    'may add pools in any zone.',
  remediation:
    'Keep free capacity for the largest node and, across zones, for a zone (about 1/N of the workers with N zones), ' +
    'or run a node autoscaler (cluster-autoscaler with balance-similar-node-groups, Karpenter) whose maximums ' +
    'allow the replacement; lower requests that are far above what pods use; use ScheduleAnyway zone spread for ' +
    'workloads that must come back during a zone outage.',
  parameters: {
    zoneLossStatus: {
      description:
        'Status when the pods of a lost zone find no node: `warn` (default) or `fail`; an autoscaler that can add ' +
        'nodes outside the zone softens `fail` to `warn`. A lost node always fails when no autoscaler can add nodes.',
      default: 'warn',
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/#known-limitations',
    'https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md',
    'https://karpenter.sh/docs/concepts/nodepools/',
  ],
  evaluate: ctx => runSteps(evaluateHeadroom(ctx)),
  evaluateSteps: evaluateHeadroom,
};
