import { WorkloadCheck } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { nodeSelectionAdmits } from '../scheduling';
import { distinct, perCluster } from '../util';
import { describeLabels } from '../wording';
import { FLOORED_KINDS } from '../workloads';
import {
  describeOwnPods,
  describeRuleSelector,
  SpreadRule,
  spreadRulesOf,
  topologyDomains,
  zoneNesting,
} from './spreadRules';
import { SpreadCap, spreadCap } from './spreadCap';
import { trustedFloorOf } from '../replicas/replicaFloors';

export const spreadDeclared: WorkloadCheck = {
  id: 'spread-declared',
  title: 'Spreading across nodes and zones is declared',
  category: 'spread',
  severity: 'medium',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'Without pod anti-affinity or a topology spread constraint the scheduler only applies its soft default spreading, ' +
    "so replicas can pile onto one node or one zone under pressure. A rule only counts when its selector selects the workload's own pods, " +
    'and a rule on a custom topology key only when the usable nodes carry that label with at least two values; ' +
    'it spreads across zones only when each of its values lies in one zone and they cover at least two (a rack label, not an instance type). ' +
    'A zone rule on pods whose nodeSelector or required node affinity admits a single zone keeps nothing apart across zones. ' +
    'A DoNotSchedule constraint whose minDomains exceeds the domains the pods can use, or which counts a domain the pods can never reach (tainted nodes under nodeTaintsPolicy Ignore, the default; ' +
    'nodes outside their node selection under nodeAffinityPolicy Ignore), keeps the global minimum at 0 and so lets at most maxSkew pods into each domain: ' +
    'replicas beyond that stay Pending (fail), a full cap leaves no room for a surge (warn). ' +
    'A topology spread constraint the API server rejects (no topologyKey, maxSkew below 1, a whenUnsatisfiable other than DoNotSchedule or ScheduleAnyway, ' +
    'a node inclusion policy other than Honor or Ignore, a repeated topologyKey and whenUnsatisfiable pair, matchLabelKeys without a labelSelector or repeating one of its keys), or a pod anti-affinity term without topologyKey or with a weight outside 1-100, warns: the manifest cannot be applied.',
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
                )} but the pods are labelled ${describeOwnPods(
                  cluster,
                  r,
                  workload,
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
          .join('; ')}: the API server rejects ${
          workload.kind === 'Operated'
            ? 'the pods its operator creates'
            : `the ${workload.kind.toLowerCase()}`
        }, so it spreads nothing until the constraint is fixed${
          effective.length > 0
            ? `; the other rules: ${effective
                .map(r => r.description)
                .join('; ')}`
            : ''
        }${notes}`,
        remediation:
          'Give every topologySpreadConstraint a topologyKey, a maxSkew of at least 1 and whenUnsatisfiable DoNotSchedule or ScheduleAnyway (minDomains, when set, at least 1 and only with DoNotSchedule; ' +
          'nodeAffinityPolicy and nodeTaintsPolicy Honor or Ignore); use each topologyKey and whenUnsatisfiable pair once, and matchLabelKeys only beside a labelSelector that does not already name those keys.',
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
    // A DoNotSchedule constraint whose global minimum stays 0 caps the pods it lets schedule.
    const replicas = Math.max(floor.floor, workload.specReplicas ?? 0);
    const capped = effective
      .map(r => spreadCap(cluster, workload, r, replicas))
      .filter((c): c is SpreadCap => c !== undefined);
    const cappedFail = capped.filter(c => c.status === 'fail');
    const cappedEvidence = capped.length
      ? {
          ...evidence,
          caps: capped.map(c => ({
            rule: c.rule.description,
            ...c.evidence,
          })),
        }
      : evidence;
    if (cappedFail.length > 0) {
      return {
        status: 'fail',
        message: `${cappedFail.map(c => c.text).join('; ')}${notes}`,
        remediation: cappedFail[0].remediation,
        evidence: cappedEvidence,
      };
    }
    const cappedWarn = capped.filter(c => c.status === 'warn');
    const unchecked = capped.filter(c => c.status === 'unknown');
    const roomy = capped.filter(c => c.status === 'pass');
    const cappedNote = [...cappedWarn, ...unchecked, ...roomy]
      .map(c => `; ${c.text}`)
      .join('');

    // A custom key counts as zone spreading only when its domains nest inside zones (see
    // zoneNesting); unknown nodes (a manifests scan) cannot tell, and there no zone is known either.
    const notZone = new Map<SpreadRule, string>();
    for (const r of effective) {
      if (r.level !== 'other') continue;
      const nesting = zoneNesting(cluster, r.topologyKey);
      if (nesting && !nesting.nests) notZone.set(r, nesting.why);
    }
    // Pods pinned to one zone of a multi-zone cluster: no zone rule can keep them apart.
    const pin = multiZone ? zonePinOf(cluster, workload.podSpec) : undefined;
    if (pin) {
      for (const r of effective) {
        if (r.level === 'node' || notZone.has(r)) continue;
        notZone.set(
          r,
          `its ${pin.by} lets the pods run only in zone ${pin.zone}${pinNote(
            r,
          )}, so it keeps nothing apart across zones`,
        );
      }
    }
    const zoneRules = effective.filter(
      r => r.level !== 'node' && !notZone.has(r),
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
        message: `${spreads} but not across zones in a ${cluster.zones.length}-zone cluster: one zone outage can take every replica${notZoneNote}${cappedNote}${notes}`,
        remediation: pin
          ? `Let the pods run in several zones (widen the ${pin.by}) so the zone rule can spread them, or accept that a zone outage takes the workload down.`
          : 'Add a topologySpreadConstraint (or preferred pod anti-affinity) on topology.kubernetes.io/zone that selects the pod template labels.',
        evidence: pin
          ? { ...cappedEvidence, pinnedZone: pin.zone }
          : cappedEvidence,
      };
    }
    if (cappedWarn.length > 0) {
      return {
        status: 'warn',
        message: `${cappedWarn.map(c => c.text).join('; ')}${[
          ...unchecked,
          ...roomy,
        ]
          .map(c => `; ${c.text}`)
          .join('')}${notes}`,
        remediation: cappedWarn[0].remediation,
        evidence: cappedEvidence,
      };
    }
    // Nodes that could not be read (forbidden, unreachable) leave the cap untold; a manifests scan
    // has no nodes by nature, and says so in the message.
    const nodesState = cluster.fetchState('nodes').status;
    if (unchecked.length > 0 && nodesState !== 'absent') {
      return {
        status: 'unknown',
        message: `${unchecked
          .map(c => c.text)
          .join('; ')}: ${cluster.unavailable('nodes')}`,
        evidence: { ...cappedEvidence, fetch: nodesState },
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
        .join('; ')}${zoneNote}${cappedNote}${notes}`,
      evidence: cappedEvidence,
    };
  },
};

/** What a pin to one zone means for the rule's domains. */
function pinNote(rule: SpreadRule): string {
  if (rule.kind !== 'topologySpreadConstraint') return '';
  return rule.constraint?.nodeAffinityPolicy === 'Ignore'
    ? ' (nodeAffinityPolicy Ignore: the other zones still count as domains, empty ones the pods cannot reach)'
    : ', its only domain (nodeAffinityPolicy Honor, the default, counts only the nodes the pods may use)';
}

/** The one zone a pod spec's node selection allows, and what pins it there. */
interface ZonePin {
  zone: string;
  /** `nodeSelector topology.kubernetes.io/zone=eu-1a`, `required node affinity`. */
  by: string;
}

// Workloads share their node selection: the zones it admits are found once per cluster and selection.
const admittedZones = perCluster(() => new Map<string, string[]>());

/**
 * The zone the pods are pinned to, when their nodeSelector and required node affinity admit the
 * nodes of exactly one zone. Taints and readiness are left aside: a topology spread constraint's
 * domains are the nodes that pass node affinity (nodeAffinityPolicy Honor, the default) whatever
 * their taints (nodeTaintsPolicy Ignore, the default), per the TopologySpreadConstraint API
 * reference; the pin is what the spec says, not what the nodes allow today. Undefined when the
 * spec selects no nodes, the nodes are not known, or they span several zones.
 */
function zonePinOf(cluster: ClusterView, podSpec: any): ZonePin | undefined {
  const nodeSelector = podSpec?.nodeSelector;
  const terms =
    podSpec?.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const selects =
    nodeSelector && typeof nodeSelector === 'object'
      ? Object.keys(nodeSelector).length > 0
      : false;
  const hasTerms = Array.isArray(terms) && terms.length > 0;
  if (!selects && !hasTerms) return undefined;
  if (cluster.fetchState('nodes').status !== 'ok') return undefined;
  const memo = admittedZones(cluster);
  const key = JSON.stringify([nodeSelector ?? null, terms ?? null]);
  let zones = memo.get(key);
  if (!zones) {
    zones = distinct(
      cluster
        .list('nodes')
        .filter(n => nodeSelectionAdmits(podSpec, n))
        .map(n => cluster.zoneOfNode(n.metadata.name)),
    );
    memo.set(key, zones);
  }
  if (zones.length !== 1) return undefined;
  const by = [
    selects ? `nodeSelector ${describeLabels(nodeSelector)}` : '',
    hasTerms ? 'required node affinity' : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return { zone: zones[0], by };
}

function describeDomains(cluster: ClusterView, rule: SpreadRule): string {
  return topologyDomains(cluster, rule.topologyKey) === 0
    ? `no usable node carries the label ${rule.topologyKey}, so it keeps no replicas apart`
    : `every usable node has the same ${rule.topologyKey}, so it keeps no replicas apart`;
}
