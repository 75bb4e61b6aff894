import { screen } from '@testing-library/react';
import { renderHa } from '../../__testUtils__/renderHa';
import { ScoreSparkline } from './ScoreSparkline';

describe('ScoreSparkline', () => {
  it('draws the trend and says how it moved', async () => {
    await renderHa(
      <ScoreSparkline
        points={[
          { day: '2026-11-24', score: 60 },
          { day: '2026-11-22', score: 50 },
          { day: '2026-11-23', score: null },
          { day: '2026-11-25', score: 72.5 },
        ]}
      />,
    );
    const svg = screen.getByRole('img', {
      name: 'Score trend over 4 days: from 50 on 2026-11-22 to 72.5 on 2026-11-25',
    });
    // A day without a score breaks the line in two.
    expect(svg.querySelectorAll('polyline')).toHaveLength(2);
    expect(screen.getByText('+22.5 since 2026-11-22')).toBeInTheDocument();
  });

  it('shows a single day as a dot', async () => {
    await renderHa(
      <ScoreSparkline points={[{ day: '2026-11-26', score: 99.4 }]} />,
    );
    expect(
      screen.getByRole('img', {
        name: /Score 99.4 on 2026-11-26; the trend appears after a second day/,
      }),
    ).toBeInTheDocument();
  });

  it('says when there is no history', async () => {
    await renderHa(
      <ScoreSparkline points={[{ day: '2026-11-26', score: null }]} />,
    );
    expect(screen.getByText('No score history yet.')).toBeInTheDocument();
  });
});
