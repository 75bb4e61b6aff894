/**
 * Longhorn volumes (driver.longhorn.io): the copies a StorageClass asks for, how far apart Longhorn
 * keeps them, and what the volume's own custom resource (volumes.longhorn.io) says now.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { plural } from '../util';
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

/**
 * With hard zone anti-affinity (replicaZoneSoftAntiAffinity "disabled") Longhorn schedules each
 * replica in its own zone (replica scheduler getDiskCandidates): in a cluster of fewer zones the
 * other replicas never schedule and the volume stays degraded with one copy per zone.
 */
function zoneShortfall(
  cluster: ClusterView,
  verdict: Verdict,
  replicas: number,
  zoneSoftAntiAffinity: unknown,
): Verdict {
  // The zones the cluster is built over, ready or not: a zone that is down still holds its replicas.
  const zones = cluster.workerZones.length;
  if (zoneSoftAntiAffinity !== 'disabled' || zones === 0 || replicas <= zones)
    return verdict;
  return {
    ...verdict,
    replication: zones === 1 ? 'single-copy' : 'under-replicated',
    detail: `${
      verdict.detail
    }, but replicaZoneSoftAntiAffinity "disabled" keeps each replica in its own zone and the cluster has ${plural(
      zones,
      'zone',
    )}, so only ${plural(
      zones,
      'replica',
    )} can be scheduled and the volume stays degraded`,
  };
}

/** The copies the volume asks for: its own spec when read, else the class's numberOfReplicas. */
function longhornCopies(
  cluster: ClusterView,
  params: Record<string, string>,
  volume: K8sObject | undefined,
): Verdict {
  const spec = volume?.spec ?? {};
  const volumeReplicas = positiveInt(spec.numberOfReplicas, 0);
  if (volume && volumeReplicas > 0) {
    return zoneShortfall(
      cluster,
      byCopies(
        volumeReplicas,
        `Longhorn volume ${volume.metadata.name} (spec.numberOfReplicas)`,
        longhornSpread(
          spec.replicaSoftAntiAffinity,
          spec.replicaZoneSoftAntiAffinity,
        ),
      ),
      volumeReplicas,
      spec.replicaZoneSoftAntiAffinity,
    );
  }
  // Longhorn replaces 0 (or no value) by its default-replica-count setting (webhook volume mutator).
  const classReplicas = positiveInt(params.numberOfReplicas, 0);
  if (classReplicas === 0) {
    const setting =
      params.numberOfReplicas === undefined
        ? 'sets no numberOfReplicas'
        : `sets numberOfReplicas "${params.numberOfReplicas}"`;
    return {
      replication: 'unknown',
      detail: `the StorageClass ${setting}, so Longhorn's default-replica-count setting (3 unless changed) decides, which is not read`,
    };
  }
  return zoneShortfall(
    cluster,
    byCopies(
      classReplicas,
      'Longhorn (numberOfReplicas)',
      longhornSpread(
        params.replicaSoftAntiAffinity,
        params.replicaZoneSoftAntiAffinity,
      ),
    ),
    classReplicas,
    params.replicaZoneSoftAntiAffinity,
  );
}

/**
 * A Longhorn volume: its copies, and its status.robustness when its custom resource is read
 * (faulted: no replica serves the data; degraded: some replicas are down or rebuilding).
 */
export function longhornVerdict(
  cluster: ClusterView,
  params: Record<string, string>,
  volume: K8sObject | undefined,
): Verdict {
  const copies = longhornCopies(cluster, params, volume);
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
