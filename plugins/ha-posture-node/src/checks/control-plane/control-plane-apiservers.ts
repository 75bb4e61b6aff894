import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { distinct, formatAge, notEvaluable, plural, podIsReady } from '../util';
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
  /** Hostnames of live identity leases that no node and no static pod placed. */
  unmapped: string[];
  /** Nodes found through the kube-apiserver static pods for leases whose hostname matched no node. */
  placedByPods: string[];
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

/** The nodes of the Ready kube-apiserver static (mirror) pods. */
function readyApiServerPodNodes(cluster: ClusterView): string[] {
  if (cluster.fetchState('pods').status !== 'ok') return [];
  return distinct(
    componentPods(cluster, 'kube-apiserver')
      .filter(podIsReady)
      .map(p => p.spec?.nodeName),
  );
}

/**
 * Places the live API servers by their identity leases' hostnames. The lease carries the OS
 * hostname, which differs from the node name when the kubelet overrides it (--hostname-override,
 * cloud providers naming nodes by FQDN or instance ID). Leases whose hostname matches no node are
 * placed on the Ready kube-apiserver static pods' nodes that no matched lease covers, when there
 * are no more such nodes than unmatched leases; the rest stay unplaced.
 */
function placeLeases(
  cluster: ClusterView,
  hostnames: Array<string | undefined>,
): ApiServers {
  const nodes = hostnames.map(h => nodeOfHostname(cluster, h));
  const unmatched = nodes.flatMap((n, i) => (n === undefined ? [i] : []));
  let placedByPods: string[] = [];
  if (unmatched.length > 0) {
    const podNodes = readyApiServerPodNodes(cluster).filter(
      n => !nodes.includes(n),
    );
    if (podNodes.length <= unmatched.length) {
      placedByPods = podNodes;
      podNodes.forEach((podNode, k) => {
        nodes[unmatched[k]] = podNode;
      });
    }
  }
  return {
    source: 'identity-leases',
    nodes,
    unmapped: hostnames
      .filter((_h, i) => nodes[i] === undefined)
      .map(h => h ?? '(no hostname label)'),
    placedByPods,
  };
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
      minimum: 1,
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
      found = placeLeases(
        cluster,
        live.map(({ lease }) => lease.metadata.labels?.[HOSTNAME_LABEL]),
      );
    } else {
      const pods =
        cluster.fetchState('pods').status === 'ok'
          ? componentPods(cluster, 'kube-apiserver')
          : [];
      if (pods.length > 0) {
        found = {
          source: 'static-pods',
          nodes: pods.filter(podIsReady).map(p => p.spec?.nodeName),
          unmapped: [],
          placedByPods: [],
        };
      } else if (cluster.flavor === 'k3s') {
        found = {
          source: 'k3s-servers',
          nodes: readyK3sServers(cluster).map(n => n.metadata.name),
          unmapped: [],
          placedByPods: [],
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
    const { unmapped, placedByPods } = found;
    // Zones exist in this cluster when any node carries one: then an unplaced API server could be anywhere.
    const nodeZones = distinct(
      cluster.list('nodes').map(n => cluster.zoneOfNode(n.metadata.name)),
    );
    const evidence = {
      source: found.source,
      apiServers: count,
      nodes,
      zones,
      staleLeases: stale,
      leaseFreshSeconds: params.leaseFreshSeconds,
      ...(placedByPods.length > 0 ? { placedByStaticPods: placedByPods } : {}),
      ...(unmapped.length > 0 ? { unmappedLeaseHostnames: unmapped } : {}),
    };
    const unmappedNote =
      unmapped.length > 0
        ? `; not placed on a node: the identity lease hostname${
            unmapped.length === 1 ? '' : 's'
          } ${unmapped.join(', ')} match${
            unmapped.length === 1 ? 'es' : ''
          } no node name or ${HOSTNAME_LABEL} label, and no Ready kube-apiserver static pod accounts for ${
            unmapped.length === 1 ? 'it' : 'them'
          }`
        : '';
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
        message: `Only ${counted}: the Kubernetes API goes down with that one instance${unmappedNote}${staleNote}`,
        evidence,
      };
    }
    if (count === 2) {
      return {
        status: 'warn',
        message: `Only ${counted}${inZones(
          zones,
        )}: losing one leaves no redundancy${unmappedNote}${staleNote}`,
        evidence,
      };
    }
    if (zones.length >= 2) {
      return {
        status: 'pass',
        message: `${counted}${inZones(zones)}${unmappedNote}${staleNote}`,
        evidence,
      };
    }
    // API servers whose zone is not known: not placed on a node, or on a node without a zone label.
    const unlabelled = nodes.filter(n => cluster.zoneOfNode(n) === undefined);
    // Per instance: a lease matching no node, a static pod without nodeName, a node without zone.
    const unzoned = found.nodes.filter(
      n => n === undefined || cluster.zoneOfNode(n) === undefined,
    ).length;
    if (unzoned === 0) {
      return {
        status: 'warn',
        message: `${counted}, but all in zone ${zones[0]}: a zone outage takes the API down${staleNote}`,
        remediation:
          'Move or add control-plane nodes so the API servers span at least 2 zones (3 preferred).',
        evidence,
      };
    }
    if (nodeZones.length > 0) {
      // rules CP1: single-zone API servers warn, so a pass needs their zones; the nodes are zoned, so
      // the API servers could all be in one zone.
      const placedNote =
        zones.length === 1
          ? `, ${count - unzoned} of them in zone ${zones[0]}`
          : '';
      const unlabelledNote =
        unlabelled.length > 0
          ? `; no zone label on ${unlabelled.join(', ')}`
          : '';
      return {
        status: 'unknown',
        message:
          `${counted}${placedNote}: their zone spread cannot be told although the nodes are zoned ` +
          `(${nodeZones.join(
            ', ',
          )})${unmappedNote}${unlabelledNote}${staleNote}`,
        remediation:
          'Check where the API servers run (kubectl -n kube-system get pods -l component=kube-apiserver -o wide, or ' +
          'the openshift-kube-apiserver pods) and that their nodes carry topology.kubernetes.io/zone; a dump should ' +
          'include the kube-apiserver mirror pods.',
        evidence: { ...evidence, nodeZones },
      };
    }
    const zoneNote =
      unmapped.length > 0
        ? ` (zones unknown: no node carries a zone label${unmappedNote})`
        : ' (zones unknown: the nodes carry no zone labels)';
    return {
      status: 'pass',
      message: `${counted}${zoneNote}${staleNote}`,
      evidence,
    };
  },
};
