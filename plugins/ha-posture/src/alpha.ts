/**
 * The HA posture plugin for the new frontend system (default export) and its extensions.
 *
 * @packageDocumentation
 */
export { default } from './alpha/plugin';
export {
  entityHaContent,
  entityHaRollupCard,
  entityHaScorecardCard,
  entityHaSummaryCard,
  haPostureApi,
  haPosturePage,
  haTechInsightsApi,
} from './alpha/extensions';
