import { mockServices } from '@backstage/backend-test-utils';
import { FixtureFleet } from '@internal/fixture-cluster';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import {
  authHeader,
  EXAMPLE_ENTITIES,
  startExampleFleet,
  startHaTestBackend,
  waitForCatalog,
} from '@internal/ha-test-backend';
import { HA_POSTURE_FACT_RETRIEVER_ID } from './haPostureFactRetriever';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import jsonRulesModule from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import haPostureTechInsightsModule from './index';

jest.setTimeout(180_000);

const HA_CHECKS = parse(fs.readFileSync(path.join(__dirname, '../ha-checks.yaml'), 'utf8'));
const MAX_ITEMS = 2;

describe('tech-insights module ha-posture', () => {
  let fleet: FixtureFleet;
  let backend: Awaited<ReturnType<typeof startHaTestBackend>>;
  // The test drives the schedule: one HA refresh, then the fact retriever.
  const scheduler = mockServices.scheduler() as any;

  beforeAll(async () => {
    fleet = await startExampleFleet();
    backend = await startHaTestBackend({
      fleet,
      features: [
        scheduler.factory({ skipTaskRunOnStartup: true }),
        techInsightsPlugin,
        jsonRulesModule,
        haPostureTechInsightsModule,
      ],
      extraConfig: {
        techInsights: {
          factRetrievers: {
            [HA_POSTURE_FACT_RETRIEVER_ID]: {
              cadence: '0 0 1 1 *',
              lifecycle: { maxItems: MAX_ITEMS },
            },
          },
          factChecker: { checks: HA_CHECKS },
        },
      },
    });
    await waitForCatalog(backend.server);
    await scheduler.triggerTask('ha-posture:refresh');
    await scheduler.triggerTask(HA_POSTURE_FACT_RETRIEVER_ID);
  });

  afterAll(async () => {
    await backend?.stop();
    await fleet?.stop();
  });

  async function runChecks(name: string) {
    const res = await request(backend.server)
      .post(`/api/tech-insights/checks/run/default/component/${name}`)
      .set(authHeader())
      .send({ checks: Object.keys(HA_CHECKS) });
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.map((r: any) => [r.check.id, r.result]));
  }

  async function haReport(name: string) {
    const res = await request(backend.server)
      .get(`/api/ha-posture/entities/component/default/${name}`)
      .set(authHeader());
    expect(res.status).toBe(200);
    return res.body;
  }

  it('lists the default HA checks', async () => {
    const res = await request(backend.server).get('/api/tech-insights/checks').set(authHeader());
    expect(res.status).toBe(200);
    const ids = res.body.map((c: any) => c.id);
    expect(ids).toEqual(expect.arrayContaining(Object.keys(HA_CHECKS)));
    expect(ids.length).toBeGreaterThanOrEqual(9);
  });

  it('publishes facts that agree with the HA report', async () => {
    const facts = await request(backend.server)
      .get(`/api/tech-insights/facts/latest?entity=component:default/checkout&ids[]=${HA_POSTURE_FACT_RETRIEVER_ID}`)
      .set(authHeader());
    expect(facts.status).toBe(200);
    const values = facts.body[HA_POSTURE_FACT_RETRIEVER_ID].facts;
    const { report } = await haReport('checkout');
    expect(values.score).toBe(report.score ?? -1);
    expect(values.grade).toBe(report.grade);
    expect(values.statusReplicas).toBe(report.categories.replicas.status);
    expect(values.statusDr).toBe(report.categories.dr.status);
    expect(values.clusters).toBeGreaterThanOrEqual(2);
  });

  it('runs the default checks with results that match each component’s report', async () => {
    const catalog = await waitForCatalog(backend.server);
    const annotated = catalog.filter((e: any) => e.metadata.annotations?.['backstage.io/kubernetes-id']);
    for (const entity of annotated) {
      const results = await runChecks(entity.metadata.name);
      const { report, workloads } = await haReport(entity.metadata.name);
      const passOrExempt = (c: string) => ['pass', 'exempt'].includes(report.categories[c].status);
      // An exempt replica floor is waived, as on the HA tab.
      const key = (t: any) => `${t.cluster}/${t.kind}/${t.namespace}/${t.name}`;
      const exempt = new Set(
        report.results
          .filter((r: any) => r.checkId === 'replicas-min-floor' && r.status === 'exempt')
          .map((r: any) => key(r.target)),
      );
      const replicated = workloads.filter((w: any) => w.kind !== 'DaemonSet' && w.replicas);
      const floors = replicated.filter((w: any) => !exempt.has(key(w))).map((w: any) => w.replicas.floor);
      const floorOk = floors.length > 0 ? Math.min(...floors) >= 2 : replicated.length > 0;
      const name = entity.metadata.name;
      expect([name, 'ha-disruption-budget', results['ha-disruption-budget']]).toEqual([
        name, 'ha-disruption-budget', passOrExempt('disruption'),
      ]);
      expect([name, 'ha-replicas', results['ha-replicas']]).toEqual([
        name, 'ha-replicas', floorOk && passOrExempt('replicas'),
      ]);
      expect([name, 'ha-storage-replication', results['ha-storage-replication']]).toEqual([
        name, 'ha-storage-replication', ['pass', 'exempt', 'skipped'].includes(report.categories.storage.status),
      ]);
      expect(results['ha-score']).toBe(
        (report.score ?? -1) >= 80 &&
          !report.results.some((r: any) => r.status === 'fail' && r.severity === 'critical'),
      );
    }
  });

  it('gives no HA facts to entities without Kubernetes annotations', async () => {
    const noAnnotations = fs
      .readFileSync(EXAMPLE_ENTITIES, 'utf8')
      .split(/^---$/m)
      .map(doc => parse(doc))
      .find(
        (e: any) =>
          e?.kind === 'Component' &&
          !e.metadata.annotations?.['backstage.io/kubernetes-id'] &&
          !e.metadata.annotations?.['backstage.io/kubernetes-label-selector'],
      );
    expect(noAnnotations).toBeDefined();
    const res = await request(backend.server)
      .get(`/api/tech-insights/facts/latest?entity=component:default/${noAnnotations.metadata.name}&ids[]=${HA_POSTURE_FACT_RETRIEVER_ID}`)
      .set(authHeader());
    expect(res.body[HA_POSTURE_FACT_RETRIEVER_ID]).toBeUndefined();
  });

  it('keeps at most maxItems fact rows per entity', async () => {
    for (let i = 0; i < MAX_ITEMS + 2; i++) {
      // Fact rows are told apart by their timestamp (second resolution on SQLite).
      await new Promise(r => setTimeout(r, 1100));
      await scheduler.triggerTask(HA_POSTURE_FACT_RETRIEVER_ID);
    }
    const res = await request(backend.server)
      .get(
        `/api/tech-insights/facts/range?entity=component:default/checkout&ids[]=${HA_POSTURE_FACT_RETRIEVER_ID}&startDatetime=2000-01-01T00:00:00Z&endDatetime=2100-01-01T00:00:00Z`,
      )
      .set(authHeader());
    expect(res.status).toBe(200);
    expect(res.body[HA_POSTURE_FACT_RETRIEVER_ID]).toHaveLength(MAX_ITEMS);
  });
});
