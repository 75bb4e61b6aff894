import { HaChecksResponse } from '@ha-posture/plugin-ha-posture-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReactNode, useState } from 'react';
import { renderHa } from '../../__testUtils__/renderHa';
import { checks, fakeHaPostureApi, pending } from '../../__fixtures__';
import { GradeBadge } from './GradeBadge';

/** Hovers the badge named `name` and waits until its tooltip (its description) matches `text`. */
async function expectTooltip(name: string, text: string | RegExp) {
  const badge = screen.getByRole('img', { name });
  await userEvent.hover(badge);
  await waitFor(() => expect(badge).toHaveAccessibleDescription(text));
  await userEvent.unhover(badge);
}

/** The recorded catalog with another grading (or none). */
const checksWith = (grading: unknown): HaChecksResponse =>
  ({ ...checks(), grading } as HaChecksResponse);

/** Its children once "Mount" is clicked: a badge appearing after the others, as on navigation. */
function MountLater(props: { children: ReactNode }) {
  const [shown, setShown] = useState(false);
  return shown ? (
    <>{props.children}</>
  ) : (
    <button onClick={() => setShown(true)}>Mount</button>
  );
}

describe('GradeBadge', () => {
  it('shows the grade, what it means under the thresholds in force, and the caps', async () => {
    // The recording: the default thresholds, caps critical D and high B (app-config.yaml).
    await renderHa(<GradeBadge grade="D" />);
    expect(screen.getByRole('img', { name: 'Grade D' })).toHaveTextContent('D');
    await expectTooltip(
      'Grade D',
      'Grade D: Weak (40 to under 60). A failing critical check caps the grade at D, a failing high check at B.',
    );
  });

  it('words the configured thresholds, without a caps sentence when there are none', async () => {
    const api = fakeHaPostureApi({
      getChecks: jest.fn(async () =>
        checksWith({ thresholds: { A: 85, B: 70, C: 55, D: 30 }, caps: {} }),
      ),
    });
    await renderHa(
      <>
        <GradeBadge grade="A" />
        <GradeBadge grade="B" />
        <GradeBadge grade="N/A" />
      </>,
      { api },
    );
    await expectTooltip(
      'Grade A',
      'Grade A: Highly available (score 85 or more)',
    );
    await expectTooltip(
      'Grade B',
      'Grade B: Mostly available (70 to under 85)',
    );
    await expectTooltip('Grade N/A', 'Grade N/A: Nothing could be evaluated');
  });

  it.each([
    ['loading', () => pending<HaChecksResponse>()],
    ['failing', () => Promise.reject(new Error('503 Service Unavailable'))],
    ['absent (an older backend)', async () => checksWith(undefined)],
    ['incomplete', async () => checksWith({ thresholds: { A: 85 }, caps: {} })],
  ])(
    'says what the grade means without numbers while the grading is %s',
    async (_state, getChecks: () => Promise<HaChecksResponse>) => {
      const api = fakeHaPostureApi({ getChecks: jest.fn(getChecks) });
      await renderHa(<GradeBadge grade="B" />, { api });
      await waitFor(() => expect(api.getChecks).toHaveBeenCalled());
      // Let an answer, if any, be applied before reading the tooltip.
      await new Promise(resolve => setTimeout(resolve, 0));
      await expectTooltip('Grade B', 'Grade B: Mostly available');
    },
  );

  it('asks once for all the badges; a badge mounted later has the numbers from its first render', async () => {
    const api = fakeHaPostureApi();
    await renderHa(
      <>
        <GradeBadge grade="A" />
        <GradeBadge grade="C" />
        <MountLater>
          <GradeBadge grade="F" />
        </MountLater>
      </>,
      { api },
    );
    await expectTooltip('Grade C', /^Grade C: Fragile \(60 to under 75\)\./);
    await userEvent.click(screen.getByRole('button', { name: 'Mount' }));
    const later = screen.getByRole('img', { name: 'Grade F' });
    await userEvent.hover(later);
    // No waiting: the answer is already there.
    expect(later).toHaveAccessibleDescription(
      /^Grade F: Single points of failure \(below 40\)\./,
    );
    expect(api.getChecks).toHaveBeenCalledTimes(1);
  });

  it('asks again for a badge mounted after a failed request', async () => {
    const api = fakeHaPostureApi();
    api.getChecks.mockRejectedValueOnce(new Error('503 Service Unavailable'));
    await renderHa(
      <>
        <GradeBadge grade="B" />
        <MountLater>
          <GradeBadge grade="D" />
        </MountLater>
      </>,
      { api },
    );
    await waitFor(() => expect(api.getChecks).toHaveBeenCalledTimes(1));
    await expectTooltip('Grade B', 'Grade B: Mostly available');
    await userEvent.click(screen.getByRole('button', { name: 'Mount' }));
    await expectTooltip('Grade D', /^Grade D: Weak \(40 to under 60\)\./);
    expect(api.getChecks).toHaveBeenCalledTimes(2);
  });

  it('says why a grade cap made the grade worse than the score', async () => {
    await renderHa(
      <GradeBadge
        grade="B"
        cap={{ severity: 'high', failing: 1, scoreGrade: 'A' }}
      />,
    );
    await expectTooltip(
      'Grade B, capped',
      'Capped at B: 1 failing high check (score alone: A)',
    );
  });
});
