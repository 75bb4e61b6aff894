/**
 * When a DoNotSchedule topology spread constraint caps how many pods it lets schedule. The
 * scheduler's skew is a domain's matching pods + 1 minus the global minimum over the domains it
 * counts; while that minimum stays 0, each domain takes at most maxSkew pods. It stays 0 when:
 * - minDomains exceeds the domains counted (TopologySpreadConstraint API, "minDomains"), or
 * - a counted domain can never receive a pod: its nodes do not pass the pod's node selection
 *   (counted only under nodeAffinityPolicy Ignore), carry a taint the pod does not tolerate
 *   (counted under nodeTaintsPolicy Ignore, the default: kubeadm's tainted control-plane nodes on
 *   kubernetes.io/hostname), or are NotReady or cordoned. KEP-3094 describes such pods stuck
 *   Pending; Honor leaves those nodes out.
 * An approximation: only the workload's own pods are looked for in a domain (a selector shared
 * with another workload is spread-selector-mismatch's finding), and the cap counts the domains
 * with a node the pods fit now.
 */
import { ClusterView, Workload } from '../../model/view';
import { nodeSelectionAdmits, untoleratedTaints } from '../scheduling';
import { perCluster, plural } from '../util';
import { eligibleDomains, schedulingKey } from './nodeEligibility';
import { constraintDomains, domainUnit, SpreadRule } from './spreadRules';

export interface SpreadCap {
  rule: SpreadRule;
  /** fail: replicas beyond the cap; warn: no room above it (or minDomains unmet); pass: room left. */
  status: 'fail' | 'warn' | 'pass' | 'unknown';
  text: string;
  remediation: string;
  evidence: Record<string, unknown>;
}

const MIN_DOMAINS_REMEDIATION =
  'Lower minDomains to the number of domains the pods can use, or add nodes in more domains (zones); a higher maxSkew also raises the cap.';

const UNREACHABLE_REMEDIATION =
  'Set nodeTaintsPolicy: Honor and nodeAffinityPolicy: Honor on the constraint so domains the pods cannot use are not counted, ' +
  'or let the pods reach those domains (tolerations, node selection); a higher maxSkew also raises the cap.';

/** Why the pods can never be placed in a domain, from its nodes. */
const reasonsByDomain = perCluster(() => new Map<string, string>());

function whyUnreachable(
  cluster: ClusterView,
  workload: Workload,
  rule: SpreadRule,
  domain: string,
): string {
  // Asked for the same few domains (control-plane nodes) by most workloads: once per constraints.
  const memo = reasonsByDomain(cluster);
  const key = `${rule.topologyKey}\n${domain}\n${schedulingKey(
    workload.podSpec,
  )}`;
  let reason = memo.get(key);
  if (reason === undefined) {
    const nodes = cluster
      .list('nodes')
      .filter(n => n.metadata.labels?.[rule.topologyKey] === domain);
    const admitted = nodes.filter(n =>
      nodeSelectionAdmits(workload.podSpec, n),
    );
    if (admitted.length === 0) reason = 'outside the pods’ node selection';
    else if (
      admitted.every(n => untoleratedTaints(workload.podSpec, n).length > 0)
    )
      reason = 'tainted, not tolerated';
    else reason = 'not Ready or cordoned';
    memo.set(key, reason);
  }
  return reason;
}

/** The cap a DoNotSchedule constraint puts on the workload's pods, or undefined when it puts none. */
export function spreadCap(
  cluster: ClusterView,
  workload: Workload,
  rule: SpreadRule,
  replicas: number,
): SpreadCap | undefined {
  const minDomains = rule.constraint?.minDomains;
  const maxSkew = rule.constraint?.maxSkew;
  // Validation (constraintProblem) admits minDomains only as a positive integer with DoNotSchedule.
  if (
    rule.kind !== 'topologySpreadConstraint' ||
    !rule.hard ||
    typeof maxSkew !== 'number'
  )
    return undefined;
  const asksDomains =
    typeof minDomains === 'number' && minDomains >= 2 ? minDomains : undefined;
  const unit = domainUnit(rule);
  const counted = constraintDomains(cluster, workload.podSpec, rule);
  if (counted === undefined) {
    if (asksDomains === undefined) return undefined;
    return {
      rule,
      status: 'unknown',
      text: `${rule.description}: whether the pods can use the ${plural(
        asksDomains,
        unit,
      )} its minDomains asks for cannot be checked without the nodes`,
      remediation: MIN_DOMAINS_REMEDIATION,
      evidence: { minDomains: asksDomains },
    };
  }

  const reachable = new Set(
    eligibleDomains(cluster, workload.podSpec, rule.topologyKey),
  );
  const occupied = new Set<string>();
  if (cluster.fetchState('pods').status === 'ok') {
    for (const pod of cluster.podsOf(workload)) {
      const node = pod.spec?.nodeName
        ? cluster.node(pod.spec.nodeName)
        : undefined;
      const value = node?.metadata.labels?.[rule.topologyKey];
      if (typeof value === 'string') occupied.add(value);
    }
  }
  const empty = counted.filter(d => !reachable.has(d) && !occupied.has(d));
  const fewDomains = asksDomains !== undefined && counted.length < asksDomains;
  if (!fewDomains && empty.length === 0) return undefined;

  const usable = counted.filter(d => reachable.has(d));
  const cap = usable.length * maxSkew;
  const evidence: Record<string, unknown> = {
    ...(asksDomains !== undefined ? { minDomains: asksDomains } : {}),
    domains: counted,
    usableDomains: usable,
    ...(empty.length > 0 ? { emptyUnusableDomains: empty } : {}),
    maxSkew,
    cap,
    replicas,
  };
  const perDomain = `so each ${unit} takes at most ${plural(
    maxSkew,
    'pod',
  )} (maxSkew), ${cap} in all`;
  const found = fewDomains
    ? `${rule.description} asks for ${plural(
        asksDomains!,
        unit,
      )} but the pods can use only ${counted.length}${
        counted.length ? ` (${counted.slice(0, 5).join(', ')})` : ''
      }: with fewer domains than minDomains the scheduler takes the global minimum as 0, ${perDomain}`
    : `${rule.description} counts ${plural(
        empty.length,
        unit,
      )} the pods can never be scheduled in (${empty
        .slice(0, 3)
        .map(d => `${d}: ${whyUnreachable(cluster, workload, rule, d)}`)
        .join('; ')}${
        empty.length > 3 ? '; …' : ''
      }): the global minimum stays 0, ${perDomain}`;
  const remediation = fewDomains
    ? MIN_DOMAINS_REMEDIATION
    : UNREACHABLE_REMEDIATION;
  if (replicas > cap) {
    return {
      rule,
      status: 'fail',
      text: `${found}; ${replicas - cap} of ${plural(
        replicas,
        'replica',
      )} can never be scheduled`,
      remediation,
      evidence,
    };
  }
  return {
    rule,
    // Unmet minDomains is a declared wish the cluster does not meet; a full cap blocks any surge.
    status: fewDomains || replicas === cap ? 'warn' : 'pass',
    text: `${found}; the ${plural(replicas, 'replica')} fit${
      replicas === cap
        ? ', with no room for a rollout surge pod or a scale-up'
        : `, ${plural(
            cap - replicas,
            'more pod',
          )} at most (a rollout surge pod or a scale-up beyond that stays Pending)`
    }`,
    remediation,
    evidence,
  };
}
