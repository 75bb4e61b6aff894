/** Test builders for Prometheus Operator and GKE Managed Prometheus objects. */
import { K8sObject } from '../model/snapshot';
import { LabelSelector } from '../engine/labels';
import {
  daemonSet,
  deployment,
  endpointSlice,
  k8sObject,
  service,
  statefulSet,
} from './builders';

type Labels = Record<string, string>;

/** `undefined` in a selector option omits the field (null semantics: selects nothing / own namespace). */
export interface PrometheusOptions {
  namespace?: string;
  replicas?: number | null;
  shards?: number;
  /** status.availableReplicas (default replicas × shards). */
  available?: number;
  serviceMonitorSelector?: LabelSelector;
  serviceMonitorNamespaceSelector?: LabelSelector;
  podMonitorSelector?: LabelSelector;
  podMonitorNamespaceSelector?: LabelSelector;
  ruleSelector?: LabelSelector;
  ruleNamespaceSelector?: LabelSelector;
}

/** A Prometheus (monitoring.coreos.com/v1); selectors are only set when given. */
export function prometheus(
  name: string,
  options: PrometheusOptions = {},
): K8sObject {
  const { namespace, replicas, shards, available, ...selectors } = options;
  const specReplicas = replicas === null ? undefined : replicas ?? 2;
  return k8sObject('monitoring.coreos.com/v1', 'Prometheus', name, {
    namespace: namespace ?? 'monitoring',
    spec: {
      ...(specReplicas !== undefined ? { replicas: specReplicas } : {}),
      ...(shards !== undefined ? { shards } : {}),
      ...Object.fromEntries(
        Object.entries(selectors).filter(([, v]) => v !== undefined),
      ),
    },
    status: {
      availableReplicas: available ?? (specReplicas ?? 1) * (shards ?? 1),
    },
  });
}

export function alertmanager(
  name: string,
  options: {
    namespace?: string;
    replicas?: number | null;
    available?: number;
  } = {},
): K8sObject {
  const replicas =
    options.replicas === null ? undefined : options.replicas ?? 3;
  return k8sObject('monitoring.coreos.com/v1', 'Alertmanager', name, {
    namespace: options.namespace ?? 'monitoring',
    spec: replicas !== undefined ? { replicas } : {},
    status: { availableReplicas: options.available ?? replicas ?? 1 },
  });
}

export interface MonitorOptions {
  namespace?: string;
  labels?: Labels;
  /** spec.selector (default matchLabels app=<name>). */
  selector?: LabelSelector;
  /** spec.namespaceSelector, e.g. `{ any: true }` or `{ matchNames: ['shop'] }`. */
  namespaceSelector?: { any?: boolean; matchNames?: string[] };
  /** Endpoint port (ServiceMonitor: Service port name; PodMonitor: container port name). Default `http`/`metrics`. */
  port?: string;
}

export function serviceMonitor(
  name: string,
  options: MonitorOptions = {},
): K8sObject {
  return k8sObject('monitoring.coreos.com/v1', 'ServiceMonitor', name, {
    namespace: options.namespace ?? 'default',
    labels: options.labels,
    spec: {
      selector: options.selector ?? { matchLabels: { app: name } },
      ...(options.namespaceSelector
        ? { namespaceSelector: options.namespaceSelector }
        : {}),
      endpoints: [{ port: options.port ?? 'http', interval: '30s' }],
    },
  });
}

export function podMonitor(
  name: string,
  options: MonitorOptions = {},
): K8sObject {
  return k8sObject('monitoring.coreos.com/v1', 'PodMonitor', name, {
    namespace: options.namespace ?? 'default',
    labels: options.labels,
    spec: {
      selector: options.selector ?? { matchLabels: { app: name } },
      ...(options.namespaceSelector
        ? { namespaceSelector: options.namespaceSelector }
        : {}),
      podMetricsEndpoints: [{ port: options.port ?? 'metrics' }],
    },
  });
}

/** A PrometheusRule with one group of alerts (`{ alert: expr }`). */
export function prometheusRule(
  name: string,
  alerts: Record<string, string>,
  options: { namespace?: string; labels?: Labels } = {},
): K8sObject {
  return k8sObject('monitoring.coreos.com/v1', 'PrometheusRule', name, {
    namespace: options.namespace ?? 'default',
    labels: options.labels,
    spec: {
      groups: [
        {
          name: `${name}.rules`,
          rules: Object.entries(alerts).map(([alert, expr]) => ({
            alert,
            expr,
            for: '5m',
            labels: { severity: 'critical' },
          })),
        },
      ],
    },
  });
}

/** GKE Managed Prometheus PodMonitoring (namespaced) or ClusterPodMonitoring (`cluster: true`). */
export function podMonitoring(
  name: string,
  options: {
    namespace?: string;
    selector?: LabelSelector;
    port?: string | number;
    cluster?: boolean;
  } = {},
): K8sObject {
  return k8sObject(
    'monitoring.googleapis.com/v1',
    options.cluster ? 'ClusterPodMonitoring' : 'PodMonitoring',
    name,
    {
      namespace: options.namespace ?? 'default',
      cluster: options.cluster,
      spec: {
        selector: options.selector ?? { matchLabels: { app: name } },
        endpoints: [{ port: options.port ?? 'metrics', interval: '30s' }],
      },
    },
  );
}

/** GKE Managed Prometheus Rules (namespaced) with one group of alerts. */
export function gkeRules(
  name: string,
  alerts: Record<string, string>,
  options: { namespace?: string } = {},
): K8sObject {
  return k8sObject('monitoring.googleapis.com/v1', 'Rules', name, {
    namespace: options.namespace ?? 'default',
    spec: {
      groups: [
        {
          name,
          interval: '30s',
          rules: Object.entries(alerts).map(([alert, expr]) => ({
            alert,
            expr,
          })),
        },
      ],
    },
  });
}

/** The GKE Managed Prometheus collector DaemonSet (gmp-system/collector). */
export function gmpCollector(desired = 3): K8sObject {
  return daemonSet('collector', {
    namespace: 'gmp-system',
    desired,
    containers: [
      {
        name: 'prometheus',
        image: 'gke.gcr.io/prometheus-engine/prometheus:v2.45',
      },
    ],
  });
}

/** GKE Managed Prometheus's rule-evaluator Deployment (gmp-system/rule-evaluator). */
export function gmpRuleEvaluator(available = 1): K8sObject {
  return deployment('rule-evaluator', {
    namespace: 'gmp-system',
    replicas: 1,
    available,
  });
}

/**
 * GKE's managed Alertmanager: StatefulSet gmp-system/alertmanager, its headless Service and an
 * EndpointSlice with `ready` ready endpoints.
 */
export function gmpManagedAlertmanager(ready = 1): K8sObject[] {
  const labels = { 'app.kubernetes.io/name': 'alertmanager' };
  const svc = service('alertmanager', {
    namespace: 'gmp-system',
    selector: labels,
    ports: [{ name: 'alertmanager', port: 9093, targetPort: 9093 }],
  });
  return [
    statefulSet('alertmanager', {
      namespace: 'gmp-system',
      labels,
      replicas: 1,
      available: ready,
    }),
    svc,
    endpointSlice(
      svc,
      ready > 0
        ? Array.from({ length: ready }, (_, i) => ({ node: `w-${i + 1}` }))
        : [],
    ),
  ];
}

/** OperatorConfig gmp-public/config: rules.alerting and managedAlertmanager as given. */
export function gmpOperatorConfig(
  fields: { alertmanagers?: any[]; managedAlertmanager?: any } = {},
): K8sObject {
  return k8sObject('monitoring.googleapis.com/v1', 'OperatorConfig', 'config', {
    namespace: 'gmp-public',
    fields: {
      rules: {
        alerting: fields.alertmanagers
          ? { alertmanagers: fields.alertmanagers }
          : {},
      },
      ...(fields.managedAlertmanager
        ? { managedAlertmanager: fields.managedAlertmanager }
        : {}),
    },
  });
}

/**
 * The VictoriaMetrics operator's Deployment (vm/vm-operator), with its converter of these
 * Prometheus Operator kinds switched off (VM_ENABLEDPROMETHEUSCONVERTER_<kind>=false).
 */
export function vmOperator(convertersOff: string[]): K8sObject {
  return deployment('vm-operator', {
    namespace: 'vm',
    containers: [
      {
        name: 'manager',
        image: 'victoriametrics/operator:v0.50.0',
        env: convertersOff.map(kind => ({
          name: `VM_ENABLEDPROMETHEUSCONVERTER_${kind}`,
          value: 'false',
        })),
      },
    ],
  });
}

/** The object with preferred pod anti-affinity on kubernetes.io/hostname in its spec (a Prometheus, an Alertmanager). */
export function keptApart(obj: K8sObject): K8sObject {
  return {
    ...obj,
    spec: {
      ...obj.spec,
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' },
            },
          ],
        },
      },
    },
  };
}
