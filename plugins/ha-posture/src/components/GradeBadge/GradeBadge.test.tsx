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

  it('says why a grade cap made the grade worse than the score', async () => {
    await renderHa(
      <GradeBadge
        grade="B"
        cap={{ severity: 'high', failing: 1, scoreGrade: 'A' }}
      />,
    );
    const badge = screen.getByRole('img', { name: 'Grade B, capped' });
    await userEvent.hover(badge);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Capped at B: 1 failing high check (score alone: A)',
    );
  });
});
