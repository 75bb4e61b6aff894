import { ResourceKey } from './resources';

/**
 * How the list of one resource type went. Anything but `ok` makes the checks that need that
 * type `unknown` with the reason, never `pass`.
 * @public
 */
export type FetchStatus =
  | 'ok'
  | 'not-installed'
  | 'forbidden'
  | 'unreachable'
  | 'error'
  /** Not part of the input at all (a manifests scan has no nodes or pods): checks are `skipped`. */
  | 'absent';

/** @public */
export interface FetchState {
  status: FetchStatus;
  /**
   * Human-readable reason when status is not `ok`. With `ok`, what could not be added: an optional
   * namespace that could not be listed (ResourceType.optionalNamespaces).
   */
  message?: string;
  /**
   * Per object, for a type read as named objects (ResourceType.objectNames, and the status reports
   * of cluster-autoscaler Deployments read after them): `ok` when it was read or does not exist,
   * else why it could not be read. Keyed by the name for an object in the type's namespace
   * (`kubeadm-config`), by `namespace/name` for one elsewhere (see objectStateKey).
   */
  objects?: Record<string, FetchState>;
}

/** @public */
export interface OwnerReference {
  apiVersion?: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

/** @public */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  creationTimestamp?: string;
  /** Set while the object is being deleted (terminating pods). */
  deletionTimestamp?: string;
  resourceVersion?: string;
}

/**
 * A (projected) Kubernetes object. Only the fields the checks need are kept; `spec` and
 * `status` are loosely typed because every kind differs and manifests may be malformed:
 * checks must read them defensively.
 * @public
 */
export interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  /** Top-level fields some kinds use instead of spec (StorageClass, EndpointSlice, PriorityClass ...). */
  [field: string]: any;
}

/** Cluster identity and operator-supplied facts the API cannot show. @public */
export interface ClusterInfo {
  name: string;
  title?: string;
  /** Configured region; overrides what node labels say. */
  region?: string;
  /**
   * Configured location of a managed cluster, e.g. GKE `europe-west1` (a region means a regional
   * control plane) or `europe-west1-b` (zonal). Without it GKE control-plane HA is `unknown`.
   */
  location?: string;
}

/**
 * Where a snapshot came from: `live` from an API server, `dump` from `kubectl get -o yaml` output
 * that includes cluster state (nodes, pods ...), `manifests` from plain manifests (no cluster state:
 * checks that need it are `skipped`).
 * @public
 */
export type SnapshotMode = 'live' | 'dump' | 'manifests';

/** Everything the engine knows about one cluster at one moment. @public */
export interface ClusterSnapshot {
  cluster: ClusterInfo;
  mode: SnapshotMode;
  /** When the objects were read (ISO 8601). */
  fetchedAt: string;
  /**
   * The cluster's clock at fetch time (API server `Date` header, or for a dump the newest lease
   * renewTime). Ages (leases, backups) are measured against it, not the local clock.
   */
  now: string;
  version?: { gitVersion?: string; platform?: string };
  /** Group-versions the cluster serves (from discovery), e.g. `v1`, `apps/v1`, `velero.io/v1`. */
  servedGroupVersions?: string[];
  /** Objects per resource type. A missing key means the type was not read. */
  objects: Partial<Record<ResourceKey, K8sObject[]>>;
  /** Per resource type: how reading it went. A type with no entry and no objects is `unknown`. */
  fetch: Partial<Record<ResourceKey, FetchState>>;
  /** The snapshot is the last good one, kept because the latest refresh failed. */
  stale?: boolean;
  /** Errors of the refresh that produced (or failed to replace) this snapshot. */
  errors?: string[];
}
