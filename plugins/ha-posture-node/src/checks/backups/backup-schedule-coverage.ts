import { WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { describeObject, formatAge } from '../util';
import {
  BACKUP_KEYS,
  kastenExports,
  kastenPoliciesFor,
  nameOf,
  scheduleIsActive,
  uncoveredVerdict,
  veleroSchedulesFor,
  veleroSpecCovers,
  veleroSpecTargets,
} from './velero';

/** How many schedules of other namespaces a failure names before only counting the rest. */
const NAMED_OTHERS = 3;

/** `paused`, `in phase FailedValidation`, with the age of its last backup when known. */
function whyNotRunning(schedule: K8sObject, now: Date): string {
  const state =
    schedule.spec?.paused === true
      ? 'paused'
      : `in phase ${schedule.status?.phase}`;
  const last = Date.parse(schedule.status?.lastBackup ?? '');
  return Number.isNaN(last)
    ? state
    : `${state} (last backup ${formatAge((now.getTime() - last) / 1000)} ago)`;
}

/** `Unpause velero/x (\`velero schedule unpause x\`)`: how to make one schedule run again. */
function howToRestart(schedule: K8sObject): string {
  const { name, namespace } = schedule.metadata;
  return schedule.spec?.paused === true
    ? `Unpause ${nameOf(schedule)} (\`velero schedule unpause ${name}\`)`
    : `Fix ${nameOf(schedule)}, in phase ${
        schedule.status?.phase
      } (\`kubectl -n ${namespace} describe schedule ${name}\`)`;
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
    const { reaching: schedules, elsewhere } = veleroSchedulesFor(
      cluster,
      workload,
    );
    const kasten = kastenPoliciesFor(cluster, workload);
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
        })),
      ...(elsewhere > 0 ? { schedulesForOtherNamespaces: elsewhere } : {}),
      kastenPolicies: kasten.map(p => ({
        name: nameOf(p),
        frequency: p.spec?.frequency,
        exports: kastenExports(p),
      })),
    };
    const what = describeObject(workload);

    const active = schedules.filter(
      c => c.covered && scheduleIsActive(c.schedule),
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
      const backedUp = `Velero ${
        active.length === 1 ? 'schedule' : 'schedules'
      } ${names} back${active.length === 1 ? 's' : ''} up ${what}`;
      // A stopped schedule written for this workload (an hourly one next to a daily broad one): its backups are missing although something else still covers the workload.
      const stoppedTargeting = schedules
        .filter(c => c.covered && !scheduleIsActive(c.schedule))
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
              }), which ${t.targets}, is ${whyNotRunning(
                t.schedule,
                cluster.now,
              )}`,
          )
          .join('; ');
        return {
          status: 'warn',
          message: `${backedUp}, but ${stopped}: the backups set up for this workload specifically are not taken.`,
          remediation: `${stoppedTargeting
            .map(t => howToRestart(t.schedule))
            .join('; ')}, or delete it if the broader schedule is enough.`,
          evidence: {
            ...evidence,
            stoppedTargetingSchedules: stoppedTargeting.map(t =>
              nameOf(t.schedule),
            ),
          },
        };
      }
      return { status: 'pass', message: `${backedUp}.`, evidence };
    }
    const exporting = kasten.filter(kastenExports);
    if (exporting.length > 0) {
      return {
        status: 'pass',
        message: `Kasten policy ${exporting
          .map(nameOf)
          .join(', ')} backs up and exports namespace ${workload.namespace}.`,
        evidence,
      };
    }
    if (kasten.length > 0) {
      return {
        status: 'warn',
        message:
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
        .map(
          c =>
            `${nameOf(c.schedule)} is ${whyNotRunning(
              c.schedule,
              cluster.now,
            )}`,
        )
        .join('; ');
      return {
        status: 'fail',
        message: `The only Velero schedules covering ${what} do not run: ${states}.`,
        remediation: `${inactive
          .map(c => howToRestart(c.schedule))
          .join('; ')}.`,
        evidence,
      };
    }
    const notJudged = uncoveredVerdict(cluster, what);
    if (notJudged)
      return { ...notJudged, evidence: { ...notJudged.evidence, ...evidence } };
    const reasons = schedules.map(c => `${nameOf(c.schedule)} ${c.reason}`);
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
      message: `No Velero schedule or Kasten policy covers ${what}${
        reasons.length ? `: ${reasons.join('; ')}` : ''
      }.`,
      evidence,
    };
  },
};
