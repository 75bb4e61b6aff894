import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { haPostureApiRef } from './api/HaPostureApi';
import { HaPostureClient } from './api/HaPostureClient';
import { haTechInsightsApiRef } from './api/TechInsightsApi';
import { TechInsightsClient } from './api/TechInsightsClient';
import {
  checksRouteRef,
  clusterRouteRef,
  entityContentRouteRef,
  rootRouteRef,
} from './routes';

/** The HA posture plugin for the legacy frontend system (`createApp` from core-app-api). @public */
export const haPosturePlugin = createPlugin({
  id: 'ha-posture',
  apis: [
    createApiFactory({
      api: haPostureApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new HaPostureClient(deps),
    }),
    createApiFactory({
      api: haTechInsightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new TechInsightsClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    cluster: clusterRouteRef,
    checks: checksRouteRef,
    entityContent: entityContentRouteRef,
  },
});

/** The clusters page with cluster details and the check catalog: `<Route path="/ha-posture" element={<HaClustersPage />} />`. @public */
export const HaClustersPage = haPosturePlugin.provide(
  createRoutableExtension({
    name: 'HaClustersPage',
    component: () =>
      import('./components/HaPosturePage/HaPosturePage').then(
        m => m.HaPosturePage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/** The entity HA tab: `<EntityLayout.Route path="/ha" title="HA" if={isHaPostureAvailable}>`. @public */
export const EntityHaContent = haPosturePlugin.provide(
  createRoutableExtension({
    name: 'EntityHaContent',
    component: () =>
      import('./components/EntityHaContent/EntityHaContent').then(
        m => m.EntityHaContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/** Overview card: score gauge, grade, worst three findings and a link to the tab. @public */
export const EntityHaSummaryCard = haPosturePlugin.provide(
  createComponentExtension({
    name: 'EntityHaSummaryCard',
    component: {
      lazy: () =>
        import('./components/EntityHaSummaryCard/EntityHaSummaryCard').then(
          m => m.EntityHaSummaryCard,
        ),
    },
  }),
);

/** Roll-up card for Group (owned entities) and System pages. @public */
export const EntityHaRollupCard = haPosturePlugin.provide(
  createComponentExtension({
    name: 'EntityHaRollupCard',
    component: {
      lazy: () =>
        import('./components/EntityHaRollupCard/EntityHaRollupCard').then(
          m => m.EntityHaRollupCard,
        ),
    },
  }),
);

/** The HA scorecard: the Tech Insights HA checks run for the entity. @public */
export const EntityHaScorecardCard = haPosturePlugin.provide(
  createComponentExtension({
    name: 'EntityHaScorecardCard',
    component: {
      lazy: () =>
        import('./components/EntityHaScorecardCard/EntityHaScorecardCard').then(
          m => m.EntityHaScorecardCard,
        ),
    },
  }),
);
