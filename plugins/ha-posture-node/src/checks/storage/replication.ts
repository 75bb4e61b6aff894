/** The replication verdicts of volumes and storage systems, and how they rank. */

/**
 * How far a volume's data survives:
 * - `node-bound`: on one node's disk (local, hostPath, local-path ...): lost with the node.
 * - `single-copy`: a replicated storage system configured to keep one copy.
 * - `zonal`: one zone's disk (EBS, zonal PD, Azure LRS): lost with the zone.
 * - `under-replicated`: replicated, but with too few copies or copies on one host (Ceph size 2).
 * - `replicated`: copies in several nodes or zones.
 * - `likely-replicated`: replicated unless configured otherwise in a way the API does not show (EFS).
 * - `unknown`: the API does not tell (vSphere, unknown provisioners, unreadable pools).
 */
export type Replication =
  | 'node-bound'
  | 'single-copy'
  | 'zonal'
  | 'under-replicated'
  | 'replicated'
  | 'likely-replicated'
  | 'unknown';

/** Ranks for picking the worst volume: higher is worse. */
export const REPLICATION_RANK: Record<Replication, number> = {
  replicated: 0,
  'likely-replicated': 1,
  unknown: 2,
  'under-replicated': 3,
  zonal: 4,
  'single-copy': 5,
  'node-bound': 6,
};

export interface Verdict {
  replication: Replication;
  detail: string;
  classNotInInput?: true;
}

/** Copies kept by a replicated storage system: ≥ 3 replicated, 2 under-replicated, 1 single copy. */
export function byCopies(
  copies: number,
  what: string,
  minReplicated = 3,
): Verdict {
  if (copies >= minReplicated)
    return {
      replication: 'replicated',
      detail: `${what} keeps ${copies} copies`,
    };
  if (copies >= 2)
    return {
      replication: 'under-replicated',
      detail: `${what} keeps only ${copies} copies`,
    };
  return { replication: 'single-copy', detail: `${what} keeps a single copy` };
}

export function positiveInt(value: unknown, fallback: number): number {
  const n =
    typeof value === 'number'
      ? value
      : Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
