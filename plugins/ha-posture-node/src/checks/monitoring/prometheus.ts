/**
 * Prometheus Operator and GKE Managed Prometheus selection rules (rules file, section 7): which
 * monitors select a workload, and which Prometheus picks up a monitor or rule.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { matchesLabelSelector } from '../../engine/labels';
import { NamespaceIndex } from '../namespaceIndex';
import { perCluster } from '../util';
import {
  endpointNamesPodPort,
  podExposesPort,
  podMetricsEndpointPort,
  serviceEndpointScrapes,
} from './ports';

export const MONITORING_KEYS = {
  serviceMonitors: 'servicemonitors.monitoring.coreos.com',
  podMonitors: 'podmonitors.monitoring.coreos.com',
  prometheusRules: 'prometheusrules.monitoring.coreos.com',
  prometheuses: 'prometheuses.monitoring.coreos.com',
  alertmanagers: 'alertmanagers.monitoring.coreos.com',
  podMonitorings: 'podmonitorings.monitoring.googleapis.com',
  clusterPodMonitorings: 'clusterpodmonitorings.monitoring.googleapis.com',
  gkeRules: 'rules.monitoring.googleapis.com',
} as const;

/** The selector fields of a Prometheus for one kind of object it loads. */
export interface SelectorFields {
  kind: string;
  selector: string;
  namespaceSelector: string;
}

export const SERVICE_MONITOR_FIELDS: SelectorFields = {
  kind: 'ServiceMonitor',
  selector: 'serviceMonitorSelector',
  namespaceSelector: 'serviceMonitorNamespaceSelector',
};
export const POD_MONITOR_FIELDS: SelectorFields = {
  kind: 'PodMonitor',
  selector: 'podMonitorSelector',
  namespaceSelector: 'podMonitorNamespaceSelector',
};
export const RULE_FIELDS: SelectorFields = {
  kind: 'PrometheusRule',
  selector: 'ruleSelector',
  namespaceSelector: 'ruleNamespaceSelector',
};

/** `monitoring/k8s`. */
export function qualifiedName(obj: K8sObject): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : obj.metadata.name;
}

/** Namespace label sets by namespace name, built once per cluster (shared: not to be modified). */
const namespaceLabelSets = perCluster(
  () => new Map<string, Record<string, string>>(),
);

/** A namespace's labels, including the `kubernetes.io/metadata.name` label the API server sets on every namespace. */
function namespaceLabels(
  cluster: ClusterView,
  namespace: string,
): Record<string, string> {
  const memo = namespaceLabelSets(cluster);
  let labels = memo.get(namespace);
  if (!labels) {
    labels = {
      ...(cluster.namespace(namespace)?.metadata.labels ?? {}),
      'kubernetes.io/metadata.name': namespace,
    };
    memo.set(namespace, labels);
  }
  return labels;
}

/**
 * Why a Prometheus does not load the object (ServiceMonitor, PodMonitor, PrometheusRule), or
 * undefined when it does. A null selector selects nothing and `{}` everything; a null namespace
 * selector means the Prometheus's own namespace only.
 */
export function whyNotSelected(
  cluster: ClusterView,
  prometheus: K8sObject,
  obj: K8sObject,
  fields: SelectorFields,
): string | undefined {
  const name = qualifiedName(prometheus);
  const selector = prometheus.spec?.[fields.selector];
  if (selector === undefined || selector === null)
    return `Prometheus ${name} has no ${fields.selector} (it selects none)`;
  if (!matchesLabelSelector(selector, obj.metadata.labels ?? {})) {
    return `Prometheus ${name}'s ${
      fields.selector
    } does not match the labels of ${fields.kind} ${qualifiedName(obj)}`;
  }
  const namespace = obj.metadata.namespace ?? 'default';
  const namespaceSelector = prometheus.spec?.[fields.namespaceSelector];
  if (namespaceSelector === undefined || namespaceSelector === null) {
    return namespace === prometheus.metadata.namespace
      ? undefined
      : `Prometheus ${name} has no ${fields.namespaceSelector}, so it only reads its own namespace ${prometheus.metadata.namespace}`;
  }
  return matchesLabelSelector(
    namespaceSelector,
    namespaceLabels(cluster, namespace),
  )
    ? undefined
    : `Prometheus ${name}'s ${fields.namespaceSelector} does not select namespace ${namespace}`;
}

/** The namespaces a ServiceMonitor or PodMonitor watches: all (`any: true`), its matchNames, else its own. */
function watchedNamespaces(monitor: K8sObject): 'all' | unknown[] {
  const selector = monitor.spec?.namespaceSelector;
  if (selector?.any === true) return 'all';
  if (Array.isArray(selector?.matchNames) && selector.matchNames.length > 0)
    return selector.matchNames;
  return [monitor.metadata.namespace];
}

/** The monitors of one type indexed by the namespaces they watch, and the lookups made so far. */
interface MonitorIndex {
  index: NamespaceIndex<K8sObject>;
  byNamespace: Map<string, K8sObject[]>;
}

const monitorIndexes = perCluster(() => new Map<string, MonitorIndex>());

/**
 * The monitors of a type (a ServiceMonitor or PodMonitor key) that watch the namespace, in list
 * order, from an index built once per cluster: a workload does not scan every monitor. The
 * array is shared by the namespace's workloads (not to be modified).
 */
function monitorsWatching(
  cluster: ClusterView,
  key: string,
  namespace: string,
): K8sObject[] {
  const indexes = monitorIndexes(cluster);
  let index = indexes.get(key);
  if (!index) {
    index = {
      index: new NamespaceIndex(cluster.list(key), watchedNamespaces),
      byNamespace: new Map(),
    };
    indexes.set(key, index);
  }
  let watching = index.byNamespace.get(namespace);
  if (!watching) {
    watching = index.index.inNamespace(namespace);
    index.byNamespace.set(namespace, watching);
  }
  return watching;
}

/** A Service's ServiceMonitors (watching its namespace), once per cluster. */
interface ServiceScrapers {
  /** Those selecting the Service, in list order. */
  selecting: K8sObject[];
  /** Those that scrape it whatever ports its pods declare, in list order (shared between workloads). */
  scraping: K8sObject[];
  /** Whether some of `selecting` scrape it or not depending on the pods' ports (targetPort endpoints). */
  dependsOnPods: boolean;
}

const endpointsOf = (monitor: K8sObject): any[] =>
  Array.isArray(monitor.spec?.endpoints) ? monitor.spec.endpoints : [];

const serviceScrapers = perCluster(
  () => new Map<string, Map<K8sObject, ServiceScrapers>>(),
);
function scrapersOf(
  cluster: ClusterView,
  namespace: string,
  service: K8sObject,
): ServiceScrapers {
  const byNamespace = serviceScrapers(cluster);
  let byService = byNamespace.get(namespace);
  if (!byService) byNamespace.set(namespace, (byService = new Map()));
  let scrapers = byService.get(service);
  if (!scrapers) {
    scrapers = { selecting: [], scraping: [], dependsOnPods: false };
    const labels = service.metadata.labels ?? {};
    for (const sm of monitorsWatching(
      cluster,
      MONITORING_KEYS.serviceMonitors,
      namespace,
    )) {
      if (!matchesLabelSelector(sm.spec?.selector, labels)) continue;
      scrapers.selecting.push(sm);
      const independent = endpointsOf(sm).filter(e => !endpointNamesPodPort(e));
      if (independent.some(e => serviceEndpointScrapes(e, service, undefined)))
        scrapers.scraping.push(sm);
      else if (independent.length < endpointsOf(sm).length)
        scrapers.dependsOnPods = true;
    }
    byService.set(service, scrapers);
  }
  return scrapers;
}

/** The ServiceMonitors that scrape the Service's pods (running the pod template). */
function serviceMonitorsOf(
  cluster: ClusterView,
  namespace: string,
  service: K8sObject,
  podSpec: any,
): K8sObject[] {
  const { selecting, scraping, dependsOnPods } = scrapersOf(
    cluster,
    namespace,
    service,
  );
  if (!dependsOnPods) return scraping;
  return selecting.filter(
    sm =>
      scraping.includes(sm) ||
      endpointsOf(sm).some(e => serviceEndpointScrapes(e, service, podSpec)),
  );
}

/**
 * ServiceMonitors that scrape one of the Services of the pod template (selector on Service labels,
 * namespaceSelector, endpoint port), in list order. May be shared with other workloads (not to be
 * modified).
 */
export function serviceMonitorsFor(
  cluster: ClusterView,
  namespace: string,
  services: K8sObject[],
  podSpec: any,
): K8sObject[] {
  if (
    services.length === 0 ||
    cluster.fetchState(MONITORING_KEYS.serviceMonitors).status !== 'ok'
  )
    return [];
  if (services.length === 1)
    return serviceMonitorsOf(cluster, namespace, services[0], podSpec);
  const scraping = services.map(svc =>
    serviceMonitorsOf(cluster, namespace, svc, podSpec),
  );
  return monitorsWatching(
    cluster,
    MONITORING_KEYS.serviceMonitors,
    namespace,
  ).filter(sm => scraping.some(monitors => monitors.includes(sm)));
}

/** PodMonitors that scrape the pod template (selector on pod labels, namespaceSelector, container port). */
export function podMonitorsFor(
  cluster: ClusterView,
  namespace: string,
  labels: Record<string, string>,
  podSpec: any,
): K8sObject[] {
  if (cluster.fetchState(MONITORING_KEYS.podMonitors).status !== 'ok')
    return [];
  return monitorsWatching(
    cluster,
    MONITORING_KEYS.podMonitors,
    namespace,
  ).filter(pm => {
    if (!matchesLabelSelector(pm.spec?.selector, labels)) return false;
    const endpoints: any[] = Array.isArray(pm.spec?.podMetricsEndpoints)
      ? pm.spec.podMetricsEndpoints
      : [];
    return endpoints.some(e =>
      podExposesPort(podSpec, podMetricsEndpointPort(e)),
    );
  });
}

/** Whether GKE PodMonitorings and ClusterPodMonitorings could be read, once per cluster. */
const gkeMonitoringsReadable = perCluster(cluster => ({
  podMonitorings:
    cluster.fetchState(MONITORING_KEYS.podMonitorings).status === 'ok',
  clusterPodMonitorings:
    cluster.fetchState(MONITORING_KEYS.clusterPodMonitorings).status === 'ok',
}));

function gkeMonitoringScrapes(
  monitoring: K8sObject,
  labels: Record<string, string>,
  podSpec: any,
): boolean {
  const endpoints: any[] = Array.isArray(monitoring.spec?.endpoints)
    ? monitoring.spec.endpoints
    : [];
  return (
    matchesLabelSelector(monitoring.spec?.selector, labels) &&
    endpoints.some(e => podExposesPort(podSpec, e?.port))
  );
}

/** GKE Managed Prometheus PodMonitorings (same namespace) and ClusterPodMonitorings that scrape the pod template. */
export function gkePodMonitoringsFor(
  cluster: ClusterView,
  namespace: string,
  labels: Record<string, string>,
  podSpec: any,
): K8sObject[] {
  const readable = gkeMonitoringsReadable(cluster);
  const found: K8sObject[] = [];
  if (readable.podMonitorings)
    for (const m of cluster.inNamespace(
      MONITORING_KEYS.podMonitorings,
      namespace,
    ))
      if (gkeMonitoringScrapes(m, labels, podSpec)) found.push(m);
  if (readable.clusterPodMonitorings)
    for (const m of cluster.list(MONITORING_KEYS.clusterPodMonitorings))
      if (gkeMonitoringScrapes(m, labels, podSpec)) found.push(m);
  return found;
}

/** GKE Managed Prometheus: its collector DaemonSet runs on the nodes. */
export function gkeManagedCollector(
  cluster: ClusterView,
): K8sObject | undefined {
  return cluster.get('daemonsets.apps', 'gmp-system', 'collector');
}

/**
 * How Prometheus objects load a monitor or rule: `selected` by some, `rejected` by all with
 * reasons, or `unverifiable` when no Prometheus object can be read (none in the input, not
 * installed, forbidden) with the reason.
 */
export type Selection =
  | { state: 'selected'; by: string[] }
  | { state: 'rejected'; reasons: string[] }
  | { state: 'unverifiable'; reason: string };

/** prometheusSelection, once per cluster, object and kind of selector (shared, not to be modified). */
const selections = perCluster(
  () => new Map<SelectorFields, Map<K8sObject, Selection>>(),
);
export function prometheusSelectionOnce(
  cluster: ClusterView,
  obj: K8sObject,
  fields: SelectorFields,
): Selection {
  const byFields = selections(cluster);
  let byObject = byFields.get(fields);
  if (!byObject) byFields.set(fields, (byObject = new Map()));
  let selection = byObject.get(obj);
  if (!selection) {
    selection = prometheusSelection(cluster, obj, fields);
    byObject.set(obj, selection);
  }
  return selection;
}

export function prometheusSelection(
  cluster: ClusterView,
  obj: K8sObject,
  fields: SelectorFields,
): Selection {
  const unavailable = cluster.unavailable(MONITORING_KEYS.prometheuses);
  if (unavailable) return { state: 'unverifiable', reason: unavailable };
  const prometheuses = cluster.list(MONITORING_KEYS.prometheuses);
  if (prometheuses.length === 0) {
    return {
      state: 'unverifiable',
      reason:
        cluster.snapshot.mode === 'manifests'
          ? 'no Prometheus object in the scanned manifests'
          : 'no Prometheus object in the cluster (another agent such as Grafana Alloy or VictoriaMetrics may read monitors; not verifiable)',
    };
  }
  const reasons = prometheuses.map(p =>
    whyNotSelected(cluster, p, obj, fields),
  );
  const by = prometheuses
    .filter((_, i) => reasons[i] === undefined)
    .map(qualifiedName);
  return by.length > 0
    ? { state: 'selected', by }
    : {
        state: 'rejected',
        reasons: reasons.filter((r): r is string => r !== undefined),
      };
}
