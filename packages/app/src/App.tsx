import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

// Other plugins (kubernetes, org, user-settings, ha-posture) are discovered from this package's
// dependencies through `app.packages: all` in app-config.yaml.
export default createApp({
  features: [catalogPlugin, navModule],
});
