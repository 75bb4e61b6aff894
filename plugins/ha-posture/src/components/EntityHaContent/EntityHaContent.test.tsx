import { HA_CATEGORIES } from '@ha-posture/plugin-ha-posture-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  componentEntity,
  entityCheckoutDegraded,
  entityLegacyReports,
  entityWithoutWorkloads,
  fakeHaPostureApi,
  pending,
} from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { EntityHaContent } from './EntityHaContent';

async function serverError() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message: 'database is locked' },
        request: {
          method: 'GET',
          url: '/api/ha-posture/entities/component/default/checkout',
        },
        response: { statusCode: 500 },
      }),
      {
        status: 500,
        statusText: 'Internal Server Error',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

// Whole pages with real MUI and Backstage components: slow on shared CI machines.
jest.setTimeout(30_000);

describe('EntityHaContent', () => {
  it('shows the missing-annotation empty state for entities without Kubernetes annotations', async () => {
    const api = fakeHaPostureApi();
    await renderHa(<EntityHaContent />, {
      api,
      entity: componentEntity('docs', {}),
    });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/backstage.io\/kubernetes-id/).length,
    ).toBeGreaterThan(0);
    expect(api.getEntity).not.toHaveBeenCalled();
  });

  it('shows skeletons while loading', async () => {
    const api = fakeHaPostureApi({ getEntity: jest.fn(() => pending()) });
    await renderHa(<EntityHaContent />, { api, entity: componentEntity() });
    expect(
      screen.getByRole('progressbar', { name: 'Loading HA posture' }),
    ).toBeInTheDocument();
  });

  it('shows score, grade, categories, clusters, zone maps and findings', async () => {
    const api = fakeHaPostureApi();
    await renderHa(<EntityHaContent />, { api, entity: componentEntity() });

    expect(
      await screen.findByRole('meter', { name: 'HA score' }),
    ).toHaveAttribute('aria-valuenow', '99.4');
    expect(
      screen.getAllByRole('img', { name: 'Grade A' }).length,
    ).toBeGreaterThan(0);
    expect(api.getEntity).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout',
    });

    // The twelve categories, in contract order, with counts.
    const categories = within(
      screen.getByRole('list', { name: 'HA categories' }),
    ).getAllByRole('listitem');
    expect(categories.map(c => c.getAttribute('data-category'))).toEqual([
      ...HA_CATEGORIES,
    ]);
    expect(categories[4]).toHaveTextContent('Disruption budgets · 2 warn');

    // One section per cluster, with region, flavor and freshness.
    const prodEu = screen.getByTestId('cluster-section-prod-eu');
    expect(
      screen.getByText('Production EU (kubeadm, self-managed)'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Region eu-central-1').length).toBe(1);
    expect(screen.getAllByText(/^Read /).length).toBe(2);

    // Zone map: checkout's three pods are spread over three zones.
    const workload = within(prodEu).getByTestId(
      'workload-prod-eu-shop-checkout',
    );
    expect(within(workload).getByTestId('placement-verdict')).toHaveTextContent(
      'Spread: 3 ready pods on 3 nodes in 3 of 3 zones',
    );
    expect(
      within(workload).getAllByRole('listitem', { name: /^Zone / }),
    ).toHaveLength(3);

    // Warnings first, with their documentation link; passing checks folded.
    const findings = within(workload).getAllByTestId(/^finding-/);
    expect(findings[0]).toHaveAttribute('data-status', 'warn');
    expect(within(findings[0]).getAllByRole('link')[0]).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/ha-posture\/checks#pdb-/),
    );
    expect(
      within(workload).getByRole('button', { name: /Show \d+ passed checks/ }),
    ).toBeInTheDocument();
  });

  it('shows the score trend from the history', async () => {
    await renderHa(<EntityHaContent />, { entity: componentEntity() });
    expect(
      await screen.findByRole('img', {
        name: /Score trend over 14 days: from 72.5 on .* to 99.4/,
      }),
    ).toBeInTheDocument();
  });

  it('filters by category, status and cluster through the URL', async () => {
    await renderHa(<EntityHaContent />, {
      entity: componentEntity(),
      routeEntries: ['/?category=disruption&status=warn&cluster=prod-us'],
    });
    await screen.findByRole('meter', { name: 'HA score' });
    expect(
      screen.queryByTestId('cluster-section-prod-eu'),
    ).not.toBeInTheDocument();
    const prodUs = screen.getByTestId('cluster-section-prod-us');
    const findings = within(prodUs).getAllByTestId(/^finding-/);
    expect(findings.map(f => f.getAttribute('data-status'))).toEqual(['warn']);
    expect(findings[0]).toHaveAttribute(
      'data-testid',
      'finding-pdb-unhealthy-pod-eviction-policy',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(
      await screen.findByTestId('cluster-section-prod-eu'),
    ).toBeInTheDocument();
  });

  it('filters by category when a category chip is clicked', async () => {
    await renderHa(<EntityHaContent />, { entity: componentEntity() });
    await screen.findByRole('meter', { name: 'HA score' });
    await userEvent.click(
      screen.getByRole('button', { name: /Disruption budgets.*2 warn/ }),
    );
    for (const finding of screen.getAllByTestId(/^finding-/)) {
      expect(finding.getAttribute('data-testid')).toMatch(/^finding-pdb-/);
    }
  });

  it('shows exemptions with their reason and expiry', async () => {
    const api = fakeHaPostureApi({
      getEntity: jest.fn(async () => entityLegacyReports()),
    });
    await renderHa(<EntityHaContent />, {
      api,
      entity: componentEntity('legacy-reports'),
    });
    const exempt = await screen.findByTestId('finding-replicas-min-floor');
    expect(exempt).toHaveAttribute('data-status', 'exempt');
    expect(exempt).toHaveTextContent(
      /Exempt: Batch UI, single instance by design/,
    );
    expect(exempt).toHaveTextContent(/until 2027-03-31/);
    expect(exempt).toHaveTextContent(/annotation on the catalog entity/);
    // A single replica on one node is called out on the zone map.
    expect(screen.getByTestId('placement-verdict')).toHaveTextContent(
      'A single ready pod',
    );
    // Entity-level disaster-recovery checks are listed across clusters.
    expect(screen.getByText('Across clusters')).toBeInTheDocument();
    expect(screen.getByTestId('finding-dr-multi-cluster')).toHaveAttribute(
      'data-status',
      'fail',
    );
  });

  it('explains unknown results and stale clusters', async () => {
    const api = fakeHaPostureApi({
      getEntity: jest.fn(async () => entityCheckoutDegraded()),
    });
    await renderHa(<EntityHaContent />, { api, entity: componentEntity() });
    const unknown = await screen.findByTestId('finding-monitoring-scraped');
    expect(unknown).toHaveTextContent(/Why unknown/);
    expect(unknown).toHaveTextContent(
      /not allowed to list servicemonitors \(HTTP 403\)/,
    );
    expect(
      screen.getByText(/Showing the last good data for prod-us/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Stale: last good data/)).toBeInTheDocument();
    expect(
      screen.getByText(/Reading prod-us reported 1 error/),
    ).toBeInTheDocument();
  });

  it('says so when no workload matches the entity', async () => {
    const api = fakeHaPostureApi({
      getEntity: jest.fn(async () => entityWithoutWorkloads()),
    });
    await renderHa(<EntityHaContent />, { api, entity: componentEntity() });
    expect(
      await screen.findByText('No workloads found for this entity'),
    ).toBeInTheDocument();
  });

  it('shows the server error and retries', async () => {
    const error = await serverError();
    const api = fakeHaPostureApi({
      getEntity: jest
        .fn()
        .mockRejectedValueOnce(error)
        .mockImplementation(fakeHaPostureApi().getEntity),
    });
    await renderHa(<EntityHaContent />, { api, entity: componentEntity() });
    expect(
      (await screen.findAllByText(/database is locked/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('meter', { name: 'HA score' }),
    ).toBeInTheDocument();
    expect(api.getEntity).toHaveBeenCalledTimes(2);
  });

  it('shows when data was last refreshed and refreshes on demand', async () => {
    const api = fakeHaPostureApi();
    const later = {
      ...(await api.getRefreshStatus()).lastRefresh!,
      finishedAt: new Date().toISOString(),
    };
    api.getRefreshStatus
      .mockImplementationOnce(fakeHaPostureApi().getRefreshStatus) // page load
      .mockImplementationOnce(fakeHaPostureApi().getRefreshStatus) // before the trigger
      .mockResolvedValue({ lastRefresh: later });
    await renderHa(<EntityHaContent refreshPollIntervalMs={5} />, {
      api,
      entity: componentEntity(),
    });
    await screen.findByRole('meter', { name: 'HA score' });
    expect(screen.getByText(/^Last refreshed/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.refresh).toHaveBeenCalled());
    await waitFor(() => expect(api.getEntity).toHaveBeenCalledTimes(2));
    expect(
      await screen.findByText('Last refreshed just now'),
    ).toBeInTheDocument();
  });
});
