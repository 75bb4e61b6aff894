import { clusterFrom, node, nodes } from '../../testing';
import { eligibleNodes, eligibleZones } from './nodeEligibility';

describe('eligibleNodes and eligibleZones', () => {
  const cluster = clusterFrom([
    ...nodes('worker', 6, ['a', 'b', 'c']),
    node('gpu-1', {
      zone: 'a',
      labels: { gpu: 'true' },
      taints: [{ key: 'gpu', effect: 'NoSchedule' }],
    }),
    node('down-1', { zone: 'c', ready: false }),
  ]);
  const names = (list: Array<{ metadata: { name: string } }>) =>
    list.map(n => n.metadata.name);

  it('applies taints, nodeSelector, required node affinity and readiness', () => {
    expect(names(eligibleNodes(cluster, {}))).toEqual([
      'worker-1',
      'worker-2',
      'worker-3',
      'worker-4',
      'worker-5',
      'worker-6',
    ]);
    const gpu = {
      nodeSelector: { gpu: 'true' },
      tolerations: [{ key: 'gpu', operator: 'Exists' }],
    };
    expect(names(eligibleNodes(cluster, gpu))).toEqual(['gpu-1']);
    const zoneB = {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  {
                    key: 'topology.kubernetes.io/zone',
                    operator: 'In',
                    values: ['b'],
                  },
                ],
              },
            ],
          },
        },
      },
    };
    expect(eligibleZones(cluster, zoneB)).toEqual(['b']);
    expect(eligibleZones(cluster, {})).toEqual(['a', 'b', 'c']);
  });

  it('answers pod specs with the same constraints from one computation', () => {
    const first = eligibleNodes(cluster, { containers: [{ name: 'a' }] });
    expect(
      eligibleNodes(cluster, { containers: [{ name: 'b' }], priority: 5 }),
    ).toBe(first);
    expect(eligibleNodes(cluster, { nodeSelector: { gpu: 'true' } })).not.toBe(
      first,
    );
  });

  it('gives every caller its own zone list', () => {
    const zones = eligibleZones(cluster, {});
    zones.pop();
    expect(eligibleZones(cluster, {})).toEqual(['a', 'b', 'c']);
  });
});
