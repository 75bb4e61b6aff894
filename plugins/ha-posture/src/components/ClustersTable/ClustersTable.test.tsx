import { screen, within } from '@testing-library/react';
import { clusters } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { ClustersTable } from './ClustersTable';

jest.setTimeout(30_000);

describe('ClustersTable', () => {
  it('lists clusters worst score first and links each to its view', async () => {
    await renderHa(<ClustersTable items={clusters().items} />);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('link')[0].getAttribute('href')),
    ).toEqual([
      '/ha-posture/clusters/dev-k3s',
      '/ha-posture/clusters/prod-eu',
      '/ha-posture/clusters/prod-us',
      '/ha-posture/clusters/staging-eu',
    ]);
    expect(rows[0]).toHaveTextContent('1 member');
    expect(rows[0]).toHaveTextContent(/Read .* ago/);
  });
});
