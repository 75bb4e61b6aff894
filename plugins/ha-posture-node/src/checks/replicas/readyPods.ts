/** A workload's active, Ready pods: counted by replicas-available and placed by the spread-actual checks. */
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { perCluster, podIsActive, podIsReady } from '../util';

const readyByWorkload = perCluster(() => new WeakMap<Workload, K8sObject[]>());

/** The workload's pods that are active and Ready, in podsOf order (a shared list: do not modify it). */
export function activeReadyPods(
  cluster: ClusterView,
  workload: Workload,
): K8sObject[] {
  const memo = readyByWorkload(cluster);
  let ready = memo.get(workload);
  if (!ready) {
    ready = [];
    for (const pod of cluster.podsOf(workload))
      if (podIsActive(pod) && podIsReady(pod)) ready.push(pod);
    memo.set(workload, ready);
  }
  return ready;
}
