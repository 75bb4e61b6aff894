/**
 * external-dns with Route 53 routing policies: the same name published from several clusters as
 * records of one routing policy (weighted, latency, failover, geolocation, multivalue answer),
 * each with its own set-identifier, lets Route 53 answer with the clusters that are healthy. The
 * annotations sit on what exposes the workload: its LoadBalancer Service, an Ingress, or a Gateway
 * API route. external-dns must run in the cluster, with the AWS provider, that object's source and
 * the annotations' prefix, to publish them.
 *
 * A name published as a plain record from several clusters is not a failover: Route 53 holds one
 * simple record per name and type, and external-dns's TXT registry lets the cluster that owns it
 * keep it, so the other clusters' addresses are never published.
 */
import { boolFlag, containerArgv, flagValues } from '../../model/goFlags';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { entryPointsOf, INGRESSES, ROUTE_KINDS } from '../network/entryPoints';

const GATEWAY_ROUTE_KINDS = new Set<string>(Object.values(ROUTE_KINDS));
import { describeObject, listOf, perCluster } from '../util';
import { hostsServing } from './k8gbSharing';
import { ServiceSharing, SharingMechanism } from './sharingMechanism';

/** external-dns's annotation prefix from v0.22.0 on (`--annotation-prefix`). */
const PREFIX = 'external-dns.kubernetes.io/';
/** The prefix before v0.22.0, read by later versions only with --enable-legacy-annotation-prefix. */
const LEGACY_PREFIX = 'external-dns.alpha.kubernetes.io/';
const DEPLOYMENTS = 'deployments.apps';

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
    byName: true,
    label: `Route 53 ${policy} record set of ${hosts.join(
      ', ',
    )} (external-dns)`,
    clientNote: () =>
      `Route 53 answers ${hosts.join(
        ', ',
      )} with the clusters' records by its ${policy} policy`,
  };
}

/** A record that cannot pair with another cluster's: its key names the cluster. */
function unpairedMechanism(cluster: string, hosts: string[]): SharingMechanism {
  return {
    key: `route53 unpaired ${hosts.join(', ')} ${cluster}`,
    label: `DNS record of ${hosts.join(', ')} (external-dns)`,
    clientNote: () => '',
  };
}

/** A running external-dns and what it publishes. */
interface Publisher {
  deployment: K8sObject;
  argv: string[];
  /** The annotation prefixes it reads. */
  prefixes: string[];
}

/**
 * The prefixes an external-dns reads: `--annotation-prefix`, else its version's default (taken from
 * the image tag; both when the tag does not say), plus the legacy one with
 * `--enable-legacy-annotation-prefix`.
 */
function prefixesRead(image: string, argv: string[]): string[] {
  const configured = flagValues(argv, 'annotation-prefix').pop();
  const version = /:v?(\d+)\.(\d+)/.exec(image.slice(image.lastIndexOf('/')));
  let prefixes: string[];
  if (configured) prefixes = [configured];
  else if (!version) prefixes = [PREFIX, LEGACY_PREFIX];
  else
    prefixes =
      Number(version[1]) > 0 || Number(version[2]) >= 22
        ? [PREFIX]
        : [LEGACY_PREFIX];
  if (
    boolFlag(argv, ['enable-legacy-annotation-prefix'])?.value &&
    !prefixes.includes(LEGACY_PREFIX)
  )
    prefixes.push(LEGACY_PREFIX);
  return prefixes;
}

/** The cluster's external-dns Deployments. */
const publishers = perCluster((cluster): Publisher[] =>
  cluster.list(DEPLOYMENTS).flatMap(deployment => {
    const container = listOf(deployment.spec?.template?.spec?.containers).find(
      c =>
        typeof c?.image === 'string' &&
        /(^|\/)external-dns(:|@|$)/.test(c.image),
    );
    if (!container) return [];
    const argv = containerArgv(container);
    return [
      { deployment, argv, prefixes: prefixesRead(container.image, argv) },
    ];
  }),
);

/** What may carry external-dns annotations for a Service, with its external-dns source. */
interface Published {
  object: K8sObject;
  /** `service`, `ingress`, `gateway-httproute`, … (external-dns's --source). */
  source: string;
  /** Its hostnames from its spec (an Ingress's rules to the Service, a route's hostnames). */
  specHosts: string[];
}

/**
 * What may publish the Service's names: the Service itself when a LoadBalancer, and the Ingresses
 * and Gateway API routes among its entry points (once each, whatever parents a route has).
 */
function publishedFor(cluster: ClusterView, service: K8sObject): Published[] {
  const published: Published[] =
    service.spec?.type === 'LoadBalancer'
      ? [{ object: service, source: 'service', specHosts: [] }]
      : [];
  const seen = new Set<K8sObject>();
  for (const { source } of entryPointsOf(cluster, service)) {
    if (!source || seen.has(source)) continue;
    seen.add(source);
    if (source.kind === 'Ingress')
      published.push({
        object: source,
        source: 'ingress',
        specHosts: hostsServing(source.spec, service.metadata?.name),
      });
    else if (GATEWAY_ROUTE_KINDS.has(source.kind ?? ''))
      published.push({
        object: source,
        source: `gateway-${source.kind!.toLowerCase()}`,
        specHosts: listOf(source.spec?.hostnames).filter(
          (h): h is string => typeof h === 'string',
        ),
      });
  }
  return published;
}

function normalised(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/** The object's annotations under one prefix, by their short name. */
function annotationsUnder(
  object: K8sObject,
  prefix: string,
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [key, value] of Object.entries(object.metadata?.annotations ?? {}))
    if (
      key.startsWith(prefix) &&
      typeof value === 'string' &&
      value.trim() !== ''
    )
      found[key.slice(prefix.length)] = value.trim();
  return found;
}

/** Why a publisher does not publish the object's records, undefined when it does. */
function publisherRefusal(
  publisher: Publisher,
  published: Published,
  prefix: string,
  needsAws: boolean,
): string | undefined {
  const { deployment, argv } = publisher;
  const name = describeObject(deployment, 'Deployment');
  const sources = flagValues(argv, 'source');
  const provider = flagValues(argv, 'provider').pop();
  if (!(Number(deployment.status?.availableReplicas) >= 1))
    return `${name} has no available replica`;
  if (sources.length > 0 && !sources.includes(published.source))
    return `${name} does not read its kind (no --source=${published.source})`;
  if (!publisher.prefixes.includes(prefix))
    return `${name} reads annotations prefixed ${publisher.prefixes.join(
      ' and ',
    )}, not ${prefix} (v0.22.0 changed the default; --enable-legacy-annotation-prefix reads the old one too)`;
  if (needsAws && provider !== undefined && provider !== 'aws')
    return `${name} runs with --provider=${provider}, which ignores the aws-* routing annotations`;
  return undefined;
}

/**
 * Why external-dns has no address to publish for a LoadBalancer Service or an Ingress (no
 * status.loadBalancer.ingress yet and no target annotation), undefined when it has one. A route's
 * addresses are its Gateways', not read here.
 */
function addresslessReason(
  published: Published,
  annotations: Record<string, string>,
): string | undefined {
  if (annotations.target !== undefined) return undefined;
  if (published.source !== 'service' && published.source !== 'ingress')
    return undefined;
  const addresses = listOf(
    published.object.status?.loadBalancer?.ingress,
  ).filter(a => typeof a?.ip === 'string' || typeof a?.hostname === 'string');
  return addresses.length > 0
    ? undefined
    : 'has no load balancer address (status.loadBalancer.ingress) and no target annotation: external-dns has nothing to publish';
}

/** How one annotated object publishes the Service's names, with the problem that stops it. */
function publishedSharing(
  cluster: ClusterView,
  published: Published,
): ServiceSharing | undefined {
  const { object } = published;
  const running = publishers(cluster);
  const prefixes = [
    PREFIX,
    LEGACY_PREFIX,
    ...running.flatMap(p => p.prefixes),
  ].filter(
    (p, i, all) =>
      all.indexOf(p) === i && Object.keys(annotationsUnder(object, p)).length,
  );
  // Not annotated for external-dns: whether it publishes the object's own hosts is not told.
  if (prefixes.length === 0) return undefined;
  const prefix = prefixes[0];
  const annotations = annotationsUnder(object, prefix);
  // external-dns skips objects another controller claims.
  if (
    annotations.controller !== undefined &&
    annotations.controller !== 'dns-controller'
  )
    return undefined;
  const hosts = [
    ...new Set(
      [...published.specHosts, ...(annotations.hostname ?? '').split(',')]
        .map(normalised)
        .filter(h => h !== ''),
    ),
  ].sort();
  if (hosts.length === 0) return undefined;
  const name = describeObject(object, object.kind ?? 'object');
  const policies = ROUTING_POLICIES.filter(([key]) => key in annotations);
  const setIdentifier = annotations['set-identifier'];
  const unpaired = (problem: string): ServiceSharing => ({
    mechanism: unpairedMechanism(cluster.name, hosts),
    problem,
  });
  const refusals = running.map(p =>
    publisherRefusal(p, published, prefix, policies.length > 0),
  );
  const publisher = refusals.includes(undefined)
    ? undefined
    : `${name} is not published: ${
        running.length === 0
          ? 'no external-dns Deployment runs in the cluster'
          : refusals.join('; ')
      }`;
  if (!setIdentifier)
    return unpaired(
      publisher ??
        `${name} publishes ${hosts.join(
          ', ',
        )} as a plain record (no ${prefix}set-identifier and routing ` +
          'policy): Route 53 keeps one such record per name, which the cluster owning it in the TXT registry ' +
          'keeps, so DNS does not fail over between clusters',
    );
  if (policies.length === 0)
    return unpaired(
      `${name} has a set-identifier but no routing policy annotation (aws-weight, aws-region, aws-failover, ` +
        'aws-geolocation-*, aws-multi-value-answer): Route 53 refuses such a record',
    );
  const addressless = addresslessReason(published, annotations);
  const policy = policies[0][1];
  const unique = [{ field: 'set-identifier', value: setIdentifier }];
  if (policy === 'failover')
    unique.push({
      field: 'aws-failover',
      value: annotations['aws-failover'].toUpperCase(),
    });
  return {
    mechanism: route53Mechanism(policy, hosts),
    unique,
    ...(publisher || addressless
      ? { problem: publisher ?? `${name} ${addressless}` }
      : {}),
    ...(!publisher && !addressless && !annotations['aws-health-check-id']
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
  const published = publishedFor(cluster, service);
  if (published.length > 0 && cluster.fetchState(DEPLOYMENTS).status !== 'ok')
    return { sharings: [], undecided: [cluster.unavailable(DEPLOYMENTS)!] };
  const undecided: string[] = [];
  // Only worth saying where an external-dns runs that could publish what could not be read.
  if (publishers(cluster).length > 0)
    for (const key of [INGRESSES, ...Object.keys(ROUTE_KINDS)]) {
      const state = cluster.fetchState(key).status;
      if (state === 'forbidden' || state === 'unreachable' || state === 'error')
        undecided.push(cluster.unavailable(key)!);
    }
  const sharings = published
    .map(p => publishedSharing(cluster, p))
    .filter((s): s is ServiceSharing => s !== undefined);
  return { sharings, undecided };
}
