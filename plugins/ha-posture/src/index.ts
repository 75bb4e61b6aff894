/**
 * HA Posture frontend plugin: the entity HA tab, summary, roll-up and scorecard cards, and the
 * clusters page. The new frontend system's plugin is the default export of `./alpha`.
 *
 * @packageDocumentation
 */
export {
  haPosturePlugin,
  HaClustersPage,
  EntityHaContent,
  EntityHaSummaryCard,
  EntityHaRollupCard,
  EntityHaScorecardCard,
} from './plugin';
export { isHaPostureAvailable } from './lib/entity';
export { haPostureApiRef } from './api/HaPostureApi';
export type { HaPostureApi, HaEntityName } from './api/HaPostureApi';
export { HaPostureClient } from './api/HaPostureClient';
export { haTechInsightsApiRef } from './api/TechInsightsApi';
export type {
  TechInsightsApi,
  TechInsightsCheck,
  TechInsightsCheckLink,
  TechInsightsCheckResult,
} from './api/TechInsightsApi';
export { TechInsightsClient } from './api/TechInsightsClient';
export { rootRouteRef as haPostureRouteRef } from './routes';
