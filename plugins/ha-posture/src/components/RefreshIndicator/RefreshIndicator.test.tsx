import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeHaPostureApi, refreshStatus } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { RefreshIndicator } from './RefreshIndicator';

let allowed = true;
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: () => ({ loading: false, allowed }),
}));

describe('RefreshIndicator', () => {
  beforeEach(() => {
    allowed = true;
  });

  it('shows when data was last refreshed, with the details on hover', async () => {
    await renderHa(<RefreshIndicator />);
    const status = await screen.findByText(/^Last refreshed/);
    await userEvent.hover(status);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /4 clusters, 12 entities, 117 API requests/,
    );
  });

  it('hides the refresh button from users without the refresh permission', async () => {
    allowed = false;
    await renderHa(<RefreshIndicator />);
    await screen.findByText(/^Last refreshed/);
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it('triggers a refresh, shows it running and reports when it finished', async () => {
    const before = refreshStatus();
    const after = {
      lastRefresh: {
        ...before.lastRefresh!,
        finishedAt: new Date().toISOString(),
        errors: ['dev-k3s: timeout'],
      },
    };
    const api = fakeHaPostureApi({
      getRefreshStatus: jest
        .fn()
        .mockResolvedValueOnce(before) // on load
        .mockResolvedValueOnce(before) // before the trigger
        .mockResolvedValueOnce(before) // still running
        .mockResolvedValue(after),
    });
    const onRefreshed = jest.fn();
    await renderHa(
      <RefreshIndicator onRefreshed={onRefreshed} pollIntervalMs={20} />,
      { api },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
    );
    expect(
      await screen.findByText('Refreshing all clusters…'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeDisabled();
    await waitFor(() => expect(onRefreshed).toHaveBeenCalledTimes(1));
    expect(api.refresh).toHaveBeenCalledTimes(1);
    expect(
      await screen.findByText('Last refreshed just now'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 error')).toBeInTheDocument();
  });

  it('reports a refused refresh', async () => {
    const api = fakeHaPostureApi({
      refresh: jest
        .fn()
        .mockRejectedValue(new Error('Missing permission ha-posture.refresh')),
    });
    await renderHa(<RefreshIndicator pollIntervalMs={20} />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Missing permission ha-posture.refresh',
    );
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeEnabled();
  });

  it('says when no refresh has finished yet', async () => {
    const api = fakeHaPostureApi({
      getRefreshStatus: jest.fn(async () => ({ lastRefresh: null })),
    });
    await renderHa(<RefreshIndicator />, { api });
    expect(await screen.findByText('Not refreshed yet')).toBeInTheDocument();
  });
});
