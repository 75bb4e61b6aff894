import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  componentEntity,
  entityLegacyReports,
  entityWithoutWorkloads,
  fakeHaPostureApi,
  pending,
} from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { EntityHaSummaryCard, worstFindings } from './EntityHaSummaryCard';

describe('EntityHaSummaryCard', () => {
  it('shows the score gauge, the grade, the worst three findings and a link to the tab', async () => {
    const { report } = entityLegacyReports();
    const api = fakeHaPostureApi({
      getEntity: jest.fn(async () => entityLegacyReports()),
    });
    await renderHa(<EntityHaSummaryCard />, {
      api,
      entity: componentEntity('legacy-reports'),
    });
    expect(
      await screen.findByRole('meter', { name: 'HA score' }),
    ).toHaveAttribute('aria-valuenow', String(report.score));
    expect(
      screen.getByRole('img', { name: `Grade ${report.grade}` }),
    ).toBeInTheDocument();
    // Failing high-severity checks come first.
    const worst = screen.getByText('Worst findings').parentElement!;
    expect(
      within(worst)
        .getAllByRole('link')
        .map(a => a.textContent),
    ).toEqual([
      'backup-recency',
      'backup-schedule-coverage',
      'probe-readiness',
    ]);
    expect(
      screen.getByRole('link', { name: /View HA details/ }),
    ).toHaveAttribute('href', '/catalog/default/component/legacy-reports/ha');
    // Categories needing attention; passing ones are not listed.
    const attention = screen.getByLabelText('Categories that need attention');
    expect(attention).toHaveTextContent('Backups');
    expect(attention).not.toHaveTextContent('Storage');
  });

  it('orders worst findings by status, then severity', () => {
    const results = entityLegacyReports().report.results;
    expect(worstFindings(results).map(r => r.status)).toEqual([
      'fail',
      'fail',
      'fail',
    ]);
    expect(worstFindings(results, 20).at(-1)!.status).toBe('warn');
  });

  it('shows a skeleton while loading', async () => {
    const api = fakeHaPostureApi({ getEntity: jest.fn(() => pending()) });
    await renderHa(<EntityHaSummaryCard />, { api, entity: componentEntity() });
    expect(
      screen.getByRole('progressbar', { name: 'Loading HA posture' }),
    ).toBeInTheDocument();
  });

  it('says when the entity has no workloads', async () => {
    const api = fakeHaPostureApi({
      getEntity: jest.fn(async () => entityWithoutWorkloads()),
    });
    await renderHa(<EntityHaSummaryCard />, { api, entity: componentEntity() });
    expect(
      await screen.findByText(/No workloads of this entity were found/),
    ).toBeInTheDocument();
  });

  it('shows the error and retries', async () => {
    const api = fakeHaPostureApi({
      getEntity: jest
        .fn()
        .mockRejectedValueOnce(new Error('connection refused'))
        .mockImplementation(fakeHaPostureApi().getEntity),
    });
    await renderHa(<EntityHaSummaryCard />, { api, entity: componentEntity() });
    expect(
      (await screen.findAllByText(/connection refused/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('meter', { name: 'HA score' }),
    ).toBeInTheDocument();
  });

  it('shows the missing-annotation state for entities without Kubernetes annotations', async () => {
    await renderHa(<EntityHaSummaryCard />, {
      entity: componentEntity('docs', {}),
    });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
  });
});
