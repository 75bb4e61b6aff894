import { screen } from '@testing-library/react';
import { renderHa } from '../../__testUtils__/renderHa';
import { ScoreGauge } from './ScoreGauge';

describe('ScoreGauge', () => {
  it('shows the score and the grade', async () => {
    await renderHa(<ScoreGauge score={86.9} grade="B" />);
    expect(screen.getByRole('meter', { name: 'HA score' })).toHaveAttribute(
      'aria-valuetext',
      '86.9 of 100',
    );
    expect(screen.getByRole('img', { name: 'Grade B' })).toHaveTextContent('B');
    expect(screen.getByText('Score 86.9 / 100')).toBeInTheDocument();
  });

  it('never rounds a score up to a perfect 100', async () => {
    await renderHa(<ScoreGauge score={99.5} grade="A" />);
    const meter = screen.getByRole('meter', { name: 'HA score' });
    expect(meter).toHaveTextContent('99.5');
    expect(meter).not.toHaveTextContent(/^100$/);
  });

  it('says why a grade cap made the grade worse than the score', async () => {
    await renderHa(
      <ScoreGauge
        score={92}
        grade="B"
        gradeCap={{ severity: 'high', failing: 2, scoreGrade: 'A' }}
      />,
    );
    expect(screen.getByRole('img', { name: 'Grade B' })).toBeInTheDocument();
    expect(
      screen.getByText('Capped at B: 2 failing high checks (score alone: A)'),
    ).toBeInTheDocument();
  });

  it('is honest about a missing score', async () => {
    await renderHa(<ScoreGauge score={null} grade="N/A" />);
    expect(screen.getByRole('meter', { name: 'HA score' })).toHaveAttribute(
      'aria-valuetext',
      'not available',
    );
    expect(screen.getByText('N/A', { selector: 'div' })).toBeInTheDocument();
    expect(
      screen.getByText('No score: nothing was evaluable'),
    ).toBeInTheDocument();
  });
});
