/** Whether files hold plain manifests or a dump of a running cluster (`kubectl get -o yaml`). */
import { ResourceKey } from '../model/resources';
import { K8sObject, SnapshotMode } from '../model/snapshot';

function isNonEmptyRecord(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0
  );
}

/**
 * Whether a Pod was read back from an API server rather than written as a manifest: the server
 * gives every object a `metadata.uid` and every Pod a status (a phase at least). A Pod manifest (a
 * docs example, a Helm test hook) has neither, and `kubectl run --dry-run=client -o yaml` writes
 * an empty `status: {}`. `spec.nodeName` alone is no sign: a manifest may set it to pin the Pod.
 */
function isPodReadFromCluster(pod: K8sObject): boolean {
  const uid = pod.metadata?.uid;
  return (
    (typeof uid === 'string' && uid !== '') || isNonEmptyRecord(pod.status)
  );
}

/**
 * `dump` when the objects hold what only a running cluster has: a Node, or a Pod read back from an
 * API server; else `manifests`. Plain Pods are desired state like any workload: they alone must
 * not make every cluster-state type (nodes, leases, backups ...) count as dumped and empty.
 */
export function inferSnapshotMode(
  grouped: ReadonlyMap<ResourceKey, K8sObject[]>,
): SnapshotMode {
  if (grouped.has('nodes')) return 'dump';
  return (grouped.get('pods') ?? []).some(isPodReadFromCluster)
    ? 'dump'
    : 'manifests';
}
