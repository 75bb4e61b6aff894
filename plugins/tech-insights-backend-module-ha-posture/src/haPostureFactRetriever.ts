import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  HA_CATEGORIES,
  HaEntityFacts,
  statusFactName,
} from '@ha-posture/plugin-ha-posture-common';

/** The retriever id; also the key under `techInsights.factRetrievers` and the checks' factIds. */
export const HA_POSTURE_FACT_RETRIEVER_ID = 'haPostureFactRetriever';

/** Facts that have no value are published as -1 (JSON rules cannot test a missing fact). */
export const UNKNOWN = -1;

const statusFacts = Object.fromEntries(
  HA_CATEGORIES.map(category => [
    statusFactName(category),
    {
      type: 'string' as const,
      description: `Status of the '${category}' category: pass, warn, fail, unknown, exempt or skipped.`,
    },
  ]),
);

/**
 * Publishes each annotated entity's HA posture as Tech Insights facts. The values come from the
 * ha-posture backend (`GET /api/ha-posture/facts`, one request per run, with a service token), so
 * Tech Insights reuses the stored evaluation instead of re-reading every cluster.
 */
export const haPostureFactRetriever: FactRetriever = {
  id: HA_POSTURE_FACT_RETRIEVER_ID,
  version: '0.1.0',
  title: 'HA posture',
  description:
    'High-availability posture of the entity across its Kubernetes clusters, from the HA Posture plugin.',
  entityFilter: [
    { 'metadata.annotations.backstage.io/kubernetes-id': CATALOG_FILTER_EXISTS },
    { 'metadata.annotations.backstage.io/kubernetes-label-selector': CATALOG_FILTER_EXISTS },
  ],
  schema: {
    score: { type: 'integer', description: 'HA score 0-100; -1 when nothing was evaluable.' },
    grade: { type: 'string', description: 'HA grade A-F, or N/A.' },
    ...statusFacts,
    failingCritical: { type: 'integer', description: 'Number of failing critical checks.' },
    failingHigh: { type: 'integer', description: 'Number of failing high-severity checks.' },
    replicaFloor: {
      type: 'integer',
      description:
        'Smallest replica floor (HPA minReplicas, else spec.replicas) over its replicated workloads whose replicas-min-floor is not exempt; -1 when it has none.',
    },
    replicaFloorExempt: {
      type: 'boolean',
      description: 'It has replicated workloads and every one is exempt from replicas-min-floor.',
    },
    zones: { type: 'integer', description: 'Distinct zones its ready pods run in, over all clusters.' },
    clusters: { type: 'integer', description: 'Clusters in which it has at least one ready pod.' },
    regions: { type: 'integer', description: 'Distinct regions of those clusters.' },
    backupAgeHours: {
      type: 'float',
      description: 'Hours since the newest usable backup covering it (oldest over its workloads); -1 when none is known.',
    },
    monitored: { type: 'boolean', description: 'Every workload is scraped by a Prometheus.' },
    failingChecks: { type: 'set', description: 'Ids of the HA checks that fail for it.' },
  },
  async handler({ discovery, auth, logger }) {
    const baseUrl = await discovery.getBaseUrl('ha-posture');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'ha-posture',
    });
    const response = await fetch(`${baseUrl}/facts`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const { items } = (await response.json()) as { items: HaEntityFacts[] };
    logger.info(`HA posture facts for ${items.length} entities`);
    return items.map(toTechInsightFact);
  },
};

/** Maps one entity's HA facts to a Tech Insights fact row (every schema key present). */
export function toTechInsightFact(facts: HaEntityFacts): TechInsightFact {
  const ref = parseEntityRef(facts.entityRef);
  return {
    entity: { kind: ref.kind, namespace: ref.namespace, name: ref.name },
    facts: {
      score: facts.score ?? UNKNOWN,
      grade: facts.grade,
      ...Object.fromEntries(
        HA_CATEGORIES.map(c => [statusFactName(c), facts.statuses[statusFactName(c)] ?? 'skipped']),
      ),
      failingCritical: facts.failingCritical,
      failingHigh: facts.failingHigh,
      replicaFloor: facts.replicaFloor ?? UNKNOWN,
      replicaFloorExempt: facts.replicaFloorExempt,
      zones: facts.zones,
      clusters: facts.clusters,
      regions: facts.regions,
      backupAgeHours: facts.backupAgeHours ?? UNKNOWN,
      monitored: facts.monitored,
      failingChecks: facts.failingChecks,
    },
  };
}
