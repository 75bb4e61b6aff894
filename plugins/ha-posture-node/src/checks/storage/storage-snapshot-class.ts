import { WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { describeObject, distinct, notEvaluable } from '../util';
import {
  classifyClaim,
  snapshotClassesByDriver,
  STORAGE_KEYS,
  workloadClaims,
} from './volumes';

/** The newest ready VolumeSnapshot of a claim, when VolumeSnapshots were read. */
function newestReadySnapshot(
  cluster: ClusterView,
  namespace: string,
  claim: string,
): K8sObject | undefined {
  if (cluster.fetchState(STORAGE_KEYS.snapshots).status !== 'ok')
    return undefined;
  const timeOf = (s: K8sObject) =>
    Date.parse(s.status?.creationTime ?? s.metadata.creationTimestamp ?? '') ||
    0;
  return cluster
    .inNamespace(STORAGE_KEYS.snapshots, namespace)
    .filter(
      s =>
        s.spec?.source?.persistentVolumeClaimName === claim &&
        s.status?.readyToUse === true,
    )
    .sort((a, b) => timeOf(b) - timeOf(a))[0];
}

const NOT_A_BACKUP =
  'Snapshots stay with the storage provider in the same cluster: they are not off-site backups.';

export const storageSnapshotClass: WorkloadCheck = {
  id: 'storage-snapshot-class',
  title: 'Volumes can be snapshotted',
  category: 'storage',
  severity: 'low',
  scope: 'workload',
  rationale:
    "A VolumeSnapshotClass for the volume's CSI driver lets backup tools (Velero, Kasten) and operators take " +
    'crash-consistent copies of the data; without one only file-level copies are possible.',
  remediation:
    "Install the CSI snapshot CRDs and controller, and create a VolumeSnapshotClass whose `driver` is the volume's " +
    'CSI driver. Keep copies off-site too (snapshots share the provider and region of the volume).',
  references: [
    'https://kubernetes.io/docs/concepts/storage/volume-snapshot-classes/',
    'https://kubernetes.io/docs/concepts/storage/volume-snapshots/',
  ],
  evaluate({ cluster, workload }) {
    const blocked = notEvaluable(cluster, STORAGE_KEYS.pvcs);
    if (blocked) return blocked;
    const claims = workloadClaims(cluster, workload);
    if (claims.length === 0) {
      return {
        status: 'skipped',
        message: `${describeObject(workload)} mounts no persistent volumes`,
      };
    }
    const noSnapshots = notEvaluable(cluster, STORAGE_KEYS.snapshotClasses);
    if (noSnapshots) {
      return {
        ...noSnapshots,
        message: `Volume snapshot support cannot be confirmed: ${noSnapshots.message}`,
      };
    }
    const classDrivers = snapshotClassesByDriver(cluster);
    const volumes = claims.map(claim => {
      const facts = classifyClaim(cluster, claim);
      const snapshot = claim.pvc
        ? newestReadySnapshot(cluster, workload.namespace, claim.name)
        : undefined;
      return {
        claim: facts.claim,
        driver: facts.driver,
        ...(facts.classNotInInput ? { classNotInInput: true } : {}),
        snapshotClass: facts.driver
          ? classDrivers.get(facts.driver)
          : undefined,
        ...(snapshot
          ? {
              newestReadySnapshot: {
                name: snapshot.metadata.name,
                creationTime:
                  snapshot.status?.creationTime ??
                  snapshot.metadata.creationTimestamp,
              },
            }
          : {}),
      };
    });
    const evidence = {
      volumes,
      snapshotClassDrivers: [...classDrivers.keys()].sort(),
    };
    // A volume whose driver cannot be told (no volume, and its StorageClass not in the input) is
    // not a volume without snapshots: it says nothing either way.
    const untold = volumes.filter(v => v.classNotInInput);
    const missing = volumes.filter(v => !v.classNotInInput && !v.snapshotClass);
    const untoldNote = untold.length
      ? ` The driver of ${untold.length === 1 ? 'volume' : 'volumes'} ${untold
          .map(v => v.claim)
          .join(
            ', ',
          )} cannot be told: no bound volume, and its StorageClass is not in the input.`
      : '';
    const manifests = cluster.snapshot.mode === 'manifests';
    if (missing.length === 0 && untold.length > 0) {
      return {
        status: manifests ? 'skipped' : 'unknown',
        message: `${untoldNote.trim()}${
          manifests ? ' Judged on a cluster.' : ''
        }`,
        evidence,
      };
    }
    // VolumeSnapshotClasses are cluster configuration that application manifests rarely carry.
    if (manifests && classDrivers.size === 0) {
      return {
        status: 'skipped',
        message: `The scanned manifests hold no VolumeSnapshotClass: snapshot support is cluster configuration, judged on a cluster.${untoldNote}`,
        evidence,
      };
    }
    if (missing.length === 0) {
      const classes = distinct(
        volumes.map(v => `${v.snapshotClass} (${v.driver})`),
      ).join(', ');
      return {
        status: 'pass',
        message: `Every volume has a VolumeSnapshotClass for its driver: ${classes}. ${NOT_A_BACKUP}`,
        evidence,
      };
    }
    const list = missing
      .map(v => `${v.claim} (${v.driver ?? 'no CSI driver'})`)
      .join(', ');
    return {
      status: 'warn',
      message:
        `No VolumeSnapshotClass matches the driver of ${
          missing.length === 1 ? 'volume' : 'volumes'
        } ${list}: ` +
        `they cannot be snapshotted through the Kubernetes API.${untoldNote}`,
      evidence,
    };
  },
};
