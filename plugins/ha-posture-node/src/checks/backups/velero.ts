/**
 * Which backups cover a workload: Velero Schedules and Backups (the Schedule's template is a
 * Backup spec) and Kasten K10 policies (rules file, section 6).
 */
import { CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { matchesLabelSelector } from '../../engine/labels';
import { absenceVerdict } from '../absence';
import { NamespaceIndex } from '../namespaceIndex';
import { perCluster } from '../util';

export const BACKUP_KEYS = {
  schedules: 'schedules.velero.io',
  backups: 'backups.velero.io',
  locations: 'backupstoragelocations.velero.io',
  kastenPolicies: 'policies.config.kio.kasten.io',
} as const;

/** Velero's namespace patterns: exact names, `*`, and glob wildcards. */
function namespaceMatches(pattern: unknown, namespace: string): boolean {
  if (typeof pattern !== 'string') return false;
  if (pattern === '*' || pattern === namespace) return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return false;
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(namespace);
}

/** Labels a Velero label selector is tested against: the workload object's and its pods'. */
function labelSetsOf(workload: Workload): Array<Record<string, string>> {
  return [workload.object.metadata.labels ?? {}, workload.templateLabels];
}

/** Whether a Velero Backup spec (a Backup's spec or a Schedule's template) includes the workload; else why not. */
export function veleroSpecCovers(
  spec: any,
  workload: Workload,
): { covered: boolean; reason?: string } {
  const ns = workload.namespace;
  const included: unknown[] = Array.isArray(spec?.includedNamespaces)
    ? spec.includedNamespaces
    : [];
  const excluded: unknown[] = Array.isArray(spec?.excludedNamespaces)
    ? spec.excludedNamespaces
    : [];
  if (included.length > 0 && !included.some(p => namespaceMatches(p, ns))) {
    return {
      covered: false,
      reason: `includes only namespaces ${included.join(', ')}`,
    };
  }
  if (excluded.some(p => namespaceMatches(p, ns)))
    return { covered: false, reason: `excludes namespace ${ns}` };
  const selects = (selector: any) =>
    labelSetsOf(workload).some(labels =>
      matchesLabelSelector(selector, labels),
    );
  if (spec?.labelSelector && !selects(spec.labelSelector)) {
    return {
      covered: false,
      reason: 'its labelSelector does not select the workload',
    };
  }
  const orSelectors: unknown[] = Array.isArray(spec?.orLabelSelectors)
    ? spec.orLabelSelectors
    : [];
  if (orSelectors.length > 0 && !orSelectors.some(selects)) {
    return {
      covered: false,
      reason: 'none of its orLabelSelectors selects the workload',
    };
  }
  return { covered: true };
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
  const selectors = [
    ...(spec?.labelSelector ? [spec.labelSelector] : []),
    ...(Array.isArray(spec?.orLabelSelectors) ? spec.orLabelSelectors : []),
  ];
  return selectors.some(s =>
    labelSetsOf(workload).some(labels => matchesLabelSelector(s, labels)),
  )
    ? 'selects the workload by label'
    : undefined;
}

/** Enabled (status.phase Enabled, or not yet reported) and not paused. */
export function scheduleIsActive(schedule: K8sObject): boolean {
  const phase = schedule.status?.phase;
  return (
    schedule.spec?.paused !== true &&
    (phase === undefined || phase === 'Enabled')
  );
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
  const reaching = schedulesByNamespace(cluster)
    .inNamespace(workload.namespace)
    .map(schedule => ({
      schedule,
      ...veleroSpecCovers(schedule.spec?.template, workload),
    }));
  return {
    reaching,
    elsewhere: cluster.list(BACKUP_KEYS.schedules).length - reaching.length,
  };
}

/** Velero Schedules indexed by the namespaces their template can cover (built once per cluster). */
const schedulesByNamespace = perCluster(
  cluster =>
    new NamespaceIndex(cluster.list(BACKUP_KEYS.schedules), schedule =>
      veleroSpecNamespaces(schedule.spec?.template),
    ),
);

/** Active Velero Schedules whose template covers the workload. */
export function activeCoveringSchedules(
  cluster: ClusterView,
  workload: Workload,
): K8sObject[] {
  if (cluster.fetchState(BACKUP_KEYS.schedules).status !== 'ok') return [];
  return schedulesByNamespace(cluster)
    .inNamespace(workload.namespace)
    .filter(
      s =>
        scheduleIsActive(s) &&
        veleroSpecCovers(s.spec?.template, workload).covered,
    );
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

function kastenActions(policy: K8sObject): string[] {
  const actions = policy.spec?.actions;
  return Array.isArray(actions)
    ? actions.map((a: any) => String(a?.action ?? ''))
    : [];
}

/** Kasten K10 policies that back up the workload's namespace (selector on `k10.kasten.io/appNamespace`). */
export function kastenPoliciesFor(
  cluster: ClusterView,
  workload: Workload,
): K8sObject[] {
  if (cluster.fetchState(BACKUP_KEYS.kastenPolicies).status !== 'ok') return [];
  const labels = kastenAppLabels(cluster, workload.namespace);
  return cluster
    .list(BACKUP_KEYS.kastenPolicies)
    .filter(
      p =>
        kastenActions(p).includes('backup') &&
        matchesLabelSelector(p.spec?.selector, labels),
    );
}

/** A Kasten policy with an `export` action copies restore points off the cluster. */
export function kastenExports(policy: K8sObject): boolean {
  return kastenActions(policy).includes('export');
}

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
        message: `No backup tool is installed: neither Velero (velero.io) nor Kasten K10 (config.kio.kasten.io) is served by the cluster, so nothing backs up ${what}.`,
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
    const namespace = schedule.metadata.namespace ?? 'velero';
    const name = locationNameOf(cluster, schedule);
    const key = `${namespace}/${name}`;
    const entry = used.get(key) ?? { namespace, name, schedules: [] };
    entry.schedules.push(schedule);
    used.set(key, entry);
  }
  return used;
}
