/** Small helpers shared by the built-in checks. */
import { HaStatus, HaTarget } from '@ha-posture/plugin-ha-posture-common';
import { CheckOutcome } from '../model/checks';
import { ResourceKey } from '../model/resources';
import { K8sObject } from '../model/snapshot';
import { ClusterView, Workload } from '../model/view';

/**
 * When a resource type the check needs could not be read, the outcome to return: `skipped` when
 * the input cannot contain it (a manifests scan has no nodes or pods), `unknown` otherwise (not
 * installed, forbidden, unreachable), always with the reason. Undefined when every type is `ok`.
 */
export function notEvaluable(
  cluster: ClusterView,
  ...keys: ResourceKey[]
): CheckOutcome | undefined {
  for (const key of keys) {
    const state = cluster.fetchState(key);
    if (state.status === 'ok') continue;
    const message = cluster.unavailable(key)!;
    return state.status === 'absent'
      ? {
          status: 'skipped',
          message,
          evidence: { resource: key, fetch: state.status },
        }
      : {
          status: 'unknown',
          message,
          evidence: { resource: key, fetch: state.status },
        };
  }
  return undefined;
}

/**
 * A value derived from a cluster view (an index, a memo), computed on first use and kept as long
 * as the view lives: checks that run once per workload look things up instead of scanning the cluster.
 */
export function perCluster<T>(
  derive: (cluster: ClusterView) => T,
): (cluster: ClusterView) => T {
  const cache = new WeakMap<ClusterView, T>();
  return cluster => {
    if (!cache.has(cluster)) cache.set(cluster, derive(cluster));
    return cache.get(cluster)!;
  };
}

/**
 * The API group of an Operated workload's custom resource (`postgresql.cnpg.io`); undefined for
 * other workloads.
 */
export function operatedGroup(workload: Workload): string | undefined {
  const apiVersion = workload.operatedBy?.apiVersion;
  if (apiVersion === undefined) return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The kind a workload is named by: its own, or for an Operated workload its custom resource's kind. */
export function workloadKind(workload: Workload): string {
  return workload.operatedBy?.kind ?? workload.kind;
}

/**
 * `Deployment shop/web`, or for an Operated workload its custom resource with the API group:
 * `Cluster shop/pg (postgresql.cnpg.io)`.
 */
export function describeWorkload(workload: Workload): string {
  const group = operatedGroup(workload);
  return `${workloadKind(workload)} ${workload.namespace}/${workload.name}${
    group ? ` (${group})` : ''
  }`;
}

/** The result target of a workload (an Operated workload's is its custom resource, with its API group). */
export function workloadTarget(
  cluster: ClusterView,
  workload: Workload,
): HaTarget {
  const group = operatedGroup(workload);
  return {
    cluster: cluster.name,
    kind: workloadKind(workload),
    ...(group ? { apiGroup: group } : {}),
    namespace: workload.namespace,
    name: workload.name,
  };
}

/** The result target of any object (kind from the object, e.g. `PodDisruptionBudget`). */
export function objectTarget(
  cluster: ClusterView,
  obj: K8sObject,
  kind = obj.kind ?? 'Object',
): HaTarget {
  return {
    cluster: cluster.name,
    kind,
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
    name: obj.metadata?.name,
  };
}

/**
 * `Deployment shop/web`, `Node ip-10-0-1-5`: for messages (an Operated workload as
 * describeWorkload names it).
 */
export function describeObject(
  obj: K8sObject | Workload,
  kind?: string,
): string {
  const isObject = 'metadata' in obj;
  if (!isObject && kind === undefined) return describeWorkload(obj);
  const name = isObject ? obj.metadata?.name : obj.name;
  const namespace = isObject ? obj.metadata?.namespace : obj.namespace;
  const label = kind ?? obj.kind ?? 'object';
  return namespace ? `${label} ${namespace}/${name}` : `${label} ${name}`;
}

/** The first status condition of a type (`{ type, status, reason?, message? }`), or undefined when absent. */
export function conditionOf(
  obj: K8sObject | undefined,
  type: string,
): Record<string, any> | undefined {
  const conditions = obj?.status?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  for (const c of conditions) if (c?.type === type) return c;
  return undefined;
}

/** Status of a condition (`True`/`False`/`Unknown`), or undefined when absent. */
export function conditionStatus(
  obj: K8sObject | undefined,
  type: string,
): string | undefined {
  return conditionOf(obj, type)?.status;
}

/** The value when it is an array, else an empty one (fields of objects whose shape is not checked). */
export function listOf(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** A pod counts as ready when its Ready condition is True. */
export function podIsReady(pod: K8sObject): boolean {
  return conditionStatus(pod, 'Ready') === 'True';
}

/** A pod that has been scheduled and is neither finished nor being deleted. */
export function podIsActive(pod: K8sObject): boolean {
  const phase = pod.status?.phase;
  return (
    phase !== 'Succeeded' &&
    phase !== 'Failed' &&
    !pod.metadata?.deletionTimestamp
  );
}

/** Where a pod runs. */
export interface PodPlacement {
  pod: string;
  node?: string;
  zone?: string;
  ready: boolean;
}

// Many pods share a node: its zone is looked up once per cluster view.
const zonesByNode = perCluster(() => new Map<string, string | undefined>());

/** The zone of the named node (cluster.zoneOfNode, remembered per view). */
export function nodeZone(
  cluster: ClusterView,
  node: string | undefined,
): string | undefined {
  if (node === undefined) return undefined;
  const zones = zonesByNode(cluster);
  if (zones.has(node)) return zones.get(node);
  const zone = cluster.zoneOfNode(node);
  zones.set(node, zone);
  return zone;
}

/** Node and zone of each pod (zone from the node's labels; undefined when unknown). */
export function placementOf(
  cluster: ClusterView,
  pods: K8sObject[],
): PodPlacement[] {
  const placements = new Array<PodPlacement>(pods.length);
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    const node: string | undefined = pod.spec?.nodeName || undefined;
    const zone = nodeZone(cluster, node);
    // Fields in this order, optional ones only when known.
    const placement = { pod: pod.metadata?.name } as PodPlacement;
    if (node) placement.node = node;
    if (zone) placement.zone = zone;
    placement.ready = podIsReady(pod);
    placements[i] = placement;
  }
  return placements;
}

const MAX_INT32 = 2 ** 31 - 1;

/** A well-formed IntOrString: an integer, or a percentage (`"NN%"`). */
type IntOrPercentValue = { percent: boolean; amount: number };

// The one IntOrString reader: the parsed value, or why the API would reject it.
function readIntOrPercent(value: unknown): IntOrPercentValue | string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'must be a whole number';
    if (value < 0) return 'must not be negative';
    if (value > MAX_INT32) return `must be at most ${MAX_INT32}`;
    return { percent: false, amount: value };
  }
  if (typeof value === 'string') {
    const match = /^(\d+)%$/.exec(value);
    if (match) return { percent: true, amount: Number(match[1]) };
    if (/^-\d+%$/.test(value)) return 'must not be negative';
    if (/^-?\d+$/.test(value))
      return 'is a string but not a percentage (write the number without quotes, or a percentage such as "50%")';
    return 'must be an integer or a percentage such as "50%"';
  }
  return 'must be an integer or a percentage such as "50%"';
}

/**
 * Why the Kubernetes API would reject an IntOrString field (PDB `minAvailable`/`maxUnavailable`,
 * rolling-update `maxUnavailable`/`maxSurge`), naming the field and value; undefined when it is
 * valid: an integer from 0, or a string `"NN%"` (digits only) of at most 100% unless
 * `allowAbove100` (maxSurge).
 */
export function intOrPercentProblem(
  value: unknown,
  field: string,
  options: { allowAbove100?: boolean } = {},
): string | undefined {
  const read = readIntOrPercent(value);
  let why: string | undefined;
  if (typeof read === 'string') why = read;
  else if (read.percent && read.amount > 100 && !options.allowAbove100)
    why = 'must be between 0% and 100%';
  return why === undefined
    ? undefined
    : `${field} ${
        JSON.stringify(value) ?? String(value)
      } is not valid: it ${why}`;
}

/**
 * Resolves an IntOrString such as PDB `minAvailable` or rollout `maxUnavailable` against a total,
 * like Kubernetes' GetScaledValueFromIntOrPercent: integers as is, `"NN%"` scaled and rounded up or
 * down. Undefined when the value is missing or malformed (see intOrPercentProblem for why; range
 * limits such as 100% are the caller's to check there).
 */
export function intOrPercent(
  value: unknown,
  total: number,
  roundUp: boolean,
): number | undefined {
  const read = readIntOrPercent(value);
  if (typeof read === 'string') return undefined;
  if (!read.percent) return read.amount;
  const scaled = (read.amount * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** Containers that run for the pod's lifetime: regular containers plus sidecars (restartable init containers). */
export function longRunningContainers(podSpec: any): any[] {
  const containers = Array.isArray(podSpec?.containers)
    ? podSpec.containers
    : [];
  const init = Array.isArray(podSpec?.initContainers)
    ? podSpec.initContainers
    : [];
  return [
    ...containers,
    ...init.filter((c: any) => c?.restartPolicy === 'Always'),
  ];
}

/** A field that is set: neither absent nor null (Kubernetes treats null as unset). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** `1 replica`, `3 replicas`. */
export function plural(
  count: number,
  singular: string,
  pluralForm = `${singular}s`,
): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Distinct defined values, sorted (node or zone lists for messages and evidence). */
export function distinct(values: Iterable<string | undefined>): string[] {
  return [
    ...new Set(
      [...values].filter((v): v is string => v !== undefined && v !== ''),
    ),
  ].sort();
}

/** `45s`, `12m`, `3h`, `2d`: a short age (lease renewals, NotReady durations) for messages. */
export function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

const STATUS_SEVERITY_ORDER: HaStatus[] = [
  'fail',
  'warn',
  'unknown',
  'pass',
  'skipped',
];

/** Sort order of statuses, worst first (fail > warn > unknown > pass > skipped). */
export function byStatusWorstFirst(a: HaStatus, b: HaStatus): number {
  return STATUS_SEVERITY_ORDER.indexOf(a) - STATUS_SEVERITY_ORDER.indexOf(b);
}

/** The worst of several statuses, in category order (fail > warn > unknown > pass > skipped): one outcome from several findings. */
export function worstStatus<S extends HaStatus>(statuses: S[]): S {
  return [...statuses].sort(byStatusWorstFirst)[0];
}

/** The workload's pod template annotations (a bare Pod's own annotations). */
export function podTemplateAnnotations(
  workload: Workload,
): Record<string, string> {
  // An Operated workload has no template in view: its first pod's spec and annotations stand for it.
  if (workload.kind === 'Operated') return workload.podAnnotations ?? {};
  const annotations =
    workload.kind === 'Pod'
      ? workload.object.metadata?.annotations
      : workload.object.spec?.template?.metadata?.annotations;
  return annotations ?? {};
}
