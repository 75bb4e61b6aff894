import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { NamespaceIndex } from '../namespaceIndex';
import {
  describeObject,
  formatAge,
  isSet,
  notEvaluable,
  perCluster,
} from '../util';
import { backupDeadline } from './cron';
import {
  activeCoveringSchedules,
  BACKUP_KEYS,
  coverageKey,
  MAX_KEYED_CODES,
  COVERS,
  kastenOnDemandPoliciesFor,
  kastenPoliciesFor,
  nameOf,
  noBackupToolInstalled,
  scheduleTemplatesReaching,
  veleroCoverage,
  inVeleroNamespace,
  veleroCoverageKey,
  veleroNamespaceNames,
  veleroSpecNamespaces,
} from './velero';

interface Params {
  maxAgeFactor: number;
  maxAgeHours: number;
}

/** Phases of a Backup that has finished; the others are still running or being deleted. */
const FINISHED_PHASES = new Set([
  'Completed',
  'PartiallyFailed',
  'Failed',
  'FailedValidation',
]);
/** Finished with restorable data. */
const USABLE_PHASES = new Set(['Completed', 'PartiallyFailed']);

/** How far in the future a backup's timestamp may be (clock skew between Velero and the snapshot) and still count. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** metav1.Time as the API server writes it. */
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * When a finished backup finished (its completionTimestamp, else its start, else its creation),
 * or why that cannot be told: no timestamp, one that does not parse, or one in the future
 * (beyond the clock-skew allowance). Such a backup cannot show that a recent backup exists.
 */
function finishTime(
  backup: K8sObject,
  now: number,
): { at: number } | { problem: string } {
  const s = backup.status ?? {};
  let [field, value]: [string, unknown] = [
    'metadata.creationTimestamp',
    backup.metadata.creationTimestamp,
  ];
  if (isSet(s.completionTimestamp))
    [field, value] = ['status.completionTimestamp', s.completionTimestamp];
  else if (isSet(s.startTimestamp))
    [field, value] = ['status.startTimestamp', s.startTimestamp];
  if (value === undefined || value === null)
    return { problem: 'has no completion, start or creation timestamp' };
  const at =
    typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at))
    return { problem: `has an unparseable ${field} ${JSON.stringify(value)}` };
  if (at > now + CLOCK_SKEW_MS)
    return { problem: `has ${field} ${value}, in the future` };
  return { at };
}

/** A finished backup, when it finished, and its place among all dated finished backups, newest first. */
interface RankedBackup {
  backup: K8sObject;
  at: number;
  rank: number;
}

/** A finished backup whose finish time cannot be told, and why. */
interface UndatedBackup {
  backup: K8sObject;
  problem: string;
}

/**
 * Finished backups with the same coverage (see veleroCoverageKey): the newest dated one, the newest
 * dated usable one, and the usable ones that cannot be dated.
 */
interface BackupGroup {
  spec: any;
  newest?: RankedBackup;
  newestUsable?: RankedBackup;
  undated: UndatedBackup[];
}

/**
 * The cluster's finished backups (in Velero's namespace, when known: Velero ignores the others)
 * grouped by coverage and indexed by the namespaces the groups can cover, built once per cluster:
 * a workload then judges coverage once per candidate group (about one per schedule that can reach
 * its namespace) instead of once per backup.
 */
const finishedBackupGroups = perCluster(cluster => {
  const byKey = new Map<string, BackupGroup>();
  const groupOf = (backup: K8sObject) => {
    const key = veleroCoverageKey(backup.spec);
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = { spec: backup.spec, undated: [] }));
    return group;
  };
  const now = cluster.now.getTime();
  const dated: { backup: K8sObject; at: number }[] = [];
  let elsewhere = 0;
  for (const backup of cluster.list(BACKUP_KEYS.backups)) {
    if (!FINISHED_PHASES.has(backup.status?.phase)) continue;
    if (!inVeleroNamespace(cluster, backup)) {
      elsewhere++;
      continue;
    }
    const time = finishTime(backup, now);
    if ('at' in time) dated.push({ backup, at: time.at });
    else if (USABLE_PHASES.has(backup.status?.phase))
      groupOf(backup).undated.push({ backup, problem: time.problem });
  }
  dated
    .sort((a, b) => b.at - a.at)
    .forEach(({ backup, at }, rank) => {
      const group = groupOf(backup);
      const ranked = { backup, at, rank };
      group.newest ??= ranked;
      if (USABLE_PHASES.has(backup.status?.phase))
        group.newestUsable ??= ranked;
    });
  return {
    index: new NamespaceIndex([...byKey.values()], group =>
      veleroSpecNamespaces(group.spec),
    ),
    elsewhere,
  };
});

/**
 * backupDeadline by clock, factor and schedule expression. Cron parsing is slow (milliseconds
 * per expression) and the answer is a pure function of these three, so it is kept across cluster
 * views: clusters captured at the same time, and repeated evaluations of a snapshot, parse each
 * schedule once. Bounded: cleared when it grows large.
 */
const deadlines = new Map<string, number | undefined>();
const MAX_DEADLINES = 1000;
function scheduleDeadline(
  cluster: ClusterView,
  schedule: string,
  factor: number,
): number | undefined {
  const key = `${cluster.now.getTime()} ${factor} ${schedule}`;
  if (deadlines.has(key)) return deadlines.get(key);
  const deadline = backupDeadline(schedule, cluster.now, factor)?.getTime();
  if (deadlines.size >= MAX_DEADLINES) deadlines.clear();
  deadlines.set(key, deadline);
  return deadline;
}

/** The finished backup groups that can cover a namespace's workloads, and their specs, looked up once per namespace. */
const groupsReachingMemo = perCluster(
  () => new Map<string, { groups: BackupGroup[]; specs: unknown[] }>(),
);
function groupsReaching(
  cluster: ClusterView,
  namespace: string,
): { groups: BackupGroup[]; specs: unknown[] } {
  const memo = groupsReachingMemo(cluster);
  let found = memo.get(namespace);
  if (!found) {
    const groups = finishedBackupGroups(cluster).index.inNamespace(namespace);
    found = { groups, specs: groups.map(g => g.spec) };
    memo.set(namespace, found);
  }
  return found;
}

/** The newest dated finished backup covering the workload, the newest dated usable one, and the usable ones that cannot be dated. */
function newestCovering(
  cluster: ClusterView,
  workload: Workload,
): {
  newest?: RankedBackup;
  newestUsable?: RankedBackup;
  undated: UndatedBackup[];
} {
  let newest: RankedBackup | undefined;
  let newestUsable: RankedBackup | undefined;
  const undated: UndatedBackup[] = [];
  for (const group of groupsReaching(cluster, workload.namespace).groups) {
    if (veleroCoverage(group.spec, workload) !== COVERS) continue;
    if (group.newest && (!newest || group.newest.rank < newest.rank))
      newest = group.newest;
    if (
      group.newestUsable &&
      (!newestUsable || group.newestUsable.rank < newestUsable.rank)
    )
      newestUsable = group.newestUsable;
    undated.push(...group.undated);
  }
  return { newest, newestUsable, undated };
}

/** A backup as evidence describes it, once per cluster (many verdicts name the same newest backups; frozen, shared). */
const describedBackups = perCluster(() => new Map<K8sObject, object>());
function describedBackup(
  cluster: ClusterView,
  { backup, at }: RankedBackup,
): object {
  const memo = describedBackups(cluster);
  let described = memo.get(backup);
  if (!described) {
    described = Object.freeze({
      name: nameOf(backup),
      phase: backup.status?.phase,
      finishedAt: new Date(at).toISOString(),
      age: formatAge((cluster.now.getTime() - at) / 1000),
    });
    memo.set(backup, described);
  }
  return described;
}

/** An outcome without the workload's name, which `message` inserts. */
interface RecencyVerdict {
  status: CheckOutcome['status'];
  message: (what: string) => string;
  evidence: Record<string, unknown>;
}

/**
 * The verdict on the workload's backups. It depends only on the workload's namespace and on how
 * each backup group and schedule that can reach the namespace covers it (its coverage codes), so
 * evaluate shares it between the workloads with the same namespace and codes.
 */
function judgeRecency(
  cluster: ClusterView,
  workload: Workload,
  params: Params,
): RecencyVerdict {
  const now = cluster.now.getTime();
  const ageOf = (b: RankedBackup) => formatAge((now - b.at) / 1000);
  const covering = newestCovering(cluster, workload);
  const { newest, newestUsable, undated } = covering;

  const schedules = activeCoveringSchedules(cluster, workload);
  let deadline: number | undefined;
  let window: string | undefined;
  if (params.maxAgeHours > 0) {
    deadline = now - params.maxAgeHours * 3_600_000;
    window = `maxAgeHours ${params.maxAgeHours}`;
  } else {
    // With several schedules, the most lenient one decides (a weekly full backup next to hourly ones).
    for (const schedule of schedules) {
      const d = scheduleDeadline(
        cluster,
        String(schedule.spec?.schedule ?? ''),
        params.maxAgeFactor,
      );
      if (d !== undefined && (deadline === undefined || d < deadline)) {
        deadline = d;
        window = `${params.maxAgeFactor} × the interval of schedule ${nameOf(
          schedule,
        )} (${schedule.spec?.schedule})`;
      }
    }
  }
  const describe = (b: RankedBackup) => describedBackup(cluster, b);
  // Shared by every workload given this verdict: frozen.
  const evidence = Object.freeze({
    ...(newest ? { newest: describe(newest) } : {}),
    ...(newestUsable ? { newestUsable: describe(newestUsable) } : {}),
    ...(undated.length > 0
      ? {
          undated: undated.map(u => ({
            name: nameOf(u.backup),
            phase: u.backup.status?.phase,
            problem: u.problem,
          })),
        }
      : {}),
    ...(deadline !== undefined
      ? { notOlderThan: new Date(deadline).toISOString(), window }
      : {}),
    schedules: Object.freeze(schedules.map(nameOf)),
  });

  // Usable backups that cannot be dated may be the newest: they leave unknown what the dated
  // backups alone would fail, but never make a pass.
  const undatedNote =
    undated.length === 0
      ? ''
      : `${undated
          .slice(0, 3)
          .map(u => `${nameOf(u.backup)} ${u.problem}`)
          .join('; ')}${
          undated.length > 3 ? ` (and ${undated.length - 3} more)` : ''
        }`;
  const undatedVerdict = (lead: (what: string) => string): RecencyVerdict => ({
    status: 'unknown',
    message: what =>
      `${lead(what)}, but ${
        undated.length === 1 ? 'a backup' : 'backups'
      } covering it cannot be dated: ${undatedNote}, so whether a recent backup exists cannot be told.`,
    evidence,
  });

  // A usable backup is a finished one too: newest is set whenever newestUsable is.
  if (!newestUsable || !newest) {
    if (undated.length > 0)
      return undatedVerdict(what =>
        newest
          ? `No dated backup of ${what} completed (the newest, ${nameOf(
              newest.backup,
            )}, is ${newest.backup.status?.phase})`
          : `No dated Velero backup covers ${what}`,
      );
    const failed = newest
      ? `, is ${newest.backup.status?.phase} (${ageOf(newest)} ago).`
      : undefined;
    const { elsewhere } = finishedBackupGroups(cluster);
    const ignored =
      elsewhere > 0
        ? ` (${elsewhere} finished ${
            elsewhere === 1 ? 'backup' : 'backups'
          } outside Velero's namespace ${veleroNamespaceNames(cluster)} ${
            elsewhere === 1 ? 'is' : 'are'
          } ignored: Velero does not read ${elsewhere === 1 ? 'it' : 'them'})`
        : '';
    return {
      status: 'fail',
      message: what =>
        newest
          ? `No backup of ${what} ever completed: the newest, ${nameOf(
              newest.backup,
            )}${failed}`
          : `No finished Velero backup covers ${what}${ignored}.`,
      evidence,
    };
  }
  const usableName = nameOf(newestUsable.backup);
  const usableAge = ageOf(newestUsable);
  if (deadline === undefined) {
    return {
      status: 'warn',
      message: what =>
        `The newest backup of ${what}, ${usableName}, is ${usableAge} old, but no active schedule covers ` +
        'the workload to judge whether that is recent enough (set maxAgeHours to judge manual backups).',
      evidence,
    };
  }
  if (newestUsable.at < deadline) {
    if (undated.length > 0)
      return undatedVerdict(
        what =>
          `The newest dated usable backup of ${what}, ${usableName}, is ${usableAge} old: older than ${window}`,
      );
    return {
      status: 'fail',
      message: what =>
        `The newest usable backup of ${what}, ${usableName}, is ${usableAge} old: older than ${window}.`,
      evidence,
    };
  }
  const newestPhase = newest.backup.status?.phase;
  if (newestPhase === 'Failed' || newestPhase === 'FailedValidation') {
    const failure = `, ${nameOf(newest.backup)}, ${
      newestPhase === 'Failed' ? 'failed' : 'failed validation'
    } ${ageOf(
      newest,
    )} ago; the last usable one is ${usableName} (${usableAge} old)`;
    if (undated.length > 0)
      return undatedVerdict(
        what => `The latest dated backup of ${what}${failure}`,
      );
    // The last usable backup is still recent enough (rules §6 judge the last success): a warning
    // that the next ones may fail too, not yet a missing backup.
    return {
      status: 'warn',
      message: what =>
        `The latest backup of ${what}${failure}, still within ${window}: if the next runs fail too, it becomes stale.`,
      evidence,
    };
  }
  if (newestUsable.backup.status?.phase === 'PartiallyFailed') {
    return {
      status: 'warn',
      message: what =>
        `The latest backup of ${what}, ${usableName} (${usableAge} old), only PartiallyFailed: some items or volumes are missing from it.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: what =>
      `The latest backup of ${what}, ${usableName}, completed ${usableAge} ago (within ${window}).`,
    evidence,
  };
}

/** Verdicts by parameters, namespace and coverage key, per cluster. */
const recencyVerdicts = perCluster(
  () => new WeakMap<Params, Map<string, Map<number, RecencyVerdict>>>(),
);

/** judgeRecency, shared by the workloads with the same namespace and coverage codes. */
function recencyVerdict(
  cluster: ClusterView,
  workload: Workload,
  params: Params,
): RecencyVerdict {
  const { specs } = groupsReaching(cluster, workload.namespace);
  const templates =
    cluster.fetchState(BACKUP_KEYS.schedules).status === 'ok'
      ? scheduleTemplatesReaching(cluster, workload.namespace)
      : [];
  // The codes of more candidates do not fit a safe integer key: judged per workload.
  if (specs.length + templates.length > MAX_KEYED_CODES)
    return judgeRecency(cluster, workload, params);
  const key = coverageKey(coverageKey(0, specs, workload), templates, workload);
  const byParams = recencyVerdicts(cluster);
  let byNamespace = byParams.get(params);
  if (!byNamespace) byParams.set(params, (byNamespace = new Map()));
  let byKey = byNamespace.get(workload.namespace);
  if (!byKey) byNamespace.set(workload.namespace, (byKey = new Map()));
  let verdict = byKey.get(key);
  if (!verdict) {
    verdict = judgeRecency(cluster, workload, params);
    byKey.set(key, verdict);
  }
  return verdict;
}

export const backupRecency: WorkloadCheck<Params> = {
  id: 'backup-recency',
  title: 'The latest backup is recent and complete',
  category: 'backups',
  severity: 'high',
  scope: 'workload',
  rationale:
    'A schedule is only a promise: backups fail silently (expired credentials, full buckets, plugin errors). The ' +
    'newest completed backup decides how much data a restore loses.',
  remediation:
    'Inspect the failing backups (`velero backup describe <name> --details`, `velero backup logs <name>`), check the ' +
    'backup storage location, and make sure the schedule runs.',
  parameters: {
    maxAgeFactor: {
      description:
        "A backup is stale when it is older than this many schedule intervals (counted back from the schedule's last run).",
      default: 2,
      minimum: 1,
    },
    maxAgeHours: {
      description:
        'When > 0, the maximum age of the newest backup in hours, instead of the schedule-based window.',
      default: 0,
      minimum: 0,
    },
  },
  references: [
    'https://velero.io/docs/main/api-types/backup/',
    'https://velero.io/docs/main/api-types/schedule/',
  ],
  evaluate({ cluster, workload, params }) {
    const what = describeObject(workload);
    if (cluster.fetchState(BACKUP_KEYS.backups).status === 'not-installed') {
      if (kastenPoliciesFor(cluster, workload).length > 0) {
        return {
          status: 'unknown',
          message: `A Kasten K10 policy covers namespace ${workload.namespace}, but its run history (actions.kio.kasten.io) is not read.`,
        };
      }
      // Manual runs of an on-demand policy may exist, but are not read either.
      const onDemand = kastenOnDemandPoliciesFor(cluster, workload);
      if (onDemand.length > 0) {
        return {
          status: 'unknown',
          message: `Only Kasten K10 policies run on demand (${onDemand
            .map(nameOf)
            .join(', ')}, frequency @onDemand) cover namespace ${
            workload.namespace
          }, and their run history (actions.kio.kasten.io) is not read.`,
        };
      }
      if (noBackupToolInstalled(cluster)) {
        return {
          status: 'fail',
          message: `There are no backups of ${what}: no backup tool (Velero, Kasten K10) is installed.`,
        };
      }
    }
    const blocked = notEvaluable(cluster, BACKUP_KEYS.backups);
    if (blocked) return blocked;

    const verdict = recencyVerdict(cluster, workload, params);
    return {
      status: verdict.status,
      message: verdict.message(what),
      evidence: verdict.evidence,
    };
  },
};
