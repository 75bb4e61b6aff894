/**
 * The Kubernetes REST API proper: maps a GET path and query onto discovery
 * documents, lists and single objects of one ClusterData. HTTP plumbing (auth,
 * faults, logging, compression) lives in server.ts.
 */
import type { ClusterData, StoredObject } from './clusterData';
import {
  aggregatedContentType,
  aggregatedDiscoveryVersion,
  aggregatedDoc,
  apiGroupDoc,
  apiGroupListDoc,
  apiResourceListDoc,
  apiVersionsDoc,
} from './discovery';
import { paginate } from './pagination';
import type { ResourceType } from './resources';
import { compileLabelSelector, fieldPredicate } from './selectors';
import { StatusError } from './status';
import { buildTable, wantsTable } from './table';

export type ApiResponse = {
  status: number;
  body: string;
  contentType: string;
};

/** What a request path addresses. */
export type ApiTarget =
  | { type: 'nonResource'; segments: string[] }
  | {
      type: 'resource';
      group: string;
      version: string;
      plural: string;
      namespace?: string;
      name?: string;
      subresource?: string;
    };

export type RequestContext = {
  cluster: ClusterData;
  query: URLSearchParams;
  accept?: string;
  /** host:port as the client addressed us (for /api's serverAddressByClientCIDRs). */
  serverAddress: string;
  nowMs: number;
  continueTtlMs: number;
};

const JSON_TYPE = 'application/json';

const json = (value: unknown, contentType = JSON_TYPE): ApiResponse => ({
  status: 200,
  body: JSON.stringify(value),
  contentType,
});

/** The real API server's mux answers unknown paths with plain text, not a Status. */
const PAGE_NOT_FOUND: ApiResponse = {
  status: 404,
  body: '404 page not found\n',
  contentType: 'text/plain; charset=utf-8',
};

const NO_SUCH_RESOURCE = () =>
  new StatusError(404, 'the server could not find the requested resource');

/**
 * Splits `/api/v1/namespaces/x/pods/y` and `/apis/apps/v1/...` into a target.
 * Paths outside the resource tree (or discovery paths) are `nonResource`.
 */
export function parseTarget(pathname: string): ApiTarget {
  const segments = pathname
    .split('/')
    .filter(Boolean)
    .map(s => decodeURIComponent(s));
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    [group, version, rest] = ['', segments[1], segments.slice(2)];
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
  } else {
    return { type: 'nonResource', segments };
  }
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    rest[2] !== 'status' &&
    rest[2] !== 'finalize'
  ) {
    const [, namespace, plural, name, subresource] = rest;
    return {
      type: 'resource',
      group,
      version,
      plural,
      namespace,
      name,
      subresource,
    };
  }
  const [plural, name, subresource] = rest;
  return { type: 'resource', group, version, plural, name, subresource };
}

/** The counting key: `plural` for core resources, `plural.group` otherwise. */
export function resourceLabel(target: ApiTarget): string {
  if (target.type === 'resource') {
    return target.group ? `${target.plural}.${target.group}` : target.plural;
  }
  const first = target.segments[0];
  return first === 'api' ||
    first === 'apis' ||
    first === 'version' ||
    first === 'openapi'
    ? 'discovery'
    : 'other';
}

/** What a real API server says when RBAC denies the request. */
export function forbiddenMessage(
  target: ApiTarget,
  user = 'system:serviceaccount:ha-posture:reader',
) {
  if (target.type !== 'resource') {
    return `forbidden: User "${user}" cannot get path "/${target.segments.join(
      '/',
    )}"`;
  }
  const verb = target.name ? 'get' : 'list';
  const scope = target.namespace
    ? `in the namespace "${target.namespace}"`
    : 'at the cluster scope';
  return `${target.plural} is forbidden: User "${user}" cannot ${verb} resource "${target.plural}" in API group "${target.group}" ${scope}`;
}

export function handleApiRequest(
  target: ApiTarget,
  ctx: RequestContext,
): ApiResponse {
  return target.type === 'resource'
    ? handleResource(target, ctx)
    : handleNonResource(target.segments, ctx);
}

function handleNonResource(
  segments: string[],
  ctx: RequestContext,
): ApiResponse {
  const { cluster } = ctx;
  const path = segments.join('/');
  const aggregated = aggregatedDiscoveryVersion(ctx.accept);
  switch (path) {
    case '':
      return json({
        paths: [
          '/api',
          '/api/v1',
          '/apis',
          '/healthz',
          '/livez',
          '/readyz',
          '/version',
        ],
      });
    case 'version':
      return json(cluster.version);
    case 'healthz':
    case 'livez':
    case 'readyz':
      return {
        status: 200,
        body: 'ok',
        contentType: 'text/plain; charset=utf-8',
      };
    case 'api':
      return aggregated
        ? json(
            aggregatedDoc(cluster, true, aggregated),
            aggregatedContentType(aggregated),
          )
        : json(apiVersionsDoc(ctx.serverAddress));
    case 'apis':
      return aggregated
        ? json(
            aggregatedDoc(cluster, false, aggregated),
            aggregatedContentType(aggregated),
          )
        : json(apiGroupListDoc(cluster));
    default:
  }
  if (segments[0] === 'api' && segments.length === 2) {
    const doc = apiResourceListDoc(cluster, '', segments[1]);
    return doc ? json(doc) : PAGE_NOT_FOUND;
  }
  if (segments[0] === 'apis' && segments.length === 2) {
    const doc = apiGroupDoc(cluster, segments[1]);
    return doc ? json(doc) : PAGE_NOT_FOUND;
  }
  if (segments[0] === 'apis' && segments.length === 3) {
    const doc = apiResourceListDoc(cluster, segments[1], segments[2]);
    return doc ? json(doc) : PAGE_NOT_FOUND;
  }
  return PAGE_NOT_FOUND;
}

function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}

function handleResource(
  t: Extract<ApiTarget, { type: 'resource' }>,
  ctx: RequestContext,
): ApiResponse {
  const { cluster } = ctx;
  if (!cluster.hasGroupVersion(t.group, t.version)) return PAGE_NOT_FOUND;
  // The legacy /watch/ path prefix and ?watch=true: this server has no watch support.
  if (t.plural === 'watch' || isWatch(ctx.query)) {
    throw new StatusError(
      405,
      'watch is not supported by this read-only fixture cluster',
    );
  }
  const rt = cluster.resource(t.group, t.version, t.plural);
  if (!rt || (t.namespace !== undefined && !rt.namespaced))
    throw NO_SUCH_RESOURCE();
  if (rt.forbidden)
    throw new StatusError(403, forbiddenMessage(t), { kind: rt.plural });
  if (t.name === undefined) return list(rt, t.namespace, ctx);
  if (t.subresource !== undefined && t.subresource !== 'status')
    throw NO_SUCH_RESOURCE();
  return get(rt, t.namespace ?? '', t.name, ctx);
}

const itemPrefix = (rt: ResourceType) =>
  `{"kind":${JSON.stringify(rt.kind)},"apiVersion":${JSON.stringify(
    rt.group ? `${rt.group}/${rt.version}` : rt.version,
  )},`;

function get(
  rt: ResourceType,
  namespace: string,
  name: string,
  ctx: RequestContext,
): ApiResponse {
  const obj = ctx.cluster
    .objectsOf(rt)
    .byKey.get(`${rt.namespaced ? namespace : ''}/${name}`);
  if (!obj) {
    throw new StatusError(
      404,
      `${
        rt.group ? `${rt.plural}.${rt.group}` : rt.plural
      } "${name}" not found`,
      {
        name,
        ...(rt.group ? { group: rt.group } : {}),
        kind: rt.plural,
      },
    );
  }
  const body = itemPrefix(rt) + obj.body.render(ctx.cluster.shiftAt(ctx.nowMs));
  if (wantsTable(ctx.accept)) {
    return json(
      buildTable(
        rt,
        [JSON.parse(body)],
        {},
        ctx.nowMs,
        ctx.query.get('includeObject'),
      ),
    );
  }
  return { status: 200, body, contentType: JSON_TYPE };
}

function list(
  rt: ResourceType,
  namespace: string | undefined,
  ctx: RequestContext,
): ApiResponse {
  const { cluster, query } = ctx;
  const stored = cluster.objectsOf(rt);
  let items: StoredObject[] =
    namespace === undefined
      ? stored.all
      : stored.byNamespace.get(namespace) ?? [];

  const labelSelector = query.get('labelSelector');
  if (labelSelector) {
    const selector = compileLabelSelector(labelSelector);
    const eq = selector.equalities[0];
    if (eq) {
      items = stored.withLabel(eq.key, eq.value);
      if (namespace !== undefined)
        items = items.filter(o => o.namespace === namespace);
    }
    items = items.filter(o => selector.matches(o.labels));
  }
  const fieldSelector = query.get('fieldSelector');
  if (fieldSelector) {
    const matches = fieldPredicate(fieldSelector, rt);
    items = items.filter(o => matches(o.source));
  }

  // Like the watch cache, resourceVersion=0 answers from "cache" and ignores limit.
  const continueValue = query.get('continue') || undefined;
  const fromCache = query.get('resourceVersion') === '0' && !continueValue;
  const page = paginate(items, {
    limit: fromCache ? undefined : Number(query.get('limit') ?? 0),
    continueValue,
    rv: cluster.resourceVersion,
    nowMs: ctx.nowMs,
    ttlMs: ctx.continueTtlMs,
  });

  const delta = cluster.shiftAt(ctx.nowMs);
  const prefix = itemPrefix(rt);
  const meta: Record<string, unknown> = {
    resourceVersion: cluster.resourceVersion,
  };
  if (page.continueToken) {
    meta.continue = page.continueToken;
    meta.remainingItemCount = page.remainingItemCount;
  }
  const parts = page.items.map(o => prefix + o.body.render(delta));
  if (wantsTable(ctx.accept)) {
    const objects = parts.map(p => JSON.parse(p));
    return json(
      buildTable(rt, objects, meta, ctx.nowMs, query.get('includeObject')),
    );
  }
  const apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
  return {
    status: 200,
    body: `{"kind":${JSON.stringify(
      `${rt.kind}List`,
    )},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(
      meta,
    )},"items":[${parts.join(',')}]}`,
    contentType: JSON_TYPE,
  };
}
