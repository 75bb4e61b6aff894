import {
  boundVolumesFor,
  cephBlockPool,
  cephFilesystem,
  clusterFrom,
  crd,
  deployment,
  nodes,
  pv,
  pvc,
  runOne,
  statefulSet,
  storageClass,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { storageVolumeReplication } from './storage-volume-replication';

const threeZones = () =>
  nodes('w', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c']);

function db(replicas: number, storageClassName: string): K8sObject {
  return statefulSet('db', {
    namespace: 'shop',
    replicas,
    volumeClaimTemplates: [{ name: 'data', storageClassName }],
  });
}

function verdict(
  objects: K8sObject[],
  options: Parameters<typeof clusterFrom>[1] = {},
) {
  return runOne(storageVolumeReplication, clusterFrom(objects, options), {
    workload: 'db',
  });
}

describe('storage-volume-replication', () => {
  it('fails a k3s local-path volume pinned to one node', () => {
    const sts = db(1, 'local-path');
    const outcome = verdict([
      ...nodes('dev', 1),
      storageClass('local-path', 'rancher.io/local-path', {
        volumeBindingMode: 'WaitForFirstConsumer',
        isDefault: true,
      }),
      sts,
      ...boundVolumesFor(sts, { hostnames: ['dev-1'] }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('node-bound');
    expect(outcome.message).toContain('dev-1');
    expect(outcome.evidence?.volumes).toEqual([
      expect.objectContaining({
        claim: 'data-db-0',
        storageClass: 'local-path',
        driver: 'rancher.io/local-path',
        replication: 'node-bound',
      }),
    ]);
  });

  it('fails hostPath and local PVs whatever their class says', () => {
    const sts = db(1, 'manual');
    const objects = [
      ...threeZones(),
      sts,
      pvc('data-db-0', {
        namespace: 'shop',
        storageClassName: 'manual',
        volumeName: 'host',
      }),
    ];
    expect(
      verdict([
        ...objects,
        pv('host', { hostPath: '/srv/db', storageClassName: 'manual' }),
      ]).status,
    ).toBe('fail');
    expect(
      verdict([
        ...objects,
        pv('host', { local: '/mnt/ssd', storageClassName: 'manual' }),
      ]).message,
    ).toContain('/mnt/ssd');
  });

  it('fails a single-replica StatefulSet on EBS in a multi-zone cluster: the data dies with the zone', () => {
    const sts = db(1, 'gp3');
    const outcome = verdict([
      ...threeZones(),
      storageClass('gp3', 'ebs.csi.aws.com', {
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
      sts,
      ...boundVolumesFor(sts, {
        csiDriver: 'ebs.csi.aws.com',
        zones: ['us-east-1a'],
        zoneKey: 'topology.ebs.csi.aws.com/zone',
      }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('us-east-1a');
    expect(outcome.message).toContain('single replica');
  });

  it('warns for a 3-replica StatefulSet on EBS (app-level replication must cover zones)', () => {
    const sts = db(3, 'gp3');
    const outcome = verdict([
      ...threeZones(),
      storageClass('gp3', 'ebs.csi.aws.com'),
      sts,
      ...boundVolumesFor(sts, {
        csiDriver: 'ebs.csi.aws.com',
        zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      }),
    ]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('3 volumes');
  });

  it('warns (not fails) for a single-replica zonal volume in a single-zone cluster', () => {
    const sts = db(1, 'gp3');
    const outcome = verdict([
      ...nodes('w', 2, ['us-east-1a']),
      storageClass('gp3', 'ebs.csi.aws.com'),
      sts,
      ...boundVolumesFor(sts),
    ]);
    expect(outcome.status).toBe('warn');
  });

  it('passes a GKE regional-pd and warns for a zonal pd-standard', () => {
    const gkeZones = nodes('g', 3, [
      'europe-west1-b',
      'europe-west1-c',
      'europe-west1-d',
    ]);
    const regional = db(3, 'regional');
    const pass = verdict([
      ...gkeZones,
      storageClass('regional', 'pd.csi.storage.gke.io', {
        parameters: { type: 'pd-ssd', 'replication-type': 'regional-pd' },
      }),
      regional,
      ...boundVolumesFor(regional, { csiDriver: 'pd.csi.storage.gke.io' }),
    ]);
    expect(pass.status).toBe('pass');
    expect(pass.message).toContain('regional persistent disk');

    const zonal = db(3, 'standard');
    const warn = verdict([
      ...gkeZones,
      storageClass('standard', 'pd.csi.storage.gke.io', {
        parameters: { type: 'pd-standard' },
      }),
      zonal,
      ...boundVolumesFor(zonal, {
        csiDriver: 'pd.csi.storage.gke.io',
        zones: ['europe-west1-b'],
        zoneKey: 'topology.gke.io/zone',
      }),
    ]);
    expect(warn.status).toBe('warn');
  });

  it('treats a zonal driver whose PV spans two zones as replicated (its affinity shows a regional disk)', () => {
    const outcome = verdict([
      ...threeZones(),
      storageClass('standard', 'pd.csi.storage.gke.io'),
      db(1, 'standard'),
      pvc('data-db-0', {
        namespace: 'shop',
        storageClassName: 'standard',
        volumeName: 'pv-1',
      }),
      pv('pv-1', {
        csiDriver: 'pd.csi.storage.gke.io',
        zones: ['us-east-1a', 'us-east-1b'],
        storageClassName: 'standard',
      }),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('us-east-1a, us-east-1b');
  });

  it('passes Azure ZRS and warns for Azure LRS (parameter names are case-insensitive)', () => {
    const sts = db(2, 'managed-csi');
    const withSku = (sku: Record<string, string>) =>
      verdict([
        ...threeZones(),
        storageClass('managed-csi', 'disk.csi.azure.com', { parameters: sku }),
        sts,
        ...boundVolumesFor(sts),
      ]);
    expect(withSku({ skuName: 'Premium_ZRS' }).status).toBe('pass');
    expect(withSku({ skuname: 'StandardSSD_ZRS' }).status).toBe('pass');
    expect(withSku({ storageaccounttype: 'Premium_LRS' }).status).toBe('warn');
    // No sku: the driver's default StandardSSD_LRS.
    expect(withSku({}).message).toContain('StandardSSD_LRS');
  });

  describe('Ceph (Rook)', () => {
    const rbd = (pool: string) =>
      storageClass('ceph-block', 'rook-ceph.rbd.csi.ceph.com', {
        parameters: { clusterID: 'rook-ceph', pool },
      });
    const withPool = (...extra: K8sObject[]) => {
      const sts = db(1, 'ceph-block');
      return verdict([
        ...threeZones(),
        sts,
        ...boundVolumesFor(sts),
        crd('cephblockpools.ceph.rook.io'),
        ...extra,
      ]);
    };

    it.each([
      [3, 'pass'],
      [2, 'warn'],
      [1, 'fail'],
    ])('a pool of size %d gives %s', (size, status) => {
      expect(
        withPool(
          rbd('replicapool'),
          cephBlockPool('replicapool', { size, failureDomain: 'zone' }),
        ).status,
      ).toBe(status);
    });

    it('warns when the copies may share a host (failureDomain osd)', () => {
      expect(
        withPool(
          rbd('replicapool'),
          cephBlockPool('replicapool', { size: 3, failureDomain: 'osd' }),
        ).status,
      ).toBe('warn');
    });

    it('judges erasure-coded pools by their coding chunks', () => {
      expect(
        withPool(
          rbd('ec'),
          cephBlockPool('ec', { dataChunks: 2, codingChunks: 2 }),
        ).status,
      ).toBe('pass');
      expect(
        withPool(
          rbd('ec'),
          cephBlockPool('ec', { dataChunks: 2, codingChunks: 1 }),
        ).status,
      ).toBe('warn');
    });

    it('is unknown when the pool is missing or the pools cannot be read', () => {
      const missing = withPool(rbd('nope'), cephBlockPool('replicapool'));
      expect(missing.status).toBe('unknown');
      expect(missing.message).toContain('"nope" not found');

      const sts = db(1, 'ceph-block');
      const forbidden = verdict(
        [
          ...threeZones(),
          sts,
          ...boundVolumesFor(sts),
          rbd('replicapool'),
          cephBlockPool('replicapool'),
        ],
        {
          fetch: { 'cephblockpools.ceph.rook.io': 'forbidden' },
        },
      );
      expect(forbidden.status).toBe('unknown');
      expect(forbidden.message).toContain('forbidden');
    });

    it('takes the weakest data pool of a CephFS file system', () => {
      const sts = db(1, 'cephfs');
      const outcome = verdict([
        ...threeZones(),
        sts,
        ...boundVolumesFor(sts),
        storageClass('cephfs', 'rook-ceph.cephfs.csi.ceph.com', {
          parameters: { clusterID: 'rook-ceph', fsName: 'shared' },
        }),
        cephFilesystem('shared', [3, 1]),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('data pool data1');
    });
  });

  it.each([
    ['driver.longhorn.io', {}, 'pass'],
    ['driver.longhorn.io', { numberOfReplicas: '2' }, 'pass'],
    ['driver.longhorn.io', { numberOfReplicas: '1' }, 'fail'],
    ['pxd.portworx.com', { repl: '3' }, 'pass'],
    ['pxd.portworx.com', {}, 'fail'],
    ['io.openebs.csi-mayastor', { repl: '2' }, 'pass'],
    ['io.openebs.csi-mayastor', { repl: '1' }, 'fail'],
    ['openebs.io/local', {}, 'fail'],
    ['efs.csi.aws.com', {}, 'pass'],
    [
      'csi.vsphere.vmware.com',
      { storagepolicyname: 'vsan-default' },
      'unknown',
    ],
    ['nfs.csi.k8s.io', {}, 'unknown'],
  ])('%s with %j gives %s', (provisioner, parameters, status) => {
    const sts = db(1, 'sc');
    const outcome = verdict([
      ...threeZones(),
      storageClass('sc', provisioner, { parameters }),
      sts,
      ...boundVolumesFor(sts),
    ]);
    expect(outcome.status).toBe(status);
  });

  it('says EFS is only likely multi-AZ, and names an unknown provisioner', () => {
    const sts = db(1, 'sc');
    const efs = verdict([
      ...threeZones(),
      storageClass('sc', 'efs.csi.aws.com'),
      sts,
      ...boundVolumesFor(sts),
    ]);
    expect(efs.message).toContain('One Zone');
    const nfs = verdict([
      ...threeZones(),
      storageClass('sc', 'nfs.csi.k8s.io'),
      sts,
      ...boundVolumesFor(sts),
    ]);
    expect(nfs.message).toContain('nfs.csi.k8s.io');
  });

  it('reports the worst volume of a workload with several', () => {
    const app = deployment('db', {
      namespace: 'shop',
      replicas: 2,
      podSpec: {
        containers: [{ name: 'app', image: 'app:1' }],
        volumes: [
          { name: 'a', persistentVolumeClaim: { claimName: 'fast' } },
          { name: 'b', persistentVolumeClaim: { claimName: 'scratch' } },
        ],
      },
    });
    const outcome = verdict([
      ...threeZones(),
      app,
      storageClass('zrs', 'disk.csi.azure.com', {
        parameters: { skuName: 'Premium_ZRS' },
      }),
      storageClass('local-path', 'rancher.io/local-path'),
      pvc('fast', {
        namespace: 'shop',
        storageClassName: 'zrs',
        volumeName: 'pv-fast',
      }),
      pv('pv-fast', {
        csiDriver: 'disk.csi.azure.com',
        storageClassName: 'zrs',
      }),
      pvc('scratch', {
        namespace: 'shop',
        storageClassName: 'local-path',
        volumeName: 'pv-scratch',
      }),
      pv('pv-scratch', { storageClassName: 'local-path', hostname: 'w-2' }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('scratch');
    expect(outcome.message).not.toContain('fast (');
    expect(outcome.evidence?.volumes).toHaveLength(2);
  });

  it('uses the default StorageClass for a claim without a class', () => {
    const sts = statefulSet('db', {
      namespace: 'shop',
      volumeClaimTemplates: [{ name: 'data' }],
    });
    const outcome = verdict([
      ...threeZones(),
      storageClass('gp2', 'kubernetes.io/aws-ebs', { isDefault: true }),
      sts,
      pvc('data-db-0', { namespace: 'shop' }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence?.volumes).toEqual([
      expect.objectContaining({ storageClass: 'gp2', replication: 'zonal' }),
    ]);
  });

  it('judges StatefulSet claim templates in a manifests scan', () => {
    const outcome = verdict([
      db(1, 'local-path'),
      storageClass('local-path', 'rancher.io/local-path'),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence?.volumes).toEqual([
      expect.objectContaining({ claim: 'data', replication: 'node-bound' }),
    ]);
  });

  it('is unknown when the claim names a StorageClass that does not exist', () => {
    const outcome = verdict([
      ...threeZones(),
      db(1, 'ghost'),
      pvc('data-db-0', { namespace: 'shop', storageClassName: 'ghost' }),
    ]);
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('StorageClass ghost not found');
  });

  it('skips workloads without volumes', () => {
    const view = clusterFrom([
      ...threeZones(),
      deployment('web', { replicas: 3 }),
    ]);
    expect(
      runOne(storageVolumeReplication, view, { workload: 'web' }).status,
    ).toBe('skipped');
  });

  it('is unknown when claims cannot be read', () => {
    const outcome = verdict([...threeZones(), db(1, 'gp3')], {
      fetch: { persistentvolumeclaims: 'forbidden' },
    });
    expect(outcome.status).toBe('unknown');
  });
});
