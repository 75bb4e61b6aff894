/** Node objects (spec, labels, conditions, nodeInfo) and the cluster's node index. */
import { Cluster, K8s } from '../lib/cluster';
import { hex, intIn, uuid } from '../lib/ids';
import { Duration, seconds } from '../lib/time';
import { meta } from './meta';

export interface NodeOpts {
  name: string;
  zone?: string;
  region?: string;
  ip: string;
  /** /24 pod network prefix, e.g. '192.168.12'. */
  podNet: string;
  /** podCIDR written in spec (omit for CNIs that do their own IPAM and leave it empty). */
  podCIDR?: string;
  controlPlane?: boolean;
  providerID?: string;
  instanceType?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  taints?: K8s[];
  /** When set, the kubelet stopped reporting this long before capture (Ready=Unknown). */
  notReadySince?: Duration;
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  containerRuntime: string;
  capacity: {
    cpu: string;
    memory: string;
    pods: string;
    ephemeralStorage: string;
  };
  allocatable: {
    cpu: string;
    memory: string;
    pods: string;
    ephemeralStorage: string;
  };
  created: Duration;
  /** Extra addresses beyond InternalIP/Hostname (e.g. InternalDNS on EKS). */
  extraAddresses?: K8s[];
  hostname?: string;
  /** A NetworkUnavailable condition written by the CNI / cloud route controller. */
  networkCondition?: { reason: string; message: string };
  /** Virtual nodes (Fargate): not real capacity. */
  virtual?: boolean;
  arch?: string;
}

export function addNode(c: Cluster, o: NodeOpts): K8s {
  const arch = o.arch ?? 'amd64';
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': o.hostname ?? o.name,
    'kubernetes.io/os': 'linux',
  };
  if (o.instanceType) {
    labels['beta.kubernetes.io/instance-type'] = o.instanceType;
    labels['node.kubernetes.io/instance-type'] = o.instanceType;
  }
  if (o.zone) {
    labels['topology.kubernetes.io/zone'] = o.zone;
  }
  if (o.region) {
    labels['topology.kubernetes.io/region'] = o.region;
  }
  Object.assign(labels, o.labels ?? {});

  const ready = o.notReadySince === undefined;
  const downAt = ready ? 0 : seconds(o.notReadySince!);
  const taints: K8s[] = [...(o.taints ?? [])];
  if (!ready) {
    taints.push(
      {
        effect: 'NoSchedule',
        key: 'node.kubernetes.io/unreachable',
        timeAdded: c.ago(downAt - 1),
      },
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/unreachable',
        timeAdded: c.ago(downAt - 6),
      },
    );
  }

  const createdS = seconds(o.created);
  const heartbeat = ready
    ? c.ago(intIn(`${c.name}/${o.name}/hb`, 8, 280))
    : c.ago(downAt + 41);
  const since = c.ago(createdS - intIn(`${c.name}/${o.name}/boot`, 20, 90));
  const cond = (
    type: string,
    okStatus: string,
    reason: string,
    message: string,
  ): K8s =>
    ready
      ? {
          type,
          status: okStatus,
          reason,
          message,
          lastHeartbeatTime: heartbeat,
          lastTransitionTime: since,
        }
      : {
          type,
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastHeartbeatTime: heartbeat,
          lastTransitionTime: c.ago(downAt),
        };
  const conditions: K8s[] = [];
  if (o.networkCondition) {
    conditions.push({
      type: 'NetworkUnavailable',
      status: 'False',
      reason: o.networkCondition.reason,
      message: o.networkCondition.message,
      lastHeartbeatTime: since,
      lastTransitionTime: since,
    });
  }
  conditions.push(
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
    cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  );

  const spec: K8s = {};
  if (o.podCIDR) {
    spec.podCIDR = o.podCIDR;
    spec.podCIDRs = [o.podCIDR];
  }
  if (o.providerID) spec.providerID = o.providerID;
  if (taints.length > 0) spec.taints = taints;

  const res = (r: NodeOpts['capacity']) => ({
    cpu: r.cpu,
    'ephemeral-storage': r.ephemeralStorage,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: r.memory,
    pods: r.pods,
  });

  const node: K8s = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(c, 'Node', {
      name: o.name,
      labels,
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        ...(o.annotations ?? {}),
      },
      created: o.created,
    }),
    spec,
    status: {
      addresses: [
        { type: 'InternalIP', address: o.ip },
        ...(o.extraAddresses ?? []),
        { type: 'Hostname', address: o.hostname ?? o.name },
      ],
      allocatable: res(o.allocatable),
      capacity: res(o.capacity),
      conditions,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: arch,
        bootID: uuid(`${c.name}/${o.name}/bootID`),
        containerRuntimeVersion: o.containerRuntime,
        kernelVersion: o.kernelVersion,
        kubeProxyVersion: o.kubeletVersion,
        kubeletVersion: o.kubeletVersion,
        machineID: hex(`${c.name}/${o.name}/machineID`, 32),
        operatingSystem: 'linux',
        osImage: o.osImage,
        systemUUID: uuid(`${c.name}/${o.name}/systemUUID`),
      },
    },
  };
  c.add(node);
  c.nodes.set(o.name, {
    name: o.name,
    zone: o.zone,
    region: o.region,
    ip: o.ip,
    podNet: o.podNet,
    ready,
    notReadySince: ready ? undefined : downAt,
    virtual: o.virtual,
    controlPlane: o.controlPlane,
    nextPodHost: intIn(`${c.name}/${o.name}/firstpod`, 2, 20),
  });
  return node;
}
