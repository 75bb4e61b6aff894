import { Entity } from '@backstage/catalog-model';
import {
  HaChecksResponse,
  HaClusterResponse,
  HaClustersResponse,
  HaEntityResponse,
  HaHistoryResponse,
  HaRefreshRecord,
  HaSummaryResponse,
} from '@ha-posture/plugin-ha-posture-common';
import { gradeOf } from '@ha-posture/plugin-ha-posture-common';
import { HaPostureApi } from '../api/HaPostureApi';
import {
  TechInsightsApi,
  TechInsightsCheck,
  TechInsightsCheckResult,
} from '../api/TechInsightsApi';
import checksJson from './checks.json';
import clusterDevK3sJson from './cluster-dev-k3s.json';
import clusterProdEuJson from './cluster-prod-eu.json';
import clustersJson from './clusters.json';
import entityCheckoutJson from './entity-checkout.json';
import entityLegacyReportsJson from './entity-legacy-reports.json';
import entityOrdersDbJson from './entity-orders-db.json';
import historyCheckoutJson from './history-checkout.json';
import refreshJson from './refresh.json';
import summaryClusterProdEuJson from './summary-cluster-prod-eu.json';
import summaryOwnerJson from './summary-owner-team-shop.json';
import summarySystemJson from './summary-system-shop.json';
import techInsightsChecksJson from './tech-insights-checks.json';
import techInsightsRunCartJson from './tech-insights-run-cart.json';
import techInsightsRunCheckoutJson from './tech-insights-run-checkout.json';

/*
 * Recorded responses (see README.md) and states derived from them. Deep copies, so a test can
 * change its copy freely.
 */
const copy = <T>(value: unknown): T => JSON.parse(JSON.stringify(value));

export const checks = () => copy<HaChecksResponse>(checksJson);
export const clusters = () => copy<HaClustersResponse>(clustersJson);
export const clusterProdEu = () => copy<HaClusterResponse>(clusterProdEuJson);
export const clusterDevK3s = () => copy<HaClusterResponse>(clusterDevK3sJson);
export const entityCheckout = () => copy<HaEntityResponse>(entityCheckoutJson);
export const entityLegacyReports = () =>
  copy<HaEntityResponse>(entityLegacyReportsJson);
export const entityOrdersDb = () => copy<HaEntityResponse>(entityOrdersDbJson);
export const historyCheckout = () =>
  copy<HaHistoryResponse>(historyCheckoutJson);
export const refreshStatus = () =>
  copy<{ lastRefresh: HaRefreshRecord | null }>(refreshJson);
export const summaryOwnerTeamShop = () =>
  copy<HaSummaryResponse>(summaryOwnerJson);
export const summaryClusterProdEu = () =>
  copy<HaSummaryResponse>(summaryClusterProdEuJson);
export const summarySystemShop = () =>
  copy<HaSummaryResponse>(summarySystemJson);
export const techInsightsChecks = () =>
  copy<TechInsightsCheck[]>(techInsightsChecksJson);
export const techInsightsRunCart = () =>
  copy<TechInsightsCheckResult[]>(techInsightsRunCartJson);
export const techInsightsRunCheckout = () =>
  copy<TechInsightsCheckResult[]>(techInsightsRunCheckoutJson);

/** A Tech Insights check that is not about HA (another plugin's), for the "all checks" toggle. */
export const ownerCheck = (): TechInsightsCheck => ({
  id: 'has-owner',
  type: 'json-rules-engine',
  name: 'Has an owner',
  description: 'The entity names an owning group.',
  factIds: ['entityOwnershipFactRetriever'],
  links: [],
});

/** checkout, with prod-us read failing (stale, errors) and a forbidden resource (unknown). */
export function entityCheckoutDegraded(): HaEntityResponse {
  const data = entityCheckout();
  const error =
    'prod-us: GET /apis/monitoring.coreos.com/v1/servicemonitors: 403 Forbidden';
  for (const source of [
    ...data.report.sources,
    ...data.clusters.flatMap(c => c.sources),
  ]) {
    if (source.cluster === 'prod-us') {
      source.stale = true;
      source.errors = [error];
    }
  }
  const workload = data.workloads.find(w => w.cluster === 'prod-us')!;
  const unknown = {
    status: 'unknown' as const,
    message: 'ServiceMonitors could not be read: forbidden',
    evidence: { resource: 'servicemonitors', fetch: 'forbidden' },
  };
  for (const results of [workload.report.results, data.report.results]) {
    const result = results.find(
      r => r.checkId === 'monitoring-scraped' && r.target.cluster === 'prod-us',
    )!;
    Object.assign(result, unknown);
  }
  workload.report.categories.monitoring.status = 'unknown';
  data.report.categories.monitoring.status = 'unknown';
  data.report.categories.monitoring.counts.unknown = 1;
  return data;
}

/** An annotated entity with no workload in any cluster. */
export function entityWithoutWorkloads(): HaEntityResponse {
  const data = entityCheckout();
  data.workloads = [];
  data.clusters = [];
  data.report.results = [];
  data.report.workloads = [];
  data.report.clusters = [];
  data.report.score = null;
  data.report.grade = 'N/A';
  return data;
}

/** Two weeks of daily history ending with the recorded point (one day without a score). */
export function historyCheckoutTwoWeeks(): HaHistoryResponse {
  const recorded = historyCheckout();
  const last = recorded.points[recorded.points.length - 1];
  const end = Date.parse(`${last.day}T00:00:00Z`);
  const scores = [
    72.5,
    72.5,
    74,
    80.1,
    80.1,
    null,
    85,
    88.2,
    91,
    91,
    93.4,
    96,
    99.4,
  ];
  const points = scores.map((score, i) => ({
    ...last,
    day: new Date(end - (scores.length - i) * 86_400_000)
      .toISOString()
      .slice(0, 10),
    score,
    grade: gradeOf(score),
  }));
  return { ...recorded, points: [...points, last] };
}

export const componentEntity = (
  name = 'checkout',
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: annotations ?? { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-shop',
    lifecycle: 'production',
    system: 'shop',
  },
});

export const groupEntity = (name = 'team-shop'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

export const systemEntity = (name = 'shop'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name, namespace: 'default' },
  spec: { owner: 'group:default/team-shop' },
});

/** A fake HaPostureApi answering with the recordings; override any method with a jest.fn. */
export function fakeHaPostureApi(
  overrides: Partial<HaPostureApi> = {},
): jest.Mocked<HaPostureApi> {
  return {
    getChecks: jest.fn(async () => checks()),
    getClusters: jest.fn(async () => clusters()),
    getCluster: jest.fn(async (name: string) =>
      name === 'dev-k3s' ? clusterDevK3s() : clusterProdEu(),
    ),
    getEntity: jest.fn(async () => entityCheckout()),
    getSummary: jest.fn(async (groupBy: 'owner' | 'system' | 'cluster') =>
      ({
        system: summarySystemShop,
        cluster: summaryClusterProdEu,
        owner: summaryOwnerTeamShop,
      }[groupBy]()),
    ),
    getHistory: jest.fn(async () => historyCheckoutTwoWeeks()),
    refresh: jest.fn(async () => ({ triggered: true, ...refreshStatus() })),
    getRefreshStatus: jest.fn(async () => refreshStatus()),
    ...overrides,
  } as jest.Mocked<HaPostureApi>;
}

/** A fake Tech Insights API answering with the recordings for `cart` (3 of 9 HA checks fail). */
export function fakeTechInsightsApi(
  overrides: Partial<TechInsightsApi> = {},
): jest.Mocked<TechInsightsApi> {
  return {
    getAllChecks: jest.fn(async () => techInsightsChecks()),
    runChecks: jest.fn(async (_entity, ids?: string[]) =>
      techInsightsRunCart().filter(r => !ids || ids.includes(r.check.id)),
    ),
    ...overrides,
  } as jest.Mocked<TechInsightsApi>;
}

/** A promise that never settles: the loading state. */
export const pending = <T>() => new Promise<T>(() => {});
