import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { NamespaceIndex } from '../namespaceIndex';
import { describeObject, formatAge, notEvaluable, perCluster } from '../util';
import { backupDeadline } from './cron';
import {
  activeCoveringSchedules,
  BACKUP_KEYS,
  coverageKey,
  COVERS,
  kastenPoliciesFor,
  nameOf,
  noBackupToolInstalled,
  scheduleTemplatesReaching,
  veleroCoverage,
  veleroCoverageKey,
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

function finishedAt(backup: K8sObject): number {
  const s = backup.status ?? {};
  return (
    Date.parse(
      s.completionTimestamp ??
        s.startTimestamp ??
        backup.metadata.creationTimestamp ??
        '',
    ) || 0
  );
}

/** A finished backup and its place among all finished backups, newest first. */
interface RankedBackup {
  backup: K8sObject;
  rank: number;
}

/** Finished backups with the same coverage (see veleroCoverageKey): the newest, and the newest usable one. */
interface BackupGroup {
  spec: any;
  newest: RankedBackup;
  newestUsable?: RankedBackup;
}

/**
 * The cluster's finished backups grouped by coverage and indexed by the namespaces the groups can
 * cover, built once per cluster: a workload then judges coverage once per candidate group (about
 * one per schedule that can reach its namespace) instead of once per backup.
 */
const finishedBackupGroups = perCluster(cluster => {
  const byKey = new Map<string, BackupGroup>();
  // Each backup's time read once, not at every comparison of the sort.
  cluster
    .list(BACKUP_KEYS.backups)
    .filter(b => FINISHED_PHASES.has(b.status?.phase))
    .map(backup => ({ backup, at: finishedAt(backup) }))
    .sort((a, b) => b.at - a.at)
    .forEach(({ backup }, rank) => {
      const key = veleroCoverageKey(backup.spec);
      const usable = USABLE_PHASES.has(backup.status?.phase)
        ? { backup, rank }
        : undefined;
      const group = byKey.get(key);
      if (group) group.newestUsable ??= usable;
      else
        byKey.set(key, {
          spec: backup.spec,
          newest: { backup, rank },
          newestUsable: usable,
        });
    });
  return new NamespaceIndex([...byKey.values()], group =>
    veleroSpecNamespaces(group.spec),
  );
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
    const groups = finishedBackupGroups(cluster).inNamespace(namespace);
    found = { groups, specs: groups.map(g => g.spec) };
    memo.set(namespace, found);
  }
  return found;
}

/** The newest finished backup covering the workload, and the newest usable one. */
function newestCovering(
  cluster: ClusterView,
  workload: Workload,
): { newest?: K8sObject; newestUsable?: K8sObject } {
  let newest: RankedBackup | undefined;
  let newestUsable: RankedBackup | undefined;
  for (const group of groupsReaching(cluster, workload.namespace).groups) {
    if (veleroCoverage(group.spec, workload) !== COVERS) continue;
    if (!newest || group.newest.rank < newest.rank) newest = group.newest;
    if (
      group.newestUsable &&
      (!newestUsable || group.newestUsable.rank < newestUsable.rank)
    )
      newestUsable = group.newestUsable;
  }
  return { newest: newest?.backup, newestUsable: newestUsable?.backup };
}

/** A backup as evidence describes it, once per cluster (many verdicts name the same newest backups; frozen, shared). */
const describedBackups = perCluster(() => new Map<K8sObject, object>());
function describedBackup(cluster: ClusterView, backup: K8sObject): object {
  const memo = describedBackups(cluster);
  let described = memo.get(backup);
  if (!described) {
    const at = finishedAt(backup);
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
  const ageOf = (b: K8sObject) => formatAge((now - finishedAt(b)) / 1000);
  const { newest, newestUsable } = newestCovering(cluster, workload);

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
  const describe = (b: K8sObject) => describedBackup(cluster, b);
  // Shared by every workload given this verdict: frozen.
  const evidence = Object.freeze({
    ...(newest ? { newest: describe(newest) } : {}),
    ...(newestUsable ? { newestUsable: describe(newestUsable) } : {}),
    ...(deadline !== undefined
      ? { notOlderThan: new Date(deadline).toISOString(), window }
      : {}),
    schedules: Object.freeze(schedules.map(nameOf)),
  });

  // A usable backup is a finished one too: newest is set whenever newestUsable is.
  if (!newestUsable || !newest) {
    const failed = newest
      ? `, is ${newest.status?.phase} (${ageOf(newest)} ago).`
      : undefined;
    return {
      status: 'fail',
      message: what =>
        newest
          ? `No backup of ${what} ever completed: the newest, ${nameOf(
              newest,
            )}${failed}`
          : `No finished Velero backup covers ${what}.`,
      evidence,
    };
  }
  const usableName = nameOf(newestUsable);
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
  if (finishedAt(newestUsable) < deadline) {
    return {
      status: 'fail',
      message: what =>
        `The newest usable backup of ${what}, ${usableName}, is ${usableAge} old: older than ${window}.`,
      evidence,
    };
  }
  if (
    newest.status?.phase === 'Failed' ||
    newest.status?.phase === 'FailedValidation'
  ) {
    const failure = `, ${nameOf(newest)}, ${
      newest.status.phase === 'Failed' ? 'failed' : 'failed validation'
    } ${ageOf(
      newest,
    )} ago; the last usable one is ${usableName} (${usableAge} old).`;
    return {
      status: 'fail',
      message: what => `The latest backup of ${what}${failure}`,
      evidence,
    };
  }
  if (newestUsable.status?.phase === 'PartiallyFailed') {
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

/** Coverage codes of more candidates than this do not fit a safe integer key: judged per workload. */
const MAX_KEYED_CANDIDATES = 20;

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
  if (specs.length + templates.length > MAX_KEYED_CANDIDATES)
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
    },
    maxAgeHours: {
      description:
        'When > 0, the maximum age of the newest backup in hours, instead of the schedule-based window.',
      default: 0,
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
