import { WorkloadCheck } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { describeLabels } from '../wording';
import { REPLICATED_KINDS } from '../workloads';
import {
  describeRuleSelector,
  SpreadRule,
  spreadRulesOf,
  topologyDomains,
  zoneNesting,
} from './spreadRules';
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
    "so replicas can pile onto one node or one zone under pressure. A rule only counts when its selector selects the workload's own pods, " +
    'and a rule on a custom topology key only when the usable nodes carry that label with at least two values; ' +
    'it spreads across zones only when each of its values lies in one zone and they cover at least two (a rack label, not an instance type). ' +
    'A topology spread constraint the API server rejects (maxSkew below 1, a whenUnsatisfiable other than DoNotSchedule or ScheduleAnyway) warns: the manifest cannot be applied.',
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

    const declared = spreadRulesOf(cluster, workload);
    // A rule the API server rejects keeps nothing apart: the workload is never admitted with it.
    const invalid = declared.filter(r => r.invalid);
    const rules = declared.filter(r => !r.invalid);
    const ineffective = rules.filter(r => !r.selectsOwnPods);
    // A custom key (a rack label, a misspelt zone key) counts only when the usable workers carry it
    // with at least two values: otherwise every node is in one domain and nothing is kept apart.
    const oneDomain = rules.filter(
      r =>
        r.selectsOwnPods &&
        r.level === 'other' &&
        (topologyDomains(cluster, r.topologyKey) ?? 2) < 2,
    );
    const effective = rules.filter(
      r => r.selectsOwnPods && !oneDomain.includes(r),
    );
    const multiZone = cluster.zones.length >= 2;
    const evidence = {
      effective: effective.map(r => r.description),
      ineffective: [
        ...ineffective.map(r => `${r.description}: ${describeRuleSelector(r)}`),
        ...oneDomain.map(
          r => `${r.description}: ${describeDomains(cluster, r)}`,
        ),
        ...invalid.map(r => `${r.description}: invalid, ${r.invalid}`),
      ],
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
    const oneDomainNote = oneDomain
      .map(
        r =>
          `; ${r.description} does not count: ${describeDomains(cluster, r)}`,
      )
      .join('');
    const notes = ineffectiveNote + oneDomainNote;

    if (invalid.length > 0) {
      return {
        status: 'warn',
        message: `${invalid
          .map(r => `${r.description} is invalid (${r.invalid})`)
          .join(
            '; ',
          )}: the API server rejects the ${workload.kind.toLowerCase()}, so it spreads nothing until the constraint is fixed${
          effective.length > 0
            ? `; the other rules: ${effective
                .map(r => r.description)
                .join('; ')}`
            : ''
        }${notes}`,
        remediation:
          'Give every topologySpreadConstraint a maxSkew of at least 1 and whenUnsatisfiable DoNotSchedule or ScheduleAnyway (minDomains, when set, at least 1 and only with DoNotSchedule).',
        evidence,
      };
    }

    if (effective.length === 0) {
      return {
        status: 'warn',
        message: `Declares no spreading that applies to its own pods: only the scheduler's soft default spreading keeps replicas apart${notes}`,
        evidence,
      };
    }
    // A custom key counts as zone spreading only when its domains nest inside zones (see
    // zoneNesting); unknown nodes (a manifests scan) cannot tell, and there no zone is known either.
    const notZone = new Map<SpreadRule, string>();
    for (const r of effective) {
      if (r.level !== 'other') continue;
      const nesting = zoneNesting(cluster, r.topologyKey);
      if (nesting && !nesting.nests) notZone.set(r, nesting.why);
    }
    const zoneRules = effective.filter(
      r => r.level === 'zone' || (r.level === 'other' && !notZone.has(r)),
    );
    if (zoneRules.length === 0 && multiZone) {
      const notZoneNote = [...notZone]
        .map(([r, why]) => `; ${r.description} is not zone spreading: ${why}`)
        .join('');
      const list = effective.map(r => r.description).join('; ');
      const spreads = effective.every(r => r.level === 'node')
        ? `Spreads across nodes (${list})`
        : `Spreads with ${list},`;
      return {
        status: 'warn',
        message: `${spreads} but not across zones in a ${cluster.zones.length}-zone cluster: one zone outage can take every replica${notZoneNote}${notes}`,
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
        .join('; ')}${zoneNote}${notes}`,
      evidence,
    };
  },
};

function describeDomains(cluster: ClusterView, rule: SpreadRule): string {
  return topologyDomains(cluster, rule.topologyKey) === 0
    ? `no usable node carries the label ${rule.topologyKey}, so it keeps no replicas apart`
    : `every usable node has the same ${rule.topologyKey}, so it keeps no replicas apart`;
}
