/**
 * Prometheus Operator and GKE Managed Prometheus selection rules (rules file, section 7): which
 * monitors select a workload, and which Prometheus picks up a monitor or rule.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { matchesLabelSelector } from '../../engine/labels';
import { NamespaceIndex } from '../namespaceIndex';
import { longRunningContainers, perCluster } from '../util';

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

/** A namespace's labels, including the `kubernetes.io/metadata.name` label the API server sets on every namespace. */
function namespaceLabels(
  cluster: ClusterView,
  namespace: string,
): Record<string, string> {
  return {
    ...(cluster.namespace(namespace)?.metadata.labels ?? {}),
    'kubernetes.io/metadata.name': namespace,
  };
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

const monitorIndexes = perCluster(
  () => new Map<string, NamespaceIndex<K8sObject>>(),
);

/**
 * The monitors of a type (a ServiceMonitor or PodMonitor key) that watch the namespace, in list
 * order, from an index built once per cluster: a workload does not scan every monitor.
 */
function monitorsWatching(
  cluster: ClusterView,
  key: string,
  namespace: string,
): K8sObject[] {
  const indexes = monitorIndexes(cluster);
  let index = indexes.get(key);
  if (!index)
    indexes.set(
      key,
      (index = new NamespaceIndex(cluster.list(key), watchedNamespaces)),
    );
  return index.inNamespace(namespace);
}

/**
 * Whether the pod template exposes the port: a name must be a declared container port name; a
 * number matches a declared containerPort, or any port when the containers declare none
 * (declaring ports is optional). Undefined: any port.
 */
export function podExposesPort(podSpec: any, port: unknown): boolean {
  if (port === undefined || port === null || port === '') return true;
  const ports: any[] = longRunningContainers(podSpec).flatMap(c =>
    Array.isArray(c?.ports) ? c.ports : [],
  );
  if (typeof port === 'number')
    return ports.length === 0 || ports.some(p => p?.containerPort === port);
  return ports.some(p => p?.name === port);
}

/** Whether a ServiceMonitor endpoint scrapes one of the Service's ports (`port` is a Service port name). */
function serviceEndpointMatches(endpoint: any, service: K8sObject): boolean {
  const ports: any[] = Array.isArray(service.spec?.ports)
    ? service.spec.ports
    : [];
  if (typeof endpoint?.port === 'string' && endpoint.port !== '')
    return ports.some(p => p?.name === endpoint.port);
  if (endpoint?.targetPort !== undefined)
    return ports.some(
      p =>
        p?.targetPort === endpoint.targetPort ||
        p?.port === endpoint.targetPort,
    );
  return true;
}

/** ServiceMonitors that scrape one of the Services (selector on Service labels, namespaceSelector, endpoint port names). */
export function serviceMonitorsFor(
  cluster: ClusterView,
  namespace: string,
  services: K8sObject[],
): K8sObject[] {
  if (
    services.length === 0 ||
    cluster.fetchState(MONITORING_KEYS.serviceMonitors).status !== 'ok'
  )
    return [];
  return monitorsWatching(
    cluster,
    MONITORING_KEYS.serviceMonitors,
    namespace,
  ).filter(sm => {
    const endpoints: any[] = Array.isArray(sm.spec?.endpoints)
      ? sm.spec.endpoints
      : [];
    return services.some(
      svc =>
        matchesLabelSelector(sm.spec?.selector, svc.metadata.labels ?? {}) &&
        endpoints.some(e => serviceEndpointMatches(e, svc)),
    );
  });
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
      podExposesPort(podSpec, e?.port ?? e?.portNumber),
    );
  });
}

/** GKE Managed Prometheus PodMonitorings (same namespace) and ClusterPodMonitorings that scrape the pod template. */
export function gkePodMonitoringsFor(
  cluster: ClusterView,
  namespace: string,
  labels: Record<string, string>,
  podSpec: any,
): K8sObject[] {
  const scrapes = (m: K8sObject) => {
    const endpoints: any[] = Array.isArray(m.spec?.endpoints)
      ? m.spec.endpoints
      : [];
    return (
      matchesLabelSelector(m.spec?.selector, labels) &&
      endpoints.some(e => podExposesPort(podSpec, e?.port))
    );
  };
  const readable = (key: string) => cluster.fetchState(key).status === 'ok';
  return [
    ...(readable(MONITORING_KEYS.podMonitorings)
      ? cluster
          .inNamespace(MONITORING_KEYS.podMonitorings, namespace)
          .filter(scrapes)
      : []),
    ...(readable(MONITORING_KEYS.clusterPodMonitorings)
      ? cluster.list(MONITORING_KEYS.clusterPodMonitorings).filter(scrapes)
      : []),
  ];
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
