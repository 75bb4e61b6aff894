import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { describeObject, podTemplateAnnotations } from '../util';
import { absenceVerdict } from '../absence';
import {
  gkePodMonitoringsFor,
  MONITORING_KEYS,
  podMonitorsFor,
  POD_MONITOR_FIELDS,
  prometheusSelection,
  qualifiedName,
  serviceMonitorsFor,
  SERVICE_MONITOR_FIELDS,
} from './prometheus';

const MONITOR_KEYS = [
  MONITORING_KEYS.serviceMonitors,
  MONITORING_KEYS.podMonitors,
  MONITORING_KEYS.podMonitorings,
  MONITORING_KEYS.clusterPodMonitorings,
];

const SCRAPE_ANNOTATION = 'prometheus.io/scrape';

/** When no monitor selects the workload: a finding, or not judgeable. */
function noMonitorOutcome(
  cluster: ClusterView,
  what: string,
  hasServices: boolean,
): CheckOutcome {
  const notJudged = absenceVerdict(cluster, MONITOR_KEYS, {
    manifests:
      'The scanned manifests contain no ServiceMonitor, PodMonitor or PodMonitoring; scraping is judged on a cluster.',
    notInstalled: {
      status: 'unknown',
      message:
        'No ServiceMonitor, PodMonitor or GKE PodMonitoring CRD is installed: scraping configured elsewhere (a Prometheus ' +
        'scrape config, a vendor agent) is not visible through the Kubernetes API.',
    },
  });
  return (
    notJudged ?? {
      status: 'fail',
      message: `No ServiceMonitor, PodMonitor or PodMonitoring scrapes ${what}${
        hasServices
          ? ''
          : ' (and no Service selects its pods, so a ServiceMonitor cannot reach it)'
      }.`,
    }
  );
}

export const monitoringScraped: WorkloadCheck = {
  id: 'monitoring-scraped',
  title: 'Prometheus scrapes the workload',
  category: 'monitoring',
  severity: 'medium',
  scope: 'workload',
  rationale:
    "Failures that nobody sees are not repaired: HA needs the workload's metrics collected so that replicas going " +
    'down, saturation and errors raise alerts. A ServiceMonitor that no Prometheus selects collects nothing.',
  remediation:
    "Add a ServiceMonitor (selecting the workload's Service, endpoint `port` = the Service port name) or a PodMonitor, " +
    'labelled so that a Prometheus serviceMonitorSelector/podMonitorSelector and namespace selector pick it up; on GKE ' +
    "a PodMonitoring in the workload's namespace.",
  references: [
    'https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusSpec',
    'https://prometheus-operator.dev/docs/developer/getting-started/',
    'https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed',
  ],
  evaluate({ cluster, workload }) {
    const what = describeObject(workload);
    const services = cluster.servicesMatching(
      workload.namespace,
      workload.templateLabels,
    );
    const gke = gkePodMonitoringsFor(
      cluster,
      workload.namespace,
      workload.templateLabels,
      workload.podSpec,
    );
    const judged = [
      ...serviceMonitorsFor(cluster, workload.namespace, services).map(
        monitor => ({ monitor, fields: SERVICE_MONITOR_FIELDS }),
      ),
      ...podMonitorsFor(
        cluster,
        workload.namespace,
        workload.templateLabels,
        workload.podSpec,
      ).map(monitor => ({ monitor, fields: POD_MONITOR_FIELDS })),
    ].map(({ monitor, fields }) => ({
      label: `${fields.kind} ${qualifiedName(monitor)}`,
      selection: prometheusSelection(cluster, monitor, fields),
    }));
    const evidence = {
      services: services.map(s => s.metadata.name),
      monitors: judged.map(j => ({ monitor: j.label, ...j.selection })),
      gkePodMonitorings: gke.map(
        m => `${m.kind ?? 'PodMonitoring'} ${qualifiedName(m)}`,
      ),
    };

    if (gke.length > 0) {
      return {
        status: 'pass',
        message: `GKE Managed Prometheus scrapes ${what} (${evidence.gkePodMonitorings.join(
          ', ',
        )}).`,
        evidence,
      };
    }
    const selected = judged.flatMap(j =>
      j.selection.state === 'selected'
        ? [`${j.label} (loaded by Prometheus ${j.selection.by.join(', ')})`]
        : [],
    );
    if (selected.length > 0) {
      return {
        status: 'pass',
        message: `${what} is scraped: ${selected.join('; ')}.`,
        evidence,
      };
    }
    const [unverifiable] = judged.flatMap(j =>
      j.selection.state === 'unverifiable'
        ? [{ label: j.label, reason: j.selection.reason }]
        : [],
    );
    if (unverifiable) {
      const message = `${unverifiable.label} selects ${what}; which Prometheus loads it is not verifiable: ${unverifiable.reason}.`;
      // A manifests scan of an application repository rarely contains the Prometheus: the monitor is what it can show.
      return {
        status: cluster.snapshot.mode === 'manifests' ? 'pass' : 'unknown',
        message,
        evidence,
      };
    }
    if (judged.length > 0) {
      const reasons = judged.flatMap(j =>
        j.selection.state === 'rejected' ? j.selection.reasons : [],
      );
      return {
        status: 'fail',
        message: `${judged.map(j => j.label).join(', ')} ${
          judged.length === 1 ? 'selects' : 'select'
        } ${what}, but no Prometheus loads ${
          judged.length === 1 ? 'it' : 'them'
        }: ${[...new Set(reasons)].join('; ')}.`,
        remediation:
          'Label the monitor (and its namespace) so that a Prometheus serviceMonitorSelector/podMonitorSelector and namespace selector match it.',
        evidence,
      };
    }
    const annotated = [
      podTemplateAnnotations(workload),
      ...services.map(s => s.metadata.annotations ?? {}),
    ].some(a => a[SCRAPE_ANNOTATION] === 'true');
    if (annotated) {
      return {
        status: 'warn',
        message:
          `${what} only carries the ${SCRAPE_ANNOTATION}: "true" annotation: a convention whose scrape configuration ` +
          '(usually in a Secret) cannot be verified.',
        evidence,
      };
    }
    return {
      ...noMonitorOutcome(cluster, what, services.length > 0),
      evidence,
    };
  },
};
