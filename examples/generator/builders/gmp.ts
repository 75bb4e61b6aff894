/**
 * Google Cloud Managed Service for Prometheus: the gmp-system operator and
 * collectors, its CRDs, and PodMonitoring / Rules objects.
 */
import { Cluster, K8s } from '../lib/cluster';
import { Duration, seconds } from '../lib/time';
import { addAgent } from './agents';
import { container, httpGet, TOLERATE_ALL } from './containers';
import { addCrds } from './crds';
import { meta } from './meta';
import { addNamespace } from './namespaces';
import { addService } from './network';
import { addDeployment, addStatefulSet } from './workloads';

/** GMP's config-reloader sidecar, as the collector and the managed Alertmanager run it. */
const configReloader = () =>
  container({
    name: 'config-reloader',
    image: 'gke.gcr.io/prometheus-engine/config-reloader:v0.13.1-gke.0',
    ports: [{ name: 'cfg-rel-metrics', containerPort: 19091 }],
    requests: { cpu: '1m', memory: '4M' },
    limits: { memory: '32M' },
  });

export function addGmp(
  c: Cluster,
  o: {
    nodes: string[];
    operatorNode: string;
    ruleEvaluatorNode: string;
    alertmanagerNode: string;
    created: Duration;
    rolledOut: Duration;
  },
): void {
  const created = seconds(o.created);
  addNamespace(c, 'gmp-system', created, {
    'addonmanager.kubernetes.io/mode': 'Reconcile',
  });
  addNamespace(c, 'gmp-public', created, {
    'addonmanager.kubernetes.io/mode': 'Reconcile',
  });
  addCrds(
    c,
    [
      'gmp/clusterpodmonitorings',
      'gmp/clusterrules',
      'gmp/globalrules',
      'gmp/operatorconfigs',
      'gmp/podmonitorings',
      'gmp/rules',
    ],
    created,
  );
  const gke = { 'addonmanager.kubernetes.io/mode': 'Reconcile' };
  addDeployment(c, {
    name: 'gmp-operator',
    namespace: 'gmp-system',
    labels: {
      ...gke,
      'app.kubernetes.io/component': 'operator',
      'app.kubernetes.io/name': 'gmp-operator',
      'app.kubernetes.io/part-of': 'gmp',
    },
    selector: {
      matchLabels: {
        'app.kubernetes.io/component': 'operator',
        'app.kubernetes.io/name': 'gmp-operator',
        'app.kubernetes.io/part-of': 'gmp',
      },
    },
    template: {
      labels: {
        app: 'managed-prometheus-operator',
        'app.kubernetes.io/component': 'operator',
        'app.kubernetes.io/name': 'gmp-operator',
        'app.kubernetes.io/part-of': 'gmp',
        'app.kubernetes.io/version': '0.13.1',
      },
      spec: {
        serviceAccountName: 'operator',
        priorityClassName: 'gmp-critical',
        containers: [
          container({
            name: 'operator',
            image: 'gke.gcr.io/prometheus-engine/operator:v0.13.1-gke.0',
            args: [
              '--operator-namespace=gmp-system',
              '--public-namespace=gmp-public',
              '--webhook-addr=:10250',
            ],
            ports: [
              { name: 'web', containerPort: 10250 },
              { name: 'metrics', containerPort: 18080 },
            ],
            requests: { cpu: '1m', memory: '16M' },
            limits: { memory: '2G' },
            livenessProbe: httpGet('/healthz', 18081),
            readinessProbe: httpGet('/readyz', 18081),
          }),
        ],
        tolerations: [
          { effect: 'NoExecute', operator: 'Exists' },
          { effect: 'NoSchedule', operator: 'Exists' },
        ],
      },
    },
    replicas: 1,
    nodes: [o.operatorNode],
    created,
    rolledOut: o.rolledOut,
    revision: 5,
  });
  addAgent(c, {
    name: 'collector',
    namespace: 'gmp-system',
    selector: { 'app.kubernetes.io/name': 'collector' },
    labels: gke,
    podLabels: {
      app: 'managed-prometheus-collector',
      'app.kubernetes.io/version': '0.13.1',
    },
    annotations: { 'components.gke.io/component-name': 'managed_prometheus' },
    priorityClassName: 'gmp-critical',
    serviceAccountName: 'collector',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [TOLERATE_ALL],
    containers: [
      container({
        name: 'prometheus',
        image: 'gke.gcr.io/prometheus-engine/prometheus:v2.45.3-gmp.9-gke.0',
        args: [
          '--config.file=/prometheus/config_out/config.yaml',
          '--storage.tsdb.retention.time=30m',
          '--web.listen-address=:19090',
        ],
        ports: [{ name: 'prom-metrics', containerPort: 19090 }],
        requests: { cpu: '4m', memory: '32M' },
        limits: { memory: '3G' },
        livenessProbe: httpGet('/-/healthy', 19090),
        readinessProbe: httpGet('/-/ready', 19090),
      }),
      configReloader(),
    ],
    nodes: o.nodes,
    created,
    rolledOut: o.rolledOut,
    generation: 9,
  });
  addDeployment(c, {
    name: 'rule-evaluator',
    namespace: 'gmp-system',
    labels: gke,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'rule-evaluator' } },
    template: {
      labels: {
        app: 'managed-prometheus-rule-evaluator',
        'app.kubernetes.io/name': 'rule-evaluator',
        'app.kubernetes.io/version': '0.13.1',
      },
      spec: {
        serviceAccountName: 'collector',
        priorityClassName: 'gmp-critical',
        containers: [
          container({
            name: 'evaluator',
            image: 'gke.gcr.io/prometheus-engine/rule-evaluator:v0.13.1-gke.0',
            ports: [{ name: 'r-eval-metrics', containerPort: 19092 }],
            requests: { cpu: '1m', memory: '16M' },
            limits: { memory: '1G' },
            livenessProbe: httpGet('/-/healthy', 19092),
            readinessProbe: httpGet('/-/ready', 19092),
          }),
        ],
      },
    },
    replicas: 1,
    nodes: [o.ruleEvaluatorNode],
    created,
    rolledOut: o.rolledOut,
    revision: 5,
  });
  // GKE's managed Alertmanager: the rule-evaluator sends alerts to it whenever this StatefulSet
  // exists; whom it notifies comes from Secret gmp-public/alertmanager.
  const amLabels = {
    app: 'managed-prometheus-alertmanager',
    'app.kubernetes.io/name': 'alertmanager',
  };
  addStatefulSet(c, {
    name: 'alertmanager',
    namespace: 'gmp-system',
    labels: gke,
    selector: { matchLabels: amLabels },
    template: {
      labels: { ...amLabels, 'app.kubernetes.io/version': '0.13.1' },
      annotations: {
        'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true',
        'components.gke.io/component-name': 'managed_prometheus',
      },
      spec: {
        priorityClassName: 'gmp-critical',
        containers: [
          container({
            name: 'alertmanager',
            image:
              'gke.gcr.io/prometheus-engine/alertmanager:v0.27.0-gmp.1-gke.0',
            args: [
              '--config.file=/alertmanager/config_out/config.yaml',
              '--storage.path=/alertmanager-data',
              '--cluster.listen-address=[$(POD_IP)]:9094',
              '--web.listen-address=:9093',
            ],
            ports: [{ name: 'alertmanager', containerPort: 9093 }],
            requests: { cpu: '1m', memory: '16M' },
            limits: { memory: '128M' },
          }),
          configReloader(),
        ],
      },
    },
    replicas: 1,
    nodes: [o.alertmanagerNode],
    serviceName: 'alertmanager',
    created,
    rolledOut: o.rolledOut,
  });
  addService(c, {
    name: 'alertmanager',
    namespace: 'gmp-system',
    labels: gke,
    selector: amLabels,
    ports: [{ name: 'alertmanager', port: 9093, targetPort: 9093 }],
    headless: true,
    created,
  });
  c.add({
    apiVersion: 'monitoring.googleapis.com/v1',
    kind: 'OperatorConfig',
    metadata: meta(c, 'OperatorConfig', {
      name: 'config',
      namespace: 'gmp-public',
      labels: gke,
      created,
      generation: 1,
    }),
    collection: { filter: {}, kubeletScraping: { interval: '30s' } },
    managedAlertmanager: {
      configSecret: { key: 'alertmanager.yaml', name: 'alertmanager' },
    },
    rules: { alerting: {} },
  });
}

const gmpStatus = (c: Cluster, created: number, generation: number): K8s => ({
  conditions: [
    {
      type: 'ConfigurationCreateSuccess',
      status: 'True',
      lastTransitionTime: c.ago(created - 5),
      lastUpdateTime: c.ago(Math.min(created - 5, 3600)),
    },
  ],
  observedGeneration: generation,
});

export function addPodMonitoring(
  c: Cluster,
  o: {
    name: string;
    namespace: string;
    selector: K8s;
    endpoints: K8s[];
    labels?: Record<string, string>;
    created: Duration;
  },
): K8s {
  const created = seconds(o.created);
  return c.add({
    apiVersion: 'monitoring.googleapis.com/v1',
    kind: 'PodMonitoring',
    metadata: meta(c, 'PodMonitoring', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      created,
      generation: 1,
    }),
    spec: {
      endpoints: o.endpoints,
      selector: o.selector,
      targetLabels: { metadata: ['pod', 'container'] },
    },
    status: gmpStatus(c, created, 1),
  });
}

export function addGmpRules(
  c: Cluster,
  o: {
    name: string;
    namespace: string;
    groups: K8s[];
    labels?: Record<string, string>;
    created: Duration;
  },
): K8s {
  const created = seconds(o.created);
  return c.add({
    apiVersion: 'monitoring.googleapis.com/v1',
    kind: 'Rules',
    metadata: meta(c, 'Rules', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      created,
      generation: 1,
    }),
    spec: { groups: o.groups },
    status: gmpStatus(c, created, 1),
  });
}
