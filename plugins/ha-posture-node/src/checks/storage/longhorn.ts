/**
 * Longhorn volumes (driver.longhorn.io): the copies a StorageClass asks for, how far apart Longhorn
 * keeps them, and what the volume's own custom resource (volumes.longhorn.io) says now.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  byCopies,
  positiveInt,
  REPLICATION_RANK,
  SpreadLevel,
  Verdict,
} from './replication';
import { STORAGE_KEYS } from './storageKeys';

/**
 * The Longhorn Volume behind a PV: Longhorn names each volume by the PV's CSI volumeHandle, in
 * the one namespace it runs in (longhorn-system by default).
 */
export function longhornVolumeOf(
  cluster: ClusterView,
  pv: K8sObject | undefined,
): K8sObject | undefined {
  const handle = pv?.spec?.csi?.volumeHandle;
  if (typeof handle !== 'string') return undefined;
  return cluster
    .list(STORAGE_KEYS.longhornVolumes)
    .find(volume => volume.metadata.name === handle);
}

/**
 * Replica anti-affinity ("enabled", "disabled", or "ignored" for the global setting): with soft node
 * anti-affinity enabled, replicas may share a node when no other has room; zone anti-affinity is soft
 * by default (replica-zone-soft-anti-affinity true), and "disabled" makes it a rule.
 */
function longhornSpread(
  nodeSoftAntiAffinity: unknown,
  zoneSoftAntiAffinity: unknown,
): SpreadLevel {
  if (nodeSoftAntiAffinity === 'enabled') return 'disk';
  return zoneSoftAntiAffinity === 'disabled' ? 'zone' : 'zone-preferred';
}

/** The copies the volume asks for: its own spec when read, else the class's numberOfReplicas. */
function longhornCopies(
  params: Record<string, string>,
  volume: K8sObject | undefined,
): Verdict {
  const spec = volume?.spec ?? {};
  const volumeReplicas = positiveInt(spec.numberOfReplicas, 0);
  if (volume && volumeReplicas > 0) {
    return byCopies(
      volumeReplicas,
      `Longhorn volume ${volume.metadata.name} (spec.numberOfReplicas)`,
      longhornSpread(
        spec.replicaSoftAntiAffinity,
        spec.replicaZoneSoftAntiAffinity,
      ),
    );
  }
  if (params.numberofreplicas === undefined)
    return {
      replication: 'unknown',
      detail:
        "the StorageClass sets no numberOfReplicas, so Longhorn's default-replica-count setting (3 unless changed) decides, which is not read",
    };
  return byCopies(
    positiveInt(params.numberofreplicas, 1),
    'Longhorn (numberOfReplicas)',
    longhornSpread(
      params.replicasoftantiaffinity,
      params.replicazonesoftantiaffinity,
    ),
  );
}

/**
 * A Longhorn volume: its copies, and its status.robustness when its custom resource is read
 * (faulted: no replica serves the data; degraded: some replicas are down or rebuilding).
 */
export function longhornVerdict(
  params: Record<string, string>,
  volume: K8sObject | undefined,
): Verdict {
  const copies = longhornCopies(params, volume);
  const robustness = volume?.status?.robustness;
  if (robustness === 'faulted')
    return {
      replication: 'faulted',
      detail: `Longhorn volume ${volume?.metadata.name} has no healthy replica (status.robustness faulted)`,
    };
  if (
    robustness === 'degraded' &&
    REPLICATION_RANK[copies.replication] < REPLICATION_RANK['under-replicated']
  )
    return {
      ...copies,
      replication: 'under-replicated',
      detail: `${copies.detail}, but not all are healthy (status.robustness degraded)`,
    };
  return copies;
}
