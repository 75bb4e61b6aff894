/**
 * Prometheus Operator stacks (kube-prometheus and kube-prometheus-stack):
 * operator, kube-state-metrics, node-exporter, the Prometheus and Alertmanager
 * custom resources with the StatefulSets the operator creates for them, and
 * ServiceMonitor / PrometheusRule / PodMonitor objects.
 */
import { Cluster, K8s } from '../lib/cluster';
import { Duration, seconds } from '../lib/time';
import { container, httpGet, TOLERATE_ALL } from './containers';
import { addCrds } from './crds';
import { meta } from './meta';
import { addService } from './network';
import { isReady } from './pods';
import { addDaemonSet, addDeployment, addStatefulSet } from './workloads';

export interface PromStackOpts {
  namespace: string;
  flavor: 'kube-prometheus' | 'kube-prometheus-stack';
  created: Duration;
  rolledOut: Duration;
  prometheus: {
    name: string;
    replicas: number;
    nodes: string[];
    serviceMonitorSelector: K8s | null;
    serviceMonitorNamespaceSelector: K8s | null;
    podMonitorSelector: K8s | null;
    podMonitorNamespaceSelector: K8s | null;
    ruleSelector: K8s | null;
    ruleNamespaceSelector: K8s | null;
    storageClassName?: string;
    retention: string;
  };
  alertmanager: { name: string; replicas: number; nodes: string[] };
  operatorNode: string;
  kubeStateMetricsNode: string;
  nodeExporterNodes: string[];
  /** Required node affinity of node-exporter (e.g. not on Fargate). */
  nodeExporterAffinity?: K8s;
  /** Labels every object of a Helm release carries (kube-prometheus-stack: release=...). */
  releaseLabels?: Record<string, string>;
}

export function addPromStack(
  c: Cluster,
  o: PromStackOpts,
): { prometheus: K8s; alertmanager: K8s } {
  addCrds(
    c,
    [
      'coreos/alertmanagerconfigs',
      'coreos/alertmanagers',
      'coreos/podmonitors',
      'coreos/prometheuses',
      'coreos/prometheusrules',
      'coreos/servicemonitors',
    ],
    o.created,
  );
  const ns = o.namespace;
  const stack = o.flavor === 'kube-prometheus-stack';
  const rel = o.releaseLabels ?? {};
  const prefix = stack ? 'kube-prometheus-stack-' : '';
  const created = seconds(o.created);

  // prometheus-operator
  const opName = stack
    ? 'kube-prometheus-stack-operator'
    : 'prometheus-operator';
  const opLabels: Record<string, string> = stack
    ? {
        app: 'kube-prometheus-stack-operator',
        release: 'kube-prometheus-stack',
        'app.kubernetes.io/name': 'kube-prometheus-stack-prometheus-operator',
        'app.kubernetes.io/component': 'prometheus-operator',
      }
    : {
        'app.kubernetes.io/component': 'controller',
        'app.kubernetes.io/name': 'prometheus-operator',
        'app.kubernetes.io/part-of': 'kube-prometheus',
      };
  const opSelector: Record<string, string> = stack
    ? {
        app: 'kube-prometheus-stack-operator',
        release: 'kube-prometheus-stack',
      }
    : {
        'app.kubernetes.io/component': 'controller',
        'app.kubernetes.io/name': 'prometheus-operator',
        'app.kubernetes.io/part-of': 'kube-prometheus',
      };
  addDeployment(c, {
    name: opName,
    namespace: ns,
    labels: { ...opLabels, 'app.kubernetes.io/version': '0.78.2' },
    selector: { matchLabels: opSelector },
    template: {
      labels: { ...opLabels, 'app.kubernetes.io/version': '0.78.2' },
      spec: {
        serviceAccountName: opName,
        containers: [
          container({
            name: stack ? 'kube-prometheus-stack' : 'prometheus-operator',
            image: 'quay.io/prometheus-operator/prometheus-operator:v0.78.2',
            args: [
              '--kubelet-service=kube-system/kubelet',
              '--prometheus-config-reloader=quay.io/prometheus-operator/prometheus-config-reloader:v0.78.2',
            ],
            ports: [{ name: 'https', containerPort: 10250 }],
            requests: { cpu: '100m', memory: '100Mi' },
            limits: { cpu: '200m', memory: '200Mi' },
          }),
        ],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
      },
    },
    replicas: 1,
    nodes: [o.operatorNode],
    created,
    rolledOut: o.rolledOut,
    revision: 3,
  });
  addService(c, {
    name: opName,
    namespace: ns,
    labels: opLabels,
    selector: opSelector,
    ports: [{ name: 'https', port: 443, targetPort: 'https' }],
    created,
  });

  // kube-state-metrics
  const ksmName = stack
    ? 'kube-prometheus-stack-kube-state-metrics'
    : 'kube-state-metrics';
  const ksmLabels: Record<string, string> = stack
    ? {
        'app.kubernetes.io/instance': 'kube-prometheus-stack',
        'app.kubernetes.io/name': 'kube-state-metrics',
        release: 'kube-prometheus-stack',
      }
    : {
        'app.kubernetes.io/component': 'exporter',
        'app.kubernetes.io/name': 'kube-state-metrics',
        'app.kubernetes.io/part-of': 'kube-prometheus',
      };
  const ksmSelector: Record<string, string> = stack
    ? {
        'app.kubernetes.io/instance': 'kube-prometheus-stack',
        'app.kubernetes.io/name': 'kube-state-metrics',
      }
    : {
        'app.kubernetes.io/component': 'exporter',
        'app.kubernetes.io/name': 'kube-state-metrics',
        'app.kubernetes.io/part-of': 'kube-prometheus',
      };
  addDeployment(c, {
    name: ksmName,
    namespace: ns,
    labels: { ...ksmLabels, 'app.kubernetes.io/version': '2.14.0' },
    selector: { matchLabels: ksmSelector },
    template: {
      labels: { ...ksmLabels, 'app.kubernetes.io/version': '2.14.0' },
      spec: {
        serviceAccountName: ksmName,
        containers: [
          container({
            name: 'kube-state-metrics',
            image:
              'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.14.0',
            ports: [
              { name: 'http', containerPort: 8080 },
              { name: 'telemetry', containerPort: 8081 },
            ],
            requests: { cpu: '10m', memory: '190Mi' },
            limits: { cpu: '100m', memory: '250Mi' },
            livenessProbe: httpGet('/livez', 'http', {
              initialDelaySeconds: 5,
              timeoutSeconds: 5,
            }),
            readinessProbe: httpGet('/readyz', 'telemetry', {
              initialDelaySeconds: 5,
              timeoutSeconds: 5,
            }),
          }),
        ],
      },
    },
    replicas: 1,
    nodes: [o.kubeStateMetricsNode],
    created,
    rolledOut: o.rolledOut,
    revision: 3,
  });
  addService(c, {
    name: ksmName,
    namespace: ns,
    labels: ksmLabels,
    selector: ksmSelector,
    ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
    created,
  });

  // node-exporter
  const neName = stack
    ? 'kube-prometheus-stack-prometheus-node-exporter'
    : 'node-exporter';
  const neLabels: Record<string, string> = stack
    ? {
        'app.kubernetes.io/instance': 'kube-prometheus-stack',
        'app.kubernetes.io/name': 'prometheus-node-exporter',
        release: 'kube-prometheus-stack',
        jobLabel: 'node-exporter',
      }
    : {
        'app.kubernetes.io/component': 'exporter',
        'app.kubernetes.io/name': 'node-exporter',
        'app.kubernetes.io/part-of': 'kube-prometheus',
      };
  const neSelector: Record<string, string> = stack
    ? {
        'app.kubernetes.io/instance': 'kube-prometheus-stack',
        'app.kubernetes.io/name': 'prometheus-node-exporter',
      }
    : {
        'app.kubernetes.io/component': 'exporter',
        'app.kubernetes.io/name': 'node-exporter',
        'app.kubernetes.io/part-of': 'kube-prometheus',
      };
  addDaemonSet(c, {
    name: neName,
    namespace: ns,
    labels: { ...neLabels, 'app.kubernetes.io/version': '1.8.2' },
    selector: { matchLabels: neSelector },
    template: {
      labels: { ...neLabels, 'app.kubernetes.io/version': '1.8.2' },
      spec: {
        hostNetwork: true,
        hostPID: true,
        serviceAccountName: neName,
        containers: [
          container({
            name: 'node-exporter',
            image: 'quay.io/prometheus/node-exporter:v1.8.2',
            args: [
              '--path.procfs=/host/proc',
              '--path.sysfs=/host/sys',
              '--path.rootfs=/host/root',
            ],
            ports: [{ name: 'http-metrics', containerPort: 9100 }],
            requests: { cpu: '102m', memory: '180Mi' },
            limits: { cpu: '250m', memory: '180Mi' },
          }),
        ],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        priorityClassName: 'system-cluster-critical',
        tolerations: [TOLERATE_ALL],
        ...(o.nodeExporterAffinity ? { affinity: o.nodeExporterAffinity } : {}),
      },
    },
    nodes: o.nodeExporterNodes,
    created,
    rolledOut: o.rolledOut,
    generation: 3,
    maxUnavailable: '10%',
  });

  addService(c, {
    name: neName,
    namespace: ns,
    labels: neLabels,
    selector: neSelector,
    ports: [{ name: 'http-metrics', port: 9100, targetPort: 'http-metrics' }],
    headless: true,
    created,
  });

  // Prometheus CR → StatefulSet prometheus-<name>
  const p = o.prometheus;
  const promLabels: Record<string, string> = {
    ...rel,
    ...(stack
      ? {
          app: 'kube-prometheus-stack-prometheus',
          'app.kubernetes.io/instance': 'kube-prometheus-stack',
          'app.kubernetes.io/part-of': 'kube-prometheus-stack',
        }
      : {
          'app.kubernetes.io/component': 'prometheus',
          'app.kubernetes.io/name': 'prometheus',
          'app.kubernetes.io/part-of': 'kube-prometheus',
        }),
  };
  const promSpec: K8s = {
    alerting: {
      alertmanagers: [
        {
          apiVersion: 'v2',
          name: `${prefix}alertmanager${stack ? '' : '-main'}`,
          namespace: ns,
          port: 'web',
        },
      ],
    },
    enableAdminAPI: false,
    evaluationInterval: '30s',
    image: 'quay.io/prometheus/prometheus:v2.55.1',
    podMonitorNamespaceSelector: p.podMonitorNamespaceSelector,
    podMonitorSelector: p.podMonitorSelector,
    portName: 'web',
    probeNamespaceSelector: {},
    probeSelector: {},
    replicas: p.replicas,
    resources: { requests: { memory: '400Mi' } },
    retention: p.retention,
    ruleNamespaceSelector: p.ruleNamespaceSelector,
    ruleSelector: p.ruleSelector,
    scrapeInterval: '30s',
    serviceAccountName: `prometheus-${p.name}`,
    serviceMonitorNamespaceSelector: p.serviceMonitorNamespaceSelector,
    serviceMonitorSelector: p.serviceMonitorSelector,
    shards: 1,
    version: 'v2.55.1',
  };
  if (p.storageClassName) {
    promSpec.storage = {
      volumeClaimTemplate: {
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '100Gi' } },
          storageClassName: p.storageClassName,
        },
      },
    };
  }
  const prometheus: K8s = c.add({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Prometheus',
    metadata: meta(c, 'Prometheus', {
      name: p.name,
      namespace: ns,
      labels: promLabels,
      created: created - 30,
      generation: 4,
    }),
    spec: promSpec,
  });
  const promPodLabels = {
    'app.kubernetes.io/instance': p.name,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/name': 'prometheus',
    'app.kubernetes.io/version': '2.55.1',
    'operator.prometheus.io/name': p.name,
    'operator.prometheus.io/shard': '0',
    prometheus: p.name,
  };
  const promSts = addStatefulSet(c, {
    name: `prometheus-${p.name}`,
    namespace: ns,
    labels: {
      ...promLabels,
      'operator.prometheus.io/mode': 'server',
      'operator.prometheus.io/name': p.name,
      'operator.prometheus.io/shard': '0',
    },
    annotations: { 'prometheus-operator-input-hash': '9823741203948712' },
    selector: {
      matchLabels: {
        'app.kubernetes.io/instance': p.name,
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        'app.kubernetes.io/name': 'prometheus',
        'operator.prometheus.io/name': p.name,
        'operator.prometheus.io/shard': '0',
        prometheus: p.name,
      },
    },
    template: {
      labels: promPodLabels,
      annotations: { 'kubectl.kubernetes.io/default-container': 'prometheus' },
      spec: {
        serviceAccountName: `prometheus-${p.name}`,
        containers: [
          container({
            name: 'prometheus',
            image: 'quay.io/prometheus/prometheus:v2.55.1',
            args: [
              `--storage.tsdb.retention.time=${p.retention}`,
              '--config.file=/etc/prometheus/config_out/prometheus.env.yaml',
              '--web.enable-lifecycle',
            ],
            ports: [{ name: 'web', containerPort: 9090 }],
            requests: { memory: '400Mi' },
            readinessProbe: httpGet('/-/ready', 'web', {
              failureThreshold: 3,
              periodSeconds: 5,
              timeoutSeconds: 3,
            }),
            startupProbe: httpGet('/-/ready', 'web', {
              failureThreshold: 60,
              periodSeconds: 15,
              timeoutSeconds: 3,
            }),
          }),
          container({
            name: 'config-reloader',
            image:
              'quay.io/prometheus-operator/prometheus-config-reloader:v0.78.2',
            ports: [{ name: 'reloader-web', containerPort: 8080 }],
            requests: { cpu: '10m', memory: '50Mi' },
            limits: { cpu: '10m', memory: '50Mi' },
          }),
        ],
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: {
                  labelSelector: {
                    matchLabels: {
                      'app.kubernetes.io/name': 'prometheus',
                      prometheus: p.name,
                    },
                  },
                  namespaces: [ns],
                  topologyKey: 'kubernetes.io/hostname',
                },
                weight: 100,
              },
            ],
          },
        },
        ...(p.storageClassName
          ? {}
          : { volumes: [{ emptyDir: {}, name: `prometheus-${p.name}-db` }] }),
      },
    },
    replicas: p.replicas,
    nodes: p.nodes,
    serviceName: 'prometheus-operated',
    created: created - 35,
    rolledOut: o.rolledOut,
    podManagementPolicy: 'Parallel',
    owner: prometheus,
    volumeClaimTemplates: p.storageClassName
      ? [
          {
            name: `prometheus-${p.name}-db`,
            storageClassName: p.storageClassName,
            size: '100Gi',
          },
        ]
      : undefined,
  });
  const promReady = promSts.pods.filter(isReady).length;
  prometheus.status = crStatus(c, p.replicas, promReady, created, true);

  // Alertmanager CR → StatefulSet alertmanager-<name>
  const a = o.alertmanager;
  const amLabels: Record<string, string> = {
    ...rel,
    ...(stack
      ? {
          app: 'kube-prometheus-stack-alertmanager',
          'app.kubernetes.io/instance': 'kube-prometheus-stack',
        }
      : {
          'app.kubernetes.io/component': 'alert-router',
          'app.kubernetes.io/name': 'alertmanager',
          'app.kubernetes.io/part-of': 'kube-prometheus',
        }),
  };
  const alertmanager: K8s = c.add({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Alertmanager',
    metadata: meta(c, 'Alertmanager', {
      name: a.name,
      namespace: ns,
      labels: amLabels,
      created: created - 30,
      generation: 2,
    }),
    spec: {
      image: 'quay.io/prometheus/alertmanager:v0.27.0',
      portName: 'web',
      replicas: a.replicas,
      resources: {
        requests: { cpu: '4m', memory: '100Mi' },
        limits: { cpu: '100m', memory: '100Mi' },
      },
      serviceAccountName: `alertmanager-${a.name}`,
      version: '0.27.0',
    },
  });
  const amSts = addStatefulSet(c, {
    name: `alertmanager-${a.name}`,
    namespace: ns,
    labels: amLabels,
    selector: {
      matchLabels: {
        alertmanager: a.name,
        'app.kubernetes.io/instance': a.name,
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        'app.kubernetes.io/name': 'alertmanager',
      },
    },
    template: {
      labels: {
        alertmanager: a.name,
        'app.kubernetes.io/instance': a.name,
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        'app.kubernetes.io/name': 'alertmanager',
        'app.kubernetes.io/version': '0.27.0',
      },
      annotations: {
        'kubectl.kubernetes.io/default-container': 'alertmanager',
      },
      spec: {
        serviceAccountName: `alertmanager-${a.name}`,
        containers: [
          container({
            name: 'alertmanager',
            image: 'quay.io/prometheus/alertmanager:v0.27.0',
            args: [
              '--config.file=/etc/alertmanager/config_out/alertmanager.env.yaml',
              '--cluster.listen-address=[$(POD_IP)]:9094',
              `--cluster.peer=alertmanager-${a.name}-0.alertmanager-operated:9094`,
            ],
            ports: [
              { name: 'web', containerPort: 9093 },
              { name: 'mesh-tcp', containerPort: 9094 },
            ],
            requests: { cpu: '4m', memory: '100Mi' },
            limits: { cpu: '100m', memory: '100Mi' },
            livenessProbe: httpGet('/-/healthy', 'web', {
              failureThreshold: 10,
            }),
            readinessProbe: httpGet('/-/ready', 'web', {
              failureThreshold: 10,
              initialDelaySeconds: 3,
              periodSeconds: 5,
              timeoutSeconds: 3,
            }),
          }),
        ],
      },
    },
    replicas: a.replicas,
    nodes: a.nodes,
    serviceName: 'alertmanager-operated',
    created: created - 35,
    rolledOut: o.rolledOut,
    podManagementPolicy: 'Parallel',
    owner: alertmanager,
  });
  alertmanager.status = crStatus(
    c,
    a.replicas,
    amSts.pods.filter(isReady).length,
    created,
    false,
  );

  // Services: governing (headless) and the user-facing ones.
  const promSvc = stack
    ? 'kube-prometheus-stack-prometheus'
    : `prometheus-${p.name}`;
  const amSvc = stack
    ? 'kube-prometheus-stack-alertmanager'
    : `alertmanager-${a.name}`;
  addService(c, {
    name: 'prometheus-operated',
    namespace: ns,
    labels: {
      'managed-by': 'prometheus-operator',
      'operated-prometheus': 'true',
    },
    selector: { 'app.kubernetes.io/name': 'prometheus' },
    ports: [{ name: 'web', port: 9090, targetPort: 'web' }],
    headless: true,
    created: created - 35,
  });
  addService(c, {
    name: 'alertmanager-operated',
    namespace: ns,
    labels: {
      'managed-by': 'prometheus-operator',
      'operated-alertmanager': 'true',
    },
    selector: { 'app.kubernetes.io/name': 'alertmanager' },
    ports: [
      { name: 'web', port: 9093, targetPort: 'web' },
      { name: 'tcp-mesh', port: 9094, targetPort: 9094 },
    ],
    headless: true,
    publishNotReadyAddresses: true,
    created: created - 35,
  });
  addService(c, {
    name: promSvc,
    namespace: ns,
    labels: { ...promLabels, ...(stack ? { 'self-monitor': 'true' } : {}) },
    selector: {
      'app.kubernetes.io/name': 'prometheus',
      'operator.prometheus.io/name': p.name,
    },
    ports: [
      { name: 'web', port: 9090, targetPort: 'web' },
      { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' },
    ],
    created: created - 30,
  });
  addService(c, {
    name: amSvc,
    namespace: ns,
    labels: { ...amLabels, ...(stack ? { 'self-monitor': 'true' } : {}) },
    selector: {
      'app.kubernetes.io/name': 'alertmanager',
      alertmanager: a.name,
    },
    ports: [{ name: 'web', port: 9093, targetPort: 'web' }],
    created: created - 30,
  });

  // The stack monitors itself.
  const smLabels = (extra: Record<string, string>) => ({ ...rel, ...extra });
  addServiceMonitor(c, {
    name: promSvc,
    namespace: ns,
    labels: smLabels(promLabels),
    selector: {
      matchLabels: {
        ...(stack
          ? { app: 'kube-prometheus-stack-prometheus', 'self-monitor': 'true' }
          : {
              'app.kubernetes.io/name': 'prometheus',
              'app.kubernetes.io/component': 'prometheus',
            }),
      },
    },
    endpoints: [{ port: 'web', interval: '30s' }],
    created: created - 30,
  });
  addServiceMonitor(c, {
    name: amSvc,
    namespace: ns,
    labels: smLabels(amLabels),
    selector: {
      matchLabels: {
        ...(stack
          ? {
              app: 'kube-prometheus-stack-alertmanager',
              'self-monitor': 'true',
            }
          : {
              'app.kubernetes.io/name': 'alertmanager',
              'app.kubernetes.io/component': 'alert-router',
            }),
      },
    },
    endpoints: [{ port: 'web', interval: '30s' }],
    created: created - 30,
  });
  addServiceMonitor(c, {
    name: ksmName,
    namespace: ns,
    labels: smLabels(ksmLabels),
    selector: { matchLabels: ksmSelector },
    endpoints: [{ port: 'http', interval: '30s', honorLabels: true }],
    created: created - 30,
  });
  addServiceMonitor(c, {
    name: opName,
    namespace: ns,
    labels: smLabels(opLabels),
    selector: { matchLabels: opSelector },
    endpoints: [
      {
        port: 'https',
        scheme: 'https',
        honorLabels: true,
        tlsConfig: { insecureSkipVerify: true },
      },
    ],
    created: created - 30,
  });
  addServiceMonitor(c, {
    name: neName,
    namespace: ns,
    labels: smLabels(neLabels),
    selector: { matchLabels: neSelector },
    endpoints: [
      {
        port: 'http-metrics',
        interval: '15s',
        relabelings: [
          {
            action: 'replace',
            sourceLabels: ['__meta_kubernetes_pod_node_name'],
            targetLabel: 'instance',
          },
        ],
      },
    ],
    created: created - 30,
  });
  addServiceMonitor(c, {
    name: stack ? 'kube-prometheus-stack-coredns' : 'coredns',
    namespace: ns,
    labels: smLabels(
      stack
        ? { app: 'kube-prometheus-stack-coredns' }
        : {
            'app.kubernetes.io/name': 'coredns',
            'app.kubernetes.io/part-of': 'kube-prometheus',
          },
    ),
    selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    namespaceSelector: { matchNames: ['kube-system'] },
    endpoints: [{ port: 'metrics', interval: '15s' }],
    created: created - 30,
  });
  addPrometheusRule(c, {
    name: stack
      ? 'kube-prometheus-stack-general.rules'
      : 'kube-prometheus-rules',
    namespace: ns,
    labels: smLabels(
      stack
        ? { app: 'kube-prometheus-stack' }
        : {
            'app.kubernetes.io/name': 'kube-prometheus',
            'app.kubernetes.io/part-of': 'kube-prometheus',
            prometheus: 'k8s',
            role: 'alert-rules',
          },
    ),
    groups: [
      {
        name: 'general.rules',
        rules: [
          {
            alert: 'TargetDown',
            expr: '100 * (count(up == 0) BY (cluster, job, namespace, service) / count(up) BY (cluster, job, namespace, service)) > 10',
            for: '10m',
            labels: { severity: 'warning' },
          },
          {
            alert: 'Watchdog',
            expr: 'vector(1)',
            labels: { severity: 'none' },
          },
        ],
      },
    ],
    created: created - 30,
  });
  return { prometheus, alertmanager };
}

function crStatus(
  c: Cluster,
  replicas: number,
  ready: number,
  created: number,
  shards: boolean,
): K8s {
  const ok = ready === replicas;
  const st: K8s = {
    availableReplicas: ready,
    conditions: [
      {
        type: 'Available',
        status: ok ? 'True' : 'Degraded',
        observedGeneration: 4,
        lastTransitionTime: c.ago(Math.min(created - 60, 86400)),
        ...(ok ? {} : { reason: 'SomePodsNotReady' }),
      },
      {
        type: 'Reconciled',
        status: 'True',
        observedGeneration: 4,
        lastTransitionTime: c.ago(Math.min(created - 60, 86400 * 2)),
      },
    ],
    paused: false,
    replicas,
    unavailableReplicas: replicas - ready,
    updatedReplicas: replicas,
  };
  if (shards) {
    st.shardStatuses = [
      {
        availableReplicas: ready,
        replicas,
        shardID: '0',
        unavailableReplicas: replicas - ready,
        updatedReplicas: replicas,
      },
    ];
    st.shards = 1;
  }
  return st;
}

export function addServiceMonitor(
  c: Cluster,
  o: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    selector: K8s;
    namespaceSelector?: K8s;
    endpoints: K8s[];
    created: Duration;
  },
): K8s {
  return c.add({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta(c, 'ServiceMonitor', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      created: o.created,
      generation: 1,
    }),
    spec: {
      endpoints: o.endpoints,
      ...(o.namespaceSelector
        ? { namespaceSelector: o.namespaceSelector }
        : {}),
      selector: o.selector,
    },
  });
}

export function addPodMonitor(
  c: Cluster,
  o: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    selector: K8s;
    podMetricsEndpoints: K8s[];
    created: Duration;
  },
): K8s {
  return c.add({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: meta(c, 'PodMonitor', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      created: o.created,
      generation: 1,
    }),
    spec: { podMetricsEndpoints: o.podMetricsEndpoints, selector: o.selector },
  });
}

export function addPrometheusRule(
  c: Cluster,
  o: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    groups: K8s[];
    created: Duration;
  },
): K8s {
  return c.add({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: meta(c, 'PrometheusRule', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      created: o.created,
      generation: 1,
    }),
    spec: { groups: o.groups },
  });
}
