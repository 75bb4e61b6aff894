import {
  boundVolumesFor,
  clusterFrom,
  crd,
  deployment,
  kastenPolicy,
  nodes,
  podsFor,
  runOne,
  statefulSet,
  storageClass,
  veleroSchedule,
  veleroNodeAgent,
  veleroServer,
  volumeSnapshotClass,
} from '../../testing';
import { BoundVolumesOptions } from '../../testing/storage';
import { K8sObject } from '../../model/snapshot';
import { ClusterFromOptions } from '../../testing/harness';
import { backupVolumeData } from './backup-volume-data';

const EBS = 'ebs.csi.aws.com';
const gp3 = storageClass('gp3', EBS);
const ebsSnapshots = volumeSnapshotClass('ebs-vsc', EBS);
const local = storageClass('local-storage', 'kubernetes.io/no-provisioner');

const dbWith = (
  storageClassName: string,
  podAnnotations?: Record<string, string>,
) =>
  statefulSet('db', {
    namespace: 'shop',
    replicas: 1,
    ...(podAnnotations ? { podAnnotations } : {}),
    volumeClaimTemplates: [{ name: 'data', storageClassName }],
  });
const db = dbWith('gp3');

/**
 * The db StatefulSet on EBS CSI volumes, its pod on `podNodes` (default w-1), a Velero server
 * started with `serverArgs` (default `--features=EnableCSI`; `null`: no server in the snapshot) and its node-agent
 * on `agentNodes` (default w-1 and w-2; `null`: no node-agent DaemonSet), plus `objects`.
 */
const check = (
  objects: K8sObject[],
  options: {
    workload?: K8sObject;
    volumes?: BoundVolumesOptions;
    cluster?: ClusterFromOptions;
    serverArgs?: string[] | null;
    podNodes?: string[];
    agentNodes?: string[] | null;
  } = {},
) => {
  const workload = options.workload ?? db;
  const server =
    options.serverArgs === null
      ? []
      : [veleroServer(options.serverArgs ?? ['--features=EnableCSI'])];
  const agent =
    options.agentNodes === null
      ? []
      : veleroNodeAgent(options.agentNodes ?? ['w-1', 'w-2']);
  return runOne(
    backupVolumeData,
    clusterFrom(
      [
        ...nodes('w', 2),
        gp3,
        local,
        workload,
        ...podsFor(workload, options.podNodes ?? ['w-1']),
        ...boundVolumesFor(workload, options.volumes ?? { csiDriver: EBS }),
        ...server,
        ...agent,
        ...objects,
      ],
      options.cluster,
    ),
    { workload: workload.metadata.name },
  );
};
const onLocalPv = dbWith('local-storage');
const localVolumes = { local: '/mnt/disks/ssd0', hostname: 'w-1' };

describe('backup-volume-data', () => {
  it('passes when the covering schedule snapshots a CSI volume whose driver has a VolumeSnapshotClass', () => {
    const outcome = check([ebsSnapshots, veleroSchedule('daily')]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'The volume data of StatefulSet shop/db is backed up. For data-db-0, velero/daily takes volume snapshots ' +
        '(VolumeSnapshotClass ebs-vsc for ebs.csi.aws.com).',
    );
    expect(
      check([ebsSnapshots, veleroSchedule('daily', { snapshotMoveData: true })])
        .message,
    ).toContain('moving their data to the backup location');
  });

  it('passes with file-system backup, by default or by a pod annotation naming the volume', () => {
    expect(
      check([
        veleroSchedule('daily', {
          snapshotVolumes: false,
          defaultVolumesToFsBackup: true,
        }),
      ]).status,
    ).toBe('pass');
    const outcome = check(
      [veleroSchedule('daily', { snapshotVolumes: false })],
      {
        workload: dbWith('gp3', { 'backup.velero.io/backup-volumes': 'data' }),
      },
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('backup.velero.io/backup-volumes');
  });

  it('does not count an annotation that names other volumes, nor a default the pod opts out of', () => {
    const cacheOnly = dbWith('gp3', {
      'backup.velero.io/backup-volumes': 'cache',
    });
    expect(
      check([veleroSchedule('daily', { snapshotVolumes: false })], {
        workload: cacheOnly,
      }).status,
    ).toBe('fail');
    const optedOut = dbWith('gp3', {
      'backup.velero.io/backup-volumes-excludes': 'data',
    });
    expect(
      check(
        [
          veleroSchedule('daily', {
            snapshotVolumes: false,
            defaultVolumesToFsBackup: true,
          }),
        ],
        { workload: optedOut },
      ).status,
    ).toBe('fail');
  });

  describe('what Velero selects item by item', () => {
    /** The db StatefulSet, its object labelled `objectLabels`, its pods `{ app: db }`. */
    const labelledDb = (objectLabels: Record<string, string>) => {
      const sts = dbWith('gp3');
      sts.metadata.labels = objectLabels;
      return sts;
    };

    it('fails when the label selector selects the StatefulSet but neither its pods nor its claims', () => {
      const outcome = check(
        [
          ebsSnapshots,
          veleroSchedule('daily', {
            labelSelector: { matchLabels: { backup: 'daily' } },
          }),
        ],
        { workload: labelledDb({ backup: 'daily' }) },
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'its label selectors select neither the claim nor the pods that mount it',
      );
    });

    it('fails a claim labelled velero.io/exclude-from-backup, which Velero never backs up', () => {
      const workload = dbWith('gp3');
      const objects = [
        ...nodes('w', 2),
        gp3,
        workload,
        ...boundVolumesFor(workload, { csiDriver: EBS }).map(o =>
          o.kind === 'PersistentVolumeClaim'
            ? {
                ...o,
                metadata: {
                  ...o.metadata,
                  labels: { 'velero.io/exclude-from-backup': 'true' },
                },
              }
            : o,
        ),
        ebsSnapshots,
        veleroSchedule('daily'),
      ];
      const outcome = runOne(backupVolumeData, clusterFrom(objects), {
        workload: 'db',
      });
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'which is labelled velero.io/exclude-from-backup=true',
      );
    });

    it('reads the pre-1.10 defaultVolumesToRestic as file-system backup by default', () => {
      const schedule = veleroSchedule('daily', { snapshotVolumes: false });
      schedule.spec.template.defaultVolumesToRestic = true;
      const outcome = check([schedule]);
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain('(defaultVolumesToRestic)');
    });

    it('does not call volumes captured under volume policies it does not read', () => {
      const schedule = veleroSchedule('daily');
      schedule.spec.template.resourcePolicy = {
        kind: 'configmap',
        name: 'skip-ebs',
      };
      const outcome = check([ebsSnapshots, schedule]);
      expect(outcome.status).not.toBe('pass');
      expect(outcome.message).toContain(
        'applies the volume policies of configmap skip-ebs',
      );
    });
  });

  describe("the Velero server's defaults for what the template leaves unset", () => {
    const unset = () => veleroSchedule('daily', { snapshotVolumes: false });

    it('passes file-system backup made the default by the server flag', () => {
      const outcome = check([unset()], {
        serverArgs: ['--default-volumes-to-fs-backup', '--uploader-type=kopia'],
      });
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'The volume data of StatefulSet shop/db is backed up. For data-db-0, velero/daily uses file-system backup ' +
          "for every volume (the Velero server's --default-volumes-to-fs-backup).",
      );
      // `--flag false` sets a Go boolean flag: the word is a positional argument.
      expect(
        check([unset()], {
          serverArgs: ['--default-volumes-to-fs-backup', 'false'],
        }).status,
      ).toBe('pass');
      // The flag of Velero < 1.10.
      expect(
        check([unset()], { serverArgs: ['--default-volumes-to-restic=true'] })
          .status,
      ).toBe('pass');
    });

    it('fails when the server flag is off or the template turns it off', () => {
      expect(
        check([unset()], {
          serverArgs: [
            '--default-volumes-to-fs-backup',
            '--default-volumes-to-fs-backup=false',
          ],
        }).status,
      ).toBe('fail');
      const off = veleroSchedule('daily', {
        snapshotVolumes: false,
        defaultVolumesToFsBackup: false,
      });
      expect(
        check([off], { serverArgs: ['--default-volumes-to-fs-backup'] }).status,
      ).toBe('fail');
    });

    it('passes a true defaultVolumesToRestic next to a false defaultVolumesToFsBackup, which Velero overrides with it', () => {
      const schedule = veleroSchedule('daily', {
        snapshotVolumes: false,
        defaultVolumesToFsBackup: false,
      });
      schedule.spec.template.defaultVolumesToRestic = true;
      const outcome = check([schedule]);
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain('(defaultVolumesToRestic)');
    });

    it('is unknown, not a failure, when the server flag cannot be read', () => {
      const outcome = check([unset()], { serverArgs: null });
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        'backs up objects only (snapshotVolumes: false and no file-system backup), unless the Velero server backs up ' +
          'every volume with file-system backup by default, which cannot be told: the template leaves ' +
          'defaultVolumesToFsBackup unset and no Velero server Deployment in namespace velero is in the snapshot ' +
          'to show its --default-volumes-to-fs-backup',
      );
      expect(
        check([unset()], {
          serverArgs: ['--default-volumes-to-fs-backup=yes'],
        }).message,
      ).toContain(
        "the Velero server's --default-volumes-to-fs-backup=yes is not a boolean Go can parse",
      );
      // A template that says what it wants needs no server.
      expect(
        check(
          [
            veleroSchedule('daily', {
              snapshotVolumes: false,
              defaultVolumesToFsBackup: true,
            }),
          ],
          { serverArgs: null },
        ).status,
      ).toBe('pass');
    });

    it("names the server flag that moves the snapshots' data", () => {
      expect(
        check([ebsSnapshots, veleroSchedule('daily')], {
          serverArgs: ['--features=EnableCSI', '--default-snapshot-move-data'],
        }).message,
      ).toContain(
        "moving their data to the backup location (the Velero server's --default-snapshot-move-data)",
      );
    });
  });

  describe("Velero's node-agent, which runs file-system backup and the built-in data mover", () => {
    const fsByDefault = () =>
      veleroSchedule('daily', {
        snapshotVolumes: false,
        defaultVolumesToFsBackup: true,
      });

    it("passes file-system backup with a node-agent pod Running on the pod's node, also a pre-1.10 restic one", () => {
      expect(check([fsByDefault()]).status).toBe('pass');
      const restic = runOne(
        backupVolumeData,
        clusterFrom([
          ...nodes('w', 1),
          gp3,
          db,
          ...podsFor(db, ['w-1']),
          ...boundVolumesFor(db, { csiDriver: EBS }),
          veleroServer(),
          ...veleroNodeAgent(['w-1'], { name: 'restic' }),
          fsByDefault(),
        ]),
        { workload: 'db' },
      );
      expect(restic.status).toBe('pass');
    });

    it("fails file-system backup when no node-agent DaemonSet runs in Velero's namespace", () => {
      const outcome = check([fsByDefault()], { agentNodes: null });
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'PV data of StatefulSet shop/db is not protected. For data-db-0, velero/daily uses file-system backup for ' +
          'every volume (defaultVolumesToFsBackup), but no node-agent DaemonSet runs in namespace velero, and ' +
          'file-system backup runs in its pods: it fails and the Backup ends PartiallyFailed.',
      );
    });

    it("warns, naming the node, when no node-agent pod is Running on the workload pod's node", () => {
      const outcome = check([fsByDefault()], {
        podNodes: ['w-2'],
        agentNodes: ['w-1'],
      });
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'but no node-agent pod is Running on node w-2 (pod db-0), so file-system backup fails there and the ' +
          'Backup ends PartiallyFailed',
      );
    });

    it("warns when the node-agent pod on the workload pod's node is being deleted", () => {
      const [daemonSet, ...agents] = veleroNodeAgent(['w-1', 'w-2']);
      agents[0].metadata.deletionTimestamp = '2026-11-20T09:59:00Z';
      const outcome = check([fsByDefault(), daemonSet, ...agents], {
        agentNodes: null,
      });
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'no node-agent pod is Running on node w-1 (pod db-0)',
      );
    });

    it('warns when the workload pod and its node-agent pod are on a node that is not Ready', () => {
      const outcome = runOne(
        backupVolumeData,
        clusterFrom([
          ...nodes('w', 1, [undefined], { ready: false }),
          gp3,
          db,
          ...podsFor(db, ['w-1']),
          ...boundVolumesFor(db, { csiDriver: EBS }),
          veleroServer(),
          ...veleroNodeAgent(['w-1']),
          fsByDefault(),
        ]),
        { workload: 'db' },
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        "but node w-1 (pod db-0) is not Ready, so the pod volume backup there waits until the Velero server's " +
          '--fs-backup-timeout and fails',
      );
    });

    it('leaves file-system backup unverified when neither the server nor a node-agent is in the snapshot, or pods cannot be read', () => {
      const alone = check([fsByDefault()], {
        serverArgs: null,
        agentNodes: null,
      });
      expect(alone.status).toBe('pass');
      expect(alone.message).toContain(
        '(unverified: neither the Velero server nor its node-agent DaemonSet is in the snapshot in namespace velero)',
      );
      const forbidden = check([fsByDefault()], {
        cluster: { fetch: { pods: 'forbidden' } },
      });
      expect(forbidden.status).toBe('pass');
      expect(forbidden.message).toContain(
        '(unverified: where node-agent pods run cannot be read',
      );
    });

    it('fails snapshots whose data the built-in data mover moves without a node-agent, not those of another mover', () => {
      const moving = veleroSchedule('daily', { snapshotMoveData: true });
      expect(check([ebsSnapshots, moving]).status).toBe('pass');
      const outcome = check([ebsSnapshots, moving], { agentNodes: null });
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        "moving their data to the backup location, but no node-agent DaemonSet runs in namespace velero, and Velero's " +
          'built-in data mover runs in its pods',
      );
      expect(check([ebsSnapshots, moving], { agentNodes: [] }).status).toBe(
        'warn',
      );
      moving.spec.template.dataMover = 'vendor-mover';
      expect(check([ebsSnapshots, moving], { agentNodes: null }).status).toBe(
        'pass',
      );
    });
  });

  describe('file-system backup reads the volumes of Running pods only', () => {
    const fsOnly = () =>
      veleroSchedule('daily', {
        snapshotVolumes: false,
        defaultVolumesToFsBackup: true,
      });

    it('warns when no pod mounts the claim (scaled to zero) and nothing else captures it', () => {
      const outcome = check([fsOnly()], { podNodes: [] });
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'PV data of StatefulSet shop/db may not be backed up. For data-db-0, velero/daily uses file-system backup ' +
          'for every volume (defaultVolumesToFsBackup), but no Running pod mounts claim data-db-0, and ' +
          "Velero's file-system backup reads the volumes of Running pods only, not of pods being deleted.",
      );
    });

    it('warns when the pod mounting the claim is not Running, even with snapshots, which Velero then skips', () => {
      const pending = podsFor(db, ['w-1']);
      pending[0].status.phase = 'Pending';
      const outcome = runOne(
        backupVolumeData,
        clusterFrom([
          ...nodes('w', 1),
          gp3,
          db,
          ...pending,
          ...boundVolumesFor(db, { csiDriver: EBS }),
          veleroServer(['--features=EnableCSI']),
          ...veleroNodeAgent(['w-1']),
          ebsSnapshots,
          veleroSchedule('daily', { defaultVolumesToFsBackup: true }),
        ]),
        { workload: 'db' },
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'no Running pod mounts claim data-db-0',
      );
    });

    it('warns when the only pod mounting the claim is being deleted', () => {
      const deleting = podsFor(db, ['w-1']);
      deleting[0].metadata.deletionTimestamp = '2026-11-20T09:59:00Z';
      const outcome = check([fsOnly(), ...deleting], { podNodes: [] });
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'no Running pod mounts claim data-db-0',
      );
    });

    it('passes a claim no pod mounts by the snapshot Velero takes of it instead', () => {
      const outcome = check(
        [
          ebsSnapshots,
          veleroSchedule('daily', { defaultVolumesToFsBackup: true }),
        ],
        { podNodes: [] },
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        'takes volume snapshots (VolumeSnapshotClass ebs-vsc for ebs.csi.aws.com) (no pod mounts claim ' +
          'data-db-0, so file-system backup does not reach it)',
      );
    });

    it('does not judge pods in a manifests scan, which has none', () => {
      const outcome = runOne(
        backupVolumeData,
        clusterFrom([
          gp3,
          db,
          veleroServer(),
          ...veleroNodeAgent([]),
          fsOnly(),
        ]),
        { workload: 'db' },
      );
      expect(outcome.status).toBe('pass');
    });
  });

  describe('CSI snapshots as the Velero server takes them', () => {
    const ceph = 'rook-ceph.rbd.csi.ceph.com';
    const onCeph = (
      schedule: K8sObject,
      options: { serverArgs?: string[] | null } = {},
    ) =>
      check([volumeSnapshotClass('ceph-rbd', ceph), schedule], {
        volumes: { csiDriver: ceph },
        ...options,
      });
    /** The daily schedule snapshotting a volume of `driver`, whose VolumeSnapshotClass has `parameters`. */
    const onDriver = (driver: string, parameters: Record<string, string>) => {
      const snapshotClass = volumeSnapshotClass('vsc', driver);
      snapshotClass.parameters = parameters;
      return check([snapshotClass, veleroSchedule('daily')], {
        volumes: { csiDriver: driver },
      });
    };

    it('warns when the server runs without the EnableCSI feature', () => {
      const outcome = check([ebsSnapshots, veleroSchedule('daily')], {
        serverArgs: ['--features=EnableAPIGroupVersions'],
      });
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'PV data of StatefulSet shop/db may not be backed up. For data-db-0, velero/daily takes volume snapshots ' +
          '(VolumeSnapshotClass ebs-vsc for ebs.csi.aws.com), but the Velero server (Deployment velero/velero) runs ' +
          'without the EnableCSI feature (--features), so it skips CSI snapshots unless a provider plugin snapshots ' +
          'ebs.csi.aws.com volumes natively.',
      );
      // The last --features replaces the earlier ones.
      expect(
        check([ebsSnapshots, veleroSchedule('daily')], {
          serverArgs: ['--features=EnableCSI', '--features', 'Other'],
        }).status,
      ).toBe('warn');
      expect(
        check([ebsSnapshots, veleroSchedule('daily')], {
          serverArgs: ['--features', 'Other,EnableCSI'],
        }).status,
      ).toBe('pass');
    });

    it('passes as unverified when the server is not in the snapshot', () => {
      const outcome = check([ebsSnapshots, veleroSchedule('daily')], {
        serverArgs: null,
      });
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        '(unverified: no Velero server Deployment in namespace velero is in the snapshot to show whether it ' +
          'enables CSI snapshots (--features=EnableCSI))',
      );
    });

    it('warns when an in-cluster driver keeps the snapshots and their data is not moved out', () => {
      const outcome = onCeph(veleroSchedule('daily'));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'but rook-ceph.rbd.csi.ceph.com keeps its snapshots inside the cluster and their data is not moved out ' +
          "(snapshotMoveData off: the Velero server's default (Deployment velero/velero runs without " +
          '--default-snapshot-move-data)), so the snapshot data is lost with the cluster',
      );
      expect(
        onCeph(veleroSchedule('daily', { snapshotMoveData: false })).message,
      ).toContain('(snapshotMoveData off: snapshotMoveData)');
      for (const driver of [
        'local.csi.openebs.io',
        'io.openebs.csi-mayastor',
        'topolvm.io',
        'linstor.csi.linbit.com',
        'pxd.portworx.com',
      ])
        expect(onDriver(driver, {}).status).toBe('warn');
    });

    it('judges Longhorn, Portworx and LINSTOR by the parameters of their VolumeSnapshotClass', () => {
      // A Longhorn snapshot of an empty type or `bak` is a backup in Longhorn's backup store.
      expect(onDriver('driver.longhorn.io', { type: 'snap' }).status).toBe(
        'warn',
      );
      expect(onDriver('driver.longhorn.io', {}).status).toBe('pass');
      expect(onDriver('driver.longhorn.io', { type: 'bak' }).status).toBe(
        'pass',
      );
      expect(
        onDriver('pxd.portworx.com', {
          'csi.openstorage.org/snapshot-type': 'cloud',
        }).status,
      ).toBe('pass');
      expect(
        onDriver('linstor.csi.linbit.com', {
          'snap.linstor.csi.linbit.com/type': 'S3',
        }).status,
      ).toBe('pass');
    });

    it('passes in-cluster snapshots whose data Velero moves out, by the template or the server', () => {
      expect(
        onCeph(veleroSchedule('daily', { snapshotMoveData: true })).status,
      ).toBe('pass');
      expect(
        onCeph(veleroSchedule('daily'), {
          serverArgs: ['--features=EnableCSI', '--default-snapshot-move-data'],
        }).status,
      ).toBe('pass');
      const unknown = onCeph(
        veleroSchedule('daily', { snapshotMoveData: true }),
        {
          serverArgs: null,
        },
      );
      expect(unknown.status).toBe('pass');
      const unset = check(
        [volumeSnapshotClass('ceph-rbd', ceph), veleroSchedule('daily')],
        {
          volumes: { csiDriver: ceph },
          serverArgs: [
            '--features=EnableCSI',
            '--default-snapshot-move-data=maybe',
          ],
        },
      );
      expect(unset.status).toBe('pass');
      expect(unset.message).toContain(
        'unverified: rook-ceph.rbd.csi.ceph.com keeps its snapshots inside the cluster, and whether Velero moves ' +
          "their data out cannot be told: the Velero server's --default-snapshot-move-data=maybe is not a boolean Go can parse",
      );
    });
  });

  it('fails when the schedule backs up objects only', () => {
    const outcome = check([
      veleroSchedule('objects', { snapshotVolumes: false }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'PV data of StatefulSet shop/db is not protected. For data-db-0, velero/objects backs up objects only ' +
        '(snapshotVolumes: false and no file-system backup).',
    );
  });

  describe('volumes snapshots cannot capture', () => {
    it('fails a local PV under a snapshot-only schedule (a rule reading snapshotVolumes alone says pass)', () => {
      const outcome = check(
        [
          ebsSnapshots,
          veleroSchedule('daily-apps', {
            snapshotVolumes: true,
            defaultVolumesToFsBackup: false,
          }),
        ],
        { workload: onLocalPv, volumes: localVolumes },
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'PV data of StatefulSet shop/db is not protected. For data-db-0, velero/daily-apps takes volume snapshots, ' +
          'which cannot capture a local volume (no CSI driver, no snapshot-capable provider), and file-system backup is off.',
      );
      expect(outcome.remediation).toContain(
        '`backup.velero.io/backup-volumes: data`',
      );
      expect(outcome.evidence).toMatchObject({
        volumes: [
          {
            claim: 'data-db-0',
            podVolume: 'data',
            snapshotPath: 'none',
            protection: 'none',
          },
        ],
      });
    });

    it('passes a local PV with file-system backup', () => {
      const annotated = dbWith('local-storage', {
        'backup.velero.io/backup-volumes': 'data',
      });
      expect(
        check([veleroSchedule('daily')], {
          workload: annotated,
          volumes: localVolumes,
        }).status,
      ).toBe('pass');
    });

    it('fails a hostPath PV even with file-system backup, which skips hostPath volumes', () => {
      const outcome = check(
        [veleroSchedule('daily', { defaultVolumesToFsBackup: true })],
        {
          workload: dbWith('local-path'),
          volumes: { hostPath: '/var/lib/rancher/k3s/storage/pvc-1' },
        },
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('which skips hostPath volumes');
    });

    it('judges a claim without a PV by its provisioner (a manifests scan)', () => {
      const outcome = runOne(
        backupVolumeData,
        clusterFrom([
          local,
          onLocalPv,
          veleroSchedule('daily'),
          veleroServer(),
        ]),
        { workload: 'db' },
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'cannot capture a node-local kubernetes.io/no-provisioner volume',
      );
    });
  });

  describe('CSI volumes need a VolumeSnapshotClass for their driver', () => {
    it('warns when the snapshot CRDs are installed but no class matches the driver', () => {
      const outcome = check([
        volumeSnapshotClass('ceph', 'rook-ceph.rbd.csi.ceph.com'),
        veleroSchedule('daily'),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'no VolumeSnapshotClass exists for the CSI driver ebs.csi.aws.com',
      );
      // An installed CRD without any class is the same gap.
      expect(
        check([
          crd('volumesnapshotclasses.snapshot.storage.k8s.io'),
          veleroSchedule('daily'),
        ]).status,
      ).toBe('warn');
    });

    it('passes, saying it is unverified, when the snapshot CRDs are not installed', () => {
      const outcome = check([veleroSchedule('daily')]);
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        'unverified: the CSI snapshot CRDs (snapshot.storage.k8s.io) are not installed',
      );
    });

    it('is unknown when the classes cannot be read', () => {
      expect(
        check([ebsSnapshots, veleroSchedule('daily')], {
          cluster: {
            fetch: {
              'volumesnapshotclasses.snapshot.storage.k8s.io': 'forbidden',
            },
          },
        }).status,
      ).toBe('unknown');
    });

    it('lets file-system backup cover what snapshots cannot', () => {
      expect(
        check([
          crd('volumesnapshotclasses.snapshot.storage.k8s.io'),
          veleroSchedule('daily', { defaultVolumesToFsBackup: true }),
        ]).status,
      ).toBe('pass');
    });
  });

  it('fails when no active schedule covers the workload (paused or other namespaces)', () => {
    expect(check([veleroSchedule('daily', { paused: true })]).status).toBe(
      'fail',
    );
    expect(
      check([veleroSchedule('daily', { includedNamespaces: ['other'] })])
        .message,
    ).toContain('no active backup schedule');
  });

  it('judges Kasten K10 snapshots like Velero ones, warning where only its file-level features could help', () => {
    expect(check([ebsSnapshots, kastenPolicy('shop', ['shop'])]).status).toBe(
      'pass',
    );
    // A policy run only on demand protects nothing on its own.
    const manual = check([
      ebsSnapshots,
      kastenPolicy('shop', ['shop'], { frequency: '@onDemand' }),
    ]);
    expect(manual.status).toBe('fail');
    expect(manual.message).toContain('no active backup schedule covers');
    const outcome = check([kastenPolicy('shop', ['shop'])], {
      workload: onLocalPv,
      volumes: localVolumes,
    });
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'unless Generic Storage Backup or a blueprint copies it',
    );
  });

  it('skips workloads without volumes, and manifests scans without backup objects', () => {
    const web = deployment('web', { namespace: 'shop' });
    expect(
      runOne(
        backupVolumeData,
        clusterFrom([...nodes('w', 1), web, veleroSchedule('daily')]),
        { workload: 'web' },
      ).status,
    ).toBe('skipped');
    expect(
      runOne(backupVolumeData, clusterFrom([db]), { workload: 'db' }).status,
    ).toBe('skipped');
  });

  it('is unknown when Velero cannot be read', () => {
    const view = clusterFrom([...nodes('w', 1), db, ...boundVolumesFor(db)], {
      fetch: { 'schedules.velero.io': 'unreachable' },
    });
    expect(runOne(backupVolumeData, view, { workload: 'db' }).status).toBe(
      'unknown',
    );
  });

  describe('resource filters of the schedule', () => {
    const withTemplate = (template: Record<string, unknown>) => {
      const schedule = veleroSchedule('daily');
      return {
        ...schedule,
        spec: {
          ...schedule.spec,
          template: { ...schedule.spec.template, ...template },
        },
      } as K8sObject;
    };

    it('fails when the schedule excludes the claims: it holds no volume data', () => {
      for (const excluded of ['persistentvolumeclaims', 'PVC']) {
        const outcome = check([
          ebsSnapshots,
          withTemplate({ excludedResources: [excluded] }),
        ]);
        expect(outcome.status).toBe('fail');
        expect(outcome.message).toContain(
          `velero/daily backs up no volume data: it excludes persistentvolumeclaims (excludedResources: ${excluded})`,
        );
      }
      expect(
        check([
          ebsSnapshots,
          withTemplate({
            includedResources: ['statefulsets.apps', 'persistentvolumes'],
          }),
        ]).status,
      ).toBe('fail');
    });

    it('does not pass snapshots when the schedule excludes the PVs', () => {
      const outcome = check([
        ebsSnapshots,
        withTemplate({ excludedResources: ['persistentvolumes'] }),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'velero/daily excludes persistentvolumes (excludedResources: persistentvolumes)',
      );
      expect(
        check([ebsSnapshots, withTemplate({ includeClusterResources: false })])
          .status,
      ).toBe('warn');
    });

    it('does not count file-system backup when the schedule leaves out the pods', () => {
      const outcome = check(
        [
          withTemplate({
            includedResources: [
              'statefulsets',
              'persistentvolumeclaims',
              'persistentvolumes',
            ],
            defaultVolumesToFsBackup: true,
          }),
        ],
        { workload: onLocalPv, volumes: localVolumes },
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'no file-system backup (it includes only the resources statefulsets, persistentvolumeclaims, persistentvolumes (includedResources), not pods)',
      );
      // With the pods included, file-system backup covers the local PV.
      expect(
        check(
          [
            withTemplate({
              includedResources: [
                'statefulsets',
                'pods',
                'persistentvolumeclaims',
                'persistentvolumes',
              ],
              defaultVolumesToFsBackup: true,
            }),
          ],
          { workload: onLocalPv, volumes: localVolumes },
        ).status,
      ).toBe('pass');
    });

    it('fails when the schedule leaves out the workload itself', () => {
      const outcome = check([
        ebsSnapshots,
        withTemplate({ excludedResources: ['statefulsets.apps'] }),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('no active backup schedule covers');
    });
  });

  it('does not count a schedule with an invalid cron', () => {
    const outcome = check([
      ebsSnapshots,
      veleroSchedule('daily', { schedule: 'not a cron' }),
    ]);
    expect(outcome.status).toBe('fail');
  });
});
