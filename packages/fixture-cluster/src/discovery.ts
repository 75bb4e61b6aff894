/**
 * Discovery documents: /api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version>,
 * in both the legacy form and the aggregated form (apidiscovery.k8s.io v2 /
 * v2beta1) that kubectl and client-go ask for first, which saves them one
 * request per group version.
 */
import type { ClusterData } from './clusterData';
import type { ApiGroup, ResourceType } from './resources';

const AGGREGATED_VERSIONS = ['v2', 'v2beta1'];

/** The aggregated-discovery version the Accept header asks for, if any. */
export function aggregatedDiscoveryVersion(
  accept: string | undefined,
): string | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const params = new Map(
      part
        .split(';')
        .slice(1)
        .map(p => p.trim().split('=') as [string, string]),
    );
    if (
      params.get('g') === 'apidiscovery.k8s.io' &&
      params.get('as') === 'APIGroupDiscoveryList' &&
      AGGREGATED_VERSIONS.includes(params.get('v') ?? '')
    ) {
      return params.get('v');
    }
  }
  return undefined;
}

export const aggregatedContentType = (v: string) =>
  `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

const groupVersion = (group: string, version: string) =>
  group ? `${group}/${version}` : version;

function apiResource(rt: ResourceType) {
  return {
    name: rt.plural,
    singularName: rt.singular,
    namespaced: rt.namespaced,
    kind: rt.kind,
    verbs: rt.verbs,
    ...(rt.shortNames.length ? { shortNames: rt.shortNames } : {}),
    ...(rt.categories.length ? { categories: rt.categories } : {}),
  };
}

function apiGroup(g: ApiGroup) {
  const versions = g.versions.map(v => ({
    groupVersion: groupVersion(g.name, v.version),
    version: v.version,
  }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

export function apiVersionsDoc(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupListDoc(cluster: ClusterData) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: cluster.groups.filter(g => g.name !== '').map(apiGroup),
  };
}

export function apiGroupDoc(cluster: ClusterData, group: string) {
  const g = cluster.groups.find(x => x.name === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

export function apiResourceListDoc(
  cluster: ClusterData,
  group: string,
  version: string,
) {
  const v = cluster.groups
    .find(g => g.name === group)
    ?.versions.find(x => x.version === version);
  if (!v) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources: v.resources.map(apiResource),
  };
}

/** Aggregated discovery: `core` answers /api (the legacy group), otherwise /apis. */
export function aggregatedDoc(
  cluster: ClusterData,
  core: boolean,
  version: string,
) {
  const groups = cluster.groups.filter(g => (g.name === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map(g => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map(v => ({
        version: v.version,
        resources: v.resources.map(rt => ({
          resource: rt.plural,
          responseKind: { group: rt.group, version: rt.version, kind: rt.kind },
          scope: rt.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: rt.singular,
          verbs: rt.verbs,
          ...(rt.shortNames.length ? { shortNames: rt.shortNames } : {}),
          ...(rt.categories.length ? { categories: rt.categories } : {}),
        })),
        freshness: 'Current',
      })),
    })),
  };
}
