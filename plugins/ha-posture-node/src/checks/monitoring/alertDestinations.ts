/**
 * Where a rule evaluator sends its alerts: the Alertmanager Services a Prometheus names in
 * spec.alerting.alertmanagers, or a ThanosRuler in spec.alertmanagersUrl, and what cannot be read
 * (configuration in Secrets, addresses outside the cluster).
 */
import { K8sObject } from '../../model/snapshot';

/** An Alertmanager Service the sender pushes alerts to. */
export interface AlertmanagerService {
  namespace: string;
  name: string;
  /** A named port must exist on the Service (the operator keeps only endpoints of that port name). */
  portName?: string;
}

export interface AlertDestinations {
  services: AlertmanagerService[];
  /** Destinations that cannot be verified here: a Secret's configuration, an address outside the cluster. */
  unverifiable: string[];
}

/** Whether a namespace exists in the cluster (true when namespaces were not read). */
export type NamespaceExists = (namespace: string) => boolean;

/**
 * Service DNS names: `svc`, `svc.ns`, `svc.ns.svc[.cluster.local]`, after SRV labels such as
 * `_web._tcp.`. `svc.ns` only when the namespace exists: `example.com` is no Service.
 */
function serviceOfHost(
  host: string,
  namespace: string,
  namespaceExists: NamespaceExists,
): AlertmanagerService | undefined {
  const labels = host.split('.').filter(label => !label.startsWith('_'));
  if (labels.length === 1) return { namespace, name: labels[0] };
  if (
    labels[2] === 'svc' ||
    (labels.length === 2 && namespaceExists(labels[1]))
  )
    return { namespace: labels[1], name: labels[0] };
  return undefined;
}

/**
 * A Thanos `--alertmanagers.url`: `[dns+|dnssrv+|dnssrvnoa+][scheme://][user@]host[:port][/path]`.
 * Undefined when its host is no Service of the cluster.
 */
export function serviceOfAlertmanagerUrl(
  url: string,
  namespace: string,
  namespaceExists: NamespaceExists,
): AlertmanagerService | undefined {
  const withoutLookup = url.replace(/^(?:dns|dnssrv|dnssrvnoa)\+/, '');
  const withoutScheme = withoutLookup.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const authority = withoutScheme.split('/')[0];
  const host = authority.slice(authority.lastIndexOf('@') + 1).split(':')[0];
  if (!host || /^[\d.]+$/.test(host)) return undefined;
  return serviceOfHost(host, namespace, namespaceExists);
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
    services.push({
      // Newer operators make the namespace optional: it defaults to the Prometheus's own (the CRD field doc).
      namespace:
        typeof endpoint.namespace === 'string' ? endpoint.namespace : namespace,
      name: endpoint.name,
      ...(typeof endpoint.port === 'string' ? { portName: endpoint.port } : {}),
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
  };
}

/** A ThanosRuler's destinations (alertmanagersUrl, or alertmanagersConfig in a Secret). */
export function thanosRulerDestinations(
  ruler: K8sObject,
  namespaceExists: NamespaceExists,
): AlertDestinations {
  const namespace = ruler.metadata.namespace ?? 'default';
  const services: AlertmanagerService[] = [];
  const unverifiable: string[] = [];
  const urls = ruler.spec?.alertmanagersUrl;
  for (const url of Array.isArray(urls) ? urls : []) {
    if (typeof url !== 'string') continue;
    const service = serviceOfAlertmanagerUrl(url, namespace, namespaceExists);
    if (service) services.push(service);
    else unverifiable.push(`${url} (not a Service of this cluster)`);
  }
  const config = ruler.spec?.alertmanagersConfig;
  if (config?.name)
    unverifiable.push(
      `the Alertmanagers of Secret ${namespace}/${config.name} (alertmanagersConfig, not read)`,
    );
  return { services, unverifiable };
}
