import {
  CheckOutcome,
  EntityCheck,
  EntityCheckContext,
} from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { worstStatus } from '../util';
import {
  EXCLUDE_CLUSTERS_PARAMETER,
  judgePresence,
  ClusterPresence,
  PresenceSplit,
} from './presence';
import { SharingLookup, sharingOf } from './serviceSharing';
import { ServiceSharing, SharingMechanism } from './sharingMechanism';

interface Params {
  excludeClusters: string[];
}

/** One Service (namespace/name) of the entity in one of the clusters where it is available. */
interface ServiceCopy {
  cluster: ClusterView;
  service: K8sObject;
  /** The entity's workloads there that the Service selects. */
  workloads: Workload[];
}

interface ServiceVerdict {
  status: CheckOutcome['status'];
  sentence: string;
  /**
   * The clusters it is in, when none of them shares it in any way (a failover outside the
   * clusters may still exist); `sentence` is then empty.
   */
  unsharedIn?: string[];
  evidence: Record<string, unknown>;
}

/** `a ServiceExport …`, `an Istio …`. */
function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The entity's Services in the clusters where it is available, by namespace/name. */
function servicesByName(
  ctx: EntityCheckContext<Params>,
  active: Set<string>,
): Map<string, ServiceCopy[]> {
  const byName = new Map<string, ServiceCopy[]>();
  for (const { cluster, workload } of ctx.workloads) {
    if (!active.has(cluster.name)) continue;
    for (const service of cluster.servicesOf(workload)) {
      const key = `${service.metadata?.namespace}/${service.metadata?.name}`;
      const copies = byName.get(key) ?? [];
      // Several workloads of the entity may sit behind one Service.
      const copy = copies.find(c => c.cluster === cluster);
      if (copy) copy.workloads.push(workload);
      else
        byName.set(key, [
          ...copies,
          { cluster, service, workloads: [workload] },
        ]);
    }
  }
  return byName;
}

type Lookup = SharingLookup & { cluster: string };

/**
 * A cluster whose sharing repeats a value another cluster's sharing of the same mechanism already
 * holds (a Route 53 set-identifier) does not count: it gets the problem.
 */
function withoutRepeats(lookups: Lookup[]): Lookup[] {
  const holders = new Map<string, string>();
  return lookups.map(lookup => ({
    ...lookup,
    sharings: lookup.sharings.map(sharing => {
      if (sharing.problem || !sharing.unique) return sharing;
      const keys = sharing.unique.map(u => ({
        ...u,
        key: `${sharing.mechanism.key}\n${u.field}\n${u.value}`,
      }));
      const repeated = keys.find(k => holders.has(k.key));
      if (repeated)
        return {
          mechanism: sharing.mechanism,
          problem: `its ${repeated.field} ${
            repeated.value
          } is also ${holders.get(
            repeated.key,
          )}'s, and each cluster needs its own`,
        };
      for (const k of keys) holders.set(k.key, lookup.cluster);
      return sharing;
    }),
  }));
}

/** The DNS sharings (by public name) of each cluster's Services, any of them, with the Service. */
type PublicNames = Map<string, Array<{ sharing: ServiceSharing; via: string }>>;

/**
 * Adds to each cluster's lookup the sharings by public name that another of the entity's Services
 * there has: a client of the name reaches the entity whichever Service publishes it.
 */
function withPublicNames(lookups: Lookup[], names: PublicNames): Lookup[] {
  return lookups.map(lookup => {
    const own = new Set(lookup.sharings.map(s => s.mechanism.key));
    const added = (names.get(lookup.cluster) ?? [])
      .filter(({ sharing }) => !own.has(sharing.mechanism.key))
      .map(({ sharing, via }) => ({
        ...sharing,
        note: [`published for ${via}`, sharing.note].filter(Boolean).join('; '),
      }));
    return added.length > 0
      ? { ...lookup, sharings: [...lookup.sharings, ...added] }
      : lookup;
  });
}

/**
 * A sharing by public name that every active cluster has (and none repeats another's
 * set-identifier), for an entity whose Services differ by name between its clusters.
 */
function nameForAll(
  active: string[],
  names: PublicNames,
): SharingMechanism | undefined {
  const lookups = withoutRepeats(
    active.map(cluster => ({
      cluster,
      sharings: (names.get(cluster) ?? []).map(n => n.sharing),
      undecided: [],
    })),
  );
  const held = lookups.map(
    l => new Set(l.sharings.filter(s => !s.problem).map(s => s.mechanism.key)),
  );
  return lookups[0].sharings.find(s =>
    held.every(keys => keys.has(s.mechanism.key)),
  )?.mechanism;
}

/** How one Service, present in several clusters, is shared between them. */
function judgeService(
  name: string,
  copies: ServiceCopy[],
  found: Map<ServiceCopy, SharingLookup>,
  names: PublicNames,
): ServiceVerdict {
  const lookups = withoutRepeats(
    withPublicNames(
      copies.map(copy => ({ cluster: copy.cluster.name, ...found.get(copy)! })),
      names,
    ),
  );
  // Clusters reach each other only through the same mechanism: count, per mechanism, the clusters
  // that share their endpoints that way.
  const sharedBy = new Map<
    string,
    { mechanism: SharingMechanism; clusters: string[] }
  >();
  for (const lookup of lookups)
    for (const { mechanism: way, problem } of lookup.sharings) {
      if (problem) continue;
      const entry = sharedBy.get(way.key) ?? { mechanism: way, clusters: [] };
      entry.clusters.push(lookup.cluster);
      sharedBy.set(way.key, entry);
    }
  const best = [...sharedBy.values()].sort(
    (a, b) => b.clusters.length - a.clusters.length,
  )[0];
  const mechanism = best?.mechanism;
  const sharing = best?.clusters ?? [];
  const clusters = lookups.map(l => l.cluster);
  const evidence = {
    service: name,
    clusters: lookups.map(l => ({
      cluster: l.cluster,
      sharedThrough: l.sharings.map(s => ({
        mechanism: s.mechanism.label,
        ...(s.problem ? { problem: s.problem } : {}),
        ...(s.note ? { note: s.note } : {}),
      })),
      ...(l.undecided.length > 0 ? { undecided: l.undecided } : {}),
    })),
  };
  const notes = lookups.flatMap(l =>
    l.sharings
      .filter(s => s.mechanism.key === mechanism?.key && s.note && !s.problem)
      .map(s => `${l.cluster}: ${s.note}`),
  );
  const notesText = notes.length > 0 ? ` Note: ${notes.join('; ')}.` : '';
  if (mechanism && sharing.length === clusters.length) {
    return {
      status: 'pass',
      sentence: `${name} is shared by ${listNames(
        sharing,
      )} through ${withArticle(mechanism.label)} (${mechanism.clientNote(
        copies[0].service,
      )}).${notesText}`,
      evidence,
    };
  }
  /** Why a cluster's copy is not shared (under the mechanism the others use, when there is one). */
  const whyNot = (lookup: (typeof lookups)[number]): string => {
    const problems = lookup.sharings
      .filter(
        s => s.problem && (!mechanism || s.mechanism.key === mechanism.key),
      )
      .map(s => s.problem);
    if (problems.length > 0) return problems.join('; ');
    if (lookup.undecided.length > 0)
      return `unknown: ${lookup.undecided.join('; ')}`;
    return mechanism
      ? `no ${mechanism.label} there`
      : 'not shared in any way this check reads';
  };
  const unshared = lookups.filter(l => !sharing.includes(l.cluster));
  const unsharedText = unshared
    .map(l => `${l.cluster} (${whyNot(l)})`)
    .join(', ');
  const undecided = lookups.some(
    l => l.undecided.length > 0 && !sharing.includes(l.cluster),
  );
  if (undecided) {
    return {
      status: 'unknown',
      sentence: `Whether ${name} is shared across ${listNames(
        clusters,
      )} cannot be told: ${unsharedText}.`,
      evidence,
    };
  }
  if (mechanism) {
    return {
      status: 'warn',
      sentence: `${name} is shared through ${withArticle(
        mechanism.label,
      )} by ${listNames(
        sharing,
      )} only, not by ${unsharedText}: the other clusters' clients cannot fail over to the copy there.${notesText}`,
      evidence,
    };
  }
  if (lookups.every(l => l.sharings.length === 0)) {
    // Said together with the other Services that nothing shares (see describeUnshared).
    return { status: 'warn', sentence: '', unsharedIn: clusters, evidence };
  }
  return {
    status: 'warn',
    sentence: `${name} is not shared across ${listNames(
      clusters,
    )}: ${unsharedText}.`,
    evidence,
  };
}

/** One sentence per set of clusters for the Services nothing shares between them. */
function describeUnshared(
  verdicts: Array<ServiceVerdict & { name: string }>,
): string[] {
  const byClusters = new Map<string, string[]>();
  for (const v of verdicts) {
    if (!v.unsharedIn) continue;
    const key = listNames(v.unsharedIn);
    byClusters.set(key, [...(byClusters.get(key) ?? []), v.name]);
  }
  return [...byClusters.entries()].map(
    ([clusters, names]) =>
      `${listNames(names)} (in ${clusters}) ${
        names.length === 1 ? 'is' : 'are'
      } shared in none of the ways this check reads (ServiceExport, Cilium global service, Linkerd federated service, k8gb Gslb, Route 53 routing policy by external-dns, Istio multi-network mesh): clients of a cluster that loses its copy do not reach the others.`,
  );
}

const OUTSIDE_NOTE =
  ' A global load balancer or DNS failover in front of the clusters is not visible here: if one routes around a ' +
  'failed cluster, exempt this check on the entity and name it.';

function judge(
  ctx: EntityCheckContext<Params>,
  _presence: ClusterPresence[],
  split: PresenceSplit,
): CheckOutcome {
  const active = split.active.map(p => p.cluster);
  if (active.length < 2) {
    return {
      status: 'skipped',
      message: `Available in one cluster only (${active[0]}): there is no other cluster to fail over to (dr-multi-cluster judges that).`,
    };
  }
  const byName = servicesByName(ctx, new Set(active));
  if (byName.size === 0) {
    return {
      status: 'skipped',
      message: `No Service selects its pods in ${listNames(
        active,
      )}: it takes no traffic through a Service, so there is none to fail over.`,
    };
  }
  // Every copy's sharings, once; and each cluster's sharings by public name, from any Service.
  const found = new Map<ServiceCopy, SharingLookup>();
  const names: PublicNames = new Map();
  for (const [name, copies] of byName)
    for (const copy of copies) {
      const lookup = sharingOf(copy.cluster, copy.service, copy.workloads);
      found.set(copy, lookup);
      for (const sharing of lookup.sharings)
        if (sharing.mechanism.byName) {
          const pooled = names.get(copy.cluster.name) ?? [];
          pooled.push({ sharing, via: `Service ${name}` });
          names.set(copy.cluster.name, pooled);
        }
    }
  const acrossClusters = [...byName.entries()].filter(
    ([, copies]) => copies.length >= 2,
  );
  if (acrossClusters.length === 0) {
    const differ = `Its Services differ between its clusters (${[
      ...byName.entries(),
    ]
      .map(([name, copies]) => `${name} in ${copies[0].cluster.name}`)
      .join(', ')})`;
    const publicName = nameForAll(active, names);
    if (publicName)
      return {
        status: 'pass',
        message: `${differ}, but clients reach it in ${listNames(
          active,
        )} through ${withArticle(publicName.label)} (${publicName.clientNote(
          [...byName.values()][0][0].service,
        )}).`,
        evidence: { services: [...byName.keys()] },
      };
    return {
      status: 'warn',
      message: `${differ}: a Service is shared across clusters by its namespace and name, so none of them can fail over.`,
      evidence: { services: [...byName.keys()] },
    };
  }
  const verdicts = acrossClusters.map(([name, copies]) => ({
    name,
    ...judgeService(name, copies, found, names),
  }));
  const status = worstStatus(verdicts.map(v => v.status));
  const sentences = [
    ...verdicts.filter(v => v.sentence !== '').map(v => v.sentence),
    ...describeUnshared(verdicts),
  ];
  const outsideNote =
    status === 'warn' &&
    verdicts.every(v => v.status !== 'pass') &&
    verdicts.some(v => v.unsharedIn)
      ? OUTSIDE_NOTE
      : '';
  return {
    status,
    message: `${sentences.join(' ')}${outsideNote}`,
    evidence: { services: verdicts.map(v => v.evidence) },
  };
}

export const drTrafficFailover: EntityCheck<Params> = {
  id: 'dr-traffic-failover',
  title: "Traffic can fail over between the service's clusters",
  category: 'dr',
  severity: 'low',
  scope: 'entity',
  rationale:
    'A copy in a second cluster only helps the clients of a failed cluster if their traffic can reach it. That ' +
    'takes a Service shared by every cluster that runs it: exported with the Multi-Cluster Services API ' +
    '(ServiceExport), a Cilium Cluster Mesh global service, a member of a Linkerd federated service (in a ' +
    'cluster with a Link to the others, whose federatedServiceSelector picks the Service), the ' +
    'backend of an Ingress whose hosts a k8gb Gslb balances over the clusters, or of a LoadBalancer Service, ' +
    'Ingress or Gateway API route that external-dns publishes in Route 53 with a routing policy (weighted, latency, failover, ' +
    'geolocation, multivalue answer) and a set-identifier of its own in each cluster; a plain record of the same ' +
    'name from several clusters is not a failover, since one cluster owns it. A public name (k8gb, Route 53) counts ' +
    "for all of the entity's Services in a cluster, whichever of them publishes it. A ServiceExport its controller " +
    'marks invalid or imported into no ServiceImport there, a global service whose endpoints are not shared, a Service Linkerd only mirrors, or a Gslb ' +
    'that reports the host unhealthy does not count. Meshed pods behind an Istio east-west gateway (a mesh over ' +
    'several networks: an AUTO_PASSTHROUGH Gateway for sidecars, an istio-east-west class Gateway for ambient ' +
    'pods, whose Services must also be labelled istio.io/global: "true") are shared too, unless istiod\'s ' +
    'MeshConfig keeps the Service clusterLocal; a MeshConfig that ' +
    'cannot be read leaves that unknown, not a pass.',
  remediation:
    'Share the Service from every cluster that runs it: a ServiceExport of the same namespace and name for your ' +
    'Multi-Cluster Services implementation (GKE, Submariner, the AWS Cloud Map MCS controller, Cilium) with ' +
    'clients calling <service>.<namespace>.svc.clusterset.local, the annotation service.cilium.io/global: "true" ' +
    "in a Cilium Cluster Mesh, the label mirror.linkerd.io/federated: member (or what the Links' " +
    'federatedServiceSelector picks) with a Link to the other clusters in each (linkerd multicluster link-gen) and ' +
    'clients calling <service>-federated, a k8gb Gslb in each cluster for the Ingress hosts that reach it, or external-dns ' +
    'annotations on its Ingress, route or LoadBalancer Service in each cluster with one Route 53 routing policy ' +
    '(external-dns.kubernetes.io/aws-weight, aws-failover, ..., external-dns.alpha.kubernetes.io/ before ' +
    'external-dns v0.22.0), a set-identifier per cluster and an aws-health-check-id; in an Istio mesh over several ' +
    'networks, an east-west gateway in each cluster for its data plane, and the label istio.io/global: "true" on ' +
    'the Service for ambient pods. If a global load ' +
    'balancer or DNS failover outside the clusters switches traffic, exempt this check on the entity with the ' +
    'annotation ha-posture.io/exempt-dr-traffic-failover naming it.',
  parameters: { excludeClusters: EXCLUDE_CLUSTERS_PARAMETER },
  references: [
    'https://github.com/kubernetes/enhancements/tree/master/keps/sig-multicluster/1645-multi-cluster-services-api',
    'https://docs.cilium.io/en/stable/network/clustermesh/services/',
    'https://cloud.google.com/kubernetes-engine/docs/concepts/multi-cluster-services',
    'https://linkerd.io/2/tasks/federated-services/',
    'https://www.k8gb.io/',
    'https://kubernetes-sigs.github.io/external-dns/latest/docs/annotations/annotations/',
  ],
  evaluate(ctx) {
    return judgePresence(ctx, judge);
  },
};
