/*
 * The demo backend: catalog, Kubernetes, Tech Insights and HA Posture, with guest sign-in.
 * SQLite by default; PostgreSQL with app-config.production.yaml.
 */
import { createBackend } from '@backstage/backend-defaults';
import { haPostureCustomChecksModule } from './modules/haPostureCustomChecks';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Guest sign-in for the demo (https://backstage.io/docs/auth/guest/provider)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@backstage-community/plugin-tech-insights-backend'));
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(import('@ha-posture/plugin-tech-insights-backend-module-ha-posture'));

// HA Posture, with an example custom check added through its extension point
backend.add(import('@ha-posture/plugin-ha-posture-backend'));
backend.add(haPostureCustomChecksModule);

backend.start();
