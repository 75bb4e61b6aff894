/**
 * Controllers and their pods: Deployment → ReplicaSet → Pods, StatefulSet →
 * Pods + PVCs, DaemonSet → one pod per eligible node, and bare pods. Every
 * status counter is computed from the pods that were actually created.
 */
import { Cluster, K8s } from '../lib/cluster';
import { intIn, safeSuffix } from '../lib/ids';
import { Duration, seconds } from '../lib/time';
import { meta, omitZero, ownerRef } from './meta';
import { addPod, defaultPodSpec, isReady, PodTemplate, Restarts } from './pods';
import { provisionClaim } from './storage';

type Placement = (string | null)[];

/**
 * A pod cannot be older than its node: when nodes were replaced (AMI rotation,
 * a new control-plane node) their pods were recreated shortly after the node joined.
 */
export function podAgeOn(
  c: Cluster,
  node: string | null,
  wanted: number,
  i = 0,
): number {
  if (!node) return wanted;
  const nodeAge = c.ageOf(
    c.must('Node', undefined, node).metadata.creationTimestamp,
  );
  return Math.min(wanted, nodeAge - 45 - i * 7);
}

function scaled(
  v: number | string | undefined,
  total: number,
  roundUp: boolean,
  dflt: string,
): number {
  const val = v ?? dflt;
  if (typeof val === 'number') return val;
  const pct = Number(val.replace('%', '')) / 100;
  return roundUp ? Math.ceil(pct * total) : Math.floor(pct * total);
}

function templateOf(
  c: Cluster,
  t: PodTemplate,
  extraLabels: Record<string, string> = {},
): K8s {
  return {
    metadata: {
      ...(t.annotations && Object.keys(t.annotations).length > 0
        ? { annotations: t.annotations }
        : {}),
      creationTimestamp: null,
      labels: { ...t.labels, ...extraLabels },
    },
    spec: defaultPodSpec(c, t.spec),
  };
}

export interface DeploymentOpts {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  selector: K8s;
  template: PodTemplate;
  replicas: number;
  /** One entry per replica: the node it runs on, or null when Pending. */
  nodes: Placement;
  created: Duration;
  /** When the current ReplicaSet was rolled out. */
  rolledOut: Duration;
  revision?: number;
  /** Earlier revisions kept as scaled-down ReplicaSets. */
  oldRevisions?: { revision: number; rolledOut: Duration }[];
  strategy?: K8s;
  owner?: K8s;
  restarts?: Record<number, Restarts>;
  unschedulableMessage?: string;
}

export interface Built {
  workload: K8s;
  pods: K8s[];
  replicaSet?: K8s;
  claims?: K8s[];
}

export function addDeployment(c: Cluster, o: DeploymentOpts): Built {
  if (o.nodes.length !== o.replicas)
    throw new Error(
      `${o.name}: ${o.nodes.length} placements for ${o.replicas} replicas`,
    );
  const revision = o.revision ?? 1;
  const generation = revision + intIn(`${c.name}/${o.name}/gen`, 0, 2);
  const strategy = o.strategy ?? {
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
  };
  const created = seconds(o.created);
  const rolledOut = seconds(o.rolledOut);
  const deploy: K8s = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(c, 'Deployment', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      annotations: {
        'deployment.kubernetes.io/revision': String(revision),
        ...(o.annotations ?? {}),
      },
      created,
      generation,
      ownerReferences: o.owner ? [ownerRef(o.owner)] : undefined,
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: o.replicas,
      revisionHistoryLimit: 10,
      selector: o.selector,
      strategy,
      template: templateOf(c, o.template),
    },
  };
  c.add(deploy);

  const mkRS = (rev: number, at: number, replicas: number): K8s => {
    const hash = safeSuffix(`${c.name}/${o.namespace}/${o.name}/rev${rev}`, 10);
    const name = `${o.name}-${hash}`;
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta(c, 'ReplicaSet', {
        name,
        namespace: o.namespace,
        labels: { ...o.template.labels, 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(o.replicas),
          'deployment.kubernetes.io/max-replicas': String(
            o.replicas +
              (strategy.type === 'Recreate'
                ? 0
                : scaled(
                    strategy.rollingUpdate?.maxSurge,
                    o.replicas,
                    true,
                    '25%',
                  )),
          ),
          'deployment.kubernetes.io/revision': String(rev),
        },
        created: at,
        generation: replicas === 0 ? 2 : 1,
        ownerReferences: [ownerRef(deploy)],
      }),
      spec: {
        replicas,
        selector: {
          matchLabels: {
            ...(o.selector.matchLabels ?? {}),
            'pod-template-hash': hash,
          },
          ...(o.selector.matchExpressions
            ? { matchExpressions: o.selector.matchExpressions }
            : {}),
        },
        template: templateOf(c, o.template, { 'pod-template-hash': hash }),
      },
    };
  };

  for (const old of o.oldRevisions ?? []) {
    const rs = mkRS(old.revision, seconds(old.rolledOut), 0);
    rs.status = { observedGeneration: rs.metadata.generation, replicas: 0 };
    c.add(rs);
  }
  const rs = mkRS(revision, rolledOut, o.replicas);
  const hash = rs.metadata.labels['pod-template-hash'];
  const pods = o.nodes.map((node, i) =>
    addPod(c, {
      name: `${rs.metadata.name}-${safeSuffix(
        `${c.name}/${o.namespace}/${rs.metadata.name}/${i}`,
        5,
      )}`,
      generateName: `${rs.metadata.name}-`,
      namespace: o.namespace,
      template: {
        ...o.template,
        labels: { ...o.template.labels, 'pod-template-hash': hash },
      },
      owner: ownerRef(rs),
      nodeName: node,
      created: podAgeOn(c, node, rolledOut - 1 - i, i),
      restarts: o.restarts?.[i],
      unschedulableMessage: o.unschedulableMessage,
    }),
  );
  const ready = pods.filter(isReady).length;
  rs.status = omitZero({
    availableReplicas: ready,
    fullyLabeledReplicas: pods.length,
    observedGeneration: rs.metadata.generation,
    readyReplicas: ready,
    replicas: pods.length,
  });
  c.add(rs);

  const maxUnavailable =
    strategy.type === 'Recreate'
      ? 0
      : scaled(
          strategy.rollingUpdate?.maxUnavailable,
          o.replicas,
          false,
          '25%',
        );
  const available = ready >= o.replicas - maxUnavailable;
  deploy.status = omitZero({
    availableReplicas: ready,
    conditions: [
      available
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
            lastTransitionTime: c.ago(Math.min(created - 30, rolledOut)),
            lastUpdateTime: c.ago(Math.min(created - 30, rolledOut)),
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
            lastTransitionTime: c.ago(Math.min(rolledOut, 170)),
            lastUpdateTime: c.ago(Math.min(rolledOut, 170)),
          },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
        lastTransitionTime: c.ago(created - 2),
        lastUpdateTime: c.ago(rolledOut - 25),
      },
    ],
    observedGeneration: generation,
    readyReplicas: ready,
    replicas: pods.length,
    unavailableReplicas: o.replicas - ready,
    updatedReplicas: pods.length,
  });
  return { workload: deploy, replicaSet: rs, pods };
}

export interface ClaimTemplate {
  name: string;
  storageClassName: string;
  size: string;
  accessModes?: string[];
}

export interface StatefulSetOpts {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  selector: K8s;
  template: PodTemplate;
  replicas: number;
  nodes: Placement;
  serviceName: string;
  created: Duration;
  rolledOut: Duration;
  volumeClaimTemplates?: ClaimTemplate[];
  owner?: K8s;
  podManagementPolicy?: string;
  restarts?: Record<number, Restarts>;
}

export function addStatefulSet(c: Cluster, o: StatefulSetOpts): Built {
  if (o.nodes.length !== o.replicas)
    throw new Error(`${o.name}: placements != replicas`);
  const created = seconds(o.created);
  const rolledOut = seconds(o.rolledOut);
  const revision = `${o.name}-${safeSuffix(
    `${c.name}/${o.namespace}/${o.name}/sts-rev`,
    10,
  )}`;
  const sts: K8s = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(c, 'StatefulSet', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      annotations: o.annotations,
      created,
      generation: intIn(`${c.name}/${o.name}/gen`, 1, 4),
      ownerReferences: o.owner ? [ownerRef(o.owner)] : undefined,
    }),
    spec: {
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: 'Retain',
        whenScaled: 'Retain',
      },
      podManagementPolicy: o.podManagementPolicy ?? 'OrderedReady',
      replicas: o.replicas,
      revisionHistoryLimit: 10,
      selector: o.selector,
      serviceName: o.serviceName,
      template: templateOf(c, o.template),
      updateStrategy: {
        rollingUpdate: { partition: 0 },
        type: 'RollingUpdate',
      },
    },
  };
  if (o.volumeClaimTemplates) {
    sts.spec.volumeClaimTemplates = o.volumeClaimTemplates.map(t => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { creationTimestamp: null, name: t.name },
      spec: {
        accessModes: t.accessModes ?? ['ReadWriteOnce'],
        resources: { requests: { storage: t.size } },
        storageClassName: t.storageClassName,
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Pending' },
    }));
  }
  c.add(sts);

  const claims: K8s[] = [];
  const pods = o.nodes.map((node, i) => {
    const podName = `${o.name}-${i}`;
    // Volumes were provisioned when the set was first created; pods were recreated at the last rollout.
    for (const t of o.volumeClaimTemplates ?? []) {
      const { pvc } = provisionClaim(c, {
        name: `${t.name}-${podName}`,
        namespace: o.namespace,
        labels: o.selector.matchLabels ?? {},
        storageClassName: t.storageClassName,
        size: t.size,
        accessModes: t.accessModes,
        nodeName: node,
        created: created - 5 - i * 40,
      });
      claims.push(pvc);
    }
    return addPod(c, {
      name: podName,
      generateName: `${o.name}-`,
      namespace: o.namespace,
      template: o.template,
      extraLabels: {
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': revision,
        'statefulset.kubernetes.io/pod-name': podName,
      },
      owner: ownerRef(sts),
      nodeName: node,
      created: podAgeOn(c, node, rolledOut - i * 35, i),
      restarts: o.restarts?.[i],
      specOverrides: {
        hostname: podName,
        subdomain: o.serviceName,
        ...(o.volumeClaimTemplates
          ? {
              volumes: [
                ...o.volumeClaimTemplates.map(t => ({
                  name: t.name,
                  persistentVolumeClaim: { claimName: `${t.name}-${podName}` },
                })),
                ...(defaultPodSpec(c, o.template.spec).volumes ?? []),
              ],
            }
          : {}),
      },
    });
  });
  const ready = pods.filter(isReady).length;
  sts.status = omitZero({
    availableReplicas: ready,
    collisionCount: 0,
    currentReplicas: pods.length,
    currentRevision: revision,
    observedGeneration: sts.metadata.generation,
    readyReplicas: ready,
    replicas: pods.length,
    updateRevision: revision,
    updatedReplicas: pods.length,
  });
  sts.status.collisionCount = 0;
  sts.status.availableReplicas = ready;
  return { workload: sts, pods, claims };
}

export interface DaemonSetOpts {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  selector: K8s;
  template: PodTemplate;
  /** The nodes the DaemonSet should run on (the caller applies nodeSelector/tolerations). */
  nodes: string[];
  created: Duration;
  rolledOut: Duration;
  generation?: number;
  maxUnavailable?: number | string;
  owner?: K8s;
}

const DS_TOLERATIONS: K8s[] = [
  {
    effect: 'NoExecute',
    key: 'node.kubernetes.io/not-ready',
    operator: 'Exists',
  },
  {
    effect: 'NoExecute',
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
  },
  {
    effect: 'NoSchedule',
    key: 'node.kubernetes.io/disk-pressure',
    operator: 'Exists',
  },
  {
    effect: 'NoSchedule',
    key: 'node.kubernetes.io/memory-pressure',
    operator: 'Exists',
  },
  {
    effect: 'NoSchedule',
    key: 'node.kubernetes.io/pid-pressure',
    operator: 'Exists',
  },
  {
    effect: 'NoSchedule',
    key: 'node.kubernetes.io/unschedulable',
    operator: 'Exists',
  },
];

export function addDaemonSet(c: Cluster, o: DaemonSetOpts): Built {
  const generation = o.generation ?? 1;
  const created = seconds(o.created);
  const rolledOut = seconds(o.rolledOut);
  const ds: K8s = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(c, 'DaemonSet', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      annotations: {
        'deprecated.daemonset.template.generation': String(generation),
        ...(o.annotations ?? {}),
      },
      created,
      generation,
      ownerReferences: o.owner ? [ownerRef(o.owner)] : undefined,
    }),
    spec: {
      revisionHistoryLimit: 10,
      selector: o.selector,
      template: templateOf(c, o.template),
      updateStrategy: {
        rollingUpdate: { maxSurge: 0, maxUnavailable: o.maxUnavailable ?? 1 },
        type: 'RollingUpdate',
      },
    },
  };
  c.add(ds);
  const hash = safeSuffix(
    `${c.name}/${o.namespace}/${o.name}/ds-rev${generation}`,
    10,
  );
  const extraTolerations = DS_TOLERATIONS.concat(
    o.template.spec.hostNetwork
      ? [
          {
            effect: 'NoSchedule',
            key: 'node.kubernetes.io/network-unavailable',
            operator: 'Exists',
          },
        ]
      : [],
  ).filter(
    t =>
      !(o.template.spec.tolerations ?? []).some(
        (x: K8s) => x.key === t.key && x.effect === t.effect,
      ),
  );
  const pods = o.nodes.map((node, i) => {
    const nodeObj = c.must('Node', undefined, node);
    const nodeAge = c.ageOf(nodeObj.metadata.creationTimestamp);
    return addPod(c, {
      name: `${o.name}-${safeSuffix(
        `${c.name}/${o.namespace}/${o.name}/${node}`,
        5,
      )}`,
      generateName: `${o.name}-`,
      namespace: o.namespace,
      template: o.template,
      extraLabels: {
        'controller-revision-hash': hash,
        'pod-template-generation': String(generation),
      },
      owner: ownerRef(ds),
      nodeName: node,
      created: Math.min(rolledOut - i * 3, nodeAge - 20),
      extraTolerations,
      replaceDefaultTolerations: true,
      pinToNode: true,
    });
  });
  const ready = pods.filter(isReady).length;
  ds.status = {
    currentNumberScheduled: o.nodes.length,
    desiredNumberScheduled: o.nodes.length,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    ...(o.nodes.length - ready > 0
      ? { numberUnavailable: o.nodes.length - ready }
      : {}),
    observedGeneration: generation,
    updatedNumberScheduled: o.nodes.length,
  };
  return { workload: ds, pods };
}

export interface BarePodOpts {
  name: string;
  namespace: string;
  template: PodTemplate;
  nodeName: string;
  created: Duration;
}

/** A pod created directly (kubectl run / apply of a Pod manifest): no controller. */
export function addBarePod(c: Cluster, o: BarePodOpts): K8s {
  return addPod(c, {
    name: o.name,
    namespace: o.namespace,
    template: o.template,
    nodeName: o.nodeName,
    created: podAgeOn(c, o.nodeName, seconds(o.created)),
  });
}
