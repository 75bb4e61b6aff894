/**
 * Pods: API-server defaulting of pod specs, placement on a node, and a status
 * consistent with that node (Running/Ready on a healthy node, Ready=False on a
 * node whose kubelet stopped reporting, Pending without nodeName when unschedulable).
 */
import { Cluster, K8s } from '../lib/cluster';
import { hex, intIn } from '../lib/ids';
import { Duration, seconds } from '../lib/time';
import { meta } from './meta';

export interface PodTemplate {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  spec: K8s;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

function defaultProbe(p: K8s | undefined): K8s | undefined {
  if (!p) return undefined;
  const out: K8s = {
    failureThreshold: 3,
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 1,
    ...clone(p),
  };
  if (out.httpGet) out.httpGet = { scheme: 'HTTP', ...out.httpGet };
  return out;
}

function defaultContainer(ct: K8s): K8s {
  const out: K8s = {
    imagePullPolicy: 'IfNotPresent',
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...clone(ct),
  };
  if (out.ports)
    out.ports = out.ports.map((p: K8s) => ({ protocol: 'TCP', ...p }));
  for (const k of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    if (out[k]) out[k] = defaultProbe(out[k]);
  }
  return out;
}

/** The pod spec as the API server stores it in a template (defaults filled in). */
export function defaultPodSpec(c: Cluster, spec: K8s): K8s {
  const out: K8s = {
    dnsPolicy: spec.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    ...clone(spec),
  };
  out.containers = out.containers.map(defaultContainer);
  if (out.initContainers)
    out.initContainers = out.initContainers.map(defaultContainer);
  if (out.serviceAccountName) out.serviceAccount = out.serviceAccountName;
  if (out.priorityClassName) {
    const pc = c.must('PriorityClass', undefined, out.priorityClassName);
    out.priority = pc.value;
    out.preemptionPolicy = pc.preemptionPolicy ?? 'PreemptLowerPriority';
  }
  return out;
}

function qosClass(containers: K8s[]): string {
  let any = false;
  let guaranteed = true;
  for (const ct of containers) {
    const req = ct.resources?.requests ?? {};
    const lim = ct.resources?.limits ?? {};
    if (Object.keys(req).length + Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r]))
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function imageRef(image: string): { image: string; repo: string } {
  // containerd reports fully-qualified references.
  let ref = image;
  const first = image.split('/')[0];
  if (!image.includes('/')) ref = `docker.io/library/${image}`;
  else if (!first.includes('.') && !first.includes(':'))
    ref = `docker.io/${image}`;
  const repo = ref.replace(/:[^/:@]+$/, '');
  return { image: ref, repo };
}

const DEFAULT_TOLERATIONS: K8s[] = [
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

/** A container's restart count, alone or with the time of its last termination (OOMKilled). */
export type Restarts = number | { count: number; last: Duration };

export interface PodOpts {
  name: string;
  namespace: string;
  template: PodTemplate;
  owner?: K8s;
  /** null = unschedulable (Pending). */
  nodeName: string | null;
  /** Seconds before capture the pod was created. */
  created: number;
  extraLabels?: Record<string, string>;
  extraAnnotations?: Record<string, string>;
  /** Extra tolerations added by a controller (DaemonSet) or admission. */
  extraTolerations?: K8s[];
  /** Replaces the default not-ready/unreachable tolerations (DaemonSets). */
  replaceDefaultTolerations?: boolean;
  /** Pin via nodeAffinity matchFields (what the DaemonSet controller does). */
  pinToNode?: boolean;
  unschedulableMessage?: string;
  /** Restarts of the first container; with `last`, how long before capture it last terminated. */
  restarts?: Restarts;
  generateName?: string;
  /** Mirror pods / controllers that set spec fields after creation. */
  specOverrides?: K8s;
}

export function addPod(c: Cluster, o: PodOpts): K8s {
  const spec = defaultPodSpec(c, o.template.spec);
  Object.assign(spec, o.specOverrides ?? {});
  spec.enableServiceLinks = spec.enableServiceLinks ?? true;
  const tolerations: K8s[] = [...(spec.tolerations ?? [])];
  for (const t of o.extraTolerations ?? []) tolerations.push(t);
  if (!o.replaceDefaultTolerations) {
    for (const t of DEFAULT_TOLERATIONS) {
      if (!tolerations.some(x => x.key === t.key && x.effect === t.effect))
        tolerations.push(t);
    }
  }
  spec.tolerations = tolerations;
  if (o.pinToNode && o.nodeName) {
    spec.affinity = {
      ...(spec.affinity ?? {}),
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchFields: [
                { key: 'metadata.name', operator: 'In', values: [o.nodeName] },
              ],
            },
          ],
        },
      },
    };
  }
  if (o.nodeName) spec.nodeName = o.nodeName;

  const pod: K8s = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(c, 'Pod', {
      name: o.name,
      namespace: o.namespace,
      labels: { ...o.template.labels, ...(o.extraLabels ?? {}) },
      annotations: {
        ...(o.template.annotations ?? {}),
        ...(o.extraAnnotations ?? {}),
      },
      created: o.created,
      ownerReferences: o.owner ? [o.owner] : undefined,
      generateName: o.generateName,
    }),
    spec,
    status: podStatus(c, o, spec),
  };
  return c.add(pod);
}

function podStatus(c: Cluster, o: PodOpts, spec: K8s): K8s {
  const created = o.created;
  const qos = qosClass(spec.containers);
  if (!o.nodeName) {
    return {
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: o.unschedulableMessage ?? '0/1 nodes are available.',
          lastProbeTime: null,
          lastTransitionTime: c.ago(created - 1),
        },
      ],
      phase: 'Pending',
      qosClass: qos,
    };
  }
  const node = c.node(o.nodeName);
  const scheduled = created - 1;
  const started = created - intIn(`${c.name}/${o.name}/start`, 2, 9);
  const readyAt =
    started -
    (spec.containers.some((x: K8s) => x.readinessProbe)
      ? intIn(`${c.name}/${o.name}/ready`, 5, 25)
      : 1);
  if (readyAt < 0) throw new Error(`${o.name}: created too recently`);
  // The node lifecycle controller marks pods NotReady when their node stops reporting;
  // container statuses stay as the kubelet last reported them.
  const podReady = node.ready;
  const readyCond: K8s = podReady
    ? {
        type: 'Ready',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: c.ago(readyAt),
      }
    : {
        type: 'Ready',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: c.ago(node.notReadySince! - 2),
      };
  const hostNetwork = Boolean(spec.hostNetwork);
  const podIP = hostNetwork ? node.ip : c.podIP(o.nodeName);
  const containerStatuses = spec.containers.map((ct: K8s, i: number) => {
    const { image, repo } = imageRef(ct.image);
    const restartsOpt = i === 0 ? o.restarts ?? 0 : 0;
    const restarts =
      typeof restartsOpt === 'number' ? restartsOpt : restartsOpt.count;
    const st: K8s = {
      containerID: `containerd://${hex(
        `${c.name}/${o.namespace}/${o.name}/${ct.name}/cid`,
        64,
      )}`,
      image,
      imageID: `${repo}@sha256:${hex(`image/${image}`, 64)}`,
      lastState: {},
      name: ct.name,
      ready: true,
      restartCount: restarts,
      started: true,
      state: { running: { startedAt: c.ago(started - 1) } },
    };
    if (restarts > 0) {
      const restartedAgo =
        typeof restartsOpt === 'number'
          ? Math.max(60, Math.floor(started / 3))
          : seconds(restartsOpt.last);
      if (restartedAgo >= started)
        throw new Error(`${o.name}: last restart before the container started`);
      st.lastState = {
        terminated: {
          containerID: `containerd://${hex(
            `${c.name}/${o.namespace}/${o.name}/${ct.name}/prev`,
            64,
          )}`,
          exitCode: 137,
          finishedAt: c.ago(restartedAgo),
          reason: 'OOMKilled',
          // With a given last restart, the previous instance ran an hour (it kept being OOMKilled).
          startedAt: c.ago(
            typeof restartsOpt === 'number'
              ? started - 1
              : Math.min(started - 1, restartedAgo + 3600),
          ),
        },
      };
      st.state = { running: { startedAt: c.ago(restartedAgo - 1) } };
    }
    return st;
  });
  return {
    conditions: [
      {
        type: 'PodReadyToStartContainers',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: c.ago(started),
      },
      {
        type: 'Initialized',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: c.ago(scheduled),
      },
      readyCond,
      {
        type: 'ContainersReady',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: c.ago(readyAt),
      },
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: c.ago(scheduled),
      },
    ],
    containerStatuses,
    hostIP: node.ip,
    hostIPs: [{ ip: node.ip }],
    phase: 'Running',
    podIP,
    podIPs: [{ ip: podIP }],
    qosClass: qos,
    startTime: c.ago(scheduled),
  };
}

/** True when the pod's Ready condition is True. */
export function isReady(pod: K8s): boolean {
  return (pod.status?.conditions ?? []).some(
    (x: K8s) => x.type === 'Ready' && x.status === 'True',
  );
}
