/**
 * Where a rule evaluator sends its alerts: the Alertmanager Services a Prometheus names in
 * spec.alerting.alertmanagers, a ThanosRuler in spec.alertmanagersUrl, a VMAlert in its notifiers,
 * and what cannot be read (configuration in Secrets, addresses outside the cluster) or is refused.
 */
import { matchesLabelSelector } from '../../engine/labels';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';

/** How the sender picks the Alertmanager's port. */
export type AlertmanagerPort =
  /** A port of the Service by name (the operator keeps the endpoints of that port name; SRV records name it too). */
  | { name: string }
  /**
   * A port number: the operator matches a Prometheus's number against the pods' container ports,
   * so it must be an endpoint port (`endpoint`); a URL's port may be the Service's or, through a
   * headless Service, the pods' (`service-or-endpoint`).
   */
  | { number: number; on: 'endpoint' | 'service-or-endpoint' };

/** An Alertmanager Service the sender pushes alerts to. */
export interface AlertmanagerService {
  namespace: string;
  name: string;
  port?: AlertmanagerPort;
  /** What the Service is, when it is more than a Service (GKE's managed Alertmanager). */
  label?: string;
  /** What reaching it does not tell, said when it is reached. */
  note?: string;
}

export interface AlertDestinations {
  services: AlertmanagerService[];
  /** Destinations that cannot be verified here: a Secret's configuration, an address outside the cluster. */
  unverifiable: string[];
  /** Destinations the sender refuses or cannot use, with the reason. */
  invalid: string[];
}

/** Whether a namespace exists in the cluster (true when namespaces were not read). */
export type NamespaceExists = (namespace: string) => boolean;

/**
 * Service DNS names: `svc`, `svc.ns`, `svc.ns.svc[.cluster.local]`. `svc.ns` only when the
 * namespace exists: `example.com` is no Service.
 */
function serviceOfHost(
  labels: string[],
  namespace: string,
  namespaceExists: NamespaceExists,
): { namespace: string; name: string } | undefined {
  if (labels.length === 1) return { namespace, name: labels[0] };
  if (
    labels[2] === 'svc' ||
    (labels.length === 2 && namespaceExists(labels[1]))
  )
    return { namespace: labels[1], name: labels[0] };
  return undefined;
}

/** What one Thanos `--alertmanagers.url` gives: a Service, or why it cannot be verified or used. */
export type UrlDestination =
  | { service: AlertmanagerService }
  | { unverifiable: string }
  | { invalid: string };

const LOOKUP_PREFIX = /^(dns|dnssrv|dnssrvnoa)\+/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A Thanos `--alertmanagers.url`: `[dns+|dnssrv+|dnssrvnoa+]scheme://[user@]host[:port][/path]`.
 * Thanos refuses a URL without a scheme (pkg/alert BuildAlertmanagerConfig); an SRV lookup's
 * `_<port>._tcp.` labels name a port of the Service.
 */
export function serviceOfAlertmanagerUrl(
  url: string,
  namespace: string,
  namespaceExists: NamespaceExists,
  reader = 'Thanos',
): UrlDestination {
  const lookup = LOOKUP_PREFIX.exec(url)?.[1];
  const rest = url.replace(LOOKUP_PREFIX, '');
  if (!SCHEME.test(rest))
    return {
      invalid: `${url} has no scheme such as http://, which ${reader} refuses`,
    };
  const authority = rest.replace(SCHEME, '').split('/')[0];
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('['))
    return { unverifiable: `${url} (an IP address, not a Service)` };
  const [host, portText] = hostPort.split(':');
  const allLabels = host.split('.');
  const srvPort =
    lookup?.startsWith('dnssrv') && allLabels[0]?.startsWith('_')
      ? allLabels[0].slice(1)
      : undefined;
  const labels = allLabels.filter(label => !label.startsWith('_'));
  const service =
    host && !/^[\d.]+$/.test(host)
      ? serviceOfHost(labels, namespace, namespaceExists)
      : undefined;
  if (!service)
    return { unverifiable: `${url} (not a Service of this cluster)` };
  let port: AlertmanagerPort | undefined;
  if (srvPort) port = { name: srvPort };
  else if (portText && /^\d+$/.test(portText))
    port = { number: Number(portText), on: 'service-or-endpoint' };
  return { service: { ...service, ...(port ? { port } : {}) } };
}

/** A Prometheus's destinations (monitoring.coreos.com/v1 AlertingSpec). */
export function prometheusDestinations(
  prometheus: K8sObject,
): AlertDestinations {
  const namespace = prometheus.metadata.namespace ?? 'default';
  const endpoints = prometheus.spec?.alerting?.alertmanagers;
  const services: AlertmanagerService[] = [];
  for (const endpoint of Array.isArray(endpoints) ? endpoints : []) {
    if (typeof endpoint?.name !== 'string') continue;
    let port: AlertmanagerPort | undefined;
    if (typeof endpoint.port === 'string') port = { name: endpoint.port };
    else if (typeof endpoint.port === 'number')
      port = { number: endpoint.port, on: 'endpoint' };
    services.push({
      // Newer operators make the namespace optional: it defaults to the Prometheus's own (the CRD field doc).
      namespace:
        typeof endpoint.namespace === 'string' ? endpoint.namespace : namespace,
      name: endpoint.name,
      ...(port ? { port } : {}),
    });
  }
  const additional = prometheus.spec?.additionalAlertManagerConfigs;
  return {
    services,
    unverifiable: additional?.name
      ? [
          `the Alertmanagers of Secret ${namespace}/${additional.name} (additionalAlertManagerConfigs, not read)`,
        ]
      : [],
    invalid: [],
  };
}

/**
 * A ThanosRuler's destinations: alertmanagersConfig (a Secret) when set, which takes precedence
 * (the operator then passes no URL), else alertmanagersUrl.
 */
export function thanosRulerDestinations(
  ruler: K8sObject,
  namespaceExists: NamespaceExists,
): AlertDestinations {
  const namespace = ruler.metadata.namespace ?? 'default';
  const config = ruler.spec?.alertmanagersConfig;
  if (config?.name)
    return {
      services: [],
      unverifiable: [
        `the Alertmanagers of Secret ${namespace}/${config.name} (alertmanagersConfig, not read)`,
      ],
      invalid: [],
    };
  const destinations: AlertDestinations = {
    services: [],
    unverifiable: [],
    invalid: [],
  };
  const urls = ruler.spec?.alertmanagersUrl;
  for (const url of Array.isArray(urls) ? urls : []) {
    if (typeof url !== 'string' || url.trim() === '') continue;
    const destination = serviceOfAlertmanagerUrl(
      url.trim(),
      namespace,
      namespaceExists,
    );
    if ('service' in destination)
      destinations.services.push(destination.service);
    else if ('invalid' in destination)
      destinations.invalid.push(destination.invalid);
    else destinations.unverifiable.push(destination.unverifiable);
  }
  return destinations;
}

const VM_ALERTMANAGERS = 'vmalertmanagers.operator.victoriametrics.com';

/**
 * The VMAlertmanagers a VMAlert notifier's selector picks (labelSelector, in the namespaces of
 * namespaceSelector: any, matchNames, else the VMAlert's own), as the Services the operator puts
 * in front of them (`vmalertmanager-<name>`); a string when that cannot be told or none is picked.
 */
function selectedVmAlertmanagers(
  cluster: ClusterView,
  vmalert: K8sObject,
  selector: any,
): AlertmanagerService[] | { unverifiable: string } | { invalid: string } {
  const fetch = cluster.fetchState(VM_ALERTMANAGERS).status;
  if (fetch !== 'ok' && fetch !== 'not-installed')
    return {
      unverifiable: `the VMAlertmanagers its notifier selector picks (${cluster.unavailable(
        VM_ALERTMANAGERS,
      )})`,
    };
  const own = vmalert.metadata.namespace ?? 'default';
  const namespaces = selector?.namespaceSelector;
  const inNamespace = (ns: string) =>
    namespaces?.any === true ||
    (Array.isArray(namespaces?.matchNames) && namespaces.matchNames.length > 0
      ? namespaces.matchNames.includes(ns)
      : ns === own);
  const picked = cluster
    .list(VM_ALERTMANAGERS)
    .filter(
      am =>
        inNamespace(am.metadata.namespace ?? 'default') &&
        matchesLabelSelector(
          selector?.labelSelector ?? {},
          am.metadata.labels ?? {},
        ),
    );
  if (picked.length === 0)
    return { invalid: 'its notifier selector picks no VMAlertmanager' };
  return picked.map(am => {
    const amNamespace = am.metadata.namespace ?? 'default';
    return {
      namespace: amNamespace,
      name: `vmalertmanager-${am.metadata.name}`,
      label: `VMAlertmanager ${amNamespace}/${am.metadata.name}`,
    };
  });
}

/**
 * A VMAlert's destinations (operator.victoriametrics.com/v1beta1): spec.notifierConfigRef, a
 * Secret, when set (the operator takes it instead of the notifiers); else each of spec.notifier
 * and spec.notifiers, a URL or a selector of VMAlertmanagers.
 */
export function vmAlertDestinations(
  cluster: ClusterView,
  vmalert: K8sObject,
  namespaceExists: NamespaceExists,
): AlertDestinations {
  const namespace = vmalert.metadata.namespace ?? 'default';
  // vmalert's -notifier.blackhole evaluates alerts and sends none (it excludes every notifier).
  const blackhole = vmalert.spec?.extraArgs?.['notifier.blackhole'];
  if (blackhole !== undefined && String(blackhole).toLowerCase() !== 'false')
    return {
      services: [],
      unverifiable: [],
      invalid: [
        'spec.extraArgs sets notifier.blackhole, so vmalert sends its alerts nowhere',
      ],
    };
  const configRef = vmalert.spec?.notifierConfigRef;
  if (configRef?.name)
    return {
      services: [],
      unverifiable: [
        `the Alertmanagers of Secret ${namespace}/${configRef.name} (notifierConfigRef, not read)`,
      ],
      invalid: [],
    };
  const destinations: AlertDestinations = {
    services: [],
    unverifiable: [],
    invalid: [],
  };
  const notifiers = [
    vmalert.spec?.notifier,
    ...(Array.isArray(vmalert.spec?.notifiers) ? vmalert.spec.notifiers : []),
  ];
  for (const notifier of notifiers) {
    if (typeof notifier?.url === 'string' && notifier.url.trim() !== '') {
      const destination = serviceOfAlertmanagerUrl(
        notifier.url.trim(),
        namespace,
        namespaceExists,
        'VMAlert',
      );
      if ('service' in destination)
        destinations.services.push(destination.service);
      else if ('invalid' in destination)
        destinations.invalid.push(destination.invalid);
      else destinations.unverifiable.push(destination.unverifiable);
    } else if (notifier?.selector) {
      const picked = selectedVmAlertmanagers(
        cluster,
        vmalert,
        notifier.selector,
      );
      if (Array.isArray(picked)) destinations.services.push(...picked);
      else if ('invalid' in picked) destinations.invalid.push(picked.invalid);
      else destinations.unverifiable.push(picked.unverifiable);
    }
  }
  return destinations;
}
