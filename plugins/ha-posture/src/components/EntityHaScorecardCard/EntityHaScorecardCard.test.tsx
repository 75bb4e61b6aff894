import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  componentEntity,
  fakeTechInsightsApi,
  ownerCheck,
  pending,
  techInsightsChecks,
  techInsightsRunCart,
} from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { EntityHaScorecardCard } from './EntityHaScorecardCard';

describe('EntityHaScorecardCard', () => {
  it('runs the HA checks for the entity and groups them by level', async () => {
    const techInsightsApi = fakeTechInsightsApi({
      getAllChecks: jest.fn(async () => [
        ...techInsightsChecks(),
        ownerCheck(),
      ]),
    });
    await renderHa(<EntityHaScorecardCard />, {
      techInsightsApi,
      entity: componentEntity('cart'),
    });
    const bronze = await screen.findByRole('region', { name: 'Bronze checks' });
    expect(techInsightsApi.runChecks).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'cart' },
      expect.not.arrayContaining(['has-owner']),
    );
    expect(within(bronze).getByText('2 of 3 passed')).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Silver checks' }),
    ).toHaveTextContent('2 of 3 passed');
    expect(
      screen.getByRole('region', { name: 'Gold checks' }),
    ).toHaveTextContent('2 of 3 passed');
    expect(
      screen.queryByRole('region', { name: 'Other checks' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText('Bronze level not reached yet'),
    ).toBeInTheDocument();

    const failing = screen.getByTestId('scorecard-ha-replicas');
    expect(failing).toHaveAttribute('data-outcome', 'fail');
    expect(
      within(failing).getByRole('link', { name: 'HA checks: replicas' }),
    ).toHaveAttribute('href', '/ha-posture/checks#replicas');
    expect(
      within(failing).getByRole('link', { name: 'replicas-min-floor' }),
    ).toHaveAttribute('href', '/ha-posture/checks#replicas-min-floor');
    expect(screen.getByTestId('scorecard-ha-probes')).toHaveAttribute(
      'data-outcome',
      'pass',
    );
  });

  it('says which checks have no facts yet', async () => {
    const techInsightsApi = fakeTechInsightsApi({
      runChecks: jest.fn(async () =>
        techInsightsRunCart().filter(r => r.check.id !== 'ha-multi-region'),
      ),
    });
    await renderHa(<EntityHaScorecardCard />, {
      techInsightsApi,
      entity: componentEntity('cart'),
    });
    const unknown = await screen.findByTestId('scorecard-ha-multi-region');
    expect(unknown).toHaveAttribute('data-outcome', 'unknown');
    expect(unknown).toHaveTextContent(/no facts for this entity yet/);
    expect(
      screen.getByText(/checks pass \(1 not evaluated\)/),
    ).toBeInTheDocument();
  });

  it('does not call a level failed before any check was evaluated', async () => {
    const techInsightsApi = fakeTechInsightsApi({
      runChecks: jest.fn(async () => []),
    });
    await renderHa(<EntityHaScorecardCard />, {
      techInsightsApi,
      entity: componentEntity('cart'),
    });
    expect(
      await screen.findByText(
        /^Not evaluated yet: Tech Insights has no HA facts/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/level not reached/)).not.toBeInTheDocument();
  });

  it('shows every Tech Insights check when asked', async () => {
    const techInsightsApi = fakeTechInsightsApi({
      getAllChecks: jest.fn(async () => [
        ...techInsightsChecks(),
        ownerCheck(),
      ]),
    });
    await renderHa(<EntityHaScorecardCard />, {
      techInsightsApi,
      entity: componentEntity('cart'),
    });
    await screen.findByRole('region', { name: 'Bronze checks' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'All checks' }));
    expect(
      await screen.findByRole('region', { name: 'Other checks' }),
    ).toHaveTextContent('Has an owner');
    expect(techInsightsApi.runChecks).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.arrayContaining(['has-owner', 'ha-replicas']),
    );
  });

  it('says when Tech Insights has no HA checks', async () => {
    const techInsightsApi = fakeTechInsightsApi({
      getAllChecks: jest.fn(async () => []),
    });
    await renderHa(<EntityHaScorecardCard />, {
      techInsightsApi,
      entity: componentEntity(),
    });
    expect(
      await screen.findByText(/Tech Insights has no HA checks/),
    ).toBeInTheDocument();
    expect(techInsightsApi.runChecks).not.toHaveBeenCalled();
  });

  it('shows a skeleton while loading and the error with a retry', async () => {
    const loading = fakeTechInsightsApi({
      getAllChecks: jest.fn(() => pending()),
    });
    const { unmount } = await renderHa(<EntityHaScorecardCard />, {
      techInsightsApi: loading,
      entity: componentEntity(),
    });
    expect(
      screen.getByRole('progressbar', { name: 'Loading HA posture' }),
    ).toBeInTheDocument();
    unmount();

    const techInsightsApi = fakeTechInsightsApi({
      runChecks: jest
        .fn()
        .mockRejectedValueOnce(
          new Error('Failed to run rules engine, Not all facts are defined'),
        )
        .mockImplementation(fakeTechInsightsApi().runChecks),
    });
    await renderHa(<EntityHaScorecardCard />, {
      techInsightsApi,
      entity: componentEntity(),
    });
    expect(
      (await screen.findAllByText(/Not all facts are defined/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('region', { name: 'Bronze checks' }),
    ).toBeInTheDocument();
  });
});
