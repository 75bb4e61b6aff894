import { createApiRef } from '@backstage/core-plugin-api';
import {
  HaChecksResponse,
  HaClusterResponse,
  HaClustersResponse,
  HaEntityResponse,
  HaHistoryResponse,
  HaRefreshRecord,
  HaSummaryResponse,
} from '@ha-posture/plugin-ha-posture-common';

/** A catalog entity's name parts. @public */
export interface HaEntityName {
  kind: string;
  namespace: string;
  name: string;
}

/** Client of the ha-posture backend's REST API. @public */
export interface HaPostureApi {
  /**
   * The check catalog (`items`) and the grading in force (`grading`: each grade's lowest score and
   * the grade caps), which grade descriptions are worded with.
   */
  getChecks(): Promise<HaChecksResponse>;
  getClusters(): Promise<HaClustersResponse>;
  getCluster(name: string): Promise<HaClusterResponse>;
  getEntity(entity: HaEntityName): Promise<HaEntityResponse>;
  getSummary(
    groupBy: 'owner' | 'system' | 'cluster',
    key?: string,
  ): Promise<HaSummaryResponse>;
  getHistory(entity: HaEntityName): Promise<HaHistoryResponse>;
  /** Triggers a refresh of every cluster (needs the ha-posture.refresh permission). */
  refresh(): Promise<{
    triggered: boolean;
    lastRefresh: HaRefreshRecord | null;
  }>;
  getRefreshStatus(): Promise<{ lastRefresh: HaRefreshRecord | null }>;
}

/** @public */
export const haPostureApiRef = createApiRef<HaPostureApi>({
  id: 'plugin.ha-posture.service',
});
