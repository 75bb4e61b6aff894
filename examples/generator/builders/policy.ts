/**
 * PodDisruptionBudgets (status computed like the disruption controller does),
 * HorizontalPodAutoscalers and PriorityClasses.
 */
import { Cluster, K8s } from '../lib/cluster';
import { matches } from '../lib/selectors';
import { Duration, seconds } from '../lib/time';
import { meta } from './meta';
import { isReady } from './pods';

/** The scale (spec.replicas) of the workload that ultimately controls `pod`. */
function controllerScale(
  c: Cluster,
  pod: K8s,
): { key: string; replicas: number } {
  const ref = (pod.metadata.ownerReferences ?? []).find(
    (r: K8s) => r.controller,
  );
  if (!ref)
    throw new Error(
      `pod ${pod.metadata.name} has no controller: a PDB would not compute`,
    );
  const ns = pod.metadata.namespace;
  if (ref.kind === 'ReplicaSet') {
    const rs = c.must('ReplicaSet', ns, ref.name);
    const dref = (rs.metadata.ownerReferences ?? []).find(
      (r: K8s) => r.controller,
    );
    if (dref)
      return {
        key: `Deployment/${dref.name}`,
        replicas: c.must('Deployment', ns, dref.name).spec.replicas,
      };
    return { key: `ReplicaSet/${ref.name}`, replicas: rs.spec.replicas };
  }
  if (ref.kind === 'StatefulSet')
    return {
      key: `StatefulSet/${ref.name}`,
      replicas: c.must('StatefulSet', ns, ref.name).spec.replicas,
    };
  throw new Error(
    `pod ${pod.metadata.name}: unsupported controller ${ref.kind} for a percentage PDB`,
  );
}

export interface PdbOpts {
  name: string;
  namespace: string;
  selector: K8s;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  unhealthyPodEvictionPolicy?: 'AlwaysAllow' | 'IfHealthyBudget';
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  created: Duration;
}

export function addPdb(c: Cluster, o: PdbOpts): K8s {
  const pods = c
    .list('Pod', o.namespace)
    .filter(p => matches(o.selector, p.metadata.labels));
  const healthy = pods.filter(isReady).length;
  // Integer minAvailable: expected = number of matching pods. Otherwise the controllers' scale.
  let expected: number;
  if (typeof o.minAvailable === 'number') {
    expected = pods.length;
  } else {
    const scales = new Map<string, number>();
    for (const p of pods) {
      const s = controllerScale(c, p);
      scales.set(s.key, s.replicas);
    }
    expected = [...scales.values()].reduce((a, b) => a + b, 0);
  }
  const pct = (v: string) =>
    Math.ceil((Number(v.replace('%', '')) / 100) * expected);
  let desired: number;
  if (o.minAvailable !== undefined) {
    desired =
      typeof o.minAvailable === 'number' ? o.minAvailable : pct(o.minAvailable);
  } else {
    const mu =
      typeof o.maxUnavailable === 'number'
        ? o.maxUnavailable!
        : pct(o.maxUnavailable!);
    desired = Math.max(0, expected - mu);
  }
  const allowed = Math.max(0, healthy - desired);
  const created = seconds(o.created);
  const spec: K8s = { selector: o.selector };
  if (o.minAvailable !== undefined) spec.minAvailable = o.minAvailable;
  if (o.maxUnavailable !== undefined) spec.maxUnavailable = o.maxUnavailable;
  if (o.unhealthyPodEvictionPolicy)
    spec.unhealthyPodEvictionPolicy = o.unhealthyPodEvictionPolicy;
  return c.add({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(c, 'PodDisruptionBudget', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      annotations: o.annotations,
      created,
      generation: 1,
    }),
    spec,
    status: {
      conditions: [
        allowed > 0
          ? {
              type: 'DisruptionAllowed',
              status: 'True',
              reason: 'SufficientPods',
              message: '',
              observedGeneration: 1,
              lastTransitionTime: c.ago(Math.min(created - 40, 86400 * 2)),
            }
          : {
              type: 'DisruptionAllowed',
              status: 'False',
              reason: 'InsufficientPods',
              message: '',
              observedGeneration: 1,
              lastTransitionTime: c.ago(Math.min(created - 40, 150)),
            },
      ],
      currentHealthy: healthy,
      desiredHealthy: desired,
      disruptionsAllowed: allowed,
      expectedPods: expected,
      observedGeneration: 1,
    },
  });
}

export interface HpaOpts {
  name: string;
  namespace: string;
  target: K8s;
  minReplicas: number;
  maxReplicas: number;
  cpuTarget: number;
  cpuCurrent: number;
  labels?: Record<string, string>;
  created: Duration;
  lastScale: Duration;
}

export function addHpa(c: Cluster, o: HpaOpts): K8s {
  const current = o.target.spec.replicas;
  if (current < o.minReplicas || current > o.maxReplicas)
    throw new Error(`${o.name}: replicas outside HPA bounds`);
  const created = seconds(o.created);
  return c.add({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(c, 'HorizontalPodAutoscaler', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      created,
    }),
    spec: {
      maxReplicas: o.maxReplicas,
      metrics: [
        {
          resource: {
            name: 'cpu',
            target: { averageUtilization: o.cpuTarget, type: 'Utilization' },
          },
          type: 'Resource',
        },
      ],
      minReplicas: o.minReplicas,
      scaleTargetRef: {
        apiVersion: o.target.apiVersion,
        kind: o.target.kind,
        name: o.target.metadata.name,
      },
    },
    status: {
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          reason: 'ReadyForNewScale',
          message: 'recommended size matches current size',
          lastTransitionTime: c.ago(created - 15),
        },
        {
          type: 'ScalingActive',
          status: 'True',
          reason: 'ValidMetricFound',
          message:
            'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          lastTransitionTime: c.ago(created - 75),
        },
        // At the maximum with the metric above its target, the controller wants more than it may run.
        current === o.maxReplicas && o.cpuCurrent > o.cpuTarget
          ? {
              type: 'ScalingLimited',
              status: 'True',
              reason: 'TooManyReplicas',
              message:
                'the desired replica count is more than the maximum replica count',
              lastTransitionTime: c.ago(o.lastScale),
            }
          : current === o.minReplicas
          ? {
              type: 'ScalingLimited',
              status: 'True',
              reason: 'TooFewReplicas',
              message:
                'the desired replica count is less than the minimum replica count',
              lastTransitionTime: c.ago(o.lastScale),
            }
          : {
              type: 'ScalingLimited',
              status: 'False',
              reason: 'DesiredWithinRange',
              message: 'the desired count is within the acceptable range',
              lastTransitionTime: c.ago(o.lastScale),
            },
      ],
      currentMetrics: [
        {
          resource: {
            current: {
              averageUtilization: o.cpuCurrent,
              averageValue: `${o.cpuCurrent * 2}m`,
            },
            name: 'cpu',
          },
          type: 'Resource',
        },
      ],
      currentReplicas: current,
      desiredReplicas: current,
      lastScaleTime: c.ago(o.lastScale),
    },
  });
}

export function addPriorityClass(
  c: Cluster,
  o: {
    name: string;
    value: number;
    description: string;
    globalDefault?: boolean;
    preemptionPolicy?: string;
    created: Duration;
    system?: boolean;
  },
): K8s {
  return c.add({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: meta(c, 'PriorityClass', {
      name: o.name,
      created: o.created,
      generation: 1,
    }),
    description: o.description,
    ...(o.globalDefault ? { globalDefault: true } : {}),
    preemptionPolicy: o.preemptionPolicy ?? 'PreemptLowerPriority',
    value: o.value,
  });
}

/** The two PriorityClasses every API server creates. */
export function addSystemPriorityClasses(c: Cluster, created: Duration): void {
  addPriorityClass(c, {
    name: 'system-cluster-critical',
    value: 2000000000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    created,
  });
  addPriorityClass(c, {
    name: 'system-node-critical',
    value: 2000001000,
    description:
      'Used for system critical pods that must not be moved from their current node.',
    created,
  });
}
