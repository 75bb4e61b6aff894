import { HaChecksResponse } from '@ha-posture/plugin-ha-posture-common';
import { screen, waitFor } from '@testing-library/react';
import { renderHa } from '../../__testUtils__/renderHa';
import { checks, fakeHaPostureApi } from '../../__fixtures__';
import { GradingSummary } from './GradingSummary';

const checksWith = (grading: unknown): HaChecksResponse =>
  ({ ...checks(), grading } as HaChecksResponse);

describe('GradingSummary', () => {
  it('gives the weights, the thresholds and the caps in force', async () => {
    // The recording: the default thresholds, caps critical D and high B (app-config.yaml).
    await renderHa(<GradingSummary />);
    const section = await screen.findByRole('region', {
      name: 'How grades are given',
    });
    expect(section).toHaveTextContent(
      'weighted by severity (critical 10, high 5, medium 3, low 1)',
    );
    const grades = screen.getAllByRole('listitem').map(li => li.textContent);
    expect(grades).toEqual([
      'AHighly available (score 90 or more)',
      'BMostly available (75 to under 90)',
      'CFragile (60 to under 75)',
      'DWeak (40 to under 60)',
      'FSingle points of failure (below 40)',
    ]);
    expect(section).toHaveTextContent(
      'A failing critical check caps the grade at D, a failing high check at B.',
    );
  });

  it('follows configured thresholds, with no caps sentence without caps', async () => {
    const api = fakeHaPostureApi({
      getChecks: jest.fn(async () =>
        checksWith({ thresholds: { A: 85, B: 70, C: 55, D: 30 }, caps: {} }),
      ),
    });
    await renderHa(<GradingSummary />, { api });
    const section = await screen.findByRole('region', {
      name: 'How grades are given',
    });
    expect(section).toHaveTextContent('Mostly available (70 to under 85)');
    expect(section).not.toHaveTextContent('caps the grade');
  });

  it('shows nothing while the grading is unknown', async () => {
    const getChecks = jest.fn(async () => {
      throw new Error('backend down');
    });
    await renderHa(<GradingSummary />, {
      api: fakeHaPostureApi({ getChecks }),
    });
    await waitFor(() => expect(getChecks).toHaveBeenCalled());
    expect(
      screen.queryByRole('region', { name: 'How grades are given' }),
    ).not.toBeInTheDocument();
  });
});
