import { ResourceType } from '../model/resources';
import { FetchState, K8sObject } from '../model/snapshot';
import { ApiClient } from './apiClient';
import { failureState } from './failureState';
import { projectObject } from './project';

/** Expired continue tokens (410) restart a list at most this often; more means the list cannot finish. */
export const MAX_LIST_RESTARTS = 2;

export interface ListOutcome {
  state: FetchState;
  /** Present when `state` is ok. */
  objects?: K8sObject[];
  /** List pages (or single objects) received, including pages of restarted lists. */
  pages: number;
}

/** `/apis/apps/v1/namespaces/kube-system/leases`, `/api/v1/nodes`, `/api/v1/namespaces/kube-system/configmaps/kubeadm-config`. */
export function resourcePath(type: ResourceType, groupVersion: string): string {
  const root = type.group ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
  const namespace =
    type.namespaced && type.namespace
      ? `/namespaces/${encodeURIComponent(type.namespace)}`
      : '';
  const name = type.objectName ? `/${encodeURIComponent(type.objectName)}` : '';
  return `${root}${namespace}/${type.resource}${name}`;
}

function projectAll(
  items: unknown[],
  type: ResourceType,
  apiVersion: string,
): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const item of items) {
    const obj = projectObject(item, type, apiVersion);
    if (obj) objects.push(obj);
  }
  return objects;
}

/** Reads the one object of a type with `objectName`: a missing object is simply none. */
async function getObject(
  client: ApiClient,
  type: ResourceType,
  groupVersion: string,
): Promise<ListOutcome> {
  const result = await client.get({ path: resourcePath(type, groupVersion) });
  if (!result.ok) {
    return result.httpStatus === 404
      ? { state: { status: 'ok' }, objects: [], pages: 0 }
      : { state: failureState(result), pages: 0 };
  }
  return {
    state: { status: 'ok' },
    objects: projectAll([result.json], type, groupVersion),
    pages: 1,
  };
}

/**
 * Reads every object of a type in one paginated list (`limit`, then `continue`), cluster-wide or in
 * the type's one namespace, projected as they arrive. A 410 (continue token expired) restarts the list.
 */
export async function listResource(
  client: ApiClient,
  type: ResourceType,
  groupVersion: string,
  pageSize: number,
): Promise<ListOutcome> {
  if (type.objectName) return getObject(client, type, groupVersion);
  const path = resourcePath(type, groupVersion);
  let objects: K8sObject[] = [];
  let pages = 0;
  let restarts = 0;
  let continueToken: string | undefined;
  for (;;) {
    const query: Record<string, string> = { limit: String(pageSize) };
    if (continueToken) query.continue = continueToken;
    const result = await client.get({ path, query });
    if (!result.ok) {
      if (result.httpStatus === 410 && restarts < MAX_LIST_RESTARTS) {
        restarts++;
        objects = [];
        continueToken = undefined;
        continue;
      }
      const state = failureState(result);
      return result.httpStatus === 410
        ? {
            state: {
              status: 'error',
              message: `${state.message} (the list expired ${
                restarts + 1
              } times)`,
            },
            pages,
          }
        : { state, pages };
    }
    pages++;
    const { items, metadata } = result.json;
    if (!Array.isArray(items)) {
      return {
        state: {
          status: 'error',
          message: `GET ${path}: malformed response (no items list)`,
        },
        pages,
      };
    }
    objects.push(...projectAll(items, type, groupVersion));
    continueToken =
      typeof metadata?.continue === 'string' && metadata.continue
        ? metadata.continue
        : undefined;
    if (!continueToken) return { state: { status: 'ok' }, objects, pages };
  }
}
