import { node } from '../testing';
import {
  nodeMatchesSelectorTerms,
  nodeSelectionAdmits,
  untoleratedTaints,
} from './scheduling';

const tainted = node('n1', {
  labels: { pool: 'gpu', cores: '16' },
  taints: [
    { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
    { key: 'dedicated', value: 'batch', effect: 'PreferNoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
  ],
});

describe('scheduling helpers', () => {
  it('reports NoSchedule/NoExecute taints nobody tolerates (PreferNoSchedule never blocks)', () => {
    expect(untoleratedTaints({}, tainted).map(t => t.key)).toEqual([
      'nvidia.com/gpu',
      'node.kubernetes.io/unschedulable',
    ]);
    expect(
      untoleratedTaints({}, tainted, { daemonSet: true }).map(t => t.key),
    ).toEqual(['nvidia.com/gpu']);
  });

  it('matches tolerations by key, value, operator and effect', () => {
    const tolerate = (toleration: any) =>
      untoleratedTaints({ tolerations: [toleration] }, tainted, {
        daemonSet: true,
      }).length === 0;
    expect(
      tolerate({
        key: 'nvidia.com/gpu',
        operator: 'Equal',
        value: 'present',
        effect: 'NoSchedule',
      }),
    ).toBe(true);
    expect(tolerate({ key: 'nvidia.com/gpu', value: 'present' })).toBe(true);
    expect(tolerate({ key: 'nvidia.com/gpu', value: 'absent' })).toBe(false);
    expect(
      tolerate({
        key: 'nvidia.com/gpu',
        operator: 'Exists',
        effect: 'NoExecute',
      }),
    ).toBe(false);
    expect(tolerate({ operator: 'Exists' })).toBe(true);
    expect(tolerate({ operator: 'Equal' })).toBe(false);
  });

  it('applies nodeSelector and required node affinity', () => {
    expect(
      nodeSelectionAdmits({ nodeSelector: { pool: 'gpu' } }, tainted),
    ).toBe(true);
    expect(
      nodeSelectionAdmits({ nodeSelector: { pool: 'cpu' } }, tainted),
    ).toBe(false);
    const affinity = (terms: any[]) => ({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: terms,
          },
        },
      },
    });
    expect(
      nodeSelectionAdmits(
        affinity([
          {
            matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }],
          },
        ]),
        tainted,
      ),
    ).toBe(true);
    expect(
      nodeSelectionAdmits(
        affinity([
          {
            matchExpressions: [
              { key: 'pool', operator: 'NotIn', values: ['gpu'] },
            ],
          },
        ]),
        tainted,
      ),
    ).toBe(false);
    // Terms are ORed; an empty term matches nothing.
    expect(
      nodeMatchesSelectorTerms(
        [
          {},
          {
            matchFields: [
              { key: 'metadata.name', operator: 'In', values: ['n1'] },
            ],
          },
        ],
        tainted,
      ),
    ).toBe(true);
    expect(nodeMatchesSelectorTerms([{}], tainted)).toBe(false);
  });
});
