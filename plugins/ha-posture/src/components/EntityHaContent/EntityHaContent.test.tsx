import { HA_CATEGORIES } from '@ha-posture/plugin-ha-posture-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  checks,
  componentEntity,
  entityCheckout,
  entityCheckoutDegraded,
  entityLegacyReports,
  entityOrdersDb,
  entityWithoutWorkloads,
  fakeHaPostureApi,
  historyCheckoutTwoWeeks,
  pending,
} from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { CATEGORY_LABELS } from '../../lib/labels';
import { EntityHaContent } from './EntityHaContent';

/** The recorded checkout fails nothing; its warnings are what the findings and filters show. */
function checkoutWarnings() {
  const data = entityCheckout();
  expect(data.report.results.filter(r => r.status === 'fail')).toEqual([]);
  const warnings = data.report.results.filter(r => r.status === 'warn');
  expect(warnings.length).toBeGreaterThan(0);
  return { data, warnings };
}

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
    const { data, warnings } = checkoutWarnings();
    const { report } = data;
    const api = fakeHaPostureApi();
    await renderHa(<EntityHaContent />, { api, entity: componentEntity() });

    expect(
      await screen.findByRole('meter', { name: 'HA score' }),
    ).toHaveAttribute('aria-valuenow', String(report.score));
    expect(
      screen.getAllByRole('img', { name: `Grade ${report.grade}` }).length,
    ).toBeGreaterThan(0);
    // Nothing fails, so no grade cap applies.
    expect(screen.queryByText(/^Capped at/)).not.toBeInTheDocument();
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
    const warned = warnings[0].category;
    expect(categories[HA_CATEGORIES.indexOf(warned)]).toHaveTextContent(
      `${CATEGORY_LABELS[warned]} · ${report.categories[warned].counts.warn} warn`,
    );

    // One section per cluster, with region, flavor and freshness.
    const prodEu = screen.getByTestId('cluster-section-prod-eu');
    expect(
      screen.getByText(data.clusters.find(c => c.name === 'prod-eu')!.title!),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Region eu-central-1').length).toBe(1);
    expect(screen.getAllByText(/^Read /).length).toBe(data.clusters.length);

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
    expect(
      warnings
        .filter(r => r.target.cluster === 'prod-eu')
        .map(r => `/ha-posture/checks#${r.checkId}`),
    ).toContain(
      within(findings[0]).getAllByRole('link')[0].getAttribute('href'),
    );
    expect(
      within(workload).getByRole('button', { name: /Show \d+ passed checks/ }),
    ).toBeInTheDocument();
  });

  it('shows the score trend from the history', async () => {
    // Thirteen derived days, then the recorded one.
    const { points } = historyCheckoutTwoWeeks();
    const first = points[0];
    const last = points[points.length - 1];
    await renderHa(<EntityHaContent />, { entity: componentEntity() });
    expect(
      await screen.findByRole('img', {
        name: `Score trend over ${points.length} days: from ${first.score} on ${first.day} to ${last.score} on ${last.day}`,
      }),
    ).toBeInTheDocument();
  });

  it('filters by category, status and cluster through the URL', async () => {
    const { warnings } = checkoutWarnings();
    const { category } = warnings.find(r => r.target.cluster === 'prod-us')!;
    const expected = warnings.filter(
      r => r.category === category && r.target.cluster === 'prod-us',
    );
    await renderHa(<EntityHaContent />, {
      entity: componentEntity(),
      routeEntries: [`/?category=${category}&status=warn&cluster=prod-us`],
    });
    await screen.findByRole('meter', { name: 'HA score' });
    expect(
      screen.queryByTestId('cluster-section-prod-eu'),
    ).not.toBeInTheDocument();
    const prodUs = screen.getByTestId('cluster-section-prod-us');
    const findings = within(prodUs).getAllByTestId(/^finding-/);
    expect(findings.map(f => f.getAttribute('data-status'))).toEqual(
      expected.map(() => 'warn'),
    );
    expect(findings.map(f => f.getAttribute('data-testid')).sort()).toEqual(
      expected.map(r => `finding-${r.checkId}`).sort(),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(
      await screen.findByTestId('cluster-section-prod-eu'),
    ).toBeInTheDocument();
  });

  it('filters by category when a category chip is clicked', async () => {
    const { data, warnings } = checkoutWarnings();
    const { category } = warnings[0];
    const inCategory = checks()
      .items.filter(c => c.category === category)
      .map(c => `finding-${c.id}`);
    await renderHa(<EntityHaContent />, { entity: componentEntity() });
    await screen.findByRole('meter', { name: 'HA score' });
    // Unfiltered, other categories show too (the passing cross-cluster DR checks).
    expect(
      screen
        .getAllByTestId(/^finding-/)
        .some(f => !inCategory.includes(f.getAttribute('data-testid')!)),
    ).toBe(true);
    await userEvent.click(
      screen.getByRole('button', {
        name: new RegExp(
          `${CATEGORY_LABELS[category]}.*${data.report.categories[category].counts.warn} warn`,
        ),
      }),
    );
    const findings = screen.getAllByTestId(/^finding-/);
    expect(findings.map(f => f.getAttribute('data-testid'))).toEqual(
      expect.arrayContaining(
        warnings
          .filter(r => r.category === category)
          .map(r => `finding-${r.checkId}`),
      ),
    );
    for (const finding of findings) {
      expect(inCategory).toContain(finding.getAttribute('data-testid'));
    }
  });

  it('says when a grade cap made the grade worse than the score alone', async () => {
    const data = entityOrdersDb();
    const { score, grade, gradeCap } = data.report;
    // The demo caps grades (haPosture.thresholds.gradeCaps): orders-db fails a capped severity.
    expect(gradeCap).toBeDefined();
    expect(gradeCap!.scoreGrade).not.toBe(grade);
    const api = fakeHaPostureApi({ getEntity: jest.fn(async () => data) });
    await renderHa(<EntityHaContent />, {
      api,
      entity: componentEntity('orders-db'),
    });
    expect(
      await screen.findByRole('meter', { name: 'HA score' }),
    ).toHaveAttribute('aria-valuenow', String(score));
    expect(
      screen.getAllByRole('img', { name: `Grade ${grade}` }).length,
    ).toBeGreaterThan(0);
    const { failing, severity, scoreGrade } = gradeCap!;
    expect(
      screen.getByText(
        `Capped at ${grade}: ${failing} failing ${severity} ${
          failing === 1 ? 'check' : 'checks'
        } (score alone: ${scoreGrade})`,
      ),
    ).toBeInTheDocument();
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
