import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { describeObject, formatAge, perCluster } from '../util';
import {
  BACKUP_KEYS,
  coverageKey,
  MAX_KEYED_CODES,
  inVeleroNamespace,
  kastenExports,
  kastenOnDemandPoliciesFor,
  kastenPoliciesFor,
  nameOf,
  readOnlyLocationOf,
  scheduleIsActive,
  scheduleProblem,
  scheduleTemplatesReaching,
  uncoveredVerdict,
  veleroSchedulesFor,
  veleroSpecCovers,
  veleroSpecTargets,
  veleroNamespaceNames,
} from './velero';
import { cronProblem, longestGap, parseGoDuration } from './cron';
import { serverStopsBackups } from './veleroServer';

/** How many schedules of other namespaces a failure names before only counting the rest. */
const NAMED_OTHERS = 3;

/** `is paused`, `has an invalid cron "x"`, with the age of its last backup when known. */
function whyNotRunning(cluster: ClusterView, schedule: K8sObject): string {
  const state = scheduleProblem(cluster, schedule) ?? 'is not running';
  const last = Date.parse(schedule.status?.lastBackup ?? '');
  return Number.isNaN(last)
    ? state
    : `${state} (last backup ${formatAge(
        (cluster.now.getTime() - last) / 1000,
      )} ago)`;
}

/** `Unpause velero/x (\`velero schedule unpause x\`)`: how to make one schedule run again. */
function howToRestart(cluster: ClusterView, schedule: K8sObject): string {
  const { name, namespace } = schedule.metadata;
  if (schedule.spec?.paused === true)
    return `Unpause ${nameOf(schedule)} (\`velero schedule unpause ${name}\`)`;
  const phase = schedule.status?.phase;
  if (phase !== undefined && phase !== 'Enabled')
    return `Fix ${nameOf(
      schedule,
    )}, in phase ${phase} (\`kubectl -n ${namespace} describe schedule ${name}\`)`;
  if (cronProblem(schedule.spec?.schedule))
    return `Give ${nameOf(
      schedule,
    )} a valid cron expression in spec.schedule (5 fields, a descriptor such as @daily, or @every <duration>)`;
  // Outside Velero's namespace there is no server to blame: the schedule must move (below).
  const stopped = serverStopsBackups(cluster, namespace ?? 'velero');
  if (stopped) return stopped.fix;
  const readOnly = readOnlyLocationOf(cluster, schedule);
  if (readOnly && inVeleroNamespace(cluster, schedule))
    return `Set BackupStorageLocation ${nameOf(
      readOnly,
    )} back to spec.accessMode ReadWrite (once the restore it was switched for is done), or point ${nameOf(
      schedule,
    )} at a ReadWrite location (spec.template.storageLocation)`;
  return `Move ${nameOf(
    schedule,
  )} to Velero's namespace (${veleroNamespaceNames(cluster)})`;
}

/** longestGap by clock and schedule expression (cron parsing is slow); bounded, cleared when large. */
const gaps = new Map<string, number | undefined>();
const MAX_GAPS = 1000;
function scheduleGap(
  cluster: ClusterView,
  schedule: string,
): number | undefined {
  const key = `${cluster.now.getTime()} ${schedule}`;
  if (gaps.has(key)) return gaps.get(key);
  const gap = longestGap(schedule, cluster.now);
  if (gaps.size >= MAX_GAPS) gaps.clear();
  gaps.set(key, gap);
  return gap;
}

/** A schedule whose backups expire before its next run: its ttl and the longest time between runs. */
interface ShortTtl {
  schedule: K8sObject;
  ttl: string;
  ttlMs: number;
  gapMs: number;
}

/**
 * The schedule's template.ttl when it is shorter than the longest time between two of its runs,
 * else undefined. Velero's garbage collection deletes each backup once its ttl has passed
 * (status.expiration = creation + ttl; velero.io docs, how Velero works: "Set a backup to expire"),
 * so for the rest of that interval none of its backups exists to restore. A ttl left unset (or
 * 0) takes the server's --default-backup-ttl, which is not visible here: not judged.
 */
function shortTtl(
  cluster: ClusterView,
  schedule: K8sObject,
): ShortTtl | undefined {
  const ttl = schedule.spec?.template?.ttl;
  if (typeof ttl !== 'string') return undefined;
  const ttlMs = parseGoDuration(ttl);
  const gapMs = scheduleGap(cluster, String(schedule.spec?.schedule ?? ''));
  if (ttlMs === undefined || gapMs === undefined || ttlMs >= gapMs)
    return undefined;
  return { schedule, ttl, ttlMs, gapMs };
}

/** An outcome without the workload's name, which `message` inserts. */
interface CoverageVerdict {
  status: CheckOutcome['status'];
  message: (what: string) => string;
  remediation?: string;
  evidence: Record<string, unknown>;
}

/**
 * The verdict on the schedules and policies covering the workload. It depends only on the
 * workload's namespace and on how each schedule that can reach the namespace covers it (its
 * coverage code: which schedules cover it and why the others do not), so evaluate shares it
 * between the workloads with the same namespace and codes.
 */
function judgeCoverage(
  cluster: ClusterView,
  workload: Workload,
): CoverageVerdict {
  const { reaching: schedules, elsewhere } = veleroSchedulesFor(
    cluster,
    workload,
  );
  const kasten = kastenPoliciesFor(cluster, workload);
  const onDemand = kastenOnDemandPoliciesFor(cluster, workload);
  // Evidence names the schedules that concern the workload: those that cover it when any does,
  // else those that reach its namespace (with why they miss it). The rest are only counted.
  const anyCovers = schedules.some(c => c.covered);
  const evidence = {
    veleroSchedules: schedules
      .filter(c => c.covered || !anyCovers)
      .map(({ schedule, covered, reason }) => ({
        name: nameOf(schedule),
        schedule: schedule.spec?.schedule,
        covers: covered,
        ...(reason ? { reason } : {}),
        ...(schedule.spec?.paused === true ? { paused: true } : {}),
        ...(schedule.status?.phase ? { phase: schedule.status.phase } : {}),
        ...(covered && !scheduleIsActive(cluster, schedule)
          ? { notRunning: scheduleProblem(cluster, schedule) }
          : {}),
      })),
    ...(elsewhere > 0 ? { schedulesForOtherNamespaces: elsewhere } : {}),
    kastenPolicies: kasten.map(p => ({
      name: nameOf(p),
      frequency: p.spec?.frequency,
      exports: kastenExports(p),
    })),
    ...(onDemand.length > 0
      ? { kastenOnDemandPolicies: onDemand.map(nameOf) }
      : {}),
  };
  // A policy run only when someone triggers it is no schedule: named where coverage is missing.
  const onDemandNote =
    onDemand.length === 0
      ? ''
      : `${
          onDemand.length === 1 ? 'Kasten policy' : 'Kasten policies'
        } ${onDemand.map(nameOf).join(', ')} back${
          onDemand.length === 1 ? 's' : ''
        } up namespace ${
          workload.namespace
        } only on demand (frequency @onDemand), not on a schedule`;

  const active = schedules.filter(
    c => c.covered && scheduleIsActive(cluster, c.schedule),
  );
  if (active.length > 0) {
    const names = active
      .map(
        c =>
          `${nameOf(c.schedule)} (${
            c.schedule.spec?.schedule ?? 'no schedule'
          })`,
      )
      .join(', ');
    const backedUp = (what: string) =>
      `Velero ${active.length === 1 ? 'schedule' : 'schedules'} ${names} back${
        active.length === 1 ? 's' : ''
      } up ${what}`;
    // A stopped schedule written for this workload (an hourly one next to a daily broad one): its backups are missing although something else still covers the workload.
    const stoppedTargeting = schedules
      .filter(c => c.covered && !scheduleIsActive(cluster, c.schedule))
      .map(c => ({
        schedule: c.schedule,
        targets: veleroSpecTargets(c.schedule.spec?.template, workload),
      }))
      .filter(t => t.targets);
    if (stoppedTargeting.length > 0) {
      const stopped = stoppedTargeting
        .map(
          t =>
            `${nameOf(t.schedule)} (${
              t.schedule.spec?.schedule ?? 'no schedule'
            }), which ${t.targets}, ${whyNotRunning(cluster, t.schedule)}`,
        )
        .join('; ');
      return {
        status: 'warn',
        message: what =>
          `${backedUp(
            what,
          )}, but ${stopped}: the backups set up for this workload specifically are not taken.`,
        remediation: `${stoppedTargeting
          .map(t => howToRestart(cluster, t.schedule))
          .join('; ')}, or delete it if the broader schedule is enough.`,
        evidence: {
          ...evidence,
          stoppedTargetingSchedules: stoppedTargeting.map(t =>
            nameOf(t.schedule),
          ),
        },
      };
    }
    // Some backup is kept at all times when any covering schedule keeps its backups until its next run.
    const expiring = active
      .map(c => shortTtl(cluster, c.schedule))
      .filter((t): t is ShortTtl => t !== undefined);
    if (expiring.length === active.length) {
      const each = expiring
        .map(
          t =>
            `${nameOf(t.schedule)} keeps its backups ${formatAge(
              t.ttlMs / 1000,
            )} (template.ttl ${t.ttl}), while up to ${formatAge(
              t.gapMs / 1000,
            )} pass between its runs`,
        )
        .join('; ');
      return {
        status: 'warn',
        message: what =>
          `${backedUp(
            what,
          )}, but ${each}: each backup expires before the next one is taken, so for part of every interval no backup exists to restore.`,
        remediation: `Set spec.template.ttl of ${expiring
          .map(t => nameOf(t.schedule))
          .join(
            ', ',
          )} to at least the longest time between its runs (better several runs, e.g. Velero's default 720h).`,
        evidence: {
          ...evidence,
          shortTtl: expiring.map(t => ({
            name: nameOf(t.schedule),
            ttl: t.ttl,
            longestInterval: formatAge(t.gapMs / 1000),
          })),
        },
      };
    }
    return { status: 'pass', message: what => `${backedUp(what)}.`, evidence };
  }
  const exporting = kasten.filter(kastenExports);
  if (exporting.length > 0) {
    return {
      status: 'pass',
      message: () =>
        `Kasten policy ${exporting
          .map(nameOf)
          .join(', ')} backs up and exports namespace ${workload.namespace}.`,
      evidence,
    };
  }
  if (kasten.length > 0) {
    return {
      status: 'warn',
      message: () =>
        `Kasten policy ${kasten.map(nameOf).join(', ')} backs up namespace ${
          workload.namespace
        } without an export action: ` +
        'the snapshots stay on-cluster and are lost with it.',
      remediation:
        'Add an `export` action with an off-cluster location profile to the Kasten policy.',
      evidence,
    };
  }
  const inactive = schedules.filter(c => c.covered);
  if (inactive.length > 0) {
    const states = inactive
      .map(c => `${nameOf(c.schedule)} ${whyNotRunning(cluster, c.schedule)}`)
      .join('; ');
    return {
      status: 'fail',
      message: what =>
        `The only Velero schedules covering ${what} do not run: ${states}${
          onDemandNote ? `; ${onDemandNote}` : ''
        }.`,
      remediation: `${inactive
        .map(c => howToRestart(cluster, c.schedule))
        .join('; ')}.`,
      evidence,
    };
  }
  // Whether the absence is judged does not depend on the workload; its message may name it.
  const notJudged = uncoveredVerdict(cluster, '');
  if (notJudged)
    return {
      status: notJudged.status,
      message: what => uncoveredVerdict(cluster, what)!.message,
      evidence: { ...notJudged.evidence, ...evidence },
    };
  const reasons = schedules.map(c => `${nameOf(c.schedule)} ${c.reason}`);
  if (onDemandNote) reasons.unshift(onDemandNote);
  if (elsewhere > 0) {
    // Only on this (rare) path: name a few of the schedules that leave the namespace out.
    const judged = new Set(schedules.map(c => c.schedule));
    const others = cluster
      .list(BACKUP_KEYS.schedules)
      .filter(schedule => !judged.has(schedule));
    for (const schedule of others.slice(0, NAMED_OTHERS))
      reasons.push(
        `${nameOf(schedule)} ${
          veleroSpecCovers(schedule.spec?.template, workload).reason
        }`,
      );
    if (others.length > NAMED_OTHERS)
      reasons.push(
        `${others.length - NAMED_OTHERS} more include only other namespaces`,
      );
  }
  return {
    status: 'fail',
    message: what =>
      `No Velero schedule or Kasten policy covers ${what}${
        reasons.length ? `: ${reasons.join('; ')}` : ''
      }.`,
    evidence,
  };
}

/** Verdicts by namespace and coverage key, per cluster. */
const coverageVerdicts = perCluster(
  () => new Map<string, Map<number, CoverageVerdict>>(),
);

/** judgeCoverage, shared by the workloads with the same namespace and coverage codes. */
function coverageVerdict(
  cluster: ClusterView,
  workload: Workload,
): CoverageVerdict {
  const templates =
    cluster.fetchState(BACKUP_KEYS.schedules).status === 'ok'
      ? scheduleTemplatesReaching(cluster, workload.namespace)
      : [];
  // The codes of more candidates do not fit a safe integer key: judged per workload.
  if (templates.length > MAX_KEYED_CODES)
    return judgeCoverage(cluster, workload);
  const key = coverageKey(0, templates, workload);
  const byNamespace = coverageVerdicts(cluster);
  let byKey = byNamespace.get(workload.namespace);
  if (!byKey) byNamespace.set(workload.namespace, (byKey = new Map()));
  let verdict = byKey.get(key);
  if (!verdict) {
    verdict = judgeCoverage(cluster, workload);
    // Shared by the workloads given this verdict.
    Object.freeze(verdict.evidence);
    byKey.set(key, verdict);
  }
  return verdict;
}

export const backupScheduleCoverage: WorkloadCheck = {
  id: 'backup-schedule-coverage',
  title: 'A backup schedule covers the workload',
  category: 'backups',
  severity: 'high',
  scope: 'workload',
  rationale:
    'Replication does not protect against deletion, corruption or a lost cluster: only a scheduled backup of the ' +
    'namespace (objects and volumes) lets the workload be restored.',
  remediation:
    'Create a Velero Schedule whose template includes the namespace (and whose label selector, if any, selects the ' +
    'workload), or a Kasten K10 policy selecting `k10.kasten.io/appNamespace` with backup and export actions.',
  references: [
    'https://velero.io/docs/main/api-types/schedule/',
    'https://velero.io/docs/main/api-types/backup/',
    'https://docs.kasten.io/latest/api/policies',
  ],
  evaluate({ cluster, workload }) {
    const verdict = coverageVerdict(cluster, workload);
    const message = verdict.message(describeObject(workload));
    return verdict.remediation === undefined
      ? { status: verdict.status, message, evidence: verdict.evidence }
      : {
          status: verdict.status,
          message,
          remediation: verdict.remediation,
          evidence: verdict.evidence,
        };
  },
};
