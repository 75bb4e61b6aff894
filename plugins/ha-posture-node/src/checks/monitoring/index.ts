import { HaCheck } from '../../model';
import { monitoringScraped } from './monitoring-scraped';
import { monitoringAlertRules } from './monitoring-alert-rules';
import { monitoringPrometheusHa } from './monitoring-prometheus-ha';
import { monitoringAlertmanagerHa } from './monitoring-alertmanager-ha';
import { monitoringAlertDelivery } from './monitoring-alert-delivery';

/** Built-in checks of the `monitoring` category. */
export const monitoringChecks: HaCheck[] = [
  monitoringScraped,
  monitoringAlertRules,
  monitoringPrometheusHa,
  monitoringAlertmanagerHa,
  monitoringAlertDelivery,
];
