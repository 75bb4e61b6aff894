import {
  boundVolumesFor,
  cephBlockPool,
  cephFilesystem,
  clusterFrom,
  crd,
  deployment,
  longhornVolume,
  node,
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
    expect(outcome.message).toContain(
      "Each volume sits in its own zone (us-east-1a, us-east-1b, us-east-1c): an outage of one zone takes one replica's volume offline",
    );
    expect(outcome.message).not.toContain('An outage of zone us-east-1a,');
  });

  it('says how a zone outage hits zonal volumes when several share a zone, or all sit in one', () => {
    const spread = db(4, 'gp3');
    const fourOverThree = verdict([
      ...threeZones(),
      storageClass('gp3', 'ebs.csi.aws.com'),
      spread,
      ...boundVolumesFor(spread, {
        csiDriver: 'ebs.csi.aws.com',
        zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      }),
    ]);
    expect(fourOverThree.status).toBe('warn');
    expect(fourOverThree.message).toContain(
      'The volumes sit in 3 zones (us-east-1a, us-east-1b, us-east-1c): an outage of one zone takes the volumes in it offline',
    );

    const packed = db(2, 'gp3');
    const oneZone = verdict([
      ...threeZones(),
      storageClass('gp3', 'ebs.csi.aws.com'),
      packed,
      ...boundVolumesFor(packed, {
        csiDriver: 'ebs.csi.aws.com',
        zones: ['us-east-1b'],
      }),
    ]);
    expect(oneZone.status).toBe('warn');
    expect(oneZone.message).toContain(
      'An outage of zone us-east-1b takes all 2 volumes offline',
    );
  });

  it('does not print an empty zone value: the volume is pinned to a zone it does not name (zoneless AKS)', () => {
    const sts = db(1, 'managed-csi');
    const objects = [
      ...nodes('aks', 2),
      sts,
      ...boundVolumesFor(sts, {
        csiDriver: 'disk.csi.azure.com',
        zones: [''],
        zoneKey: 'topology.disk.csi.azure.com/zone',
      }),
    ];
    const disk = verdict([
      ...objects,
      storageClass('managed-csi', 'disk.csi.azure.com', {
        parameters: { skuName: 'StandardSSD_LRS' },
      }),
    ]);
    expect(disk.status).toBe('warn');
    expect(disk.message).toContain('to a zone it does not name');
    expect(disk.message).toContain('An outage of its zone');
    expect(disk.message).not.toMatch(/zone {2}|zone \./);
    expect(disk.evidence?.volumes).toEqual([
      expect.objectContaining({ zones: [], replication: 'zonal' }),
    ]);
    // A single replica in a multi-zone cluster fails, still without an empty zone name.
    const multiZone = verdict([
      ...threeZones(),
      ...objects.slice(2),
      storageClass('managed-csi', 'disk.csi.azure.com'),
    ]);
    expect(multiZone.status).toBe('fail');
    expect(multiZone.message).toContain('die with its zone');
    expect(multiZone.message).not.toMatch(/zone {2}|zone \./);

    // A provisioner the check does not know: the empty zone still pins the volume.
    const other = verdict([
      ...objects,
      storageClass('managed-csi', 'example.com/block'),
    ]);
    expect(other.status).toBe('warn');
    expect(other.message).toContain(
      'pinned by its node affinity to a zone it does not name',
    );
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

  it.each([
    [{ 'replication-type': 'Regional-PD' }, 'regional persistent disk'],
    [
      { 'replication-type': 'REGIONAL-PD', type: 'PD-SSD' },
      'regional persistent disk',
    ],
    [
      { type: 'Hyperdisk-Balanced-High-Availability' },
      'Hyperdisk Balanced High Availability',
    ],
  ])(
    'reads the GCE PD parameters %j case-insensitively, as the driver does',
    (parameters, phrase) => {
      const sts = db(1, 'regional');
      const outcome = verdict([
        ...threeZones(),
        storageClass('regional', 'pd.csi.storage.gke.io', { parameters }),
        sts,
        ...boundVolumesFor(sts, { csiDriver: 'pd.csi.storage.gke.io' }),
      ]);
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(phrase);
    },
  );

  it('keeps a PD class with another replication-type zonal, whatever its case', () => {
    const sts = db(1, 'zonal');
    const outcome = verdict([
      ...threeZones(),
      storageClass('zonal', 'pd.csi.storage.gke.io', {
        parameters: { 'replication-type': 'None' },
      }),
      sts,
      ...boundVolumesFor(sts, { csiDriver: 'pd.csi.storage.gke.io' }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('zonal persistent disk');
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
    expect(withSku({ skuName: 'PremiumV2_LRS' }).status).toBe('warn');
    // No sku: the driver's default StandardSSD_LRS.
    expect(withSku({}).message).toContain('StandardSSD_LRS');
    // Managed disks have no geo-redundant SKU: not read as LRS.
    const geo = withSku({ skuName: 'Standard_GZRS' });
    expect(geo.status).toBe('unknown');
    expect(geo.message).toContain('not an Azure Disk SKU');
  });

  it.each([
    ['Standard_ZRS', 'pass', 'zone-redundant'],
    ['Premium_ZRS', 'pass', 'zone-redundant'],
    ['Standard_GZRS', 'pass', 'geo-zone-redundant'],
    ['Standard_RAGZRS', 'pass', 'geo-zone-redundant'],
    ['StandardV2_GZRS', 'pass', 'geo-zone-redundant'],
    ['Standard_LRS', 'warn', 'locally redundant (one zone)'],
    ['Standard_GRS', 'warn', 'only after a failover'],
    ['Standard_RAGRS', 'warn', 'only after a failover'],
    ['StandardV2_LRS', 'warn', 'locally redundant (one zone)'],
    ['Cool_Whatever', 'unknown', 'not an Azure Files SKU'],
  ])('reads Azure Files SKU %s as %s (%s)', (skuName, status, phrase) => {
    const app = deployment('db', {
      namespace: 'shop',
      replicas: 2,
      podSpec: {
        containers: [{ name: 'app', image: 'app:1' }],
        volumes: [
          { name: 'a', persistentVolumeClaim: { claimName: 'shared' } },
        ],
      },
    });
    const outcome = verdict([
      ...threeZones(),
      app,
      storageClass('azurefile', 'file.csi.azure.com', {
        parameters: { skuName },
      }),
      pvc('shared', {
        namespace: 'shop',
        storageClassName: 'azurefile',
        volumeName: 'pv-shared',
      }),
      pv('pv-shared', {
        csiDriver: 'file.csi.azure.com',
        storageClassName: 'azurefile',
      }),
    ]);
    expect(outcome.status).toBe(status);
    expect(outcome.message).toContain(phrase);
  });

  it('passes a GKE Hyperdisk Balanced High Availability class without replication-type (manifests scan too)', () => {
    const sts = db(1, 'balanced-ha');
    const ha = storageClass('balanced-ha', 'pd.csi.storage.gke.io', {
      volumeBindingMode: 'WaitForFirstConsumer',
      parameters: { type: 'hyperdisk-balanced-high-availability' },
    });
    const manifests = verdict([sts, ha]);
    expect(manifests.status).toBe('pass');
    expect(manifests.message).toContain(
      'Hyperdisk Balanced High Availability volume is replicated across 2 zones',
    );
    const plain = verdict([
      sts,
      storageClass('balanced-ha', 'pd.csi.storage.gke.io', {
        parameters: { type: 'hyperdisk-balanced' },
      }),
    ]);
    expect(plain.status).toBe('warn');
    expect(plain.message).toContain('zonal persistent disk');
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
          cephBlockPool('ec', {
            dataChunks: 1,
            codingChunks: 2,
            failureDomain: 'zone',
          }),
        ).status,
      ).toBe('pass');
      expect(
        withPool(
          rbd('ec'),
          cephBlockPool('ec', { dataChunks: 2, codingChunks: 1 }),
        ).status,
      ).toBe('warn');
    });

    describe('with a dataPool (the data goes there, pool keeps the image metadata)', () => {
      const rbdData = (dataPool: string) =>
        storageClass('ceph-block', 'rook-ceph.rbd.csi.ceph.com', {
          parameters: {
            clusterID: 'rook-ceph',
            pool: 'replicated-metadata-pool',
            dataPool,
          },
        });
      const metadataPool = (size = 3) =>
        cephBlockPool('replicated-metadata-pool', {
          size,
          failureDomain: 'zone',
        });

      it('judges the erasure-coded data pool, not the replicated metadata pool, and names it', () => {
        const weak = withPool(
          rbdData('ec-data-pool'),
          metadataPool(),
          cephBlockPool('ec-data-pool', { dataChunks: 2, codingChunks: 1 }),
        );
        expect(weak.status).toBe('warn');
        expect(weak.message).toContain(
          "Ceph data pool ec-data-pool (the StorageClass's dataPool, which holds the volume's data; " +
            'pool replicated-metadata-pool holds only the image metadata) is erasure coded 2+1: it survives only 1 lost chunk',
        );
        const strong = withPool(
          rbdData('ec-data-pool'),
          metadataPool(),
          cephBlockPool('ec-data-pool', {
            dataChunks: 1,
            codingChunks: 2,
            failureDomain: 'zone',
          }),
        );
        expect(strong.status).toBe('pass');
        expect(strong.message).toContain('ec-data-pool');
        expect(strong.message).toContain('erasure coded 1+2');
      });

      it('fails a single-copy data pool behind a 3-copy metadata pool', () => {
        const outcome = withPool(
          rbdData('scratch-pool'),
          metadataPool(),
          cephBlockPool('scratch-pool', { size: 1 }),
        );
        expect(outcome.status).toBe('fail');
        expect(outcome.message).toContain('Ceph data pool scratch-pool');
      });

      it('takes the metadata pool when it is the weaker: the image is lost with its metadata', () => {
        const outcome = withPool(
          rbdData('data-pool'),
          metadataPool(1),
          cephBlockPool('data-pool', { size: 3, failureDomain: 'zone' }),
        );
        expect(outcome.status).toBe('fail');
        expect(outcome.message).toContain(
          'Ceph pool replicated-metadata-pool (the image metadata, without which the data in dataPool data-pool is lost too)',
        );
      });

      it('is unknown when the data pool is missing, even with a good metadata pool', () => {
        const outcome = withPool(rbdData('gone'), metadataPool());
        expect(outcome.status).toBe('unknown');
        expect(outcome.message).toContain(
          'CephBlockPool "gone" (the StorageClass\'s dataPool, which holds the volume\'s data) not found',
        );
      });
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

    describe('CephFS: the weaker of the metadata pool and the data pool', () => {
      const cephfs = (filesystem: K8sObject) => {
        const sts = db(1, 'cephfs');
        return verdict([
          ...threeZones(),
          sts,
          ...boundVolumesFor(sts),
          storageClass('cephfs', 'rook-ceph.cephfs.csi.ceph.com', {
            parameters: {
              clusterID: 'rook-ceph',
              fsName: 'shared',
              pool: 'shared-data0',
            },
          }),
          filesystem,
        ]);
      };

      it('fails a single-copy metadata pool behind a 3-copy data pool: the files are lost with their metadata', () => {
        const outcome = cephfs(
          cephFilesystem('shared', [3], {
            failureDomain: 'zone',
            metadataSize: 1,
          }),
        );
        expect(outcome.status).toBe('fail');
        expect(outcome.message).toContain(
          'CephFS shared metadata pool (without which the files in data pool data0 are lost too) keeps a single copy',
        );
      });

      it('warns for a metadata pool kept apart by host behind a zone-level data pool', () => {
        const filesystem = cephFilesystem('shared', [3], {
          failureDomain: 'zone',
        });
        filesystem.spec.metadataPool.failureDomain = 'host';
        const outcome = cephfs(filesystem);
        expect(outcome.status).toBe('warn');
        expect(outcome.message).toContain('is not zone-redundant');
        expect(outcome.message).toContain('CephFS shared metadata pool');
      });

      it('judges the data pool when it is the weaker, or when the filesystem names no metadata pool', () => {
        const weakData = cephfs(
          cephFilesystem('shared', [1], { failureDomain: 'zone' }),
        );
        expect(weakData.status).toBe('fail');
        expect(weakData.message).toContain('CephFS shared data pool data0');
        const noMetadata = cephFilesystem('shared', [3], {
          failureDomain: 'zone',
        });
        delete noMetadata.spec.metadataPool;
        expect(cephfs(noMetadata).status).toBe('pass');
      });
    });

    it('judges the CephFS data pool the class names (<fsName>-<pool>), else the first, which holds the data', () => {
      const cephfsWithPool = (pool?: string) => {
        const sts = db(1, 'cephfs');
        return verdict([
          ...threeZones(),
          sts,
          ...boundVolumesFor(sts),
          storageClass('cephfs', 'rook-ceph.cephfs.csi.ceph.com', {
            parameters: {
              clusterID: 'rook-ceph',
              fsName: 'shared',
              ...(pool ? { pool } : {}),
            },
          }),
          cephFilesystem('shared', [3, 1], { failureDomain: 'zone' }),
        ]);
      };
      expect(cephfsWithPool().status).toBe('pass');
      const second = cephfsWithPool('shared-data1');
      expect(second.status).toBe('fail');
      expect(second.message).toContain('data pool data1');
      const missing = cephfsWithPool('shared-archive');
      expect(missing.status).toBe('unknown');
      expect(missing.message).toContain(
        'CephFilesystem shared has no data pool shared-archive',
      );
    });
  });

  describe('how far apart the copies are kept (spread over nodes or zones)', () => {
    /** A volume of `db` with `replicas` replicas on `provisioner`, in a cluster of `zones`. */
    function spreadVerdict(
      zones: string[],
      provisioner: string,
      parameters: Record<string, string>,
      extra: K8sObject[] = [],
      replicas = 1,
    ) {
      const sts = db(replicas, 'sc');
      return verdict([
        // One rack per node: Rook builds rack buckets from topology.rook.io/rack.
        ...Array.from({ length: 3 }, (_, i) =>
          node(`w-${i + 1}`, {
            zone: zones[i % zones.length],
            labels: { 'topology.rook.io/rack': `rack-${i + 1}` },
          }),
        ),
        storageClass('sc', provisioner, { parameters }),
        sts,
        ...boundVolumesFor(sts),
        crd('cephblockpools.ceph.rook.io'),
        ...extra,
      ]);
    }
    const threeZoneNames = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
    const rbd = { clusterID: 'rook-ceph', pool: 'replicapool' };
    const unsetFailureDomain = () => {
      const pool = cephBlockPool('replicapool');
      delete pool.spec.failureDomain;
      return pool;
    };

    it.each<[string, string, Record<string, string>, K8sObject[], string]>([
      [
        'Mayastor',
        'io.openebs.csi-mayastor',
        { repl: '3' },
        [],
        'Mayastor (repl) keeps 3 copies',
      ],
      [
        'LINSTOR',
        'linstor.csi.linbit.com',
        { 'linstor.csi.linbit.com/placementCount': '3' },
        [],
        'LINSTOR (placementCount) keeps 3 copies',
      ],
      [
        'LINSTOR with replicasOnSame zone',
        'linstor.csi.linbit.com',
        {
          'linstor.csi.linbit.com/placementCount': '3',
          'linstor.csi.linbit.com/replicasOnSame':
            'Aux/topology.kubernetes.io/zone',
        },
        [],
        'LINSTOR (placementCount, replicasOnSame: one zone) keeps 3 copies',
      ],
      [
        'OpenEBS cStor',
        'cstor.csi.openebs.io',
        { replicaCount: '3' },
        [],
        'OpenEBS cStor (replicaCount) keeps 3 copies',
      ],
      [
        'a Ceph pool with failureDomain host',
        'rook-ceph.rbd.csi.ceph.com',
        rbd,
        [cephBlockPool('replicapool', { failureDomain: 'host' })],
        'keeps 3 copies (failure domain host)',
      ],
      [
        'a Ceph pool without failureDomain',
        'rook-ceph.rbd.csi.ceph.com',
        rbd,
        [unsetFailureDomain()],
        "keeps 3 copies (failure domain host, Rook's default)",
      ],
      [
        'a Ceph pool with failureDomain rack',
        'rook-ceph.rbd.csi.ceph.com',
        rbd,
        [cephBlockPool('replicapool', { failureDomain: 'rack' })],
        '(failure domain rack)',
      ],
      [
        'an erasure-coded Ceph pool with failureDomain host',
        'rook-ceph.rbd.csi.ceph.com',
        rbd,
        [cephBlockPool('replicapool', { dataChunks: 1, codingChunks: 2 })],
        'erasure coded 1+2: it survives 2 lost chunks (failure domain host)',
      ],
    ])(
      'warns for %s in a 3-zone cluster: it survives a node failure, not a zone failure; passes in one zone',
      (_, provisioner, parameters, extra, detail) => {
        const multiZone = spreadVerdict(
          threeZoneNames,
          provisioner,
          parameters,
          extra,
        );
        expect(multiZone.status).toBe('warn');
        expect(multiZone.message).toContain('is not zone-redundant');
        expect(multiZone.message).toContain(detail);
        expect(multiZone.message).toContain(
          "The data survives a node failure, not a zone failure: an outage of one of the cluster's 3 zones can take it offline.",
        );
        expect(multiZone.remediation).toContain('failureDomain zone');
        expect(multiZone.evidence?.volumes).toEqual([
          expect.objectContaining({
            replication: 'node-redundant',
            spread: 'node',
          }),
        ]);
        const oneZone = spreadVerdict(
          ['us-east-1a'],
          provisioner,
          parameters,
          extra,
        );
        expect(oneZone.status).toBe('pass');
      },
    );

    it.each<[string, string, Record<string, string>, K8sObject[], string]>([
      [
        'a Ceph pool with failureDomain zone',
        'rook-ceph.rbd.csi.ceph.com',
        rbd,
        [cephBlockPool('replicapool', { failureDomain: 'zone' })],
        'zone',
      ],
      [
        'LINSTOR with replicasOnDifferent zone',
        'linstor.csi.linbit.com',
        {
          'linstor.csi.linbit.com/placementCount': '3',
          'linstor.csi.linbit.com/replicasOnDifferent':
            'topology.kubernetes.io/zone',
        },
        [],
        'zone',
      ],
      [
        'Longhorn with replicaZoneSoftAntiAffinity disabled',
        'driver.longhorn.io',
        { numberOfReplicas: '3', replicaZoneSoftAntiAffinity: 'disabled' },
        [],
        'zone',
      ],
      [
        'Longhorn by default (zones when it can)',
        'driver.longhorn.io',
        { numberOfReplicas: '3' },
        [],
        'zone-preferred',
      ],
      [
        'Portworx (zones when it can)',
        'pxd.portworx.com',
        { repl: '3' },
        [],
        'zone-preferred',
      ],
      [
        'a regional persistent disk',
        'pd.csi.storage.gke.io',
        { 'replication-type': 'regional-pd' },
        [],
        'zone',
      ],
      [
        'Azure ZRS',
        'disk.csi.azure.com',
        { skuName: 'Premium_ZRS' },
        [],
        'zone',
      ],
    ])(
      'passes %s in a 3-zone cluster',
      (_, provisioner, parameters, extra, spread) => {
        const outcome = spreadVerdict(
          threeZoneNames,
          provisioner,
          parameters,
          extra,
        );
        expect(outcome.status).toBe('pass');
        expect(outcome.evidence?.volumes).toEqual([
          expect.objectContaining({ replication: 'replicated', spread }),
        ]);
      },
    );

    it("warns when a Ceph pool's copies may share a node (failureDomain osd, hybridStorage), even in one zone", () => {
      const osd = spreadVerdict(
        ['us-east-1a'],
        'rook-ceph.rbd.csi.ceph.com',
        rbd,
        [cephBlockPool('replicapool', { failureDomain: 'osd' })],
      );
      expect(osd.status).toBe('warn');
      expect(osd.message).toContain(
        'Ceph pool replicapool keeps 3 copies (failure domain osd): its copies may share a node',
      );
      const hybridPool = cephBlockPool('replicapool', {
        failureDomain: 'zone',
      });
      hybridPool.spec.replicated.hybridStorage = {
        primaryDeviceClass: 'ssd',
        secondaryDeviceClass: 'hdd',
      };
      const hybrid = spreadVerdict(
        threeZoneNames,
        'rook-ceph.rbd.csi.ceph.com',
        rbd,
        [hybridPool],
      );
      expect(hybrid.status).toBe('warn');
      expect(hybrid.message).toContain(
        '(failure domain zone, hybridStorage): its copies may share a node',
      );
      expect(hybrid.evidence?.volumes).toEqual([
        expect.objectContaining({
          replication: 'under-replicated',
          spread: 'disk',
        }),
      ]);
    });

    describe('a Ceph pool whose failure domain is a zone', () => {
      const pool = (options: Parameters<typeof cephBlockPool>[1]) =>
        cephBlockPool('replicapool', { failureDomain: 'zone', ...options });

      it('is zonal when replicasPerFailureDomain puts every copy in one zone', () => {
        const single = spreadVerdict(
          threeZoneNames,
          'rook-ceph.rbd.csi.ceph.com',
          rbd,
          [pool({ size: 3, replicasPerFailureDomain: 3 })],
        );
        expect(single.status).toBe('fail');
        expect(single.message).toContain(
          'Ceph pool replicapool keeps 3 copies (failure domain zone, 3 per zone): all in one zone',
        );
        const threeReplicas = spreadVerdict(
          threeZoneNames,
          'rook-ceph.rbd.csi.ceph.com',
          rbd,
          [pool({ size: 3, replicasPerFailureDomain: 3 })],
          3,
        );
        expect(threeReplicas.status).toBe('warn');
        // One zone holds every copy in a single-zone cluster anyway.
        expect(
          spreadVerdict(['us-east-1a'], 'rook-ceph.rbd.csi.ceph.com', rbd, [
            pool({ size: 3, replicasPerFailureDomain: 3 }),
          ]).status,
        ).toBe('pass');
      });

      it('warns when a zone outage leaves fewer copies than min_size: IO blocks', () => {
        const twoPerZone = spreadVerdict(
          threeZoneNames,
          'rook-ceph.rbd.csi.ceph.com',
          rbd,
          [pool({ size: 3, replicasPerFailureDomain: 2 })],
        );
        expect(twoPerZone.status).toBe('warn');
        expect(twoPerZone.message).toContain(
          'Ceph pool replicapool keeps 3 copies (failure domain zone, 2 per zone): a zone outage leaves 1 copy, ' +
            'fewer than the 2 it needs to serve IO (min_size), and blocks IO',
        );
        const strictMinSize = spreadVerdict(
          threeZoneNames,
          'rook-ceph.rbd.csi.ceph.com',
          rbd,
          [pool({ size: 3, minSize: 3 })],
        );
        expect(strictMinSize.status).toBe('warn');
        expect(strictMinSize.message).toContain(
          '(failure domain zone, min_size 3): a zone outage leaves 2 copies',
        );
        expect(strictMinSize.evidence?.volumes).toEqual([
          expect.objectContaining({
            replication: 'node-redundant',
            spread: 'zone',
          }),
        ]);
      });

      it('warns when a host outage leaves fewer copies than min_size: IO blocks on a node failure', () => {
        const hostPool = (minSize: number) =>
          cephBlockPool('replicapool', {
            failureDomain: 'host',
            size: 3,
            minSize,
          });
        const strict = spreadVerdict(
          ['us-east-1a'],
          'rook-ceph.rbd.csi.ceph.com',
          rbd,
          [hostPool(3)],
        );
        expect(strict.status).toBe('warn');
        expect(strict.message).toContain(
          '(failure domain host, min_size 3): a host outage leaves 2 copies, fewer than the 3 it needs to serve IO (min_size)',
        );
        expect(
          spreadVerdict(['us-east-1a'], 'rook-ceph.rbd.csi.ceph.com', rbd, [
            hostPool(2),
          ]).status,
        ).toBe('pass');
      });

      it('passes a stretched pool (4 copies, 2 per zone) and an explicit min_size that a zone outage keeps', () => {
        expect(
          spreadVerdict(threeZoneNames, 'rook-ceph.rbd.csi.ceph.com', rbd, [
            pool({ size: 4, replicasPerFailureDomain: 2 }),
          ]).status,
        ).toBe('pass');
        expect(
          spreadVerdict(threeZoneNames, 'rook-ceph.rbd.csi.ceph.com', rbd, [
            pool({ size: 3, minSize: 2 }),
          ]).status,
        ).toBe('pass');
      });

      it('warns when the cluster has fewer zones than the pool needs: writes hang below min_size', () => {
        const ec = spreadVerdict(
          threeZoneNames,
          'rook-ceph.rbd.csi.ceph.com',
          rbd,
          [pool({ dataChunks: 4, codingChunks: 2 })],
        );
        expect(ec.status).toBe('warn');
        expect(ec.message).toContain(
          'its 6 chunks need 6 zones and the cluster has 3, so it places only 3, fewer than the 5 it needs to serve IO (min_size). ' +
            'Reads and writes hang',
        );
        const replicated = spreadVerdict(
          ['us-east-1a', 'us-east-1b'],
          'rook-ceph.rbd.csi.ceph.com',
          rbd,
          [pool({ size: 3 })],
        );
        expect(replicated.status).toBe('warn');
        expect(replicated.message).toContain(
          'its 3 copies need 3 zones and the cluster has 2, so it places only 2. One more failure',
        );
      });
    });
  });

  describe("a Ceph pool's failure domain: Rook builds its CRUSH buckets from node labels", () => {
    /** A volume of `db` on a Ceph pool `failureDomain` over `clusterNodes`. */
    function failureDomainVerdict(
      clusterNodes: K8sObject[],
      poolOptions: Parameters<typeof cephBlockPool>[1],
    ) {
      const sts = db(1, 'ceph-block');
      return verdict([
        ...clusterNodes,
        storageClass('ceph-block', 'rook-ceph.rbd.csi.ceph.com', {
          parameters: { clusterID: 'rook-ceph', pool: 'replicapool' },
        }),
        sts,
        ...boundVolumesFor(sts),
        crd('cephblockpools.ceph.rook.io'),
        cephBlockPool('replicapool', poolOptions),
      ]);
    }
    /** Three nodes in three zones, each with `labels(i)` besides. */
    const threeNodes = (labels: (i: number) => Record<string, string>) =>
      Array.from({ length: 3 }, (_, i) =>
        node(`w-${i + 1}`, {
          zone: ['us-east-1a', 'us-east-1b', 'us-east-1c'][i],
          labels: labels(i),
        }),
      );
    const hang =
      'Reads and writes hang: Ceph serves a placement group only while min_size of its copies or chunks are in place.';

    it('warns for failureDomain region in a one-region cluster: writes hang below min_size', () => {
      const outcome = failureDomainVerdict(
        threeNodes(() => ({ 'topology.kubernetes.io/region': 'us-east-1' })),
        { failureDomain: 'region' },
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        `Ceph pool replicapool keeps 3 copies (failure domain region): its 3 copies need 3 regions and the cluster has 1, so it places only 1, fewer than the 2 it needs to serve IO (min_size). ${hang}`,
      );
      expect(outcome.evidence?.volumes).toEqual([
        expect.objectContaining({ replication: 'under-replicated' }),
      ]);
    });

    it('passes failureDomain region over three regions: regions hold different zones', () => {
      const outcome = failureDomainVerdict(
        threeNodes(i => ({
          'topology.kubernetes.io/region': [
            'us-east-1',
            'us-west-2',
            'eu-west-1',
          ][i],
        })),
        { failureDomain: 'region' },
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.evidence?.volumes).toEqual([
        expect.objectContaining({ replication: 'replicated', spread: 'zone' }),
      ]);
    });

    it('says when no node carries the failure domain label (datacenter, zone)', () => {
      const datacenter = failureDomainVerdict(
        threeNodes(() => ({})),
        { failureDomain: 'datacenter' },
      );
      expect(datacenter.status).toBe('warn');
      expect(datacenter.message).toContain(
        'its 3 copies need 3 datacenters and no node carries the topology.rook.io/datacenter label Rook ' +
          'builds them from, so it places none, fewer than the 2 it needs to serve IO (min_size)',
      );
      const zone = failureDomainVerdict(nodes('w', 3), {
        failureDomain: 'zone',
      });
      expect(zone.status).toBe('warn');
      expect(zone.message).toContain(
        'no node carries the topology.kubernetes.io/zone label Rook builds them from, so it places none',
      );
    });

    it('judges separate datacenters as node spread: Rook orders datacenter below zone', () => {
      const datacenters = (zones: string[]) =>
        failureDomainVerdict(
          Array.from({ length: 3 }, (_, i) =>
            node(`w-${i + 1}`, {
              zone: zones[i % zones.length],
              labels: { 'topology.rook.io/datacenter': `dc-${i + 1}` },
            }),
          ),
          { failureDomain: 'datacenter' },
        );
      const threeZoneCluster = datacenters([
        'us-east-1a',
        'us-east-1b',
        'us-east-1c',
      ]);
      expect(threeZoneCluster.status).toBe('warn');
      expect(threeZoneCluster.evidence?.volumes).toEqual([
        expect.objectContaining({
          replication: 'node-redundant',
          spread: 'node',
        }),
      ]);
      expect(datacenters(['us-east-1a']).status).toBe('pass');
    });

    it('places what the buckets hold: erasure chunks over too few hosts, 3 copies over 2 racks', () => {
      const ec = failureDomainVerdict(
        threeNodes(() => ({})),
        {
          failureDomain: 'host',
          dataChunks: 4,
          codingChunks: 2,
        },
      );
      expect(ec.status).toBe('warn');
      expect(ec.message).toContain(
        'its 6 chunks need 6 hosts and the cluster has 3, so it places only 3, fewer than the 5 it needs to serve IO (min_size)',
      );
      const racks = failureDomainVerdict(
        threeNodes(i => ({ 'topology.rook.io/rack': `rack-${i % 2}` })),
        { failureDomain: 'rack' },
      );
      expect(racks.status).toBe('warn');
      expect(racks.message).toContain(
        'its 3 copies need 3 racks and the cluster has 2, so it places only 2. One more failure',
      );
      const chassis = failureDomainVerdict(
        threeNodes(() => ({})),
        {
          failureDomain: 'chassis',
        },
      );
      expect(chassis.message).toContain('need 3 chassis and no node carries');
    });

    it('counts the nodes that are not Ready or tainted: they still hold their OSDs', () => {
      const down = {
        ready: false,
        taints: [{ key: 'storage', effect: 'NoSchedule' }],
      };
      const outcome = failureDomainVerdict(
        [
          node('w-1', { zone: 'us-east-1a' }),
          node('w-2', { zone: 'us-east-1b' }),
          node('osd-1', { zone: 'us-east-1c', ...down }),
        ],
        { failureDomain: 'zone' },
      );
      expect(outcome.status).toBe('pass');
    });

    it('does not count buckets when no node is read, nor for failure domain osd', () => {
      expect(failureDomainVerdict([], { failureDomain: 'rack' }).status).toBe(
        'pass',
      );
      expect(
        failureDomainVerdict(nodes('w', 1, ['us-east-1a']), {
          failureDomain: 'osd',
        }).message,
      ).toContain(
        'keeps 3 copies (failure domain osd): its copies may share a node',
      );
    });
  });

  describe('Longhorn', () => {
    /**
     * A volume of `db` on a Longhorn class with `parameters`, and the Volume `volumeFor` makes for its
     * PV's volumeHandle, over `clusterNodes` (three zones).
     */
    function longhorn(
      parameters: Record<string, string>,
      volumeFor?: (volumeHandle: string) => K8sObject,
      clusterNodes = threeZones(),
    ) {
      const sts = db(1, 'longhorn');
      const bound = boundVolumesFor(sts, { csiDriver: 'driver.longhorn.io' });
      const handle = bound.find(o => o.kind === 'PersistentVolume')?.spec.csi
        .volumeHandle;
      return verdict([
        ...clusterNodes,
        storageClass('longhorn', 'driver.longhorn.io', { parameters }),
        sts,
        ...bound,
        crd('volumes.longhorn.io', 'Volume'),
        ...(volumeFor ? [volumeFor(handle)] : []),
      ]);
    }

    it('takes the replica count from the volume itself over its class', () => {
      const fewer = longhorn({ numberOfReplicas: '3' }, handle =>
        longhornVolume(handle, { numberOfReplicas: 1 }),
      );
      expect(fewer.status).toBe('fail');
      expect(fewer.message).toMatch(
        /Longhorn volume vol-\w+ \(spec\.numberOfReplicas\) keeps a single copy/,
      );
      const more = longhorn({ numberOfReplicas: '1' }, handle =>
        longhornVolume(handle, { numberOfReplicas: 3 }),
      );
      expect(more.status).toBe('pass');
      expect(more.evidence?.volumes).toEqual([
        expect.objectContaining({ spread: 'zone-preferred' }),
      ]);
    });

    it('fails a faulted volume and warns for a degraded one (status.robustness)', () => {
      const faulted = longhorn({ numberOfReplicas: '3' }, handle =>
        longhornVolume(handle, { robustness: 'faulted' }),
      );
      expect(faulted.status).toBe('fail');
      expect(faulted.message).toContain('is faulted: Longhorn volume');
      expect(faulted.message).toContain(
        'has no healthy replica (status.robustness faulted). No replica serves the data now',
      );
      const degraded = longhorn({ numberOfReplicas: '3' }, handle =>
        longhornVolume(handle, { robustness: 'degraded' }),
      );
      expect(degraded.status).toBe('warn');
      expect(degraded.message).toContain(
        'keeps 3 copies, but not all are healthy (status.robustness degraded)',
      );
      expect(
        longhorn({ numberOfReplicas: '3' }, handle =>
          longhornVolume(handle, { robustness: 'healthy' }),
        ).status,
      ).toBe('pass');
    });

    it("finds the volume by its PV's volumeHandle only", () => {
      const other = longhorn({ numberOfReplicas: '3' }, () =>
        longhornVolume('pv-data-db-0', { robustness: 'faulted' }),
      );
      expect(other.status).toBe('pass');
      expect(other.message).toContain(
        'Longhorn (numberOfReplicas) keeps 3 copies',
      );
    });

    it('warns when replicaSoftAntiAffinity lets the replicas share a node (class or volume)', () => {
      const byClass = longhorn({
        numberOfReplicas: '3',
        replicaSoftAntiAffinity: 'enabled',
      });
      expect(byClass.status).toBe('warn');
      expect(byClass.message).toContain(
        'Longhorn (numberOfReplicas) keeps 3 copies: its copies may share a node',
      );
      const byVolume = longhorn({ numberOfReplicas: '3' }, handle =>
        longhornVolume(handle, {
          spec: { replicaSoftAntiAffinity: 'enabled' },
        }),
      );
      expect(byVolume.status).toBe('warn');
      expect(byVolume.evidence?.volumes).toEqual([
        expect.objectContaining({ spread: 'disk' }),
      ]);
    });

    it('does not assume the default replica count of a class without numberOfReplicas; the volume tells', () => {
      const classOnly = longhorn({});
      expect(classOnly.status).toBe('unknown');
      expect(classOnly.message).toContain(
        "the StorageClass sets no numberOfReplicas, so Longhorn's default-replica-count setting (3 unless changed) decides, which is not read",
      );
      expect(
        longhorn({}, handle => longhornVolume(handle, { numberOfReplicas: 3 }))
          .status,
      ).toBe('pass');
    });

    it('reads numberOfReplicas "0" as the default-replica-count setting, not as a single copy', () => {
      const zero = longhorn({ numberOfReplicas: '0' });
      expect(zero.status).toBe('unknown');
      expect(zero.message).toContain(
        `the StorageClass sets numberOfReplicas "0", so Longhorn's default-replica-count setting (3 unless changed) decides, which is not read`,
      );
      expect(
        longhorn({ numberOfReplicas: '0' }, handle =>
          longhornVolume(handle, { numberOfReplicas: 3 }),
        ).status,
      ).toBe('pass');
    });

    it('ignores mis-cased parameter keys, as Longhorn does', () => {
      const misCased = longhorn({ numberofreplicas: '1' });
      expect(misCased.status).toBe('unknown');
      expect(misCased.message).toContain(
        'the StorageClass sets no numberOfReplicas',
      );
      expect(
        longhorn({
          numberOfReplicas: '3',
          replicasoftantiaffinity: 'enabled',
        }).status,
      ).toBe('pass');
    });

    describe('hard zone anti-affinity (replicaZoneSoftAntiAffinity "disabled")', () => {
      const hard = {
        numberOfReplicas: '3',
        replicaZoneSoftAntiAffinity: 'disabled',
      };

      it('warns when the cluster has fewer zones than replicas: the others never schedule', () => {
        const twoZones = longhorn(
          hard,
          undefined,
          nodes('w', 4, ['us-east-1a', 'us-east-1b']),
        );
        expect(twoZones.status).toBe('warn');
        expect(twoZones.message).toContain(
          'Longhorn (numberOfReplicas) keeps 3 copies, but replicaZoneSoftAntiAffinity "disabled" keeps each replica ' +
            'in its own zone and the cluster has 2 zones, so only 2 replicas can be scheduled and the volume stays degraded',
        );
        expect(twoZones.evidence?.volumes).toEqual([
          expect.objectContaining({ replication: 'under-replicated' }),
        ]);
        const byVolume = longhorn(
          { numberOfReplicas: '3' },
          handle =>
            longhornVolume(handle, {
              spec: { replicaZoneSoftAntiAffinity: 'disabled' },
            }),
          nodes('w', 4, ['us-east-1a', 'us-east-1b']),
        );
        expect(byVolume.status).toBe('warn');
        expect(byVolume.message).toContain(
          'so only 2 replicas can be scheduled',
        );
      });

      it('fails in a single-zone cluster: one replica is scheduled', () => {
        const oneZone = longhorn(
          hard,
          undefined,
          nodes('w', 3, ['us-east-1a']),
        );
        expect(oneZone.status).toBe('fail');
        expect(oneZone.message).toContain('so only 1 replica can be scheduled');
      });

      it('passes with as many zones as replicas, and leaves clusters without zone labels alone', () => {
        expect(longhorn(hard).status).toBe('pass');
        expect(
          longhorn(hard, undefined, nodes('w', 3)).evidence?.volumes,
        ).toEqual([expect.objectContaining({ replication: 'replicated' })]);
        // Soft zone anti-affinity (the default) puts the extra replicas on other nodes.
        expect(
          longhorn(
            { numberOfReplicas: '3' },
            undefined,
            nodes('w', 4, ['us-east-1a', 'us-east-1b']),
          ).status,
        ).toBe('pass');
      });
    });
  });

  it.each([
    // Longhorn's default-replica-count setting decides, and is not read.
    ['driver.longhorn.io', {}, 'unknown'],
    ['driver.longhorn.io', { numberOfReplicas: '2' }, 'warn'],
    ['driver.longhorn.io', { numberOfReplicas: '1' }, 'fail'],
    ['pxd.portworx.com', { repl: '3' }, 'pass'],
    ['pxd.portworx.com', {}, 'fail'],
    ['io.openebs.csi-mayastor', { repl: '2' }, 'warn'],
    ['io.openebs.csi-mayastor', { repl: '1' }, 'fail'],
    ['openebs.io/local', {}, 'fail'],
    ['efs.csi.aws.com', {}, 'pass'],
    [
      'csi.vsphere.vmware.com',
      { storagepolicyname: 'vsan-default' },
      'unknown',
    ],
    ['nfs.csi.k8s.io', {}, 'unknown'],
    // Direct Access volumes live on the Pure array, not in Portworx's pools.
    ['pxd.portworx.com', { backend: 'pure_block' }, 'unknown'],
    ['cstor.csi.openebs.io', { replicaCount: '3' }, 'warn'],
    ['cstor.csi.openebs.io', { replicaCount: '1' }, 'fail'],
    ['cstor.csi.openebs.io', {}, 'unknown'],
    [
      'linstor.csi.linbit.com',
      { 'linstor.csi.linbit.com/placementCount': '2' },
      'warn',
    ],
    ['linstor.csi.linbit.com', {}, 'unknown'],
    ['filestore.csi.storage.gke.io', { tier: 'enterprise' }, 'pass'],
    ['filestore.csi.storage.gke.io', { tier: 'regional' }, 'pass'],
    ['filestore.csi.storage.gke.io', {}, 'fail'],
    ['filestore.csi.storage.gke.io', { tier: 'basic_ssd' }, 'fail'],
    // An existing storage account: its SKU, not the driver's default, decides.
    ['file.csi.azure.com', { storageAccount: 'sharedfiles' }, 'unknown'],
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

  it.each([
    [
      'driver.longhorn.io',
      { numberOfReplicas: '2' },
      'Longhorn (numberOfReplicas)',
    ],
    ['pxd.portworx.com', { repl: '2' }, 'Portworx (repl)'],
    ['io.openebs.csi-mayastor', { repl: '2' }, 'Mayastor (repl)'],
    [
      'cstor.csi.openebs.io',
      { replicaCount: '2' },
      'OpenEBS cStor (replicaCount)',
    ],
    [
      'linstor.csi.linbit.com',
      { 'linstor.csi.linbit.com/placementCount': '2' },
      'LINSTOR (placementCount)',
    ],
  ])(
    'holds %s with %j to the same threshold as every backend: 2 copies are under-replicated, 3 replicated',
    (provisioner, parameters, what) => {
      const judged = (copies: Record<string, string>) => {
        const sts = db(1, 'sc');
        return verdict([
          ...nodes('w', 3, ['us-east-1a']),
          storageClass('sc', provisioner, { parameters: copies }),
          sts,
          ...boundVolumesFor(sts),
        ]);
      };
      const two = judged(parameters);
      expect(two.status).toBe('warn');
      expect(two.message).toContain(
        `is under-replicated: ${what} keeps only 2 copies. The data survives one failure; writes then land on a single copy.`,
      );
      const three = judged(
        Object.fromEntries(Object.keys(parameters).map(key => [key, '3'])),
      );
      expect(three.status).toBe('pass');
    },
  );

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
    expect(outcome.message).toContain('StorageClass ghost is not in the input');
  });

  describe('in a manifests scan', () => {
    const local = storageClass('fast', 'k8s.io/minikube-hostpath');
    const replicated = storageClass('ha', 'driver.longhorn.io', {
      parameters: { numberOfReplicas: '3' },
    });

    it('reads the class from the legacy volume.beta.kubernetes.io/storage-class annotation first, as Kubernetes does', () => {
      const sts = db(3, 'ha');
      sts.spec.volumeClaimTemplates[0].metadata.annotations = {
        'volume.beta.kubernetes.io/storage-class': 'fast',
      };
      const outcome = verdict([sts, local, replicated]);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'Volume data (StorageClass fast, k8s.io/minikube-hostpath) is node-bound',
      );
    });

    it("skips a claim whose StorageClass is not in the manifests (the cluster's default or a platform class), saying why", () => {
      const noClass = statefulSet('db', {
        namespace: 'shop',
        replicas: 3,
        volumeClaimTemplates: [{ name: 'data' }],
      });
      const outcome = verdict([noClass]);
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toBe(
        "Volume data: no bound volume, and it names no StorageClass while the input marks none as default. The cluster's StorageClass decides the replication: judged on a cluster.",
      );
      expect(verdict([db(3, 'platform-ssd')]).message).toContain(
        'Volume data: StorageClass platform-ssd is not in the input.',
      );
      // With the class in the scan it is judged.
      expect(verdict([db(3, 'fast'), local]).status).toBe('fail');
    });
  });

  it('reads the legacy class annotation on a bound claim and on its volume', () => {
    const sts = db(1, 'ha');
    const objects = [
      ...threeZones(),
      storageClass('fast', 'k8s.io/minikube-hostpath'),
      storageClass('ha', 'driver.longhorn.io', {
        parameters: { numberOfReplicas: '3' },
      }),
      sts,
      pvc('data-db-0', { namespace: 'shop', storageClassName: 'ha' }),
    ];
    const claim = objects[objects.length - 1];
    claim.metadata.annotations = {
      'volume.beta.kubernetes.io/storage-class': 'fast',
    };
    const outcome = verdict(objects);
    expect(outcome.evidence?.volumes).toEqual([
      expect.objectContaining({ claim: 'data-db-0', storageClass: 'fast' }),
    ]);
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

  describe('what the PV records', () => {
    /** A volume of `driver` whose PV records `attributes` and is pinned to `zones`. */
    function recorded(
      driver: string,
      attributes: Record<string, string>,
      zones: string[] | undefined,
      classParameters?: Record<string, string>,
    ) {
      const sts = db(1, classParameters ? 'sc' : '');
      const volumes = boundVolumesFor(sts, {
        csiDriver: driver,
        ...(zones ? { zones: [zones.join('|')] } : {}),
      }).map(o => {
        if (o.kind !== 'PersistentVolume') return o;
        o.spec.csi.volumeAttributes = attributes;
        if (zones)
          o.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values =
            zones;
        return o;
      });
      return verdict([
        ...threeZones(),
        ...(classParameters
          ? [storageClass('sc', driver, { parameters: classParameters })]
          : []),
        sts,
        ...volumes,
      ]);
    }

    it('keeps the SKU the PV was made with over its recreated class: LRS pinned to one zone is zonal', () => {
      const outcome = recorded(
        'disk.csi.azure.com',
        { skuname: 'StandardSSD_LRS' },
        ['us-east-1a'],
        { skuName: 'StandardSSD_ZRS' },
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'Azure StandardSSD_LRS is locally redundant',
      );
    });

    it('calls a volume pinned to one zone zonal, whatever its class says now (a regional PD class recreated)', () => {
      const outcome = recorded('pd.csi.storage.gke.io', {}, ['us-east-1a'], {
        'replication-type': 'regional-pd',
      });
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        "pinned to zone us-east-1a by its PV's node affinity",
      );
    });

    it('judges a static Azure Disk PV without a recorded SKU by where it is pinned, not by the default SKU', () => {
      expect(
        recorded('disk.csi.azure.com', { fsType: 'ext4' }, ['us-east-1a'])
          .message,
      ).toContain('pinned to zone us-east-1a by its node affinity');
      const unpinned = recorded(
        'disk.csi.azure.com',
        { fsType: 'ext4' },
        undefined,
      );
      expect(unpinned.status).toBe('unknown');
      expect(unpinned.message).toContain(
        'an existing Azure disk whose SKU its PV does not record (LRS or ZRS)',
      );
    });

    it('does not call a volume reachable from several zones replicated, unless the driver makes regional disks', () => {
      const trident = recorded('csi.trident.netapp.io', {}, [
        'us-east-1a',
        'us-east-1b',
      ]);
      expect(trident.status).toBe('unknown');
      expect(trident.message).toContain(
        'reachable from zones us-east-1a, us-east-1b; where csi.trident.netapp.io keeps its data is not shown',
      );
      expect(
        recorded('pd.csi.storage.gke.io', {}, ['us-east-1a', 'us-east-1b'])
          .status,
      ).toBe('pass');
    });
  });
});
