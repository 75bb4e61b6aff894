/**
 * One cluster's objects, indexed for serving: by resource, by namespace and by
 * name, each with its JSON serialized once (see timeShift.ts). Also the API
 * groups the cluster serves (built-ins plus its CRDs) and its /version.
 */
import { createHash } from 'node:crypto';
import type { ClusterSpec, ClusterVersionInfo } from './load';
import {
  ApiGroup,
  builtinGroups,
  compareVersions,
  crdResourceTypes,
  ResourceType,
} from './resources';
import type { Labels } from './selectors';
import { ShiftedJson, shiftSeconds } from './timeShift';

export type StoredObject = {
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  labels: Labels | undefined;
  /** The object as loaded, without apiVersion/kind, with defaulted metadata (for field selectors). */
  source: any;
  /**
   * The object's JSON without `apiVersion`/`kind` and without the opening brace,
   * so an item is `{"kind":..,"apiVersion":..,` + body: the version in the
   * request URL decides the apiVersion, like the API server's conversion.
   */
  body: ShiftedJson;
};

export class ResourceObjects {
  private readonly labelIndex = new Map<string, Map<string, StoredObject[]>>();

  constructor(
    /** Sorted by namespace, then name (the API server's storage key order). */
    readonly all: StoredObject[] = [],
    readonly byNamespace = new Map<string, StoredObject[]>(),
    readonly byKey = new Map<string, StoredObject>(),
  ) {}

  /**
   * Objects whose label `key` equals `value`, in storage order. Indexed on
   * first use per key: clients like the Backstage Kubernetes plugin list every
   * kind with `backstage.io/kubernetes-id=<id>` for each entity, so scanning
   * a large fleet per request would dominate benchmarks.
   */
  withLabel(key: string, value: string): StoredObject[] {
    let index = this.labelIndex.get(key);
    if (!index) {
      index = new Map();
      for (const o of this.all) {
        const v = o.labels?.[key];
        if (v === undefined) continue;
        const bucket = index.get(v);
        if (bucket) bucket.push(o);
        else index.set(v, [o]);
      }
      this.labelIndex.set(key, index);
    }
    return index.get(value) ?? [];
  }
}

const EMPTY = new ResourceObjects();

const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

const resourceKey = (group: string, plural: string) => `${group}/${plural}`;

const compareStrings = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

/** The API server lists in storage key order: namespace, then name. */
const byStorageKey = (a: StoredObject, b: StoredObject) =>
  compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name);

/** A stable UUID-shaped id derived from the object's identity. */
function deterministicUid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

function versionInfo(
  name: string,
  v: ClusterVersionInfo = {},
): Record<string, unknown> {
  const major = v.major ?? '1';
  const minor = v.minor ?? '31';
  return {
    major,
    minor,
    gitVersion: v.gitVersion ?? `v${major}.${minor.replace(/\D+$/, '')}.0`,
    gitCommit: createHash('sha1')
      .update(`fixture-cluster/${name}`)
      .digest('hex'),
    gitTreeState: 'clean',
    buildDate: '2024-12-10T11:36:28Z',
    goVersion: 'go1.22.9',
    compiler: 'gc',
    platform: 'linux/amd64',
    ...v,
  };
}

/** Newest `spec.renewTime` among Leases: when no capture time is given, the dump was taken about then. */
function inferCapturedAt(objects: any[]): number | undefined {
  let newest: number | undefined;
  for (const o of objects) {
    if (o.kind !== 'Lease' || typeof o.spec?.renewTime !== 'string') continue;
    const t = Date.parse(o.spec.renewTime);
    if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
  }
  return newest;
}

function mergeGroups(
  builtins: ApiGroup[],
  crdTypes: ResourceType[],
): ApiGroup[] {
  const groups = new Map(builtins.map(g => [g.name, g]));
  const crdGroupNames = new Set<string>();
  for (const rt of crdTypes) {
    let group = groups.get(rt.group);
    if (!group) {
      group = { name: rt.group, versions: [] };
      groups.set(rt.group, group);
      crdGroupNames.add(rt.group);
    }
    let version = group.versions.find(v => v.version === rt.version);
    if (!version) {
      version = { version: rt.version, resources: [] };
      group.versions.push(version);
      group.versions.sort((a, b) => compareVersions(a.version, b.version));
    }
    if (!version.resources.some(r => r.plural === rt.plural))
      version.resources.push(rt);
  }
  // Built-in groups first in their usual order, then CRD groups alphabetically.
  return [
    ...builtins.map(g => groups.get(g.name)!),
    ...[...crdGroupNames].sort().map(n => groups.get(n)!),
  ];
}

export type ClusterDataOptions = {
  timeShift: boolean;
  /** The list resourceVersion will be above this (so replaced data gets a new one). */
  minResourceVersion?: number;
};

export class ClusterData {
  readonly name: string;
  readonly title: string;
  readonly token?: string;
  readonly version: Record<string, unknown>;
  /** Undefined: no time shifting. */
  readonly capturedAtMs?: number;
  /** The list resourceVersion: the highest numeric resourceVersion of any object. */
  readonly resourceVersion: string;
  readonly groups: ApiGroup[];
  readonly warnings: string[] = [];
  private readonly types = new Map<string, ResourceType>();
  private readonly objects = new Map<string, ResourceObjects>();

  constructor(spec: ClusterSpec, opts: ClusterDataOptions) {
    this.name = spec.name;
    this.title = spec.title ?? spec.name;
    this.token = spec.token;
    this.version = versionInfo(spec.name, spec.version);
    const raw = (spec.objects ?? []).filter(
      (o: any) => o && typeof o === 'object' && o.kind !== 'Secret',
    ) as any[];

    if (opts.timeShift) {
      this.capturedAtMs = spec.capturedAt
        ? Date.parse(spec.capturedAt)
        : inferCapturedAt(raw);
    }

    const crdTypes = raw
      .filter(o => o.kind === 'CustomResourceDefinition')
      .flatMap(crdResourceTypes);
    this.groups = mergeGroups(builtinGroups(), crdTypes);

    // (group, Kind) → resource type (preferred version), to file each object under its resource.
    const byKind = new Map<string, ResourceType>();
    for (const g of this.groups) {
      for (const v of g.versions) {
        for (const rt of v.resources) {
          this.types.set(`${g.name}/${v.version}/${rt.plural}`, rt);
          if (!byKind.has(`${g.name}/${rt.kind}`))
            byKind.set(`${g.name}/${rt.kind}`, rt);
        }
      }
    }

    let maxRv =
      opts.minResourceVersion !== undefined ? opts.minResourceVersion + 1 : 1;
    for (const o of raw) {
      const rv = Number(o.metadata?.resourceVersion);
      if (Number.isSafeInteger(rv) && rv > maxRv) maxRv = rv;
    }
    let nextRv = maxRv;

    const grouped = new Map<string, StoredObject[]>();
    const unserved = new Map<string, number>();
    /** namespace → its oldest object's creationTimestamp (and that in ms). */
    const namespacesSeen = new Map<string, { ts?: string; ms: number }>();
    for (const o of raw) {
      const group = groupOf(String(o.apiVersion));
      const rt = byKind.get(`${group}/${o.kind}`);
      if (!rt) {
        const k = `${o.kind} (${o.apiVersion})`;
        unserved.set(k, (unserved.get(k) ?? 0) + 1);
        continue;
      }
      const namespace = rt.namespaced
        ? String(o.metadata.namespace ?? 'default')
        : '';
      // The request URL decides apiVersion and kind; the rest keeps its key order.
      const { apiVersion: _a, kind: _k, ...body } = o;
      const m = o.metadata;
      if (
        m.uid === undefined ||
        m.resourceVersion === undefined ||
        (rt.namespaced && m.namespace !== namespace)
      ) {
        body.metadata = {
          ...m,
          ...(rt.namespaced ? { namespace } : {}),
          uid:
            m.uid ??
            deterministicUid(
              `${spec.name}/${group}/${o.kind}/${namespace}/${m.name}`,
            ),
          resourceVersion: m.resourceVersion ?? String(++nextRv),
        };
      }
      if (namespace) {
        this.noteNamespace(namespacesSeen, namespace, m.creationTimestamp);
      }
      this.add(grouped, rt, body);
    }
    for (const [k, n] of unserved) {
      this.warnings.push(
        `${spec.name}: ${n} object(s) of kind ${k} not served: no built-in type or CRD defines it`,
      );
    }
    this.addMissingNamespaces(
      grouped,
      byKind.get('/Namespace')!,
      namespacesSeen,
      () => String(++nextRv),
    );
    this.resourceVersion = String(nextRv);

    for (const [key, list] of grouped) {
      list.sort(byStorageKey);
      const byNamespace = new Map<string, StoredObject[]>();
      const byKey = new Map<string, StoredObject>();
      for (const so of list) {
        if (byKey.has(`${so.namespace}/${so.name}`)) {
          this.warnings.push(
            `${spec.name}: duplicate ${key} ${so.namespace}/${so.name}; the last one wins`,
          );
        }
        byKey.set(`${so.namespace}/${so.name}`, so);
      }
      const unique = [...byKey.values()];
      for (const so of unique) {
        const bucket = byNamespace.get(so.namespace);
        if (bucket) bucket.push(so);
        else byNamespace.set(so.namespace, [so]);
      }
      this.objects.set(key, new ResourceObjects(unique, byNamespace, byKey));
    }
  }

  /** `source` is the object without apiVersion and kind. */
  private add(
    grouped: Map<string, StoredObject[]>,
    rt: ResourceType,
    source: any,
  ) {
    const key = resourceKey(rt.group, rt.plural);
    const stored: StoredObject = {
      namespace:
        source.metadata.namespace && rt.namespaced
          ? source.metadata.namespace
          : '',
      name: source.metadata.name,
      labels: source.metadata.labels,
      source,
      body: new ShiftedJson(JSON.stringify(source).slice(1)),
    };
    const list = grouped.get(key);
    if (list) list.push(stored);
    else grouped.set(key, [stored]);
  }

  private noteNamespace(
    seen: Map<string, { ts?: string; ms: number }>,
    ns: string,
    created: unknown,
  ) {
    const ms = typeof created === 'string' ? Date.parse(created) : NaN;
    const prev = seen.get(ns);
    if (Number.isNaN(ms)) {
      if (!prev) seen.set(ns, { ms: Infinity });
    } else if (!prev || ms < prev.ms) {
      seen.set(ns, { ts: created as string, ms });
    }
  }

  /**
   * Objects live in namespaces, so a namespace that objects use but the dump
   * lacks is synthesized (created no later than its oldest object).
   */
  private addMissingNamespaces(
    grouped: Map<string, StoredObject[]>,
    nsType: ResourceType,
    seen: Map<string, { ts?: string; ms: number }>,
    nextRv: () => string,
  ) {
    const existing = new Set(
      (grouped.get(resourceKey('', 'namespaces')) ?? []).map(n => n.name),
    );
    for (const [ns, { ts: created }] of [...seen].sort(([a], [b]) =>
      compareStrings(a, b),
    )) {
      if (existing.has(ns)) continue;
      this.add(grouped, nsType, {
        metadata: {
          name: ns,
          uid: deterministicUid(`${this.name}//Namespace//${ns}`),
          resourceVersion: nextRv(),
          ...(created ? { creationTimestamp: created } : {}),
          labels: { 'kubernetes.io/metadata.name': ns },
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
  }

  /** The resource served at /apis/<group>/<version>/<plural> (group '' = /api/v1). */
  resource(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.types.get(`${group}/${version}/${plural}`);
  }

  hasGroupVersion(group: string, version: string): boolean {
    return this.groups.some(
      g => g.name === group && g.versions.some(v => v.version === version),
    );
  }

  objectsOf(rt: ResourceType): ResourceObjects {
    return this.objects.get(resourceKey(rt.group, rt.plural)) ?? EMPTY;
  }

  /** Whole seconds to add to every timestamp at `nowMs`. */
  shiftAt(nowMs: number): number {
    return shiftSeconds(this.capturedAtMs, nowMs);
  }
}
