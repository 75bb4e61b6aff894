import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderHa } from '../../__testUtils__/renderHa';
import { GradeBadge } from './GradeBadge';

describe('GradeBadge', () => {
  it('shows the grade and what it means', async () => {
    await renderHa(<GradeBadge grade="D" />);
    const badge = screen.getByRole('img', { name: 'Grade D' });
    expect(badge).toHaveTextContent('D');
    await userEvent.hover(badge);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Grade D: Weak (40 to 59)',
    );
  });
});
