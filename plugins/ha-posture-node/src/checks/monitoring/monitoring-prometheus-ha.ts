import { ClusterCheck } from '../../model/checks';
import { notEvaluable } from '../util';
import {
  gkeManagedCollector,
  MONITORING_KEYS,
  qualifiedName,
} from './prometheus';
import { judgeReplicas } from './replicas';

export const monitoringPrometheusHa: ClusterCheck = {
  id: 'monitoring-prometheus-ha',
  title: 'Prometheus runs with redundant replicas',
  category: 'monitoring',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    'A single Prometheus is a blind spot: while it restarts, is rescheduled or its node drains, nothing is scraped and ' +
    'no alert is evaluated, exactly when the cluster is being disrupted.',
  remediation:
    'Set `spec.replicas: 2` (or more) on the Prometheus object, with pod anti-affinity across nodes or zones.',
  references: [
    'https://prometheus-operator.dev/docs/platform/high-availability/',
    'https://cloud.google.com/stackdriver/docs/managed-prometheus',
  ],
  evaluate({ cluster }) {
    const blocked = notEvaluable(cluster, MONITORING_KEYS.prometheuses);
    const prometheuses = blocked
      ? []
      : cluster.list(MONITORING_KEYS.prometheuses);
    if (prometheuses.length > 0) {
      return prometheuses.map(p =>
        judgeReplicas(cluster, p, {
          kind: 'Prometheus',
          recommended: 2,
          acceptable: 2,
          sharded: true,
          consequence:
            'while it restarts or its node drains, nothing is scraped and no alert is evaluated.',
          outage: 'nothing is scraped and no alert is evaluated',
        }),
      );
    }
    const collector = gkeManagedCollector(cluster);
    if (collector) {
      return {
        status: 'pass',
        message: `GKE Managed Service for Prometheus collects metrics (DaemonSet ${qualifiedName(
          collector,
        )} on every node) and stores them in Google's managed backend.`,
        evidence: { managed: 'gke-managed-prometheus' },
      };
    }
    if (
      blocked &&
      cluster.fetchState(MONITORING_KEYS.prometheuses).status !==
        'not-installed'
    )
      return blocked;
    if (cluster.snapshot.mode === 'manifests') {
      return {
        status: 'skipped',
        message:
          'The scanned manifests contain no Prometheus; monitoring availability is judged on a cluster.',
      };
    }
    return {
      status: 'unknown',
      message:
        'No Prometheus Operator Prometheus and no GKE Managed Prometheus collector found: the availability of the ' +
        'monitoring stack in use (if any) is not visible through the Kubernetes API.',
    };
  },
};
