import { HaGrade } from './types';

/**
 * The HA facts of one catalog entity, as served by `GET /api/ha-posture/facts` and published to
 * Tech Insights. Flat, so JSON rules can test each value.
 * @public
 */
export interface HaEntityFacts {
  entityRef: string;
  /** 0-100; absent when nothing was evaluable. */
  score?: number;
  grade: HaGrade;
  /** One status per category, keyed `status<Category>` in camel case (e.g. statusControlPlane). */
  statuses: Record<string, string>;
  failingCritical: number;
  failingHigh: number;
  /**
   * Smallest replica floor (HPA minReplicas or spec.replicas) over the entity's replicated
   * workloads, leaving out those whose replicas-min-floor result is exempt.
   */
  replicaFloor?: number;
  /** It has replicated workloads and every one of them is exempt from replicas-min-floor. */
  replicaFloorExempt: boolean;
  /** Distinct zones its ready pods run in, over all clusters. */
  zones: number;
  /** Clusters in which it has at least one available replica. */
  clusters: number;
  /** Distinct regions of those clusters. */
  regions: number;
  /** Age of the newest usable backup covering it, in hours (oldest over its workloads). */
  backupAgeHours?: number;
  /** Every workload is scraped by a Prometheus (or managed Prometheus). */
  monitored: boolean;
  /** Ids of the checks that fail for it. */
  failingChecks: string[];
  generatedAt: string;
}

/** `control-plane` → `statusControlPlane`. @public */
export function statusFactName(category: string): string {
  return `status${category
    .split('-')
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('')}`;
}
