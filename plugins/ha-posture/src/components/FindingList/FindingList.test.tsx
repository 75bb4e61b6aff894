import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityCheckout, entityLegacyReports } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { FindingList } from './FindingList';

describe('FindingList', () => {
  it('lists failures first, then warnings, then exemptions; passing checks folded', async () => {
    const results = entityLegacyReports().workloads[0].report.results;
    await renderHa(<FindingList results={[...results].reverse()} />);
    const statuses = screen
      .getAllByTestId(/^finding-/)
      .map(f => f.getAttribute('data-status'));
    expect(statuses.indexOf('warn')).toBeGreaterThan(
      statuses.lastIndexOf('fail'),
    );
    expect(statuses).not.toContain('pass');
    await userEvent.click(
      screen.getByRole('button', { name: /^Show \d+ passed checks/ }),
    );
    expect(
      screen
        .getAllByTestId(/^finding-/)
        .some(f => f.getAttribute('data-status') === 'pass'),
    ).toBe(true);
  });

  it('says when nothing is wrong, and when nothing matches', async () => {
    const passing = entityCheckout().workloads[0].report.results.filter(
      r => r.status === 'pass',
    );
    const { unmount } = await renderHa(<FindingList results={passing} />);
    expect(screen.getByText('No problems found here.')).toBeInTheDocument();
    // Nothing to keep on top: the passes are shown, not folded (e.g. a filter on pass).
    expect(
      screen.queryByRole('button', { name: /passed check/ }),
    ).not.toBeInTheDocument();
    expect(screen.getAllByTestId(/^finding-/)).toHaveLength(passing.length);
    unmount();
    await renderHa(<FindingList results={[]} />);
    expect(
      screen.getByText('No results match the filters.'),
    ).toBeInTheDocument();
  });
});
