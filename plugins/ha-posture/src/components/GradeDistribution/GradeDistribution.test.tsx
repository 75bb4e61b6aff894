import { screen } from '@testing-library/react';
import { renderHa } from '../../__testUtils__/renderHa';
import { GradeDistribution } from './GradeDistribution';

describe('GradeDistribution', () => {
  it('draws one bar with a legend, best grade first', async () => {
    await renderHa(<GradeDistribution grades={{ F: 1, A: 2, 'N/A': 1 }} />);
    expect(
      screen.getByRole('img', { name: 'Grades: 2 A, 1 F, 1 N/A' }),
    ).toBeInTheDocument();
    expect(screen.getByText('A: 2')).toBeInTheDocument();
  });

  it('draws nothing without entities', async () => {
    const { container } = await renderHa(<GradeDistribution grades={{}} />);
    expect(container.querySelector('[role="img"]')).toBeNull();
  });
});
