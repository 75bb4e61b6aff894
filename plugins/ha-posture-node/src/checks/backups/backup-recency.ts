import { WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { NamespaceIndex } from '../namespaceIndex';
import { describeObject, formatAge, notEvaluable, perCluster } from '../util';
import { backupDeadline } from './cron';
import {
  activeCoveringSchedules,
  BACKUP_KEYS,
  kastenPoliciesFor,
  nameOf,
  noBackupToolInstalled,
  veleroCoverageKey,
  veleroSpecCovers,
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
  cluster
    .list(BACKUP_KEYS.backups)
    .filter(b => FINISHED_PHASES.has(b.status?.phase))
    .sort((a, b) => finishedAt(b) - finishedAt(a))
    .forEach((backup, rank) => {
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

/** backupDeadline per schedule expression and factor, at the cluster's clock (cron parsing is slow). */
const deadlineMemo = perCluster(() => new Map<string, number | undefined>());
function scheduleDeadline(
  cluster: ClusterView,
  schedule: string,
  factor: number,
): number | undefined {
  const memo = deadlineMemo(cluster);
  const key = `${factor} ${schedule}`;
  if (!memo.has(key))
    memo.set(key, backupDeadline(schedule, cluster.now, factor)?.getTime());
  return memo.get(key);
}

/** The newest finished backup covering the workload, and the newest usable one. */
function newestCovering(
  cluster: ClusterView,
  workload: Workload,
): { newest?: K8sObject; newestUsable?: K8sObject } {
  let newest: RankedBackup | undefined;
  let newestUsable: RankedBackup | undefined;
  for (const group of finishedBackupGroups(cluster).inNamespace(
    workload.namespace,
  )) {
    if (!veleroSpecCovers(group.spec, workload).covered) continue;
    if (!newest || group.newest.rank < newest.rank) newest = group.newest;
    if (
      group.newestUsable &&
      (!newestUsable || group.newestUsable.rank < newestUsable.rank)
    )
      newestUsable = group.newestUsable;
  }
  return { newest: newest?.backup, newestUsable: newestUsable?.backup };
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
    const describe = (b: K8sObject) => ({
      name: nameOf(b),
      phase: b.status?.phase,
      finishedAt: new Date(finishedAt(b)).toISOString(),
      age: ageOf(b),
    });
    const evidence = {
      ...(newest ? { newest: describe(newest) } : {}),
      ...(newestUsable ? { newestUsable: describe(newestUsable) } : {}),
      ...(deadline !== undefined
        ? { notOlderThan: new Date(deadline).toISOString(), window }
        : {}),
      schedules: schedules.map(nameOf),
    };

    // A usable backup is a finished one too: newest is set whenever newestUsable is.
    if (!newestUsable || !newest) {
      return {
        status: 'fail',
        message: newest
          ? `No backup of ${what} ever completed: the newest, ${nameOf(
              newest,
            )}, is ${newest.status?.phase} (${ageOf(newest)} ago).`
          : `No finished Velero backup covers ${what}.`,
        evidence,
      };
    }
    if (deadline === undefined) {
      return {
        status: 'warn',
        message:
          `The newest backup of ${what}, ${nameOf(newestUsable)}, is ${ageOf(
            newestUsable,
          )} old, but no active schedule covers ` +
          'the workload to judge whether that is recent enough (set maxAgeHours to judge manual backups).',
        evidence,
      };
    }
    if (finishedAt(newestUsable) < deadline) {
      return {
        status: 'fail',
        message: `The newest usable backup of ${what}, ${nameOf(
          newestUsable,
        )}, is ${ageOf(newestUsable)} old: older than ${window}.`,
        evidence,
      };
    }
    if (
      newest.status?.phase === 'Failed' ||
      newest.status?.phase === 'FailedValidation'
    ) {
      return {
        status: 'fail',
        message: `The latest backup of ${what}, ${nameOf(newest)}, ${
          newest.status.phase === 'Failed' ? 'failed' : 'failed validation'
        } ${ageOf(newest)} ago; the last usable one is ${nameOf(
          newestUsable,
        )} (${ageOf(newestUsable)} old).`,
        evidence,
      };
    }
    if (newestUsable.status?.phase === 'PartiallyFailed') {
      return {
        status: 'warn',
        message: `The latest backup of ${what}, ${nameOf(
          newestUsable,
        )} (${ageOf(
          newestUsable,
        )} old), only PartiallyFailed: some items or volumes are missing from it.`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `The latest backup of ${what}, ${nameOf(
        newestUsable,
      )}, completed ${ageOf(newestUsable)} ago (within ${window}).`,
      evidence,
    };
  },
};
