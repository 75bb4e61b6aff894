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
  startExampleFleet,
  startHaTestBackend,
  waitForCatalog,
} from '@internal/ha-test-backend';

jest.setTimeout(240_000);

function totalRequests(fleet: FixtureFleet) {
  return Object.fromEntries(fleet.clusters.map(c => [c.name, fleet.requests(c.name).total]));
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
    const counts: Array<Record<string, number>> = [];
    for (const entitiesFile of [EXAMPLE_ENTITIES, writeLargeCatalog(200)]) {
      const backend = await startHaTestBackend({ fleet, entitiesFile });
      try {
        await waitForCatalog(backend.server);
        fleet.resetRequests();
        const refresh = await refreshAndWait(backend.server);
        expect(refresh.errors).toEqual([]);
        counts.push(totalRequests(fleet));
        expect(refresh.apiRequests).toBe(Object.values(counts[counts.length - 1]).reduce((a, b) => a + b, 0));
      } finally {
        await backend.stop();
      }
    }
    expect(counts[1]).toEqual(counts[0]);
    expect(Object.values(counts[0]).every(n => n > 0)).toBe(true);
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
      await new Promise(r => setTimeout(r, FREQUENCY_SECONDS * 4 * 1000));
      const rows = await knex('ha_posture_refreshes')
        .where('started_at', '>=', new Date(windowStart).toISOString())
        .orderBy('started_at');
      expect(rows.length).toBeGreaterThanOrEqual(2);
      // Independent schedulers would refresh about twice as often, and overlap.
      expect(rows.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < rows.length; i++) {
        const gap = Date.parse(rows[i].started_at) - Date.parse(rows[i - 1].finished_at);
        expect(gap).toBeGreaterThanOrEqual(0);
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
