import { WorkloadCheck } from '../../model/checks';
import { describeObject, distinct } from '../util';
import { workloadClaims } from '../storage/volumes';
import {
  activeCoveringSchedules,
  kastenPoliciesFor,
  nameOf,
  uncoveredVerdict,
} from './velero';
import {
  BackupVolume,
  backupVolumesOf,
  Capture,
  FS_BACKUP_ANNOTATION,
  kastenCapture,
  Protection,
  PROTECTION_RANK,
  snapshotSupportOf,
  veleroCapture,
} from './volumeCapture';

interface VolumeVerdict {
  volume: BackupVolume;
  protection: Protection;
  /** The best captures when protected, else every capture (each says why it falls short). */
  shown: Capture[];
  captures: Capture[];
}

function judgeVolume(volume: BackupVolume, captures: Capture[]): VolumeVerdict {
  const best = Math.min(...captures.map(c => PROTECTION_RANK[c.protection]));
  const protection = captures.find(
    c => PROTECTION_RANK[c.protection] === best,
  )!.protection;
  const covered = best <= PROTECTION_RANK.unverified;
  return {
    volume,
    protection,
    shown: covered
      ? captures.filter(c => PROTECTION_RANK[c.protection] === best)
      : captures,
    captures,
  };
}

/** `For data-db-0, data-db-1, velero/daily takes volume snapshots (...).`: volumes with the same story share a sentence. */
function sentences(verdicts: VolumeVerdict[]): string {
  const byStory = new Map<string, string[]>();
  for (const v of verdicts) {
    const story = v.shown.map(c => `${c.by} ${c.how}`).join('; ');
    byStory.set(story, [...(byStory.get(story) ?? []), v.volume.claim]);
  }
  return [...byStory.entries()]
    .map(([story, claims]) => `For ${claims.join(', ')}, ${story}.`)
    .join(' ');
}

const STATUS_OF: Record<Protection, 'pass' | 'unknown' | 'warn' | 'fail'> = {
  protected: 'pass',
  unverified: 'pass',
  unknown: 'unknown',
  doubtful: 'warn',
  none: 'fail',
};

export const backupVolumeData: WorkloadCheck = {
  id: 'backup-volume-data',
  title: 'Backups include the volume data',
  category: 'backups',
  severity: 'high',
  scope: 'workload',
  rationale:
    'A backup of the Kubernetes objects alone restores an empty volume: the data needs volume snapshots or a ' +
    'file-system backup. Velero skips the data when `snapshotVolumes: false` and no file-system backup is configured, ' +
    'and snapshots cannot capture `local` or `hostPath` volumes (no CSI driver) or CSI volumes without a ' +
    'VolumeSnapshotClass: those need file-system backup (which also skips hostPath volumes). File-system backup and ' +
    "the built-in data mover run in Velero's node-agent pods: without one on a pod's node, that pod's volumes are not " +
    'backed up. Velero takes CSI snapshots only with its EnableCSI feature, and a snapshot that the storage keeps ' +
    'inside the cluster (Ceph, Longhorn local snapshots, OpenEBS and Mayastor, LINSTOR, Portworx local snapshots, TopoLVM) is lost with it unless its data is moved out.',
  remediation:
    'Let the covering schedule snapshot volumes (omit `snapshotVolumes: false`, ideally with `snapshotMoveData: true`, ' +
    'which in-cluster snapshot storage needs), start the Velero server with `--features=EnableCSI`, and ' +
    "create a VolumeSnapshotClass for each volume's CSI driver; for volumes snapshots cannot capture, enable " +
    '`defaultVolumesToFsBackup: true` or annotate the pods with `backup.velero.io/backup-volumes: <volume names>`, ' +
    "and run Velero's node-agent (`velero install --use-node-agent`, the chart's `deployNodeAgent: true`) on every " +
    'node of those pods.',
  references: [
    'https://velero.io/docs/main/file-system-backup/',
    'https://velero.io/docs/main/csi/',
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
    const schedules = activeCoveringSchedules(cluster, workload);
    const kasten = kastenPoliciesFor(cluster, workload);
    if (schedules.length === 0 && kasten.length === 0) {
      const notJudged = uncoveredVerdict(cluster, `the volumes of ${what}`);
      if (notJudged) return notJudged;
      return {
        status: 'fail',
        message: `PV data of ${what} is not protected: no active backup schedule covers the workload.`,
        evidence: { volumes: claims.map(c => c.name) },
      };
    }

    const support = snapshotSupportOf(cluster);
    const verdicts = backupVolumesOf(cluster, workload, claims).map(volume =>
      judgeVolume(volume, [
        ...schedules.map(s =>
          veleroCapture(cluster, s, workload, volume, support),
        ),
        ...kasten.map(p => kastenCapture(p, volume, support)),
      ]),
    );
    const worst = verdicts
      .map(v => v.protection)
      .reduce((a, b) => (PROTECTION_RANK[b] > PROTECTION_RANK[a] ? b : a));
    const status = STATUS_OF[worst];
    const evidence = {
      volumes: verdicts.map(({ volume, protection, captures }) => ({
        claim: volume.claim,
        ...(volume.podVolume ? { podVolume: volume.podVolume } : {}),
        ...(volume.pv ? { pv: volume.pv } : {}),
        ...(volume.driver ? { driver: volume.driver } : {}),
        snapshotPath: volume.snapshot.kind,
        protection,
        captures,
      })),
      schedules: schedules.map(nameOf),
      kastenPolicies: kasten.map(nameOf),
    };
    if (status === 'pass') {
      return {
        status,
        message: `The volume data of ${what} is backed up. ${sentences(
          verdicts,
        )}`,
        evidence,
      };
    }
    const gaps = verdicts.filter(
      v => PROTECTION_RANK[v.protection] > PROTECTION_RANK.unverified,
    );
    const lead = {
      fail: `PV data of ${what} is not protected.`,
      warn: `PV data of ${what} may not be backed up.`,
      unknown: `Whether the PV data of ${what} is backed up cannot be judged.`,
    }[status];
    // Volumes snapshots cannot capture need file-system backup: name the pod volumes to annotate.
    const fsOnly = distinct(
      gaps
        .filter(v => v.volume.snapshot.kind === 'none' && !v.volume.hostPath)
        .map(v => v.volume.podVolume ?? v.volume.claim),
    );
    return {
      status,
      message: `${lead} ${sentences(gaps)}`,
      ...(fsOnly.length > 0
        ? {
            remediation:
              `Snapshots cannot capture the pod ${
                fsOnly.length === 1 ? 'volume' : 'volumes'
              } ${fsOnly.join(', ')}: back ${
                fsOnly.length === 1 ? 'it' : 'them'
              } up with Velero's file-system backup by annotating the pod template with ` +
              `\`${FS_BACKUP_ANNOTATION}: ${fsOnly.join(
                ',',
              )}\` (or set \`defaultVolumesToFsBackup: true\` on the schedule), or move the data to a CSI volume ` +
              'with a VolumeSnapshotClass.',
          }
        : {}),
      evidence,
    };
  },
};
