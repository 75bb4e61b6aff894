import { screen, within } from '@testing-library/react';
import { clusters } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { ClustersTable } from './ClustersTable';

jest.setTimeout(30_000);

describe('ClustersTable', () => {
  it('lists clusters worst score first and links each to its view', async () => {
    const items = clusters().items;
    const worstFirst = [...items].sort((a, b) => a.score! - b.score!);
    await renderHa(<ClustersTable items={items} />);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('link')[0].getAttribute('href')),
    ).toEqual(worstFirst.map(i => `/ha-posture/clusters/${i.cluster.name}`));
    // The single-node k3s cluster is the worst; its control plane is its one node.
    expect(worstFirst[0].cluster.name).toBe('dev-k3s');
    expect(rows[0]).toHaveTextContent('1 member');
    expect(rows[0]).toHaveTextContent(/Read .* ago/);
  });
});
