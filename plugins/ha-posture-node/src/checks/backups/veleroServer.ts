/**
 * The Velero server as its Deployment shows it: where it runs and the flags it was started with,
 * which fill what Backups leave unset (pkg/cmd/server/server.go; the backup controller's
 * prepareBackupRequest).
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { perCluster } from '../util';
import { goDurationMs } from './cron';
import { boolFlag, containerArgv, flagValues } from '../../model/goFlags';

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
 * Whether a container runs Velero: a velero image (`velero/velero`, OADP's `oadp-velero-rhel9`),
 * or, for an image mirrored under another name, a container named `velero` or a command ending in
 * `/velero`.
 */
function runsVelero(container: any): boolean {
  return (
    imageName(container?.image).includes('velero') ||
    container?.name === 'velero' ||
    (Array.isArray(container?.command) &&
      String(container.command[0]).endsWith('/velero'))
  );
}

/**
 * The Velero servers of the cluster: Deployments with a container running `velero server`
 * (runsVelero), whatever the chart or `velero install` named it.
 */
export const veleroServers = perCluster((cluster): VeleroServer[] => {
  const found: VeleroServer[] = [];
  for (const workload of cluster.workloads()) {
    if (workload.kind !== 'Deployment') continue;
    const containers: any[] = Array.isArray(workload.podSpec?.containers)
      ? workload.podSpec.containers
      : [];
    for (const container of containers) {
      const argv = containerArgv(container);
      if (runsVelero(container) && argv.includes('server')) {
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

/** Whether the server enables CSI snapshots: EnableCSI among the features of its last `--features` (each one replaces the list). */
export function csiEnabled(server: VeleroServer): boolean {
  const features = flagValues(server.argv, 'features').pop();
  return features !== undefined && features.split(',').includes('EnableCSI');
}

/** Velero's default --store-validation-frequency. */
const DEFAULT_VALIDATION_MS = 60_000;
/** How often the BackupStorageLocation controller looks at each location. */
const VALIDATION_CHECK_MS = 10_000;

/** How often Velero validates a BackupStorageLocation (0: never), and what sets it. */
export interface ValidationFrequency {
  ms: number;
  /** `spec.validationFrequency 0s`, `the Velero server's --store-validation-frequency=5m`. */
  source: string;
}

/**
 * How often Velero validates the location: its spec.validationFrequency, else (also when it is
 * negative) the server's `--store-validation-frequency` (the last one), else Velero's default of
 * 1m; 0 disables validation, and a negative server frequency makes every look of the controller
 * (every 10s) validate (pkg/util/storage IsReadyToValidate); disabled validation freezes
 * status.phase.
 */
export function validationFrequency(
  cluster: ClusterView,
  location: K8sObject,
): ValidationFrequency {
  const own = location.spec?.validationFrequency;
  const ownMs = typeof own === 'string' ? goDurationMs(own) : undefined;
  if (ownMs !== undefined && ownMs >= 0)
    return { ms: ownMs, source: `spec.validationFrequency ${own}` };
  const server = veleroServerIn(cluster, location.metadata.namespace ?? '');
  const flag = server
    ? flagValues(server.argv, 'store-validation-frequency').pop()
    : undefined;
  const flagMs = flag === undefined ? undefined : goDurationMs(flag);
  if (flagMs !== undefined && flagMs < 0)
    return {
      ms: VALIDATION_CHECK_MS,
      source: `the Velero server's --store-validation-frequency=${flag}: a negative frequency validates at each look of the controller`,
    };
  if (flagMs !== undefined)
    return {
      ms: flagMs,
      source: `the Velero server's --store-validation-frequency=${flag}`,
    };
  return { ms: DEFAULT_VALIDATION_MS, source: "Velero's default, 1m" };
}

/** Why the Velero server runs no scheduled backups, as a clause after a schedule's name, and what fixes it. */
export interface StoppedServer {
  /** `is not run by the Velero server (Deployment velero/velero), which has no ready replica`. */
  why: string;
  fix: string;
}

/**
 * The controllers without which a schedule's backups are never taken or never complete: the
 * schedule creates the Backups, the backup-queue controller moves New ones on (current Velero),
 * the backup controller runs them and the backup-finalizer controller completes them (--restore-only
 * disables the backup, schedule and backup-finalizer controllers, among others).
 */
const BACKUP_CONTROLLERS = [
  'schedule',
  'backup-queue',
  'backup',
  'backup-finalizer',
];

/**
 * Why the Velero server of the namespace takes no scheduled backups: it has no ready replica (not
 * judged on manifests, which carry no status), it runs with `--restore-only` (backups, schedules
 * and garbage collection disabled), or `--disable-controllers` lists one of BACKUP_CONTROLLERS.
 * Undefined when it takes them, or when the server is not in the snapshot.
 */
export function serverStopsBackups(
  cluster: ClusterView,
  namespace: string,
): StoppedServer | undefined {
  const server = veleroServerIn(cluster, namespace);
  if (!server) return undefined;
  const name = serverName(server);
  const { deployment } = server;
  const ready = Number(deployment.object.status?.readyReplicas ?? 0);
  if (cluster.snapshot.mode !== 'manifests' && !(ready > 0))
    return {
      why: `is not run by the Velero server (${name}), which has no ready replica`,
      fix: `Get the Velero server running again (\`kubectl -n ${deployment.namespace} describe deployment ${deployment.name}\`)`,
    };
  if (boolFlag(server.argv, ['restore-only'])?.value === true)
    return {
      why: `is not run by the Velero server (${name}), which runs with --restore-only (no backups, no schedules)`,
      fix: `Remove --restore-only from the arguments of the Velero server (${name}) once the restore is done`,
    };
  // pflag's string slice: every occurrence adds its comma-separated values.
  const disabled = flagValues(server.argv, 'disable-controllers').flatMap(v =>
    v.split(','),
  );
  const stopped = BACKUP_CONTROLLERS.filter(c => disabled.includes(c));
  if (stopped.length === 0) return undefined;
  const last = stopped.pop();
  const listed =
    stopped.length === 0 ? last : `${stopped.join(', ')} and ${last}`;
  return {
    why: `is not run by the Velero server (${name}), which disables its ${listed} ${
      stopped.length === 0 ? 'controller' : 'controllers'
    } (--disable-controllers)`,
    fix: `Remove ${listed} from --disable-controllers of the Velero server (${name})`,
  };
}
