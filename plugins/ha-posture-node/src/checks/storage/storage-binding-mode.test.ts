import {
  clusterFrom,
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
    const regional = storageClass('regional', 'pd.csi.storage.gke.io', {
      parameters: { 'replication-type': 'regional-pd' },
    });
    expect(
      runOne(
        storageBindingMode,
        clusterFrom([
          ...threeZones(),
          regional,
          pvc('d', { storageClassName: 'regional' }),
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
