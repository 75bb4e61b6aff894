import { createApiRef } from '@backstage/core-plugin-api';
import { HaEntityName } from './HaPostureApi';

/** A link of a Tech Insights check. @public */
export interface TechInsightsCheckLink {
  title: string;
  url: string;
}

/** A check as `GET /api/tech-insights/checks` lists it. @public */
export interface TechInsightsCheck {
  id: string;
  type?: string;
  name: string;
  description: string;
  factIds?: string[];
  /** For the HA checks: `{ level: bronze|silver|gold, category, haChecks: [ids] }`. */
  metadata?: Record<string, unknown>;
  links?: TechInsightsCheckLink[];
}

/** One result of `POST /api/tech-insights/checks/run/:namespace/:kind/:name`. @public */
export interface TechInsightsCheckResult {
  facts: Record<string, unknown>;
  result: unknown;
  check: TechInsightsCheck;
}

/**
 * The small part of the Tech Insights backend REST API the HA scorecard needs (the Tech Insights
 * frontend packages are not required).
 * @public
 */
export interface TechInsightsApi {
  getAllChecks(): Promise<TechInsightsCheck[]>;
  /** Runs the given checks (all when omitted) for one entity. */
  runChecks(
    entity: HaEntityName,
    checks?: string[],
  ): Promise<TechInsightsCheckResult[]>;
}

/** @public */
export const haTechInsightsApiRef = createApiRef<TechInsightsApi>({
  id: 'plugin.ha-posture.tech-insights',
});
