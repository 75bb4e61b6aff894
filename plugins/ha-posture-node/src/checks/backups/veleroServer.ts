/**
 * The Velero server as its Deployment shows it: where it runs and the flags it was started with,
 * which fill what Backups leave unset (pkg/cmd/server/server.go; the backup controller's
 * prepareBackupRequest).
 */
import { ClusterView, Workload } from '../../model/view';
import { perCluster } from '../util';
import { boolFlag } from './goFlags';

/** The container image's repository name: `velero` for `registry.io/velero/velero:v1.15.0`. */
function imageName(image: unknown): string {
  if (typeof image !== 'string') return '';
  const path = image.split('@')[0];
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.split(':')[0].toLowerCase();
}

/** A Deployment running `velero server`. */
export interface VeleroServer {
  deployment: Workload;
  /** The server container's command and args, in order: where its flags are read from. */
  argv: readonly string[];
}

/**
 * The Velero servers of the cluster: Deployments with a container running `velero server` from a
 * velero image (`velero/velero`, OADP's `oadp-velero-rhel9`), whatever the chart or `velero
 * install` named it.
 */
export const veleroServers = perCluster((cluster): VeleroServer[] => {
  const found: VeleroServer[] = [];
  for (const workload of cluster.workloads()) {
    if (workload.kind !== 'Deployment') continue;
    const containers: any[] = Array.isArray(workload.podSpec?.containers)
      ? workload.podSpec.containers
      : [];
    for (const container of containers) {
      const argv = [
        ...(Array.isArray(container?.command) ? container.command : []),
        ...(Array.isArray(container?.args) ? container.args : []),
      ].map(String);
      if (
        imageName(container?.image).includes('velero') &&
        argv.includes('server')
      ) {
        found.push({ deployment: workload, argv });
        break;
      }
    }
  }
  return found;
});

/** The Velero server of a namespace (Velero serves the objects of its own namespace only). */
export function veleroServerIn(
  cluster: ClusterView,
  namespace: string,
): VeleroServer | undefined {
  return veleroServers(cluster).find(s => s.deployment.namespace === namespace);
}

/** `Deployment velero/velero`, for messages. */
export function serverName(server: VeleroServer): string {
  return `Deployment ${server.deployment.namespace}/${server.deployment.name}`;
}

/**
 * A boolean of a Backup spec as Velero applies it: its value and what set it (`defaultVolumesToFsBackup`,
 * `the Velero server's --default-volumes-to-fs-backup`), or why it cannot be told.
 */
export type BackupSetting =
  | { value: boolean; source: string }
  | { value: undefined; unknown: string };

/**
 * What the server of the namespace gives a Backup that leaves the field unset: its boolean flag
 * under any of its names (the last occurrence wins), else false (the flags' default).
 */
function serverDefault(
  cluster: ClusterView,
  namespace: string,
  flags: readonly string[],
): BackupSetting {
  const server = veleroServerIn(cluster, namespace);
  if (!server)
    return {
      value: undefined,
      unknown: `no Velero server Deployment in namespace ${namespace} is in the snapshot to show its --${flags[0]}`,
    };
  const flag = boolFlag(server.argv, flags);
  if (!flag)
    return {
      value: false,
      source: `the Velero server's default (${serverName(
        server,
      )} runs without --${flags[0]})`,
    };
  if (flag.value === undefined)
    return {
      value: undefined,
      unknown: `the Velero server's ${flag.text} is not a boolean Go can parse`,
    };
  return { value: flag.value, source: `the Velero server's ${flag.text}` };
}

/**
 * Whether Velero backs up every pod volume with file-system backup by default for this Backup
 * spec. The backup controller maps a true `defaultVolumesToRestic` (the field before 1.10) onto
 * `defaultVolumesToFsBackup`, whatever that says (boolptr.IsSetToTrue); a set
 * `defaultVolumesToFsBackup` comes next; an unset one takes the server's
 * `--default-volumes-to-fs-backup` (`--default-volumes-to-restic` before 1.10).
 */
export function fsBackupByDefault(
  cluster: ClusterView,
  spec: any,
  namespace: string,
): BackupSetting {
  if (spec?.defaultVolumesToRestic === true)
    return { value: true, source: 'defaultVolumesToRestic' };
  if (typeof spec?.defaultVolumesToFsBackup === 'boolean')
    return {
      value: spec.defaultVolumesToFsBackup,
      source: 'defaultVolumesToFsBackup',
    };
  return serverDefault(cluster, namespace, [
    'default-volumes-to-fs-backup',
    'default-volumes-to-restic',
  ]);
}

/** Whether Velero moves the data of this Backup spec's CSI snapshots: `snapshotMoveData`, else the server's `--default-snapshot-move-data`. */
export function snapshotMoveData(
  cluster: ClusterView,
  spec: any,
  namespace: string,
): BackupSetting {
  if (typeof spec?.snapshotMoveData === 'boolean')
    return { value: spec.snapshotMoveData, source: 'snapshotMoveData' };
  return serverDefault(cluster, namespace, ['default-snapshot-move-data']);
}
