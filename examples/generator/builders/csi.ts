/** Cloud CSI drivers: AWS EBS and EFS (controller + node agents) and the GKE PD node agent. */
import { Cluster } from '../lib/cluster';
import { Duration } from '../lib/time';
import { addAgent } from './agents';
import { container, httpGet, TOLERATE_ALL } from './containers';
import { NOT_FARGATE } from './cni';
import { addPdb } from './policy';
import { addDeployment } from './workloads';

interface CsiOpts {
  nodes: string[];
  controllerNodes: string[];
  created: Duration;
  rolledOut: Duration;
}

const ECR = '602401143452.dkr.ecr.us-east-1.amazonaws.com';

function awsCsi(c: Cluster, o: CsiOpts, kind: 'ebs' | 'efs'): void {
  const version = kind === 'ebs' ? 'v1.37.0' : 'v2.1.0';
  const labels = {
    'app.kubernetes.io/component': 'csi-driver',
    'app.kubernetes.io/managed-by': 'EKS',
    'app.kubernetes.io/name': `aws-${kind}-csi-driver`,
    'app.kubernetes.io/version': version,
  };
  addDeployment(c, {
    name: `${kind}-csi-controller`,
    namespace: 'kube-system',
    labels,
    selector: {
      matchLabels: {
        app: `${kind}-csi-controller`,
        'app.kubernetes.io/name': `aws-${kind}-csi-driver`,
      },
    },
    template: {
      labels: { ...labels, app: `${kind}-csi-controller` },
      spec: {
        serviceAccountName: `${kind}-csi-controller-sa`,
        priorityClassName: 'system-cluster-critical',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        affinity: {
          ...NOT_FARGATE,
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      {
                        key: 'app',
                        operator: 'In',
                        values: [`${kind}-csi-controller`],
                      },
                    ],
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
                weight: 100,
              },
            ],
          },
        },
        tolerations: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          { effect: 'NoExecute', operator: 'Exists', tolerationSeconds: 300 },
        ],
        containers: [
          container({
            name: `${kind}-plugin`,
            image: `${ECR}/eks/aws-${kind}-csi-driver:${version}`,
            args: ['controller', '--endpoint=$(CSI_ENDPOINT)'],
            ports: [{ name: 'healthz', containerPort: 9808 }],
            requests: { cpu: '10m', memory: '40Mi' },
            limits: { memory: '256Mi' },
            livenessProbe: httpGet('/healthz', 'healthz', {
              failureThreshold: 5,
              initialDelaySeconds: 10,
              timeoutSeconds: 3,
            }),
            readinessProbe: httpGet('/healthz', 'healthz', {
              failureThreshold: 5,
              initialDelaySeconds: 10,
              timeoutSeconds: 3,
            }),
          }),
          container({
            name: 'csi-provisioner',
            image: `${ECR}/eks/csi-provisioner:v5.1.0-eks-1-31-7`,
            args: [
              '--csi-address=$(ADDRESS)',
              '--leader-election=true',
              '--feature-gates=Topology=true',
            ],
            requests: { cpu: '10m', memory: '40Mi' },
          }),
        ],
      },
    },
    replicas: o.controllerNodes.length,
    nodes: o.controllerNodes,
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 3,
  });
  addPdb(c, {
    name: `${kind}-csi-controller`,
    namespace: 'kube-system',
    selector: {
      matchLabels: {
        app: `${kind}-csi-controller`,
        'app.kubernetes.io/name': `aws-${kind}-csi-driver`,
      },
    },
    maxUnavailable: 1,
    labels,
    created: o.created,
  });
  addAgent(c, {
    name: `${kind}-csi-node`,
    namespace: 'kube-system',
    selector: {
      app: `${kind}-csi-node`,
      'app.kubernetes.io/name': `aws-${kind}-csi-driver`,
    },
    labels,
    podLabels: labels,
    priorityClassName: 'system-node-critical',
    serviceAccountName: `${kind}-csi-node-sa`,
    hostNetwork: kind === 'efs',
    affinity: NOT_FARGATE,
    tolerations: [TOLERATE_ALL],
    containers: [
      container({
        name: `${kind}-plugin`,
        image: `${ECR}/eks/aws-${kind}-csi-driver:${version}`,
        args: ['node', '--endpoint=$(CSI_ENDPOINT)'],
        ports: [
          { name: 'healthz', containerPort: kind === 'ebs' ? 9808 : 9809 },
        ],
        requests: { cpu: '10m', memory: '40Mi' },
        limits: { memory: '256Mi' },
        livenessProbe: httpGet('/healthz', 'healthz', {
          failureThreshold: 5,
          initialDelaySeconds: 10,
          timeoutSeconds: 3,
        }),
        securityContext: { privileged: true },
      }),
      container({
        name: 'node-driver-registrar',
        image: `${ECR}/eks/csi-node-driver-registrar:v2.12.0-eks-1-31-7`,
        requests: { cpu: '10m', memory: '40Mi' },
      }),
    ],
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: 3,
    maxUnavailable: '10%',
  });
}

export const addEbsCsi = (c: Cluster, o: CsiOpts) => awsCsi(c, o, 'ebs');
export const addEfsCsi = (c: Cluster, o: CsiOpts) => awsCsi(c, o, 'efs');

export function addGkePdCsiNode(
  c: Cluster,
  o: { nodes: string[]; created: Duration; rolledOut: Duration },
): void {
  addAgent(c, {
    name: 'pdcsi-node',
    namespace: 'kube-system',
    selector: { 'k8s-app': 'gcp-compute-persistent-disk-csi-driver' },
    labels: {
      'addonmanager.kubernetes.io/mode': 'Reconcile',
      'k8s-app': 'gcp-compute-persistent-disk-csi-driver',
    },
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'pdcsi-node-sa',
    hostNetwork: true,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [TOLERATE_ALL],
    containers: [
      container({
        name: 'csi-driver-registrar',
        image: 'gke.gcr.io/csi-node-driver-registrar:v2.9.4-gke.11',
        requests: { cpu: '5m', memory: '10Mi' },
      }),
      container({
        name: 'gce-pd-driver',
        image:
          'gke.gcr.io/gcp-compute-persistent-disk-csi-driver:v1.15.2-gke.0',
        requests: { cpu: '5m', memory: '20Mi' },
        securityContext: { privileged: true },
      }),
    ],
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    generation: 8,
  });
}
