import { ClusterCheck } from '../../model/checks';
import { notEvaluable, plural } from '../util';
import {
  BACKUP_KEYS,
  kastenBacksUp,
  kastenOnDemand,
  nameOf,
  NO_BACKUP_TOOL,
  scheduleIsActive,
} from './velero';

const PVC_KEY = 'persistentvolumeclaims';

export const backupToolInstalled: ClusterCheck = {
  id: 'backup-tool-installed',
  title: 'A backup tool protects the cluster',
  category: 'backups',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'Replicas and zones survive failures, not loss: a deleted namespace, a corrupted volume or a lost cluster is only ' +
    'recoverable from a backup. Without a backup tool nothing in the cluster, volume data least of all, can be restored.',
  remediation:
    'Install Velero (OADP on OpenShift) or Kasten K10 with a schedule covering the namespaces that hold data, writing to ' +
    'object storage outside the cluster. A provider backup service (Backup for GKE, AKS Backup) is not visible through ' +
    'the Kubernetes API: if one is used, exempt this check and name it in the reason.',
  references: [
    'https://velero.io/docs/main/how-velero-works/',
    'https://docs.kasten.io/latest/usage/protect.html',
  ],
  evaluate({ cluster }) {
    if (cluster.snapshot.mode === 'manifests')
      return {
        status: 'skipped',
        message:
          'Which backup tools a cluster runs is judged on a cluster, not on manifests.',
      };
    const velero = cluster.fetchState(BACKUP_KEYS.schedules).status;
    const kasten = cluster.fetchState(BACKUP_KEYS.kastenPolicies).status;
    const schedules = cluster
      .list(BACKUP_KEYS.schedules)
      .filter(s => scheduleIsActive(cluster, s)).length;
    const backupPolicies = cluster
      .list(BACKUP_KEYS.kastenPolicies)
      .filter(kastenBacksUp);
    // A policy run only on demand backs nothing up unless someone triggers it: not a schedule.
    const onDemand = backupPolicies.filter(kastenOnDemand);
    const policies = backupPolicies.length - onDemand.length;
    const installed = [
      ...(velero === 'ok'
        ? [`Velero (${plural(schedules, 'active Schedule')})`]
        : []),
      ...(kasten === 'ok'
        ? [
            `Kasten K10 (${plural(
              policies,
              'scheduled backup policy',
              'scheduled backup policies',
            )})`,
          ]
        : []),
    ];
    const evidence = {
      velero,
      kasten,
      activeSchedules: schedules,
      kastenBackupPolicies: policies,
      ...(onDemand.length > 0
        ? { kastenOnDemandPolicies: onDemand.map(nameOf) }
        : {}),
    };
    if (schedules + policies > 0)
      return {
        status: 'pass',
        message: `Backups run on a schedule: ${installed.join(', ')}.`,
        evidence,
      };
    // A tool that could not be read may be the one that runs the backups.
    const unreadable = notEvaluable(
      cluster,
      ...[BACKUP_KEYS.schedules, BACKUP_KEYS.kastenPolicies].filter(
        key => cluster.fetchState(key).status !== 'not-installed',
      ),
    );
    if (unreadable) return unreadable;
    if (installed.length > 0)
      return {
        status: 'warn',
        message: `${installed.join(', ')} ${
          installed.length === 1 ? 'is' : 'are'
        } installed, but nothing is backed up on a schedule (no active Velero Schedule or Kasten backup policy)${
          onDemand.length > 0
            ? `: Kasten ${
                onDemand.length === 1 ? 'policy' : 'policies'
              } ${onDemand.map(nameOf).join(', ')} ${
                onDemand.length === 1 ? 'runs' : 'run'
              } only on demand (frequency @onDemand)`
            : ''
        }.`,
        remediation:
          'Add a Velero Schedule (or a Kasten backup policy) covering the namespaces that hold data, and check that it is not paused.',
        evidence,
      };

    if (cluster.fetchState(PVC_KEY).status !== 'ok')
      return {
        status: 'warn',
        message: `${NO_BACKUP_TOOL}; whether volumes hold data is not known (${cluster.unavailable(
          PVC_KEY,
        )}).`,
        evidence,
      };
    const claims = cluster.list(PVC_KEY).length;
    return claims > 0
      ? {
          status: 'fail',
          message: `${NO_BACKUP_TOOL}, and ${plural(
            claims,
            'PersistentVolumeClaim',
          )} ${claims === 1 ? 'holds' : 'hold'} data that nothing backs up.`,
          evidence: { ...evidence, persistentVolumeClaims: claims },
        }
      : {
          status: 'warn',
          message: `${NO_BACKUP_TOOL}. No volume holds data, but a lost cluster's objects can only be rebuilt from their sources (Git, CI).`,
          evidence: { ...evidence, persistentVolumeClaims: 0 },
        };
  },
};
