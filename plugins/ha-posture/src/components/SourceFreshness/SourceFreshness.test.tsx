import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderHa } from '../../__testUtils__/renderHa';
import { SourceFreshness } from './SourceFreshness';

const fetchedAt = new Date(Date.now() - 5 * 60_000).toISOString();

describe('SourceFreshness', () => {
  it('says when the cluster was read', async () => {
    await renderHa(
      <SourceFreshness
        source={{ cluster: 'prod-eu', fetchedAt, stale: false, errors: [] }}
      />,
    );
    expect(screen.getByText('Read 5 minutes ago')).toBeInTheDocument();
  });

  it('warns about stale data and shows the errors on hover', async () => {
    await renderHa(
      <SourceFreshness
        source={{ cluster: 'prod-eu', fetchedAt, stale: true, errors: [] }}
        lastError="connect ECONNREFUSED"
      />,
    );
    const label = screen.getByText('Stale: last good data 5 minutes ago');
    await userEvent.hover(label);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /connect ECONNREFUSED/,
    );
  });

  it('says when a cluster was never read', async () => {
    await renderHa(<SourceFreshness />);
    expect(screen.getByText('Never read')).toBeInTheDocument();
  });
});
