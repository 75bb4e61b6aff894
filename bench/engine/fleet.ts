/**
 * A deterministic generator of realistic fleets for the engine benchmark: N pods spread over C
 * clusters (3 zones each), each cluster with its nodes, system add-ons (CNI, DNS, ingress, logging,
 * Prometheus, Velero) and team namespaces full of Helm-installed apps: Deployments with their
 * ReplicaSets (current and old revisions), StatefulSets with volumes, DaemonSets, CronJob runs,
 * bare pods, HPAs, PDBs, Services with EndpointSlices, Ingresses, ServiceMonitors, PrometheusRules,
 * Velero schedules and backups. Neighbouring clusters run overlapping sets of apps (multi-cluster
 * services), and the catalog entities select apps by `backstage.io/kubernetes-id`.
 *
 * Objects carry what an API server returns (defaults, status, managedFields), so JSON bytes per
 * pod resemble a real cluster's. A few percent of everything is misconfigured on purpose (single
 * replicas, missing probes, typo'd selectors, pending pods), so every check has findings to report.
 */
import type { EntitySelector } from '@ha-posture/plugin-ha-posture-node';
import {
  container,
  DEFAULT_TOLERATIONS,
  fieldsV1,
  K8s,
  managedField,
  nodeImages,
  podSpec,
  PodState,
  podStatus,
  rfc3339,
  serviceAccountVolume,
  TOLERATE_ALL,
} from './objects';
import { Random } from './random';

export interface FleetOptions {
  /** Pods over the whole fleet (the generator stops at the first workload past it). */
  pods: number;
  clusters: number;
  /** Catalog entities, spread evenly over the apps the fleet runs. */
  entities: number;
  seed?: number;
}

/** One list response (`kubectl get <kind> -A -o json` or one API list call before paging). */
export interface ObjectList {
  apiVersion: string;
  kind: string;
  items: K8s[];
}

export interface GeneratedCluster {
  name: string;
  region: string;
  lists: ObjectList[];
  pods: number;
  nodes: number;
  objects: number;
}

export interface Fleet {
  /** The clusters' clock when "dumped" (all clusters at the same moment). */
  capturedAt: string;
  clusters: GeneratedCluster[];
  entities: EntitySelector[];
}

const CAPTURED_AT = Date.parse('2025-06-02T12:00:00Z');
const DAY = 86_400;

const CLUSTERS = [
  { name: 'prod-eu-1', region: 'eu-west-1', flavor: 'kubeadm' },
  { name: 'prod-us-1', region: 'us-east-1', flavor: 'eks' },
  { name: 'prod-ap-1', region: 'ap-southeast-1', flavor: 'eks' },
  { name: 'prod-eu-2', region: 'eu-central-1', flavor: 'eks' },
  { name: 'prod-us-2', region: 'us-west-2', flavor: 'eks' },
] as const;

const DOMAINS = [
  'checkout',
  'payments',
  'orders',
  'catalog',
  'search',
  'inventory',
  'shipping',
  'billing',
  'accounts',
  'identity',
  'notifications',
  'recommendations',
  'reviews',
  'pricing',
  'promotions',
  'cart',
  'fraud',
  'ledger',
  'reporting',
  'analytics',
  'media',
  'content',
  'loyalty',
  'support',
  'messaging',
  'geo',
  'booking',
  'invoicing',
  'tax',
  'risk',
  'onboarding',
  'documents',
  'partners',
  'marketplace',
  'subscriptions',
  'feeds',
  'ads',
  'experiments',
  'audit',
  'datahub',
];
const COMPONENTS = [
  'api',
  'worker',
  'web',
  'gateway',
  'consumer',
  'scheduler',
  'indexer',
  'sync',
  'cache',
  'exporter',
  'notifier',
  'ingester',
  'admin',
  'graphql',
  'grpc',
];
/** Apps per team namespace. */
const APPS_PER_NAMESPACE = COMPONENTS.length;
/** Average pods of an app workload (from the replica distribution below), to plan overlaps. */
const MEAN_APP_PODS = 2.9;
const PODS_PER_NODE = 40;

type AppKind = 'Deployment' | 'StatefulSet' | 'CronJob' | 'Pod';

/** One app of the fleet's catalog: the same properties in every cluster it runs in. */
interface App {
  index: number;
  name: string;
  namespace: string;
  kubernetesId: string;
  kind: AppKind;
  replicas: number;
  critical: boolean;
  rnd: Random;
}

function appOf(index: number, seed: number): App {
  const nsIndex = Math.floor(index / APPS_PER_NAMESPACE);
  const domain = DOMAINS[nsIndex % DOMAINS.length];
  const round = Math.floor(nsIndex / DOMAINS.length);
  const namespace = round === 0 ? domain : `${domain}-${round + 1}`;
  const component = COMPONENTS[index % APPS_PER_NAMESPACE];
  const rnd = new Random(seed * 100_003 + index);
  const kind = rnd.weighted<AppKind>([
    ['Deployment', 88],
    ['StatefulSet', 8],
    ['CronJob', 3],
    ['Pod', 1],
  ]);
  const replicas =
    kind === 'StatefulSet'
      ? rnd.weighted([
          [1, 3],
          [3, 6],
          [5, 1],
        ] as const)
      : kind === 'Deployment'
      ? rnd.weighted([
          [0, 2],
          [1, 18],
          [2, 30],
          [3, 30],
          [4, 8],
          [6, 7],
          [10, 5],
        ] as const)
      : kind === 'CronJob'
      ? rnd.int(1, 3)
      : 1;
  return {
    index,
    name: `${domain}-${component}`,
    namespace,
    kubernetesId: `${namespace}-${component}`,
    kind,
    replicas,
    critical: rnd.chance(0.2),
    rnd,
  };
}

interface NodeRef {
  name: string;
  zone: string;
  ip: string;
  ready: boolean;
  controlPlane: boolean;
  nextPodIp: number;
  subnet: string;
}

const lower = (s: string) => s.toLowerCase();

/** Builds one cluster's objects. */
class ClusterBuilder {
  private readonly lists = new Map<string, ObjectList>();
  private resourceVersion = 40_000_000;
  private serviceIp = 0;
  readonly rnd: Random;
  readonly zones: string[];
  readonly nodes: NodeRef[] = [];
  readonly nodeByName = new Map<string, NodeRef>();
  /** Ready, untainted workers per zone: where app pods go. */
  private readonly workersByZone = new Map<string, NodeRef[]>();
  pods = 0;
  objects = 0;
  readonly namespaces = new Set<string>();
  /** Whether the ServiceExport CRD was added (with the first ServiceExport). */
  serviceExportsInstalled = false;

  constructor(
    readonly name: string,
    readonly region: string,
    readonly flavor: 'kubeadm' | 'eks',
    seed: number,
  ) {
    this.rnd = new Random(seed);
    this.zones = ['a', 'b', 'c'].map(z => `${region}${z}`);
  }

  /**
   * Adds an object. `steady` objects take the next resourceVersion instead of a random step, so
   * adding them leaves the random sequence, and so the rest of the fleet, as it was.
   */
  add(apiVersion: string, kind: string, obj: K8s, steady = false): K8s {
    this.resourceVersion += steady ? 1 : this.rnd.int(1, 40);
    obj.metadata.resourceVersion = String(this.resourceVersion);
    const key = `${apiVersion}/${kind}`;
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = { apiVersion, kind, items: [] }));
    // apiVersion and kind first, as the API server orders them; callers fill in status later.
    const item = { apiVersion, kind, ...obj };
    list.items.push(item);
    this.objects++;
    if (kind === 'Pod') this.pods++;
    return item;
  }

  /** Every object of the kind added so far (all its apiVersions). */
  itemsOf(kind: string): K8s[] {
    return [...this.lists.values()]
      .filter(list => list.kind === kind)
      .flatMap(list => list.items);
  }

  result(): GeneratedCluster {
    return {
      name: this.name,
      region: this.region,
      lists: [...this.lists.values()],
      pods: this.pods,
      nodes: this.nodes.length,
      objects: this.objects,
    };
  }

  /** Seconds before capture → RFC 3339. */
  ago(seconds: number): string {
    return rfc3339(CAPTURED_AT - seconds * 1000);
  }

  meta(
    name: string,
    namespace: string | undefined,
    created: number,
    extra: K8s = {},
  ): K8s {
    return {
      creationTimestamp: this.ago(created),
      name,
      ...(namespace ? { namespace } : {}),
      uid: this.rnd.uuid(),
      ...extra,
    };
  }

  clusterIp(): string {
    this.serviceIp++;
    return `172.20.${(this.serviceIp >> 8) & 255}.${this.serviceIp & 255}`;
  }

  // --- nodes ------------------------------------------------------------------------------

  addNodes(workers: number): void {
    if (this.flavor === 'kubeadm') {
      this.zones.forEach((zone, i) =>
        this.addNode(`${this.name}-cp-${i + 1}`, zone, true, true),
      );
    }
    for (let i = 0; i < workers; i++) {
      const zone = this.zones[i % this.zones.length];
      // About 1 % of nodes stopped reporting.
      const ready = !this.rnd.chance(0.01);
      const node = this.addNode(
        this.flavor === 'eks'
          ? `ip-10-${this.nodes.length >> 8}-${
              this.nodes.length & 255
            }-${this.rnd.int(1, 254)}.${this.region}.compute.internal`
          : `${this.name}-worker-${i + 1}`,
        zone,
        ready,
        false,
      );
      if (ready) {
        const bucket = this.workersByZone.get(zone);
        if (bucket) bucket.push(node);
        else this.workersByZone.set(zone, [node]);
      }
    }
  }

  private addNode(
    name: string,
    zone: string,
    ready: boolean,
    controlPlane: boolean,
  ): NodeRef {
    const index = this.nodes.length;
    const ip = `10.${10 + (index >> 8)}.${index & 255}.${this.rnd.int(
      10,
      250,
    )}`;
    const ref: NodeRef = {
      name,
      zone,
      ip,
      ready,
      controlPlane,
      nextPodIp: 2,
      subnet: `10.${100 + (index >> 8)}.${index & 255}`,
    };
    this.nodes.push(ref);
    this.nodeByName.set(name, ref);
    const instanceType = controlPlane
      ? 'm6i.xlarge'
      : this.rnd.pick(['m6i.2xlarge', 'm6i.4xlarge', 'c6i.4xlarge']);
    const spot = !controlPlane && fnv1a(name) % 4 === 0;
    const labels: K8s = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/instance-type': instanceType,
      'beta.kubernetes.io/os': 'linux',
      'failure-domain.beta.kubernetes.io/region': this.region,
      'failure-domain.beta.kubernetes.io/zone': zone,
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': instanceType,
      'topology.kubernetes.io/region': this.region,
      'topology.kubernetes.io/zone': zone,
      ...(this.flavor === 'eks'
        ? {
            // A quarter of the workers are in spot node groups (by a hash of the name: the random sequence stays as it was).
            'eks.amazonaws.com/capacityType': spot ? 'SPOT' : 'ON_DEMAND',
            'eks.amazonaws.com/nodegroup': `${
              spot ? 'spot' : 'workers'
            }-${zone.slice(-1)}`,
            'eks.amazonaws.com/nodegroup-image': `ami-${this.rnd.hex(17)}`,
            'topology.ebs.csi.aws.com/zone': zone,
          }
        : {}),
      ...(controlPlane
        ? {
            'node-role.kubernetes.io/control-plane': '',
            'node.kubernetes.io/exclude-from-external-load-balancers': '',
          }
        : {}),
    };
    const created = this.rnd.int(2 * DAY, 60 * DAY);
    const heartbeat = this.ago(ready ? this.rnd.int(5, 40) : 1800);
    const cond = (
      type: string,
      status: string,
      reason: string,
      message: string,
    ) => ({
      lastHeartbeatTime: heartbeat,
      lastTransitionTime: this.ago(ready ? created - 60 : 1800),
      message,
      reason,
      status,
      type,
    });
    const status = {
      addresses: [
        { address: ip, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      allocatable: {
        cpu: '7910m',
        'ephemeral-storage': '95491281146',
        memory: '31588508Ki',
        pods: '110',
      },
      capacity: {
        cpu: '8',
        'ephemeral-storage': '104845292Ki',
        memory: '32408732Ki',
        pods: '110',
      },
      conditions: [
        cond(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        cond(
          'DiskPressure',
          'False',
          'KubeletHasNoDiskPressure',
          'kubelet has no disk pressure',
        ),
        cond(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        ready
          ? cond(
              'Ready',
              'True',
              'KubeletReady',
              'kubelet is posting ready status',
            )
          : cond(
              'Ready',
              'Unknown',
              'NodeStatusUnknown',
              'Kubelet stopped posting node status.',
            ),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: nodeImages(this.rnd, 24),
      nodeInfo: {
        architecture: 'amd64',
        bootID: this.rnd.uuid(),
        containerRuntimeVersion: 'containerd://1.7.22',
        kernelVersion: '6.1.112-122.189.amzn2023.x86_64',
        kubeProxyVersion: 'v1.30.4',
        kubeletVersion:
          this.flavor === 'eks' ? 'v1.30.4-eks-a737599' : 'v1.30.4',
        machineID: this.rnd.hex(32),
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.6.20241010',
        systemUUID: this.rnd.uuid(),
      },
    };
    const spec = {
      podCIDR: `${ref.subnet}.0/24`,
      podCIDRs: [`${ref.subnet}.0/24`],
      ...(this.flavor === 'eks'
        ? { providerID: `aws:///${zone}/i-${this.rnd.hex(17)}` }
        : {}),
      ...(controlPlane
        ? {
            taints: [
              {
                effect: 'NoSchedule',
                key: 'node-role.kubernetes.io/control-plane',
              },
            ],
          }
        : {}),
      ...(!ready
        ? {
            taints: [
              {
                effect: 'NoSchedule',
                key: 'node.kubernetes.io/unreachable',
                timeAdded: this.ago(1700),
              },
              {
                effect: 'NoExecute',
                key: 'node.kubernetes.io/unreachable',
                timeAdded: this.ago(1700),
              },
            ],
          }
        : {}),
    };
    this.add('v1', 'Node', {
      metadata: this.meta(name, undefined, created, {
        annotations: {
          'alpha.kubernetes.io/provided-node-ip': ip,
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
        labels,
        managedFields: [
          managedField(
            'kubelet',
            'Update',
            this.ago(created),
            fieldsV1({ metadata: { labels }, spec }),
          ),
          managedField(
            'kubelet',
            'Update',
            heartbeat,
            fieldsV1({
              status: {
                conditions: status.conditions,
                nodeInfo: status.nodeInfo,
              },
            }),
            'status',
          ),
        ],
      }),
      spec,
      status,
    });
    return ref;
  }

  /** A node for each replica: zones round-robin from a random start, a random node in the zone. */
  place(
    replicas: number,
    options: { sameZone?: boolean; sameNode?: boolean; zone?: string } = {},
  ): Array<NodeRef | undefined> {
    const zones = options.zone
      ? [options.zone]
      : [...this.workersByZone.keys()];
    const start = this.rnd.int(0, zones.length - 1);
    const placed: Array<NodeRef | undefined> = [];
    for (let i = 0; i < replicas; i++) {
      // About 1 % of pods cannot be scheduled.
      if (this.rnd.chance(0.01)) {
        placed.push(undefined);
        continue;
      }
      if (options.sameNode && i > 0 && placed[0]) {
        placed.push(placed[0]);
        continue;
      }
      const zone = zones[(start + (options.sameZone ? 0 : i)) % zones.length];
      placed.push(this.rnd.pick(this.workersByZone.get(zone)!));
    }
    return placed;
  }

  podIp(node: NodeRef): string {
    const ip = `${node.subnet}.${node.nextPodIp}`;
    node.nextPodIp = node.nextPodIp >= 250 ? 2 : node.nextPodIp + 1;
    return ip;
  }

  addNamespace(name: string, labels: Record<string, string> = {}): void {
    if (this.namespaces.has(name)) return;
    this.namespaces.add(name);
    const allLabels = { 'kubernetes.io/metadata.name': name, ...labels };
    this.add('v1', 'Namespace', {
      metadata: this.meta(name, undefined, this.rnd.int(30 * DAY, 300 * DAY), {
        labels: allLabels,
        managedFields: [
          managedField(
            'helm',
            'Update',
            this.ago(30 * DAY),
            fieldsV1({ metadata: { labels: allLabels } }),
          ),
        ],
      }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
}

// --- workloads ----------------------------------------------------------------------------

/** What a workload's pods look like and where they run. */
interface WorkloadShape {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  selector: Record<string, string>;
  templateLabels: Record<string, string>;
  templateAnnotations: Record<string, string>;
  spec: K8s;
}

interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

function ownerReference(owner: OwnerRef): K8s {
  return { ...owner, blockOwnerDeletion: true, controller: true };
}

/** Adds one pod of a workload; returns it, or undefined when not placed. */
function addPod(
  c: ClusterBuilder,
  shape: WorkloadShape,
  name: string,
  owner: OwnerRef | undefined,
  node: NodeRef | undefined,
  extraLabels: Record<string, string>,
  created: number,
  options: { succeeded?: boolean; mirror?: boolean; volumes?: K8s[] } = {},
  fieldCache?: Map<string, K8s>,
): K8s {
  const rnd = c.rnd;
  let state: PodState = 'ready';
  if (options.succeeded) state = 'succeeded';
  else if (!node) state = 'pending';
  else if (!node.ready || rnd.chance(0.015)) state = 'not-ready';
  const saVolume = options.mirror ? undefined : serviceAccountVolume(rnd);
  const mount = saVolume && {
    mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
    name: saVolume.name,
    readOnly: true,
  };
  const spec: K8s = {
    ...shape.spec,
    containers: (shape.spec.containers as K8s[]).map(ct =>
      mount ? { ...ct, volumeMounts: [...(ct.volumeMounts ?? []), mount] } : ct,
    ),
    ...(node ? { nodeName: node.name } : {}),
    volumes: [
      ...(shape.spec.volumes ?? []),
      ...(options.volumes ?? []),
      ...(saVolume ? [saVolume] : []),
    ],
  };
  const started = CAPTURED_AT - created * 1000;
  const status = podStatus(
    rnd,
    spec,
    state,
    started,
    node?.ip,
    node ? c.podIp(node) : undefined,
  );
  const labels = { ...shape.templateLabels, ...extraLabels };
  const metaFields = {
    metadata: {
      annotations: shape.templateAnnotations,
      generateName: owner ? `${owner.name}-` : undefined,
      labels,
      ownerReferences: owner ? [{ name: owner.name }] : [],
    },
    // The controller owns the template's fields (nodeName is the scheduler's).
    spec: shape.spec,
  };
  // Every pod of a workload has the same field sets: compute them once.
  const cacheKey = `${state}/${Boolean(node)}`;
  let statusFields = fieldCache?.get(`status/${cacheKey}`);
  if (!statusFields) {
    statusFields = fieldsV1({ status });
    fieldCache?.set(`status/${cacheKey}`, statusFields);
  }
  let specFields = fieldCache?.get('spec');
  if (!specFields) {
    specFields = fieldsV1(metaFields);
    fieldCache?.set('spec', specFields);
  }
  const pod = {
    metadata: c.meta(name, shape.namespace, created, {
      annotations: {
        ...shape.templateAnnotations,
        ...(options.mirror
          ? {
              'kubernetes.io/config.hash': rnd.hex(32),
              'kubernetes.io/config.mirror': rnd.hex(32),
              'kubernetes.io/config.seen': c.ago(created),
              'kubernetes.io/config.source': 'file',
            }
          : {}),
      },
      ...(owner ? { generateName: `${owner.name}-` } : {}),
      labels,
      managedFields: [
        managedField(
          owner ? 'kube-controller-manager' : 'kubectl-client-side-apply',
          'Update',
          c.ago(created),
          specFields,
        ),
        managedField(
          'kubelet',
          'Update',
          c.ago(Math.max(0, created - 10)),
          statusFields,
          'status',
        ),
      ],
      ...(owner ? { ownerReferences: [ownerReference(owner)] } : {}),
    }),
    spec,
    status,
  };
  c.add('v1', 'Pod', pod);
  return pod;
}

interface AppDesign {
  readiness: boolean;
  liveness: boolean;
  identicalProbes: boolean;
  requests: boolean;
  sidecar: boolean;
  priorityClass?: string;
  spread:
    | 'none'
    | 'zone'
    | 'zone-wrong-selector'
    | 'preferred-anti'
    | 'required-anti';
  /** Scheduling constraints: none, a nodeSelector every node satisfies, or required affinity to the first zone. */
  pin: 'none' | 'linux' | 'first-zone';
}

function designOf(app: App): AppDesign {
  const r = app.rnd;
  const readiness = r.chance(0.88);
  const liveness = r.chance(0.78);
  return {
    readiness,
    liveness,
    identicalProbes: readiness && liveness && r.chance(0.08),
    requests: r.chance(0.92),
    sidecar: r.chance(0.2),
    priorityClass: r.weighted([
      [undefined, 65],
      ['business-critical', 33],
      ['high-priority', 2],
    ] as const),
    spread:
      app.replicas < 2
        ? 'none'
        : r.weighted([
            ['none', 35],
            ['zone', 37],
            ['zone-wrong-selector', 2],
            ['preferred-anti', 23],
            ['required-anti', 3],
          ] as const),
    pin: r.weighted([
      ['none', 78],
      ['linux', 20],
      ['first-zone', 2],
    ] as const),
  };
}

function appShape(
  app: App,
  design: AppDesign,
  version: string,
  firstZone: string,
): WorkloadShape {
  const selector = {
    'app.kubernetes.io/instance': app.name,
    'app.kubernetes.io/name': app.name,
  };
  const labels = {
    ...selector,
    ...(app.name.endsWith('-exporter')
      ? { 'app.kubernetes.io/component': 'metrics-exporter' }
      : {}),
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/part-of': app.namespace,
    'app.kubernetes.io/version': version,
    'backstage.io/kubernetes-id': app.kubernetesId,
    'helm.sh/chart': `${app.name}-${version}`,
  };
  const templateLabels: Record<string, string> = {
    ...selector,
    'app.kubernetes.io/part-of': app.namespace,
    'app.kubernetes.io/version': version,
    'backstage.io/kubernetes-id': app.kubernetesId,
    ...(app.critical ? { 'backup.example.com/tier': 'critical' } : {}),
  };
  const rnd = app.rnd;
  const configVolume = rnd.chance(0.7);
  const tmpVolume = rnd.chance(0.5);
  const mounts = [
    ...(configVolume
      ? [{ mountPath: `/etc/${app.name}`, name: 'config', readOnly: true }]
      : []),
    ...(tmpVolume ? [{ mountPath: '/tmp', name: 'tmp' }] : []),
  ];
  const containers = [
    container(rnd, {
      name: app.name,
      image: `registry.example.com/${app.namespace}/${app.name}:${version}`,
      app: app.name,
      readiness: design.readiness,
      liveness: design.liveness,
      identicalProbes: design.identicalProbes,
      requests: design.requests,
      ports: [
        { containerPort: 8080, name: 'http', protocol: 'TCP' },
        { containerPort: 9090, name: 'metrics', protocol: 'TCP' },
      ],
      volumeMounts: mounts,
    }),
    ...(design.sidecar
      ? [
          container(rnd, {
            name: 'envoy',
            image: 'envoyproxy/envoy:v1.31.2',
            app: `${app.name}-envoy`,
            readiness: true,
            liveness: false,
            identicalProbes: false,
            requests: true,
            ports: [
              { containerPort: 9901, name: 'envoy-admin', protocol: 'TCP' },
            ],
            volumeMounts: [],
          }),
        ]
      : []),
  ];
  const spreadSelector =
    design.spread === 'zone-wrong-selector'
      ? { matchLabels: { 'app.kubernetes.io/name': `${app.name}-old` } }
      : { matchLabels: selector };
  const nodeAffinity =
    design.pin === 'first-zone'
      ? {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  {
                    key: 'topology.kubernetes.io/zone',
                    operator: 'In',
                    values: [firstZone],
                  },
                ],
              },
            ],
          },
        }
      : undefined;
  const podAffinity =
    design.spread === 'preferred-anti'
      ? {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: {
                  labelSelector: { matchLabels: selector },
                  topologyKey: 'kubernetes.io/hostname',
                },
                weight: 100,
              },
            ],
          },
        }
      : design.spread === 'required-anti'
      ? {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                labelSelector: { matchLabels: selector },
                topologyKey: 'kubernetes.io/hostname',
              },
            ],
          },
        }
      : undefined;
  const affinity =
    nodeAffinity || podAffinity
      ? { ...podAffinity, ...(nodeAffinity ? { nodeAffinity } : {}) }
      : undefined;
  const spec = podSpec(
    {
      ...(affinity ? { affinity } : {}),
      containers,
      ...(design.pin === 'linux'
        ? { nodeSelector: { 'kubernetes.io/os': 'linux' } }
        : {}),
      ...(design.priorityClass
        ? { priorityClassName: design.priorityClass, priority: 1_000_000 }
        : {}),
      ...(design.spread === 'zone' || design.spread === 'zone-wrong-selector'
        ? {
            topologySpreadConstraints: [
              {
                labelSelector: spreadSelector,
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
              },
            ],
          }
        : {}),
      volumes: [
        ...(configVolume
          ? [
              {
                configMap: { defaultMode: 420, name: `${app.name}-config` },
                name: 'config',
              },
            ]
          : []),
        ...(tmpVolume
          ? [{ emptyDir: { sizeLimit: '256Mi' }, name: 'tmp' }]
          : []),
      ],
    },
    app.name,
  );
  return {
    name: app.name,
    namespace: app.namespace,
    labels,
    selector,
    templateLabels,
    templateAnnotations: {
      'checksum/config': rnd.hex(64),
      'kubectl.kubernetes.io/default-container': app.name,
      'prometheus.io/port': '9090',
      'prometheus.io/scrape': 'true',
    },
    spec,
  };
}

function helmMeta(
  c: ClusterBuilder,
  shape: WorkloadShape,
  created: number,
  extra: K8s = {},
): K8s {
  return c.meta(shape.name, shape.namespace, created, {
    annotations: {
      'meta.helm.sh/release-name': shape.name,
      'meta.helm.sh/release-namespace': shape.namespace,
      ...(extra.annotations ?? {}),
    },
    labels: shape.labels,
    ...Object.fromEntries(
      Object.entries(extra).filter(([k]) => k !== 'annotations'),
    ),
  });
}

function template(
  shape: WorkloadShape,
  extraLabels: Record<string, string> = {},
): K8s {
  return {
    metadata: {
      annotations: shape.templateAnnotations,
      labels: { ...shape.templateLabels, ...extraLabels },
    },
    spec: shape.spec,
  };
}

/** A Deployment, its current and old ReplicaSets, and its pods. Returns the pods. */
function addDeployment(
  c: ClusterBuilder,
  shape: WorkloadShape,
  replicas: number,
  options: {
    strategy?: K8s;
    annotations?: Record<string, string>;
    sameZone?: boolean;
    sameNode?: boolean;
    tolerations?: K8s[];
    zone?: string;
  } = {},
): K8s[] {
  const rnd = c.rnd;
  const created = rnd.int(20 * DAY, 400 * DAY);
  // The current ReplicaSet and one or two old revisions.
  const revisions = rnd.int(2, 3);
  const hashes = Array.from({ length: revisions }, () => rnd.suffix(10));
  const current = hashes[revisions - 1];
  // Helm and the ReplicaSet controller own the same spec fields: one tree serves all revisions.
  const specFields = fieldsV1({
    metadata: { labels: shape.labels },
    spec: { replicas, selector: shape.selector, template: template(shape) },
  });
  const deployment = c.add('apps/v1', 'Deployment', {
    metadata: helmMeta(c, shape, created, {
      annotations: {
        'deployment.kubernetes.io/revision': String(revisions),
        ...(options.annotations ?? {}),
      },
      generation: revisions,
      managedFields: [
        managedField('helm', 'Update', c.ago(created), specFields),
        managedField(
          'kube-controller-manager',
          'Update',
          c.ago(rnd.int(60, DAY)),
          fieldsV1({
            status: {
              availableReplicas: 1,
              conditions: [],
              readyReplicas: 1,
              replicas: 1,
              updatedReplicas: 1,
            },
          }),
          'status',
        ),
      ],
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: shape.selector },
      strategy: options.strategy ?? {
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        type: 'RollingUpdate',
      },
      template: template(shape),
    },
    status: {},
  });
  const deploymentRef: OwnerRef = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: shape.name,
    uid: deployment.metadata.uid,
  };
  let currentRs: OwnerRef | undefined;
  hashes.forEach((hash, i) => {
    const isCurrent = hash === current;
    const rsName = `${shape.name}-${hash}`;
    const rsReplicas = isCurrent ? replicas : 0;
    const rsCreated = Math.round(
      created - ((created - 3600) * (i + 1)) / revisions,
    );
    const rs = c.add('apps/v1', 'ReplicaSet', {
      metadata: c.meta(rsName, shape.namespace, rsCreated, {
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + 1),
          'deployment.kubernetes.io/revision': String(i + 1),
          'meta.helm.sh/release-name': shape.name,
          'meta.helm.sh/release-namespace': shape.namespace,
        },
        labels: { ...shape.templateLabels, 'pod-template-hash': hash },
        managedFields: [
          managedField(
            'kube-controller-manager',
            'Update',
            c.ago(rsCreated),
            specFields,
          ),
        ],
        ownerReferences: [ownerReference(deploymentRef)],
      }),
      spec: {
        replicas: rsReplicas,
        selector: {
          matchLabels: { ...shape.selector, 'pod-template-hash': hash },
        },
        template: template(shape, { 'pod-template-hash': hash }),
      },
      status: isCurrent
        ? {
            availableReplicas: replicas,
            fullyLabeledReplicas: replicas,
            observedGeneration: 1,
            readyReplicas: replicas,
            replicas,
          }
        : { observedGeneration: 2, replicas: 0 },
    });
    if (isCurrent)
      currentRs = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: rsName,
        uid: rs.metadata.uid,
      };
  });
  const cache = new Map<string, K8s>();
  const podCreated = rnd.int(3600, Math.max(3601, created - 3600));
  const pods = c
    .place(replicas, options)
    .map(node =>
      addPod(
        c,
        shape,
        `${currentRs!.name}-${rnd.suffix(5)}`,
        currentRs,
        node,
        { 'pod-template-hash': current },
        podCreated,
        {},
        cache,
      ),
    );
  const ready = pods.filter(p =>
    p.status.conditions.some(
      (x: K8s) => x.type === 'Ready' && x.status === 'True',
    ),
  ).length;
  deployment.status = {
    ...(ready > 0 ? { availableReplicas: ready, readyReplicas: ready } : {}),
    conditions: [
      {
        lastTransitionTime: c.ago(created),
        lastUpdateTime: c.ago(created),
        message:
          ready >= replicas
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
        reason:
          ready >= replicas
            ? 'MinimumReplicasAvailable'
            : 'MinimumReplicasUnavailable',
        status: ready >= replicas ? 'True' : 'False',
        type: 'Available',
      },
      {
        lastTransitionTime: c.ago(created),
        lastUpdateTime: c.ago(podCreated),
        message: `ReplicaSet "${currentRs!.name}" has successfully progressed.`,
        reason: 'NewReplicaSetAvailable',
        status: 'True',
        type: 'Progressing',
      },
    ],
    observedGeneration: revisions,
    ...(replicas > 0 ? { replicas, updatedReplicas: replicas } : {}),
    ...(replicas - ready > 0 ? { unavailableReplicas: replicas - ready } : {}),
  };
  return pods;
}

/** A StatefulSet with a PVC + PV per replica, and its pods. */
function addStatefulSet(
  c: ClusterBuilder,
  shape: WorkloadShape,
  replicas: number,
): K8s[] {
  const rnd = c.rnd;
  const created = rnd.int(30 * DAY, 400 * DAY);
  const revision = `${shape.name}-${rnd.suffix(10)}`;
  const claimTemplate = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'gp3',
      volumeMode: 'Filesystem',
    },
  };
  const sts = c.add('apps/v1', 'StatefulSet', {
    metadata: helmMeta(c, shape, created, {
      generation: 3,
      managedFields: [
        managedField(
          'helm',
          'Update',
          c.ago(created),
          fieldsV1({
            metadata: { labels: shape.labels },
            spec: {
              replicas,
              selector: shape.selector,
              template: template(shape),
            },
          }),
        ),
      ],
    }),
    spec: {
      minReadySeconds: 0,
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      },
      podManagementPolicy: 'OrderedReady',
      replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: shape.selector },
      serviceName: `${shape.name}-headless`,
      template: template(shape),
      updateStrategy: {
        rollingUpdate: { partition: 0 },
        type: 'RollingUpdate',
      },
      volumeClaimTemplates: [claimTemplate],
    },
    status: {},
  });
  const owner: OwnerRef = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    name: shape.name,
    uid: sts.metadata.uid,
  };
  const cache = new Map<string, K8s>();
  const podCreated = rnd.int(3600, created - 3600);
  const pods = c.place(replicas).map((node, i) => {
    const claim = `data-${shape.name}-${i}`;
    addClaim(
      c,
      shape.namespace,
      claim,
      node?.zone ?? c.zones[i % c.zones.length],
      shape.templateLabels,
      created,
      node !== undefined,
    );
    return addPod(
      c,
      shape,
      `${shape.name}-${i}`,
      owner,
      node,
      {
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': revision,
        'statefulset.kubernetes.io/pod-name': `${shape.name}-${i}`,
      },
      podCreated,
      {
        volumes: [
          { name: 'data', persistentVolumeClaim: { claimName: claim } },
        ],
      },
      cache,
    );
  });
  const ready = pods.filter(p =>
    p.status.conditions.some(
      (x: K8s) => x.type === 'Ready' && x.status === 'True',
    ),
  ).length;
  sts.status = {
    availableReplicas: ready,
    collisionCount: 0,
    currentReplicas: replicas,
    currentRevision: revision,
    observedGeneration: 3,
    readyReplicas: ready,
    replicas,
    updateRevision: revision,
    updatedReplicas: replicas,
  };
  return pods;
}

/** A PVC bound to a PV in the zone (a pending claim when its pod could not be placed). */
function addClaim(
  c: ClusterBuilder,
  namespace: string,
  name: string,
  zone: string,
  labels: Record<string, string>,
  created: number,
  bound: boolean,
): void {
  const rnd = c.rnd;
  const pvName = `pvc-${rnd.uuid()}`;
  const claim = c.add('v1', 'PersistentVolumeClaim', {
    metadata: c.meta(name, namespace, created, {
      annotations: {
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
        'volume.kubernetes.io/selected-node': 'n/a',
        'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
      },
      finalizers: ['kubernetes.io/pvc-protection'],
      labels,
    }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '20Gi' } },
      storageClassName: 'gp3',
      volumeMode: 'Filesystem',
      ...(bound ? { volumeName: pvName } : {}),
    },
    status: bound
      ? {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '20Gi' },
          phase: 'Bound',
        }
      : { phase: 'Pending' },
  });
  if (!bound) return;
  c.add('v1', 'PersistentVolume', {
    metadata: c.meta(pvName, undefined, created, {
      annotations: {
        'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com',
        'volume.kubernetes.io/provisioner-deletion-secret-name': '',
      },
      finalizers: [
        'external-provisioner.volume.kubernetes.io/finalizer',
        'kubernetes.io/pv-protection',
      ],
    }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '20Gi' },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name,
        namespace,
        resourceVersion: claim.metadata.resourceVersion,
        uid: claim.metadata.uid,
      },
      csi: {
        driver: 'ebs.csi.aws.com',
        fsType: 'ext4',
        volumeAttributes: {
          'storage.kubernetes.io/csiProvisionerIdentity': `${rnd.int(
            1e12,
            9e12,
          )}-8081-ebs.csi.aws.com`,
        },
        volumeHandle: `vol-${rnd.hex(17)}`,
      },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                {
                  key: 'topology.kubernetes.io/zone',
                  operator: 'In',
                  values: [zone],
                },
              ],
            },
          ],
        },
      },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'gp3',
      volumeMode: 'Filesystem',
    },
    status: { lastPhaseTransitionTime: c.ago(created), phase: 'Bound' },
  });
}

/** A DaemonSet with a pod on every node its tolerations allow. */
function addDaemonSet(
  c: ClusterBuilder,
  shape: WorkloadShape,
  tolerateAll: boolean,
): void {
  const rnd = c.rnd;
  const created = rnd.int(30 * DAY, 400 * DAY);
  const ds = c.add('apps/v1', 'DaemonSet', {
    metadata: helmMeta(c, shape, created, { generation: 1 }),
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: shape.selector },
      template: template(shape),
      updateStrategy: {
        rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
        type: 'RollingUpdate',
      },
    },
    status: {},
  });
  const owner: OwnerRef = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    name: shape.name,
    uid: ds.metadata.uid,
  };
  const revision = rnd.suffix(10);
  const cache = new Map<string, K8s>();
  const eligible = c.nodes.filter(
    n => tolerateAll || (!n.controlPlane && n.ready),
  );
  let ready = 0;
  for (const node of eligible) {
    const pod = addPod(
      c,
      shape,
      `${shape.name}-${rnd.suffix(5)}`,
      owner,
      node,
      { 'controller-revision-hash': revision, 'pod-template-generation': '1' },
      rnd.int(3600, created),
      {},
      cache,
    );
    if (
      pod.status.conditions.some(
        (x: K8s) => x.type === 'Ready' && x.status === 'True',
      )
    )
      ready++;
  }
  ds.status = {
    currentNumberScheduled: eligible.length,
    desiredNumberScheduled: eligible.length,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    ...(eligible.length - ready > 0
      ? { numberUnavailable: eligible.length - ready }
      : {}),
    observedGeneration: 1,
    updatedNumberScheduled: eligible.length,
  };
}

interface SystemOptions {
  labels?: Record<string, string>;
  tolerations?: K8s[];
  priorityClassName?: string;
  args?: string[];
}

function systemShape(
  name: string,
  namespace: string,
  image: string,
  options: SystemOptions = {},
): WorkloadShape {
  const {
    labels = {},
    tolerations = DEFAULT_TOLERATIONS,
    priorityClassName = 'system-cluster-critical',
  } = options;
  const rnd = new Random(name.length * 131 + namespace.length);
  const selector = { 'app.kubernetes.io/name': name, ...labels };
  return {
    name,
    namespace,
    labels: { ...selector, 'app.kubernetes.io/managed-by': 'Helm' },
    selector,
    templateLabels: selector,
    templateAnnotations: {},
    spec: podSpec(
      {
        containers: [
          container(rnd, {
            name,
            image,
            app: name,
            readiness: true,
            liveness: true,
            identicalProbes: false,
            requests: true,
            ports: [
              { containerPort: 8080, name: 'http-metrics', protocol: 'TCP' },
            ],
            volumeMounts: [],
            args: options.args,
          }),
        ],
        priority: 2_000_000_000,
        priorityClassName,
      },
      name,
      tolerations,
    ),
  };
}

// --- networking, policy, monitoring, backups ---------------------------------------------

function addService(
  c: ClusterBuilder,
  shape: WorkloadShape,
  pods: K8s[],
  options: {
    name?: string;
    type?: string;
    selector?: Record<string, string>;
    headless?: boolean;
  } = {},
): K8s {
  const rnd = c.rnd;
  const name = options.name ?? shape.name;
  const created = rnd.int(20 * DAY, 400 * DAY);
  const ports = [
    { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
    {
      name: 'http-metrics',
      port: 9090,
      protocol: 'TCP',
      targetPort: 'metrics',
    },
  ];
  const ip = options.headless ? 'None' : c.clusterIp();
  const service = c.add('v1', 'Service', {
    metadata: c.meta(name, shape.namespace, created, {
      annotations: {
        'meta.helm.sh/release-name': shape.name,
        'meta.helm.sh/release-namespace': shape.namespace,
      },
      labels: shape.labels,
      managedFields: [
        managedField(
          'helm',
          'Update',
          c.ago(created),
          fieldsV1({
            metadata: { labels: shape.labels },
            spec: { ports, selector: shape.selector },
          }),
        ),
      ],
    }),
    spec: {
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports,
      selector: options.selector ?? shape.selector,
      sessionAffinity: 'None',
      type: options.type ?? 'ClusterIP',
    },
    status: {
      loadBalancer:
        options.type === 'LoadBalancer'
          ? {
              ingress: [
                {
                  hostname: `a${rnd.hex(31)}-${rnd.int(1e8, 9e8)}.elb.${
                    c.region
                  }.amazonaws.com`,
                },
              ],
            }
          : {},
    },
  });
  const selected = options.selector ? [] : pods.filter(p => p.status.podIP);
  c.add('discovery.k8s.io/v1', 'EndpointSlice', {
    addressType: 'IPv4',
    endpoints: selected.map(p => {
      const ready = p.status.conditions.some(
        (x: K8s) => x.type === 'Ready' && x.status === 'True',
      );
      return {
        addresses: [p.status.podIP],
        conditions: { ready, serving: ready, terminating: false },
        nodeName: p.spec.nodeName,
        targetRef: {
          kind: 'Pod',
          name: p.metadata.name,
          namespace: shape.namespace,
          uid: p.metadata.uid,
        },
        zone: c.nodeByName.get(p.spec.nodeName)?.zone,
      };
    }),
    metadata: c.meta(`${name}-${rnd.suffix(5)}`, shape.namespace, created, {
      annotations: {
        'endpoints.kubernetes.io/last-change-trigger-time': c.ago(
          rnd.int(60, DAY),
        ),
      },
      generateName: `${name}-`,
      generation: 12,
      labels: {
        ...shape.labels,
        'endpointslice.kubernetes.io/managed-by':
          'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': name,
      },
      ownerReferences: [
        {
          apiVersion: 'v1',
          blockOwnerDeletion: true,
          controller: true,
          kind: 'Service',
          name,
          uid: service.metadata.uid,
        },
      ],
    }),
    ports: ports.map(p => ({
      name: p.name,
      port: p.name === 'http' ? 8080 : 9090,
      protocol: 'TCP',
    })),
  });
  return service;
}

function addPdb(
  c: ClusterBuilder,
  shape: WorkloadShape,
  pods: K8s[],
  replicas: number,
  typo: boolean,
): void {
  const rnd = c.rnd;
  const policy = rnd.weighted<K8s>([
    [{ minAvailable: 1 }, 40],
    [{ maxUnavailable: 1 }, 35],
    [{ minAvailable: '50%' }, 15],
    [{ maxUnavailable: 0 }, 3],
    [{ minAvailable: replicas }, 7],
  ]);
  const selector = typo
    ? { matchLabels: { 'app.kubernetes.io/name': `${shape.name}-svc` } }
    : { matchLabels: shape.selector };
  const healthy = typo
    ? 0
    : pods.filter(p =>
        p.status.conditions.some(
          (x: K8s) => x.type === 'Ready' && x.status === 'True',
        ),
      ).length;
  const expected = typo ? 0 : pods.length;
  const desired =
    policy.minAvailable === '50%'
      ? Math.ceil(expected / 2)
      : policy.minAvailable ??
        Math.max(0, expected - (policy.maxUnavailable ?? 0));
  c.add('policy/v1', 'PodDisruptionBudget', {
    metadata: helmMeta(c, shape, rnd.int(20 * DAY, 300 * DAY), {
      generation: 1,
    }),
    spec: {
      ...policy,
      selector,
      ...(rnd.chance(0.4) ? { unhealthyPodEvictionPolicy: 'AlwaysAllow' } : {}),
    },
    status: {
      conditions: [
        {
          lastTransitionTime: c.ago(DAY),
          message: '',
          observedGeneration: 1,
          reason: 'SufficientPods',
          status: 'True',
          type: 'DisruptionAllowed',
        },
      ],
      currentHealthy: healthy,
      desiredHealthy: desired,
      disruptionsAllowed: Math.max(0, healthy - desired),
      expectedPods: expected,
      observedGeneration: 1,
    },
  });
}

function addHpa(
  c: ClusterBuilder,
  shape: WorkloadShape,
  replicas: number,
): void {
  const rnd = c.rnd;
  const min = rnd.chance(0.1) ? 1 : replicas;
  c.add('autoscaling/v2', 'HorizontalPodAutoscaler', {
    metadata: helmMeta(c, shape, rnd.int(20 * DAY, 300 * DAY)),
    spec: {
      maxReplicas: replicas * 4,
      metrics: [
        {
          resource: {
            name: 'cpu',
            target: { averageUtilization: 70, type: 'Utilization' },
          },
          type: 'Resource',
        },
      ],
      minReplicas: min,
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: shape.name,
      },
    },
    status: {
      conditions: [
        {
          lastTransitionTime: c.ago(DAY),
          message: 'recommended size matches current size',
          reason: 'ReadyForNewScale',
          status: 'True',
          type: 'AbleToScale',
        },
        {
          lastTransitionTime: c.ago(DAY),
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          reason: 'ValidMetricFound',
          status: 'True',
          type: 'ScalingActive',
        },
      ],
      currentMetrics: [
        {
          resource: {
            current: {
              averageUtilization: rnd.int(10, 90),
              averageValue: '120m',
            },
            name: 'cpu',
          },
          type: 'Resource',
        },
      ],
      currentReplicas: replicas,
      desiredReplicas: replicas,
    },
  });
}

/** A ServiceMonitor in the app's namespace, or (central) in the monitoring namespace watching the app's. */
function addServiceMonitor(
  c: ClusterBuilder,
  shape: WorkloadShape,
  central = false,
): void {
  const meta = helmMeta(
    c,
    { ...shape, labels: { ...shape.labels, release: 'kube-prometheus-stack' } },
    c.rnd.int(20 * DAY, 300 * DAY),
    { generation: 1 },
  );
  c.add('monitoring.coreos.com/v1', 'ServiceMonitor', {
    metadata: central
      ? {
          ...meta,
          name: `${shape.namespace}-${shape.name}`,
          namespace: 'monitoring',
        }
      : meta,
    spec: {
      endpoints: [
        {
          interval: '30s',
          path: '/metrics',
          port: 'http-metrics',
          scrapeTimeout: '10s',
        },
      ],
      namespaceSelector: { matchNames: [shape.namespace] },
      selector: { matchLabels: shape.selector },
    },
  });
}

function addPodMonitor(c: ClusterBuilder, shape: WorkloadShape): void {
  c.add('monitoring.coreos.com/v1', 'PodMonitor', {
    metadata: helmMeta(
      c,
      {
        ...shape,
        labels: { ...shape.labels, release: 'kube-prometheus-stack' },
      },
      c.rnd.int(20 * DAY, 300 * DAY),
      { generation: 1 },
    ),
    spec: {
      podMetricsEndpoints: [
        { interval: '30s', path: '/metrics', port: 'metrics' },
      ],
      selector: { matchLabels: shape.selector },
    },
  });
}

function addIngress(c: ClusterBuilder, shape: WorkloadShape): void {
  c.add('networking.k8s.io/v1', 'Ingress', {
    metadata: helmMeta(c, shape, c.rnd.int(20 * DAY, 300 * DAY), {
      annotations: {
        'cert-manager.io/cluster-issuer': 'letsencrypt',
        'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
      },
      generation: 1,
    }),
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: `${shape.name}.${shape.namespace}.example.com`,
          http: {
            paths: [
              {
                backend: {
                  service: { name: shape.name, port: { name: 'http' } },
                },
                path: '/',
                pathType: 'Prefix',
              },
            ],
          },
        },
      ],
      tls: [
        {
          hosts: [`${shape.name}.${shape.namespace}.example.com`],
          secretName: `${shape.name}-tls`,
        },
      ],
    },
    status: {
      loadBalancer: {
        ingress: [{ hostname: `ingress.${c.name}.example.com` }],
      },
    },
  });
}

/** A team's alert rules: per-app replica and error-rate alerts naming deployments, services and jobs. */
function addTeamRules(
  c: ClusterBuilder,
  namespace: string,
  apps: string[],
): void {
  const rules = apps.flatMap(app => [
    {
      alert: `${app}Unavailable`,
      annotations: {
        summary: `${app} has no available replicas`,
        runbook_url: `https://runbooks.example.com/${namespace}/${app}`,
      },
      expr: `kube_deployment_status_replicas_available{namespace="${namespace}", deployment="${app}"} < 1`,
      for: '5m',
      labels: { severity: 'critical', team: namespace },
    },
    {
      alert: `${app}HighErrorRate`,
      annotations: { summary: `${app} returns more than 5% errors` },
      expr: `sum(rate(http_requests_total{job="${app}", code=~"5.."}[5m])) / sum(rate(http_requests_total{job="${app}"}[5m])) > 0.05`,
      for: '10m',
      labels: { severity: 'warning', team: namespace },
    },
  ]);
  rules.push({
    alert: 'TeamPodsCrashLooping',
    annotations: {
      summary: `pods of ${namespace} restart`,
      runbook_url: `https://runbooks.example.com/${namespace}/crashloop`,
    },
    expr: `increase(kube_pod_container_status_restarts_total{namespace="${namespace}", pod=~"(${apps
      .slice(0, 4)
      .join('|')})-.*"}[15m]) > 3`,
    for: '15m',
    labels: { severity: 'warning', team: namespace },
  });
  c.add('monitoring.coreos.com/v1', 'PrometheusRule', {
    metadata: c.meta(
      `${namespace}-alerts`,
      namespace,
      c.rnd.int(20 * DAY, 300 * DAY),
      {
        generation: 4,
        labels: { release: 'kube-prometheus-stack', team: namespace },
      },
    ),
    spec: { groups: [{ name: `${namespace}.rules`, rules }] },
  });
}

/** kube-prometheus-stack's default rules: cluster-wide alerts with generic matchers. */
function addDefaultRules(c: ClusterBuilder): void {
  const groups = [
    'alertmanager',
    'etcd',
    'general',
    'k8s',
    'kube-apiserver',
    'kube-state-metrics',
    'kubelet',
    'kubernetes-apps',
    'kubernetes-resources',
    'kubernetes-storage',
    'kubernetes-system',
    'node-exporter',
    'node',
    'prometheus-operator',
    'prometheus',
  ];
  for (const group of groups) {
    const rules = Array.from({ length: 10 }, (_, i) => ({
      alert: `${group.replace(/(^|-)(\w)/g, (_m, _d, ch: string) =>
        ch.toUpperCase(),
      )}Alert${i + 1}`,
      annotations: {
        description: `Alert ${
          i + 1
        } of ${group} fired for {{ $labels.namespace }}/{{ $labels.pod }}.`,
        runbook_url: `https://runbooks.prometheus-operator.dev/runbooks/${group}/alert${
          i + 1
        }`,
        summary: `${group} alert ${i + 1}`,
      },
      expr:
        i % 3 === 0
          ? `max_over_time(kube_pod_status_phase{job="kube-state-metrics", namespace=~".*", phase=~"Pending|Unknown"}[15m]) > 0`
          : i % 3 === 1
          ? `sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{job="kubelet", metrics_path="/metrics/cadvisor", image!=""}[5m])) > 0.9`
          : `(kube_deployment_spec_replicas{job="kube-state-metrics", namespace=~"kube-system|monitoring"} > kube_deployment_status_replicas_available{job="kube-state-metrics"})`,
      for: '15m',
      labels: { severity: i % 4 === 0 ? 'critical' : 'warning' },
    }));
    c.add('monitoring.coreos.com/v1', 'PrometheusRule', {
      metadata: c.meta(
        `kube-prometheus-stack-${group}`,
        'monitoring',
        200 * DAY,
        {
          labels: {
            app: 'kube-prometheus-stack',
            release: 'kube-prometheus-stack',
          },
        },
      ),
      spec: { groups: [{ name: group, rules }] },
    });
  }
}

function addVelero(c: ClusterBuilder, perNamespace: string[]): void {
  c.add('velero.io/v1', 'BackupStorageLocation', {
    metadata: c.meta('default', 'velero', 300 * DAY, {
      labels: { component: 'velero' },
    }),
    spec: {
      config: { region: c.region },
      default: true,
      objectStorage: { bucket: `velero-${c.name}`, prefix: 'backups' },
      provider: 'aws',
    },
    status: {
      lastSyncedTime: c.ago(30),
      lastValidationTime: c.ago(30),
      phase: 'Available',
    },
  });
  const schedules: Array<{
    name: string;
    cron: string;
    everyHours: number;
    keep: number;
    template: K8s;
  }> = [
    {
      name: 'daily-all',
      cron: '0 2 * * *',
      everyHours: 24,
      keep: 14,
      template: {
        excludedNamespaces: ['kube-system', 'monitoring', 'logging'],
        includedNamespaces: ['*'],
        snapshotVolumes: true,
        storageLocation: 'default',
        ttl: '720h0m0s',
      },
    },
    {
      name: 'hourly-critical',
      cron: '0 * * * *',
      everyHours: 1,
      keep: 24,
      template: {
        labelSelector: {
          matchLabels: { 'backup.example.com/tier': 'critical' },
        },
        snapshotVolumes: true,
        storageLocation: 'default',
        ttl: '72h0m0s',
      },
    },
    ...perNamespace.map(ns => ({
      name: `${ns}-6h`,
      cron: '0 */6 * * *',
      everyHours: 6,
      keep: 8,
      template: {
        defaultVolumesToFsBackup: true,
        includedNamespaces: [ns],
        storageLocation: 'default',
        ttl: '168h0m0s',
      },
    })),
  ];
  // The capture is at 12:00 UTC: the last run of each schedule is a whole number of hours ago.
  const lastRun = (everyHours: number) =>
    (everyHours === 24 ? 10 : everyHours === 6 ? 0 : 0) * 3600 + 600;
  for (const s of schedules) {
    c.add('velero.io/v1', 'Schedule', {
      metadata: c.meta(s.name, 'velero', 200 * DAY, {
        generation: 1,
        labels: { 'app.kubernetes.io/managed-by': 'Helm' },
      }),
      spec: {
        schedule: s.cron,
        template: s.template,
        useOwnerReferencesInBackup: false,
      },
      status: { lastBackup: c.ago(lastRun(s.everyHours)), phase: 'Enabled' },
    });
    for (let i = 0; i < s.keep; i++) {
      const started = lastRun(s.everyHours) + i * s.everyHours * 3600;
      const phase = c.rnd.chance(0.05) ? 'PartiallyFailed' : 'Completed';
      const stamp = c.ago(started).replace(/[-:TZ]/g, '');
      c.add('velero.io/v1', 'Backup', {
        metadata: c.meta(`${s.name}-${stamp}`, 'velero', started, {
          annotations: {
            'velero.io/resource-timeout': '10m0s',
            'velero.io/source-cluster-k8s-gitversion': 'v1.30.4',
          },
          generation: 8,
          labels: {
            'velero.io/schedule-name': s.name,
            'velero.io/storage-location': 'default',
          },
        }),
        spec: {
          ...s.template,
          csiSnapshotTimeout: '10m0s',
          itemOperationTimeout: '4h0m0s',
          metadata: {},
        },
        status: {
          completionTimestamp: c.ago(started - 420),
          expiration: c.ago(started - 30 * DAY),
          formatVersion: '1.1.0',
          phase,
          progress: {
            itemsBackedUp: c.rnd.int(200, 4000),
            totalItems: c.rnd.int(200, 4000),
          },
          startTimestamp: c.ago(started),
          version: 1,
          ...(phase === 'PartiallyFailed' ? { errors: 2, warnings: 5 } : {}),
        },
      });
    }
  }
}

function addCrds(c: ClusterBuilder): void {
  const crds: Array<[string, string, string]> = [
    ['velero.io', 'schedules', 'Schedule'],
    ['velero.io', 'backups', 'Backup'],
    ['velero.io', 'backupstoragelocations', 'BackupStorageLocation'],
    ['monitoring.coreos.com', 'servicemonitors', 'ServiceMonitor'],
    ['monitoring.coreos.com', 'podmonitors', 'PodMonitor'],
    ['monitoring.coreos.com', 'prometheusrules', 'PrometheusRule'],
    ['monitoring.coreos.com', 'prometheuses', 'Prometheus'],
    ['monitoring.coreos.com', 'alertmanagers', 'Alertmanager'],
    ['snapshot.storage.k8s.io', 'volumesnapshotclasses', 'VolumeSnapshotClass'],
    ['snapshot.storage.k8s.io', 'volumesnapshots', 'VolumeSnapshot'],
  ];
  for (const [group, plural, kind] of crds) {
    // Real CRDs carry large OpenAPI schemas; they are left out so they do not inflate the parse baseline.
    c.add('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
      metadata: c.meta(`${plural}.${group}`, undefined, 300 * DAY),
      spec: {
        group,
        names: { kind, listKind: `${kind}List`, plural, singular: lower(kind) },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true }],
      },
    });
  }
}

/** A small string hash (FNV-1a), for choices that must not draw from the fleet's random sequence. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A ServiceExport (Multi-Cluster Services) of 40% of the Services, chosen per cluster so that an
 * app running in two clusters is exported from both, one or neither (dr-traffic-failover). It
 * draws nothing from the random sequence, so the rest of the fleet is as before.
 */
function addServiceExport(c: ClusterBuilder, shape: WorkloadShape): void {
  const key = `${c.name}/${shape.namespace}/${shape.name}`;
  if (fnv1a(key) % 5 >= 2) return;
  if (!c.serviceExportsInstalled) {
    c.serviceExportsInstalled = true;
    c.add(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      {
        metadata: {
          creationTimestamp: c.ago(300 * DAY),
          name: 'serviceexports.multicluster.x-k8s.io',
          uid: `crd-${c.name}-serviceexports`,
        },
        spec: {
          group: 'multicluster.x-k8s.io',
          names: {
            kind: 'ServiceExport',
            listKind: 'ServiceExportList',
            plural: 'serviceexports',
            singular: 'serviceexport',
          },
          scope: 'Namespaced',
          versions: [{ name: 'v1alpha1', served: true, storage: true }],
        },
      },
      true,
    );
  }
  const exported = c.ago(20 * DAY);
  c.add(
    'multicluster.x-k8s.io/v1alpha1',
    'ServiceExport',
    {
      metadata: {
        creationTimestamp: exported,
        name: shape.name,
        namespace: shape.namespace,
        uid: `svcex-${fnv1a(key).toString(16)}`,
      },
      status: {
        conditions: [
          {
            lastTransitionTime: exported,
            reason: 'Valid',
            status: 'True',
            type: 'Valid',
          },
          {
            lastTransitionTime: exported,
            reason: 'NoConflicts',
            status: 'False',
            type: 'Conflict',
          },
        ],
      },
    },
    true,
  );
}

// --- a cluster ------------------------------------------------------------------------------

/** Platform components: control plane, CNI, DNS, ingress, logging, monitoring, storage, backups. */
function addPlatform(c: ClusterBuilder): void {
  for (const ns of [
    'kube-system',
    'kube-public',
    'kube-node-lease',
    'default',
    'monitoring',
    'logging',
    'ingress-nginx',
    'velero',
    'cert-manager',
  ])
    c.addNamespace(
      ns,
      ns === 'kube-system' ? {} : { 'platform.example.com/owner': 'platform' },
    );
  addCrds(c);
  for (const [name, value] of [
    ['system-cluster-critical', 2_000_000_000],
    ['system-node-critical', 2_000_001_000],
    ['business-critical', 1_000_000],
  ] as const) {
    c.add('scheduling.k8s.io/v1', 'PriorityClass', {
      metadata: c.meta(name, undefined, 300 * DAY),
      preemptionPolicy: 'PreemptLowerPriority',
      value,
      description: `${name} workloads`,
    });
  }
  c.add('storage.k8s.io/v1', 'StorageClass', {
    metadata: c.meta('gp3', undefined, 300 * DAY, {
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    }),
    allowVolumeExpansion: true,
    parameters: { encrypted: 'true', type: 'gp3' },
    provisioner: 'ebs.csi.aws.com',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  c.add('storage.k8s.io/v1', 'StorageClass', {
    metadata: c.meta('gp2', undefined, 300 * DAY),
    parameters: { type: 'gp2' },
    provisioner: 'kubernetes.io/aws-ebs',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
  c.add('snapshot.storage.k8s.io/v1', 'VolumeSnapshotClass', {
    metadata: c.meta('ebs-vsc', undefined, 300 * DAY),
    deletionPolicy: 'Delete',
    driver: 'ebs.csi.aws.com',
  });
  c.add('networking.k8s.io/v1', 'IngressClass', {
    metadata: c.meta('nginx', undefined, 300 * DAY, {
      annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
    }),
    spec: { controller: 'k8s.io/ingress-nginx' },
  });

  const renew = (ago: number) =>
    `${c.ago(ago).slice(0, 19)}.${String(c.rnd.int(0, 999_999)).padStart(
      6,
      '0',
    )}Z`;
  const lease = (
    name: string,
    holder: string,
    labels: Record<string, string> = {},
    duration = 15,
  ) =>
    c.add('coordination.k8s.io/v1', 'Lease', {
      metadata: c.meta(name, 'kube-system', 60 * DAY, { labels }),
      spec: {
        acquireTime: renew(5 * DAY),
        holderIdentity: holder,
        leaseDurationSeconds: duration,
        leaseTransitions: c.rnd.int(1, 9),
        renewTime: renew(c.rnd.int(1, 4)),
      },
    });
  lease('kube-scheduler', `${c.name}-cp-1_${c.rnd.uuid()}`);
  lease('kube-controller-manager', `${c.name}-cp-2_${c.rnd.uuid()}`);
  for (let i = 0; i < (c.flavor === 'kubeadm' ? 3 : 2); i++) {
    lease(
      `apiserver-${c.rnd.suffix(26)}`,
      `apiserver-${c.rnd.uuid()}`,
      {
        'apiserver.kubernetes.io/identity': 'kube-apiserver',
        'kubernetes.io/hostname':
          c.flavor === 'kubeadm' ? `${c.name}-cp-${i + 1}` : `ip-10-0-${i}-1`,
      },
      3600,
    );
  }

  if (c.flavor === 'kubeadm') {
    c.add('v1', 'ConfigMap', {
      metadata: c.meta('kubeadm-config', 'kube-system', 300 * DAY),
      data: {
        ClusterConfiguration: `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.30.4\ncontrolPlaneEndpoint: api.${c.name}.example.com:6443\netcd:\n  local:\n    dataDir: /var/lib/etcd\n`,
      },
    });
    for (const node of c.nodes.filter(n => n.controlPlane)) {
      for (const component of [
        'etcd',
        'kube-apiserver',
        'kube-controller-manager',
        'kube-scheduler',
      ]) {
        const shape = systemShape(
          component,
          'kube-system',
          `registry.k8s.io/${component}:v1.30.4`,
          {
            labels: { component, tier: 'control-plane' },
            tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
            priorityClassName: 'system-node-critical',
          },
        );
        addPod(
          c,
          { ...shape, spec: { ...shape.spec, hostNetwork: true } },
          `${component}-${node.name}`,
          {
            apiVersion: 'v1',
            kind: 'Node',
            name: node.name,
            uid: c.rnd.uuid(),
          },
          node,
          {},
          60 * DAY,
          { mirror: true },
        );
      }
    }
  }

  const cni = c.flavor === 'eks' ? 'aws-node' : 'calico-node';
  addDaemonSet(
    c,
    systemShape(
      cni,
      'kube-system',
      c.flavor === 'eks'
        ? '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.5'
        : 'quay.io/calico/node:v3.28.2',
      {
        labels: { 'k8s-app': cni },
        tolerations: [TOLERATE_ALL],
        priorityClassName: 'system-node-critical',
      },
    ),
    true,
  );
  addDaemonSet(
    c,
    systemShape(
      'kube-proxy',
      'kube-system',
      'registry.k8s.io/kube-proxy:v1.30.4',
      {
        labels: { 'k8s-app': 'kube-proxy' },
        tolerations: [TOLERATE_ALL],
        priorityClassName: 'system-node-critical',
      },
    ),
    true,
  );
  addDaemonSet(
    c,
    systemShape(
      'ebs-csi-node',
      'kube-system',
      'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.35.0',
      {
        tolerations: [TOLERATE_ALL],
        priorityClassName: 'system-node-critical',
      },
    ),
    true,
  );
  addDaemonSet(
    c,
    systemShape(
      'fluent-bit',
      'logging',
      'cr.fluentbit.io/fluent/fluent-bit:3.1.9',
      { tolerations: [TOLERATE_ALL] },
    ),
    true,
  );
  addDaemonSet(
    c,
    systemShape(
      'node-exporter',
      'monitoring',
      'quay.io/prometheus/node-exporter:v1.8.2',
      { tolerations: [TOLERATE_ALL] },
    ),
    true,
  );

  const coredns = systemShape(
    'coredns',
    'kube-system',
    'registry.k8s.io/coredns/coredns:v1.11.3',
    { labels: { 'k8s-app': 'kube-dns' } },
  );
  addService(c, coredns, addDeployment(c, coredns, 2), { name: 'kube-dns' });
  addDeployment(
    c,
    systemShape(
      'metrics-server',
      'kube-system',
      'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
    ),
    1,
  );
  addDeployment(
    c,
    systemShape(
      'ebs-csi-controller',
      'kube-system',
      'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.35.0',
    ),
    2,
  );
  const ingress = systemShape(
    'ingress-nginx-controller',
    'ingress-nginx',
    'registry.k8s.io/ingress-nginx/controller:v1.11.3',
    {
      labels: { 'app.kubernetes.io/component': 'controller' },
      args: [
        '/nginx-ingress-controller',
        '--controller-class=k8s.io/ingress-nginx',
        '--ingress-class=nginx',
        '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller',
      ],
    },
  );
  const ingressPods = addDeployment(c, ingress, 3);
  addService(c, ingress, ingressPods, { type: 'LoadBalancer' });
  addPdb(c, ingress, ingressPods, 3, false);
  for (const name of [
    'cert-manager',
    'cert-manager-cainjector',
    'cert-manager-webhook',
  ])
    addDeployment(
      c,
      systemShape(name, 'cert-manager', `quay.io/jetstack/${name}:v1.16.1`),
      1,
    );
  addDeployment(c, systemShape('velero', 'velero', 'velero/velero:v1.14.1'), 1);

  for (const name of ['prometheus-operator', 'kube-state-metrics', 'grafana']) {
    const shape = systemShape(
      name,
      'monitoring',
      `quay.io/prometheus-operator/${name}:v0.77.1`,
    );
    addServiceMonitor(c, shape);
    addService(c, shape, addDeployment(c, shape, 1));
  }
  // One monitor for every exporter of every team (namespaceSelector any).
  c.add('monitoring.coreos.com/v1', 'ServiceMonitor', {
    metadata: c.meta('team-exporters', 'monitoring', 200 * DAY, {
      labels: { release: 'kube-prometheus-stack' },
    }),
    spec: {
      endpoints: [{ interval: '60s', port: 'http-metrics' }],
      namespaceSelector: { any: true },
      selector: {
        matchLabels: { 'app.kubernetes.io/component': 'metrics-exporter' },
      },
    },
  });
  const promSelector = { matchLabels: { release: 'kube-prometheus-stack' } };
  c.add('monitoring.coreos.com/v1', 'Prometheus', {
    metadata: c.meta('k8s', 'monitoring', 200 * DAY, {
      generation: 3,
      labels: { 'app.kubernetes.io/name': 'prometheus' },
    }),
    spec: {
      replicas: 2,
      retention: '15d',
      ruleNamespaceSelector: {},
      ruleSelector: promSelector,
      serviceMonitorNamespaceSelector: {},
      serviceMonitorSelector: promSelector,
      podMonitorNamespaceSelector: {},
      podMonitorSelector: promSelector,
      alerting: {
        alertmanagers: [
          { name: 'alertmanager-main', namespace: 'monitoring', port: 'web' },
        ],
      },
    },
    status: {
      availableReplicas: 2,
      paused: false,
      replicas: 2,
      unavailableReplicas: 0,
      updatedReplicas: 2,
    },
  });
  c.add('monitoring.coreos.com/v1', 'Alertmanager', {
    metadata: c.meta('main', 'monitoring', 200 * DAY, { generation: 2 }),
    spec: { replicas: 3 },
    status: {
      availableReplicas: 3,
      paused: false,
      replicas: 3,
      unavailableReplicas: 0,
      updatedReplicas: 3,
    },
  });
  addStatefulSet(
    c,
    systemShape(
      'prometheus-k8s',
      'monitoring',
      'quay.io/prometheus/prometheus:v2.54.1',
      { labels: { prometheus: 'k8s' } },
    ),
    2,
  );
  addStatefulSet(
    c,
    systemShape(
      'alertmanager-main',
      'monitoring',
      'quay.io/prometheus/alertmanager:v0.27.0',
      { labels: { alertmanager: 'main' } },
    ),
    3,
  );
  addDefaultRules(c);
}

/** One app in a cluster: its workload and the objects around it. Returns its pods. */
function addApp(c: ClusterBuilder, app: App): number {
  const rnd = c.rnd;
  c.addNamespace(app.namespace, {
    team: app.namespace,
    'platform.example.com/environment': 'production',
  });
  const design = designOf(app);
  const version = `${1 + (app.index % 3)}.${app.index % 17}.${app.index % 5}`;
  const shape = appShape(app, design, version, c.zones[0]);
  let pods: K8s[] = [];
  if (app.kind === 'Deployment') {
    const strategy = app.rnd.weighted<K8s | undefined>([
      [undefined, 85],
      [
        {
          rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
          type: 'RollingUpdate',
        },
        8,
      ],
      [{ type: 'Recreate' }, 5],
      [
        {
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '100%' },
          type: 'RollingUpdate',
        },
        2,
      ],
    ]);
    pods = addDeployment(c, shape, app.replicas, {
      zone: design.pin === 'first-zone' ? c.zones[0] : undefined,
      strategy,
      annotations: rnd.chance(0.015)
        ? {
            'ha-posture.io/exempt-replicas-min-floor':
              'batch consumer, tolerates downtime; until=2025-09-30',
          }
        : {},
      sameZone: rnd.chance(0.08),
      sameNode: rnd.chance(0.03),
    });
    if (app.replicas >= 2 && rnd.chance(0.3)) addHpa(c, shape, app.replicas);
  } else if (app.kind === 'StatefulSet') {
    pods = addStatefulSet(c, shape, app.replicas);
    addService(c, shape, pods, {
      name: `${app.name}-headless`,
      headless: true,
    });
  } else if (app.kind === 'CronJob') {
    // The pods of the last runs of a CronJob (owned by Jobs, which the engine does not model).
    for (let i = 0; i < app.replicas; i++) {
      const job = `${app.name}-${29000000 + app.index * 7 + i}`;
      pods.push(
        addPod(
          c,
          shape,
          `${job}-${rnd.suffix(5)}`,
          { apiVersion: 'batch/v1', kind: 'Job', name: job, uid: rnd.uuid() },
          c.place(1)[0],
          { 'batch.kubernetes.io/job-name': job },
          (i + 1) * 3600,
          { succeeded: true },
        ),
      );
    }
    return pods.length;
  } else {
    pods = [
      addPod(
        c,
        shape,
        `${app.name}-debug`,
        undefined,
        c.place(1)[0],
        {},
        rnd.int(3600, 30 * DAY),
      ),
    ];
    return 1;
  }
  const replicas = app.replicas;
  if (replicas > 0 && ((replicas >= 2 && rnd.chance(0.65)) || rnd.chance(0.1)))
    addPdb(c, shape, pods, replicas, rnd.chance(0.02));
  if (app.kind === 'StatefulSet' || rnd.chance(0.8)) {
    const typo = rnd.chance(0.02);
    addService(
      c,
      shape,
      pods,
      typo ? { selector: { 'app.kubernetes.io/name': `${app.name}-v1` } } : {},
    );
    if (rnd.chance(0.55)) addServiceMonitor(c, shape, rnd.chance(0.2));
    if (rnd.chance(0.15)) addIngress(c, shape);
    addServiceExport(c, shape);
  }
  if (rnd.chance(0.05)) addPodMonitor(c, shape);
  return pods.length;
}

function cpuMilli(value: unknown): number {
  const text = String(value ?? '0');
  return text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

/**
 * A ResourceQuota per team namespace (replicas-quota-headroom), its usage what the namespace's
 * pods request; a quarter of them (by a hash of cluster and namespace) are nearly used up. It
 * draws nothing from the random sequence, so the rest of the fleet is as before.
 */
function addResourceQuotas(c: ClusterBuilder, namespaces: string[]): void {
  const used = new Map<string, { pods: number; cpu: number }>();
  const teams = new Set(namespaces);
  for (const pod of c.itemsOf('Pod')) {
    const namespace = pod.metadata.namespace;
    if (!teams.has(namespace)) continue;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')
      continue;
    const usage = used.get(namespace) ?? { pods: 0, cpu: 0 };
    usage.pods++;
    for (const container of pod.spec?.containers ?? [])
      usage.cpu += cpuMilli(container.resources?.requests?.cpu);
    used.set(namespace, usage);
  }
  for (const namespace of namespaces) {
    const usage = used.get(namespace) ?? { pods: 0, cpu: 0 };
    const tight = fnv1a(`${c.name}/${namespace}`) % 4 === 0;
    const hard = {
      pods: String(usage.pods + 50),
      'requests.cpu': `${tight ? usage.cpu + 100 : usage.cpu * 2 + 4000}m`,
    };
    c.add(
      'v1',
      'ResourceQuota',
      {
        metadata: {
          creationTimestamp: c.ago(200 * DAY),
          name: 'team-compute',
          namespace,
          uid: `quota-${c.name}-${namespace}`,
        },
        spec: { hard },
        status: {
          hard,
          used: { pods: String(usage.pods), 'requests.cpu': `${usage.cpu}m` },
        },
      },
      true,
    );
  }
}

function generateCluster(
  index: number,
  pods: number,
  startApp: number,
  seed: number,
): { cluster: GeneratedCluster; apps: App[] } {
  const def = CLUSTERS[index % CLUSTERS.length];
  const name =
    index < CLUSTERS.length
      ? def.name
      : `${def.name}-${Math.floor(index / CLUSTERS.length) + 1}`;
  const c = new ClusterBuilder(name, def.region, def.flavor, seed * 31 + index);
  c.addNodes(Math.max(3, Math.round(pods / PODS_PER_NODE)));
  addPlatform(c);
  const apps: App[] = [];
  const teamApps = new Map<string, string[]>();
  for (let i = startApp; c.pods < pods; i++) {
    const app = appOf(i, seed);
    addApp(c, app);
    apps.push(app);
    const bucket = teamApps.get(app.namespace);
    if (bucket) bucket.push(app.name);
    else teamApps.set(app.namespace, [app.name]);
  }
  // 70 % of teams keep alert rules; 30 % back up their namespace on their own schedule too.
  const teams = [...teamApps.keys()];
  for (const [namespace, names] of teamApps)
    if (c.rnd.chance(0.7)) addTeamRules(c, namespace, names);
  addVelero(
    c,
    teams.filter(() => c.rnd.chance(0.3)),
  );
  addResourceQuotas(c, teams);
  return { cluster: c.result(), apps };
}

/** Generates the fleet: pods split evenly over the clusters; neighbouring clusters share half their apps. */
export function generateFleet(options: FleetOptions): Fleet {
  const seed = options.seed ?? 1;
  const perCluster = Math.round(options.pods / options.clusters);
  // Apps of one cluster, roughly: its pods minus the platform's, over the mean pods per app.
  const appsPerCluster = Math.max(
    1,
    Math.round((perCluster * 0.85) / MEAN_APP_PODS),
  );
  const clusters: GeneratedCluster[] = [];
  const used = new Map<number, App>();
  for (let i = 0; i < options.clusters; i++) {
    const { cluster, apps } = generateCluster(
      i,
      perCluster,
      i * Math.round(appsPerCluster / 2),
      seed,
    );
    clusters.push(cluster);
    for (const app of apps) used.set(app.index, app);
  }
  const apps = [...used.values()]
    .filter(a => a.kind !== 'CronJob')
    .sort((a, b) => a.index - b.index);
  const count = Math.min(options.entities, apps.length);
  const entities: EntitySelector[] = Array.from({ length: count }, (_, k) => {
    const app = apps[Math.floor((k * apps.length) / count)];
    return {
      entityRef: `component:default/${app.kubernetesId}`,
      owner: `group:default/${app.namespace}`,
      system: app.namespace,
      ...(k % 10 === 3
        ? {
            labelSelector: `app.kubernetes.io/name=${app.name},app.kubernetes.io/part-of=${app.namespace}`,
          }
        : { kubernetesId: app.kubernetesId }),
      ...(k % 7 === 2 ? { namespace: app.namespace } : {}),
      ...(k % 23 === 5 ? { cluster: clusters[0].name } : {}),
      annotations: {
        'backstage.io/kubernetes-id': app.kubernetesId,
        ...(k % 13 === 4
          ? {
              'ha-posture.io/exempt-backup-recency':
                'restores are tested monthly from the warehouse; until=2025-12-31',
            }
          : {}),
      },
    };
  });
  return { capturedAt: rfc3339(CAPTURED_AT), clusters, entities };
}
