import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { formatAge, notEvaluable, plural, podIsReady } from '../util';
import {
  LEASES,
  componentPods,
  inZones,
  leaseAgeSeconds,
  readyK3sServers,
  skipWhenManaged,
} from './controlPlaneSignals';
import { spreadOf } from '../nodes/nodeFacts';

interface Params {
  leaseFreshSeconds: number;
}

const IDENTITY_LABEL = 'apiserver.kubernetes.io/identity';
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

interface ApiServers {
  source: 'identity-leases' | 'static-pods' | 'k3s-servers';
  /** Node of each live API server (undefined when it cannot be mapped to a node). */
  nodes: Array<string | undefined>;
}

/** Identity leases carry the API server's hostname, which is normally the node name. */
function nodeOfHostname(
  cluster: ClusterView,
  hostname: string | undefined,
): string | undefined {
  if (!hostname) return undefined;
  if (cluster.node(hostname)) return hostname;
  return cluster
    .list('nodes')
    .find(n => n.metadata?.labels?.[HOSTNAME_LABEL] === hostname)?.metadata
    .name;
}

function staleLeaseEvidence(lease: K8sObject, age: number | undefined) {
  return {
    name: lease.metadata.name,
    hostname: lease.metadata.labels?.[HOSTNAME_LABEL],
    ageSeconds: age === undefined ? undefined : Math.round(age),
  };
}

export const controlPlaneApiservers: ClusterCheck<Params> = {
  id: 'control-plane-apiservers',
  title: 'Several live API servers across zones',
  category: 'control-plane',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'With a single kube-apiserver, losing its node stops every controller, scheduler and kubectl call: ' +
    'running pods keep serving, but nothing heals, scales or deploys until it is back.',
  remediation:
    'Run at least 3 API servers on control-plane nodes in different zones behind a load balancer ' +
    '(kubeadm: join more nodes with --control-plane).',
  parameters: {
    leaseFreshSeconds: {
      description:
        'An API server identity lease renewed less than this many seconds ago (cluster clock) counts as live; ' +
        'leases of dead API servers linger for up to an hour.',
      default: 60,
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/architecture/leases/#api-server-identity',
    'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/',
  ],
  evaluate({ cluster, params }): CheckOutcome {
    const missing = notEvaluable(cluster, 'nodes') ?? skipWhenManaged(cluster);
    if (missing) return missing;

    const identityLeases =
      cluster.fetchState(LEASES).status === 'ok'
        ? cluster
            .inNamespace(LEASES, 'kube-system')
            .filter(
              l => l.metadata.labels?.[IDENTITY_LABEL] === 'kube-apiserver',
            )
        : [];
    const aged = identityLeases.map(lease => ({
      lease,
      age: leaseAgeSeconds(lease, cluster.now),
    }));
    const live = aged.filter(
      ({ age }) => age !== undefined && age <= params.leaseFreshSeconds,
    );
    const stale = aged
      .filter(({ age }) => age === undefined || age > params.leaseFreshSeconds)
      .map(({ lease, age }) => staleLeaseEvidence(lease, age));

    let found: ApiServers | undefined;
    if (live.length > 0) {
      found = {
        source: 'identity-leases',
        nodes: live.map(({ lease }) =>
          nodeOfHostname(cluster, lease.metadata.labels?.[HOSTNAME_LABEL]),
        ),
      };
    } else {
      const pods =
        cluster.fetchState('pods').status === 'ok'
          ? componentPods(cluster, 'kube-apiserver')
          : [];
      if (pods.length > 0) {
        found = {
          source: 'static-pods',
          nodes: pods.filter(podIsReady).map(p => p.spec?.nodeName),
        };
      } else if (cluster.flavor === 'k3s') {
        found = {
          source: 'k3s-servers',
          nodes: readyK3sServers(cluster).map(n => n.metadata.name),
        };
      }
    }
    if (!found) {
      return {
        status: 'unknown',
        message:
          cluster.unavailable(LEASES, 'pods') ??
          'No live kube-apiserver identity leases and no kube-apiserver static pods found, so the API servers cannot be counted',
        evidence: { flavor: cluster.flavor, staleLeases: stale },
      };
    }

    const count = found.nodes.length;
    const { nodes, zones } = spreadOf(cluster, found.nodes);
    const staleNote =
      stale.length > 0
        ? `; ignored ${plural(stale.length, 'stale identity lease')} (${stale
            .map(
              s =>
                `${s.hostname ?? s.name}${
                  s.ageSeconds === undefined
                    ? ''
                    : `, ${formatAge(s.ageSeconds)} old`
                }`,
            )
            .join('; ')})`
        : '';
    const evidence = {
      source: found.source,
      apiServers: count,
      nodes,
      zones,
      staleLeases: stale,
      leaseFreshSeconds: params.leaseFreshSeconds,
    };
    const counted = `${plural(count, 'live API server')}${
      nodes.length > 0 ? ` (${nodes.join(', ')})` : ''
    }`;

    if (count === 0) {
      return {
        status: 'fail',
        message: `No Ready API server found (${found.source})${staleNote}`,
        evidence,
      };
    }
    if (count === 1) {
      return {
        status: 'fail',
        message: `Only ${counted}: the Kubernetes API goes down with that one instance${staleNote}`,
        evidence,
      };
    }
    if (count === 2) {
      return {
        status: 'warn',
        message: `Only ${counted}${inZones(
          zones,
        )}: losing one leaves no redundancy${staleNote}`,
        evidence,
      };
    }
    if (zones.length === 1) {
      return {
        status: 'warn',
        message: `${counted}, but all in zone ${zones[0]}: a zone outage takes the API down${staleNote}`,
        remediation:
          'Move or add control-plane nodes so the API servers span at least 2 zones (3 preferred).',
        evidence,
      };
    }
    const zoneNote =
      zones.length === 0
        ? ' (zones unknown: the nodes carry no zone labels)'
        : inZones(zones);
    return {
      status: 'pass',
      message: `${counted}${zoneNote}${staleNote}`,
      evidence,
    };
  },
};
