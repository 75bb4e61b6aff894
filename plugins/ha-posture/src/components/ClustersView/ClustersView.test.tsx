import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clusters, fakeHaPostureApi, pending } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { ClustersView } from './ClustersView';

// Whole pages with real MUI and Backstage components: slow on shared CI machines.
jest.setTimeout(30_000);

describe('ClustersView', () => {
  it('lists every cluster with its category statuses, worst score first', async () => {
    await renderHa(<ClustersView />);
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('link')[0].textContent),
    ).toEqual([
      'Developer k3s (single node)',
      'Production EU (kubeadm, self-managed)',
      'Production US (EKS, us-east-1)',
      'Staging EU (GKE regional, europe-west1)',
    ]);
    expect(within(rows[0]).getAllByRole('link')[0]).toHaveAttribute(
      'href',
      '/ha-posture/clusters/dev-k3s',
    );
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
    expect(rows[2]).toHaveTextContent('Managed');
    expect(rows[1]).toHaveTextContent('8/9 ready3 zones · 1 warn');
    // Fleet summary
    expect(
      screen.getByText('with a failing category').previousSibling,
    ).toHaveTextContent('3');
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
