/** Pod networking: Calico, kube-proxy, the AWS VPC CNI (aws-node) and GKE Dataplane V2 (anetd). */
import { Cluster, K8s } from '../lib/cluster';
import { Duration } from '../lib/time';
import { addAgent } from './agents';
import {
  container,
  CONTROL_PLANE_TOLERATION,
  execProbe,
  httpGet,
  TOLERATE_ALL,
} from './containers';
import { addDeployment } from './workloads';

interface Common {
  nodes: string[];
  created: Duration;
  rolledOut: Duration;
}

export function addCalico(
  c: Cluster,
  o: Common & { controllersNode: string },
): void {
  addAgent(c, {
    name: 'calico-node',
    namespace: 'kube-system',
    selector: { 'k8s-app': 'calico-node' },
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'calico-node',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [
      TOLERATE_ALL,
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
    ],
    initContainers: [
      container({
        name: 'install-cni',
        image: 'docker.io/calico/cni:v3.29.1',
        command: ['/opt/cni/bin/install'],
      }),
      container({
        name: 'mount-bpffs',
        image: 'docker.io/calico/node:v3.29.1',
        command: ['calico-node', '-init', '-best-effort'],
      }),
    ],
    containers: [
      container({
        name: 'calico-node',
        image: 'docker.io/calico/node:v3.29.1',
        requests: { cpu: '250m' },
        livenessProbe: execProbe(
          ['/bin/calico-node', '-felix-live', '-bird-live'],
          {
            failureThreshold: 6,
            initialDelaySeconds: 10,
            periodSeconds: 10,
            timeoutSeconds: 10,
          },
        ),
        readinessProbe: execProbe(
          ['/bin/calico-node', '-felix-ready', '-bird-ready'],
          { periodSeconds: 10, timeoutSeconds: 10 },
        ),
        securityContext: { privileged: true },
      }),
    ],
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: 4,
  });
  addDeployment(c, {
    name: 'calico-kube-controllers',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'calico-kube-controllers' },
    selector: { matchLabels: { 'k8s-app': 'calico-kube-controllers' } },
    template: {
      labels: { 'k8s-app': 'calico-kube-controllers' },
      spec: {
        serviceAccountName: 'calico-kube-controllers',
        priorityClassName: 'system-cluster-critical',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          CONTROL_PLANE_TOLERATION,
        ],
        containers: [
          container({
            name: 'calico-kube-controllers',
            image: 'docker.io/calico/kube-controllers:v3.29.1',
            livenessProbe: execProbe(['/usr/bin/check-status', '-l'], {
              failureThreshold: 6,
              initialDelaySeconds: 10,
              timeoutSeconds: 10,
            }),
            readinessProbe: execProbe(['/usr/bin/check-status', '-r'], {
              periodSeconds: 10,
            }),
          }),
        ],
      },
    },
    replicas: 1,
    nodes: [o.controllersNode],
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 4,
    strategy: { type: 'Recreate' },
  });
}

export function addKubeProxy(
  c: Cluster,
  o: Common & {
    image: string;
    labels?: Record<string, string>;
    affinity?: K8s;
    requests?: { cpu: string };
  },
): void {
  addAgent(c, {
    name: 'kube-proxy',
    namespace: 'kube-system',
    selector: { 'k8s-app': 'kube-proxy' },
    labels: o.labels,
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'kube-proxy',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [TOLERATE_ALL],
    affinity: o.affinity,
    containers: [
      container({
        name: 'kube-proxy',
        image: o.image,
        command: [
          '/usr/local/bin/kube-proxy',
          '--config=/var/lib/kube-proxy/config.conf',
          '--hostname-override=$(NODE_NAME)',
        ],
        requests: o.requests,
        securityContext: { privileged: true },
      }),
    ],
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: 3,
  });
}

export const NOT_FARGATE = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            {
              key: 'kubernetes.io/arch',
              operator: 'In',
              values: ['amd64', 'arm64'],
            },
            {
              key: 'eks.amazonaws.com/compute-type',
              operator: 'NotIn',
              values: ['fargate', 'hybrid', 'auto'],
            },
          ],
        },
      ],
    },
  },
};

export function addAwsNode(c: Cluster, o: Common): void {
  addAgent(c, {
    name: 'aws-node',
    namespace: 'kube-system',
    selector: { 'k8s-app': 'aws-node' },
    labels: {
      'app.kubernetes.io/instance': 'aws-vpc-cni',
      'app.kubernetes.io/name': 'aws-node',
      'app.kubernetes.io/version': 'v1.19.0',
    },
    podLabels: {
      'app.kubernetes.io/instance': 'aws-vpc-cni',
      'app.kubernetes.io/name': 'aws-node',
    },
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'aws-node',
    tolerations: [TOLERATE_ALL],
    affinity: NOT_FARGATE,
    initContainers: [
      container({
        name: 'aws-vpc-cni-init',
        image:
          '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni-init:v1.19.0-eksbuild.1',
        requests: { cpu: '25m' },
      }),
    ],
    containers: [
      container({
        name: 'aws-node',
        image:
          '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.19.0-eksbuild.1',
        ports: [{ name: 'metrics', containerPort: 61678 }],
        requests: { cpu: '25m' },
        livenessProbe: execProbe(
          [
            '/app/grpc-health-probe',
            '-addr=:50051',
            '-connect-timeout=5s',
            '-rpc-timeout=5s',
          ],
          { initialDelaySeconds: 60, timeoutSeconds: 10 },
        ),
        readinessProbe: execProbe(
          [
            '/app/grpc-health-probe',
            '-addr=:50051',
            '-connect-timeout=5s',
            '-rpc-timeout=5s',
          ],
          { initialDelaySeconds: 1, timeoutSeconds: 10 },
        ),
      }),
      container({
        name: 'aws-eks-nodeagent',
        image:
          '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon/aws-network-policy-agent:v1.1.5-eksbuild.1',
        requests: { cpu: '25m' },
      }),
    ],
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: 5,
    maxUnavailable: '10%',
  });
}

export function addAnetd(c: Cluster, o: Common): void {
  addAgent(c, {
    name: 'anetd',
    namespace: 'kube-system',
    selector: { 'k8s-app': 'cilium' },
    labels: {
      'addonmanager.kubernetes.io/mode': 'Reconcile',
      'components.gke.io/component-name': 'advanceddatapath',
    },
    podLabels: { 'components.gke.io/component-name': 'advanceddatapath' },
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'cilium',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [TOLERATE_ALL],
    containers: [
      container({
        name: 'cilium-agent',
        image: 'gke.gcr.io/cilium/cilium:v1.14.12-gke3.100',
        requests: { cpu: '100m', memory: '100Mi' },
        livenessProbe: httpGet('/healthz', 9879, {
          failureThreshold: 10,
          periodSeconds: 30,
          timeoutSeconds: 5,
        }),
        readinessProbe: httpGet('/healthz', 9879, {
          failureThreshold: 3,
          periodSeconds: 30,
          timeoutSeconds: 5,
        }),
        securityContext: { privileged: true },
      }),
    ],
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: 6,
  });
}
