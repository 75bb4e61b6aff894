import {
  clusterFrom,
  kubeadmHa3z,
  node,
  nodes,
  runCheck,
  runOne,
} from '../../testing';
import { nodesPressure } from './nodes-pressure';

describe('nodes-pressure', () => {
  it('passes when no node reports a problem condition (False conditions are fine)', () => {
    const objects = [
      ...kubeadmHa3z(),
      node('w-9', {
        conditions: [{ type: 'MemoryPressure', status: 'False' }],
      }),
    ];
    expect(runOne(nodesPressure, clusterFrom(objects)).status).toBe('pass');
  });

  it('warns once per affected node, naming its conditions', () => {
    const objects = [
      ...nodes('w', 2),
      node('w-3', {
        conditions: [
          { type: 'MemoryPressure', status: 'True' },
          { type: 'DiskPressure', status: 'True' },
        ],
      }),
      node('w-4', {
        conditions: [
          { type: 'NetworkUnavailable', status: 'True' },
          { type: 'PIDPressure', status: 'Unknown' },
        ],
      }),
    ];
    const outcomes = runCheck(nodesPressure, clusterFrom(objects));
    expect(outcomes.map(o => [o.status, o.message, o.target?.name])).toEqual([
      ['warn', 'Node w-3 reports memory pressure and disk pressure', 'w-3'],
      ['warn', 'Node w-4 reports network unavailable', 'w-4'],
    ]);
    expect(outcomes[0].target).toMatchObject({ kind: 'Node', cluster: 'test' });
  });

  it('is unknown when nodes are forbidden', () => {
    expect(
      runOne(
        nodesPressure,
        clusterFrom(nodes('w', 2), { fetch: { nodes: 'forbidden' } }),
      ).status,
    ).toBe('unknown');
  });
});
