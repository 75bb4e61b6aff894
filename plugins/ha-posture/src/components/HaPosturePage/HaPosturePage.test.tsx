import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { clusterDevK3s, clusters } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { HaPosturePage } from './HaPosturePage';

const page = (
  <Routes>
    <Route path="/ha-posture/*" element={<HaPosturePage />} />
  </Routes>
);

// Whole pages with real MUI and Backstage components: slow on shared CI machines.
jest.setTimeout(30_000);

describe('HaPosturePage', () => {
  it('shows the clusters, links to a cluster and to the check catalog', async () => {
    await renderHa(page, { routeEntries: ['/ha-posture'] });
    expect(
      screen.getByRole('heading', { name: 'HA posture' }),
    ).toBeInTheDocument();
    const prodEu = clusters().items.find(i => i.cluster.name === 'prod-eu')!;
    await userEvent.click(
      await screen.findByRole('link', {
        name: prodEu.cluster.title ?? prodEu.cluster.name,
      }),
    );
    expect(
      await screen.findByRole('list', { name: 'Nodes by zone' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Check catalog' }));
    expect(
      await screen.findByRole('region', { name: 'Control plane' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Check catalog' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('opens a cluster by URL', async () => {
    const { api } = await renderHa(page, {
      routeEntries: ['/ha-posture/clusters/dev-k3s'],
    });
    expect(
      await screen.findByRole('heading', {
        name: clusterDevK3s().report.cluster.title ?? 'dev-k3s',
      }),
    ).toBeInTheDocument();
    expect(api.getCluster).toHaveBeenCalledWith('dev-k3s');
  });
});
