/**
 * Tech Insights module: HA Posture facts and default HA checks.
 *
 * @packageDocumentation
 */
export { techInsightsModuleHaPosture as default } from './module';
export {
  haPostureFactRetriever,
  HA_POSTURE_FACT_RETRIEVER_ID,
  toTechInsightFact,
} from './haPostureFactRetriever';
