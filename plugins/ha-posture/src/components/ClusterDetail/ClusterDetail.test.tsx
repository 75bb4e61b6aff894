import { ResponseError } from '@backstage/errors';
import { HaStatus } from '@ha-posture/plugin-ha-posture-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  clusterProdEu,
  fakeHaPostureApi,
  pending,
  summaryClusterProdEu,
} from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { compareStatus, worstStatus } from '../../lib/status';
import { ClusterDetail } from './ClusterDetail';

// Whole pages with real MUI and Backstage components: slow on shared CI machines.
jest.setTimeout(30_000);

describe('ClusterDetail', () => {
  it('shows the cluster facts, score, topology and findings', async () => {
    const { report } = clusterProdEu();
    const unknown = report.results.filter(r => r.status === 'unknown').length;
    const api = fakeHaPostureApi();
    await renderHa(<ClusterDetail name="prod-eu" />, { api });
    expect(
      await screen.findByRole('heading', {
        name: report.cluster.title ?? 'prod-eu',
      }),
    ).toBeInTheDocument();
    expect(api.getCluster).toHaveBeenCalledWith('prod-eu');
    expect(screen.getByRole('meter', { name: 'HA score' })).toHaveAttribute(
      'aria-valuenow',
      String(report.score),
    );
    // What the score covers, and what it leaves out.
    expect(
      screen.getByText(/Cluster-scope checks; each service's workloads/),
    ).toBeInTheDocument();
    expect(unknown).toBeGreaterThan(0);
    expect(
      screen.getByText(
        `${unknown} unknown ${unknown === 1 ? 'result' : 'results'} not scored`,
      ),
    ).toBeInTheDocument();

    const zones = within(
      screen.getByRole('list', { name: 'Nodes by zone' }),
    ).getAllByRole('listitem');
    expect(zones.map(z => z.getAttribute('data-zone'))).toEqual([
      'eu-central-1a',
      'eu-central-1b',
      'eu-central-1c',
    ]);
    expect(within(zones[0]).getAllByText('control plane')).toHaveLength(1);
    expect(within(zones[2]).getByText('not ready')).toBeInTheDocument();
    expect(
      screen.getByText(
        /9 nodes in 3 zones: 3 control-plane members \(3 ready\), 5 usable workers/,
      ),
    ).toBeInTheDocument();

    // The services running here, worst first, from the cluster roll-up.
    expect(api.getSummary).toHaveBeenCalledWith('cluster', 'prod-eu');
    const services = within(
      await screen.findByRole('list', { name: /worst first/ }),
    ).getAllByRole('listitem');
    const worst = summaryClusterProdEu().groups[0].entities.reduce((a, b) =>
      (b.score ?? 101) < (a.score ?? 101) ? b : a,
    );
    expect(services[0]).toHaveTextContent(worst.entityRef.split('/')[1]);
    expect(services[0]).toHaveTextContent(String(worst.score));

    // Findings worst first, with their target.
    const statuses = screen
      .getAllByTestId(/^finding-/)
      .map(f => f.getAttribute('data-status') as HaStatus);
    expect(statuses[0]).toBe(worstStatus(report.results.map(r => r.status)));
    expect(statuses).toEqual([...statuses].sort(compareStatus));
    // A kubeadm cluster's etcd backups cannot be seen through the API: unknown, with the reason.
    expect(
      screen.getByTestId('finding-backup-etcd-snapshots'),
    ).toHaveTextContent(/Why unknown/);
    expect(screen.getByRole('link', { name: /All clusters/ })).toHaveAttribute(
      'href',
      '/ha-posture',
    );
  });

  it('explains a failed last read', async () => {
    const data = clusterProdEu();
    data.lastError = 'GET /api/v1/nodes: 503 Service Unavailable';
    data.report.sources[0].stale = true;
    const api = fakeHaPostureApi({ getCluster: jest.fn(async () => data) });
    await renderHa(<ClusterDetail name="prod-eu" />, { api });
    expect(
      await screen.findByText(
        /The last read of this cluster .*failed: GET \/api\/v1\/nodes: 503/,
      ),
    ).toBeInTheDocument();
  });

  it('says when the cluster is unknown', async () => {
    const notFound = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotFoundError',
            message: "No HA report for cluster 'nope'",
          },
          response: { statusCode: 404 },
        }),
        {
          status: 404,
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    const api = fakeHaPostureApi({
      getCluster: jest.fn(async () => Promise.reject(notFound)),
    });
    await renderHa(<ClusterDetail name="nope" />, { api });
    expect(
      await screen.findByText('No HA report for cluster nope'),
    ).toBeInTheDocument();
  });

  it('shows a skeleton while loading, and the error with a retry', async () => {
    const loading = fakeHaPostureApi({ getCluster: jest.fn(() => pending()) });
    const { unmount } = await renderHa(<ClusterDetail name="prod-eu" />, {
      api: loading,
    });
    expect(
      screen.getByRole('progressbar', { name: 'Loading HA posture' }),
    ).toBeInTheDocument();
    unmount();

    const api = fakeHaPostureApi({
      getCluster: jest
        .fn()
        .mockRejectedValueOnce(new Error('socket hang up'))
        .mockImplementation(fakeHaPostureApi().getCluster),
    });
    await renderHa(<ClusterDetail name="prod-eu" />, { api });
    expect(
      (await screen.findAllByText(/socket hang up/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('meter', { name: 'HA score' }),
    ).toBeInTheDocument();
  });
});
