import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { haPostureApiRef } from '../api/HaPostureApi';
import { HaPostureClient } from '../api/HaPostureClient';
import { haTechInsightsApiRef } from '../api/TechInsightsApi';
import { TechInsightsClient } from '../api/TechInsightsClient';
import { HaPostureIcon } from '../components/HaPostureIcon';
import { haPostureEntityFilter } from '../lib/entity';
import { rootRouteRef } from '../routes';

/** `api:ha-posture`: the HA posture REST client. @alpha */
export const haPostureApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: haPostureApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new HaPostureClient(deps),
    }),
});

/** `api:ha-posture/tech-insights`: the Tech Insights REST client of the HA scorecard. @alpha */
export const haTechInsightsApi = ApiBlueprint.make({
  name: 'tech-insights',
  params: defineParams =>
    defineParams({
      api: haTechInsightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new TechInsightsClient(deps),
    }),
});

/** `page:ha-posture` at `/ha-posture`: clusters, cluster details, check catalog. @alpha */
export const haPosturePage = PageBlueprint.make({
  params: {
    path: '/ha-posture',
    title: 'HA posture',
    icon: <HaPostureIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('../components/HaPosturePage/HaPosturePage').then(m =>
        compatWrapper(<m.HaPostureContent />),
      ),
  },
});

/** `entity-content:ha-posture/ha`: the HA tab, for entities with Kubernetes annotations. @alpha */
export const entityHaContent = EntityContentBlueprint.make({
  name: 'ha',
  params: {
    path: '/ha',
    title: 'HA',
    filter: haPostureEntityFilter,
    loader: () =>
      import('../components/EntityHaContent/EntityHaContent').then(m =>
        compatWrapper(<m.EntityHaContent />),
      ),
  },
});

/** `entity-card:ha-posture/summary`: the overview card. @alpha */
export const entityHaSummaryCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    // Beside "About": seen at a glance, without scrolling.
    type: 'info',
    filter: haPostureEntityFilter,
    loader: () =>
      import('../components/EntityHaSummaryCard/EntityHaSummaryCard').then(m =>
        compatWrapper(<m.EntityHaSummaryCard />),
      ),
  },
});

/** `entity-card:ha-posture/rollup`: the roll-up card on Group and System pages. @alpha */
export const entityHaRollupCard = EntityCardBlueprint.make({
  name: 'rollup',
  params: {
    filter: { kind: { $in: ['group', 'system'] } },
    loader: () =>
      import('../components/EntityHaRollupCard/EntityHaRollupCard').then(m =>
        compatWrapper(<m.EntityHaRollupCard />),
      ),
  },
});

/** `entity-card:ha-posture/scorecard`: the Tech Insights HA scorecard. @alpha */
export const entityHaScorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: haPostureEntityFilter,
    loader: () =>
      import('../components/EntityHaScorecardCard/EntityHaScorecardCard').then(
        m => compatWrapper(<m.EntityHaScorecardCard />),
      ),
  },
});
