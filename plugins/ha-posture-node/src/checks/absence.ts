/**
 * For checks that look for an object among several kinds (backup schedules, monitors, alert
 * rules) and found none: whether "none" is a finding or cannot be judged.
 */
import { CheckOutcome } from '../model/checks';
import { ResourceKey } from '../model/resources';
import { K8sObject } from '../model/snapshot';
import { ClusterView } from '../model/view';
import { notEvaluable, perCluster } from './util';

export interface AbsenceMessages {
  /** Why a manifests scan without any object of the kinds is skipped. */
  manifests: string;
  /** The outcome when every kind is known not to be installed. */
  notInstalled: CheckOutcome;
}

/**
 * The outcome when nothing of `keys` was found and that cannot simply be reported: a kind that
 * could not be read (unknown), a manifests scan containing none of the kinds (skipped), or no
 * kind installed at all (`messages.notInstalled`). Undefined when the absence is a real finding.
 */
export function absenceVerdict(
  cluster: ClusterView,
  keys: ResourceKey[],
  messages: AbsenceMessages,
): CheckOutcome | undefined {
  const unreadable = keys.filter(
    k => !['ok', 'not-installed'].includes(cluster.fetchState(k).status),
  );
  if (unreadable.length > 0) return notEvaluable(cluster, ...unreadable);
  if (
    cluster.snapshot.mode === 'manifests' &&
    keys.every(k => cluster.list(k).length === 0)
  ) {
    return { status: 'skipped', message: messages.manifests };
  }
  if (keys.every(k => cluster.fetchState(k).status === 'not-installed'))
    return messages.notInstalled;
  return undefined;
}

const silenceByNamespace = perCluster(() => new Map<string, boolean>());

/**
 * In a manifests scan, whether the input says nothing about one namespace's objects of `keys`:
 * none sits in the namespace, is cluster-scoped, or reaches into it from elsewhere (`reaches`: a
 * monitor's namespaceSelector). Other teams' monitors or rules in their own namespaces tell nothing
 * about this one's, which may be kept in another repository. Always false outside manifests scans.
 */
export function manifestsSilentOn(
  cluster: ClusterView,
  keys: ResourceKey[],
  namespace: string,
  reaches: (obj: K8sObject, namespace: string) => boolean = () => false,
): boolean {
  if (cluster.snapshot.mode !== 'manifests') return false;
  const cache = silenceByNamespace(cluster);
  const cacheKey = `${keys.join(',')}\n${namespace}`;
  let silent = cache.get(cacheKey);
  if (silent === undefined) {
    silent = !keys.some(key =>
      cluster
        .list(key)
        .some(
          obj =>
            obj.metadata?.namespace === undefined ||
            obj.metadata.namespace === namespace ||
            reaches(obj, namespace),
        ),
    );
    cache.set(cacheKey, silent);
  }
  return silent;
}
