/**
 * How one cluster shares a Service with the other clusters it is joined to, so that their clients
 * can reach its endpoints when their own are gone (dr-traffic-failover; rules section 8 names the
 * Multi-Cluster Services API and Cilium Cluster Mesh as the in-cluster signals; Linkerd's
 * federated services, k8gb's global DNS load balancing, external-dns's Route 53 routing policies
 * and Istio multi-network meshes are the others).
 */
import { ResourceKey } from '../../model/resources';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { matchesLabelSelector } from '../../engine/labels';
import { describeObject, listOf, perCluster } from '../util';
import { externalDnsSharing } from './externalDnsSharing';
import { istioSharing } from './istioMesh';
import { k8gbSharing } from './k8gbSharing';
import { ServiceSharing, SharingMechanism } from './sharingMechanism';

const clustersetName = (service: K8sObject) =>
  `clients address it as ${service.metadata?.name}.${service.metadata?.namespace}.svc.clusterset.local`;

const MCS: SharingMechanism = {
  key: 'mcs',
  label: 'ServiceExport (multicluster.x-k8s.io)',
  clientNote: clustersetName,
};
const GKE_MCS: SharingMechanism = {
  key: 'gke-mcs',
  label: 'ServiceExport (net.gke.io)',
  clientNote: clustersetName,
};
const CILIUM_GLOBAL: SharingMechanism = {
  key: 'cilium-global',
  label: 'Cilium global service',
  clientNote: () =>
    'Cilium balances its usual name over the clusters of the mesh',
};

const LINKERD_FEDERATED: SharingMechanism = {
  key: 'linkerd-federated',
  label: 'Linkerd federated service',
  clientNote: service =>
    `clients call ${service.metadata?.name}-federated.${service.metadata?.namespace}, which Linkerd balances over every member cluster`,
};

/** Each MCS API group's ServiceExports, and the ServiceImports its controller creates from them. */
const EXPORTS: Array<{
  key: ResourceKey;
  imports: ResourceKey;
  mechanism: SharingMechanism;
}> = [
  {
    key: 'serviceexports.multicluster.x-k8s.io',
    imports: 'serviceimports.multicluster.x-k8s.io',
    mechanism: MCS,
  },
  {
    key: 'serviceexports.net.gke.io',
    imports: 'serviceimports.net.gke.io',
    mechanism: GKE_MCS,
  },
];

export interface SharingLookup {
  sharings: ServiceSharing[];
  /**
   * Why whether it is shared cannot be told in this cluster: a kind that could not be read
   * (forbidden, unreachable), a Gslb on a kind not followed, an Istio MeshConfig not read.
   */
  undecided: string[];
}

/**
 * Conditions of a ServiceExport whose `False` means it is not exported: `Valid` and `Ready` (MCS
 * API), `Initialized` and `Exported` (GKE).
 */
const EXPORTED_CONDITIONS = ['Valid', 'Ready', 'Initialized', 'Exported'];

function exportProblem(serviceExport: K8sObject): string | undefined {
  const conditions = serviceExport.status?.conditions;
  const name = describeObject(serviceExport, 'ServiceExport');
  if (!Array.isArray(conditions) || conditions.length === 0)
    return `${name} has no status: no multi-cluster controller has taken it up`;
  const refused = conditions.find(
    c => EXPORTED_CONDITIONS.includes(c?.type) && c?.status === 'False',
  );
  if (!refused) return undefined;
  const why = [refused.reason, refused.message]
    .filter(v => typeof v === 'string' && v !== '')
    .join(': ');
  return `${name} is not exported (${refused.type} False${
    why ? `, ${why}` : ''
  })`;
}

/**
 * The clusterset's Service as this cluster's clients see it: the MCS controller creates a
 * ServiceImport of the same namespace and name in every cluster of the clusterset (GKE, Submariner,
 * the AWS Cloud Map controller and Cilium alike), and the clusterset name resolves only where it
 * exists. Without one beside a valid export, no controller imported it here. Unreadable or not
 * installed ServiceImports say nothing either way.
 */
function importProblem(
  cluster: ClusterView,
  imports: ResourceKey,
  serviceExport: K8sObject,
): string | undefined {
  if (cluster.fetchState(imports).status !== 'ok') return undefined;
  const namespace = serviceExport.metadata?.namespace ?? 'default';
  const name = serviceExport.metadata?.name ?? '';
  if (cluster.get(imports, namespace, name)) return undefined;
  return (
    `${describeObject(
      serviceExport,
      'ServiceExport',
    )} is valid, but there is no ServiceImport ` +
    `${namespace}/${name} in this cluster: no multi-cluster controller imported the clusterset's Service here, ` +
    `so its clients cannot resolve ${name}.${namespace}.svc.clusterset.local`
  );
}

function exportNote(serviceExport: K8sObject): string | undefined {
  const conflict = serviceExport.status?.conditions?.find?.(
    (c: any) => c?.type === 'Conflict' && c?.status === 'True',
  );
  if (!conflict) return undefined;
  return `${describeObject(serviceExport, 'ServiceExport')} conflicts with ${
    typeof conflict.message === 'string' && conflict.message !== ''
      ? `another cluster's export: ${conflict.message}`
      : "another cluster's export of the same name"
  }`;
}

function annotation(service: K8sObject, ...keys: string[]): string | undefined {
  const annotations = service.metadata?.annotations ?? {};
  for (const key of keys) {
    const value = annotations[key];
    if (typeof value === 'string') return value.toLowerCase();
  }
  return undefined;
}

/**
 * Cilium's clustermesh-apiserver: the other clusters of a Cluster Mesh read this cluster's
 * Services and endpoints from it. Undefined when none runs.
 */
const clustermeshApiserver = perCluster(cluster =>
  cluster
    .list('deployments.apps')
    .find(d => d.metadata?.name === 'clustermesh-apiserver'),
);

/**
 * The Service as a Cilium global service; a string when whether its endpoints are shared cannot
 * be read; undefined when it is not global.
 */
function ciliumSharing(
  cluster: ClusterView,
  service: K8sObject,
): ServiceSharing | string | undefined {
  // Current and pre-1.15 annotation names.
  if (
    annotation(
      service,
      'service.cilium.io/global',
      'io.cilium/global-service',
    ) !== 'true'
  )
    return undefined;
  if (
    annotation(
      service,
      'service.cilium.io/shared',
      'io.cilium/shared-service',
    ) === 'false'
  )
    return {
      mechanism: CILIUM_GLOBAL,
      problem: `${describeObject(
        service,
        'Service',
      )} is global but not shared (service.cilium.io/shared: "false"): its endpoints stay in this cluster`,
    };
  if (cluster.fetchState('deployments.apps').status !== 'ok')
    return cluster.unavailable('deployments.apps')!;
  const apiserver = clustermeshApiserver(cluster);
  if (!apiserver)
    return {
      mechanism: CILIUM_GLOBAL,
      problem:
        'no clustermesh-apiserver Deployment runs here, so no other cluster of the mesh reads its endpoints ' +
        '(unless the mesh uses an external etcd, which is not visible)',
    };
  if ((apiserver.status?.availableReplicas ?? 0) < 1)
    return {
      mechanism: CILIUM_GLOBAL,
      problem: `${describeObject(
        apiserver,
        'Deployment',
      )} has no available replica, so the other clusters of the mesh cannot read its endpoints`,
    };
  return { mechanism: CILIUM_GLOBAL };
}

const LINKS = 'links.multicluster.linkerd.io';
const FEDERATED_LABEL = 'mirror.linkerd.io/federated';

/** A label selector that selects something: Linkerd takes an empty one as selecting nothing. */
function selectsSomething(selector: any): boolean {
  return (
    Object.keys(selector?.matchLabels ?? {}).length > 0 ||
    listOf(selector?.matchExpressions).length > 0
  );
}

/**
 * The Service as a member of a Linkerd federated service (Linkerd 2.17+). A cluster's Links
 * (`linkerd multicluster link-gen`, one per cluster it reads from) say which Services join: their
 * federatedServiceSelector, `mirror.linkerd.io/federated: member` by default. Which cluster a Link
 * points at is Linkerd's name for it, not this portal's, so Links are not matched to clusters: the
 * cluster's own Links' selectors stand for its peers' (link-gen gives them all the same default).
 * A cluster without any Link federates nothing from the others, so its clients' `<name>-federated`
 * holds only its own endpoints. A Service exported for mirroring only gives other clusters a
 * separate `<name>-<cluster>` Service to call, which is no failover of this one. A string when the
 * cluster's Links cannot be read.
 */
function linkerdSharing(
  cluster: ClusterView,
  service: K8sObject,
): ServiceSharing | string | undefined {
  const labels = service.metadata?.labels ?? {};
  const state = cluster.fetchState(LINKS);
  const links = state.status === 'ok' ? cluster.list(LINKS) : [];
  const selectors = links
    .map(link => link.spec?.federatedServiceSelector)
    .filter(selectsSomething);
  const member =
    selectors.length > 0
      ? selectors.some(selector => matchesLabelSelector(selector, labels))
      : labels[FEDERATED_LABEL] === 'member';
  if (member) {
    if (state.status === 'not-installed')
      return {
        mechanism: LINKERD_FEDERATED,
        problem:
          "Linkerd's multicluster Link is not installed in this cluster, so it federates no other cluster's " +
          'endpoints and its clients cannot fail over',
      };
    if (state.status !== 'ok') return cluster.unavailable(LINKS)!;
    if (links.length === 0)
      return {
        mechanism: LINKERD_FEDERATED,
        problem: `no Linkerd Link in this cluster: its clients' ${service.metadata?.name}-federated holds only its own endpoints`,
      };
    return { mechanism: LINKERD_FEDERATED };
  }
  const exported = labels['mirror.linkerd.io/exported'];
  if (exported !== 'true' && exported !== 'remote-discovery') return undefined;
  return {
    mechanism: LINKERD_FEDERATED,
    problem: `${describeObject(
      service,
      'Service',
    )} is only exported for mirroring (mirror.linkerd.io/exported: "${exported}"): other clusters get a separate ${
      service.metadata?.name
    }-<cluster> Service to call, not a failover of this one`,
  };
}

/**
 * How `cluster` shares `service` (same namespace and name for ServiceExports), which selects the
 * entity's `workloads` there.
 */
export function sharingOf(
  cluster: ClusterView,
  service: K8sObject,
  workloads: Workload[],
): SharingLookup {
  const sharings: ServiceSharing[] = [];
  const undecided: string[] = [];
  const namespace = service.metadata?.namespace ?? '';
  const name = service.metadata?.name ?? '';
  for (const { key, imports, mechanism } of EXPORTS) {
    const state = cluster.fetchState(key).status;
    if (state === 'forbidden' || state === 'unreachable') {
      undecided.push(cluster.unavailable(key)!);
      continue;
    }
    const serviceExport = cluster.get(key, namespace, name);
    if (!serviceExport) continue;
    const problem =
      exportProblem(serviceExport) ??
      importProblem(cluster, imports, serviceExport);
    const note = problem ? undefined : exportNote(serviceExport);
    sharings.push({
      mechanism,
      ...(problem ? { problem } : {}),
      ...(note ? { note } : {}),
    });
  }
  const cilium = ciliumSharing(cluster, service);
  if (typeof cilium === 'string') undecided.push(cilium);
  else if (cilium) sharings.push(cilium);
  const linkerd = linkerdSharing(cluster, service);
  if (typeof linkerd === 'string') undecided.push(linkerd);
  else if (linkerd) sharings.push(linkerd);
  const k8gb = k8gbSharing(cluster, service);
  sharings.push(...k8gb.sharings);
  undecided.push(...k8gb.undecided);
  const externalDns = externalDnsSharing(cluster, service);
  sharings.push(...externalDns.sharings);
  undecided.push(...externalDns.undecided);
  const istio = istioSharing(cluster, service, workloads);
  if (typeof istio === 'string') undecided.push(istio);
  else if (istio) sharings.push(istio);
  return { sharings, undecided };
}
