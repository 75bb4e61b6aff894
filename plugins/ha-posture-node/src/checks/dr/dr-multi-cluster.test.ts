import {
  clusterFrom,
  deployment,
  k8sObject,
  nodes,
  runOne,
} from '../../testing';
import { drMultiCluster } from './dr-multi-cluster';
import { checkout, regionCluster } from './dr.fixtures';

describe('dr-multi-cluster', () => {
  it('passes when available in two clusters', () => {
    const outcome = runOne(drMultiCluster, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('west', 'us-west-2', 2),
      ],
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('east (us-east-1, 3 available)');
    expect(outcome.message).toContain('west (us-west-2, 2 available)');
  });

  it('fails a single cluster, or warns when configured so', () => {
    const views = [
      regionCluster('east', 'us-east-1', 3),
      regionCluster('west', 'us-west-2'),
    ];
    expect(runOne(drMultiCluster, { entity: checkout, views }).status).toBe(
      'fail',
    );
    expect(
      runOne(
        drMultiCluster,
        { entity: checkout, views },
        { params: { singleClusterStatus: 'warn' } },
      ).status,
    ).toBe('warn');
  });

  it('warns for a warm standby (0 replicas in the second cluster)', () => {
    const outcome = runOne(drMultiCluster, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('west', 'us-west-2', 0),
      ],
    });
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('warm standby in west');
  });

  it('fails when the second copy should run but has nothing available: down, not a standby', () => {
    const outcome = runOne(drMultiCluster, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('west', 'us-west-2', 0, { replicas: 3 }),
      ],
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Runs in a single cluster, east (us-east-1, 3 available): losing that cluster takes the service down. ' +
        'Its copy in west (us-west-2, 0 of 3 available) has no available replica: down, not a standby.',
    );
    expect(outcome.remediation).toContain(
      'Find out why nothing is available in west',
    );
    expect(outcome.evidence).toMatchObject({ down: ['west'] });
    expect(
      runOne(
        drMultiCluster,
        {
          entity: checkout,
          views: [
            regionCluster('east', 'us-east-1', 3),
            regionCluster('west', 'us-west-2', 0, { replicas: 3 }),
          ],
        },
        { params: { singleClusterStatus: 'warn' } },
      ).status,
    ).toBe('warn');
  });

  it('keeps the warm standby verdict next to a down copy, and names the down one', () => {
    const outcome = runOne(drMultiCluster, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('west', 'us-west-2', 0),
        regionCluster('central', 'us-central-1', 0, { replicas: 2 }),
      ],
    });
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'warm standby in west (us-west-2, 0 available)',
    );
    expect(outcome.message).toContain(
      'Its copy in central (us-central-1, 0 of 2 available) has no available replica',
    );
  });

  it('passes two running clusters and names a third that is down', () => {
    const outcome = runOne(drMultiCluster, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('west', 'us-west-2', 2),
        regionCluster('central', 'us-central-1', 0, { replicas: 2 }),
      ],
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('Its copy in central');
  });

  describe('one cluster configured under two names', () => {
    it('counts it once when the node uids are the same', () => {
      const objects = [
        ...nodes('w', 2, ['us-east-1a', 'us-east-1b'], { region: 'us-east-1' }),
        deployment('checkout', {
          namespace: 'shop',
          replicas: 3,
          available: 3,
          labels: { app: 'checkout', 'backstage.io/kubernetes-id': 'checkout' },
        }),
      ];
      const outcome = runOne(drMultiCluster, {
        entity: checkout,
        views: [
          clusterFrom(objects, { name: 'prod-east' }),
          clusterFrom(objects, { name: 'prod-east-admin' }),
        ],
      });
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'Runs in a single cluster, prod-east (us-east-1, 3 available): losing that cluster takes the service down. ' +
          'Note: prod-east-admin is the same cluster as prod-east (shared node uids uid-node-_-w-1, uid-node-_-w-2): counted once.',
      );
      expect(outcome.evidence).toMatchObject({
        sameClusters: [{ alias: 'prod-east-admin', sameAs: 'prod-east' }],
      });
    });

    it('counts it once when the kube-system namespace uid is the same, even with other nodes', () => {
      const kubeSystem = k8sObject('v1', 'Namespace', 'kube-system', {
        cluster: true,
      });
      kubeSystem.metadata.uid = '0b0bb02d-8405-4fd6-b9e7-c0e20c085111';
      const east = regionCluster('east', 'us-east-1', 3);
      const app = east.workloads().map(w => w.object);
      const views = [
        clusterFrom([...east.list('nodes'), ...app, kubeSystem], {
          name: 'east',
        }),
        clusterFrom(
          [
            ...nodes('other', 2, ['us-east-1a'], { region: 'us-east-1' }),
            ...app,
            kubeSystem,
          ],
          { name: 'east-readonly' },
        ),
      ];
      const outcome = runOne(drMultiCluster, { entity: checkout, views });
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'east-readonly is the same cluster as east (identical kube-system namespace uid 0b0bb02d-8405-4fd6-b9e7-c0e20c085111): counted once',
      );
    });

    it('keeps two clusters with different uids apart', () => {
      expect(
        runOne(drMultiCluster, {
          entity: checkout,
          views: [
            regionCluster('east', 'us-east-1', 3),
            regionCluster('east-2', 'us-east-1', 3),
          ],
        }).status,
      ).toBe('pass');
    });
  });

  it('does not count excluded clusters', () => {
    const views = [
      regionCluster('prod', 'us-east-1', 3),
      regionCluster('dev', 'us-east-1', 1),
    ];
    expect(runOne(drMultiCluster, { entity: checkout, views }).status).toBe(
      'pass',
    );
    const outcome = runOne(
      drMultiCluster,
      { entity: checkout, views },
      { params: { excludeClusters: ['dev'] } },
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({ excludedClusters: ['dev'] });
  });

  it('fails when nothing is available anywhere', () => {
    const outcome = runOne(drMultiCluster, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 0),
        regionCluster('west', 'us-west-2', 0),
      ],
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('no available replica');
  });

  it('skips an entity without workloads, and manifests (no availability)', () => {
    expect(
      runOne(drMultiCluster, {
        entity: checkout,
        views: [regionCluster('east', 'us-east-1')],
      }).status,
    ).toBe('skipped');
    const manifests = clusterFrom(
      [
        deployment('checkout', {
          labels: { 'backstage.io/kubernetes-id': 'checkout' },
        }),
      ],
      { name: 'repo' },
    );
    expect(
      runOne(drMultiCluster, { entity: checkout, views: [manifests] }).status,
    ).toBe('skipped');
  });

  it('is unknown when the second cluster cannot tell its availability', () => {
    const noStatus = deployment('checkout', {
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
    });
    delete noStatus.status;
    const other = clusterFrom([...nodes('eu-w', 2, ['eu-west-1a']), noStatus], {
      name: 'eu',
    });
    const outcome = runOne(drMultiCluster, {
      entity: checkout,
      views: [regionCluster('east', 'us-east-1', 3), other],
    });
    expect(outcome.status).toBe('unknown');
  });
});
