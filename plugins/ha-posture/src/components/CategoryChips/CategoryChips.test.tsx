import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityCheckout } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { CategoryChips, countsText } from './CategoryChips';

describe('CategoryChips', () => {
  it('summarizes counts, problems first', () => {
    expect(countsText({ pass: 4, fail: 2, warn: 1 })).toBe('2 fail · 1 warn');
    expect(countsText({ pass: 4 })).toBe('4 pass');
    expect(countsText({ pass: 0, exempt: 1 })).toBe('1 exempt');
    expect(countsText({})).toBe('n/a');
  });

  it('toggles a category filter', async () => {
    const onSelect = jest.fn();
    const { rerender } = await renderHa(
      <CategoryChips
        categories={entityCheckout().report.categories}
        onSelect={onSelect}
      />,
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(12);
    await userEvent.click(screen.getByRole('button', { name: /Spread/ }));
    expect(onSelect).toHaveBeenCalledWith('spread');
    rerender(
      <CategoryChips
        categories={entityCheckout().report.categories}
        selected="spread"
        onSelect={onSelect}
      />,
    );
    expect(screen.getByRole('button', { name: /Spread/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('button', { name: /Replicas/ })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  });
});
