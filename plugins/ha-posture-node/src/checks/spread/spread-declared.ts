import { WorkloadCheck } from '../../model/checks';
import { describeLabels } from '../wording';
import { REPLICATED_KINDS } from '../workloads';
import { describeRuleSelector, spreadRulesOf } from './spreadRules';
import { trustedFloorOf } from '../replicas/replicaFloors';

export const spreadDeclared: WorkloadCheck = {
  id: 'spread-declared',
  title: 'Spreading across nodes and zones is declared',
  category: 'spread',
  severity: 'medium',
  scope: 'workload',
  appliesTo: REPLICATED_KINDS,
  rationale:
    'Without pod anti-affinity or a topology spread constraint the scheduler only applies its soft default spreading, ' +
    "so replicas can pile onto one node or one zone under pressure. A rule only counts when its selector selects the workload's own pods.",
  remediation:
    'Add a topologySpreadConstraint on topology.kubernetes.io/zone (maxSkew 1) and one on kubernetes.io/hostname, with a labelSelector ' +
    'that matches the pod template labels (or matchLabelKeys: [pod-template-hash] to count only the current revision).',
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity',
  ],
  evaluate({ cluster, workload }) {
    const { floor, outcome } = trustedFloorOf(cluster, workload);
    if (outcome) return outcome;
    if (floor.floor < 2) {
      return {
        status: 'skipped',
        message: `Replica floor is ${floor.floor}: nothing to spread (see replicas-min-floor)`,
        evidence: { floor: floor.floor },
      };
    }

    const rules = spreadRulesOf(cluster, workload);
    const effective = rules.filter(r => r.selectsOwnPods);
    const ineffective = rules.filter(r => !r.selectsOwnPods);
    const multiZone = cluster.zones.length >= 2;
    const evidence = {
      effective: effective.map(r => r.description),
      ineffective: ineffective.map(
        r => `${r.description}: ${describeRuleSelector(r)}`,
      ),
      templateLabels: workload.templateLabels,
      zones: cluster.zones.length,
    };
    const ineffectiveNote =
      ineffective.length > 0
        ? `; ${ineffective
            .map(
              r =>
                `${r.description} ${describeRuleSelector(
                  r,
                )} but the pods are labelled ${describeLabels(
                  workload.templateLabels,
                )}, so it does not count`,
            )
            .join('; ')}`
        : '';

    if (effective.length === 0) {
      return {
        status: 'warn',
        message: `Declares no spreading that applies to its own pods: only the scheduler's soft default spreading keeps replicas apart${ineffectiveNote}`,
        evidence,
      };
    }
    const zoneRules = effective.filter(
      r => r.level === 'zone' || r.level === 'other',
    );
    if (zoneRules.length === 0 && multiZone) {
      return {
        status: 'warn',
        message: `Spreads across nodes (${effective
          .map(r => r.description)
          .join('; ')}) but not across zones in a ${
          cluster.zones.length
        }-zone cluster: one zone outage can take every replica${ineffectiveNote}`,
        remediation:
          'Add a topologySpreadConstraint (or preferred pod anti-affinity) on topology.kubernetes.io/zone that selects the pod template labels.',
        evidence,
      };
    }
    // Node spreading passes in one zone; with no zone label at all that one zone is an assumption.
    const zoneNote =
      zoneRules.length === 0 && !cluster.hasZoneLabels
        ? ' (zones unknown: no node with a zone label in the input; if the cluster spans zones, spread across them too)'
        : '';
    return {
      status: 'pass',
      message: `Spreads with ${effective
        .map(r => r.description)
        .join('; ')}${zoneNote}${ineffectiveNote}`,
      evidence,
    };
  },
};
