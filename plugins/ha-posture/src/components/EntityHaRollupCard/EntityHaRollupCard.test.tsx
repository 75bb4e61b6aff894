import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  fakeHaPostureApi,
  groupEntity,
  pending,
  summaryOwnerTeamShop,
  systemEntity,
} from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { EntityHaRollupCard } from './EntityHaRollupCard';

describe('EntityHaRollupCard', () => {
  it('lists the entities a group owns, worst first', async () => {
    const group = summaryOwnerTeamShop().groups[0];
    const api = fakeHaPostureApi();
    await renderHa(<EntityHaRollupCard />, { api, entity: groupEntity() });
    expect(api.getSummary).toHaveBeenCalledWith(
      'owner',
      'group:default/team-shop',
    );
    const rows = within(
      await screen.findByRole('list', { name: /worst first/ }),
    ).getAllByRole('listitem');
    expect(rows).toHaveLength(group.entities.length);
    expect(rows[0]).toHaveTextContent(String(group.worstScore));
    expect(screen.getByText(String(group.averageScore))).toBeInTheDocument(); // average
    // Best grade first, whatever order the response lists them in.
    const grades = (['A', 'B', 'C', 'D', 'F'] as const)
      .filter(g => group.grades[g])
      .map(g => `${group.grades[g]} ${g}`);
    expect(
      screen.getByRole('img', { name: `Grades: ${grades.join(', ')}` }),
    ).toBeInTheDocument();
    const top = group.failingChecks[0];
    expect(
      screen.getByText(`${top.checkId} × ${top.count}`).closest('a'),
    ).toHaveAttribute('href', `/ha-posture/checks#${top.checkId}`);
    expect(entityRouteRef).toBeDefined();
  });

  it('uses groupBy=system on System pages', async () => {
    const api = fakeHaPostureApi();
    await renderHa(<EntityHaRollupCard />, { api, entity: systemEntity() });
    await screen.findByRole('list', { name: /worst first/ });
    expect(api.getSummary).toHaveBeenCalledWith(
      'system',
      'system:default/shop',
    );
    expect(
      screen.getByText('Entities in this system, worst first'),
    ).toBeInTheDocument();
  });

  it('says when no entity has a report', async () => {
    const api = fakeHaPostureApi({
      getSummary: jest.fn(async () => ({
        groupBy: 'owner' as const,
        groups: [],
      })),
    });
    await renderHa(<EntityHaRollupCard />, {
      api,
      entity: groupEntity('team-empty'),
    });
    expect(
      await screen.findByText(
        /No entities owned by this group have an HA report yet/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a skeleton while loading, and the error with a retry', async () => {
    const api = fakeHaPostureApi({ getSummary: jest.fn(() => pending()) });
    const { unmount } = await renderHa(<EntityHaRollupCard />, {
      api,
      entity: groupEntity(),
    });
    expect(
      screen.getByRole('progressbar', { name: 'Loading HA posture' }),
    ).toBeInTheDocument();
    unmount();

    const failing = fakeHaPostureApi({
      getSummary: jest
        .fn()
        .mockRejectedValueOnce(new Error('timeout'))
        .mockImplementation(fakeHaPostureApi().getSummary),
    });
    await renderHa(<EntityHaRollupCard />, {
      api: failing,
      entity: groupEntity(),
    });
    expect((await screen.findAllByText(/timeout/)).length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('list', { name: /worst first/ }),
    ).toBeInTheDocument();
  });
});
