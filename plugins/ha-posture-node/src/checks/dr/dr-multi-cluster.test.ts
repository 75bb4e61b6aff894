import { clusterFrom, deployment, nodes, runOne } from '../../testing';
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
