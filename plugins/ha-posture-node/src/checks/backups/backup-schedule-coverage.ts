import { WorkloadCheck } from '../../model/checks';
import { describeObject } from '../util';
import {
  kastenExports,
  kastenPoliciesFor,
  nameOf,
  scheduleIsActive,
  uncoveredVerdict,
  veleroSchedulesFor,
} from './velero';

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
    const schedules = veleroSchedulesFor(cluster, workload);
    const kasten = kastenPoliciesFor(cluster, workload);
    const evidence = {
      veleroSchedules: schedules.map(({ schedule, covered, reason }) => ({
        name: nameOf(schedule),
        schedule: schedule.spec?.schedule,
        covers: covered,
        ...(reason ? { reason } : {}),
        ...(schedule.spec?.paused === true ? { paused: true } : {}),
        ...(schedule.status?.phase ? { phase: schedule.status.phase } : {}),
      })),
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
      return {
        status: 'pass',
        message: `Velero ${
          active.length === 1 ? 'schedule' : 'schedules'
        } ${names} back up ${what}.`,
        evidence,
      };
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
            `${nameOf(c.schedule)} is ${
              c.schedule.spec?.paused === true
                ? 'paused'
                : `in phase ${c.schedule.status?.phase}`
            }`,
        )
        .join('; ');
      return {
        status: 'fail',
        message: `The only Velero schedules covering ${what} do not run: ${states}.`,
        remediation:
          'Unpause the schedule (`velero schedule unpause <name>`) or fix its validation errors (`kubectl describe schedule`).',
        evidence,
      };
    }
    const notJudged = uncoveredVerdict(cluster, what);
    if (notJudged)
      return { ...notJudged, evidence: { ...notJudged.evidence, ...evidence } };
    const reasons = schedules.map(c => `${nameOf(c.schedule)} ${c.reason}`);
    return {
      status: 'fail',
      message: `No Velero schedule or Kasten policy covers ${what}${
        reasons.length ? `: ${reasons.join('; ')}` : ''
      }.`,
      evidence,
    };
  },
};
