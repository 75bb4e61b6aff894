export interface Config {
  techInsights?: {
    factRetrievers?: {
      /**
       * The HA Posture fact retriever of this module. It runs only when `cadence` is set; bound
       * the fact rows it keeps with `lifecycle` (e.g. `{ maxItems: 10 }`), as for any retriever.
       * The module has no other configuration: the facts come from the HA Posture backend.
       */
      haPostureFactRetriever?: {
        /** Cron expression, e.g. every ten minutes. */
        cadence?: string;
      };
    };
  };
}
