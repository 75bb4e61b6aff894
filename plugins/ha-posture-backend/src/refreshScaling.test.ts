import { mockServices } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { FixtureFleet } from '@internal/fixture-cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import request from 'supertest';
import {
  authHeader,
  EXAMPLE_ENTITIES,
  postgresDatabaseConfig,
  postgresFromEnv,
  refreshAndWait,
  componentCount,
  startExampleFleet,
  startHaTestBackend,
  waitForCatalog,
} from '@internal/ha-test-backend';

// Each backend waits up to 120 s for its catalog and 120 s for a refresh (haTestBackend), and the
// first test starts two in turn: the timeout covers those deadlines, so a slow shared CI machine
// fails on them, with their message, not on jest's. (The whole-repo run once took this file 8x its
// standalone time: jest workers grown past 1 GB, now replaced, and test catalogs re-processing every
// entity each second, now every 10 minutes.)
jest.setTimeout(600_000);

/** The distinct requests per cluster (retries under load repeat a request, they add no new one). */
function distinctRequests(fleet: FixtureFleet) {
  return Object.fromEntries(
    fleet.clusters.map(c => [
      c.name,
      [...new Set(fleet.requests(c.name).entries.map(e => `${e.method} ${e.path}?${new URLSearchParams(e.query as any)}`))].sort(),
    ]),
  );
}

function totalRequests(fleet: FixtureFleet): number {
  return fleet.clusters.reduce((n, c) => n + fleet.requests(c.name).total, 0);
}

/** The example catalog plus `extra` generated components, each mapped to a Kubernetes id. */
function writeLargeCatalog(extra: number): string {
  const docs = [fs.readFileSync(EXAMPLE_ENTITIES, 'utf8')];
  for (let i = 0; i < extra; i++) {
    docs.push(`---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: generated-${i}
  annotations:
    backstage.io/kubernetes-id: generated-${i}
spec:
  type: service
  lifecycle: experimental
  owner: team-platform
`);
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ha-catalog-')), 'entities.yaml');
  fs.writeFileSync(file, docs.join('\n'));
  return file;
}

describe('refresh cost', () => {
  let fleet: FixtureFleet;
  beforeAll(async () => {
    fleet = await startExampleFleet();
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('makes the same number of API requests whatever the number of entities', async () => {
    const requests: Array<Record<string, string[]>> = [];
    const largeCatalog = writeLargeCatalog(200);
    for (const entitiesFile of [EXAMPLE_ENTITIES, largeCatalog]) {
      const backend = await startHaTestBackend({ fleet, entitiesFile });
      try {
        await waitForCatalog(backend.server, componentCount(entitiesFile));
        fleet.resetRequests();
        const refresh = await refreshAndWait(backend.server);
        expect(refresh.errors).toEqual([]);
        expect(refresh.entities).toBeGreaterThanOrEqual(componentCount(entitiesFile) - 1);
        requests.push(distinctRequests(fleet));
        const total = totalRequests(fleet);
        // The collector counts what it sent (retries included); the server saw the same.
        expect(refresh.apiRequests).toBeGreaterThanOrEqual(total);
      } finally {
        await backend.stop();
      }
    }
    // 13 entities or 213: the same requests (discovery + one paginated list per kind).
    expect(requests[1]).toEqual(requests[0]);
    for (const paths of Object.values(requests[0])) {
      expect(paths.length).toBeGreaterThan(10);
      expect(paths.some(p => /kubernetes-id|labelSelector/.test(p))).toBe(false);
    }
  });
});

const postgres = postgresFromEnv();
const describeWithPostgres = postgres ? describe : describe.skip;

describeWithPostgres('two backend instances sharing PostgreSQL', () => {
  const FREQUENCY_SECONDS = 4;

  it('refresh once per interval across both, serve identical reports, lose nothing when one stops', async () => {
    const fleet = await startExampleFleet();
    // Same prefix: both instances use the same per-plugin databases, as replicas do.
    const database = postgresDatabaseConfig(postgres!.connection);
    const haPosture = {
      schedule: {
        frequency: { seconds: FREQUENCY_SECONDS },
        timeout: { minutes: 2 },
        initialDelay: { seconds: 1 },
      },
    };
    // The real scheduler: global tasks are claimed through a lock row in the shared database.
    const a = await startHaTestBackend({ fleet, database, haPosture, features: [schedulerServiceFactory] });
    const b = await startHaTestBackend({ fleet, database, haPosture, features: [schedulerServiceFactory] });
    const knex = knexFactory({
      client: 'pg',
      connection: `${postgres!.connection}/${database.prefix}ha-posture`,
    });
    try {
      await waitForCatalog(a.server);
      const windowStart = Date.now();
      const since = new Date(windowStart).toISOString();
      // Observe at least 3 refreshes (however long they take on a loaded machine).
      let rows: any[] = [];
      while (rows.length < 3 && Date.now() - windowStart < 150_000) {
        await new Promise(r => setTimeout(r, 1000));
        rows = await knex('ha_posture_refreshes').where('started_at', '>=', since).orderBy('started_at');
      }
      expect(rows.length).toBeGreaterThanOrEqual(3);
      // One at a time across both instances (never overlapping) and at most one per interval:
      // two independent schedulers would overlap and refresh about twice as often.
      for (let i = 1; i < rows.length; i++) {
        expect(Date.parse(rows[i].started_at)).toBeGreaterThanOrEqual(Date.parse(rows[i - 1].finished_at));
        expect(Date.parse(rows[i].started_at) - Date.parse(rows[i - 1].started_at)).toBeGreaterThanOrEqual(
          FREQUENCY_SECONDS * 1000 * 0.9,
        );
      }

      const fromA = await request(a.server).get('/api/ha-posture/clusters').set(authHeader());
      const fromB = await request(b.server).get('/api/ha-posture/clusters').set(authHeader());
      expect(fromA.status).toBe(200);
      expect(fromB.body.items).toEqual(fromA.body.items);

      await a.stop();
      const afterStop = await request(b.server).get('/api/ha-posture/clusters').set(authHeader());
      expect(afterStop.body.items.map((c: any) => c.cluster.name).sort()).toEqual(
        fromA.body.items.map((c: any) => c.cluster.name).sort(),
      );
      const before = (await request(b.server).get('/api/ha-posture/refresh').set(authHeader())).body.lastRefresh;
      await new Promise(r => setTimeout(r, FREQUENCY_SECONDS * 2.5 * 1000));
      const after = (await request(b.server).get('/api/ha-posture/refresh').set(authHeader())).body.lastRefresh;
      // The survivor takes over the schedule.
      expect(after.startedAt > before.startedAt).toBe(true);
    } finally {
      await a.stop().catch(() => {});
      await b.stop();
      await knex.destroy();
      await fleet.stop();
    }
  });
});

describe('restart', () => {
  it('serves the stored results at once, before the first refresh', async () => {
    const fleet = await startExampleFleet();
    // One SQLite file per plugin in a directory, as in the demo: survives the restart.
    const database = {
      client: 'better-sqlite3',
      connection: { directory: fs.mkdtempSync(path.join(os.tmpdir(), 'ha-sqlite-')) },
    };
    const backend = await startHaTestBackend({ fleet, database });
    await waitForCatalog(backend.server);
    await refreshAndWait(backend.server);
    const before = await request(backend.server).get('/api/ha-posture/clusters').set(authHeader());
    await backend.stop();

    await fleet.stop(); // nothing to refresh from: the restarted backend must serve what it stored
    const restarted = await startHaTestBackend({
      fleet,
      database,
      features: [mockServices.scheduler.factory({ skipTaskRunOnStartup: true })],
    });
    try {
      const after = await request(restarted.server).get('/api/ha-posture/clusters').set(authHeader());
      expect(after.status).toBe(200);
      expect(after.body.items.map((c: any) => c.cluster.name)).toEqual(
        before.body.items.map((c: any) => c.cluster.name),
      );
      expect(after.body.items.length).toBeGreaterThan(0);
    } finally {
      await restarted.stop();
    }
  });
});
