/**
 * Builders of consistent Kubernetes objects for tests: deterministic uids, owner chains that the
 * engine resolves (Deployment → ReplicaSet → Pod), Ready conditions, zone labels.
 */
import { K8sObject } from '../model/snapshot';
import { LabelSelector } from '../engine/labels';

/** The cluster clock of test clusters (clusterFrom's default `now`). */
export const TEST_NOW = '2024-06-01T12:00:00.000Z';

/** ISO time `seconds` before TEST_NOW (for lease renewals, backup ages ...). */
export function ago(seconds: number, from: string = TEST_NOW): string {
  return new Date(Date.parse(from) - seconds * 1000).toISOString();
}

/** Deterministic uid, so rebuilding an object gives the same uid. */
export function uidOf(
  kind: string,
  ns: string | undefined,
  name: string,
): string {
  return `uid-${kind.toLowerCase()}-${ns ?? '_'}-${name}`;
}

type Labels = Record<string, string>;

interface Meta {
  namespace?: string;
  labels?: Labels;
  annotations?: Labels;
}

/** Any object, e.g. a custom resource: `k8sObject('velero.io/v1', 'Schedule', 'daily', { namespace: 'velero', spec })`. */
export function k8sObject(
  apiVersion: string,
  kind: string,
  name: string,
  options: Meta & {
    spec?: any;
    status?: any;
    fields?: Record<string, any>;
    cluster?: boolean;
  } = {},
): K8sObject {
  const ns = options.cluster ? undefined : options.namespace;
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      ...(ns ? { namespace: ns } : {}),
      uid: uidOf(kind, ns, name),
      creationTimestamp: ago(30 * 86400),
      ...(options.labels ? { labels: options.labels } : {}),
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    ...(options.spec !== undefined ? { spec: options.spec } : {}),
    ...(options.status !== undefined ? { status: options.status } : {}),
    ...(options.fields ?? {}),
  };
}

// ---------------------------------------------------------------- nodes

export interface NodeOptions {
  zone?: string;
  region?: string;
  /** Default true. `'Unknown'` simulates a kubelet that stopped heartbeating. */
  ready?: boolean | 'Unknown';
  /** e.g. `['control-plane']`; a control-plane role also adds kubeadm's NoSchedule taint unless `taints` is given. */
  roles?: string[];
  taints?: Array<{ key: string; value?: string; effect: string }>;
  labels?: Labels;
  providerID?: string;
  unschedulable?: boolean;
  kubeletVersion?: string;
  /** Extra conditions, e.g. `{ type: 'NetworkUnavailable', status: 'True' }`. */
  conditions?: Array<{ type: string; status: string }>;
  /** status.allocatable, e.g. `{ cpu: '4', memory: '16Gi', pods: '110' }` (default: none). */
  allocatable?: Record<string, string>;
}

const READY_STATUS: Record<string, string> = {
  true: 'True',
  false: 'False',
  Unknown: 'Unknown',
};

export function node(name: string, options: NodeOptions = {}): K8sObject {
  const roles = options.roles ?? [];
  const labels: Labels = {
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    ...(options.zone !== undefined
      ? { 'topology.kubernetes.io/zone': options.zone }
      : {}),
    ...(options.region !== undefined
      ? { 'topology.kubernetes.io/region': options.region }
      : {}),
    ...Object.fromEntries(roles.map(r => [`node-role.kubernetes.io/${r}`, ''])),
    ...options.labels,
  };
  const taints =
    options.taints ??
    (roles.includes('control-plane')
      ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]
      : []);
  const ready = options.ready ?? true;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: uidOf('Node', undefined, name),
      labels,
      creationTimestamp: ago(90 * 86400),
    },
    spec: {
      ...(options.providerID ? { providerID: options.providerID } : {}),
      ...(options.unschedulable ? { unschedulable: true } : {}),
      ...(taints.length ? { taints } : {}),
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: READY_STATUS[String(ready)],
          lastHeartbeatTime: ago(10),
        },
        ...(options.conditions ?? []),
      ],
      nodeInfo: { kubeletVersion: options.kubeletVersion ?? 'v1.30.2' },
      ...(options.allocatable ? { allocatable: options.allocatable } : {}),
    },
  };
}

/** `count` nodes named `<prefix>-<i>` spread round-robin over the zones (e.g. 6 workers over a/b/c). */
export function nodes(
  prefix: string,
  count: number,
  zones: Array<string | undefined> = [undefined],
  options: NodeOptions = {},
): K8sObject[] {
  return Array.from({ length: count }, (_, i) =>
    node(`${prefix}-${i + 1}`, { ...options, zone: zones[i % zones.length] }),
  );
}

// ---------------------------------------------------------------- workloads

export interface WorkloadOptions {
  namespace?: string;
  /** Pod template labels (default `{ app: <name> }`); also the selector. */
  labels?: Labels;
  /** Labels of the workload object itself (default: the template labels). */
  objectLabels?: Labels;
  annotations?: Labels;
  /** The whole pod spec; overrides `containers`. */
  podSpec?: any;
  /** Default one container `app` with image `<name>:1.0`. */
  containers?: any[];
  /** Template annotations. */
  podAnnotations?: Labels;
  /** Replaces the computed status. */
  status?: any;
}

export interface ReplicatedOptions extends WorkloadOptions {
  /** spec.replicas (default 1); `null` omits the field. */
  replicas?: number | null;
  /** status.availableReplicas / readyReplicas (default: replicas). */
  available?: number;
}

function podTemplate(name: string, options: WorkloadOptions) {
  const labels = options.labels ?? { app: name };
  return {
    labels,
    template: {
      metadata: {
        labels,
        ...(options.podAnnotations
          ? { annotations: options.podAnnotations }
          : {}),
      },
      spec: options.podSpec ?? {
        containers: options.containers ?? [
          { name: 'app', image: `${name}:1.0` },
        ],
      },
    },
  };
}

function workloadObject(
  apiVersion: string,
  kind: string,
  name: string,
  options: WorkloadOptions,
  spec: any,
  status: any,
): K8sObject {
  const ns = options.namespace ?? 'default';
  const { labels } = podTemplate(name, options);
  return k8sObject(apiVersion, kind, name, {
    namespace: ns,
    labels: options.objectLabels ?? labels,
    annotations: options.annotations,
    spec,
    status: options.status ?? status,
  });
}

function replicated(
  name: string,
  options: ReplicatedOptions,
  extraSpec: any = {},
) {
  const { labels, template } = podTemplate(name, options);
  const replicas =
    options.replicas === null ? undefined : options.replicas ?? 1;
  const available = options.available ?? replicas ?? 1;
  return {
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      selector: { matchLabels: labels },
      template,
      ...extraSpec,
    },
    status: {
      replicas: replicas ?? 1,
      readyReplicas: available,
      availableReplicas: available,
      updatedReplicas: replicas ?? 1,
    },
  };
}

export function deployment(
  name: string,
  options: ReplicatedOptions & { strategy?: any } = {},
): K8sObject {
  const { spec, status } = replicated(
    name,
    options,
    options.strategy ? { strategy: options.strategy } : {},
  );
  return workloadObject('apps/v1', 'Deployment', name, options, spec, status);
}

export function rollout(
  name: string,
  options: ReplicatedOptions & { strategy?: any } = {},
): K8sObject {
  const { spec, status } = replicated(name, options, {
    strategy: options.strategy ?? { canary: {} },
  });
  return workloadObject(
    'argoproj.io/v1alpha1',
    'Rollout',
    name,
    options,
    spec,
    status,
  );
}

/** An ReplicaSet without owner (a workload of its own). */
export function replicaSet(
  name: string,
  options: ReplicatedOptions = {},
): K8sObject {
  const { spec, status } = replicated(name, options);
  return workloadObject('apps/v1', 'ReplicaSet', name, options, spec, status);
}

export interface VolumeClaimTemplateOptions {
  name: string;
  storageClassName?: string;
  size?: string;
}

export function statefulSet(
  name: string,
  options: ReplicatedOptions & {
    volumeClaimTemplates?: VolumeClaimTemplateOptions[];
    serviceName?: string;
    updateStrategy?: any;
  } = {},
): K8sObject {
  const templates = (options.volumeClaimTemplates ?? []).map(t => ({
    metadata: { name: t.name },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(t.storageClassName ? { storageClassName: t.storageClassName } : {}),
      resources: { requests: { storage: t.size ?? '10Gi' } },
    },
  }));
  const { spec, status } = replicated(name, options, {
    serviceName: options.serviceName ?? name,
    ...(templates.length ? { volumeClaimTemplates: templates } : {}),
    ...(options.updateStrategy
      ? { updateStrategy: options.updateStrategy }
      : {}),
  });
  return workloadObject('apps/v1', 'StatefulSet', name, options, spec, status);
}

export function daemonSet(
  name: string,
  options: WorkloadOptions & {
    desired?: number;
    ready?: number;
    misscheduled?: number;
  } = {},
): K8sObject {
  const { labels, template } = podTemplate(name, options);
  const desired = options.desired ?? 0;
  const ready = options.ready ?? desired;
  return workloadObject(
    'apps/v1',
    'DaemonSet',
    name,
    options,
    { selector: { matchLabels: labels }, template },
    {
      desiredNumberScheduled: desired,
      currentNumberScheduled: desired,
      numberReady: ready,
      numberAvailable: ready,
      numberUnavailable: desired - ready,
      numberMisscheduled: options.misscheduled ?? 0,
    },
  );
}

// ---------------------------------------------------------------- pods

export interface PodOptions {
  namespace?: string;
  /** spec.nodeName; undefined leaves the pod Pending. */
  node?: string;
  labels?: Labels;
  annotations?: Labels;
  /** Default true (when scheduled). */
  ready?: boolean;
  spec?: any;
  ownerReferences?: K8sObject['metadata']['ownerReferences'];
  phase?: string;
}

/** A pod; without ownerReferences it is a bare pod. */
export function pod(name: string, options: PodOptions = {}): K8sObject {
  const ns = options.namespace ?? 'default';
  const scheduled = options.node !== undefined;
  const ready = scheduled && (options.ready ?? true);
  const obj = k8sObject('v1', 'Pod', name, {
    namespace: ns,
    labels: options.labels ?? { app: name },
    annotations: options.annotations,
    spec: {
      ...(options.spec ?? {
        containers: [{ name: 'app', image: `${name}:1.0` }],
      }),
      ...(scheduled ? { nodeName: options.node } : {}),
    },
    status: {
      phase: options.phase ?? (scheduled ? 'Running' : 'Pending'),
      conditions: [
        { type: 'PodScheduled', status: scheduled ? 'True' : 'False' },
        { type: 'Ready', status: ready ? 'True' : 'False' },
      ],
    },
  });
  if (options.ownerReferences)
    obj.metadata.ownerReferences = options.ownerReferences;
  return obj;
}

function ownerRef(owner: K8sObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind!,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
  };
}

/** A short deterministic hash of a name (pod-template-hash stand-in). */
function shortHash(text: string): string {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(36).slice(0, 8).padStart(5, '0');
}

/**
 * The objects a controller creates for a workload: for a Deployment or Rollout its ReplicaSet,
 * then one pod per entry of `nodeNames` (undefined = Pending), with owner references, template
 * labels and Ready conditions. `ready` may be one value or one per pod.
 */
export function podsFor(
  workload: K8sObject,
  nodeNames: Array<string | undefined>,
  options: { ready?: boolean | boolean[] } = {},
): K8sObject[] {
  const ns = workload.metadata.namespace ?? 'default';
  const name = workload.metadata.name;
  const template = workload.spec?.template ?? {};
  const labels: Labels = template.metadata?.labels ?? {};
  const readyAt = (i: number) =>
    Array.isArray(options.ready)
      ? options.ready[i] ?? true
      : options.ready ?? true;
  const out: K8sObject[] = [];

  let owner = workload;
  let podLabels = labels;
  let podName = (i: number) => `${name}-${shortHash(`${name}-${i}`)}`;
  if (workload.kind === 'Deployment' || workload.kind === 'Rollout') {
    const hash = shortHash(name);
    const hashLabel =
      workload.kind === 'Rollout'
        ? 'rollouts-pod-template-hash'
        : 'pod-template-hash';
    podLabels = { ...labels, [hashLabel]: hash };
    const rs = k8sObject('apps/v1', 'ReplicaSet', `${name}-${hash}`, {
      namespace: ns,
      labels: podLabels,
      spec: {
        replicas: nodeNames.length,
        selector: { matchLabels: podLabels },
        template: {
          ...template,
          metadata: { ...template.metadata, labels: podLabels },
        },
      },
      status: {
        replicas: nodeNames.length,
        readyReplicas: nodeNames.filter((n, i) => n && readyAt(i)).length,
      },
    });
    rs.metadata.ownerReferences = [ownerRef(workload)];
    out.push(rs);
    owner = rs;
    podName = i =>
      `${rs.metadata.name}-${shortHash(`${rs.metadata.name}-${i}`)}`;
  } else if (workload.kind === 'StatefulSet') {
    podName = i => `${name}-${i}`;
  }

  nodeNames.forEach((nodeName, i) => {
    const spec = { ...(template.spec ?? {}) };
    const templates =
      workload.kind === 'StatefulSet'
        ? workload.spec?.volumeClaimTemplates ?? []
        : [];
    if (templates.length) {
      spec.volumes = [
        ...(spec.volumes ?? []),
        ...templates.map((t: any) => ({
          name: t.metadata.name,
          persistentVolumeClaim: {
            claimName: `${t.metadata.name}-${name}-${i}`,
          },
        })),
      ];
    }
    out.push(
      pod(podName(i), {
        namespace: ns,
        node: nodeName,
        labels:
          workload.kind === 'StatefulSet'
            ? { ...podLabels, 'statefulset.kubernetes.io/pod-name': podName(i) }
            : podLabels,
        ready: readyAt(i),
        spec,
        ownerReferences: [ownerRef(owner)],
      }),
    );
  });
  return out;
}

export interface OperatedPodsOptions {
  namespace?: string;
  /** The custom resource's apiVersion; default `postgresql.cnpg.io/v1` (CloudNativePG). */
  apiVersion?: string;
  /** The custom resource's kind; default `Cluster`. */
  kind?: string;
  /** The custom resource's uid; default uidOf(kind, namespace, name). */
  uid?: string;
  /** Labels of every pod; default `{ 'cnpg.io/cluster': <name> }`. Each pod also gets `cnpg.io/instanceName: <pod>`. */
  labels?: Labels;
  /** Pod spec of every pod (volumes: see `claims`). */
  spec?: any;
  /** Default true; one value or one per pod. */
  ready?: boolean | boolean[];
  /** One value or one per pod (e.g. `Succeeded`). */
  phase?: string | Array<string | undefined>;
  /** Each pod mounts a claim named after itself (`pg-1`), as CloudNativePG instances do. */
  claims?: boolean;
  /** spec.restartPolicy of every pod. */
  restartPolicy?: string;
}

/**
 * The pods an operator creates for one custom resource, controlled by it directly (an Operated
 * workload): by default a CloudNativePG `Cluster` `<name>` with instances `<name>-1`, `<name>-2` ...
 * on `nodeNames` (undefined = Pending).
 */
export function operatedPods(
  name: string,
  nodeNames: Array<string | undefined>,
  options: OperatedPodsOptions = {},
): K8sObject[] {
  const ns = options.namespace ?? 'default';
  const kind = options.kind ?? 'Cluster';
  const owner = {
    apiVersion: options.apiVersion ?? 'postgresql.cnpg.io/v1',
    kind,
    name,
    uid: options.uid ?? uidOf(kind, ns, name),
    controller: true,
  };
  const at = <T>(value: T | T[] | undefined, i: number): T | undefined =>
    Array.isArray(value) ? value[i] : value;
  return nodeNames.map((nodeName, i) => {
    const podName = `${name}-${i + 1}`;
    const spec = {
      ...(options.spec ?? {
        containers: [{ name: 'postgres', image: 'postgresql:16' }],
      }),
      ...(options.restartPolicy
        ? { restartPolicy: options.restartPolicy }
        : {}),
    };
    if (options.claims)
      spec.volumes = [
        ...(spec.volumes ?? []),
        { name: 'pgdata', persistentVolumeClaim: { claimName: podName } },
      ];
    return pod(podName, {
      namespace: ns,
      node: nodeName,
      labels: {
        ...(options.labels ?? { 'cnpg.io/cluster': name }),
        'cnpg.io/instanceName': podName,
      },
      ready: at(options.ready, i) ?? true,
      phase: at(options.phase, i),
      spec,
      ownerReferences: [owner],
    });
  });
}

/**
 * A static control-plane pod as the kubelet mirrors it (kubeadm/RKE2 labels, mirror annotation,
 * owned by the Node): `staticPod('etcd', 'cp-1')` is `kube-system/etcd-cp-1`.
 */
export function staticPod(
  component: string,
  nodeName: string,
  options: { ready?: boolean; command?: string[]; namespace?: string } = {},
): K8sObject {
  return pod(`${component}-${nodeName}`, {
    namespace: options.namespace ?? 'kube-system',
    node: nodeName,
    labels: { component, tier: 'control-plane' },
    annotations: {
      'kubernetes.io/config.mirror': shortHash(`${component}-${nodeName}`),
      'kubernetes.io/config.source': 'file',
    },
    ready: options.ready,
    spec: {
      containers: [
        {
          name: component,
          image: `registry.k8s.io/${component}:v1.30.2`,
          ...(options.command ? { command: options.command } : {}),
        },
      ],
    },
    ownerReferences: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        name: nodeName,
        uid: uidOf('Node', undefined, nodeName),
        controller: true,
      },
    ],
  });
}

// ---------------------------------------------------------------- autoscaling, disruption

/** An autoscaling/v2 HPA targeting the workload (same namespace). */
export function hpa(
  target: K8sObject,
  minReplicas: number | undefined,
  maxReplicas: number,
  options: { name?: string; status?: Record<string, unknown> } = {},
): K8sObject {
  return k8sObject(
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    options.name ?? target.metadata.name,
    {
      namespace: target.metadata.namespace ?? 'default',
      spec: {
        scaleTargetRef: {
          apiVersion: target.apiVersion,
          kind: target.kind,
          name: target.metadata.name,
        },
        ...(minReplicas !== undefined ? { minReplicas } : {}),
        maxReplicas,
      },
      ...(options.status ? { status: options.status } : {}),
    },
  );
}

export interface PdbOptions {
  namespace?: string;
  /**
   * A LabelSelector; `null` gives a PDB with a null selector (matches nothing), `{}` matches every
   * pod in the namespace. A plain map (no matchLabels/matchExpressions keys) is taken as matchLabels.
   */
  selector?: LabelSelector | Labels | null;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  status?: {
    expectedPods?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    disruptionsAllowed?: number;
  };
  unhealthyPodEvictionPolicy?: string;
}

function toLabelSelector(selector: LabelSelector | Labels): LabelSelector {
  const keys = Object.keys(selector);
  if (
    keys.length === 0 ||
    keys.some(k => k === 'matchLabels' || k === 'matchExpressions')
  )
    return selector as LabelSelector;
  return { matchLabels: selector as Labels };
}

export function pdb(name: string, options: PdbOptions = {}): K8sObject {
  return k8sObject('policy/v1', 'PodDisruptionBudget', name, {
    namespace: options.namespace ?? 'default',
    spec: {
      ...(options.selector !== null
        ? { selector: toLabelSelector(options.selector ?? { app: name }) }
        : {}),
      ...(options.minAvailable !== undefined
        ? { minAvailable: options.minAvailable }
        : {}),
      ...(options.maxUnavailable !== undefined
        ? { maxUnavailable: options.maxUnavailable }
        : {}),
      ...(options.unhealthyPodEvictionPolicy
        ? { unhealthyPodEvictionPolicy: options.unhealthyPodEvictionPolicy }
        : {}),
    },
    ...(options.status ? { status: options.status } : {}),
  });
}

/** A PDB selecting the workload's pod template labels. */
export function pdbFor(
  workload: K8sObject,
  options: Omit<PdbOptions, 'selector' | 'namespace'> & { name?: string } = {},
): K8sObject {
  return pdb(options.name ?? workload.metadata.name, {
    ...options,
    namespace: workload.metadata.namespace ?? 'default',
    selector: { matchLabels: workload.spec?.template?.metadata?.labels ?? {} },
  });
}

// ---------------------------------------------------------------- network

export interface ServiceOptions {
  namespace?: string;
  /** Service selector map; `{}` or omitted = no selector. */
  selector?: Labels;
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  ports?: Array<{
    name?: string;
    port: number;
    targetPort?: number | string;
    protocol?: string;
  }>;
  /** LoadBalancer status ingress (e.g. `[{ hostname: 'x.elb.amazonaws.com' }]`). */
  loadBalancerIngress?: Array<{ ip?: string; hostname?: string }>;
  externalTrafficPolicy?: 'Cluster' | 'Local';
  labels?: Labels;
  annotations?: Labels;
}

export function service(name: string, options: ServiceOptions = {}): K8sObject {
  const type = options.type ?? 'ClusterIP';
  return k8sObject('v1', 'Service', name, {
    namespace: options.namespace ?? 'default',
    labels: options.labels,
    annotations: options.annotations,
    spec: {
      type,
      ...(options.selector && Object.keys(options.selector).length
        ? { selector: options.selector }
        : {}),
      ports: options.ports ?? [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
      ],
      ...(options.externalTrafficPolicy
        ? { externalTrafficPolicy: options.externalTrafficPolicy }
        : {}),
    },
    status:
      type === 'LoadBalancer'
        ? { loadBalancer: { ingress: options.loadBalancerIngress ?? [] } }
        : { loadBalancer: {} },
  });
}

export interface EndpointOptions {
  node?: string;
  zone?: string;
  /** conditions.ready; `null` leaves it unset (nil counts as ready). Default true. */
  ready?: boolean | null;
  serving?: boolean;
  terminating?: boolean;
  ip?: string;
}

/** An EndpointSlice labelled for the service (`kubernetes.io/service-name`). */
export function endpointSlice(
  svc: K8sObject,
  endpoints: EndpointOptions[],
  options: { name?: string } = {},
): K8sObject {
  return k8sObject(
    'discovery.k8s.io/v1',
    'EndpointSlice',
    options.name ?? `${svc.metadata.name}-${shortHash(svc.metadata.name)}`,
    {
      namespace: svc.metadata.namespace ?? 'default',
      labels: {
        'kubernetes.io/service-name': svc.metadata.name,
        'endpointslice.kubernetes.io/managed-by':
          'endpointslice-controller.k8s.io',
      },
      fields: {
        addressType: 'IPv4',
        endpoints: endpoints.map((e, i) => ({
          addresses: [e.ip ?? `10.0.0.${i + 1}`],
          conditions: {
            ...(e.ready === null ? {} : { ready: e.ready ?? true }),
            ...(e.serving !== undefined ? { serving: e.serving } : {}),
            ...(e.terminating !== undefined
              ? { terminating: e.terminating }
              : {}),
          },
          ...(e.node ? { nodeName: e.node } : {}),
          ...(e.zone ? { zone: e.zone } : {}),
        })),
        ports: (svc.spec?.ports ?? []).map((p: any) => ({
          name: p.name,
          port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
          protocol: p.protocol ?? 'TCP',
        })),
      },
    },
  );
}

// ---------------------------------------------------------------- coordination

export interface LeaseOptions {
  namespace?: string;
  holderIdentity?: string;
  /** Default TEST_NOW (just renewed). */
  renewTime?: string;
  leaseDurationSeconds?: number;
  leaseTransitions?: number;
  labels?: Labels;
}

export function lease(name: string, options: LeaseOptions = {}): K8sObject {
  return k8sObject('coordination.k8s.io/v1', 'Lease', name, {
    namespace: options.namespace ?? 'kube-system',
    labels: options.labels,
    spec: {
      ...(options.holderIdentity
        ? { holderIdentity: options.holderIdentity }
        : {}),
      leaseDurationSeconds: options.leaseDurationSeconds ?? 15,
      renewTime: options.renewTime ?? TEST_NOW,
      ...(options.leaseTransitions !== undefined
        ? { leaseTransitions: options.leaseTransitions }
        : {}),
    },
  });
}

/** The identity lease an API server on `nodeName` keeps (kube-system, 1 h duration). */
export function apiServerLease(
  nodeName: string,
  renewTime: string = TEST_NOW,
): K8sObject {
  return lease(`apiserver-${shortHash(nodeName)}`, {
    holderIdentity: `apiserver-${shortHash(nodeName)}_${uidOf(
      'apiserver',
      undefined,
      nodeName,
    )}`,
    renewTime,
    leaseDurationSeconds: 3600,
    labels: {
      'apiserver.kubernetes.io/identity': 'kube-apiserver',
      'kubernetes.io/hostname': nodeName,
    },
  });
}

// ---------------------------------------------------------------- storage

export function storageClass(
  name: string,
  provisioner: string,
  options: {
    parameters?: Labels;
    volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
    isDefault?: boolean;
    allowedTopologies?: any[];
  } = {},
): K8sObject {
  return k8sObject('storage.k8s.io/v1', 'StorageClass', name, {
    cluster: true,
    annotations: options.isDefault
      ? { 'storageclass.kubernetes.io/is-default-class': 'true' }
      : undefined,
    fields: {
      provisioner,
      ...(options.parameters ? { parameters: options.parameters } : {}),
      volumeBindingMode: options.volumeBindingMode ?? 'Immediate',
      reclaimPolicy: 'Delete',
      ...(options.allowedTopologies
        ? { allowedTopologies: options.allowedTopologies }
        : {}),
    },
  });
}

export function pvc(
  name: string,
  options: {
    namespace?: string;
    storageClassName?: string;
    volumeName?: string;
    size?: string;
    phase?: string;
    labels?: Labels;
    /** spec.accessModes (default `['ReadWriteOnce']`). */
    accessModes?: string[];
  } = {},
): K8sObject {
  return k8sObject('v1', 'PersistentVolumeClaim', name, {
    namespace: options.namespace ?? 'default',
    labels: options.labels,
    spec: {
      accessModes: options.accessModes ?? ['ReadWriteOnce'],
      ...(options.storageClassName
        ? { storageClassName: options.storageClassName }
        : {}),
      ...(options.volumeName ? { volumeName: options.volumeName } : {}),
      resources: { requests: { storage: options.size ?? '10Gi' } },
    },
    status: {
      phase: options.phase ?? (options.volumeName ? 'Bound' : 'Pending'),
    },
  });
}

export interface PvOptions {
  storageClassName?: string;
  /** spec.csi.driver */
  csiDriver?: string;
  /** Node affinity on topology.kubernetes.io/zone with these values. */
  zones?: string[];
  /** Node affinity on another zone key, e.g. topology.gke.io/zone. */
  zoneKey?: string;
  /** Node affinity on kubernetes.io/hostname (node-bound). */
  hostname?: string;
  local?: string;
  hostPath?: string;
  /** The bound claim `namespace/name`. */
  claim?: string;
}

export function pv(name: string, options: PvOptions = {}): K8sObject {
  const terms: any[] = [];
  if (options.zones)
    terms.push({
      key: options.zoneKey ?? 'topology.kubernetes.io/zone',
      operator: 'In',
      values: options.zones,
    });
  if (options.hostname)
    terms.push({
      key: 'kubernetes.io/hostname',
      operator: 'In',
      values: [options.hostname],
    });
  const [claimNamespace, claimName] = options.claim?.split('/') ?? [];
  return k8sObject('v1', 'PersistentVolume', name, {
    cluster: true,
    spec: {
      capacity: { storage: '10Gi' },
      ...(options.storageClassName
        ? { storageClassName: options.storageClassName }
        : {}),
      ...(options.csiDriver
        ? {
            csi: {
              driver: options.csiDriver,
              volumeHandle: `vol-${shortHash(name)}`,
            },
          }
        : {}),
      ...(options.local ? { local: { path: options.local } } : {}),
      ...(options.hostPath ? { hostPath: { path: options.hostPath } } : {}),
      ...(terms.length
        ? {
            nodeAffinity: {
              required: { nodeSelectorTerms: [{ matchExpressions: terms }] },
            },
          }
        : {}),
      ...(options.claim
        ? {
            claimRef: {
              kind: 'PersistentVolumeClaim',
              namespace: claimNamespace,
              name: claimName,
            },
          }
        : {}),
    },
    status: { phase: options.claim ? 'Bound' : 'Available' },
  });
}

// ---------------------------------------------------------------- misc

export function namespace(name: string, labels: Labels = {}): K8sObject {
  return k8sObject('v1', 'Namespace', name, {
    cluster: true,
    labels: { 'kubernetes.io/metadata.name': name, ...labels },
  });
}

/** A CustomResourceDefinition for `<plural>.<group>` (tells a dump that the kind is installed). */
export function crd(key: string, kind = key.split('.')[0]): K8sObject {
  const [plural, ...group] = key.split('.');
  return k8sObject('apiextensions.k8s.io/v1', 'CustomResourceDefinition', key, {
    cluster: true,
    spec: {
      group: group.join('.'),
      names: { plural, kind },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true }],
    },
  });
}

export function configMap(
  name: string,
  namespaceName: string,
  data: Labels,
): K8sObject {
  return k8sObject('v1', 'ConfigMap', name, {
    namespace: namespaceName,
    fields: { data },
  });
}
