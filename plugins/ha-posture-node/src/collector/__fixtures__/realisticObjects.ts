/**
 * Objects shaped like `kubectl get -o json` output of a live cluster, heavy parts included
 * (managedFields, env, image inventories), to measure and check the collector's projection.
 */

type Json = Record<string, any>;

/**
 * The `fieldsV1` the API server records for a manager that set every field of `value`: the same
 * tree with `f:` keys, `k:{"name":..}` keys for named list items, and `.: {}` markers.
 */
export function fieldsV1Of(value: unknown): Json {
  if (Array.isArray(value)) {
    const out: Json = {};
    value.forEach((item, i) => {
      const key =
        item && typeof item === 'object' && 'name' in item
          ? `k:{"name":"${item.name}"}`
          : `v:${i}`;
      out[key] = { '.': {}, ...fieldsV1Of(item) };
    });
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value))
      out[`f:${k}`] =
        v && typeof v === 'object' ? { '.': {}, ...fieldsV1Of(v) } : {};
    return out;
  }
  return {};
}

const env = (names: string[]) =>
  names.map((name, i) =>
    i % 3 === 0
      ? {
          name,
          valueFrom: {
            secretKeyRef: { name: 'checkout-secrets', key: name.toLowerCase() },
          },
        }
      : {
          name,
          value: `value-of-${name.toLowerCase()}-for-the-checkout-service-in-production`,
        },
  );

const appContainer = {
  name: 'checkout',
  image: 'registry.example.com/shop/checkout:2.14.3',
  imagePullPolicy: 'IfNotPresent',
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  env: env([
    'DATABASE_URL',
    'DATABASE_POOL_SIZE',
    'DATABASE_TIMEOUT',
    'REDIS_URL',
    'REDIS_TTL',
    'PAYMENT_API_KEY',
    'PAYMENT_API_URL',
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'OTEL_SERVICE_NAME',
    'LOG_LEVEL',
    'FEATURE_FLAGS_URL',
    'SESSION_SECRET',
    'SMTP_HOST',
    'SMTP_PORT',
    'SENTRY_DSN',
  ]),
  envFrom: [
    { configMapRef: { name: 'checkout-config' } },
    { secretRef: { name: 'checkout-env' } },
  ],
  resources: {
    requests: { cpu: '250m', memory: '512Mi' },
    limits: { memory: '1Gi' },
  },
  readinessProbe: {
    httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' },
    periodSeconds: 5,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  },
  livenessProbe: {
    httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
    periodSeconds: 10,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  },
  volumeMounts: [
    { name: 'tmp', mountPath: '/tmp' },
    {
      name: 'kube-api-access-x7k2p',
      readOnly: true,
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
    },
  ],
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  securityContext: {
    runAsNonRoot: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
  },
};

const sidecar = {
  name: 'log-shipper',
  image: 'fluent/fluent-bit:3.0.7',
  env: env(['FLUENT_HOST', 'FLUENT_PORT', 'CLUSTER_NAME', 'NODE_NAME']),
  resources: { requests: { cpu: '20m', memory: '32Mi' } },
  volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }],
};

const podSpec = {
  volumes: [
    { name: 'tmp', emptyDir: {} },
    { name: 'varlog', hostPath: { path: '/var/log', type: '' } },
    {
      name: 'kube-api-access-x7k2p',
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          {
            configMap: {
              name: 'kube-root-ca.crt',
              items: [{ key: 'ca.crt', path: 'ca.crt' }],
            },
          },
          {
            downwardAPI: {
              items: [
                {
                  path: 'namespace',
                  fieldRef: {
                    apiVersion: 'v1',
                    fieldPath: 'metadata.namespace',
                  },
                },
              ],
            },
          },
        ],
      },
    },
  ],
  initContainers: [
    {
      name: 'migrate',
      image: 'registry.example.com/shop/checkout:2.14.3',
      command: ['/app/migrate'],
      env: env(['DATABASE_URL', 'MIGRATION_LOCK']),
    },
  ],
  containers: [appContainer, sidecar],
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  serviceAccountName: 'checkout',
  serviceAccount: 'checkout',
  nodeName: 'ip-10-0-1-5.eu-west-1.compute.internal',
  securityContext: { fsGroup: 2000 },
  affinity: {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: {
            labelSelector: { matchLabels: { app: 'checkout' } },
            topologyKey: 'kubernetes.io/hostname',
          },
        },
      ],
    },
  },
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { app: 'checkout' } },
    },
  ],
  schedulerName: 'default-scheduler',
  tolerations: [
    {
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    },
    {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    },
  ],
  priorityClassName: 'business-critical',
  priority: 1000000,
  enableServiceLinks: true,
  preemptionPolicy: 'PreemptLowerPriority',
};

const containerStatus = (name: string, image: string) => ({
  name,
  state: { running: { startedAt: '2024-05-30T08:12:45Z' } },
  lastState: {},
  ready: true,
  restartCount: 1,
  image,
  imageID: `${
    image.split(':')[0]
  }@sha256:4f53e1b2c0a5b9e3d1f7a8c6e2b4d9f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1`,
  containerID:
    'containerd://9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d',
  started: true,
});

const podStatus = {
  phase: 'Running',
  conditions: [
    {
      type: 'PodReadyToStartContainers',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2024-05-30T08:12:40Z',
    },
    {
      type: 'Initialized',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2024-05-30T08:12:44Z',
    },
    {
      type: 'Ready',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2024-05-30T08:12:52Z',
    },
    {
      type: 'ContainersReady',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2024-05-30T08:12:52Z',
    },
    {
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2024-05-30T08:12:38Z',
    },
  ],
  hostIP: '10.0.1.5',
  hostIPs: [{ ip: '10.0.1.5' }],
  podIP: '10.0.1.77',
  podIPs: [{ ip: '10.0.1.77' }],
  startTime: '2024-05-30T08:12:38Z',
  initContainerStatuses: [
    {
      ...containerStatus(
        'migrate',
        'registry.example.com/shop/checkout:2.14.3',
      ),
      state: {
        terminated: {
          exitCode: 0,
          reason: 'Completed',
          startedAt: '2024-05-30T08:12:40Z',
          finishedAt: '2024-05-30T08:12:43Z',
        },
      },
      started: false,
    },
  ],
  containerStatuses: [
    containerStatus('checkout', 'registry.example.com/shop/checkout:2.14.3'),
    containerStatus('log-shipper', 'docker.io/fluent/fluent-bit:3.0.7'),
  ],
  qosClass: 'Burstable',
};

const labels = {
  app: 'checkout',
  'app.kubernetes.io/part-of': 'shop',
  'backstage.io/kubernetes-id': 'checkout',
  'pod-template-hash': '7d9c6b5f4',
};

/** A Deployment's pod as the API server returns it, with the managedFields of kubelet and the ReplicaSet controller. */
export function realisticPod(): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'checkout-7d9c6b5f4-x2kq8',
      generateName: 'checkout-7d9c6b5f4-',
      namespace: 'shop',
      uid: '6f1c2b7e-3d4a-4c5b-9e8f-0a1b2c3d4e5f',
      resourceVersion: '48213377',
      creationTimestamp: '2024-05-30T08:12:38Z',
      labels,
      annotations: {
        'kubectl.kubernetes.io/restartedAt': '2024-05-30T08:12:00Z',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'checkout-7d9c6b5f4',
          uid: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2024-05-30T08:12:38Z',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': fieldsV1Of({
              generateName: 1,
              labels,
              ownerReferences: 1,
            }),
            'f:spec': fieldsV1Of(podSpec),
          },
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2024-05-30T08:12:52Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:status': fieldsV1Of(podStatus) },
          subresource: 'status',
        },
      ],
    },
    spec: podSpec,
    status: podStatus,
  };
}

/** A node with its image inventory and attached volumes. */
export function realisticNode(): Json {
  const images = Array.from({ length: 40 }, (_, i) => ({
    names: [
      `registry.example.com/team-${i}/service@sha256:${String(i).padStart(
        64,
        'a',
      )}`,
      `registry.example.com/team-${i}/service:1.${i}.0`,
    ],
    sizeBytes: 50_000_000 + i,
  }));
  const volumes = Array.from(
    { length: 6 },
    (_, i) => `kubernetes.io/csi/ebs.csi.aws.com^vol-0${i}9f3c1a2b3c4d5e6`,
  );
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'ip-10-0-1-5.eu-west-1.compute.internal',
      labels: {
        'topology.kubernetes.io/zone': 'eu-west-1a',
        'topology.kubernetes.io/region': 'eu-west-1',
        'kubernetes.io/hostname': 'ip-10-0-1-5',
      },
    },
    spec: { providerID: 'aws:///eu-west-1a/i-0abc1234def567890' },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      addresses: [{ type: 'InternalIP', address: '10.0.1.5' }],
      nodeInfo: {
        kubeletVersion: 'v1.30.2-eks-1552ad0',
        osImage: 'Amazon Linux 2023',
        containerRuntimeVersion: 'containerd://1.7.11',
      },
      capacity: { cpu: '4', memory: '16Gi', pods: '58' },
      allocatable: { cpu: '3920m', memory: '15Gi', pods: '58' },
      images,
      volumesInUse: volumes,
      volumesAttached: volumes.map(name => ({ name, devicePath: '' })),
    },
  };
}

/** A Deployment applied with `kubectl apply` (last-applied annotation) whose template sets env. */
export function appliedDeployment(): Json {
  const manifest = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'checkout', namespace: 'shop', labels },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'checkout' } },
      template: { metadata: { labels }, spec: podSpec },
    },
  };
  return {
    ...manifest,
    metadata: {
      ...manifest.metadata,
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration':
          JSON.stringify(manifest),
        'deployment.kubernetes.io/revision': '12',
      },
      managedFields: [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          fieldsType: 'FieldsV1',
          fieldsV1: fieldsV1Of(manifest.spec),
        },
      ],
    },
    status: {
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      updatedReplicas: 3,
      observedGeneration: 12,
    },
  };
}
