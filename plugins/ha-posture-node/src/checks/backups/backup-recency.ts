import { WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { describeObject, formatAge, notEvaluable } from '../util';
import { backupDeadline } from './cron';
import {
  activeCoveringSchedules,
  BACKUP_KEYS,
  kastenPoliciesFor,
  nameOf,
  noBackupToolInstalled,
  veleroSpecCovers,
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
    const finished = cluster
      .list(BACKUP_KEYS.backups)
      .filter(
        b =>
          FINISHED_PHASES.has(b.status?.phase) &&
          veleroSpecCovers(b.spec, workload).covered,
      )
      .sort((a, b) => finishedAt(b) - finishedAt(a));
    const newest = finished[0];
    const newestUsable = finished.find(b => USABLE_PHASES.has(b.status?.phase));

    const schedules = activeCoveringSchedules(cluster, workload);
    let deadline: number | undefined;
    let window: string | undefined;
    if (params.maxAgeHours > 0) {
      deadline = now - params.maxAgeHours * 3_600_000;
      window = `maxAgeHours ${params.maxAgeHours}`;
    } else {
      // With several schedules, the most lenient one decides (a weekly full backup next to hourly ones).
      for (const schedule of schedules) {
        const d = backupDeadline(
          String(schedule.spec?.schedule ?? ''),
          cluster.now,
          params.maxAgeFactor,
        )?.getTime();
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

    if (!newestUsable) {
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
