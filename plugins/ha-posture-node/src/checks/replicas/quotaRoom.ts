/**
 * How many more pods of a workload the ResourceQuotas of its namespace admit: the quotas that
 * apply to its pods (scopes), and for each the resource that runs out first.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { isSet, listOf, perCluster } from '../util';
import { parseQuantity } from '../nodes/quantity';
import { podLimit, podRequests, Resources } from '../nodes/podRequests';

export const QUOTA_KEY = 'resourcequotas';

type ComputeResource = 'cpu' | 'memory';

/** How one pod counts against a quota resource. */
type PodMeasure =
  | { of: 'pods' }
  | { of: 'requests' | 'limits'; resource: ComputeResource };

/** The quota resources judged; others (storage, object counts, extended resources) are not pods' compute. */
const MEASURES: Record<string, PodMeasure> = {
  pods: { of: 'pods' },
  'count/pods': { of: 'pods' },
  cpu: { of: 'requests', resource: 'cpu' },
  'requests.cpu': { of: 'requests', resource: 'cpu' },
  memory: { of: 'requests', resource: 'memory' },
  'requests.memory': { of: 'requests', resource: 'memory' },
  'limits.cpu': { of: 'limits', resource: 'cpu' },
  'limits.memory': { of: 'limits', resource: 'memory' },
};

/** The quota resource that admits the fewest more pods. */
export interface QuotaLimit {
  quota: string;
  resource: string;
  hard: string;
  used: string;
  /** More pods it admits (0 when it is used up, or over). */
  pods: number;
}

export type QuotaRoom =
  /** No quota in the namespace applies to the pods. */
  | { kind: 'none' }
  /** The tightest quota resource; `unjudged` names quotas whose scope or usage could not be read. */
  | { kind: 'limited'; tightest?: QuotaLimit; unjudged: string[] }
  /** A quota tracks a compute resource the pods do not declare: it refuses new pods (unless a LimitRange sets a default). */
  | { kind: 'unspecified'; quota: string; resource: string };

/** Whether the containers declare the resource at all (a request, or a limit that defaults it). */
function declares(
  spec: any,
  of: 'requests' | 'limits',
  resource: string,
): boolean {
  return [...listOf(spec?.containers), ...listOf(spec?.initContainers)].every(
    c =>
      isSet(c?.resources?.[of]?.[resource]) ||
      (of === 'requests' && isSet(c?.resources?.limits?.[resource])),
  );
}

function isBestEffort(spec: any): boolean {
  return [...listOf(spec?.containers), ...listOf(spec?.initContainers)].every(
    c =>
      !['requests', 'limits'].some(of =>
        ['cpu', 'memory'].some(r => isSet(c?.resources?.[of]?.[r])),
      ),
  );
}

function hasCrossNamespaceAffinity(spec: any): boolean {
  const affinity = spec?.affinity ?? {};
  return ['podAffinity', 'podAntiAffinity'].some(kind => {
    const rules = affinity[kind] ?? {};
    const terms = [
      ...listOf(rules.requiredDuringSchedulingIgnoredDuringExecution),
      ...listOf(rules.preferredDuringSchedulingIgnoredDuringExecution).map(
        (t: any) => t?.podAffinityTerm,
      ),
    ];
    return terms.some(
      t => t?.namespaceSelector || listOf(t?.namespaces).length > 0,
    );
  });
}

/** Whether a named scope holds for the pod; undefined for a scope this engine does not know. */
function inScope(scope: unknown, spec: any): boolean | undefined {
  switch (scope) {
    case 'Terminating':
      return isSet(spec?.activeDeadlineSeconds);
    case 'NotTerminating':
      return !isSet(spec?.activeDeadlineSeconds);
    case 'BestEffort':
      return isBestEffort(spec);
    case 'NotBestEffort':
      return !isBestEffort(spec);
    case 'PriorityClass':
      return typeof spec?.priorityClassName === 'string';
    case 'CrossNamespacePodAffinity':
      return hasCrossNamespaceAffinity(spec);
    // Scopes of claims, not pods: the quota does not count pods.
    case 'VolumeAttributesClass':
      return false;
    default:
      return undefined;
  }
}

function scopeExpressionHolds(expression: any, spec: any): boolean | undefined {
  const operator = expression?.operator;
  if (expression?.scopeName === 'PriorityClass') {
    const name = spec?.priorityClassName;
    const values = listOf(expression.values);
    if (operator === 'In')
      return typeof name === 'string' && values.includes(name);
    if (operator === 'NotIn')
      return typeof name !== 'string' || !values.includes(name);
  }
  const holds = inScope(expression?.scopeName, spec);
  if (holds === undefined) return undefined;
  if (operator === 'Exists') return holds;
  if (operator === 'DoesNotExist') return !holds;
  return undefined;
}

/** Whether the quota counts the pod: every scope and scope-selector expression holds (undefined: not known). */
function quotaApplies(quota: K8sObject, spec: any): boolean | undefined {
  const checks = [
    ...listOf(quota.spec?.scopes).map(scope => inScope(scope, spec)),
    ...listOf(quota.spec?.scopeSelector?.matchExpressions).map(e =>
      scopeExpressionHolds(e, spec),
    ),
  ];
  if (checks.includes(false)) return false;
  return checks.includes(undefined) ? undefined : true;
}

function perPod(
  measure: PodMeasure,
  pod: K8sObject,
  requests: () => Resources | undefined,
): number | undefined {
  if (measure.of === 'pods') return 1;
  if (measure.of === 'requests') return requests()?.[measure.resource];
  return podLimit(pod, measure.resource);
}

/** One quota resource that counts pods, read once per evaluation. */
interface QuotaMeasure {
  resource: string;
  measure: PodMeasure;
  hard: string;
  used: string;
  /** Room left (hard − used); undefined when either is not a quantity. */
  room?: number;
}

/** A quota's pod-counting resources; undefined when its status reports no hard limits (not judged). */
const measuresOfQuota = perCluster(
  () => new WeakMap<K8sObject, { measures?: QuotaMeasure[] }>(),
);

function quotaMeasures(
  cluster: ClusterView,
  quota: K8sObject,
): QuotaMeasure[] | undefined {
  const memo = measuresOfQuota(cluster);
  let entry = memo.get(quota);
  if (!entry) {
    entry = { measures: readMeasures(quota) };
    memo.set(quota, entry);
  }
  return entry.measures;
}

function readMeasures(quota: K8sObject): QuotaMeasure[] | undefined {
  const hard = quota.status?.hard;
  if (!hard || typeof hard !== 'object') return undefined;
  const used = quota.status?.used;
  const measures: QuotaMeasure[] = [];
  for (const [resource, hardValue] of Object.entries(hard)) {
    const measure = MEASURES[resource];
    if (!measure) continue;
    const usedValue =
      used && typeof used === 'object' ? used[resource] : undefined;
    const limit = parseQuantity(hardValue);
    const usage = parseQuantity(usedValue);
    measures.push({
      resource,
      measure,
      hard: String(hardValue),
      used: String(usedValue),
      ...(limit !== undefined && usage !== undefined
        ? { room: limit - usage }
        : {}),
    });
  }
  return measures;
}

/**
 * What the namespace's quotas leave for more pods shaped like `pod` (an admitted pod of the
 * workload, whose requests and limits a LimitRange may have filled in, else one from its template).
 */
export function quotaRoom(
  cluster: ClusterView,
  namespace: string,
  pod: K8sObject,
): QuotaRoom {
  let applied = false;
  // The pod's requests, read once for all the quotas' resources.
  let requested: { value: Resources | undefined } | undefined;
  const requests = () => (requested ??= { value: podRequests(pod) }).value;
  let tightest: QuotaLimit | undefined;
  const unjudged: string[] = [];
  for (const quota of cluster.inNamespace(QUOTA_KEY, namespace)) {
    const name = quota.metadata.name;
    const applies = quotaApplies(quota, pod.spec);
    if (applies === false) continue;
    applied = true;
    const measures = quotaMeasures(cluster, quota);
    if (applies === undefined || !measures) {
      unjudged.push(name);
      continue;
    }
    for (const { resource, measure, hard, used, room } of measures) {
      if (
        measure.of !== 'pods' &&
        !declares(pod.spec, measure.of, measure.resource)
      )
        return { kind: 'unspecified', quota: name, resource };
      const each = perPod(measure, pod, requests);
      if (room === undefined || each === undefined) {
        unjudged.push(name);
        continue;
      }
      // A pod that requests none of it (an explicit 0) is not limited by it.
      if (each === 0) continue;
      const pods = Math.max(0, Math.floor(room / each + 1e-9));
      if (!tightest || pods < tightest.pods)
        tightest = { quota: name, resource, hard, used, pods };
    }
  }
  if (!applied) return { kind: 'none' };
  return { kind: 'limited', tightest, unjudged: [...new Set(unjudged)] };
}
