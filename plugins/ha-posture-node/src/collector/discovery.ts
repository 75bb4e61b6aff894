import { ResourceType } from '../model/resources';
import { ClusterSnapshot, FetchState } from '../model/snapshot';
import { ApiClient } from './apiClient';
import { clusterFailureState, failureState } from './failureState';

/**
 * Aggregated discovery (GA in Kubernetes 1.30) lists every group's resources in the one `/apis`
 * response, which saves a request per group-version; older servers ignore it and send APIGroupList.
 */
export const AGGREGATED_DISCOVERY_ACCEPT = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

/** Where a resource type is served, or why it is not read. */
export type Resolution = { groupVersion: string } | { state: FetchState };

export interface ClusterDiscovery {
  version?: ClusterSnapshot['version'];
  /** The API server's `Date` header (its clock), when it sent one. */
  serverDate?: string;
  /** `v1`, `apps/v1`, `velero.io/v1` ... */
  servedGroupVersions: string[];
  /** Picks the version to read a type in; may read `/apis/<group>/<version>` once per group-version. */
  resolve(type: ResourceType): Promise<Resolution>;
}

export type DiscoveryResult =
  | { ok: true; discovery: ClusterDiscovery }
  | { ok: false; state: FetchState };

const groupVersionOf = (group: string, version: string) =>
  group ? `${group}/${version}` : version;

/** Resource names of an APIResourceList, without subresources (`pods/log`). */
function resourceNames(list: Record<string, any>): Set<string> {
  const resources: unknown[] = Array.isArray(list.resources)
    ? list.resources
    : [];
  return new Set(
    resources
      .map(r => (r as { name?: unknown })?.name)
      .filter(
        (name): name is string =>
          typeof name === 'string' && !name.includes('/'),
      ),
  );
}

/** Group-versions in preference order, and their resources when the list is aggregated. */
function parseGroups(doc: Record<string, any>): {
  groupVersions: string[];
  resources: Map<string, Set<string>>;
} {
  const groupVersions: string[] = [];
  const resources = new Map<string, Set<string>>();
  const aggregated = doc.kind === 'APIGroupDiscoveryList';
  const list = aggregated ? doc.items : doc.groups;
  const groups: any[] = Array.isArray(list) ? list : [];
  for (const group of groups) {
    const name = aggregated ? group?.metadata?.name : group?.name;
    if (typeof name !== 'string' || !Array.isArray(group.versions)) continue;
    for (const v of group.versions) {
      if (typeof v?.version !== 'string') continue;
      const gv = groupVersionOf(name, v.version);
      groupVersions.push(gv);
      if (aggregated) {
        const served = (Array.isArray(v.resources) ? v.resources : []).map(
          (r: any) => r?.resource,
        );
        resources.set(
          gv,
          new Set(
            served.filter((r: unknown): r is string => typeof r === 'string'),
          ),
        );
      }
    }
  }
  return { groupVersions, resources };
}

function notServed(type: ResourceType): Resolution {
  const group = type.group || 'core';
  return {
    state: {
      status: 'not-installed',
      message: `${group} ${type.resource} not served by the API (CRD not installed)`,
    },
  };
}

/**
 * Reads `/version`, `/api/v1` and `/apis` once. Any of them failing means the cluster as a whole
 * cannot be read (except a 404 on `/version`, which some proxies do not route).
 */
export async function discoverCluster(
  client: ApiClient,
): Promise<DiscoveryResult> {
  const versionResponse = await client.get({ path: '/version' });
  if (!versionResponse.ok && versionResponse.httpStatus !== 404) {
    return { ok: false, state: clusterFailureState(versionResponse) };
  }
  const core = await client.get({ path: '/api/v1' });
  if (!core.ok) return { ok: false, state: clusterFailureState(core) };
  const apis = await client.get({
    path: '/apis',
    headers: { accept: AGGREGATED_DISCOVERY_ACCEPT },
  });
  if (!apis.ok) return { ok: false, state: clusterFailureState(apis) };

  const { groupVersions, resources } = parseGroups(apis.json);
  resources.set('v1', resourceNames(core.json));
  const served = new Set(['v1', ...groupVersions]);

  // Legacy discovery: one APIResourceList per group-version actually needed, shared by its types.
  const pending = new Map<string, Promise<Set<string> | FetchState>>();
  const resourcesOf = (gv: string): Promise<Set<string> | FetchState> => {
    const known = resources.get(gv);
    if (known) return Promise.resolve(known);
    let request = pending.get(gv);
    if (!request) {
      request = client
        .get({ path: `/apis/${gv}` })
        .then(r => (r.ok ? resourceNames(r.json) : failureState(r)));
      pending.set(gv, request);
    }
    return request;
  };

  // Older versions last: a cluster serving only them (Istio before 1.22, Gateway API before
  // GRPCRoute v1) is read at them rather than judged as not having the kind at all.
  const resolve = async (type: ResourceType): Promise<Resolution> => {
    for (const version of [...type.versions, ...(type.olderVersions ?? [])]) {
      const gv = groupVersionOf(type.group, version);
      if (!served.has(gv)) continue;
      const names = await resourcesOf(gv);
      if (!(names instanceof Set)) {
        return names.status === 'not-installed'
          ? notServed(type)
          : { state: names };
      }
      if (names.has(type.resource)) return { groupVersion: gv };
    }
    return notServed(type);
  };

  const info = versionResponse.ok ? versionResponse.json : {};
  const version = {
    ...(typeof info.gitVersion === 'string'
      ? { gitVersion: info.gitVersion }
      : {}),
    ...(typeof info.platform === 'string' ? { platform: info.platform } : {}),
  };
  const serverDate =
    (versionResponse.ok ? versionResponse.headers.date : undefined) ??
    core.headers.date;
  return {
    ok: true,
    discovery: {
      ...(Object.keys(version).length > 0 ? { version } : {}),
      ...(serverDate ? { serverDate } : {}),
      servedGroupVersions: [...served],
      resolve,
    },
  };
}
