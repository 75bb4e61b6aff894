import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import {
  HA_POSTURE_FACT_RETRIEVER_ID,
  haPostureFactRetriever,
} from './haPostureFactRetriever';

/**
 * Tech Insights module that publishes HA Posture facts. The retriever runs when
 * `techInsights.factRetrievers.haPostureFactRetriever.cadence` is configured; bound its storage
 * with `lifecycle: { maxItems: N }` there. Default checks: ha-checks.yaml in this package.
 * @public
 */
export const techInsightsModuleHaPosture = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'ha-posture',
  register(reg) {
    reg.registerInit({
      deps: { retrievers: techInsightsFactRetrieversExtensionPoint },
      async init({ retrievers }) {
        retrievers.addFactRetrievers({ [HA_POSTURE_FACT_RETRIEVER_ID]: haPostureFactRetriever });
      },
    });
  },
});
