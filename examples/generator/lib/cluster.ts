/**
 * The in-memory model of one cluster dump while it is being built: the objects
 * in insertion order, a node index (zone, IPs, readiness) used to place pods,
 * and deterministic helpers for uids, timestamps and IP addresses.
 */
import { hex, intIn, uuid } from './ids';
import { Duration, iso, isoMicro, seconds } from './time';

// Kubernetes objects are plain JSON; typing every kind would add nothing here.
export type K8s = Record<string, any>;

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export interface ClusterInfo {
  name: string;
  title: string;
  port: number;
  capturedAt: string;
  version: VersionInfo;
  /** Informational: the cloud region the cluster runs in (absent for the k3s laptop). */
  region?: string;
  /** GKE only: the cluster location (a region means a regional control plane). */
  location?: string;
  /** Service CIDR as a /16 prefix (e.g. '10.96'); cluster IPs are allocated inside it. */
  serviceNet: string;
  /** Allowed third octets of cluster IPs (default 0-255; GKE's /20 is 224-239). */
  serviceThird?: [number, number];
  /** The ClusterIP of kube-dns. */
  dnsIP: string;
}

export interface NodeInfo {
  name: string;
  zone?: string;
  region?: string;
  ip: string;
  /** Pod CIDR prefix, e.g. '192.168.14' for a /24 (or 26) block. */
  podNet: string;
  /** False when the kubelet stopped reporting (Ready=Unknown). */
  ready: boolean;
  /** When the node stopped being Ready (seconds before capture). */
  notReadySince?: number;
  virtual?: boolean;
  controlPlane?: boolean;
  nextPodHost: number;
}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'GatewayClass',
  'CustomResourceDefinition',
  'VolumeSnapshotClass',
  'ClusterPodMonitoring',
  'ClusterRules',
  'GlobalRules',
  'IngressClassParams',
  'VolumeSnapshotContent',
  'CSIDriver',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

const STRETCH = 1.00731;
const stretch = (s: number): number =>
  s <= 3600 ? s : Math.floor(3600 + (s - 3600) * STRETCH);
const unstretch = (s: number): number =>
  s <= 3600 ? s : Math.floor(3600 + (s - 3600) / STRETCH);

export class Cluster {
  readonly objects: K8s[] = [];
  readonly nodes = new Map<string, NodeInfo>();
  readonly now: number;
  private readonly keys = new Map<string, K8s>();
  private rv: number;
  private readonly usedServiceIPs = new Set<string>();
  private readonly usedNodePorts = new Set<number>();

  constructor(readonly info: ClusterInfo) {
    this.now = Date.parse(info.capturedAt);
    if (Number.isNaN(this.now))
      throw new Error(`bad capturedAt ${info.capturedAt}`);
    this.rv = intIn(`${info.name}/rv`, 1_000_000, 9_000_000);
  }

  get name(): string {
    return this.info.name;
  }

  /** Stable uid for an object of this cluster. */
  uid(kind: string, namespace: string | undefined, name: string): string {
    return uuid(`${this.info.name}/${kind}/${namespace ?? ''}/${name}`);
  }

  /**
   * Seconds before capture → epoch milliseconds. Ages beyond one hour are
   * stretched by 0.731% (continuous and monotone, so every before/after
   * relation is kept) so that objects created "420 days ago" do not all land
   * on the capture's time of day.
   */
  ms(ago: Duration): number {
    return this.now - stretch(seconds(ago)) * 1000;
  }

  /** RFC3339 timestamp `ago` before capture. */
  ago(ago: Duration): string {
    return iso(this.ms(ago));
  }

  /** RFC3339 timestamp exactly `ago` before capture (cron-aligned times such as backups). */
  agoExact(ago: Duration): string {
    return iso(this.now - seconds(ago) * 1000);
  }

  /** Age in (unstretched) seconds of a timestamp written by `ago()`. */
  ageOf(timestamp: string): number {
    return unstretch(Math.floor((this.now - Date.parse(timestamp)) / 1000));
  }

  /** MicroTime `ago` before capture (fraction derived from `key`). */
  microAgo(ago: Duration, key: string): string {
    return isoMicro(
      this.ms(ago),
      intIn(`${this.info.name}/${key}`, 0, 999_999),
    );
  }

  /** Adds an object; assigns its resourceVersion. Duplicate kind/namespace/name is an error. */
  add<T extends K8s>(obj: T): T {
    const key = this.key(obj.kind, obj.metadata?.namespace, obj.metadata?.name);
    if (this.keys.has(key))
      throw new Error(`${this.info.name}: duplicate ${key}`);
    if (isClusterScoped(obj.kind) === Boolean(obj.metadata.namespace)) {
      throw new Error(`${this.info.name}: ${key} has the wrong scope`);
    }
    this.rv += intIn(`${this.info.name}/${key}/rv`, 3, 4000);
    obj.metadata.resourceVersion = String(this.rv);
    this.keys.set(key, obj);
    this.objects.push(obj);
    return obj;
  }

  get(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): K8s | undefined {
    return this.keys.get(this.key(kind, namespace, name));
  }

  must(kind: string, namespace: string | undefined, name: string): K8s {
    const o = this.get(kind, namespace, name);
    if (!o)
      throw new Error(
        `${this.info.name}: missing ${kind} ${namespace ?? ''}/${name}`,
      );
    return o;
  }

  list(kind: string, namespace?: string): K8s[] {
    return this.objects.filter(
      o =>
        o.kind === kind &&
        (namespace === undefined || o.metadata.namespace === namespace),
    );
  }

  node(name: string): NodeInfo {
    const n = this.nodes.get(name);
    if (!n) throw new Error(`${this.info.name}: unknown node ${name}`);
    return n;
  }

  nodeNames(filter: (n: NodeInfo) => boolean = () => true): string[] {
    return [...this.nodes.values()].filter(filter).map(n => n.name);
  }

  /** Next pod IP in the node's pod CIDR. */
  podIP(nodeName: string): string {
    const n = this.node(nodeName);
    // A Fargate "node" is the micro-VM of exactly one pod: they share the ENI address.
    if (n.virtual) return n.ip;
    const ip = `${n.podNet}.${n.nextPodHost}`;
    n.nextPodHost += intIn(
      `${this.info.name}/${nodeName}/${n.nextPodHost}`,
      1,
      3,
    );
    if (n.nextPodHost > 250) throw new Error(`${nodeName}: pod CIDR exhausted`);
    return ip;
  }

  /** A free ClusterIP inside the service CIDR, derived from `key`. */
  serviceIP(key: string): string {
    for (let i = 0; ; i++) {
      const h = hex(`${this.info.name}/svc/${key}/${i}`, 4);
      const [lo, hi] = this.info.serviceThird ?? [0, 255];
      const ip = `${this.info.serviceNet}.${
        lo + (parseInt(h.slice(0, 2), 16) % (hi - lo + 1))
      }.${(parseInt(h.slice(2), 16) % 250) + 2}`;
      if (!this.usedServiceIPs.has(ip) && ip !== this.info.dnsIP) {
        this.usedServiceIPs.add(ip);
        return ip;
      }
    }
  }

  reserveServiceIP(ip: string): string {
    this.usedServiceIPs.add(ip);
    return ip;
  }

  nodePort(key: string): number {
    for (let i = 0; ; i++) {
      const p = intIn(`${this.info.name}/np/${key}/${i}`, 30000, 32767);
      if (!this.usedNodePorts.has(p)) {
        this.usedNodePorts.add(p);
        return p;
      }
    }
  }

  private key(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): string {
    return `${kind}/${namespace ?? ''}/${name}`;
  }
}
