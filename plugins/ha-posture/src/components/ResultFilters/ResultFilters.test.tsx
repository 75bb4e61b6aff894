import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { entityLegacyReports } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { useResultFilters } from '../../hooks/useResultFilters';
import { ResultFilters } from './ResultFilters';

function Harness() {
  const state = useResultFilters();
  const { search } = useLocation();
  return (
    <>
      <ResultFilters
        state={state}
        results={entityLegacyReports().report.results}
        clusters={['prod-eu', 'prod-us']}
      />
      <output>{search}</output>
    </>
  );
}

describe('ResultFilters', () => {
  it('keeps category, status and cluster in the URL', async () => {
    await renderHa(<Harness />);
    const statuses = screen.getByRole('group', { name: 'Status' });
    expect(
      within(statuses).getByRole('button', { name: /Fail 7/ }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(statuses).getByRole('button', { name: /Fail 7/ }),
    );
    await userEvent.click(
      within(statuses).getByRole('button', { name: /Warning 4/ }),
    );
    expect(screen.getByRole('status')).toHaveTextContent('?status=fail%2Cwarn');

    await userEvent.click(screen.getByRole('button', { name: 'Category' }));
    await userEvent.click(
      await screen.findByRole('option', { name: /Backups \(/ }),
    );
    expect(screen.getByRole('status')).toHaveTextContent('category=backups');

    await userEvent.click(screen.getByRole('button', { name: 'Cluster' }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'prod-us' }),
    );
    expect(screen.getByRole('status')).toHaveTextContent('cluster=prod-us');

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });
});
