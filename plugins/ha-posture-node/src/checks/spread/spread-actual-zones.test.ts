import {
  clusterFrom,
  deployment,
  node,
  nodes,
  podsFor,
  runOne,
} from '../../testing';
import { spreadActualZones } from './spread-actual-zones';

const threeZones = nodes('w', 6, ['a', 'b', 'c']); // w-1 a, w-2 b, w-3 c, w-4 a, w-5 b, w-6 c

describe('spread-actual-zones', () => {
  it('fails when a 3-replica floor sits in one zone of a 3-zone cluster', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      spreadActualZones,
      clusterFrom([...threeZones, web, ...podsFor(web, ['w-1', 'w-4', 'w-1'])]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'All 3 ready replicas run in zone a although the cluster spans 3 zones',
    );
  });

  it('only warns for a 2-replica floor or a 2-zone cluster', () => {
    const two = deployment('two', { replicas: 2 });
    expect(
      runOne(
        spreadActualZones,
        clusterFrom([...threeZones, two, ...podsFor(two, ['w-1', 'w-4'])]),
      ).status,
    ).toBe('warn');
    const three = deployment('three', { replicas: 3 });
    const twoZones = nodes('w', 4, ['a', 'b']);
    expect(
      runOne(
        spreadActualZones,
        clusterFrom([
          ...twoZones,
          three,
          ...podsFor(three, ['w-1', 'w-3', 'w-1']),
        ]),
      ).status,
    ).toBe('warn');
  });

  it('warns when a better zone balance was possible, passes an even spread', () => {
    const web = deployment('web', { replicas: 3 });
    const skewed = runOne(
      spreadActualZones,
      clusterFrom([...threeZones, web, ...podsFor(web, ['w-1', 'w-4', 'w-2'])]),
    );
    expect(skewed.status).toBe('warn');
    expect(skewed.message).toContain('2 of 3 ready replicas run in zone a');
    const even = runOne(
      spreadActualZones,
      clusterFrom([...threeZones, web, ...podsFor(web, ['w-1', 'w-2', 'w-3'])]),
    );
    expect(even.status).toBe('pass');
    expect(even.evidence).toMatchObject({ zones: { a: 1, b: 1, c: 1 } });
  });

  it('says when the pods are pinned to one zone by their own constraints', () => {
    const web = deployment('web', {
      replicas: 3,
      podSpec: {
        nodeSelector: { 'topology.kubernetes.io/zone': 'a' },
        containers: [{ name: 'app', image: 'x' }],
      },
    });
    const outcome = runOne(
      spreadActualZones,
      clusterFrom([...threeZones, web, ...podsFor(web, ['w-1', 'w-4', 'w-1'])]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('only allow zone a');
  });

  it('is unknown without zone labels, skipped in a single-zone cluster', () => {
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(
        spreadActualZones,
        clusterFrom([...nodes('w', 2), web, ...podsFor(web, ['w-1', 'w-2'])]),
      ).status,
    ).toBe('unknown');
    expect(
      runOne(
        spreadActualZones,
        clusterFrom([
          ...nodes('w', 2, ['a']),
          web,
          ...podsFor(web, ['w-1', 'w-2']),
        ]),
      ).status,
    ).toBe('skipped');
  });

  it('treats Azure fault-domain numbers as no zones', () => {
    const web = deployment('web', { replicas: 2 });
    // AKS nodes (a kubernetes.azure.com label): numeric zone values are fault domains on Azure only.
    const azure = ['0', '1'].map((zone, i) =>
      node(`aks-${i + 1}`, {
        zone,
        labels: { 'kubernetes.azure.com/agentpool': 'nodepool1' },
      }),
    );
    expect(
      runOne(
        spreadActualZones,
        clusterFrom([...azure, web, ...podsFor(web, ['aks-1', 'aks-2'])]),
      ).status,
    ).toBe('skipped');
  });

  it('reads numeric zones off Azure as zones (on-premises racks "1", "2")', () => {
    const web = deployment('web', { replicas: 2 });
    const racks = [node('r-1', { zone: '1' }), node('r-2', { zone: '2' })];
    const outcome = runOne(
      spreadActualZones,
      clusterFrom([...racks, web, ...podsFor(web, ['r-1', 'r-2'])]),
    );
    expect(outcome.status).toBe('pass');
  });

  it('skips a manifests scan', () => {
    expect(
      runOne(
        spreadActualZones,
        clusterFrom([deployment('web', { replicas: 3 })]),
      ).status,
    ).toBe('skipped');
  });
});
