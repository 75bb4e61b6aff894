/**
 * Which backups cover a workload: Velero Schedules and Backups (the Schedule's template is a
 * Backup spec) and Kasten K10 policies (rules file, section 6).
 */
import { CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { LabelSelector, matchesLabelSelector } from '../../engine/labels';
import { absenceVerdict } from '../absence';
import { NamespaceIndex } from '../namespaceIndex';
import { perCluster, workloadKind } from '../util';
import { cronProblem } from './cron';
import { serverStopsBackups, veleroServers } from './veleroServer';

export const BACKUP_KEYS = {
  schedules: 'schedules.velero.io',
  backups: 'backups.velero.io',
  locations: 'backupstoragelocations.velero.io',
  kastenPolicies: 'policies.config.kio.kasten.io',
} as const;

/** Compiled namespace wildcards by pattern (a few per cluster; cleared if it ever grows large). */
const wildcards = new Map<string, RegExp>();

/** Velero's namespace patterns: exact names, `*`, and glob wildcards. */
function namespaceMatches(pattern: unknown, namespace: string): boolean {
  if (typeof pattern !== 'string') return false;
  if (pattern === '*' || pattern === namespace) return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return false;
  let regex = wildcards.get(pattern);
  if (!regex) {
    if (wildcards.size >= 1000) wildcards.clear();
    regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    wildcards.set(pattern, regex);
  }
  return regex.test(namespace);
}

/**
 * What a Velero label selector selects of the workload: its object (`object`), only its pods
 * (`pods`: the pod template's labels match, the object's do not), or neither. Velero applies the
 * selector to each item by the item's own labels (it lists every resource with the selector), so
 * a selector matching only the pod template backs up the pods (and, through them, their claims)
 * but not the Deployment or StatefulSet, which a restore then cannot recreate.
 */
function labelSelection(
  selector: any,
  workload: Workload,
): 'object' | 'pods' | 'none' {
  if (matchesLabelSelector(selector, workload.object.metadata.labels ?? {}))
    return 'object';
  return workload.kind !== 'Pod' &&
    matchesLabelSelector(selector, workload.templateLabels)
    ? 'pods'
    : 'none';
}

/** A Backup spec's label selectors: its labelSelector and its orLabelSelectors (an item matching any is selected). */
export function labelSelectorsOf(spec: any): LabelSelector[] {
  return [
    ...(spec?.labelSelector ? [spec.labelSelector] : []),
    ...(Array.isArray(spec?.orLabelSelectors) ? spec.orLabelSelectors : []),
  ];
}

/** Velero leaves out any item labelled so, whatever selects it (velero.io docs, resource filtering). */
export const EXCLUDE_LABEL = 'velero.io/exclude-from-backup';

export function excludedByLabel(
  labels: Record<string, string> | undefined,
): boolean {
  return labels?.[EXCLUDE_LABEL] === 'true';
}

/**
 * How a Velero Backup spec relates to a workload, as a small number: it covers it (COVERS), or
 * why not. Together with the spec and the namespace, the code determines veleroSpecCovers' answer,
 * so checks can share a judgement between the workloads of a namespace with the same codes.
 */
export const COVERS = 0;
const OUTSIDE_INCLUDED = 1;
const EXCLUDED = 2;
const LABEL_SELECTOR_MISSES = 3;
const OR_SELECTORS_MISS = 4;
/** The resource filters leave out the workload's resource, or Velero rejects the spec (resourceLeftOut says how). */
const RESOURCE_LEFT_OUT = 5;
/** The label selectors select only the workload's pods, not its object (see labelSelection). */
const PODS_ONLY = 6;
/** The workload's object carries EXCLUDE_LABEL. */
const EXCLUDED_BY_LABEL = 7;
/** The number of distinct coverage codes. */
export const COVERAGE_CODES = 8;
/** How many coverage codes a key holds exactly: COVERAGE_CODES ** 17 < 2 ** 53 (8 ** 18 is not). */
export const MAX_KEYED_CODES = 17;

/**
 * A Kubernetes resource as Velero's resource filters name it. Velero resolves each name of
 * includedResources/excludedResources (and of the scoped filters) through the API server's
 * discovery RESTMapper with kubectl's shortcut expander, case-insensitively: the plural resource
 * (`deployments`), `resource.group` (`deployments.apps`), the singular (which is the lowercased
 * kind, `deployment`) and short names (`deploy`) all resolve; `*` means all. A name it cannot
 * resolve is kept as a glob pattern (Velero >= 1.5), which matches nothing unless it has wildcards.
 */
export interface VeleroResource {
  /** `deployments` */
  plural: string;
  /** `apps`; '' for the core group. */
  group: string;
  /** Singular and short names (`deployment`, `deploy`). */
  aliases: readonly string[];
  namespaced: boolean;
}

const resource = (
  plural: string,
  group: string,
  aliases: string[],
  namespaced = true,
): VeleroResource => ({ plural, group, aliases, namespaced });

/** The resource of each workload kind (its object is what a backup must hold to restore it). */
export const WORKLOAD_RESOURCES: Record<
  Exclude<Workload['kind'], 'Operated'>,
  VeleroResource
> = {
  Deployment: resource('deployments', 'apps', ['deployment', 'deploy']),
  StatefulSet: resource('statefulsets', 'apps', ['statefulset', 'sts']),
  DaemonSet: resource('daemonsets', 'apps', ['daemonset', 'ds']),
  ReplicaSet: resource('replicasets', 'apps', ['replicaset', 'rs']),
  Rollout: resource('rollouts', 'argoproj.io', ['rollout', 'ro']),
  Pod: resource('pods', '', ['pod', 'po']),
};
/** Plural of a kind as CRD generators (kubebuilder, operator-sdk) make it: `clusters`, `kafkas`, `proxies`. */
function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

const operatedResources = new Map<string, VeleroResource>();

/**
 * The resource a backup must hold to restore the workload: its kind's, or for an Operated workload
 * its custom resource (the operator recreates the pods from it), whose plural is guessed from the
 * kind (the engine does not read the CRD).
 */
export function workloadResource(workload: Workload): VeleroResource {
  if (workload.kind !== 'Operated') return WORKLOAD_RESOURCES[workload.kind];
  const kind = workload.operatedBy?.kind ?? workload.object.kind ?? '';
  const apiVersion = workload.operatedBy?.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const key = `${kind}.${group}`;
  let found = operatedResources.get(key);
  if (!found) {
    found = resource(guessPlural(kind), group, [kind.toLowerCase()]);
    operatedResources.set(key, found);
  }
  return found;
}

export const PVC_RESOURCE = resource('persistentvolumeclaims', '', [
  'persistentvolumeclaim',
  'pvc',
]);
export const PV_RESOURCE = resource(
  'persistentvolumes',
  '',
  ['persistentvolume', 'pv'],
  false,
);
export const POD_RESOURCE = WORKLOAD_RESOURCES.Pod;

/** `deployments.apps`, `persistentvolumeclaims`. */
export function resourceName(r: VeleroResource): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/**
 * How a filter name relates to the resource: `yes` when Velero resolves it to the resource (or it
 * is `*`), `maybe` when it names the resource in another form this code does not resolve (the same
 * resource name with another group or a version, `deployments.extensions`, `deployments.v1.apps`;
 * a glob pattern matching it), `no` otherwise. Callers treat `maybe` conservatively: it does not
 * include the resource, but it excludes it.
 */
function filterNames(name: unknown, r: VeleroResource): 'yes' | 'maybe' | 'no' {
  if (typeof name !== 'string') return 'no';
  const n = name.trim().toLowerCase();
  if (n === '*') return 'yes';
  if (/[*?[]/.test(n))
    return namespaceMatches(n, r.plural) || namespaceMatches(n, resourceName(r))
      ? 'maybe'
      : 'no';
  const dot = n.indexOf('.');
  const base = dot < 0 ? n : n.slice(0, dot);
  if (base !== r.plural && !r.aliases.includes(base)) return 'no';
  return dot < 0 || n.slice(dot + 1) === r.group ? 'yes' : 'maybe';
}

const OLD_RESOURCE_FILTERS = [
  'includedResources',
  'excludedResources',
  'includeClusterResources',
] as const;
const SCOPED_RESOURCE_FILTERS = [
  'includedNamespaceScopedResources',
  'excludedNamespaceScopedResources',
  'includedClusterScopedResources',
  'excludedClusterScopedResources',
] as const;

const present = (value: unknown) =>
  value !== undefined &&
  value !== null &&
  !(Array.isArray(value) && value.length === 0);

/** Velero rejects a Backup spec that mixes the old resource filters with the scoped ones (>= 1.11). */
function mixesResourceFilters(spec: any): boolean {
  return (
    OLD_RESOURCE_FILTERS.some(f => present(spec?.[f])) &&
    SCOPED_RESOURCE_FILTERS.some(f => present(spec?.[f]))
  );
}

/**
 * Velero's backup controller fails the validation of a Backup that sets both labelSelector and
 * orLabelSelectors (prepareBackupRequest: both non-nil → "encountered labelSelector as well as
 * orLabelSelectors in backup spec, only one can be specified"). An empty labelSelector ({}) is
 * still set; an empty orLabelSelectors list is dropped on the way to the Backup (omitempty).
 */
function setsBothSelectors(spec: any): boolean {
  return (
    spec?.labelSelector !== undefined &&
    spec?.labelSelector !== null &&
    present(spec?.orLabelSelectors)
  );
}

/** Why Velero rejects a Backup spec at validation, so that its backups contain nothing; else undefined. */
function specRejection(spec: any): string | undefined {
  if (setsBothSelectors(spec))
    return 'sets both labelSelector and orLabelSelectors, which Velero rejects (only one can be specified): each of its backups fails validation';
  if (mixesResourceFilters(spec))
    return 'mixes the old resource filters (includedResources, excludedResources, includeClusterResources) with the scoped ones, which Velero rejects';
  return undefined;
}

/** resourceLeftOut's answers by spec (specs are objects of one snapshot) and resource. */
const resourcesLeftOut = new WeakMap<
  object,
  Map<VeleroResource, string | undefined>
>();

/**
 * Whether a Backup spec's resource filters include the resource, else the filter that leaves it
 * out (`its excludedResources (deployments.apps) leaves out deployments.apps`). Exclusion wins;
 * an empty or absent include list includes all resources (for cluster-scoped ones such as PVs it
 * means Velero's "auto": those related to the namespaced items, which is how PVs of the claims are
 * backed up). `includeClusterResources: false` leaves out every cluster-scoped resource. A spec
 * that Velero rejects (old and scoped filters mixed, both kinds of label selector) fails validation:
 * nothing is included.
 */
export function resourceLeftOut(
  spec: any,
  r: VeleroResource,
): string | undefined {
  // Asked for every workload a spec can reach: judged once per spec and resource.
  if (typeof spec !== 'object' || spec === null)
    return findResourceLeftOut(spec, r);
  let bySpec = resourcesLeftOut.get(spec);
  if (!bySpec) resourcesLeftOut.set(spec, (bySpec = new Map()));
  if (bySpec.has(r)) return bySpec.get(r);
  const leftOut = findResourceLeftOut(spec, r);
  bySpec.set(r, leftOut);
  return leftOut;
}

function findResourceLeftOut(spec: any, r: VeleroResource): string | undefined {
  const rejected = specRejection(spec);
  if (rejected) return rejected;
  const scoped = SCOPED_RESOURCE_FILTERS.some(f => present(spec?.[f]));
  let [includedField, excludedField] = [
    'includedResources',
    'excludedResources',
  ];
  if (scoped && r.namespaced)
    [includedField, excludedField] = [
      'includedNamespaceScopedResources',
      'excludedNamespaceScopedResources',
    ];
  else if (scoped)
    [includedField, excludedField] = [
      'includedClusterScopedResources',
      'excludedClusterScopedResources',
    ];
  // Malformed filters (a string, a map: not checked on entry for the scoped fields) are not read
  // as "all resources".
  for (const field of [includedField, excludedField])
    if (present(spec?.[field]) && !Array.isArray(spec[field]))
      return `has a malformed ${field} (not a list)`;
  const excluded: unknown[] = Array.isArray(spec?.[excludedField])
    ? spec[excludedField]
    : [];
  const excluding = excluded.find(name => filterNames(name, r) !== 'no');
  if (excluding !== undefined)
    return `excludes ${resourceName(r)} (${excludedField}: ${String(
      excluding,
    )})`;
  if (!r.namespaced && !scoped && spec?.includeClusterResources === false)
    return `leaves out cluster-scoped resources such as ${resourceName(
      r,
    )} (includeClusterResources: false)`;
  const included: unknown[] = Array.isArray(spec?.[includedField])
    ? spec[includedField]
    : [];
  if (included.length === 0) return undefined;
  return included.some(name => filterNames(name, r) === 'yes')
    ? undefined
    : `includes only the resources ${included.join(
        ', ',
      )} (${includedField}), not ${resourceName(r)}`;
}

export function veleroCoverage(spec: any, workload: Workload): number {
  const ns = workload.namespace;
  const included = spec?.includedNamespaces;
  if (Array.isArray(included) && included.length > 0) {
    let matched = false;
    for (const pattern of included)
      if (namespaceMatches(pattern, ns)) {
        matched = true;
        break;
      }
    if (!matched) return OUTSIDE_INCLUDED;
  }
  const excluded = spec?.excludedNamespaces;
  if (Array.isArray(excluded))
    for (const pattern of excluded)
      if (namespaceMatches(pattern, ns)) return EXCLUDED;
  // A spec Velero rejects backs up nothing, whatever its selectors select.
  if (setsBothSelectors(spec)) return RESOURCE_LEFT_OUT;
  if (excludedByLabel(workload.object.metadata.labels))
    return EXCLUDED_BY_LABEL;
  let podsOnly = false;
  if (spec?.labelSelector) {
    const selected = labelSelection(spec.labelSelector, workload);
    if (selected === 'none') return LABEL_SELECTOR_MISSES;
    podsOnly = selected === 'pods';
  }
  const orSelectors = spec?.orLabelSelectors;
  if (Array.isArray(orSelectors) && orSelectors.length > 0) {
    let selected: 'object' | 'pods' | 'none' = 'none';
    for (const selector of orSelectors) {
      const one = labelSelection(selector, workload);
      if (one === 'object') {
        selected = one;
        break;
      }
      if (one === 'pods') selected = one;
    }
    if (selected === 'none') return OR_SELECTORS_MISS;
    podsOnly ||= selected === 'pods';
  }
  if (resourceLeftOut(spec, workloadResource(workload)))
    return RESOURCE_LEFT_OUT;
  return podsOnly ? PODS_ONLY : COVERS;
}

/**
 * `key` followed by the coverage codes of the specs (in base COVERAGE_CODES): the workloads of a
 * namespace with the same key are covered alike by every spec. Exact while key and specs together
 * hold at most MAX_KEYED_CODES codes.
 */
export function coverageKey(
  key: number,
  specs: readonly unknown[],
  workload: Workload,
): number {
  let folded = key;
  for (const spec of specs)
    folded = folded * COVERAGE_CODES + veleroCoverage(spec, workload);
  return folded;
}

const COVERED: { covered: boolean; reason?: string } = Object.freeze({
  covered: true,
});

/** Whether a Velero Backup spec (a Backup's spec or a Schedule's template) includes the workload; else why not. */
export function veleroSpecCovers(
  spec: any,
  workload: Workload,
): { covered: boolean; reason?: string } {
  switch (veleroCoverage(spec, workload)) {
    case COVERS:
      return COVERED;
    case OUTSIDE_INCLUDED:
      return {
        covered: false,
        reason: `includes only namespaces ${spec.includedNamespaces.join(
          ', ',
        )}`,
      };
    case EXCLUDED:
      return {
        covered: false,
        reason: `excludes namespace ${workload.namespace}`,
      };
    case LABEL_SELECTOR_MISSES:
      return {
        covered: false,
        reason: 'does not select the workload by its labelSelector',
      };
    case EXCLUDED_BY_LABEL:
      return {
        covered: false,
        reason: `leaves it out: the ${workloadKind(
          workload,
        )} is labelled ${EXCLUDE_LABEL}=true, which Velero never backs up`,
      };
    case RESOURCE_LEFT_OUT:
      return {
        covered: false,
        reason: resourceLeftOut(spec, workloadResource(workload)),
      };
    case PODS_ONLY:
      return {
        covered: false,
        reason: `selects by its ${
          spec.labelSelector ? 'labelSelector' : 'orLabelSelectors'
        } only the pod template's labels, not the ${workloadKind(
          workload,
        )}'s own (pods only, the ${workloadKind(
          workload,
        )} itself is not backed up: Velero filters each item by its own labels, so a restore cannot recreate it)`,
      };
    default:
      return {
        covered: false,
        reason: 'does not select the workload by any of its orLabelSelectors',
      };
  }
}

/**
 * The fields of a Backup spec (parsed from JSON or YAML) that veleroSpecCovers reads, as a string:
 * specs with the same key cover the same workloads (all Backups of one Schedule share it), so
 * coverage can be judged once per key.
 */
export function veleroCoverageKey(spec: any): string {
  return JSON.stringify([
    spec?.includedNamespaces,
    spec?.excludedNamespaces,
    spec?.labelSelector,
    spec?.orLabelSelectors,
    ...OLD_RESOURCE_FILTERS.map(f => spec?.[f]),
    ...SCOPED_RESOURCE_FILTERS.map(f => spec?.[f]),
  ]);
}

/**
 * Why a Velero Backup spec that covers the workload was written for it in particular: its
 * includedNamespaces names the namespace exactly (no wildcard), or a label selector selects the
 * workload. Undefined for broad specs (all namespaces, wildcards, no selector).
 */
export function veleroSpecTargets(
  spec: any,
  workload: Workload,
): string | undefined {
  const included: unknown[] = Array.isArray(spec?.includedNamespaces)
    ? spec.includedNamespaces
    : [];
  if (included.includes(workload.namespace))
    return `names namespace ${workload.namespace}`;
  return labelSelectorsOf(spec).some(
    s => labelSelection(s, workload) === 'object',
  )
    ? 'selects the workload by label'
    : undefined;
}

/**
 * The namespaces Velero servers run in (veleroServers). Velero only reads the Schedules, Backups
 * and BackupStorageLocations of its own namespace (its `--namespace`, the namespace it is
 * installed in). Undefined when no server is visible (a manifests scan without it, workloads not
 * read): objects are then judged wherever they are.
 */
export const veleroNamespaces = perCluster(
  (cluster): ReadonlySet<string> | undefined => {
    const found = new Set(
      veleroServers(cluster).map(server => server.deployment.namespace),
    );
    return found.size > 0 ? found : undefined;
  },
);

/** Whether Velero reads objects of this namespace (always, when its namespace is not known). */
export function inVeleroNamespace(
  cluster: ClusterView,
  obj: K8sObject,
): boolean {
  const namespaces = veleroNamespaces(cluster);
  return (
    namespaces === undefined || namespaces.has(obj.metadata.namespace ?? '')
  );
}

/** `velero` or `velero, openshift-adp`: where Velero runs, for messages. */
export function veleroNamespaceNames(cluster: ClusterView): string {
  return [...(veleroNamespaces(cluster) ?? [])].join(', ');
}

const scheduleProblems = perCluster(
  () => new Map<K8sObject, string | undefined>(),
);

/**
 * Why Velero does not run the schedule (`is paused`, `has an invalid cron "x"`), or undefined when
 * it does: paused, a status.phase other
 * than Enabled (or not reported yet), a cron Velero cannot parse (it then fails validation; a
 * manifests scan has no status to say so), a namespace Velero does not read, a Velero server
 * that takes no scheduled backups (serverStopsBackups), or a ReadOnly BackupStorageLocation
 * (Velero then fails each of its backups).
 */
export function scheduleProblem(
  cluster: ClusterView,
  schedule: K8sObject,
): string | undefined {
  // Asked for every workload a schedule can reach: judged once per schedule.
  const known = scheduleProblems(cluster);
  if (known.has(schedule)) return known.get(schedule);
  const problem = findScheduleProblem(cluster, schedule);
  known.set(schedule, problem);
  return problem;
}

function findScheduleProblem(
  cluster: ClusterView,
  schedule: K8sObject,
): string | undefined {
  if (schedule.spec?.paused === true) return 'is paused';
  const phase = schedule.status?.phase;
  const cron = cronProblem(schedule.spec?.schedule);
  if (phase !== undefined && phase !== 'Enabled')
    return `is in phase ${phase}${cron ? ` (it has ${cron})` : ''}`;
  if (cron) return `has ${cron}`;
  if (!inVeleroNamespace(cluster, schedule))
    return `is outside Velero's namespace (${veleroNamespaceNames(
      cluster,
    )}), so Velero does not run it`;
  const stopped = serverStopsBackups(
    cluster,
    schedule.metadata.namespace ?? 'velero',
  );
  if (stopped) return stopped.why;
  const readOnly = readOnlyLocationOf(cluster, schedule);
  if (readOnly)
    return `writes to BackupStorageLocation ${nameOf(
      readOnly,
    )}, which is ReadOnly: Velero creates no backups in it (each fails validation)`;
  return undefined;
}

/** Enabled (status.phase Enabled, or not yet reported), not paused, with a valid cron, in Velero's namespace, run by its server, writing to a location that is not ReadOnly. */
export function scheduleIsActive(
  cluster: ClusterView,
  schedule: K8sObject,
): boolean {
  return scheduleProblem(cluster, schedule) === undefined;
}

/** `velero/daily`. */
export function nameOf(obj: K8sObject): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : obj.metadata.name;
}

export interface ScheduleCoverage {
  schedule: K8sObject;
  covered: boolean;
  reason?: string;
}

/** Velero Schedules whose template can reach the workload's namespace, and how many cannot. */
export interface NamespaceSchedules {
  /** Each schedule that can reach the namespace, with whether its template covers the workload. */
  reaching: ScheduleCoverage[];
  /** Schedules whose includedNamespaces leave the namespace out: they cannot cover the workload. */
  elsewhere: number;
}

/**
 * The Velero Schedules (when readable) that can reach the workload's namespace, judged against
 * the workload; the others are only counted, so the cost and the evidence stay proportional to
 * what concerns the workload rather than to every schedule of the cluster.
 */
export function veleroSchedulesFor(
  cluster: ClusterView,
  workload: Workload,
): NamespaceSchedules {
  if (cluster.fetchState(BACKUP_KEYS.schedules).status !== 'ok')
    return { reaching: [], elsewhere: 0 };
  const reaching = schedulesReaching(cluster, workload.namespace).map(
    schedule => ({
      schedule,
      ...veleroSpecCovers(schedule.spec?.template, workload),
    }),
  );
  return {
    reaching,
    elsewhere: cluster.list(BACKUP_KEYS.schedules).length - reaching.length,
  };
}

/** Velero Schedules indexed by the namespaces their template can cover (built once per cluster). */
const schedulesByNamespace = perCluster(cluster => ({
  index: new NamespaceIndex(cluster.list(BACKUP_KEYS.schedules), schedule =>
    veleroSpecNamespaces(schedule.spec?.template),
  ),
  reaching: new Map<string, K8sObject[]>(),
  templates: new Map<string, unknown[]>(),
}));

/**
 * The Velero Schedules whose template can reach the namespace, in list order, looked up once per
 * namespace (shared by its workloads: not to be modified), whether or not Schedules could be read.
 */
export function schedulesReaching(
  cluster: ClusterView,
  namespace: string,
): K8sObject[] {
  const { index, reaching } = schedulesByNamespace(cluster);
  let found = reaching.get(namespace);
  if (!found) {
    found = index.inNamespace(namespace);
    reaching.set(namespace, found);
  }
  return found;
}

/** The templates of schedulesReaching(cluster, namespace), in the same order (shared: not to be modified). */
export function scheduleTemplatesReaching(
  cluster: ClusterView,
  namespace: string,
): unknown[] {
  const { templates } = schedulesByNamespace(cluster);
  let found = templates.get(namespace);
  if (!found) {
    found = schedulesReaching(cluster, namespace).map(s => s.spec?.template);
    templates.set(namespace, found);
  }
  return found;
}

/** Active Velero Schedules whose template covers the workload. */
export function activeCoveringSchedules(
  cluster: ClusterView,
  workload: Workload,
): K8sObject[] {
  if (cluster.fetchState(BACKUP_KEYS.schedules).status !== 'ok') return [];
  const covering: K8sObject[] = [];
  for (const s of schedulesReaching(cluster, workload.namespace))
    if (
      scheduleIsActive(cluster, s) &&
      veleroCoverage(s.spec?.template, workload) === COVERS
    )
      covering.push(s);
  return covering;
}

/**
 * The namespaces a Velero Backup spec can cover: its includedNamespaces when they are plain names
 * (veleroSpecCovers then requires one of them), else all (none listed, `*`, wildcards).
 */
export function veleroSpecNamespaces(spec: any): 'all' | unknown[] {
  const included: unknown[] = Array.isArray(spec?.includedNamespaces)
    ? spec.includedNamespaces
    : [];
  const wildcard = included.some(
    p => typeof p === 'string' && (p.includes('*') || p.includes('?')),
  );
  return included.length === 0 || wildcard ? 'all' : included;
}

/** The label set Kasten matches policy selectors against: the namespace's labels plus `k10.kasten.io/appNamespace`. */
function kastenAppLabels(
  cluster: ClusterView,
  namespace: string,
): Record<string, string> {
  return {
    ...(cluster.namespace(namespace)?.metadata.labels ?? {}),
    'k10.kasten.io/appNamespace': namespace,
  };
}

/** The actions of a Kasten K10 policy (`backup`, `export`, ...). */
export function kastenActions(policy: K8sObject): string[] {
  const actions = policy.spec?.actions;
  return Array.isArray(actions)
    ? actions.map((a: any) => String(a?.action ?? ''))
    : [];
}

/**
 * Whether a Kasten K10 policy runs only when someone triggers it: `spec.frequency: '@onDemand'`
 * (Kasten's Policy API type lists it next to @hourly ... @yearly as the manual frequency). It is
 * not a schedule: nothing is backed up unless a person runs it.
 */
/**
 * A Kasten policy that backs up: a backup action, and not failed validation (`status.validation:
 * Failed`: K10 never runs it; its STATUS column must read Success).
 */
export function kastenBacksUp(policy: K8sObject): boolean {
  return (
    kastenActions(policy).includes('backup') &&
    policy.status?.validation !== 'Failed'
  );
}

export function kastenOnDemand(policy: K8sObject): boolean {
  const frequency = policy.spec?.frequency;
  return (
    typeof frequency === 'string' && frequency.toLowerCase() === '@ondemand'
  );
}

/** The backup policies of a namespace: those that run on a schedule, and those run only on demand. */
interface NamespacePolicies {
  scheduled: K8sObject[];
  onDemand: K8sObject[];
}

/** Kasten K10 policies backing up each namespace, found once per namespace. */
const kastenPoliciesByNamespace = perCluster(
  () => new Map<string, NamespacePolicies>(),
);

function namespacePolicies(
  cluster: ClusterView,
  namespace: string,
): NamespacePolicies {
  if (cluster.fetchState(BACKUP_KEYS.kastenPolicies).status !== 'ok')
    return { scheduled: [], onDemand: [] };
  const memo = kastenPoliciesByNamespace(cluster);
  let policies = memo.get(namespace);
  if (!policies) {
    const labels = kastenAppLabels(cluster, namespace);
    const backingUp = cluster
      .list(BACKUP_KEYS.kastenPolicies)
      .filter(
        p => kastenBacksUp(p) && matchesLabelSelector(p.spec?.selector, labels),
      );
    policies = {
      scheduled: backingUp.filter(p => !kastenOnDemand(p)),
      onDemand: backingUp.filter(kastenOnDemand),
    };
    memo.set(namespace, policies);
  }
  return policies;
}

/**
 * Kasten K10 policies that back up the workload's namespace (selector on `k10.kasten.io/appNamespace`)
 * on a schedule; those run only on demand are left out (see kastenOnDemandPoliciesFor).
 * Shared by the namespace's workloads: not to be modified.
 */
export function kastenPoliciesFor(
  cluster: ClusterView,
  workload: Workload,
): K8sObject[] {
  return namespacePolicies(cluster, workload.namespace).scheduled;
}

/** Kasten K10 backup policies of the workload's namespace that run only on demand (shared: not to be modified). */
export function kastenOnDemandPoliciesFor(
  cluster: ClusterView,
  workload: Workload,
): K8sObject[] {
  return namespacePolicies(cluster, workload.namespace).onDemand;
}

/** A Kasten policy with an `export` action copies restore points off the cluster. */
export function kastenExports(policy: K8sObject): boolean {
  return kastenActions(policy).includes('export');
}

/** What a cluster without Velero (or OADP, which serves the same API) and without Kasten lacks. */
export const NO_BACKUP_TOOL =
  'No backup tool is installed: neither Velero/OADP (velero.io) nor Kasten K10 (config.kio.kasten.io) is served by the cluster';

/**
 * When no backup covers the workload (`what`), whether that can be judged: a manifests scan
 * without any Velero or Kasten objects is skipped (the backup setup lives elsewhere), a tool that
 * could not be read leaves it unknown, and no tool installed at all fails. Undefined when the
 * absence of coverage is a finding of its own.
 */
export function uncoveredVerdict(
  cluster: ClusterView,
  what: string,
): CheckOutcome | undefined {
  return absenceVerdict(
    cluster,
    [BACKUP_KEYS.schedules, BACKUP_KEYS.kastenPolicies],
    {
      manifests:
        'The scanned manifests contain no Velero Schedule or Kasten policy; backups are judged on a cluster.',
      notInstalled: {
        status: 'fail',
        message: `${NO_BACKUP_TOOL}, so nothing backs up ${what}.`,
      },
    },
  );
}

/** Whether neither Velero nor Kasten is installed (known from discovery). */
export function noBackupToolInstalled(cluster: ClusterView): boolean {
  return [BACKUP_KEYS.schedules, BACKUP_KEYS.kastenPolicies].every(
    k => cluster.fetchState(k).status === 'not-installed',
  );
}

/** The BackupStorageLocation name a schedule writes to: its template's, else the namespace's default location. */
export function locationNameOf(
  cluster: ClusterView,
  schedule: K8sObject,
): string {
  const named = schedule.spec?.template?.storageLocation;
  if (typeof named === 'string' && named !== '') return named;
  const namespace = schedule.metadata.namespace ?? 'velero';
  const marked = cluster
    .inNamespace(BACKUP_KEYS.locations, namespace)
    .find(l => l.spec?.default === true);
  return marked?.metadata.name ?? 'default';
}

/**
 * The BackupStorageLocation the schedule writes to when it is in ReadOnly mode (spec.accessMode),
 * else undefined (also when the location is not readable or does not exist: the storage-location
 * check judges that). Velero creates no backup in a ReadOnly location (its backup controller
 * fails the validation of each new backup there): the mode exists to keep backups from being
 * created or deleted during a restore (velero.io docs, disaster-case: "Using Schedules and
 * Read-Only Backup Storage Locations").
 */
export function readOnlyLocationOf(
  cluster: ClusterView,
  schedule: K8sObject,
): K8sObject | undefined {
  const location = cluster.get(
    BACKUP_KEYS.locations,
    schedule.metadata.namespace ?? 'velero',
    locationNameOf(cluster, schedule),
  );
  return location?.spec?.accessMode === 'ReadOnly' ? location : undefined;
}

/** A BackupStorageLocation (which may not exist) and the schedules writing to it. */
export interface UsedLocation {
  namespace: string;
  name: string;
  schedules: K8sObject[];
}

/** Locations used by Velero schedules, keyed `namespace/name`. */
export function usedLocations(cluster: ClusterView): Map<string, UsedLocation> {
  const used = new Map<string, UsedLocation>();
  for (const schedule of cluster.list(BACKUP_KEYS.schedules)) {
    // Velero does not run the schedules of other namespaces: they write nowhere.
    if (!inVeleroNamespace(cluster, schedule)) continue;
    const namespace = schedule.metadata.namespace ?? 'velero';
    const name = locationNameOf(cluster, schedule);
    const key = `${namespace}/${name}`;
    const entry = used.get(key) ?? { namespace, name, schedules: [] };
    entry.schedules.push(schedule);
    used.set(key, entry);
  }
  return used;
}
