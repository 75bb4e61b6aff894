import { screen } from '@testing-library/react';
import { clusters } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { CategoryStatusCell } from './CategoryStatusCell';

describe('CategoryStatusCell', () => {
  it('shows the counts, or a fact with the counts below', async () => {
    const devK3s = clusters().items.find(i => i.cluster.name === 'dev-k3s')!;
    const { unmount } = await renderHa(
      <CategoryStatusCell summary={devK3s.categories.network} />,
    );
    expect(screen.getByText('1 fail')).toBeInTheDocument();
    expect(screen.getByTitle('Fail')).toBeInTheDocument();
    unmount();
    await renderHa(
      <CategoryStatusCell
        summary={devK3s.categories.nodes}
        detail="1/1 ready"
        context="0 zones"
      />,
    );
    expect(screen.getByText('1/1 ready')).toBeInTheDocument();
    expect(
      screen.getByText('0 zones · 1 fail · 1 unknown'),
    ).toBeInTheDocument();
  });

  it('shows a dash without a summary', async () => {
    await renderHa(<CategoryStatusCell />);
    expect(screen.getByText('–')).toBeInTheDocument();
  });
});
