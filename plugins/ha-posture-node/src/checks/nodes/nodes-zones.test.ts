import {
  aksNoZones,
  clusterFrom,
  eksProd,
  gkeRegional,
  k3sDevSingle,
  kubeadmHa3z,
  node,
  nodes,
  runOne,
} from '../../testing';
import { nodesZones } from './nodes-zones';

describe('nodes-zones', () => {
  it('passes workers in 3 zones (kubeadm-ha-3z, gke-regional)', () => {
    const outcome = runOne(nodesZones, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      '6 usable workers in 3 zones (dc1-a: 2, dc1-b: 2, dc1-c: 2)',
    );
    expect(runOne(nodesZones, clusterFrom(gkeRegional())).status).toBe('pass');
  });

  it('does not count Fargate nodes (eks-prod)', () => {
    const outcome = runOne(nodesZones, clusterFrom(eksProd()));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      workersPerZone: { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 },
    });
  });

  it('warns on 2 zones and fails on 1', () => {
    expect(
      runOne(nodesZones, clusterFrom(nodes('w', 4, ['a', 'b']))).status,
    ).toBe('warn');
    const single = runOne(nodesZones, clusterFrom(nodes('w', 3, ['a'])));
    expect(single.status).toBe('fail');
    expect(single.message).toContain('All 3 usable workers in 1 zone (a: 3)');
  });

  it('judges zones of usable workers only (a NotReady node in zone c does not count)', () => {
    const objects = [
      ...nodes('w', 4, ['a', 'b']),
      node('w-5', { zone: 'c', ready: false }),
    ];
    expect(runOne(nodesZones, clusterFrom(objects)).status).toBe('warn');
  });

  it('fails AKS without zones: fault-domain numbers "0"/"1" are one zone', () => {
    const outcome = runOne(nodesZones, clusterFrom(aksNoZones()));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('Azure fault-domain numbers (0, 1)');
    expect(outcome.evidence).toMatchObject({
      zones: [],
      faultDomains: ['0', '1'],
    });
  });

  it('is unknown, not fail, without zone labels (k3s-dev-single, bare metal)', () => {
    const outcome = runOne(nodesZones, clusterFrom(k3sDevSingle()));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('bare metal');
  });

  it('is unknown when only non-workers carry zone labels, and lists unlabelled workers otherwise', () => {
    const cpOnly = [
      node('cp-1', { zone: 'a', roles: ['control-plane'] }),
      ...nodes('w', 3),
    ];
    const unknown = runOne(nodesZones, clusterFrom(cpOnly));
    expect(unknown.status).toBe('unknown');
    expect(unknown.message).toContain('only other nodes');
    const mixed = runOne(
      nodesZones,
      clusterFrom([...nodes('w', 3, ['a', 'b', 'c']), node('x-1')]),
    );
    expect(mixed.status).toBe('pass');
    expect(mixed.message).toContain('without a zone label: x-1');
  });

  it('honours recommendedZones and skips a cluster without usable workers', () => {
    expect(
      runOne(nodesZones, clusterFrom(nodes('w', 4, ['a', 'b'])), {
        params: { recommendedZones: 2 },
      }).status,
    ).toBe('pass');
    expect(
      runOne(
        nodesZones,
        clusterFrom([node('w-1', { zone: 'a', ready: false })]),
      ).status,
    ).toBe('skipped');
  });
});
