import { screen, within } from '@testing-library/react';
import { compareGrades } from '@ha-posture/plugin-ha-posture-common';
import { clusters } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { relativeTime } from '../../lib/time';
import { ClustersTable } from './ClustersTable';

jest.setTimeout(30_000);

describe('ClustersTable', () => {
  it('lists clusters worst first (grade, then score) and links each to its view', async () => {
    const items = clusters().items;
    const worstFirst = [...items].sort(compareGrades);
    await renderHa(<ClustersTable items={items} />);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('link')[0].getAttribute('href')),
    ).toEqual(worstFirst.map(i => `/ha-posture/clusters/${i.cluster.name}`));
    // The single-node k3s cluster is the worst; its control plane is its one node.
    expect(worstFirst[0].cluster.name).toBe('dev-k3s');
    expect(rows[0]).toHaveTextContent('1 member');
    // Freshness is the fixture's read time, relative to now ("yesterday",
    // "3 days ago"): derived here so the test does not depend on the date.
    const source = worstFirst[0].sources.find(
      s => s.cluster === worstFirst[0].cluster.name,
    )!;
    expect(rows[0]).toHaveTextContent(`Read ${relativeTime(source.fetchedAt)}`);
  });

  it('sorts a capped grade with its grade, not its score, and says why it is capped', async () => {
    const items = clusters().items;
    const capped = items.find(i => i.gradeCap)!;
    expect(capped).toBeDefined();
    await renderHa(<ClustersTable items={items} />);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    const row = rows.find(r =>
      r.textContent?.includes(capped.cluster.title ?? capped.cluster.name),
    )!;
    expect(
      within(row).getByRole('img', { name: `Grade ${capped.grade}, capped` }),
    ).toBeInTheDocument();
    // Every cluster listed before it has a worse or equal grade.
    const order = 'FDCBA';
    const index = rows.indexOf(row);
    for (const item of [...items].sort(compareGrades).slice(0, index))
      expect(order.indexOf(item.grade)).toBeLessThanOrEqual(
        order.indexOf(capped.grade),
      );
  });
});
