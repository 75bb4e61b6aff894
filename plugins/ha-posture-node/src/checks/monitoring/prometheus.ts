/**
 * Prometheus Operator and GKE Managed Prometheus selection rules (rules file, section 7): which
 * monitors select a workload, and which loader (Prometheus, PrometheusAgent, ThanosRuler,
 * OpenTelemetry target allocator; see loaders.ts) picks up a monitor, rule or ScrapeConfig.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { matchesLabelSelector } from '../../engine/labels';
import { NamespaceIndex } from '../namespaceIndex';
import { distinct, perCluster } from '../util';
import { Loader, LOADER_KEYS, LOADER_KINDS } from './loaders';
import { namespaceSelectorMatch } from './namespaceSelector';
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
  scrapeConfigs: 'scrapeconfigs.monitoring.coreos.com',
  ...LOADER_KEYS,
  alertmanagers: 'alertmanagers.monitoring.coreos.com',
  podMonitorings: 'podmonitorings.monitoring.googleapis.com',
  clusterPodMonitorings: 'clusterpodmonitorings.monitoring.googleapis.com',
  gkeRules: 'rules.monitoring.googleapis.com',
  gkeClusterRules: 'clusterrules.monitoring.googleapis.com',
  gkeGlobalRules: 'globalrules.monitoring.googleapis.com',
  vmServiceScrapes: 'vmservicescrapes.operator.victoriametrics.com',
  vmPodScrapes: 'vmpodscrapes.operator.victoriametrics.com',
  vmScrapeConfigs: 'vmscrapeconfigs.operator.victoriametrics.com',
  vmRules: 'vmrules.operator.victoriametrics.com',
  vmStaticScrapes: 'vmstaticscrapes.operator.victoriametrics.com',
} as const;

/** The selector fields of a loader for one kind of object it loads. */
export interface SelectorFields {
  kind: string;
  selector: string;
  namespaceSelector: string;
}

/** A loader's `<prefix>Selector` and `<prefix>NamespaceSelector` for objects of `kind`. */
const selectorFields = (kind: string, prefix: string): SelectorFields => ({
  kind,
  selector: `${prefix}Selector`,
  namespaceSelector: `${prefix}NamespaceSelector`,
});

export const SERVICE_MONITOR_FIELDS = selectorFields(
  'ServiceMonitor',
  'serviceMonitor',
);
export const POD_MONITOR_FIELDS = selectorFields('PodMonitor', 'podMonitor');
/** VictoriaMetrics's own monitors, which a VMAgent selects with its serviceScrape and podScrape selectors. */
export const VM_SERVICE_SCRAPE_FIELDS = selectorFields(
  'VMServiceScrape',
  'serviceScrape',
);
export const VM_POD_SCRAPE_FIELDS = selectorFields('VMPodScrape', 'podScrape');
export const VM_SCRAPE_CONFIG_FIELDS = selectorFields(
  'VMScrapeConfig',
  'scrapeConfig',
);
export const VM_STATIC_SCRAPE_FIELDS = selectorFields(
  'VMStaticScrape',
  'staticScrape',
);
export const VM_RULE_FIELDS = selectorFields('VMRule', 'rule');
export const RULE_FIELDS = selectorFields('PrometheusRule', 'rule');
export const SCRAPE_CONFIG_FIELDS = selectorFields(
  'ScrapeConfig',
  'scrapeConfig',
);

/** `monitoring/k8s`. */
export function qualifiedName(obj: K8sObject): string {
  return obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name}`
    : obj.metadata.name;
}

/** The namespaces a ServiceMonitor or PodMonitor watches: all (`any: true`), its matchNames, else its own. */
export function watchedNamespaces(monitor: K8sObject): 'all' | unknown[] {
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
  key: string = MONITORING_KEYS.serviceMonitors,
): ServiceScrapers {
  const byNamespace = serviceScrapers(cluster);
  const at = `${key} ${namespace}`;
  let byService = byNamespace.get(at);
  if (!byService) byNamespace.set(at, (byService = new Map()));
  let scrapers = byService.get(service);
  if (!scrapers) {
    scrapers = { selecting: [], scraping: [], dependsOnPods: false };
    const labels = service.metadata.labels ?? {};
    for (const sm of monitorsWatching(cluster, key, namespace)) {
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

/**
 * Whether a headless Service exists for Prometheus alone: every port of it is one a ServiceMonitor
 * selecting it scrapes by name (kube-prometheus's node-exporter on `https`, kube-state-metrics on
 * `https-main` and `https-self`). A Service with a cluster IP is taken to carry traffic whatever
 * scrapes it: applications often serve their metrics on their traffic port.
 */
export function scrapedOnlyByServiceMonitors(
  cluster: ClusterView,
  service: K8sObject,
): boolean {
  const ports: any[] = Array.isArray(service.spec?.ports)
    ? service.spec.ports
    : [];
  if (
    service.spec?.clusterIP !== 'None' ||
    ports.length === 0 ||
    cluster.fetchState(MONITORING_KEYS.serviceMonitors).status !== 'ok'
  )
    return false;
  const { selecting } = scrapersOf(
    cluster,
    service.metadata.namespace ?? 'default',
    service,
  );
  const scraped = new Set(
    selecting.flatMap(endpointsOf).map(endpoint => endpoint?.port),
  );
  return ports.every(
    port => typeof port?.name === 'string' && scraped.has(port.name),
  );
}

/** The ServiceMonitors (or VMServiceScrapes: `key`) that scrape the Service's pods (running the pod template). */
function serviceMonitorsOf(
  cluster: ClusterView,
  namespace: string,
  service: K8sObject,
  podSpec: any,
  key: string,
): K8sObject[] {
  const { selecting, scraping, dependsOnPods } = scrapersOf(
    cluster,
    namespace,
    service,
    key,
  );
  if (!dependsOnPods) return scraping;
  return selecting.filter(
    sm =>
      scraping.includes(sm) ||
      endpointsOf(sm).some(e => serviceEndpointScrapes(e, service, podSpec)),
  );
}

/**
 * ServiceMonitors (or VMServiceScrapes, which have the same fields: `key`) that scrape one of the
 * Services of the pod template (selector on Service labels, namespaceSelector, endpoint port), in
 * list order. May be shared with other workloads (not to be modified).
 */
export function serviceMonitorsFor(
  cluster: ClusterView,
  namespace: string,
  services: K8sObject[],
  podSpec: any,
  key: string = MONITORING_KEYS.serviceMonitors,
): K8sObject[] {
  if (services.length === 0 || cluster.fetchState(key).status !== 'ok')
    return [];
  if (services.length === 1)
    return serviceMonitorsOf(cluster, namespace, services[0], podSpec, key);
  const scraping = services.map(svc =>
    serviceMonitorsOf(cluster, namespace, svc, podSpec, key),
  );
  return monitorsWatching(cluster, key, namespace).filter(sm =>
    scraping.some(monitors => monitors.includes(sm)),
  );
}

/**
 * PodMonitors (or VMPodScrapes: `key`) that scrape the pod template (selector on pod labels,
 * namespaceSelector, container port).
 */
export function podMonitorsFor(
  cluster: ClusterView,
  namespace: string,
  labels: Record<string, string>,
  podSpec: any,
  key: string = MONITORING_KEYS.podMonitors,
): K8sObject[] {
  if (cluster.fetchState(key).status !== 'ok') return [];
  return monitorsWatching(cluster, key, namespace).filter(pm => {
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
 * Whether GKE managed collection runs, which PodMonitorings and ClusterPodMonitorings need: its
 * collector DaemonSet, or why it does not run, or why that cannot be told. Once per cluster.
 */
export type GkeCollection =
  | { state: 'running' }
  | { state: 'absent'; reason: string }
  | { state: 'unverifiable'; reason: string };

export const gkeCollection = perCluster((cluster): GkeCollection => {
  if (gkeManagedCollector(cluster)) return { state: 'running' };
  const unavailable = cluster.unavailable('daemonsets.apps');
  if (unavailable)
    return {
      state: 'unverifiable',
      reason: `whether GKE managed collection runs (DaemonSet gmp-system/collector) is not known: ${unavailable}`,
    };
  // GKE installs the collector itself: an application's manifests never contain it.
  if (cluster.snapshot.mode === 'manifests')
    return {
      state: 'unverifiable',
      reason:
        'GKE managed collection (DaemonSet gmp-system/collector, installed by GKE) is not in the scanned manifests',
    };
  return {
    state: 'absent',
    reason:
      'GKE managed collection does not run on the cluster (no DaemonSet gmp-system/collector)',
  };
});

/**
 * How loaders load a monitor, rule or ScrapeConfig: `selected` by some, `rejected` by all with
 * reasons, or `unverifiable` with the reason: no loader can be read (none in the input, not
 * installed, forbidden), or what would decide is unknown (a namespace's labels).
 */
export type Selection =
  | {
      state: 'selected';
      /** The loaders' names (`monitoring/k8s`). */
      by: string[];
      /** The same loaders with their kinds (`ThanosRuler monitoring/thanos`), as messages name them. */
      loaders: string[];
    }
  | { state: 'rejected'; reasons: string[] }
  | { state: 'unverifiable'; reason: string };

/** The first of several judged monitors or rules whose loading cannot be verified, with the reason. */
export function firstUnverifiable<T extends { selection: Selection }>(
  judged: readonly T[],
): { judged: T; reason: string } | undefined {
  for (const j of judged)
    if (j.selection.state === 'unverifiable')
      return { judged: j, reason: j.selection.reason };
  return undefined;
}

/** Why no loader loads any of several judged monitors or rules: each distinct reason once, sorted. */
export function rejectionReasons(
  judged: ReadonlyArray<{ selection: Selection }>,
): string[] {
  return distinct(
    judged.flatMap(j =>
      j.selection.state === 'rejected' ? j.selection.reasons : [],
    ),
  );
}

/** The loaders of one kind of object on a cluster, and why other kinds of loader could not be read. */
interface ClusterLoaders {
  loaders: Loader[];
  unreadable: string[];
  /** Why none loads it when there is no loader at all. */
  noLoader: string;
}

/** `Prometheus, PrometheusAgent or ThanosRuler`. */
function orList(names: string[]): string {
  return names.length < 2
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

const loadersOnCluster = perCluster(() => new Map<string, ClusterLoaders>());
/** The loaders that could load the kind of object `fields` selects, once per cluster and kind. */
export function loadersFor(
  cluster: ClusterView,
  fields: SelectorFields,
): ClusterLoaders {
  const memo = loadersOnCluster(cluster);
  let found = memo.get(fields.kind);
  if (!found) {
    const kinds = LOADER_KINDS.filter(k => k.loads.has(fields.kind));
    const loaders: Loader[] = [];
    const unreadable: string[] = [];
    for (const kind of kinds) {
      const status = cluster.fetchState(kind.key).status;
      if (status === 'not-installed') continue;
      if (status !== 'ok') {
        unreadable.push(cluster.unavailable(kind.key)!);
        continue;
      }
      for (const obj of cluster.list(kind.key)) {
        const loader = kind.read(obj, cluster);
        // A kind's version may not load what the kind can (a v1alpha1 collector, ScrapeConfigs).
        if (loader?.selectors(fields)) loaders.push(loader);
      }
    }
    const names = orList(kinds.map(k => k.name));
    found = {
      loaders,
      unreadable,
      noLoader:
        cluster.snapshot.mode === 'manifests'
          ? `no ${names} in the scanned manifests`
          : `no ${names} in the cluster (another agent such as Grafana Alloy or VictoriaMetrics may read ${fields.kind}s; not verifiable)`,
    };
    memo.set(fields.kind, found);
  }
  return found;
}

type LoaderVerdict =
  | { loads: true }
  | { loads: false; reason: string }
  | { loads: 'unknown'; reason: string };

const MONITOR_KINDS = new Set(['ServiceMonitor', 'PodMonitor']);

/**
 * Whether the loader loads the object. A ServiceMonitor or PodMonitor that reaches the workload
 * from another namespace (`crossNamespace`) does not through a loader with
 * ignoreNamespaceSelectors: the operator then limits its discovery to the monitor's own namespace.
 */
function judgeLoader(
  cluster: ClusterView,
  loader: Loader,
  obj: K8sObject,
  fields: SelectorFields,
  crossNamespace: boolean,
): LoaderVerdict {
  const selectors = loader.selectors(fields)!;
  const { label } = loader;
  if (loader.idle) return { loads: false, reason: loader.idle };
  if (selectors.refuses) return { loads: false, reason: selectors.refuses };
  if (selectors.selector === undefined || selectors.selector === null)
    return {
      loads: false,
      reason: `${label} has no ${selectors.selectorField} (it selects none)`,
    };
  const what = `${fields.kind} ${qualifiedName(obj)}`;
  if (!matchesLabelSelector(selectors.selector, obj.metadata.labels ?? {}))
    return {
      loads: false,
      reason: `${label}'s ${selectors.selectorField} does not match the labels of ${what}`,
    };
  const namespace = obj.metadata.namespace ?? 'default';
  const { allowNamespaces, denyNamespaces } = selectors;
  if (
    (allowNamespaces.length > 0 && !allowNamespaces.includes(namespace)) ||
    denyNamespaces.includes(namespace)
  )
    return {
      loads: false,
      reason: `${label} does not watch namespace ${namespace} (allowNamespaces/denyNamespaces)`,
    };
  const loaderNamespace = loader.object.metadata.namespace;
  if (selectors.namespaces === 'own') {
    if (namespace !== loaderNamespace)
      return {
        loads: false,
        reason: `${label} has no ${selectors.namespaceSelectorField}, so it only reads its own namespace ${loaderNamespace}`,
      };
  } else if (selectors.namespaces !== 'all') {
    const match = namespaceSelectorMatch(
      cluster,
      selectors.namespaces,
      namespace,
    );
    if (match === 'no-match')
      return {
        loads: false,
        reason: `${label}'s ${selectors.namespaceSelectorField} does not select namespace ${namespace}`,
      };
    if (match !== 'match')
      return {
        loads: 'unknown',
        reason: `${label}'s ${selectors.namespaceSelectorField} depends on the labels of namespace ${namespace}, and ${match.unverifiable}`,
      };
  }
  if (
    crossNamespace &&
    loader.ignoresMonitorNamespaceSelectors &&
    MONITOR_KINDS.has(fields.kind)
  )
    return {
      loads: false,
      reason: `${label} sets ignoreNamespaceSelectors, so ${what} only discovers targets in its own namespace ${namespace}`,
    };
  return { loads: true };
}

/** prometheusSelection, once per cluster, kind of selector, object and crossNamespace (shared, not to be modified). */
const selections = perCluster(
  () => new Map<SelectorFields, Map<K8sObject, Selection[]>>(),
);
export function prometheusSelectionOnce(
  cluster: ClusterView,
  obj: K8sObject,
  fields: SelectorFields,
  crossNamespace = false,
): Selection {
  const byFields = selections(cluster);
  let byObject = byFields.get(fields);
  if (!byObject) byFields.set(fields, (byObject = new Map()));
  let pair = byObject.get(obj);
  if (!pair) byObject.set(obj, (pair = []));
  const at = crossNamespace ? 1 : 0;
  return (pair[at] ??= prometheusSelection(
    cluster,
    obj,
    fields,
    crossNamespace,
  ));
}

/**
 * Which loaders load the object (a ServiceMonitor, PodMonitor, PrometheusRule or ScrapeConfig).
 * `crossNamespace`: a monitor judged for a workload in another namespace (see judgeLoader).
 */
export function prometheusSelection(
  cluster: ClusterView,
  obj: K8sObject,
  fields: SelectorFields,
  crossNamespace = false,
): Selection {
  const { loaders, unreadable, noLoader } = loadersFor(cluster, fields);
  const by: string[] = [];
  const labels: string[] = [];
  const reasons: string[] = [];
  let unknown: string | undefined;
  for (const loader of loaders) {
    const verdict = judgeLoader(cluster, loader, obj, fields, crossNamespace);
    if (verdict.loads === true) {
      by.push(qualifiedName(loader.object));
      labels.push(loader.label);
    } else if (verdict.loads === false) reasons.push(verdict.reason);
    else unknown ??= verdict.reason;
  }
  if (by.length > 0) return { state: 'selected', by, loaders: labels };
  // A loader that could not be read, or could not be judged, might load it.
  unknown ??= unreadable[0];
  if (unknown !== undefined) return { state: 'unverifiable', reason: unknown };
  if (loaders.length === 0) return { state: 'unverifiable', reason: noLoader };
  return { state: 'rejected', reasons };
}
