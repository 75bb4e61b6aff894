/**
 * Object builders of the benchmark fleet: pods, containers, nodes and the bookkeeping an API
 * server adds (managedFields, defaults, status), so that the JSON weighs what a real cluster's does.
 */
import { Random } from './random';

// Kubernetes objects are plain JSON here; typing every kind would add nothing.
export type K8s = Record<string, any>;

/** RFC 3339 without fractional seconds, as the API server writes timestamps. */
export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const fieldTrees = new WeakMap<K8s, K8s>();

/**
 * The `fieldsV1` tree server-side apply records for the fields of a value: `f:<key>` per field,
 * `k:{"name":...}` per named list item, `{".":{}}` for nested maps.
 */
export function fieldsV1(value: K8s): K8s {
  // Pod specs and templates are shared between a workload, its ReplicaSets and its pods: their
  // field trees are computed once (the trees are only serialized, never changed).
  const known = fieldTrees.get(value);
  if (known) return known;
  const fields: K8s = {};
  fieldTrees.set(value, fields);
  for (const [key, child] of Object.entries(value)) {
    if (Array.isArray(child)) {
      const named = child.filter(
        item =>
          item && typeof item === 'object' && typeof item.name === 'string',
      );
      fields[`f:${key}`] =
        named.length === child.length && named.length > 0
          ? Object.fromEntries(
              named.map(item => [
                `k:{"name":"${item.name}"}`,
                { '.': {}, ...fieldsV1(item) },
              ]),
            )
          : {};
    } else if (child && typeof child === 'object') {
      fields[`f:${key}`] = { '.': {}, ...fieldsV1(child) };
    } else {
      fields[`f:${key}`] = {};
    }
  }
  return fields;
}

export function managedField(
  manager: string,
  operation: 'Update' | 'Apply',
  time: string,
  fields: K8s,
  subresource?: string,
): K8s {
  return {
    apiVersion: 'v1',
    fieldsType: 'FieldsV1',
    fieldsV1: fields,
    manager,
    operation,
    ...(subresource ? { subresource } : {}),
    time,
  };
}

export const DEFAULT_TOLERATIONS: K8s[] = [
  {
    effect: 'NoExecute',
    key: 'node.kubernetes.io/not-ready',
    operator: 'Exists',
    tolerationSeconds: 300,
  },
  {
    effect: 'NoExecute',
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    tolerationSeconds: 300,
  },
];

export const TOLERATE_ALL: K8s = { operator: 'Exists' };

const ENV_NAMES = [
  'LOG_LEVEL',
  'LOG_FORMAT',
  'HTTP_PORT',
  'METRICS_PORT',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'DATABASE_HOST',
  'DATABASE_PORT',
  'DATABASE_NAME',
  'REDIS_URL',
  'KAFKA_BROKERS',
  'FEATURE_FLAGS_URL',
  'GOMAXPROCS',
  'JAVA_TOOL_OPTIONS',
  'TZ',
  'REGION',
  'ENVIRONMENT',
];

/** A container's environment: plain values, downward API and secret/config references. */
function environment(rnd: Random, app: string): K8s[] {
  const env: K8s[] = ENV_NAMES.slice(0, rnd.int(2, 6)).map(name => ({
    name,
    value: `${app}-${name.toLowerCase()}-${rnd.int(1, 99)}`,
  }));
  env.push(
    {
      name: 'POD_NAME',
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
    },
    {
      name: 'DATABASE_PASSWORD',
      valueFrom: { secretKeyRef: { key: 'password', name: `${app}-db` } },
    },
  );
  return env;
}

function httpProbe(path: string, port: string, extra: K8s = {}): K8s {
  return {
    failureThreshold: 3,
    httpGet: { path, port, scheme: 'HTTP' },
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 1,
    ...extra,
  };
}

export interface ContainerOptions {
  name: string;
  image: string;
  app: string;
  readiness: boolean;
  liveness: boolean;
  /** Liveness identical to readiness (a finding of probes-identical). */
  identicalProbes: boolean;
  requests: boolean;
  ports: K8s[];
  volumeMounts: K8s[];
  args?: string[];
}

export function container(rnd: Random, o: ContainerOptions): K8s {
  const readiness = httpProbe('/healthz/ready', o.ports[0]?.name ?? 'http', {
    periodSeconds: 5,
  });
  const liveness = o.identicalProbes
    ? readiness
    : httpProbe('/healthz/live', o.ports[0]?.name ?? 'http', {
        initialDelaySeconds: 15,
      });
  const cpu = rnd.pick(['50m', '100m', '250m', '500m', '1']);
  const memory = rnd.pick(['64Mi', '128Mi', '256Mi', '512Mi', '1Gi']);
  return {
    ...(o.args ? { args: o.args } : {}),
    env: environment(rnd, o.app),
    image: o.image,
    imagePullPolicy: 'IfNotPresent',
    ...(o.liveness ? { livenessProbe: liveness } : {}),
    name: o.name,
    ports: o.ports,
    ...(o.readiness ? { readinessProbe: readiness } : {}),
    resources: o.requests
      ? { limits: { memory }, requests: { cpu, memory } }
      : {},
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 10001,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: o.volumeMounts,
  };
}

/** The projected service-account token volume the API server adds to every pod. */
export function serviceAccountVolume(rnd: Random): K8s {
  return {
    name: `kube-api-access-${rnd.suffix(5)}`,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        {
          configMap: {
            items: [{ key: 'ca.crt', path: 'ca.crt' }],
            name: 'kube-root-ca.crt',
          },
        },
        {
          downwardAPI: {
            items: [
              {
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                path: 'namespace',
              },
            ],
          },
        },
      ],
    },
  };
}

/** API-server defaults of a pod spec around its containers and volumes. */
export function podSpec(
  fields: K8s,
  serviceAccount: string,
  tolerations: K8s[] = DEFAULT_TOLERATIONS,
): K8s {
  return {
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    serviceAccount,
    serviceAccountName: serviceAccount,
    terminationGracePeriodSeconds: 30,
    tolerations,
    ...fields,
  };
}

export type PodState = 'ready' | 'not-ready' | 'pending' | 'succeeded';

function condition(
  type: string,
  status: string,
  time: string,
  extra: K8s = {},
) {
  return {
    lastProbeTime: null,
    lastTransitionTime: time,
    status,
    type,
    ...extra,
  };
}

/** Pod status as the kubelet reports it: conditions, container statuses, IPs. */
export function podStatus(
  rnd: Random,
  spec: K8s,
  state: PodState,
  started: number,
  hostIP: string | undefined,
  podIP: string | undefined,
): K8s {
  const t = (offset: number) => rfc3339(started + offset * 1000);
  if (state === 'pending') {
    return {
      conditions: [
        condition('PodScheduled', 'False', t(0), {
          message:
            '0/42 nodes are available: 3 Insufficient cpu, 39 node(s) did not match pod anti-affinity rules.',
          reason: 'Unschedulable',
        }),
      ],
      phase: 'Pending',
      qosClass: 'Burstable',
    };
  }
  const ready = state === 'ready' || state === 'succeeded' ? 'True' : 'False';
  const containers: K8s[] = spec.containers ?? [];
  return {
    conditions: [
      condition('PodReadyToStartContainers', 'True', t(2)),
      condition('Initialized', 'True', t(1)),
      condition('Ready', state === 'succeeded' ? 'False' : ready, t(8)),
      condition(
        'ContainersReady',
        state === 'succeeded' ? 'False' : ready,
        t(8),
      ),
      condition('PodScheduled', 'True', t(0)),
    ],
    containerStatuses: containers.map(c => ({
      containerID: `containerd://${rnd.hex(64)}`,
      image: c.image,
      imageID: `${String(c.image).split(':')[0]}@sha256:${rnd.hex(64)}`,
      lastState: {},
      name: c.name,
      ready: state === 'ready',
      restartCount: state === 'not-ready' ? rnd.int(3, 40) : 0,
      started: state !== 'succeeded',
      state:
        state === 'succeeded'
          ? {
              terminated: {
                containerID: `containerd://${rnd.hex(64)}`,
                exitCode: 0,
                finishedAt: t(95),
                reason: 'Completed',
                startedAt: t(3),
              },
            }
          : { running: { startedAt: t(3) } },
    })),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    phase: state === 'succeeded' ? 'Succeeded' : 'Running',
    podIP,
    podIPs: [{ ip: podIP }],
    qosClass: 'Burstable',
    startTime: t(0),
  };
}

/** The container images a node reports (a long list on every real node). */
export function nodeImages(rnd: Random, count: number): K8s[] {
  return Array.from({ length: count }, (_, i) => ({
    names: [
      `registry.example.com/platform/image-${i}@sha256:${rnd.hex(64)}`,
      `registry.example.com/platform/image-${i}:v${rnd.int(1, 9)}.${rnd.int(
        0,
        20,
      )}.${rnd.int(0, 9)}`,
    ],
    sizeBytes: rnd.int(5_000_000, 900_000_000),
  }));
}
