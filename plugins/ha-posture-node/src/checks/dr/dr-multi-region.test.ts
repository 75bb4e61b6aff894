import { clusterFrom, runOne } from '../../testing';
import { drMultiRegion } from './dr-multi-region';
import { checkout, regionCluster } from './dr.fixtures';

describe('dr-multi-region', () => {
  it('passes when available in clusters of two regions', () => {
    const outcome = runOne(drMultiRegion, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('west', 'us-west-2', 2),
      ],
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      activeRegions: ['us-east-1', 'us-west-2'],
    });
  });

  it('derives regions from zone names when nodes carry no region label', () => {
    const views = [
      regionCluster('east', 'us-east-1', 3, { regionLabels: false }),
      regionCluster('west', 'us-west-2', 2, { regionLabels: false }),
    ];
    expect(runOne(drMultiRegion, { entity: checkout, views }).status).toBe(
      'pass',
    );
  });

  it('warns "multi-cluster only" for two clusters in the same region', () => {
    const outcome = runOne(drMultiRegion, {
      entity: checkout,
      views: [
        regionCluster('a', 'us-east-1', 3),
        regionCluster('b', 'us-east-1', 3),
      ],
    });
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('Multi-cluster only');
  });

  it('warns for a warm standby in another region, fails a single region', () => {
    const standby = runOne(drMultiRegion, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('west', 'us-west-2', 0),
      ],
    });
    expect(standby.status).toBe('warn');
    expect(standby.message).toContain('warm standby');
    const single = runOne(drMultiRegion, {
      entity: checkout,
      views: [regionCluster('east', 'us-east-1', 3)],
    });
    expect(single.status).toBe('fail');
    expect(single.message).toContain('us-east-1');
  });

  it('fails a single region when the copy in another region should run but has nothing available', () => {
    const outcome = runOne(drMultiRegion, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('west', 'us-west-2', 0, { replicas: 3 }),
      ],
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Available in one region only (us-east-1, cluster east): a regional outage takes the service down. ' +
        'Its copy in west (us-west-2, 0 of 3 available) has no available replica: down, not a standby.',
    );
    expect(outcome.evidence).toMatchObject({ down: ['west'] });
  });

  it('does not call one cluster under two names "multi-cluster"', () => {
    const east = regionCluster('east', 'us-east-1', 3);
    const objects = [
      ...east.list('nodes'),
      ...east.workloads().map(w => w.object),
    ];
    const outcome = runOne(drMultiRegion, {
      entity: checkout,
      views: [east, clusterFrom(objects, { name: 'east-admin' })],
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Available in one region only (us-east-1, cluster east)',
    );
    expect(outcome.message).toContain(
      'east-admin is the same cluster as east (shared node uids',
    );
  });

  it('is unknown when a cluster region cannot be told, unless two known regions already suffice', () => {
    const unknown = runOne(drMultiRegion, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('onprem', undefined, 2),
      ],
    });
    expect(unknown.status).toBe('unknown');
    expect(unknown.message).toContain('onprem');
    const enough = runOne(drMultiRegion, {
      entity: checkout,
      views: [
        regionCluster('east', 'us-east-1', 3),
        regionCluster('west', 'us-west-2', 2),
        regionCluster('onprem', undefined, 2),
      ],
    });
    expect(enough.status).toBe('pass');
  });

  it('honours excludeClusters', () => {
    const views = [
      regionCluster('prod', 'us-east-1', 3),
      regionCluster('dev', 'eu-west-1', 1),
    ];
    expect(
      runOne(
        drMultiRegion,
        { entity: checkout, views },
        { params: { excludeClusters: ['dev'] } },
      ).status,
    ).toBe('fail');
  });

  it('skips an entity without workloads', () => {
    expect(
      runOne(drMultiRegion, {
        entity: checkout,
        views: [regionCluster('east', 'us-east-1')],
      }).status,
    ).toBe('skipped');
  });
});
