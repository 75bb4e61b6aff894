/** The `shop/web` workload with a metrics port and a Service, for the monitoring check tests. */
import { K8sObject } from '../../model/snapshot';
import {
  deployment,
  k8sObject,
  namespace,
  nodes,
  service,
} from '../../testing';

export const web = deployment('web', {
  namespace: 'shop',
  replicas: 2,
  containers: [
    {
      name: 'app',
      image: 'web:1',
      ports: [
        { name: 'http', containerPort: 8080 },
        { name: 'metrics', containerPort: 9090 },
      ],
    },
  ],
});

export const webService = service('web', {
  namespace: 'shop',
  selector: { app: 'web' },
  labels: { app: 'web' },
  ports: [
    { name: 'http', port: 80, targetPort: 8080 },
    { name: 'metrics', port: 9090, targetPort: 9090 },
  ],
});

/** A live-looking cluster (nodes, namespaces) running shop/web behind its Service. */
export function shopCluster(...extra: K8sObject[]): K8sObject[] {
  return [
    ...nodes('w', 2),
    namespace('shop', { team: 'shop' }),
    namespace('monitoring'),
    web,
    webService,
    ...extra,
  ];
}

/** A PrometheusAgent (monitoring.coreos.com/v1alpha1) in monitoring with the given spec. */
export function prometheusAgent(name: string, spec: object): K8sObject {
  return k8sObject('monitoring.coreos.com/v1alpha1', 'PrometheusAgent', name, {
    namespace: 'monitoring',
    spec,
  });
}

/** A ThanosRuler in monitoring with the given spec. */
export function thanosRuler(name: string, spec: object): K8sObject {
  return k8sObject('monitoring.coreos.com/v1', 'ThanosRuler', name, {
    namespace: 'monitoring',
    spec,
  });
}

/**
 * A StatefulSet OpenTelemetryCollector (opentelemetry.io/v1beta1) in monitoring whose target
 * allocator reads Prometheus Operator resources, with the given prometheusCR fields.
 */
export function otelCollector(
  name: string,
  prometheusCR: object,
  spec: object = {},
): K8sObject {
  return k8sObject('opentelemetry.io/v1beta1', 'OpenTelemetryCollector', name, {
    namespace: 'monitoring',
    spec: {
      mode: 'statefulset',
      replicas: 2,
      targetAllocator: {
        enabled: true,
        prometheusCR: { enabled: true, ...prometheusCR },
      },
      ...spec,
    },
  });
}

/** A ScrapeConfig (monitoring.coreos.com/v1alpha1) with a Kubernetes pod discovery job. */
export function scrapeConfig(
  name: string,
  options: { namespace?: string; labels?: Record<string, string> } = {},
): K8sObject {
  return k8sObject('monitoring.coreos.com/v1alpha1', 'ScrapeConfig', name, {
    namespace: options.namespace ?? 'monitoring',
    labels: options.labels,
    spec: { kubernetesSDConfigs: [{ role: 'Pod' }] },
  });
}
