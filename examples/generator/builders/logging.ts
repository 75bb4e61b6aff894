/** Log shipping agents: fluent-bit (Helm chart), AWS for Fluent Bit (CloudWatch) and GKE's fluentbit-gke. */
import { Cluster } from '../lib/cluster';
import { Duration } from '../lib/time';
import { addAgent } from './agents';
import { container, httpGet, TOLERATE_ALL } from './containers';
import { NOT_FARGATE } from './cni';

interface Common {
  nodes: string[];
  created: Duration;
  rolledOut: Duration;
}

export function addFluentBit(
  c: Cluster,
  o: Common & { namespace: string },
): void {
  addAgent(c, {
    name: 'fluent-bit',
    namespace: o.namespace,
    selector: {
      'app.kubernetes.io/instance': 'fluent-bit',
      'app.kubernetes.io/name': 'fluent-bit',
    },
    labels: {
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/version': '3.2.2',
      'helm.sh/chart': 'fluent-bit-0.48.3',
    },
    annotations: {
      'meta.helm.sh/release-name': 'fluent-bit',
      'meta.helm.sh/release-namespace': o.namespace,
    },
    serviceAccountName: 'fluent-bit',
    tolerations: [TOLERATE_ALL],
    containers: [
      container({
        name: 'fluent-bit',
        image: 'cr.fluentbit.io/fluent/fluent-bit:3.2.2',
        args: [
          '--workdir=/fluent-bit/etc',
          '--config=/fluent-bit/etc/conf/fluent-bit.conf',
        ],
        ports: [{ name: 'http', containerPort: 2020 }],
        requests: { cpu: '50m', memory: '64Mi' },
        limits: { memory: '256Mi' },
        livenessProbe: httpGet('/', 'http'),
        readinessProbe: httpGet('/api/v1/health', 'http'),
      }),
    ],
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: 5,
  });
}

export function addAwsForFluentBit(c: Cluster, o: Common): void {
  addAgent(c, {
    name: 'fluent-bit',
    namespace: 'amazon-cloudwatch',
    selector: { 'k8s-app': 'fluent-bit' },
    labels: { 'kubernetes.io/cluster-service': 'true', version: 'v1' },
    podLabels: { 'kubernetes.io/cluster-service': 'true', version: 'v1' },
    serviceAccountName: 'fluent-bit',
    affinity: NOT_FARGATE,
    tolerations: [
      {
        effect: 'NoSchedule',
        key: 'node-role.kubernetes.io/master',
        operator: 'Exists',
      },
      { effect: 'NoExecute', operator: 'Exists' },
      { effect: 'NoSchedule', operator: 'Exists' },
    ],
    containers: [
      container({
        name: 'fluent-bit',
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4',
        requests: { cpu: '500m', memory: '100Mi' },
        limits: { memory: '200Mi' },
      }),
    ],
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: 2,
  });
}

export function addFluentbitGke(c: Cluster, o: Common): void {
  addAgent(c, {
    name: 'fluentbit-gke',
    namespace: 'kube-system',
    selector: { 'k8s-app': 'fluentbit-gke' },
    labels: {
      'addonmanager.kubernetes.io/mode': 'Reconcile',
      'kubernetes.io/cluster-service': 'true',
    },
    podLabels: {
      'components.gke.io/component-name': 'fluentbit',
      'kubernetes.io/cluster-service': 'true',
    },
    annotations: { 'components.gke.io/layer': 'addon' },
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'fluentbit-gke',
    hostNetwork: true,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [TOLERATE_ALL],
    containers: [
      container({
        name: 'fluentbit',
        image: 'gke.gcr.io/fluent-bit:v1.8.12-gke.38',
        requests: { cpu: '50m', memory: '100Mi' },
        limits: { memory: '250Mi' },
        livenessProbe: httpGet('/', 2020, {
          initialDelaySeconds: 120,
          periodSeconds: 60,
          timeoutSeconds: 5,
        }),
      }),
      container({
        name: 'fluentbit-gke',
        image: 'gke.gcr.io/fluent-bit-gke-exporter:v0.28.0-gke.4',
        ports: [{ name: 'metrics', containerPort: 2021 }],
        requests: { cpu: '5m', memory: '30Mi' },
        limits: { memory: '45Mi' },
        livenessProbe: httpGet('/healthz', 2021, {
          initialDelaySeconds: 120,
          periodSeconds: 60,
          timeoutSeconds: 5,
        }),
      }),
    ],
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: 11,
  });
}
