/**
 * The replicas KEDA lets a workload drop to. KEDA scales its target through an HPA it makes from
 * the ScaledObject (minReplicas at least 1), and below it itself: to idleReplicaCount when set,
 * else minReplicaCount (default 0) while no event comes; it raises a target below minReplicaCount
 * to it (kedacore/keda pkg/scaling/executor). A paused ScaledObject does not scale:
 * `autoscaling.keda.sh/paused-replicas: N` holds N replicas, `autoscaling.keda.sh/paused: "true"`
 * the current count. Only replicas-min-floor judges this floor: the other checks judge the replicas
 * that run, which KEDA's HPA or spec.replicas tell.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { perCluster } from '../util';

export const SCALED_OBJECTS = 'scaledobjects.keda.sh';

export interface KedaFloor {
  floor: number;
  /** The ScaledObject that allows the lowest floor. */
  scaledObject: K8sObject;
  /** `minReplicaCount 3`, `minReplicaCount unset (default 0)`, `idleReplicaCount 0`, `paused at 2 replicas`. */
  setting: string;
  /** Other ScaledObjects on the same target (they fight over it, as two HPAs do). */
  others: string[];
}

const scaledObjectsByTarget = perCluster(cluster => {
  const byTarget = new Map<string, K8sObject[]>();
  for (const so of cluster.list(SCALED_OBJECTS)) {
    const ref = so.spec?.scaleTargetRef;
    if (typeof ref?.name !== 'string') continue;
    // KEDA's default target kind is a Deployment.
    const key = `${ref.kind ?? 'Deployment'}/${
      so.metadata.namespace ?? 'default'
    }/${ref.name}`;
    const targeting = byTarget.get(key);
    if (targeting) targeting.push(so);
    else byTarget.set(key, [so]);
  }
  return byTarget;
});

/** The floor one ScaledObject allows, or undefined when it is paused at the current count. */
function floorOf(
  so: K8sObject,
): Pick<KedaFloor, 'floor' | 'setting'> | undefined {
  const annotations = so.metadata.annotations ?? {};
  const paused = annotations['autoscaling.keda.sh/paused-replicas'];
  if (typeof paused === 'string' && /^\d+$/.test(paused))
    return {
      floor: Number(paused),
      setting: `paused at ${paused} (autoscaling.keda.sh/paused-replicas)`,
    };
  if (annotations['autoscaling.keda.sh/paused'] === 'true') return undefined;
  const { idleReplicaCount: idle, minReplicaCount: min } = so.spec ?? {};
  if (typeof idle === 'number')
    return { floor: idle, setting: `idleReplicaCount ${idle}` };
  return typeof min === 'number'
    ? { floor: min, setting: `minReplicaCount ${min}` }
    : { floor: 0, setting: 'minReplicaCount unset (default 0)' };
}

/** The lowest floor the ScaledObjects targeting the workload allow; undefined when none does. */
export function kedaFloorOf(
  cluster: ClusterView,
  workload: Workload,
): KedaFloor | undefined {
  const targeting =
    scaledObjectsByTarget(cluster).get(
      `${workload.kind}/${workload.namespace}/${workload.name}`,
    ) ?? [];
  let lowest: KedaFloor | undefined;
  for (const so of targeting) {
    const found = floorOf(so);
    if (found && (!lowest || found.floor < lowest.floor))
      lowest = { ...found, scaledObject: so, others: [] };
  }
  if (!lowest) return undefined;
  const chosen = lowest.scaledObject;
  return {
    ...lowest,
    others: targeting.filter(so => so !== chosen).map(so => so.metadata.name),
  };
}
