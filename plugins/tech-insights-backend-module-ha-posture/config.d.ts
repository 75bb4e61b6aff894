export interface Config {
  /** HA Posture Tech Insights module. */
  haPostureTechInsights?: {
    /** Maximum number of fact rows kept per entity for the HA retriever (default 10). */
    maxItems?: number;
  };
}
