import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { describeObject, perCluster, podTemplateAnnotations } from '../util';
import { absenceVerdict, manifestsSilentOn } from '../absence';
import {
  gkeCollection,
  GkeCollection,
  gkePodMonitoringsFor,
  MONITORING_KEYS,
  podMonitorsFor,
  POD_MONITOR_FIELDS,
  firstUnverifiable,
  prometheusSelectionOnce,
  qualifiedName,
  rejectionReasons,
  Selection,
  SelectorFields,
  serviceMonitorsFor,
  SERVICE_MONITOR_FIELDS,
  VM_POD_SCRAPE_FIELDS,
  VM_SERVICE_SCRAPE_FIELDS,
  watchedNamespaces,
} from './prometheus';
import { unmodelledScraping } from './scrapeConfigs';

const MONITOR_KEYS = [
  MONITORING_KEYS.serviceMonitors,
  MONITORING_KEYS.podMonitors,
  MONITORING_KEYS.podMonitorings,
  MONITORING_KEYS.clusterPodMonitorings,
  MONITORING_KEYS.vmServiceScrapes,
  MONITORING_KEYS.vmPodScrapes,
];

/** Monitors of Services and of pods: the Prometheus Operator's, then VictoriaMetrics's (same fields). */
const SERVICE_MONITOR_KINDS = [
  { key: MONITORING_KEYS.serviceMonitors, fields: SERVICE_MONITOR_FIELDS },
  { key: MONITORING_KEYS.vmServiceScrapes, fields: VM_SERVICE_SCRAPE_FIELDS },
];
const POD_MONITOR_KINDS = [
  { key: MONITORING_KEYS.podMonitors, fields: POD_MONITOR_FIELDS },
  { key: MONITORING_KEYS.vmPodScrapes, fields: VM_POD_SCRAPE_FIELDS },
];

const SCRAPE_ANNOTATION = 'prometheus.io/scrape';

/** An empty list of names, shared by the evidence of many workloads. */
const NO_NAMES: readonly string[] = Object.freeze([]);

/** Why "no monitor scrapes the workload" is not judged here (see absenceVerdict), once per cluster. */
const noMonitorNotJudged = perCluster(cluster =>
  absenceVerdict(cluster, MONITOR_KEYS, {
    manifests:
      'The scanned manifests contain no ServiceMonitor, PodMonitor or PodMonitoring; scraping is judged on a cluster.',
    notInstalled: {
      status: 'unknown',
      message:
        'No ServiceMonitor, PodMonitor or GKE PodMonitoring CRD is installed: scraping configured elsewhere (a Prometheus ' +
        'scrape config, a vendor agent) is not visible through the Kubernetes API.',
    },
  }),
);

/** Why "no monitor scrapes a workload of the namespace" is not judged, if it is not. */
function noMonitorNotJudgedIn(
  cluster: ClusterView,
  namespace: string,
): CheckOutcome | undefined {
  const notJudged = noMonitorNotJudged(cluster);
  if (notJudged) return notJudged;
  if (
    manifestsSilentOn(cluster, MONITOR_KEYS, namespace, (monitor, ns) => {
      const watched = watchedNamespaces(monitor);
      return watched === 'all' || watched.includes(ns);
    })
  )
    return {
      status: 'skipped',
      message: `The scanned manifests contain no ServiceMonitor, PodMonitor or PodMonitoring in or watching namespace ${namespace} (those of other namespaces tell nothing about it); scraping is judged on a cluster.`,
    };
  return undefined;
}

/** When no monitor selects the workload: a finding, or not judgeable. */
function noMonitorOutcome(
  cluster: ClusterView,
  namespace: string,
  what: string,
  hasServices: boolean,
): CheckOutcome {
  const notJudged = noMonitorNotJudgedIn(cluster, namespace);
  if (notJudged) return notJudged;
  const elsewhere = unmodelledScraping(cluster);
  if (elsewhere)
    return {
      status: 'unknown',
      message: `No ServiceMonitor, PodMonitor or PodMonitoring scrapes ${what}, and whether scrape jobs defined elsewhere do is not verifiable: ${elsewhere}.`,
    };
  return {
    status: 'fail',
    message: `No ServiceMonitor, PodMonitor or PodMonitoring scrapes ${what}${
      hasServices
        ? ''
        : ' (and no Service selects its pods, so a ServiceMonitor cannot reach it)'
    }.`,
  };
}

/** A monitor as results name it, and what loads it. */
interface MonitorState {
  label: string;
  selection: Selection;
}

/** A monitor judged once per cluster and reach (it does not depend on the workload otherwise). */
interface JudgedMonitor extends MonitorState {
  /** Its entry in evidence.monitors (shared between workloads, never modified). */
  evidence: object;
  /** `<monitor> (loaded by Prometheus <name>, ...)` when a loader loads it. */
  selected?: string;
}

/** Judged monitors by monitor, for a workload in the monitor's namespace [0] or another one [1]. */
const judgedMonitors = perCluster(() => new Map<K8sObject, JudgedMonitor[]>());
function judgeMonitor(
  cluster: ClusterView,
  monitor: K8sObject,
  fields: SelectorFields,
  workloadNamespace: string,
): JudgedMonitor {
  const memo = judgedMonitors(cluster);
  let pair = memo.get(monitor);
  if (!pair) memo.set(monitor, (pair = []));
  const crossNamespace = monitor.metadata.namespace !== workloadNamespace;
  const at = crossNamespace ? 1 : 0;
  let judged = pair[at];
  if (!judged) {
    const label = `${fields.kind} ${qualifiedName(monitor)}`;
    const selection = prometheusSelectionOnce(
      cluster,
      monitor,
      fields,
      crossNamespace,
    );
    judged = {
      label,
      selection,
      evidence: Object.freeze({ monitor: label, ...selection }),
      ...(selection.state === 'selected'
        ? { selected: `${label} (loaded by ${selection.loaders.join(', ')})` }
        : {}),
    };
    pair[at] = judged;
  }
  return judged;
}

/** A GKE PodMonitoring or ClusterPodMonitoring when managed collection does not run or may not. */
function gkeMonitorState(
  monitoring: K8sObject,
  collection: Exclude<GkeCollection, { state: 'running' }>,
): MonitorState {
  return {
    label: `${monitoring.kind ?? 'PodMonitoring'} ${qualifiedName(monitoring)}`,
    selection:
      collection.state === 'absent'
        ? { state: 'rejected', reasons: [collection.reason] }
        : { state: 'unverifiable', reason: collection.reason },
  };
}

export const monitoringScraped: WorkloadCheck = {
  id: 'monitoring-scraped',
  title: 'Prometheus scrapes the workload',
  category: 'monitoring',
  severity: 'medium',
  scope: 'workload',
  rationale:
    "Failures that nobody sees are not repaired: HA needs the workload's metrics collected so that replicas going " +
    'down, saturation and errors raise alerts. A ServiceMonitor that no Prometheus selects collects nothing. ' +
    "VictoriaMetrics's VMServiceScrapes and VMPodScrapes, and the monitors its operator converts, count when a VMAgent selects them.",
  remediation:
    "Add a ServiceMonitor (selecting the workload's Service, endpoint `port` = the Service port name) or a PodMonitor, " +
    'labelled so that a Prometheus serviceMonitorSelector/podMonitorSelector and namespace selector pick it up; on GKE ' +
    "a PodMonitoring in the workload's namespace. With VictoriaMetrics, a VMServiceScrape or VMPodScrape that a " +
    "VMAgent's serviceScrapeSelector/podScrapeSelector (or selectAllByDefault) picks up.",
  references: [
    'https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusSpec',
    'https://prometheus-operator.dev/docs/developer/getting-started/',
    'https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed',
    'https://docs.victoriametrics.com/operator/resources/vmagent/',
  ],
  evaluate({ cluster, workload }) {
    const what = describeObject(workload);
    const services = cluster.servicesOf(workload);
    const gke = gkePodMonitoringsFor(
      cluster,
      workload.namespace,
      workload.templateLabels,
      workload.podSpec,
    );
    const judged: JudgedMonitor[] = [];
    for (const { key, fields } of SERVICE_MONITOR_KINDS)
      for (const monitor of serviceMonitorsFor(
        cluster,
        workload.namespace,
        services,
        workload.podSpec,
        key,
      ))
        judged.push(judgeMonitor(cluster, monitor, fields, workload.namespace));
    for (const { key, fields } of POD_MONITOR_KINDS)
      for (const monitor of podMonitorsFor(
        cluster,
        workload.namespace,
        workload.templateLabels,
        workload.podSpec,
        key,
      ))
        judged.push(judgeMonitor(cluster, monitor, fields, workload.namespace));
    const serviceNames: string[] = [];
    for (const service of services) serviceNames.push(service.metadata.name);
    const monitors: object[] = [];
    for (const j of judged) monitors.push(j.evidence);
    const evidence = {
      services: serviceNames,
      monitors,
      gkePodMonitorings:
        gke.length === 0
          ? NO_NAMES
          : gke.map(m => `${m.kind ?? 'PodMonitoring'} ${qualifiedName(m)}`),
    };

    const collection = gke.length > 0 ? gkeCollection(cluster) : undefined;
    if (collection?.state === 'running') {
      return {
        status: 'pass',
        message: `GKE Managed Prometheus scrapes ${what} (${evidence.gkePodMonitorings.join(
          ', ',
        )}).`,
        evidence,
      };
    }
    let selected = '';
    for (const j of judged)
      if (j.selected !== undefined)
        selected = selected === '' ? j.selected : `${selected}; ${j.selected}`;
    if (selected !== '') {
      return {
        status: 'pass',
        message: `${what} is scraped: ${selected}.`,
        evidence,
      };
    }
    const states: MonitorState[] = collection
      ? [...judged, ...gke.map(m => gkeMonitorState(m, collection))]
      : judged;
    const unverifiable = firstUnverifiable(states);
    if (unverifiable) {
      const message = `${unverifiable.judged.label} selects ${what}; which scraper loads it is not verifiable: ${unverifiable.reason}.`;
      // A manifests scan of an application repository rarely contains the Prometheus: the monitor is what it can show.
      return {
        status: cluster.snapshot.mode === 'manifests' ? 'pass' : 'unknown',
        message,
        evidence,
      };
    }
    if (states.length > 0) {
      return {
        status: 'fail',
        message: `${states.map(j => j.label).join(', ')} ${
          states.length === 1 ? 'selects' : 'select'
        } ${what}, but no scraper loads ${
          states.length === 1 ? 'it' : 'them'
        }: ${rejectionReasons(states).join('; ')}.`,
        remediation:
          'Label the monitor (and its namespace) so that the serviceMonitorSelector/podMonitorSelector and namespace ' +
          'selector of a running Prometheus, PrometheusAgent or OpenTelemetry target allocator (for a VMAgent, its ' +
          'serviceScrapeSelector/podScrapeSelector) match it (with ' +
          'ignoreNamespaceSelectors, put the monitor in the namespace of the workload); for a GKE PodMonitoring, enable ' +
          'managed collection on the cluster.',
        evidence,
      };
    }
    // The annotation may sit on the pod template or on a Service in front of it: say which.
    const carriers = [
      ...(podTemplateAnnotations(workload)[SCRAPE_ANNOTATION] === 'true'
        ? ['its pod template']
        : []),
      ...services
        .filter(s => s.metadata.annotations?.[SCRAPE_ANNOTATION] === 'true')
        .map(s => `its Service ${s.metadata.name}`),
    ];
    // Where absence is not judged (manifests without monitors, no monitor CRD), the annotation
    // changes nothing: it would make an annotated workload look worse than a plain one.
    if (
      carriers.length > 0 &&
      !noMonitorNotJudgedIn(cluster, workload.namespace)
    ) {
      return {
        status: 'unknown',
        message:
          `No ServiceMonitor, PodMonitor or PodMonitoring scrapes ${what}; only ${carriers.join(
            ' and ',
          )} ${
            carriers.length === 1 ? 'carries' : 'carry'
          } the ${SCRAPE_ANNOTATION}: "true" annotation: a convention honoured by a scrape ` +
          'configuration (usually in a Secret) that cannot be read, so whether it is scraped is not verifiable.',
        evidence,
      };
    }
    return {
      ...noMonitorOutcome(
        cluster,
        workload.namespace,
        what,
        services.length > 0,
      ),
      evidence,
    };
  },
};
