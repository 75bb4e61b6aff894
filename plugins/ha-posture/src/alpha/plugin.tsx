import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { HaPostureIcon } from '../components/HaPostureIcon';
import { checksRouteRef, clusterRouteRef, rootRouteRef } from '../routes';
import {
  entityHaContent,
  entityHaRollupCard,
  entityHaScorecardCard,
  entityHaSummaryCard,
  haPostureApi,
  haPosturePage,
  haTechInsightsApi,
} from './extensions';

/**
 * The HA posture plugin for the new frontend system: APIs, the `/ha-posture` page (nav item
 * `page:ha-posture`), the entity HA tab and the summary, roll-up and scorecard cards.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ha-posture',
  title: 'HA posture',
  icon: <HaPostureIcon />,
  info: { packageJson: () => import('../../package.json') },
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    cluster: clusterRouteRef,
    checks: checksRouteRef,
  }),
  extensions: [
    haPostureApi,
    haTechInsightsApi,
    haPosturePage,
    entityHaContent,
    entityHaSummaryCard,
    entityHaRollupCard,
    entityHaScorecardCard,
  ],
});
