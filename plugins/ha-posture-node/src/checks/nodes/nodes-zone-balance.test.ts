import {
  clusterFrom,
  eksFargateOnly,
  eksProd,
  k3sDevSingle,
  kubeadmHa3z,
  nodes,
  runOne,
} from '../../testing';
import { nodesZoneBalance } from './nodes-zone-balance';

describe('nodes-zone-balance', () => {
  it('passes evenly spread workers', () => {
    const outcome = runOne(nodesZoneBalance, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Usable workers are balanced over 3 zones (dc1-a: 2, dc1-b: 2, dc1-c: 2)',
    );
    expect(runOne(nodesZoneBalance, clusterFrom(eksProd())).status).toBe(
      'pass',
    );
  });

  it('warns when one zone holds more than half of the usable workers', () => {
    const objects = [
      ...nodes('a', 5, ['a']),
      ...nodes('b', 1, ['b']),
      ...nodes('c', 1, ['c']),
    ];
    const outcome = runOne(nodesZoneBalance, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'Zone a holds 5 of 7 usable workers (71%',
    );
    expect(outcome.evidence).toMatchObject({
      largestZone: 'a',
      largestShare: 0.71,
    });
    expect(
      runOne(nodesZoneBalance, clusterFrom(objects), {
        params: { maxZoneShare: 0.75 },
      }).status,
    ).toBe('pass');
  });

  it('skips a Fargate-only cluster: no node pools to balance', () => {
    const outcome = runOne(nodesZoneBalance, clusterFrom(eksFargateOnly()));
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain(
      'every worker is a Fargate node, and the provider supplies capacity per pod',
    );
  });

  it('counts numeric zones off Azure as zones (on-premises racks "1", "2", "3")', () => {
    const objects = [
      ...nodes('a', 4, ['1']),
      ...nodes('b', 1, ['2']),
      ...nodes('c', 1, ['3']),
    ];
    const outcome = runOne(nodesZoneBalance, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('Zone 1 holds 4 of 6 usable workers');
  });

  it('passes exactly half (2/1/1) and skips fewer than 3 zones', () => {
    expect(
      runOne(
        nodesZoneBalance,
        clusterFrom([
          ...nodes('a', 2, ['a']),
          ...nodes('b', 1, ['b']),
          ...nodes('c', 1, ['c']),
        ]),
      ).status,
    ).toBe('pass');
    const twoZones = runOne(
      nodesZoneBalance,
      clusterFrom(nodes('w', 5, ['a', 'b'])),
    );
    expect(twoZones.status).toBe('skipped');
    expect(twoZones.message).toBe(
      'Balance is judged with 3 or more zones; usable workers are in 2 zones (see nodes-zones)',
    );
    const noZone = runOne(nodesZoneBalance, clusterFrom(k3sDevSingle()));
    expect(noZone.status).toBe('skipped');
    expect(noZone.message).toBe(
      'Balance is judged with 3 or more zones; no usable worker is in a known zone (see nodes-zones)',
    );
  });
});
