/**
 * For checks that look for an object among several kinds (backup schedules, monitors, alert
 * rules) and found none: whether "none" is a finding or cannot be judged.
 */
import { CheckOutcome } from '../model/checks';
import { ResourceKey } from '../model/resources';
import { ClusterView } from '../model/view';
import { notEvaluable } from './util';

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
