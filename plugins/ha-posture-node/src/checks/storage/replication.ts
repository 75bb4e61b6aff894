/** The replication verdicts of volumes and storage systems, and how they rank. */

/**
 * How far a volume's data survives:
 * - `faulted`: the storage system reports that no copy is healthy (Longhorn robustness faulted).
 * - `node-bound`: on one node's disk (local, hostPath, local-path ...): lost with the node.
 * - `single-copy`: a replicated storage system configured to keep one copy.
 * - `zonal`: one zone's disk (EBS, zonal PD, Azure LRS): lost with the zone.
 * - `under-replicated`: replicated, but with too few copies or copies on one host (Ceph size 2).
 * - `node-redundant`: copies on several nodes of a cluster with several zones, but not spread over
 *   zones for sure, or too few left after a zone outage to serve IO: survives a node failure, not a
 *   zone failure.
 * - `replicated`: copies in several nodes or zones.
 * - `likely-replicated`: replicated unless configured otherwise in a way the API does not show (EFS).
 * - `unknown`: the API does not tell (vSphere, unknown provisioners, unreadable pools).
 */
export type Replication =
  | 'faulted'
  | 'node-bound'
  | 'single-copy'
  | 'zonal'
  | 'under-replicated'
  | 'node-redundant'
  | 'replicated'
  | 'likely-replicated'
  | 'unknown';

/** Ranks for picking the worst volume: higher is worse. */
export const REPLICATION_RANK: Record<Replication, number> = {
  replicated: 0,
  'likely-replicated': 1,
  unknown: 2,
  'node-redundant': 3,
  'under-replicated': 4,
  zonal: 5,
  'single-copy': 6,
  'node-bound': 7,
  faulted: 8,
};

/**
 * How far apart a storage system keeps a volume's copies:
 * - `zone`: in different zones, always (regional PD, Azure ZRS, Ceph failureDomain zone).
 * - `zone-preferred`: in different zones when it can, on different nodes otherwise (Longhorn's and
 *   Portworx's defaults).
 * - `node`: on different nodes, which may all sit in one zone (Ceph failureDomain host, Mayastor).
 * - `disk`: on different disks, which may all sit in one node (Ceph failureDomain osd).
 */
export type SpreadLevel = 'zone' | 'zone-preferred' | 'node' | 'disk';

export interface Verdict {
  replication: Replication;
  detail: string;
  /** Where the copies are kept apart: set for storage that keeps several. */
  spread?: SpreadLevel;
  /** What the verdict means for the data, where the replication's usual consequence does not say it. */
  consequence?: string;
  classNotInInput?: true;
}

/**
 * Copies kept by a replicated storage system, whichever it is: ≥ 3 replicated, 2 under-replicated
 * (a failure leaves one copy to take the writes), 1 single copy.
 */
export function byCopies(
  copies: number,
  what: string,
  spread: SpreadLevel,
): Verdict {
  if (copies >= 3)
    return {
      replication: 'replicated',
      detail: `${what} keeps ${copies} copies`,
      spread,
    };
  if (copies === 2)
    return {
      replication: 'under-replicated',
      detail: `${what} keeps only 2 copies`,
      spread,
      consequence:
        'The data survives one failure; writes then land on a single copy.',
    };
  return { replication: 'single-copy', detail: `${what} keeps a single copy` };
}

/**
 * What the spread of a replicated volume's copies means in a cluster with `clusterZones` zones:
 * copies that may share a node survive no node failure; copies kept apart only by node survive a
 * node failure, not a zone failure, once the cluster has several zones.
 */
export function judgeSpread(verdict: Verdict, clusterZones: number): Verdict {
  if (
    verdict.replication !== 'replicated' &&
    verdict.replication !== 'likely-replicated'
  )
    return verdict;
  if (verdict.spread === 'disk')
    return {
      ...verdict,
      replication: 'under-replicated',
      detail: `${verdict.detail}: its copies may share a node`,
    };
  if (verdict.spread === 'node' && clusterZones >= 2)
    return { ...verdict, replication: 'node-redundant' };
  return verdict;
}

export function positiveInt(value: unknown, fallback: number): number {
  const n =
    typeof value === 'number'
      ? value
      : Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
