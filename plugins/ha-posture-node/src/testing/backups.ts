/** Test builders for backup tools: Velero Schedules, Backups and locations, Kasten policies, k3s etcd snapshots. */
import { K8sObject } from '../model/snapshot';
import { LabelSelector } from '../engine/labels';
import { ago, daemonSet, deployment, k8sObject, podsFor } from './builders';

/** Velero Backup spec fields shared by Schedules (as `spec.template`) and Backups (as `spec`). */
export interface VeleroBackupSpec {
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  labelSelector?: LabelSelector;
  orLabelSelectors?: LabelSelector[];
  snapshotVolumes?: boolean;
  defaultVolumesToFsBackup?: boolean;
  snapshotMoveData?: boolean;
  storageLocation?: string;
}

function backupSpec(options: VeleroBackupSpec): Record<string, unknown> {
  const {
    includedNamespaces,
    excludedNamespaces,
    labelSelector,
    orLabelSelectors,
    snapshotVolumes,
    defaultVolumesToFsBackup,
    snapshotMoveData,
    storageLocation,
  } = options;
  return Object.fromEntries(
    Object.entries({
      includedNamespaces,
      excludedNamespaces,
      labelSelector,
      orLabelSelectors,
      snapshotVolumes,
      defaultVolumesToFsBackup,
      snapshotMoveData,
      storageLocation,
      ttl: '720h0m0s',
    }).filter(([, v]) => v !== undefined),
  );
}

export interface VeleroScheduleOptions extends VeleroBackupSpec {
  namespace?: string;
  /** Cron expression (default `0 2 * * *`). */
  schedule?: string;
  paused?: boolean;
  /** status.phase (default Enabled); `null` leaves the status empty. */
  phase?: string | null;
}

export function veleroSchedule(
  name: string,
  options: VeleroScheduleOptions = {},
): K8sObject {
  return k8sObject('velero.io/v1', 'Schedule', name, {
    namespace: options.namespace ?? 'velero',
    spec: {
      schedule: options.schedule ?? '0 2 * * *',
      ...(options.paused !== undefined ? { paused: options.paused } : {}),
      template: backupSpec(options),
    },
    status: options.phase === null ? {} : { phase: options.phase ?? 'Enabled' },
  });
}

export interface VeleroBackupOptions extends VeleroBackupSpec {
  namespace?: string;
  /** The Schedule that created it: label velero.io/schedule-name, and its template as spec. */
  schedule?: K8sObject;
  /** status.phase (default Completed). */
  phase?: string;
  /** Completion this many seconds before TEST_NOW (default 1 h). */
  completedSecondsAgo?: number;
}

export function veleroBackup(
  name: string,
  options: VeleroBackupOptions = {},
): K8sObject {
  const completed = ago(options.completedSecondsAgo ?? 3600);
  return k8sObject('velero.io/v1', 'Backup', name, {
    namespace: options.namespace ?? 'velero',
    labels: options.schedule
      ? { 'velero.io/schedule-name': options.schedule.metadata.name }
      : undefined,
    spec: {
      ...(options.schedule?.spec?.template ?? {}),
      ...backupSpec(options),
    },
    status: {
      phase: options.phase ?? 'Completed',
      startTimestamp: ago((options.completedSecondsAgo ?? 3600) + 300),
      completionTimestamp: completed,
    },
  });
}

export function backupStorageLocation(
  name: string,
  options: {
    namespace?: string;
    phase?: string | null;
    region?: string;
    provider?: string;
    isDefault?: boolean;
    s3Url?: string;
    bucket?: string;
    /** spec.accessMode (ReadWrite or ReadOnly); left out by default. */
    accessMode?: string;
    /** spec.validationFrequency (a Go duration); left out by default. */
    validationFrequency?: string;
    /** status.lastValidationTime this many seconds before TEST_NOW (default 60); `null` leaves it out. */
    validatedSecondsAgo?: number | null;
  } = {},
): K8sObject {
  const config: Record<string, string> = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.s3Url ? { s3Url: options.s3Url } : {}),
  };
  return k8sObject('velero.io/v1', 'BackupStorageLocation', name, {
    namespace: options.namespace ?? 'velero',
    spec: {
      provider: options.provider ?? 'aws',
      objectStorage: { bucket: options.bucket ?? `${name}-backups` },
      ...(Object.keys(config).length ? { config } : {}),
      ...(options.isDefault ? { default: true } : {}),
      ...(options.accessMode ? { accessMode: options.accessMode } : {}),
      ...(options.validationFrequency
        ? { validationFrequency: options.validationFrequency }
        : {}),
    },
    status:
      options.phase === null
        ? {}
        : {
            phase: options.phase ?? 'Available',
            ...(options.validatedSecondsAgo === null
              ? {}
              : { lastValidationTime: ago(options.validatedSecondsAgo ?? 60) }),
          },
  });
}

/**
 * A Velero server Deployment as the Helm chart makes it (container `velero` running `/velero
 * server` with `args`); `ready: false` leaves it without a ready replica.
 */
export function veleroServer(
  args: string[] = [],
  options: { namespace?: string; name?: string; ready?: boolean } = {},
): K8sObject {
  return deployment(options.name ?? 'velero', {
    namespace: options.namespace ?? 'velero',
    labels: { name: 'velero' },
    containers: [
      {
        name: 'velero',
        image: 'velero/velero:v1.15.0',
        command: ['/velero'],
        args: ['server', ...args],
      },
    ],
    ...(options.ready === false ? { available: 0 } : {}),
  });
}

/**
 * Velero's node-agent DaemonSet (`restic` before Velero 1.10) and one Running pod, labelled
 * `name=<name>`, on each of `nodes`.
 */
export function veleroNodeAgent(
  nodes: string[],
  options: { namespace?: string; name?: 'node-agent' | 'restic' } = {},
): K8sObject[] {
  const name = options.name ?? 'node-agent';
  const agent = daemonSet(name, {
    namespace: options.namespace ?? 'velero',
    labels: { name },
    containers: [
      {
        name,
        image: 'velero/velero:v1.15.0',
        command: ['/velero'],
        args: ['node-agent', 'server'],
      },
    ],
    desired: nodes.length,
  });
  return [agent, ...podsFor(agent, nodes)];
}

/** A Kasten K10 policy backing up the namespaces (selector on k10.kasten.io/appNamespace), with `actions` (default backup + export). */
export function kastenPolicy(
  name: string,
  namespaces: string[],
  options: {
    actions?: string[];
    frequency?: string;
    selector?: LabelSelector;
  } = {},
): K8sObject {
  return k8sObject('config.kio.kasten.io/v1alpha1', 'Policy', name, {
    namespace: 'kasten-io',
    spec: {
      frequency: options.frequency ?? '@daily',
      selector: options.selector ?? {
        matchExpressions: [
          {
            key: 'k10.kasten.io/appNamespace',
            operator: 'In',
            values: namespaces,
          },
        ],
      },
      actions: (options.actions ?? ['backup', 'export']).map(action => ({
        action,
      })),
    },
  });
}

/** A k3s/RKE2 ETCDSnapshotFile (cluster-scoped); `location` `file://...` (default) or `s3://...`. */
export function etcdSnapshotFile(
  name: string,
  options: {
    node?: string;
    location?: string;
    readyToUse?: boolean;
    createdSecondsAgo?: number;
  } = {},
): K8sObject {
  const location =
    options.location ??
    `file:///var/lib/rancher/k3s/server/db/snapshots/${name}`;
  return k8sObject('k3s.cattle.io/v1', 'ETCDSnapshotFile', name, {
    cluster: true,
    spec: {
      snapshotName: name,
      nodeName: options.node ?? 'server-1',
      location,
      ...(location.startsWith('s3://')
        ? { s3: { bucket: location.slice(5).split('/')[0] } }
        : {}),
    },
    status: {
      readyToUse: options.readyToUse ?? true,
      creationTime: ago(options.createdSecondsAgo ?? 3600),
    },
  });
}
