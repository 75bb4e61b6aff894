import { HA_CATEGORIES } from '@ha-posture/plugin-ha-posture-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { checks, fakeHaPostureApi, pending } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { CheckCatalog } from './CheckCatalog';

// Whole pages with real MUI and Backstage components: slow on shared CI machines.
jest.setTimeout(30_000);

describe('CheckCatalog', () => {
  it('lists every check by category, with an anchor per check and per category', async () => {
    await renderHa(<CheckCatalog />);
    const replicas = await screen.findByRole('region', { name: 'Replicas' });
    expect(replicas).toHaveAttribute('id', 'replicas');
    const check = within(replicas).getByTestId('check-replicas-min-floor');
    expect(check).toHaveAttribute('id', 'replicas-min-floor');
    expect(check).toHaveTextContent('Why it matters');
    expect(check).toHaveTextContent('Remediation');
    // How grades are given, once the grading in force is known; then the categories.
    await screen.findByRole('region', { name: 'How grades are given' });
    expect(screen.getAllByRole('region').map(r => r.id)).toEqual([
      'grading',
      ...HA_CATEGORIES,
    ]);
    const apiservers = screen.getByTestId('check-control-plane-apiservers');
    const parameters = within(apiservers).getByRole('table', {
      name: /Parameters/,
    });
    expect(parameters).toHaveTextContent('leaseFreshSeconds');
    // What an override may be, as the backend declares it.
    expect(
      within(parameters).getByRole('row', { name: /leaseFreshSeconds/ }),
    ).toHaveTextContent('60≥ 1');
    expect(
      within(apiservers)
        .getAllByRole('link')
        .some(a =>
          a.getAttribute('href')?.startsWith('https://kubernetes.io/'),
        ),
    ).toBe(true);
  });

  it('highlights and scrolls to the check named in the URL hash', async () => {
    const scrollIntoView = jest.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    await renderHa(<CheckCatalog />, {
      routeEntries: ['/ha-posture/checks#pdb-blocks-drain'],
    });
    const target = await screen.findByTestId('check-pdb-blocks-drain');
    expect(target.className).toMatch(/targeted/);
    expect(scrollIntoView).toHaveBeenCalled();
  });

  it('searches', async () => {
    await renderHa(<CheckCatalog />);
    await userEvent.type(
      await screen.findByRole('textbox', { name: 'Search checks' }),
      'velero',
    );
    expect(
      screen.queryByTestId('check-replicas-min-floor'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByTestId('check-backup-schedule-coverage'),
    ).toBeInTheDocument();
    await userEvent.clear(
      screen.getByRole('textbox', { name: 'Search checks' }),
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search checks' }),
      'zzzz',
    );
    expect(screen.getByText(/No check matches/)).toBeInTheDocument();
  });

  it('shows a configured severity beside the default, and checks disabled in config', async () => {
    const configured = checks();
    configured.items = configured.items.map(c => {
      if (c.id === 'priority-class')
        return { ...c, configuredSeverity: 'high' as const };
      if (c.id === 'probes-identical') return { ...c, enabled: false };
      return c;
    });
    await renderHa(<CheckCatalog />, {
      api: fakeHaPostureApi({ getChecks: jest.fn(async () => configured) }),
    });
    const priority = await screen.findByTestId('check-priority-class');
    expect(priority).toHaveTextContent(/high/i);
    expect(priority).toHaveTextContent('default medium');
    expect(screen.getByTestId('check-probes-identical')).toHaveTextContent(
      'disabled in config',
    );
    expect(
      screen.getByTestId('check-replicas-min-floor'),
    ).not.toHaveTextContent(/default (critical|high|medium|low)/);
  });

  it('shows a skeleton while loading, and the error with a retry', async () => {
    const loading = fakeHaPostureApi({ getChecks: jest.fn(() => pending()) });
    const { unmount } = await renderHa(<CheckCatalog />, { api: loading });
    expect(
      screen.getByRole('progressbar', { name: 'Loading HA posture' }),
    ).toBeInTheDocument();
    unmount();
    const api = fakeHaPostureApi({
      getChecks: jest
        .fn()
        .mockRejectedValueOnce(new Error('Unauthorized'))
        .mockImplementation(fakeHaPostureApi().getChecks),
    });
    await renderHa(<CheckCatalog />, { api });
    expect((await screen.findAllByText(/Unauthorized/)).length).toBeGreaterThan(
      0,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('region', { name: 'Replicas' }),
    ).toBeInTheDocument();
  });
});
