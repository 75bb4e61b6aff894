import { FixtureFleet } from '@internal/fixture-cluster';
import { compareGrades } from '@ha-posture/plugin-ha-posture-common';
import request from 'supertest';
import {
  authHeader,
  noAuthHeader,
  OUTSIDER,
  postgresDatabaseConfig,
  postgresFromEnv,
  refreshAndWait,
  startExampleFleet,
  startHaTestBackend,
  waitForCatalog,
} from '@internal/ha-test-backend';

jest.setTimeout(180_000);

// SQLite always; a real PostgreSQL too when the test command provides it (scripts/test.mjs).
const postgres = postgresFromEnv();
const databaseSetups: Array<[string, () => Record<string, unknown> | undefined]> = [
  ['SQLite', () => undefined],
  ...(postgres
    ? [['PostgreSQL', () => postgresDatabaseConfig(postgres.connection)] as [string, () => Record<string, unknown>]]
    : []),
];

describe.each(databaseSetups)('ha-posture backend on %s', (_name, databaseConfig) => {
  let fleet: FixtureFleet;
  let backend: Awaited<ReturnType<typeof startHaTestBackend>>;
  let server: any;

  beforeAll(async () => {
    fleet = await startExampleFleet();
    backend = await startHaTestBackend({
      fleet,
      database: databaseConfig(),
      haPosture: {
        checks: { 'priority-class': { severity: 'high' }, 'probes-identical': { enabled: false } },
        thresholds: { gradeCaps: { critical: 'D', high: 'B' } },
        exemptions: {
          rules: [
            {
              checks: ['network-entry-*'],
              clusters: ['prod-eu'],
              names: ['checkout'],
              reason: 'Gateway PDB lands with the next Envoy Gateway upgrade',
              until: '2099-12-31',
            },
          ],
        },
      },
    });
    server = backend.server;
    await waitForCatalog(server);
  });

  afterAll(async () => {
    await backend?.stop();
    await fleet?.stop();
  });

  it('refreshes every example cluster and serves their reports', async () => {
    fleet.resetRequests();
    const refresh = await refreshAndWait(server);
    expect(refresh.errors).toEqual([]);
    expect(refresh.clusters).toBe(fleet.clusters.length);

    const res = await request(server).get('/api/ha-posture/clusters').set(authHeader());
    expect(res.status).toBe(200);
    const names = res.body.items.map((c: any) => c.cluster.name).sort();
    expect(names).toEqual(fleet.clusters.map(c => c.name).sort());
    const byName = Object.fromEntries(res.body.items.map((c: any) => [c.cluster.name, c]));
    expect(byName['prod-eu'].cluster.flavor).toBe('kubeadm');
    expect(byName['prod-us'].cluster.flavor).toBe('eks');
    expect(byName['prod-us'].cluster.managedControlPlane).toBe(true);
    expect(byName['dev-k3s'].cluster.flavor).toBe('k3s');
    // The single-node k3s dev cluster cannot have an HA control plane.
    expect(byName['dev-k3s'].categories['control-plane'].status).toBe('fail');
    expect(byName['prod-eu'].categories['control-plane'].status).toBe('pass');
    for (const item of res.body.items) {
      expect(item.sources[0]).toMatchObject({ cluster: item.cluster.name, stale: false });
      const detail = await request(server)
        .get(`/api/ha-posture/clusters/${item.cluster.name}`)
        .set(authHeader());
      expect([item.grade, item.gradeCap]).toEqual([detail.body.report.grade, detail.body.report.gradeCap]);
    }
  });

  it('reads the clusters only through the Kubernetes plugin proxy, never Secrets', async () => {
    for (const cluster of fleet.clusters) {
      const log = fleet.requests(cluster.name);
      expect(log.total).toBeGreaterThan(0);
      expect(log.entries.some(e => /secrets/.test(e.path))).toBe(false);
      expect(log.entries.every(e => e.method === 'GET')).toBe(true);
    }
  });

  it('serves an entity report across clusters, with workloads and DR', async () => {
    const res = await request(server)
      .get('/api/ha-posture/entities/component/default/checkout')
      .set(authHeader());
    expect(res.status).toBe(200);
    expect(res.body.report.entityRef).toBe('component:default/checkout');
    expect(res.body.report.clusters.sort()).toEqual(expect.arrayContaining(['prod-eu', 'prod-us']));
    expect(res.body.workloads.length).toBeGreaterThan(0);
    expect(res.body.workloads[0].placement.length).toBeGreaterThan(0);
    expect(Object.keys(res.body.report.categories)).toHaveLength(12);
    expect(res.body.report.categories.dr.status).toBe('pass');
    // The configured rule exempts prod-eu's warning (the Gateway without a PDB), not prod-us's pass.
    const entryPaths = res.body.report.results
      .filter((r: any) => r.checkId === 'network-entry-path')
      .map((r: any) => [r.target.cluster, r.status, r.exemption]);
    expect(entryPaths).toEqual(
      expect.arrayContaining([
        [
          'prod-eu',
          'exempt',
          {
            reason: 'Gateway PDB lands with the next Envoy Gateway upgrade',
            until: '2099-12-31',
            source: 'config',
          },
        ],
        ['prod-us', 'pass', undefined],
      ]),
    );
    expect(res.body.clusters.map((c: any) => c.name)).toEqual(
      expect.arrayContaining(['prod-eu', 'prod-us']),
    );
  });

  it('reports every annotated example component', async () => {
    const entities = await waitForCatalog(server);
    const annotated = entities.filter(
      (e: any) =>
        e.metadata.annotations?.['backstage.io/kubernetes-id'] ||
        e.metadata.annotations?.['backstage.io/kubernetes-label-selector'],
    );
    expect(annotated.length).toBeGreaterThanOrEqual(8);
    for (const entity of annotated) {
      const res = await request(server)
        .get(`/api/ha-posture/entities/component/${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`)
        .set(authHeader());
      expect(res.status).toBe(200);
      expect(res.body.evaluatedOnDemand).toBe(false);
      expect(res.body.report.results.length).toBeGreaterThan(0);
    }
  });

  it('rolls up by owner, system and cluster', async () => {
    for (const groupBy of ['owner', 'system', 'cluster']) {
      const res = await request(server)
        .get(`/api/ha-posture/summary?groupBy=${groupBy}`)
        .set(authHeader());
      expect(res.status).toBe(200);
      expect(res.body.groups.length).toBeGreaterThan(0);
      for (const group of res.body.groups) {
        expect(group.entities.length).toBe(group.count);
        // Worst first by grade, then score: a capped grade sorts with its grade, not its score.
        for (let i = 1; i < group.entities.length; i++)
          expect(compareGrades(group.entities[i - 1], group.entities[i])).toBeLessThanOrEqual(0);
      }
    }
    // The configured caps lowered some entity's grade, and the roll-up says so.
    const owners = await request(server).get('/api/ha-posture/summary?groupBy=owner').set(authHeader());
    const capped = owners.body.groups.flatMap((g: any) => g.entities).filter((e: any) => e.gradeCap);
    expect(capped.length).toBeGreaterThan(0);
    for (const entity of capped) {
      const [kind, rest] = entity.entityRef.split(':');
      const [namespace, name] = rest.split('/');
      const detail = await request(server)
        .get(`/api/ha-posture/entities/${kind}/${namespace}/${name}`)
        .set(authHeader());
      expect(detail.body.report.grade).toBe(entity.grade);
      expect(detail.body.report.gradeCap).toEqual(entity.gradeCap);
      const failing = detail.body.report.results.filter(
        (r: any) => r.status === 'fail' && r.severity === entity.gradeCap.severity,
      );
      expect(failing).toHaveLength(entity.gradeCap.failing);
    }
    const bad = await request(server).get('/api/ha-posture/summary?groupBy=color').set(authHeader());
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
  });

  it('serves the check catalog and a cluster with its topology and history', async () => {
    const checks = await request(server).get('/api/ha-posture/checks').set(authHeader());
    expect(checks.status).toBe(200);
    expect(checks.body.items.length).toBeGreaterThanOrEqual(40);
    const byId = (id: string) => checks.body.items.find((c: any) => c.id === id);
    // The default severity, with the configured one beside it; config disables, it does not hide.
    expect(byId('priority-class')).toMatchObject({
      severity: 'medium',
      configuredSeverity: 'high',
      enabled: true,
    });
    expect(byId('probes-identical')).toMatchObject({ severity: 'medium', enabled: false });
    expect(byId('probes-identical').configuredSeverity).toBeUndefined();
    // The grading in force beside the catalog: default thresholds, the configured caps.
    expect(checks.body.grading).toEqual({
      thresholds: { A: 90, B: 75, C: 60, D: 40 },
      caps: { critical: 'D', high: 'B' },
    });

    const cluster = await request(server).get('/api/ha-posture/clusters/prod-eu').set(authHeader());
    expect(cluster.status).toBe(200);
    expect(cluster.body.topology.zones.map((z: any) => z.zone)).toEqual(
      expect.arrayContaining(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']),
    );
    expect(cluster.body.history.length).toBe(1);

    const history = await request(server)
      .get('/api/ha-posture/history/component/default/checkout')
      .set(authHeader());
    expect(history.status).toBe(200);
    expect(history.body.points).toHaveLength(1);
  });

  it('answers 401 without credentials and 403 without permission', async () => {
    const anonymous = await request(server).get('/api/ha-posture/clusters').set(noAuthHeader());
    expect(anonymous.status).toBe(401);
    const outsider = await request(server).get('/api/ha-posture/clusters').set(authHeader(OUTSIDER));
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.name).toBe('NotAllowedError');
    const refresh = await request(server).post('/api/ha-posture/refresh').set(authHeader(OUTSIDER));
    expect(refresh.status).toBe(403);
  });

  it('answers 404 for unknown entities and clusters, 400 for malformed names', async () => {
    const unknownEntity = await request(server)
      .get('/api/ha-posture/entities/component/default/does-not-exist')
      .set(authHeader());
    expect(unknownEntity.status).toBe(404);
    expect(unknownEntity.body.error.name).toBe('NotFoundError');
    const unknownCluster = await request(server).get('/api/ha-posture/clusters/nope').set(authHeader());
    expect(unknownCluster.status).toBe(404);
    const malformed = await request(server)
      .get('/api/ha-posture/entities/component/default/%20bad%24name')
      .set(authHeader());
    expect(malformed.status).toBe(400);
  });

  it('names a kind the role does not allow in the results that need it, which never pass', async () => {
    // A reader role from before IngressRoutes were read: the API server answers 403 for them.
    const entryPath = async () => {
      const res = await request(server)
        .get('/api/ha-posture/entities/component/default/catalog-search')
        .set(authHeader());
      expect(res.status).toBe(200);
      return res.body.report.results.find(
        (r: any) => r.checkId === 'network-entry-path' && r.target.cluster === 'dev-k3s',
      );
    };
    fleet.setFaults([{ cluster: 'dev-k3s', resource: 'ingressroutes.traefik.io', status: 403 }]);
    try {
      await refreshAndWait(server);
      const denied = await entryPath();
      // Its Ingress, through the one Traefik pod, still fails: the unreadable kind cannot lift that.
      expect(denied.status).toBe('fail');
      expect(denied.message).toMatch(/other routes cannot be read: .*ingressroutes.*forbidden/);
      expect(denied.message).not.toContain('IngressRoute shop/catalog-search-api');
      const traefik = (await request(server).get('/api/ha-posture/clusters/dev-k3s').set(authHeader())).body;
      expect(JSON.stringify(traefik)).toMatch(/ingressroutes[^"]*forbidden/);
    } finally {
      fleet.setFaults([]);
    }
    await refreshAndWait(server);
    const allowed = await entryPath();
    expect(allowed.status).toBe('fail');
    expect(allowed.message).toContain('IngressRoute shop/catalog-search-api');
  });

  it('keeps the last good snapshot of a cluster that goes down, marked stale', async () => {
    fleet.setFaults([{ cluster: 'prod-us', drop: true }]);
    try {
      const refresh = await refreshAndWait(server);
      expect(refresh.errors.join()).toMatch(/prod-us/);
      const res = await request(server).get('/api/ha-posture/clusters').set(authHeader());
      const prodUs = res.body.items.find((c: any) => c.cluster.name === 'prod-us');
      expect(prodUs.sources[0].stale).toBe(true);
      expect(prodUs.sources[0].errors.join()).toMatch(/last good data/);
      // Still evaluated from the last good data, not erased.
      expect(prodUs.cluster.flavor).toBe('eks');
      expect(prodUs.categories.nodes.status).not.toBe('unknown');
      const prodEu = res.body.items.find((c: any) => c.cluster.name === 'prod-eu');
      expect(prodEu.sources[0].stale).toBe(false);
    } finally {
      fleet.setFaults([]);
    }
    const recovered = await refreshAndWait(server);
    expect(recovered.errors).toEqual([]);
  });
});
