/**
 * Velero: the server Deployment, a BackupStorageLocation, Schedules and the
 * Backups they produced (with phases, timestamps and expirations).
 */
import { Cluster, K8s } from '../lib/cluster';
import { intIn } from '../lib/ids';
import { Duration, seconds } from '../lib/time';
import { container, httpGet } from './containers';
import { addCrds } from './crds';
import { meta } from './meta';
import { addService } from './network';
import { addDeployment } from './workloads';

export interface BackupRun {
  /** Start time, before capture. */
  startedAgo: Duration;
  /** Seconds the backup ran. */
  tookSeconds: number;
  phase: 'Completed' | 'PartiallyFailed' | 'Failed' | 'InProgress';
  errors?: number;
  warnings?: number;
  items?: number;
  volumeSnapshots?: number;
}

export interface ScheduleOpts {
  name: string;
  cron: string;
  includedNamespaces: string[];
  excludedNamespaces?: string[];
  labelSelector?: K8s;
  snapshotVolumes: boolean;
  defaultVolumesToFsBackup?: boolean;
  ttl: string;
  paused?: boolean;
  created: Duration;
  backups: BackupRun[];
}

export interface VeleroOpts {
  namespace: string;
  node: string;
  created: Duration;
  rolledOut: Duration;
  bsl: {
    provider: string;
    bucket: string;
    prefix: string;
    region: string;
    phase: 'Available' | 'Unavailable';
    validatedAgo: Duration;
  };
  schedules: ScheduleOpts[];
  image?: string;
}

const ttlSeconds = (ttl: string) => {
  const m = /^(\d+)h0m0s$/.exec(ttl);
  if (!m) throw new Error(`ttl ${ttl}`);
  return Number(m[1]) * 3600;
};

const stamp = (iso: string) => iso.replace(/[-:TZ]/g, '').slice(0, 14);

export function addVelero(c: Cluster, o: VeleroOpts): void {
  addCrds(
    c,
    [
      'velero/backups',
      'velero/backupstoragelocations',
      'velero/restores',
      'velero/schedules',
      'velero/volumesnapshotlocations',
    ],
    o.created,
  );
  const labels = { component: 'velero', deploy: 'velero' };
  addDeployment(c, {
    name: 'velero',
    namespace: o.namespace,
    labels: {
      component: 'velero',
      'app.kubernetes.io/name': 'velero',
      'app.kubernetes.io/instance': 'velero',
    },
    selector: { matchLabels: { deploy: 'velero' } },
    template: {
      labels: {
        ...labels,
        'app.kubernetes.io/name': 'velero',
        'app.kubernetes.io/instance': 'velero',
      },
      annotations: {
        'prometheus.io/path': '/metrics',
        'prometheus.io/port': '8085',
        'prometheus.io/scrape': 'true',
      },
      spec: {
        serviceAccountName: 'velero',
        initContainers: [
          container({
            name: 'velero-plugin-for-aws',
            image: 'velero/velero-plugin-for-aws:v1.11.0',
            volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
          }),
        ],
        containers: [
          container({
            name: 'velero',
            image: o.image ?? 'velero/velero:v1.15.0',
            command: ['/velero'],
            args: ['server', '--features=EnableCSI', '--uploader-type=kopia'],
            ports: [{ name: 'http-monitoring', containerPort: 8085 }],
            requests: { cpu: '500m', memory: '128Mi' },
            limits: { cpu: '1', memory: '512Mi' },
            livenessProbe: httpGet('/metrics', 'http-monitoring', {
              initialDelaySeconds: 10,
              periodSeconds: 30,
              timeoutSeconds: 5,
              failureThreshold: 5,
            }),
            readinessProbe: httpGet('/metrics', 'http-monitoring', {
              initialDelaySeconds: 10,
              periodSeconds: 30,
              timeoutSeconds: 5,
              failureThreshold: 5,
            }),
            volumeMounts: [
              { mountPath: '/plugins', name: 'plugins' },
              { mountPath: '/credentials', name: 'cloud-credentials' },
            ],
          }),
        ],
        volumes: [
          { emptyDir: {}, name: 'plugins' },
          {
            name: 'cloud-credentials',
            secret: { defaultMode: 420, secretName: 'velero' },
          },
        ],
      },
    },
    replicas: 1,
    nodes: [o.node],
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 2,
    strategy: { type: 'Recreate' },
  });
  addService(c, {
    name: 'velero',
    namespace: o.namespace,
    labels: { component: 'velero', 'app.kubernetes.io/name': 'velero' },
    selector: { deploy: 'velero' },
    ports: [
      { name: 'http-monitoring', port: 8085, targetPort: 'http-monitoring' },
    ],
    created: o.created,
  });

  const created = seconds(o.created);
  c.add({
    apiVersion: 'velero.io/v1',
    kind: 'BackupStorageLocation',
    metadata: meta(c, 'BackupStorageLocation', {
      name: 'default',
      namespace: o.namespace,
      labels: { component: 'velero' },
      created: created - 60,
      generation: 1,
    }),
    spec: {
      config: { region: o.bsl.region },
      default: true,
      objectStorage: { bucket: o.bsl.bucket, prefix: o.bsl.prefix },
      provider: o.bsl.provider,
    },
    status: {
      lastSyncedTime: c.ago(intIn(`${c.name}/bsl/sync`, 10, 50)),
      lastValidationTime: c.ago(o.bsl.validatedAgo),
      phase: o.bsl.phase,
      ...(o.bsl.phase === 'Unavailable'
        ? {
            message:
              'BackupStorageLocation "default" is unavailable: rpc error: code = Unknown desc = AccessDenied',
          }
        : {}),
    },
  });

  for (const s of o.schedules) {
    const template: K8s = {
      csiSnapshotTimeout: '10m0s',
      defaultVolumesToFsBackup: s.defaultVolumesToFsBackup ?? false,
      includedNamespaces: s.includedNamespaces,
      itemOperationTimeout: '4h0m0s',
      metadata: {},
      snapshotMoveData: false,
      snapshotVolumes: s.snapshotVolumes,
      storageLocation: 'default',
      ttl: s.ttl,
    };
    if (s.excludedNamespaces)
      template.excludedNamespaces = s.excludedNamespaces;
    if (s.labelSelector) template.labelSelector = s.labelSelector;
    const sorted = [...s.backups].sort(
      (a, b) => seconds(a.startedAgo) - seconds(b.startedAgo),
    );
    const newest = sorted[0];
    c.add({
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: meta(c, 'Schedule', {
        name: s.name,
        namespace: o.namespace,
        labels: {
          'app.kubernetes.io/managed-by': 'Helm',
          'app.kubernetes.io/name': 'velero',
        },
        annotations: {
          'meta.helm.sh/release-name': 'velero',
          'meta.helm.sh/release-namespace': o.namespace,
        },
        created: s.created,
        generation: s.paused ? 3 : 1,
      }),
      spec: {
        ...(s.paused ? { paused: true } : {}),
        schedule: s.cron,
        template,
        useOwnerReferencesInBackup: false,
      },
      status: {
        ...(newest ? { lastBackup: c.agoExact(newest.startedAgo) } : {}),
        phase: 'Enabled',
      },
    });
    for (const b of s.backups) {
      const started = seconds(b.startedAgo);
      const startIso = c.agoExact(started);
      const name = `${s.name}-${stamp(startIso)}`;
      const done = b.phase !== 'InProgress';
      const status: K8s = {
        expiration: c.agoExact(started - ttlSeconds(s.ttl)),
        formatVersion: '1.1.0',
        phase: b.phase,
        progress: { itemsBackedUp: b.items ?? 0, totalItems: b.items ?? 0 },
        startTimestamp: startIso,
        version: 1,
      };
      if (done)
        status.completionTimestamp = c.agoExact(started - b.tookSeconds);
      if (b.errors) status.errors = b.errors;
      if (b.warnings) status.warnings = b.warnings;
      if (b.volumeSnapshots) {
        status.backupItemOperationsAttempted = b.volumeSnapshots;
        status.backupItemOperationsCompleted =
          b.phase === 'Completed' ? b.volumeSnapshots : b.volumeSnapshots - 1;
        if (b.phase !== 'Completed') status.backupItemOperationsFailed = 1;
      }
      c.add({
        apiVersion: 'velero.io/v1',
        kind: 'Backup',
        metadata: meta(c, 'Backup', {
          name,
          namespace: o.namespace,
          labels: {
            'velero.io/schedule-name': s.name,
            'velero.io/storage-location': 'default',
          },
          annotations: {
            'velero.io/resource-timeout': '10m0s',
            'velero.io/source-cluster-k8s-gitversion':
              c.info.version.gitVersion,
            'velero.io/source-cluster-k8s-major-version': c.info.version.major,
            'velero.io/source-cluster-k8s-minor-version': c.info.version.minor,
          },
          created: started + 1,
          exactCreated: true,
          generation: 9,
        }),
        spec: { ...template, metadata: {} },
        status,
      });
    }
  }
}
