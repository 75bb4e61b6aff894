import { HaStatus } from '@ha-posture/plugin-ha-posture-common';
import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import {
  formatAge,
  notEvaluable,
  plural,
  podIsReady,
  worstStatus,
} from '../util';
import {
  ControlPlaneComponent,
  LEASES,
  componentPods,
  leaseAgeSeconds,
  readyK3sServers,
  skipWhenManaged,
} from './controlPlaneSignals';

interface Params {
  minInstances: number;
}

type LeaderElected = Extract<
  ControlPlaneComponent,
  'kube-scheduler' | 'kube-controller-manager'
>;
const COMPONENTS: LeaderElected[] = [
  'kube-scheduler',
  'kube-controller-manager',
];

/** client-go's default --leader-elect-lease-duration. */
const DEFAULT_LEASE_DURATION_SECONDS = 15;

interface ComponentVerdict {
  status: Exclude<HaStatus, 'exempt' | 'skipped'>;
  summary: string;
  evidence: Record<string, unknown>;
  /** Unknown because no static pod is visible (not because the leader could not be verified). */
  noPods?: boolean;
}

/**
 * Namespaces that may hold a component's leader lease (named after the component), in order.
 * kube-system by default; OpenShift's scheduler keeps it in openshift-kube-scheduler
 * (cluster-kube-scheduler-operator bindata/assets/config/defaultconfig.yaml sets
 * leaderElection.resourceNamespace; releases whose config did not set it used kube-system).
 * OpenShift's kube-controller-manager sets no resource namespace and keeps kube-system
 * (cluster-kube-controller-manager-operator defaultconfig.yaml; its e2e TestKCMRecovery reads
 * kube-system/kube-controller-manager).
 */
export function leaderLeaseNamespaces(
  cluster: ClusterView,
  component: LeaderElected,
): string[] {
  return cluster.flavor === 'openshift' && component === 'kube-scheduler'
    ? ['openshift-kube-scheduler', 'kube-system']
    : ['kube-system'];
}

/** The leader lease (<namespace>/<component>): who holds it and whether it is renewed in time. */
function leaderOf(cluster: ClusterView, component: LeaderElected) {
  if (cluster.fetchState(LEASES).status !== 'ok') return undefined;
  const lease = leaderLeaseNamespaces(cluster, component)
    .map(ns => cluster.get(LEASES, ns, component))
    .find(l => l !== undefined);
  if (!lease) return undefined;
  const age = leaseAgeSeconds(lease, cluster.now);
  const duration =
    Number(lease.spec?.leaseDurationSeconds) || DEFAULT_LEASE_DURATION_SECONDS;
  // holderIdentity is `<hostname>_<uuid>`.
  const holder =
    String(lease.spec?.holderIdentity ?? '').split('_')[0] || undefined;
  return {
    lease: `${lease.metadata.namespace}/${lease.metadata.name}`,
    holder,
    ageSeconds: age === undefined ? undefined : Math.round(age),
    leaseDurationSeconds: duration,
    healthy: holder !== undefined && age !== undefined && age <= duration,
    transitions: lease.spec?.leaseTransitions,
  };
}

/**
 * Why a component's leader could not be verified where its lease must exist, or undefined. Only
 * OpenShift's scheduler: it always runs with leader election, and its lease lives in
 * openshift-kube-scheduler, which a dump or collector (without the Role there) may have missed;
 * elsewhere a missing lease leaves the verdict to the instance count, as before.
 */
function unverifiedLeader(
  cluster: ClusterView,
  component: LeaderElected,
): string | undefined {
  if (cluster.flavor !== 'openshift' || component !== 'kube-scheduler')
    return undefined;
  const unreadable = cluster.unavailable(LEASES);
  if (unreadable) return `its leader could not be verified: ${unreadable}`;
  const where = leaderLeaseNamespaces(cluster, component)
    .map(ns => `${ns}/${component}`)
    .join(' or ');
  // The collector's note when it could not list an optional namespace (e.g. no Role there).
  const note = cluster.fetchState(LEASES).message;
  return `its leader could not be verified: no lease ${where}${
    note
      ? ` (${note})`
      : ' (for a dump: kubectl get leases -n openshift-kube-scheduler)'
  }`;
}

/** The summary's note on the leader lease; empty when there is no lease to report on. */
function describeLeader(leader: ReturnType<typeof leaderOf>): string {
  if (!leader) return '';
  if (leader.healthy) {
    return `, leader ${leader.holder} renewed ${formatAge(
      leader.ageSeconds ?? 0,
    )} ago`;
  }
  const renewed =
    leader.ageSeconds === undefined
      ? 'never'
      : `${formatAge(leader.ageSeconds)} ago`;
  return `, but its leader lease was last renewed ${renewed} (lease duration ${leader.leaseDurationSeconds}s): no active leader`;
}

function judgeComponent(
  cluster: ClusterView,
  component: LeaderElected,
  minInstances: number,
): ComponentVerdict {
  const leader = leaderOf(cluster, component);
  // k3s runs the scheduler and controller manager inside every server process.
  const k3s = cluster.flavor === 'k3s';
  const pods =
    k3s || cluster.fetchState('pods').status !== 'ok'
      ? []
      : componentPods(cluster, component);
  const instances = k3s
    ? readyK3sServers(cluster).map(n => n.metadata.name)
    : pods.filter(podIsReady).map(p => p.spec?.nodeName ?? p.metadata.name);
  const evidence = {
    source: k3s ? 'k3s-servers' : 'static-pods',
    instances,
    leader,
  };
  const leaderNote = describeLeader(leader);

  if (!k3s && pods.length === 0) {
    return {
      status: 'unknown',
      summary: `${component}: no static pods visible${
        leader?.healthy ? ` (a leader, ${leader.holder}, is active)` : ''
      }`,
      evidence,
      noPods: true,
    };
  }
  const counted = `${plural(instances.length, 'Ready instance')}${
    instances.length ? ` (${instances.join(', ')})` : ''
  }`;
  if (instances.length < minInstances) {
    return {
      status: 'fail',
      summary: `${component}: only ${counted}${leaderNote}`,
      evidence,
    };
  }
  const unverified = leader ? undefined : unverifiedLeader(cluster, component);
  if (unverified)
    return {
      status: 'unknown',
      summary: `${component}: ${counted}, but ${unverified}`,
      evidence: { ...evidence, leaderUnverified: unverified },
    };
  if (leader && !leader.healthy)
    return {
      status: 'warn',
      summary: `${component}: ${counted}${leaderNote}`,
      evidence,
    };
  return {
    status: 'pass',
    summary: `${component}: ${counted}${leaderNote}`,
    evidence,
  };
}

export const controlPlaneSchedulerControllerManager: ClusterCheck<Params> = {
  id: 'control-plane-scheduler-controller-manager',
  title: 'Redundant scheduler and controller manager with a live leader',
  category: 'control-plane',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'Without a running kube-scheduler new and evicted pods stay Pending; without kube-controller-manager ' +
    'nothing replaces failed pods or nodes. Standby instances take over through leader election within seconds.',
  remediation:
    'Run the scheduler and controller manager on at least 2 control-plane nodes with --leader-elect=true ' +
    '(kubeadm does this on every control-plane node).',
  parameters: {
    minInstances: {
      description: 'Ready instances each component needs.',
      default: 2,
      minimum: 1,
      integer: true,
    },
  },
  references: [
    'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/',
    'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/',
    'https://kubernetes.io/docs/concepts/architecture/leases/#leader-election',
  ],
  evaluate({ cluster, params }): CheckOutcome {
    const missing = notEvaluable(cluster, 'nodes') ?? skipWhenManaged(cluster);
    if (missing) return missing;
    const verdicts = COMPONENTS.map(c =>
      judgeComponent(cluster, c, params.minInstances),
    );
    const status = worstStatus(verdicts.map(v => v.status));
    const unknownNote =
      status === 'unknown' && verdicts.some(v => v.noPods)
        ? `. ${
            cluster.unavailable('pods') ??
            'They may run outside Kubernetes (e.g. as systemd services)'
          }`
        : '';
    return {
      status,
      message: `${verdicts.map(v => v.summary).join('; ')}${unknownNote}`,
      evidence: Object.fromEntries(
        COMPONENTS.map((c, i) => [c, verdicts[i].evidence]),
      ),
    };
  },
};
