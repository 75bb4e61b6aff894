import { ClusterCheck } from '../../model/checks';
import { notEvaluable } from '../util';
import { MONITORING_KEYS } from './prometheus';
import { gmpManagedAlertmanagerInUse } from './gmpAlerting';
import { judgeReplicas, ReplicaRule } from './replicas';
import { judgeVmAlertmanagers, VM_KEYS } from './victoriaMetrics';

interface Params {
  minReplicas: number;
}

export const monitoringAlertmanagerHa: ClusterCheck<Params> = {
  id: 'monitoring-alertmanager-ha',
  title: 'Alertmanager runs as a redundant cluster',
  category: 'monitoring',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    'Alerts are only as available as the Alertmanager that routes them: with one replica, a restart or node failure ' +
    'silently drops notifications. Replicas gossip to deduplicate, and three keep working through a rolling update plus a failure. ' +
    'The operator adds no anti-affinity: in a manifests scan, replicas that neither spec.affinity nor spec.topologySpreadConstraints keeps apart warn.',
  remediation:
    'Set `spec.replicas: 3` on the Alertmanager object (kube-prometheus default), spread across nodes or zones.',
  parameters: {
    minReplicas: {
      description:
        'Recommended Alertmanager replicas; 2 up to this number warn, 1 fails.',
      default: 3,
      minimum: 1,
      integer: true,
    },
  },
  references: [
    'https://prometheus-operator.dev/docs/platform/high-availability/',
    'https://prometheus.io/docs/alerting/latest/alertmanager/#high-availability',
  ],
  evaluate({ cluster, params }) {
    const rule: ReplicaRule = {
      kind: 'Alertmanager',
      recommended: params.minReplicas,
      acceptable: 2,
      consequence:
        'a restart or node failure drops notifications while it is down.',
      outage: 'no alert notification is sent',
    };
    const blocked = notEvaluable(cluster, MONITORING_KEYS.alertmanagers);
    if (
      blocked &&
      cluster.fetchState(MONITORING_KEYS.alertmanagers).status !==
        'not-installed'
    )
      return blocked;
    const alertmanagers = blocked
      ? []
      : cluster.list(MONITORING_KEYS.alertmanagers);
    const managed = gmpManagedAlertmanagerInUse(cluster);
    if (alertmanagers.length === 0 && managed)
      return judgeReplicas(cluster, managed, {
        ...rule,
        kind: 'StatefulSet',
        label: "GKE's managed Alertmanager",
        remediation:
          "GKE deploys its managed Alertmanager itself. For redundant alert routing, run an Alertmanager of your own with 3 replicas (the Prometheus Operator's Alertmanager) and list it in rules.alerting.alertmanagers of OperatorConfig gmp-public/config.",
      });
    const vmAlertmanagers =
      alertmanagers.length === 0 &&
      cluster.snapshot.mode !== 'manifests' &&
      cluster.fetchState(VM_KEYS.vmAlertmanagers).status === 'ok'
        ? cluster.list(VM_KEYS.vmAlertmanagers)
        : [];
    if (vmAlertmanagers.length > 0)
      return judgeVmAlertmanagers(cluster, vmAlertmanagers, params.minReplicas);
    if (alertmanagers.length === 0) {
      return cluster.snapshot.mode === 'manifests'
        ? {
            status: 'skipped',
            message:
              'The scanned manifests contain no Alertmanager object (Prometheus Operator); alert routing is judged on a cluster.',
          }
        : {
            status: 'unknown',
            message:
              'No Prometheus Operator Alertmanager found: alerts may go to an external or managed Alertmanager whose ' +
              'availability is not visible through the Kubernetes API.',
          };
    }
    return alertmanagers.map(am => judgeReplicas(cluster, am, rule));
  },
};
