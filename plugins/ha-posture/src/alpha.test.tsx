import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import haPosturePlugin, {
  entityHaContent,
  entityHaRollupCard,
  entityHaScorecardCard,
  entityHaSummaryCard,
  haPostureApi,
  haPosturePage,
  haTechInsightsApi,
} from './alpha';
import { haPostureApiRef } from './api/HaPostureApi';
import {
  clusters,
  componentEntity,
  fakeHaPostureApi,
  groupEntity,
} from './__fixtures__';
import { isHaPostureAvailable } from './lib/entity';

jest.setTimeout(30_000);

const allowAll = { authorize: async () => ({ result: 'ALLOW' }) } as any;

describe('ha-posture for the new frontend system', () => {
  it('is the ha-posture plugin with its page, tab, cards and APIs', () => {
    expect(haPosturePlugin.pluginId).toBe('ha-posture');
    expect(haPosturePlugin.routes.root).toBeDefined();
    expect(
      [
        haPostureApi,
        haTechInsightsApi,
        haPosturePage,
        entityHaContent,
        entityHaSummaryCard,
        entityHaRollupCard,
        entityHaScorecardCard,
      ].map(e => String(e)),
    ).toEqual([
      expect.stringContaining('kind=api'),
      expect.stringContaining('name=tech-insights'),
      expect.stringContaining('kind=page'),
      expect.stringContaining('name=ha'),
      expect.stringContaining('name=summary'),
      expect.stringContaining('name=rollup'),
      expect.stringContaining('name=scorecard'),
    ]);
  });

  it('renders the page (page:ha-posture at /ha-posture) with the clusters', async () => {
    const api = fakeHaPostureApi();
    const tester = createExtensionTester(haPosturePage);
    renderInTestApp(tester.reactElement(), {
      apis: [
        [haPostureApiRef, api],
        [permissionApiRef, allowAll],
      ],
      mountPath: '/ha-posture/*',
      initialRouteEntries: ['/ha-posture'],
    });
    const prodEu = clusters().items.find(i => i.cluster.name === 'prod-eu')!;
    expect(
      await screen.findByRole(
        'link',
        { name: prodEu.cluster.title ?? prodEu.cluster.name },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Check catalog' }),
    ).toBeInTheDocument();
    expect(api.getClusters).toHaveBeenCalled();
  });

  it('renders the HA tab and the summary card for an annotated entity', async () => {
    const api = fakeHaPostureApi();
    const entity = componentEntity();
    for (const tester of [
      createExtensionTester(entityHaContent),
      createExtensionTester(entityHaSummaryCard),
    ]) {
      const { unmount } = renderInTestApp(
        <EntityProvider entity={entity}>
          {tester.reactElement()}
        </EntityProvider>,
        {
          apis: [
            [haPostureApiRef, api],
            [permissionApiRef, allowAll],
          ],
        },
      );
      expect(
        await screen.findByRole(
          'meter',
          { name: 'HA score' },
          { timeout: 15_000 },
        ),
      ).toBeInTheDocument();
      unmount();
    }
  });

  it('renders the roll-up card for a group', async () => {
    const api = fakeHaPostureApi();
    const tester = createExtensionTester(entityHaRollupCard);
    renderInTestApp(
      <EntityProvider entity={groupEntity()}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[haPostureApiRef, api]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('list', { name: /worst first/ }),
    ).toBeInTheDocument();
    expect(api.getSummary).toHaveBeenCalledWith(
      'owner',
      'group:default/team-shop',
    );
  });

  it('shows the tab and the cards only where they apply', () => {
    expect(isHaPostureAvailable(componentEntity())).toBe(true);
    expect(
      isHaPostureAvailable(
        componentEntity('x', {
          'backstage.io/kubernetes-label-selector': 'app=x',
        }),
      ),
    ).toBe(true);
    expect(isHaPostureAvailable(componentEntity('x', {}))).toBe(false);
  });
});
