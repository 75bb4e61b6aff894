import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { haPosturePermissions } from '@ha-posture/plugin-ha-posture-common';
import {
  BUILTIN_CHECKS,
  HaCheck,
  haPostureChecksExtensionPoint,
} from '@ha-posture/plugin-ha-posture-node';
import { readHaPostureConfig } from './config/readHaPostureConfig';
import { HaPostureStore } from './database/HaPostureStore';
import { CatalogEntityLoader } from './service/CatalogEntityLoader';
import { RefreshService } from './service/RefreshService';
import { createRouter, REFRESH_TASK_ID } from './service/router';
import { createClusterSource } from './sources/createClusterSource';

/**
 * The HA Posture backend plugin: collects every cluster, evaluates every annotated catalog
 * entity on a schedule (once across replicas), stores the results and serves the REST API.
 * @public
 */
export const haPosturePlugin = createBackendPlugin({
  pluginId: 'ha-posture',
  register(env) {
    const customChecks: HaCheck[] = [];
    env.registerExtensionPoint(haPostureChecksExtensionPoint, {
      addChecks(...checks: HaCheck[]) {
        customChecks.push(...checks);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const config = readHaPostureConfig(deps.config);
        const checks = () => [...BUILTIN_CHECKS, ...customChecks];

        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await knex.migrate.latest({
            directory: resolvePackagePath('@ha-posture/plugin-ha-posture-backend', 'migrations'),
          });
        }
        const store = new HaPostureStore(knex);

        const source = createClusterSource(config, deps);
        const entityLoader = new CatalogEntityLoader(deps.catalog, deps.auth);
        const refreshService = new RefreshService({
          source,
          store,
          entityLoader,
          logger: deps.logger,
          config,
          checks,
        });

        deps.permissionsRegistry.addPermissions(haPosturePermissions);

        // scope 'global': one run per interval across all backend replicas (a lock in the database).
        await deps.scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          scope: 'global',
          ...config.schedule,
          fn: async signal => {
            await refreshService.refresh(signal as AbortSignal);
          },
        });

        deps.httpRouter.use(
          await createRouter({
            logger: deps.logger,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            scheduler: deps.scheduler,
            store,
            refreshService,
            entityLoader,
            checks,
            engineConfig: config.engine,
          }),
        );
      },
    });
  },
});
