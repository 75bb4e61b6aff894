import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule, resolvePackagePath } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { startFixtureFleet, FixtureFleet } from '@internal/fixture-cluster';
// Static imports: jest runs without ESM dynamic import support.
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import haPosturePlugin from '@ha-posture/plugin-ha-posture-backend';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';

export const REPO_ROOT = resolvePackagePath('@internal/ha-test-backend', '../..');
export const EXAMPLE_CLUSTERS = path.join(REPO_ROOT, 'examples/clusters');
export const EXAMPLE_ENTITIES = path.join(REPO_ROOT, 'examples/entities.yaml');

/** The user the test permission policy denies every ha-posture permission to. */
export const OUTSIDER = 'user:default/outsider';

/**
 * A real permission policy for tests: allows everything except ha-posture permissions for
 * OUTSIDER (so 403 paths are exercised through the real permission framework).
 */
const denyOutsiderPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ha-posture-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            if (req.permission.name.startsWith('ha-posture.') && user?.info.userEntityRef === OUTSIDER) {
              return { result: AuthorizeResult.DENY };
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

export function kubernetesConfig(fleet: FixtureFleet) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: fleet.clusters.map(c => ({
          name: c.name,
          title: c.title,
          url: c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: 'test-token',
          skipMetricsLookup: true,
        })),
      },
    ],
  };
}

export interface HaTestBackendOptions {
  fleet: FixtureFleet;
  /**
   * `backend.database` config for the real database service (each plugin gets its own database
   * or file, as in production). Default: the test backend's in-memory SQLite.
   */
  database?: Record<string, unknown>;
  haPosture?: Record<string, unknown>;
  /** Scheduler of the real backend (default: the test scheduler that runs tasks in-process). */
  features?: any[];
  /** The catalog's entities file (default: examples/entities.yaml). */
  entitiesFile?: string;
  /** Extra top-level config (e.g. techInsights). */
  extraConfig?: Record<string, unknown>;
}

/** Starts a test backend with the real catalog, Kubernetes, permission and HA Posture plugins. */
export async function startHaTestBackend(options: HaTestBackendOptions) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      kubernetesPlugin,
      permissionPlugin,
      denyOutsiderPolicy,
      haPosturePlugin,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          catalog: {
            rules: [{ allow: ['Component', 'System', 'Resource', 'Group', 'User', 'Location', 'Domain', 'API'] }],
            locations: [{ type: 'file', target: options.entitiesFile ?? EXAMPLE_ENTITIES }],
            // New entities are processed at once; re-processing each one every second (the old
            // setting) kept a CPU busy for as long as a backend ran, beside the other jest worker.
            processingInterval: { minutes: 10 },
          },
          kubernetes: kubernetesConfig(options.fleet),
          haPosture: {
            schedule: { frequency: { hours: 12 }, timeout: { minutes: 5 }, initialDelay: { hours: 12 } },
            collector: { retries: 2, requestTimeoutMs: 20000 },
            ...options.haPosture,
          },
          ...options.extraConfig,
          ...(options.database ? { backend: { database: options.database } } : {}),
        } as any,
      }),
      ...(options.database ? [databaseServiceFactory] : []),
      ...(options.features ?? []),
    ],
  });
  return backend;
}

/** A user's Authorization header for the test backend's mock auth. */
export function authHeader(ref = 'user:default/tester') {
  return { Authorization: mockCredentials.user.header(ref) };
}

/** An explicitly unauthenticated request (the mock auth otherwise defaults to a user). */
export function noAuthHeader() {
  return { Authorization: mockCredentials.none.header() };
}

/** Number of Component entities in a catalog file (what ingestion must reach before a refresh). */
export function componentCount(entitiesFile = EXAMPLE_ENTITIES): number {
  return (fs.readFileSync(entitiesFile, 'utf8').match(/^kind: Component$/gm) ?? []).length;
}

/** Waits until the catalog has ingested every Component of the entities file. */
export async function waitForCatalog(
  server: any,
  minEntities = componentCount(),
  timeoutMs = 120_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(server)
      .get('/api/catalog/entities/by-query?filter=kind=component&limit=1000')
      .set({ Authorization: mockCredentials.service.header() });
    if (res.status === 200 && res.body.items?.length >= minEntities) return res.body.items;
    if (Date.now() > deadline) throw new Error(`catalog not ready: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

/** Triggers a refresh and waits for a newer refresh record. */
export async function refreshAndWait(server: any, timeoutMs = 120_000) {
  const before = (await request(server).get('/api/ha-posture/refresh').set(authHeader())).body
    .lastRefresh?.finishedAt;
  const trigger = await request(server).post('/api/ha-posture/refresh').set(authHeader());
  if (trigger.status !== 202) throw new Error(`refresh not triggered: ${trigger.status} ${JSON.stringify(trigger.body)}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(server).get('/api/ha-posture/refresh').set(authHeader());
    const last = res.body.lastRefresh;
    if (last && last.finishedAt !== before) return last;
    if (Date.now() > deadline) throw new Error('refresh did not finish in time');
    await new Promise(r => setTimeout(r, 250));
  }
}

export async function startExampleFleet(extra: Parameters<typeof startFixtureFleet>[0] = {}) {
  return startFixtureFleet({ clustersDir: EXAMPLE_CLUSTERS, randomPorts: true, ...extra });
}

/** PostgreSQL from the test command's environment (scripts/test.mjs), if any. */
export function postgresFromEnv(): { connection: string } | undefined {
  const key = Object.keys(process.env).find(k =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k),
  );
  return key ? { connection: process.env[key]! } : undefined;
}

/** `backend.database` config for a fresh set of PostgreSQL databases (unique prefix). */
export function postgresDatabaseConfig(connection: string, prefix = uniquePrefix()) {
  return { client: 'pg', connection, prefix, ensureExists: true };
}

export function uniquePrefix() {
  return `ha_test_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}_`;
}
