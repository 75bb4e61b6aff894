import { isBuiltinGroup, ResourceType } from '../model/resources';
import { FetchState, K8sObject } from '../model/snapshot';
import { ApiClient } from './apiClient';
import { failureState } from './failureState';
import { projectObject } from './project';
import { shapeProblemOf } from '../model/objectShape';
import { objectStateKey } from '../model/objectStates';

/** Expired continue tokens (410) restart a list at most this often; more means the list cannot finish. */
export const MAX_LIST_RESTARTS = 2;

export interface ListOutcome {
  state: FetchState;
  /** Present when `state` is ok. */
  objects?: K8sObject[];
  /** List pages (or single objects) received, including pages of restarted lists. */
  pages: number;
  /** For a type read as named objects: each read, so that readMoreObjects can add to them. */
  named?: NamedRead[];
}

/**
 * `/apis/apps/v1/namespaces/kube-system/leases`, `/api/v1/nodes`, `/api/v1/namespaces/kube-system/configmaps/kubeadm-config`:
 * in the type's namespace, or in `namespace` (one of its optional namespaces).
 */
export function resourcePath(
  type: ResourceType,
  groupVersion: string,
  namespace: string | undefined = type.namespace,
  objectName?: string,
): string {
  const root = type.group ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
  const scope =
    type.namespaced && namespace
      ? `/namespaces/${encodeURIComponent(namespace)}`
      : '';
  const name = objectName ? `/${encodeURIComponent(objectName)}` : '';
  return `${root}${scope}/${type.resource}${name}`;
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

/**
 * The API server checks built-in types against their schemas, but a CRD without a strict schema
 * (or served at another version) can hand over fields of another type. Checks would misjudge
 * them, and leaving the objects out could turn a verdict into a false pass (a dropped HPA raises
 * a replica floor), so the whole type becomes an error: its checks say `unknown`, naming the
 * first bad field.
 */
function readObjects(
  objects: K8sObject[],
  type: ResourceType,
  path: string,
  pages: number,
): ListOutcome {
  if (isBuiltinGroup(type.group))
    return { state: { status: 'ok' }, objects, pages };
  let first: string | undefined;
  let malformed = 0;
  for (const obj of objects) {
    const problem = shapeProblemOf(type.key, obj);
    if (!problem) continue;
    malformed++;
    first ??= `${problem.object}: ${problem.message}`;
  }
  if (!first) return { state: { status: 'ok' }, objects, pages };
  return {
    state: {
      status: 'error',
      message: `GET ${path}: ${first}${
        malformed > 1 ? ` (${malformed} malformed objects)` : ''
      }`,
    },
    pages,
  };
}

/** One object to GET: in `namespace` (default: the type's). */
export interface ObjectRef {
  namespace?: string;
  name: string;
  /**
   * The one data key of a ConfigMap to keep, for a name the projection does not know (a
   * cluster-autoscaler status report under a custom `--status-config-map-name`).
   */
  keptDataKey?: string;
}

/** How reading one named object went. */
export interface NamedRead {
  /** Its key in FetchState.objects (objectStateKey). */
  key: string;
  /** `kube-system/kubeadm-config`, for messages. */
  ref: string;
  state: FetchState;
  objects: K8sObject[];
  pages: number;
}

/** Reads one named object: a missing object is simply none. */
async function getObject(
  client: ApiClient,
  type: ResourceType,
  groupVersion: string,
  object: ObjectRef,
): Promise<NamedRead> {
  const namespace = object.namespace ?? type.namespace;
  const read = {
    key: objectStateKey(type.namespace, namespace ?? '', object.name),
    ref: `${namespace ?? ''}/${object.name}`,
  };
  const path = resourcePath(type, groupVersion, namespace, object.name);
  const result = await client.get({ path });
  if (!result.ok) {
    return result.httpStatus === 404
      ? { ...read, state: { status: 'ok' }, objects: [], pages: 0 }
      : { ...read, state: failureState(result), objects: [], pages: 0 };
  }
  const projected = projectObject(
    result.json,
    type,
    groupVersion,
    object.keptDataKey,
  );
  const outcome = readObjects(projected ? [projected] : [], type, path, 1);
  return {
    ...read,
    state: outcome.state,
    objects: outcome.objects ?? [],
    pages: 1,
  };
}

/**
 * The outcome of a type read as named objects, keeping each one's state. One object that cannot be
 * read (a Role granting only some of the names) leaves the others usable: the type is `ok` when any
 * object was read or found missing, with the failures in its message and in `objects`; only when
 * none could be read does the type take the first failure.
 */
function namedOutcome(reads: NamedRead[]): ListOutcome {
  const states: Record<string, FetchState> = {};
  const objects: K8sObject[] = [];
  const failures: string[] = [];
  let firstFailure: FetchState | undefined;
  let pages = 0;
  for (const read of reads) {
    pages += read.pages;
    states[read.key] = read.state;
    if (read.state.status === 'ok') {
      objects.push(...read.objects);
      continue;
    }
    firstFailure ??= read.state;
    failures.push(
      `${read.ref} not read (${read.state.status}: ${
        read.state.message ?? 'no reason given'
      })`,
    );
  }
  if (firstFailure && failures.length === reads.length)
    return { state: { ...firstFailure, objects: states }, pages, named: reads };
  return {
    state: {
      status: 'ok',
      ...(failures.length > 0 ? { message: failures.join('; ') } : {}),
      objects: states,
    },
    objects,
    pages,
    named: reads,
  };
}

/** Reads each named object of a type, one GET each. */
async function getObjects(
  client: ApiClient,
  type: ResourceType,
  groupVersion: string,
  objects: ObjectRef[],
  before: NamedRead[] = [],
): Promise<ListOutcome> {
  const reads = [...before];
  for (const object of objects)
    reads.push(await getObject(client, type, groupVersion, object));
  return namedOutcome(reads);
}

/**
 * Adds further named objects to a type already read as named objects (`outcome.named`): those
 * not read yet are read, one GET each, and judged with the others as getObjects does, so that a
 * failure among them never fails a type whose other objects were read. An outcome not made of
 * named reads (a type that was not served or resolved) is returned as it is.
 */
export async function readMoreObjects(
  client: ApiClient,
  type: ResourceType,
  groupVersion: string,
  outcome: ListOutcome,
  objects: ObjectRef[],
): Promise<ListOutcome> {
  if (!outcome.named) return outcome;
  const known = new Set(outcome.named.map(r => r.key));
  const wanted = objects.filter(o => {
    const key = objectStateKey(
      type.namespace,
      o.namespace ?? type.namespace ?? '',
      o.name,
    );
    if (known.has(key)) return false;
    known.add(key);
    return true;
  });
  if (wanted.length === 0) return outcome;
  return getObjects(client, type, groupVersion, wanted, outcome.named);
}

/**
 * Reads every object of a type in one paginated list (`limit`, then `continue`), cluster-wide or in
 * the type's namespace, projected as they arrive. A 410 (continue token expired) restarts the list.
 * Then each of its optional namespaces, whose objects are added when their list succeeds; a failure
 * there leaves the type `ok`, noted in the state's message (see ResourceType.optionalNamespaces).
 */
export async function listResource(
  client: ApiClient,
  type: ResourceType,
  groupVersion: string,
  pageSize: number,
): Promise<ListOutcome> {
  if (type.objectNames)
    return getObjects(
      client,
      type,
      groupVersion,
      type.objectNames.map(name => ({ name })),
    );
  const main = await listPath(
    client,
    type,
    groupVersion,
    resourcePath(type, groupVersion),
    pageSize,
  );
  const optional = type.namespace ? type.optionalNamespaces ?? [] : [];
  if (main.state.status !== 'ok' || optional.length === 0) return main;
  const objects = [...(main.objects ?? [])];
  let pages = main.pages;
  const skipped: string[] = [];
  for (const namespace of optional) {
    const more = await listPath(
      client,
      type,
      groupVersion,
      resourcePath(type, groupVersion, namespace),
      pageSize,
    );
    pages += more.pages;
    if (more.state.status === 'ok') objects.push(...(more.objects ?? []));
    else
      skipped.push(
        `${type.resource} of namespace ${namespace} not read (${
          more.state.status
        }: ${more.state.message ?? 'no reason given'})`,
      );
  }
  return {
    state:
      skipped.length > 0
        ? { status: 'ok', message: skipped.join('; ') }
        : { status: 'ok' },
    objects,
    pages,
  };
}

/** One paginated list of `path`. */
async function listPath(
  client: ApiClient,
  type: ResourceType,
  groupVersion: string,
  path: string,
  pageSize: number,
): Promise<ListOutcome> {
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
    if (!continueToken) return readObjects(objects, type, path, pages);
  }
}
