import { CheckOutcome, ClusterCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { formatAge, notEvaluable, objectTarget } from '../util';
import { subject } from '../wording';
import { BACKUP_KEYS, nameOf, usedLocations } from './velero';
import { validationFrequency } from './veleroServer';

function judgeLocation(
  cluster: ClusterView,
  namespace: string,
  name: string,
  schedules: K8sObject[],
): CheckOutcome {
  const users = schedules.map(nameOf).join(', ');
  const writers = `Velero ${subject(
    'schedule',
    schedules.map(nameOf),
    'writes',
    'write',
  )} to BackupStorageLocation ${namespace}/${name}`;
  const location = cluster.get(BACKUP_KEYS.locations, namespace, name);
  const manifests = cluster.snapshot.mode === 'manifests';
  const locationTarget = {
    cluster: cluster.name,
    kind: 'BackupStorageLocation',
    namespace,
    name,
  };
  // Velero's default location usually comes from its chart or `velero install`, not the scanned files.
  if (!location && manifests)
    return {
      status: 'skipped',
      target: locationTarget,
      message: `${writers}, which is not in the scan: it is judged on a cluster.`,
      evidence: { location: `${namespace}/${name}` },
    };
  if (!location) {
    return {
      status: 'fail',
      target: locationTarget,
      message: `${writers}, which does not exist: ${
        schedules.length === 1 ? 'its' : 'their'
      } backups fail.`,
      evidence: {
        location: `${namespace}/${name}`,
        schedules: schedules.map(nameOf),
      },
    };
  }
  const phase: string | undefined = location.status?.phase;
  const evidence = {
    location: nameOf(location),
    provider: location.spec?.provider,
    bucket: location.spec?.objectStorage?.bucket,
    phase,
    lastValidationTime: location.status?.lastValidationTime,
    schedules: schedules.map(nameOf),
  };
  const target = objectTarget(cluster, location, 'BackupStorageLocation');
  // Only locations schedules write to are judged: a ReadOnly location kept for restores, which no
  // schedule uses, is what the mode is for. Velero creates no backup in a ReadOnly location (its
  // backup controller fails each new backup's validation; velero.io docs, disaster-case).
  if (location.spec?.accessMode === 'ReadOnly') {
    return {
      status: 'fail',
      target,
      message: `BackupStorageLocation ${nameOf(location)} is ReadOnly${
        phase ? ` (phase ${phase})` : ''
      }, but ${users} ${
        schedules.length === 1 ? 'writes' : 'write'
      } to it: Velero creates no backups in a ReadOnly location, so each of ${
        schedules.length === 1 ? 'its' : 'their'
      } backups fails validation.`,
      remediation:
        'Set spec.accessMode back to ReadWrite once the restore it was switched for is done, or point the ' +
        'schedules at a ReadWrite location (ReadOnly suits a location kept only for restores).',
      evidence: { ...evidence, accessMode: 'ReadOnly' },
    };
  }
  if (phase === 'Available')
    return judgeAvailable(cluster, location, users, { target, evidence });
  if (phase === 'Unavailable') {
    return {
      status: 'fail',
      target,
      message: `BackupStorageLocation ${nameOf(
        location,
      )} is Unavailable: backups of ${users} cannot be written or read.`,
      remediation:
        'Check the bucket, its credentials and network access (`velero backup-location get`, Velero server logs).',
      evidence,
    };
  }
  // Files carry no status: whether the bucket is reachable is cluster state.
  if (manifests)
    return {
      status: 'skipped',
      target,
      message: `BackupStorageLocation ${nameOf(
        location,
      )}: whether it is Available is cluster state, judged on a cluster.`,
      evidence,
    };
  return {
    status: 'unknown',
    target,
    message: `BackupStorageLocation ${nameOf(
      location,
    )} has not been validated yet (no status.phase).`,
    evidence,
  };
}

/**
 * How long a validation may be overdue before the phase is called stale. Velero validates a location
 * as soon as lastValidationTime + frequency has passed (its controller looks every 10s), so a
 * running server is never much later; the margin absorbs clock skew and the delay of a dump.
 */
const STALE_MARGIN_MS = 10 * 60_000;

/**
 * An Available location, judged by how fresh that phase is: Velero sets it at each validation
 * (every validationFrequency), so with validation disabled it is frozen, and long after the last
 * validation it says nothing about the location now (the server may be down or stuck).
 */
function judgeAvailable(
  cluster: ClusterView,
  location: K8sObject,
  users: string,
  outcome: Pick<CheckOutcome, 'target' | 'evidence'>,
): CheckOutcome {
  const frequency = validationFrequency(cluster, location);
  const validated: unknown = location.status?.lastValidationTime;
  const evidence = {
    ...outcome.evidence,
    validationFrequency: frequency.source,
  };
  const name = nameOf(location);
  if (frequency.ms === 0)
    return {
      status: 'warn',
      ...outcome,
      message: `BackupStorageLocation ${name} is Available by its status, but its validation is disabled (${
        frequency.source
      }): the phase is frozen${
        typeof validated === 'string' ? ` since ${validated}` : ''
      }, so it does not say whether backups of ${users} can be written now.`,
      remediation:
        'Give the location a non-zero spec.validationFrequency (or the Velero server a non-zero ' +
        '--store-validation-frequency), e.g. 1m, so that its phase follows the bucket.',
      evidence,
    };
  const validatedAt = Date.parse(
    typeof validated === 'string' ? validated : '',
  );
  if (Number.isNaN(validatedAt))
    return {
      status: 'unknown',
      ...outcome,
      message: `BackupStorageLocation ${name} says Available but has no status.lastValidationTime, so when Velero last found it available is not known.`,
      evidence,
    };
  const overdue = frequency.ms + STALE_MARGIN_MS;
  const age = cluster.now.getTime() - validatedAt;
  if (age > overdue)
    return {
      status: 'unknown',
      ...outcome,
      message: `BackupStorageLocation ${name} says Available, but the status is stale: the Velero server has not validated it since ${validated} (${formatAge(
        age / 1000,
      )} ago, while it validates every ${formatAge(frequency.ms / 1000)}: ${
        frequency.source
      }), so whether backups of ${users} can be written now is not known.`,
      remediation: `Check that the Velero server runs (\`kubectl -n ${location.metadata.namespace} get deployments\`) and what its logs say about validating the location.`,
      evidence,
    };
  return {
    status: 'pass',
    ...outcome,
    message: `BackupStorageLocation ${name} is Available (used by ${users}).`,
    evidence,
  };
}

export const backupStorageLocation: ClusterCheck = {
  id: 'backup-storage-location',
  title: 'Backup storage locations are available',
  category: 'backups',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'Velero writes every backup to a BackupStorageLocation; when the location is Unavailable (bad credentials, ' +
    'deleted bucket) each scheduled backup fails and no restore is possible, and in a ReadOnly location no backup ' +
    'is created at all. The phase is only as fresh as the last validation (every validationFrequency, 1m by ' +
    'default): with validation disabled or long overdue it no longer describes the location.',
  remediation:
    'Fix the BackupStorageLocation (bucket, credentials, region) until `velero backup-location get` shows Available.',
  references: ['https://velero.io/docs/main/api-types/backupstoragelocation/'],
  evaluate({ cluster }) {
    if (cluster.fetchState(BACKUP_KEYS.schedules).status === 'not-installed') {
      return { status: 'skipped', message: 'Velero is not installed.' };
    }
    const blocked = notEvaluable(
      cluster,
      BACKUP_KEYS.schedules,
      BACKUP_KEYS.locations,
    );
    if (blocked) return blocked;
    const used = usedLocations(cluster);
    if (used.size === 0)
      return {
        status: 'skipped',
        message: 'No Velero schedule exists, so no location is in use.',
      };
    return [...used.values()].map(({ namespace, name, schedules }) =>
      judgeLocation(cluster, namespace, name, schedules),
    );
  },
};
