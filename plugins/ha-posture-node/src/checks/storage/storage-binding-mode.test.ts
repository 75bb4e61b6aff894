import {
  cephBlockPool,
  clusterFrom,
  crd,
  nodes,
  pvc,
  runCheck,
  runOne,
  statefulSet,
  storageClass,
} from '../../testing';
import { storageBindingMode } from './storage-binding-mode';

const threeZones = () =>
  nodes('w', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c']);

describe('storage-binding-mode', () => {
  it('warns for a zonal class with Immediate binding in a multi-zone cluster', () => {
    const view = clusterFrom([
      ...threeZones(),
      storageClass('gp2', 'kubernetes.io/aws-ebs'),
      pvc('data', { storageClassName: 'gp2' }),
    ]);
    const outcome = runOne(storageBindingMode, view);
    expect(outcome.status).toBe('warn');
    expect(outcome.target).toEqual({
      cluster: 'test',
      kind: 'StorageClass',
      name: 'gp2',
    });
    expect(outcome.message).toContain('3 zones');
  });

  it('treats a missing volumeBindingMode as Immediate', () => {
    const sc = storageClass('pd', 'pd.csi.storage.gke.io');
    delete sc.volumeBindingMode;
    const view = clusterFrom([
      ...threeZones(),
      sc,
      pvc('data', { storageClassName: 'pd' }),
    ]);
    expect(runOne(storageBindingMode, view).status).toBe('warn');
  });

  it('is unknown for Immediate binding by a provisioner it does not know, and passes network shares', () => {
    const judged = (provisioner: string) =>
      runOne(
        storageBindingMode,
        clusterFrom([
          ...threeZones(),
          storageClass('sc', provisioner),
          pvc('data', { storageClassName: 'sc' }),
        ]),
      );
    const unknownDriver = judged('csi.example.com');
    expect(unknownDriver.status).toBe('unknown');
    expect(unknownDriver.message).toContain(
      "whether csi.example.com's volumes are pinned to a zone or a node is not known",
    );
    // vSphere volumes may be zonal (topology-aware CSI); replication unknown → not judged either.
    expect(judged('csi.vsphere.vmware.com').status).toBe('unknown');
    for (const share of [
      'nfs.csi.k8s.io',
      'k8s-sigs.io/nfs-subdir-external-provisioner',
      'smb.csi.k8s.io',
      'filestore.csi.storage.gke.io',
      // Longhorn volumes attach from any node, whatever replica count its setting gives.
      'driver.longhorn.io',
    ])
      expect(judged(share).status).toBe('pass');
  });

  it('passes WaitForFirstConsumer, noting it adds no replication', () => {
    const view = clusterFrom([
      ...threeZones(),
      storageClass('gp3', 'ebs.csi.aws.com', {
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
      pvc('data', { storageClassName: 'gp3' }),
    ]);
    const outcome = runOne(storageBindingMode, view);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('no replication');
  });

  it('passes Immediate binding of replicated or non-zonal volumes, and of zonal ones in a single-zone cluster', () => {
    const zoneRedundant = storageClass('zrs', 'disk.csi.azure.com', {
      parameters: { skuName: 'Premium_ZRS' },
    });
    expect(
      runOne(
        storageBindingMode,
        clusterFrom([
          ...threeZones(),
          zoneRedundant,
          pvc('d', { storageClassName: 'zrs' }),
        ]),
      ).status,
    ).toBe('pass');
    const oneZone = clusterFrom([
      ...nodes('w', 2, ['us-east-1a']),
      storageClass('gp2', 'kubernetes.io/aws-ebs'),
      pvc('d', { storageClassName: 'gp2' }),
    ]);
    expect(runOne(storageBindingMode, oneZone).status).toBe('pass');
  });

  it('judges only classes in use (PVCs, claim templates, the default for class-less claims), one result each', () => {
    const view = clusterFrom([
      ...threeZones(),
      storageClass('unused', 'kubernetes.io/aws-ebs'),
      storageClass('default', 'ebs.csi.aws.com', {
        isDefault: true,
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
      storageClass('zrs', 'disk.csi.azure.com', {
        parameters: { skuName: 'Premium_ZRS' },
      }),
      pvc('no-class'),
      statefulSet('db', {
        volumeClaimTemplates: [{ name: 'data', storageClassName: 'zrs' }],
      }),
    ]);
    const outcomes = runCheck(storageBindingMode, view);
    expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
      ['default', 'pass'],
      ['zrs', 'pass'],
    ]);
  });

  describe('node-local volumes', () => {
    const local = (
      volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer',
      provisioner = 'kubernetes.io/no-provisioner',
    ) => {
      const sc = storageClass('local-storage', provisioner, {
        volumeBindingMode,
      });
      if (!volumeBindingMode) delete sc.volumeBindingMode;
      return [sc, pvc('data', { storageClassName: 'local-storage' })];
    };

    it('warns for local volumes with Immediate binding, set or defaulted, in a single-zone cluster too', () => {
      for (const mode of ['Immediate', undefined] as const) {
        const outcome = runOne(
          storageBindingMode,
          clusterFrom([...nodes('w', 3, ['us-east-1a']), ...local(mode)]),
        );
        expect(outcome.status).toBe('warn');
        expect(outcome.message).toContain(
          'local volumes (kubernetes.io/no-provisioner) immediately',
        );
        expect(outcome.message).toContain('pinned to that node');
        expect(outcome.message).toContain('WaitForFirstConsumer');
        expect(outcome.message).not.toContain('zone');
        expect(outcome.remediation).toContain('Recreate StorageClass');
        expect(outcome.evidence).toMatchObject({
          volumeBindingMode: 'Immediate',
          nodes: 3,
        });
      }
    });

    it('warns for other node-local provisioners too, and in a manifests scan (no nodes to count)', () => {
      const localPath = runOne(
        storageBindingMode,
        clusterFrom([
          ...threeZones(),
          ...local('Immediate', 'rancher.io/local-path'),
        ]),
      );
      expect(localPath.status).toBe('warn');
      expect(localPath.message).toContain(
        'node-local rancher.io/local-path volumes',
      );
      const manifests = runOne(
        storageBindingMode,
        clusterFrom(local('Immediate')),
      );
      expect(manifests.status).toBe('warn');
      expect(manifests.evidence).not.toHaveProperty('nodes');
    });

    it('passes local volumes with WaitForFirstConsumer, and Immediate on a single node', () => {
      expect(
        runOne(
          storageBindingMode,
          clusterFrom([...threeZones(), ...local('WaitForFirstConsumer')]),
        ).status,
      ).toBe('pass');
      const single = runOne(
        storageBindingMode,
        clusterFrom([...nodes('dev', 1), ...local('Immediate')]),
      );
      expect(single.status).toBe('pass');
      expect(single.message).toContain('one node');
    });
  });

  it('passes Azure Files with Immediate binding (shares pin no zone), whatever the SKU, but not Azure Disk LRS', () => {
    const withClass = (provisioner: string, skuName?: string) =>
      runOne(
        storageBindingMode,
        clusterFrom([
          ...threeZones(),
          storageClass(
            'sc',
            provisioner,
            skuName ? { parameters: { skuName } } : {},
          ),
          pvc('data', { storageClassName: 'sc' }),
        ]),
      );
    const lrsShare = withClass('file.csi.azure.com', 'Standard_LRS');
    expect(lrsShare.status).toBe('pass');
    expect(lrsShare.message).toContain(
      'mounted over the network from every zone',
    );
    expect(withClass('file.csi.azure.com', 'Standard_RAGZRS').status).toBe(
      'pass',
    );
    expect(withClass('kubernetes.io/azure-file').status).toBe('pass');
    expect(withClass('disk.csi.azure.com', 'Premium_LRS').status).toBe('warn');
  });

  describe('regional persistent disks (2 zones each)', () => {
    const judgeRegional = (
      zones: string[],
      options: Parameters<typeof storageClass>[2] = {},
      parameters: Record<string, string> = {
        'replication-type': 'regional-pd',
      },
    ) =>
      runOne(
        storageBindingMode,
        clusterFrom([
          ...nodes('w', zones.length, zones),
          storageClass('regional', 'pd.csi.storage.gke.io', {
            parameters,
            ...options,
          }),
          pvc('data', { storageClassName: 'regional' }),
        ]),
      );
    const zonePair = (values: string[]) => [
      {
        matchLabelExpressions: [{ key: 'topology.gke.io/zone', values }],
      },
    ];

    it.each([
      [{ 'replication-type': 'regional-pd' }],
      [{ 'replication-type': 'Regional-PD' }],
      [{ type: 'hyperdisk-balanced-high-availability' }],
    ])(
      'warns for %j with Immediate binding in a 3-zone cluster: the 2 zones are picked before the pod',
      parameters => {
        const outcome = judgeRegional(
          ['us-east-1a', 'us-east-1b', 'us-east-1c'],
          {},
          parameters,
        );
        expect(outcome.status).toBe('warn');
        expect(outcome.message).toContain(
          'creates regional pd.csi.storage.gke.io volumes, each in 2 zones, with Immediate binding in a cluster spanning 3 zones',
        );
        expect(outcome.message).toContain(
          "the 2 zones are picked from the claim's name before its pod is scheduled",
        );
        expect(outcome.remediation).toContain('WaitForFirstConsumer');
      },
    );

    it('passes WaitForFirstConsumer, 2 zones in all, and allowedTopologies naming exactly 2 zones', () => {
      const threeZoneNames = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
      expect(
        judgeRegional(threeZoneNames, {
          volumeBindingMode: 'WaitForFirstConsumer',
        }).status,
      ).toBe('pass');
      const twoZones = judgeRegional(['us-east-1a', 'us-east-1b']);
      expect(twoZones.status).toBe('pass');
      expect(twoZones.message).toContain('harmless while the cluster');
      const pinned = judgeRegional(threeZoneNames, {
        allowedTopologies: zonePair(['us-east-1a', 'us-east-1b']),
      });
      expect(pinned.status).toBe('pass');
      expect(pinned.message).toContain(
        'its allowedTopologies name the 2 zones (us-east-1a, us-east-1b)',
      );
      // Three allowed zones leave the choice to the claim's name again.
      expect(
        judgeRegional(threeZoneNames, {
          allowedTopologies: zonePair(threeZoneNames),
        }).status,
      ).toBe('warn');
    });

    it('skips the zone question without nodes (manifests scan)', () => {
      expect(judgeRegional([]).status).toBe('skipped');
    });
  });

  it('passes Immediate binding of Ceph RBD even when its pools cannot be read: Ceph volumes pin no zone', () => {
    const view = clusterFrom(
      [
        ...threeZones(),
        storageClass(
          'ocs-storagecluster-ceph-rbd',
          'openshift-storage.rbd.csi.ceph.com',
          {
            parameters: {
              clusterID: 'openshift-storage',
              pool: 'ocs-storagecluster-cephblockpool',
            },
          },
        ),
        pvc('data', { storageClassName: 'ocs-storagecluster-ceph-rbd' }),
      ],
      { fetch: { 'cephblockpools.ceph.rook.io': 'forbidden' } },
    );
    expect(runOne(storageBindingMode, view).status).toBe('pass');
  });

  it('passes Immediate binding of a Ceph pool that keeps every copy in one zone: its volumes still pin none', () => {
    const view = clusterFrom([
      ...threeZones(),
      storageClass('ceph-block', 'rook-ceph.rbd.csi.ceph.com', {
        parameters: { clusterID: 'rook-ceph', pool: 'replicapool' },
      }),
      crd('cephblockpools.ceph.rook.io'),
      cephBlockPool('replicapool', {
        failureDomain: 'zone',
        size: 3,
        replicasPerFailureDomain: 3,
      }),
      pvc('data', { storageClassName: 'ceph-block' }),
    ]);
    const outcome = runOne(storageBindingMode, view);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'mounted over the network from every zone',
    );
  });

  it('skips clusters whose claims use no StorageClass', () => {
    expect(
      runOne(
        storageBindingMode,
        clusterFrom([
          ...threeZones(),
          storageClass('gp2', 'kubernetes.io/aws-ebs'),
        ]),
      ).status,
    ).toBe('skipped');
  });

  it('skips the zone question in a manifests scan (no nodes)', () => {
    const view = clusterFrom([
      storageClass('gp2', 'kubernetes.io/aws-ebs'),
      pvc('data', { storageClassName: 'gp2' }),
    ]);
    expect(runOne(storageBindingMode, view).status).toBe('skipped');
  });

  it('is unknown when StorageClasses are forbidden', () => {
    const view = clusterFrom(
      [...threeZones(), pvc('data', { storageClassName: 'gp2' })],
      {
        fetch: { 'storageclasses.storage.k8s.io': 'forbidden' },
      },
    );
    expect(runOne(storageBindingMode, view).status).toBe('unknown');
  });
});
