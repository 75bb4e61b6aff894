import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { distinct, notEvaluable, plural, worstStatus } from '../util';
import {
  HPA_KEY,
  FLOORED_KINDS,
  rollingUpdateBudget,
  rolloutStrategyProblem,
  scaledToZero,
} from '../workloads';
import { eligibleNodes } from './nodeEligibility';
import { replicaFloorOf } from '../replicas/replicaFloors';
import { domainUnit, spreadRulesOf } from './spreadRules';

export const spreadRequiredAntiaffinityCapacity: WorkloadCheck = {
  id: 'spread-required-antiaffinity-capacity',
  title: 'Required anti-affinity fits the cluster',
  category: 'spread',
  severity: 'high',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'Required pod anti-affinity allows at most one replica per node (or zone). With more replicas than eligible domains the extra pods stay ' +
    'Pending; with exactly as many, a surge pod has nowhere to go, so a rollout that may not take a pod down first stalls. ' +
    'Eligible nodes without the topology key label are not constrained by the rule at all: they take any number of replicas, which warns.',
  remediation:
    'Use preferred anti-affinity or a topologySpreadConstraint (maxSkew 1) instead of required anti-affinity, or add eligible nodes; ' +
    'with exactly one replica per node set rollingUpdate.maxUnavailable to 1.',
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity',
    'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment',
  ],
  evaluate({ cluster, workload }) {
    const rules = spreadRulesOf(cluster, workload).filter(
      r => r.kind === 'requiredAntiAffinity' && r.selectsOwnPods,
    );
    if (rules.length === 0)
      return {
        status: 'skipped',
        message: 'No required pod anti-affinity between its own replicas',
      };
    if (workload.specReplicas === 0) return scaledToZero(workload, cluster);
    const missing = notEvaluable(cluster, 'nodes');
    if (missing) return missing;

    // An Operated workload runs the pods its custom resource asks for: their count stands for replicas.
    const replicas =
      workload.kind === 'Operated'
        ? replicaFloorOf(cluster, workload).floor
        : workload.specReplicas ?? 1;
    const hpa =
      cluster.fetchState(HPA_KEY).status === 'ok'
        ? cluster.hpaFor(workload)
        : undefined;
    const hpaMax =
      typeof hpa?.spec?.maxReplicas === 'number'
        ? (hpa.spec.maxReplicas as number)
        : undefined;
    const nodes = eligibleNodes(cluster, workload.podSpec);
    const pending =
      cluster.fetchState('pods').status === 'ok'
        ? cluster
            .podsOf(workload)
            .filter(p => p.status?.phase === 'Pending' && !p.spec?.nodeName)
            .length
        : undefined;
    // A strategy the API would reject cannot tell whether a rollout may take a pod down first.
    const strategyProblem =
      workload.kind === 'Deployment' || workload.kind === 'Rollout'
        ? rolloutStrategyProblem(workload)
        : undefined;
    const budget = strategyProblem
      ? undefined
      : rollingUpdateBudget(workload, replicas);

    const findings: CheckOutcome[] = [];
    for (const rule of rules) {
      const domains = distinct(
        nodes.map(n => n.metadata.labels?.[rule.topologyKey]),
      );
      // The scheduler checks a required anti-affinity term only on nodes that carry its topology
      // key (kube-scheduler interpodaffinity filtering, satisfyPodAntiAffinity: a node without the
      // label matches no topology pair), so such nodes take any number of replicas: they cap
      // nothing and keep nothing apart. Kubernetes' "Assigning Pods to Nodes" notes that
      // anti-affinity needs every node labelled with the topologyKey.
      const unlabelled = nodes
        .filter(n => typeof n.metadata.labels?.[rule.topologyKey] !== 'string')
        .map(n => n.metadata.name);
      const unit = domainUnit(rule);
      const evidence = {
        rule: rule.description,
        replicas,
        eligibleDomains: domains.length,
        domains,
        ...(unlabelled.length > 0
          ? { eligibleNodesWithoutKey: unlabelled.length }
          : {}),
        ...(hpaMax !== undefined ? { hpaMaxReplicas: hpaMax } : {}),
        ...(pending !== undefined ? { pendingPods: pending } : {}),
      };
      const capacity = `${plural(domains.length, `eligible ${unit}`)}`;
      if (unlabelled.length > 0) {
        const named = `${unlabelled.slice(0, 3).join(', ')}${
          unlabelled.length > 3 ? ', …' : ''
        }`;
        const where =
          unlabelled.length === nodes.length
            ? `none of its ${plural(
                nodes.length,
                'eligible node',
              )} (${named}) carries the label ${rule.topologyKey}`
            : `${unlabelled.length} of its ${plural(
                nodes.length,
                'eligible node',
              )} (${named}) lack the label ${
                rule.topologyKey
              } (the others form ${capacity})`;
        findings.push({
          status: 'warn',
          message: `${plural(replicas, 'replica')} with ${
            rule.description
          }, but ${where}: the scheduler applies the rule only on nodes that carry its topology key, so ${
            unlabelled.length === nodes.length
              ? 'it keeps no replicas apart (all of them may share one node) and caps nothing'
              : 'those nodes take any number of replicas, and the rule does not keep them apart there'
          }`,
          remediation: `Label every eligible node with ${rule.topologyKey}, or restrict the pods to nodes that carry it (required node affinity: ${rule.topologyKey} Exists), or spread on a topology key the nodes carry.`,
          evidence,
        });
      } else if (replicas > domains.length) {
        findings.push({
          status: 'fail',
          message: `${plural(replicas, 'replica')} with ${
            rule.description
          } but only ${capacity}: ${
            replicas - domains.length
          } can never be scheduled${
            pending ? ` (${pending} Pending now)` : ''
          }`,
          evidence,
        });
      } else if (strategyProblem && replicas === domains.length) {
        findings.push({
          status: 'unknown',
          message: `${plural(replicas, 'replica')} fill all ${capacity} under ${
            rule.description
          }, and whether a rollout can place its pods cannot be told: ${strategyProblem}`,
          evidence: { ...evidence, invalid: strategyProblem },
        });
      } else if (
        budget &&
        budget.maxUnavailable === 0 &&
        replicas === domains.length
      ) {
        findings.push({
          status: 'warn',
          message: `${plural(replicas, 'replica')} fill all ${capacity} under ${
            rule.description
          }, and the rolling update may not take a pod down first (maxUnavailable 0): every rollout stalls on a surge pod that cannot be placed`,
          remediation:
            'Set strategy.rollingUpdate.maxUnavailable to 1, or add an eligible node.',
          evidence,
        });
      } else if (hpaMax !== undefined && hpaMax > domains.length) {
        findings.push({
          status: 'warn',
          message: `HPA ${
            hpa!.metadata.name
          } may scale to ${hpaMax} replicas but ${
            rule.description
          } allows only ${
            domains.length
          } (${capacity}): scale-ups beyond that stay Pending unless a cluster autoscaler adds ${unit}s`,
          evidence,
        });
      } else {
        findings.push({
          status: 'pass',
          message: `${plural(replicas, 'replica')} fit ${capacity} under ${
            rule.description
          }`,
          evidence,
        });
      }
    }
    const worst = worstStatus(findings.map(f => f.status));
    return findings.find(f => f.status === worst)!;
  },
};
