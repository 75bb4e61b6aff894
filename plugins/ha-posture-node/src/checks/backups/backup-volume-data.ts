import { WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { describeObject, podTemplateAnnotations } from '../util';
import { workloadClaims } from '../storage/volumes';
import {
  activeCoveringSchedules,
  kastenPoliciesFor,
  nameOf,
  uncoveredVerdict,
} from './velero';

/** Pod annotation that opts volumes into Velero's file-system backup. */
const FS_BACKUP_ANNOTATION = 'backup.velero.io/backup-volumes';

/** How a schedule protects volume data, or undefined when it backs up the objects only. */
function volumeMethod(
  schedule: K8sObject,
  annotated: boolean,
): string | undefined {
  const template = schedule.spec?.template ?? {};
  if (template.defaultVolumesToFsBackup === true)
    return 'file-system backup of every volume (defaultVolumesToFsBackup)';
  if (annotated)
    return `file-system backup of the volumes named in the pod annotation ${FS_BACKUP_ANNOTATION}`;
  if (template.snapshotVolumes !== false) {
    return template.snapshotMoveData === true
      ? 'volume snapshots moved to the backup location'
      : 'volume snapshots';
  }
  return undefined;
}

export const backupVolumeData: WorkloadCheck = {
  id: 'backup-volume-data',
  title: 'Backups include the volume data',
  category: 'backups',
  severity: 'high',
  scope: 'workload',
  rationale:
    'A backup of the Kubernetes objects alone restores an empty volume: the data needs volume snapshots or a ' +
    'file-system backup, which Velero skips when `snapshotVolumes: false` and no file-system backup is configured.',
  remediation:
    'Let the covering schedule snapshot volumes (omit `snapshotVolumes: false`, ideally with `snapshotMoveData: true`), ' +
    'or enable `defaultVolumesToFsBackup: true`, or annotate the pods with `backup.velero.io/backup-volumes: <volume names>`.',
  references: [
    'https://velero.io/docs/main/file-system-backup/',
    'https://velero.io/docs/main/csi-snapshot-data-movement/',
    'https://velero.io/docs/main/api-types/schedule/',
  ],
  evaluate({ cluster, workload }) {
    const claims = workloadClaims(cluster, workload);
    if (claims.length === 0) {
      return {
        status: 'skipped',
        message: `${describeObject(workload)} mounts no persistent volumes`,
      };
    }
    const what = describeObject(workload);
    const annotated = Boolean(
      podTemplateAnnotations(workload)[FS_BACKUP_ANNOTATION],
    );
    const schedules = activeCoveringSchedules(cluster, workload);
    const methods = schedules.map(s => ({
      schedule: nameOf(s),
      method: volumeMethod(s, annotated),
    }));
    const kasten = kastenPoliciesFor(cluster, workload);
    const evidence = {
      volumes: claims.map(c => c.name),
      schedules: methods,
      kastenPolicies: kasten.map(nameOf),
    };

    const protecting = methods.filter(m => m.method);
    if (protecting.length > 0) {
      const how = protecting.map(m => `${m.schedule}: ${m.method}`).join('; ');
      return {
        status: 'pass',
        message: `The volume data of ${what} is backed up (${how}).`,
        evidence,
      };
    }
    if (kasten.length > 0) {
      return {
        status: 'pass',
        message: `Kasten policy ${kasten
          .map(nameOf)
          .join(', ')} snapshots the volumes of ${what}.`,
        evidence,
      };
    }
    if (schedules.length > 0) {
      return {
        status: 'fail',
        message:
          `PV data of ${what} is not protected: schedule ${schedules
            .map(nameOf)
            .join(', ')} backs up its objects only ` +
          '(snapshotVolumes: false and no file-system backup).',
        evidence,
      };
    }
    const notJudged = uncoveredVerdict(cluster, `the volumes of ${what}`);
    if (notJudged) return notJudged;
    return {
      status: 'fail',
      message: `PV data of ${what} is not protected: no active backup schedule covers the workload.`,
      evidence,
    };
  },
};
