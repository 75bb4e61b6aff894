import { judgeVmAgents, VM_KEYS } from './victoriaMetrics';
import { CheckOutcome, ClusterCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { notEvaluable, plural } from '../util';
import { countOf } from '../workloads';
import {
  gkeManagedCollector,
  MONITORING_KEYS,
  qualifiedName,
} from './prometheus';
import { judgeReplicas } from './replicas';

/**
 * GKE Managed Service for Prometheus scrapes through one collector pod per node, each for the pods
 * of its own node: the collector DaemonSet's readiness is how much of the cluster is monitored.
 */
function judgeGkeCollector(
  cluster: ClusterView,
  collector: K8sObject,
): CheckOutcome {
  const daemonSet = `DaemonSet ${qualifiedName(collector)}`;
  const passed: CheckOutcome = {
    status: 'pass',
    message: `GKE Managed Service for Prometheus collects metrics (${daemonSet} on every node) and stores them in Google's managed backend.`,
    evidence: { managed: 'gke-managed-prometheus' },
  };
  // Manifests carry no status by nature: the DaemonSet's presence is judged alone.
  if (cluster.snapshot.mode === 'manifests') return passed;
  const desired = countOf(collector.status?.desiredNumberScheduled);
  if (desired === undefined) {
    return {
      status: 'unknown',
      message: `GKE Managed Service for Prometheus: ${daemonSet} has no status recorded, so whether its collectors run is not known.`,
      evidence: { managed: 'gke-managed-prometheus' },
    };
  }
  // The API omits zero counts.
  const ready = countOf(collector.status.numberReady) ?? 0;
  const evidence = { managed: 'gke-managed-prometheus', desired, ready };
  const remediation = `Look at the collector pods (\`kubectl -n ${collector.metadata.namespace} get pods -o wide\`): Pending, crash-looping or failing readiness.`;
  if (desired === 0) {
    return {
      status: 'unknown',
      message: `GKE Managed Service for Prometheus: ${daemonSet} is scheduled on no node, so it collects nothing (managed collection may be off); whatever monitors the cluster instead is not visible through the Kubernetes API.`,
      evidence,
    };
  }
  if (ready === 0) {
    return {
      status: 'fail',
      message: `GKE Managed Service for Prometheus collects no metrics: none of the ${plural(
        desired,
        'collector pod',
      )} of ${daemonSet} is ready.`,
      remediation,
      evidence,
    };
  }
  if (ready < desired) {
    return {
      status: 'warn',
      message: `GKE Managed Service for Prometheus misses the metrics of some nodes: only ${ready} of the ${desired} collector pods of ${daemonSet} are ready, and each scrapes its own node only.`,
      remediation,
      evidence,
    };
  }
  return { ...passed, evidence };
}

export const monitoringPrometheusHa: ClusterCheck = {
  id: 'monitoring-prometheus-ha',
  title: 'Prometheus runs with redundant replicas',
  category: 'monitoring',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    'A single Prometheus is a blind spot: while it restarts, is rescheduled or its node drains, nothing is scraped and ' +
    'no alert is evaluated, exactly when the cluster is being disrupted. The operator adds no anti-affinity: in a manifests scan, replicas ' +
    'that neither spec.affinity nor spec.topologySpreadConstraints keeps apart warn (on a cluster, the spread checks judge its StatefulSet).',
  remediation:
    'Set `spec.replicas: 2` (or more) on the Prometheus object, with pod anti-affinity across nodes or zones (on ' +
    'VictoriaMetrics, `spec.replicaCount: 2` on the VMAgent, with deduplication in the storage).',
  references: [
    'https://prometheus-operator.dev/docs/platform/high-availability/',
    'https://cloud.google.com/stackdriver/docs/managed-prometheus',
    'https://docs.victoriametrics.com/operator/resources/vmagent/',
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
    if (collector) return judgeGkeCollector(cluster, collector);
    const agents =
      cluster.snapshot.mode !== 'manifests' &&
      cluster.fetchState(VM_KEYS.vmAgents).status === 'ok'
        ? cluster.list(VM_KEYS.vmAgents)
        : [];
    if (agents.length > 0) return judgeVmAgents(cluster, agents);
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
          'The scanned manifests contain no Prometheus object (Prometheus Operator); monitoring availability is judged on a cluster.',
      };
    }
    const agentsFetch = cluster.fetchState(VM_KEYS.vmAgents).status;
    if (agentsFetch !== 'ok' && agentsFetch !== 'not-installed')
      return notEvaluable(cluster, VM_KEYS.vmAgents)!;
    return {
      status: 'unknown',
      message:
        'No Prometheus Operator Prometheus, GKE Managed Prometheus collector or VictoriaMetrics VMAgent found: the ' +
        'availability of the monitoring stack in use (if any) is not visible through the Kubernetes API.',
    };
  },
};
