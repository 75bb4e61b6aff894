import { compareGrades } from '@ha-posture/plugin-ha-posture-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clusters, fakeHaPostureApi, pending } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { ClustersView } from './ClustersView';

// Whole pages with real MUI and Backstage components: slow on shared CI machines.
jest.setTimeout(30_000);

describe('ClustersView', () => {
  it('lists every cluster with its category statuses, worst first (grade, then score)', async () => {
    const items = clusters().items;
    const worstFirst = [...items].sort(compareGrades);
    await renderHa(<ClustersView />);
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('link')[0].textContent),
    ).toEqual(worstFirst.map(i => i.cluster.title ?? i.cluster.name));
    expect(within(rows[0]).getAllByRole('link')[0]).toHaveAttribute(
      'href',
      `/ha-posture/clusters/${worstFirst[0].cluster.name}`,
    );
    const row = (name: string) =>
      rows[worstFirst.findIndex(i => i.cluster.name === name)];
    for (const header of [
      'Control plane',
      'Nodes / zones',
      'Network',
      'Storage',
      'Backups',
      'Monitoring',
      'Logging',
    ]) {
      expect(within(table).getByText(header)).toBeInTheDocument();
    }
    expect(row('prod-us')).toHaveTextContent('Managed');
    expect(row('prod-eu')).toHaveTextContent('3 members');
    expect(row('prod-eu')).toHaveTextContent('8/9 ready3 zones · 1 warn');
    // Fleet summary
    const failing = items.filter(i =>
      Object.values(i.categories).some(c => c.status === 'fail'),
    ).length;
    expect(
      screen.getByText('with a failing category').previousSibling,
    ).toHaveTextContent(String(failing));
  });

  it('shows a stale cluster', async () => {
    const data = clusters();
    data.items[0].sources[0].stale = true;
    data.items[0].lastError = 'connect ECONNREFUSED 127.0.0.1:17004';
    const api = fakeHaPostureApi({ getClusters: jest.fn(async () => data) });
    await renderHa(<ClustersView />, { api });
    expect(
      await screen.findByText(/^Stale: last good data/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('with stale data').previousSibling,
    ).toHaveTextContent('1');
  });

  it('says when no cluster was evaluated yet', async () => {
    const api = fakeHaPostureApi({
      getClusters: jest.fn(async () => ({ items: [], lastRefresh: null })),
    });
    await renderHa(<ClustersView />, { api });
    expect(
      await screen.findByText('No cluster has been evaluated yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/No refresh has finished yet/)).toBeInTheDocument();
  });

  it('shows a skeleton while loading, and the error with a retry', async () => {
    const loading = fakeHaPostureApi({ getClusters: jest.fn(() => pending()) });
    const { unmount } = await renderHa(<ClustersView />, { api: loading });
    expect(
      screen.getByRole('progressbar', { name: 'Loading HA posture' }),
    ).toBeInTheDocument();
    unmount();

    const api = fakeHaPostureApi({
      getClusters: jest
        .fn()
        .mockRejectedValueOnce(new Error('Bad Gateway'))
        .mockImplementation(fakeHaPostureApi().getClusters),
    });
    await renderHa(<ClustersView />, { api });
    expect((await screen.findAllByText(/Bad Gateway/)).length).toBeGreaterThan(
      0,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('table')).toBeInTheDocument();
  });
});
