import { clusterFrom, deployment, nodes, veleroServer } from '../../testing';
import { K8sObject } from '../../model/snapshot';
import {
  fsBackupByDefault,
  snapshotMoveData,
  veleroServerIn,
  veleroServers,
} from './veleroServer';

const cluster = (...objects: K8sObject[]) =>
  clusterFrom([...nodes('w', 1), ...objects]);

describe('the Velero server', () => {
  it('is found by its image and the server subcommand, whatever the Deployment is named', () => {
    const view = cluster(
      veleroServer(['--features=EnableCSI'], { name: 'velero-server' }),
      deployment('web', { namespace: 'velero' }),
      deployment('cli', {
        namespace: 'tools',
        containers: [
          { name: 'cli', image: 'velero/velero:v1.15.0', args: ['version'] },
        ],
      }),
    );
    expect(veleroServers(view).map(s => s.deployment.name)).toEqual([
      'velero-server',
    ]);
    expect(veleroServerIn(view, 'velero')?.argv).toEqual([
      '/velero',
      'server',
      '--features=EnableCSI',
    ]);
    expect(veleroServerIn(view, 'tools')).toBeUndefined();
  });

  it('is found from a mirrored image by its container name or its /velero command', () => {
    const mirrored = (namespace: string, container: Record<string, unknown>) =>
      deployment('server', {
        namespace,
        containers: [
          {
            image: 'registry.corp.example/backup/server:v1.15.0',
            args: ['server'],
            ...container,
          },
        ],
      });
    const view = cluster(
      mirrored('by-name', { name: 'velero' }),
      mirrored('by-command', { name: 'main', command: ['/usr/bin/velero'] }),
      mirrored('neither', { name: 'main', command: ['/server'] }),
    );
    expect(veleroServers(view).map(s => s.deployment.namespace)).toEqual([
      'by-name',
      'by-command',
    ]);
  });

  describe('fills what a Backup spec leaves unset', () => {
    it('from its flags: a template field wins, else the flag, else false', () => {
      const withFlag = cluster(
        veleroServer(['--default-volumes-to-fs-backup']),
      );
      expect(fsBackupByDefault(withFlag, {}, 'velero')).toEqual({
        value: true,
        source: "the Velero server's --default-volumes-to-fs-backup",
      });
      expect(
        fsBackupByDefault(
          withFlag,
          { defaultVolumesToFsBackup: false },
          'velero',
        ),
      ).toEqual({ value: false, source: 'defaultVolumesToFsBackup' });
      expect(fsBackupByDefault(cluster(veleroServer()), {}, 'velero')).toEqual({
        value: false,
        source:
          "the Velero server's default (Deployment velero/velero runs without --default-volumes-to-fs-backup)",
      });
      const restic = cluster(
        veleroServer(['--default-volumes-to-restic=true']),
      );
      expect(fsBackupByDefault(restic, {}, 'velero').value).toBe(true);
    });

    it('lets a true defaultVolumesToRestic win over a false defaultVolumesToFsBackup, as Velero remaps it', () => {
      expect(
        fsBackupByDefault(
          cluster(veleroServer()),
          { defaultVolumesToFsBackup: false, defaultVolumesToRestic: true },
          'velero',
        ),
      ).toEqual({ value: true, source: 'defaultVolumesToRestic' });
      // A false one is no setting for Velero >= 1.10: the server's default applies.
      expect(
        fsBackupByDefault(
          cluster(veleroServer(['--default-volumes-to-fs-backup'])),
          { defaultVolumesToRestic: false },
          'velero',
        ).value,
      ).toBe(true);
    });

    it('cannot tell without the server, or from a flag Go cannot parse', () => {
      expect(fsBackupByDefault(cluster(), {}, 'velero')).toEqual({
        value: undefined,
        unknown:
          'no Velero server Deployment in namespace velero is in the snapshot to show its --default-volumes-to-fs-backup',
      });
      expect(
        snapshotMoveData(
          cluster(veleroServer(['--default-snapshot-move-data=yes'])),
          {},
          'velero',
        ),
      ).toEqual({
        value: undefined,
        unknown:
          "the Velero server's --default-snapshot-move-data=yes is not a boolean Go can parse",
      });
      expect(
        snapshotMoveData(cluster(), { snapshotMoveData: true }, 'velero'),
      ).toEqual({ value: true, source: 'snapshotMoveData' });
    });
  });
});
