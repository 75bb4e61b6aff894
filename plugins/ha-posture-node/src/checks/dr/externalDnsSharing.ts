/**
 * external-dns with Route 53 routing policies: the same name published from several clusters as
 * records of one routing policy (weighted, latency, failover, geolocation, multivalue answer),
 * each with its own set-identifier, lets Route 53 answer with the clusters that are healthy. The
 * annotations sit on the LoadBalancer Service or the Ingress that exposes the workload; external-dns
 * must run in the cluster (with the AWS provider and that object's source) to publish them.
 *
 * A name published as a plain record from several clusters is not a failover: Route 53 holds one
 * simple record per name and type, and external-dns's TXT registry lets the cluster that owns it
 * keep it, so the other clusters' addresses are never published.
 */
import { containerArgv, flagValues } from '../../model/goFlags';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { describeObject, listOf, perCluster } from '../util';
import { ServiceSharing, SharingMechanism } from './sharingMechanism';

const ANNOTATION = 'external-dns.alpha.kubernetes.io/';
const DEPLOYMENTS = 'deployments.apps';
const INGRESSES = 'ingresses.networking.k8s.io';

/**
 * Route 53 routing policies by the annotation that selects them (external-dns's AWS tutorial: one
 * policy per name, each needing a set-identifier).
 */
const ROUTING_POLICIES: ReadonlyArray<[annotation: string, policy: string]> = [
  ['aws-weight', 'weighted'],
  ['aws-region', 'latency'],
  ['aws-failover', 'failover'],
  ['aws-geolocation-continent-code', 'geolocation'],
  ['aws-geolocation-country-code', 'geolocation'],
  ['aws-geolocation-subdivision-code', 'geolocation'],
  ['aws-multi-value-answer', 'multivalue answer'],
];

/** Records of one policy for the same names answer for each other: both are in the key. */
function route53Mechanism(policy: string, hosts: string[]): SharingMechanism {
  return {
    key: `route53 ${policy} ${hosts.join(', ')}`,
    label: `Route 53 ${policy} record set of ${hosts.join(
      ', ',
    )} (external-dns)`,
    clientNote: () =>
      `Route 53 answers ${hosts.join(
        ', ',
      )} with the clusters' records by its ${policy} policy`,
  };
}

/** A plain record: named in messages, never paired (each cluster's claim is its own key). */
function simpleRecordMechanism(cluster: string, hosts: string[]) {
  return {
    key: `route53 simple ${hosts.join(', ')} ${cluster}`,
    label: `plain DNS record of ${hosts.join(', ')} (external-dns)`,
    clientNote: () => '',
  };
}

/** The cluster's external-dns Deployments with their command lines. */
const externalDnsDeployments = perCluster(cluster =>
  cluster.list(DEPLOYMENTS).flatMap(deployment => {
    const container = listOf(deployment.spec?.template?.spec?.containers).find(
      c =>
        typeof c?.image === 'string' &&
        /(^|\/)external-dns(:|@|$)/.test(c.image),
    );
    return container ? [{ deployment, argv: containerArgv(container) }] : [];
  }),
);

/**
 * Why no external-dns of the cluster publishes this object's records (a string), undefined when
 * one does, or `{ undecided }` when Deployments cannot be read.
 */
function publisherProblem(
  cluster: ClusterView,
  source: 'service' | 'ingress',
  needsAws: boolean,
): string | { undecided: string } | undefined {
  if (cluster.fetchState(DEPLOYMENTS).status !== 'ok')
    return { undecided: cluster.unavailable(DEPLOYMENTS)! };
  const running = externalDnsDeployments(cluster);
  if (running.length === 0)
    return 'no external-dns Deployment runs in the cluster to publish it';
  const reasons: string[] = [];
  for (const { deployment, argv } of running) {
    const name = describeObject(deployment, 'Deployment');
    const sources = flagValues(argv, 'source');
    const providers = flagValues(argv, 'provider');
    const provider = providers[providers.length - 1];
    if (!(Number(deployment.status?.availableReplicas) >= 1))
      reasons.push(`${name} has no available replica`);
    else if (sources.length > 0 && !sources.includes(source))
      reasons.push(
        `${name} does not read ${
          source === 'service' ? 'Services' : 'Ingresses'
        } (--source)`,
      );
    else if (needsAws && provider !== undefined && provider !== 'aws')
      reasons.push(
        `${name} runs with --provider=${provider}, which ignores the aws-* routing annotations`,
      );
    else return undefined;
  }
  return reasons.join('; ');
}

/** Hostnames of the hostname annotation (comma-separated), normalised. */
function annotatedHosts(object: K8sObject): string[] {
  const value = object.metadata?.annotations?.[`${ANNOTATION}hostname`];
  return typeof value === 'string' ? value.split(',').map(normalised) : [];
}

function normalised(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/** Whether an Ingress sends traffic to the Service (a rule's path or its default backend). */
function ingressHostsFor(ingress: K8sObject, serviceName: string) {
  const hosts: string[] = [];
  let routes = ingress.spec?.defaultBackend?.service?.name === serviceName;
  for (const rule of listOf(ingress.spec?.rules)) {
    const here = listOf(rule?.http?.paths).some(
      p => p?.backend?.service?.name === serviceName,
    );
    routes ||= here;
    if (here && typeof rule?.host === 'string')
      hosts.push(normalised(rule.host));
  }
  return routes ? hosts : undefined;
}

/** The Service itself (LoadBalancer) and the Ingresses in front of it, with their hostnames. */
function publishedObjects(cluster: ClusterView, service: K8sObject) {
  const objects: Array<{
    object: K8sObject;
    source: 'service' | 'ingress';
    hosts: string[];
  }> = [];
  if (service.spec?.type === 'LoadBalancer')
    objects.push({
      object: service,
      source: 'service',
      hosts: annotatedHosts(service),
    });
  const namespace = service.metadata?.namespace ?? 'default';
  for (const ingress of cluster.inNamespace(INGRESSES, namespace)) {
    const hosts = ingressHostsFor(ingress, service.metadata?.name);
    if (hosts)
      objects.push({
        object: ingress,
        source: 'ingress',
        hosts: [...hosts, ...annotatedHosts(ingress)],
      });
  }
  return objects;
}

function annotation(object: K8sObject, name: string): string | undefined {
  const value = object.metadata?.annotations?.[`${ANNOTATION}${name}`];
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

/** Whether any external-dns annotation is on the object (then external-dns is meant to publish it). */
function annotatedForExternalDns(object: K8sObject): boolean {
  return Object.keys(object.metadata?.annotations ?? {}).some(k =>
    k.startsWith(ANNOTATION),
  );
}

/** How one annotated object publishes the Service's names, with the problem that stops it. */
function objectSharing(
  cluster: ClusterView,
  entry: ReturnType<typeof publishedObjects>[number],
): ServiceSharing | { undecided: string } | undefined {
  const { object, source } = entry;
  const hosts = [...new Set(entry.hosts)].filter(h => h !== '').sort();
  if (hosts.length === 0 || !annotatedForExternalDns(object)) return undefined;
  const controller = annotation(object, 'controller');
  // external-dns skips objects another controller claims.
  if (controller !== undefined && controller !== 'dns-controller')
    return undefined;
  const name = describeObject(
    object,
    source === 'service' ? 'Service' : 'Ingress',
  );
  const setIdentifier = annotation(object, 'set-identifier');
  const policies = ROUTING_POLICIES.filter(
    ([key]) => annotation(object, key) !== undefined,
  );
  const publisher = publisherProblem(cluster, source, policies.length > 0);
  if (publisher !== undefined && typeof publisher !== 'string')
    return publisher;
  if (!setIdentifier) {
    return {
      mechanism: simpleRecordMechanism(cluster.name, hosts),
      problem:
        publisher ??
        `${name} publishes ${hosts.join(
          ', ',
        )} as a plain record (no ${ANNOTATION}set-identifier and routing ` +
          'policy): Route 53 keeps one such record per name, which the cluster owning it in the TXT registry ' +
          'keeps, so DNS does not fail over between clusters',
    };
  }
  if (policies.length === 0)
    return {
      mechanism: simpleRecordMechanism(cluster.name, hosts),
      problem: `${name} has a set-identifier but no routing policy annotation (aws-weight, aws-region, aws-failover, aws-geolocation-*, aws-multi-value-answer): Route 53 refuses such a record`,
    };
  const [, policy] = policies[0];
  const unique = [{ field: 'set-identifier', value: setIdentifier }];
  const role = annotation(object, 'aws-failover');
  if (policy === 'failover' && role)
    unique.push({ field: 'aws-failover', value: role.toUpperCase() });
  const healthCheck = annotation(object, 'aws-health-check-id');
  return {
    mechanism: route53Mechanism(policy, hosts),
    unique,
    ...(publisher ? { problem: `${name}: ${publisher}` } : {}),
    ...(!publisher && !healthCheck
      ? {
          note:
            `${name} names no aws-health-check-id, so Route 53 judges this cluster's record only by its alias ` +
            "target's health (its load balancer having a healthy target), or not at all for a record of IP addresses",
        }
      : {}),
  };
}

/** How the cluster publishes the Service's names with external-dns, and why that cannot be told. */
export function externalDnsSharing(
  cluster: ClusterView,
  service: K8sObject,
): { sharings: ServiceSharing[]; undecided: string[] } {
  const sharings: ServiceSharing[] = [];
  const undecided: string[] = [];
  const ingresses = cluster.fetchState(INGRESSES).status;
  // Only worth saying where an external-dns runs that could publish an Ingress's names.
  if (
    (ingresses === 'forbidden' || ingresses === 'unreachable') &&
    cluster.fetchState(DEPLOYMENTS).status === 'ok' &&
    externalDnsDeployments(cluster).length > 0
  )
    undecided.push(cluster.unavailable(INGRESSES)!);
  for (const entry of publishedObjects(cluster, service)) {
    const sharing = objectSharing(cluster, entry);
    if (!sharing) continue;
    if ('undecided' in sharing) undecided.push(sharing.undecided);
    else sharings.push(sharing);
  }
  return { sharings, undecided };
}
