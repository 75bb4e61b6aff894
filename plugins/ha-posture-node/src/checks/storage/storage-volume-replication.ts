import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { describeObject, distinct, notEvaluable, plural } from '../util';
import { Replication, REPLICATION_RANK } from './replication';
import {
  classifyClaim,
  STORAGE_KEYS,
  VolumeFacts,
  workloadClaims,
} from './volumes';
import { replicaFloorOf } from '../replicas/replicaFloors';

const STATUS: Record<Replication, CheckOutcome['status']> = {
  faulted: 'fail',
  'node-bound': 'fail',
  'single-copy': 'fail',
  zonal: 'warn',
  'under-replicated': 'warn',
  'node-redundant': 'warn',
  unknown: 'unknown',
  'likely-replicated': 'pass',
  replicated: 'pass',
};

const PHRASE: Record<Replication, string> = {
  faulted: 'faulted',
  'node-bound': 'node-bound',
  'single-copy': 'kept in a single copy',
  zonal: 'zonal',
  'under-replicated': 'under-replicated',
  'node-redundant': 'not zone-redundant',
  unknown: 'of unknown replication',
  'likely-replicated': 'likely replicated',
  replicated: 'replicated',
};

function describeVolume(v: VolumeFacts): string {
  const where = [v.storageClass && `StorageClass ${v.storageClass}`, v.driver]
    .filter(Boolean)
    .join(', ');
  return where ? `${v.claim} (${where})` : v.claim;
}

/**
 * What an outage of one zone does to zonal volumes: one volume goes with its zone; volumes spread
 * over several zones (a StatefulSet's, one per replica) go one zone's worth at a time.
 */
function zoneOutage(volumes: VolumeFacts[], statefulSet: boolean): string {
  const zones = distinct(volumes.flatMap(v => v.zones));
  if (volumes.length === 1)
    return zones.length === 1
      ? `An outage of zone ${zones[0]} takes the volume offline`
      : 'An outage of its zone takes the volume offline';
  if (zones.length === 0)
    return "An outage of a volume's zone takes that volume offline";
  const unplaced = volumes.filter(v => v.zones.length === 0).length;
  if (zones.length === 1 && unplaced === 0)
    return `An outage of zone ${zones[0]} takes all ${volumes.length} volumes offline`;
  const oneEach = zones.every(
    zone => volumes.filter(v => v.zones.includes(zone)).length === 1,
  );
  const rest = unplaced
    ? `; ${plural(unplaced, 'more volume')} in a zone not known`
    : '';
  if (oneEach)
    return `Each volume sits in its own zone (${zones.join(
      ', ',
    )}${rest}): an outage of one zone takes ${
      statefulSet ? "one replica's volume" : 'one volume'
    } offline`;
  return `The volumes sit in ${plural(zones.length, 'zone')} (${zones.join(
    ', ',
  )}${rest}): an outage of one zone takes the volumes in it offline`;
}

export const storageVolumeReplication: WorkloadCheck = {
  id: 'storage-volume-replication',
  title: 'Persistent volumes survive a node or zone failure',
  category: 'storage',
  severity: 'high',
  scope: 'workload',
  rationale:
    "Replicas only help if their data survives too: a volume on one node's disk is lost with the node, and a zonal " +
    'disk (EBS, zonal PD, Azure LRS) goes offline with its zone, taking a single-replica StatefulSet down with it.',
  remediation:
    'Use a replicated StorageClass (GKE replication-type: regional-pd, Azure Premium_ZRS/StandardSSD_ZRS, Ceph pools ' +
    'with size 3 and failureDomain zone, Longhorn numberOfReplicas ≥ 3) or replicate at the application level ' +
    '(several replicas spread across zones, each with its own volume).',
  references: [
    'https://kubernetes.io/docs/concepts/storage/storage-classes/',
    'https://github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver#createvolume-parameters',
    'https://github.com/kubernetes-sigs/azuredisk-csi-driver/blob/master/docs/driver-parameters.md',
    'https://rook.io/docs/rook/latest/CRDs/Block-Storage/ceph-block-pool-crd/',
    'https://longhorn.io/docs/latest/references/storage-class-parameters/',
    'https://docs.portworx.com/portworx-enterprise/reference/storageclass',
  ],
  evaluate({ cluster, workload }) {
    const blocked = notEvaluable(cluster, STORAGE_KEYS.pvcs);
    if (blocked) return blocked;
    const claims = workloadClaims(cluster, workload);
    if (claims.length === 0) {
      return {
        status: 'skipped',
        message: `${describeObject(workload)} mounts no persistent volumes`,
      };
    }
    const volumes = claims.map(claim => classifyClaim(cluster, claim));
    const worstRank = Math.max(
      ...volumes.map(v => REPLICATION_RANK[v.replication]),
    );
    const worst = volumes.filter(
      v => REPLICATION_RANK[v.replication] === worstRank,
    );
    const replication = worst[0].replication;
    const evidence = { volumes };
    // Plain manifests rarely carry the StorageClass (the cluster's default, or the platform's):
    // what it does to the data is judged on a cluster, as storage-pvc-bound's cluster state is.
    if (
      cluster.snapshot.mode === 'manifests' &&
      replication === 'unknown' &&
      worst.every(v => v.classNotInInput)
    ) {
      return {
        status: 'skipped',
        message: `${worst
          .map(v => `Volume ${v.claim}: ${v.detail}`)
          .join(
            '; ',
          )}. The cluster's StorageClass decides the replication: judged on a cluster.`,
        evidence,
      };
    }

    const subject =
      worst.length === 1
        ? `Volume ${describeVolume(worst[0])} is`
        : `${worst.length} volumes (${worst
            .map(describeVolume)
            .join('; ')}) are`;
    const details = [...new Set(worst.map(v => v.detail))].join('; ');
    const summary = `${subject} ${PHRASE[replication]}: ${details}`;

    if (STATUS[replication] === 'pass') {
      return {
        status: 'pass',
        message:
          volumes.length === 1
            ? `${summary}.`
            : `All ${volumes.length} volumes survive a node failure. ${summary}.`,
        evidence,
      };
    }
    if (replication === 'zonal') {
      const zones = distinct(worst.flatMap(v => v.zones));
      const zoneText = zones.length ? `zone ${zones.join(' or ')}` : 'its zone';
      const single = replicaFloorOf(cluster, workload).floor <= 1;
      if (single && cluster.zones.length >= 2) {
        return {
          status: 'fail',
          message: `${summary}. With a single replica in a ${cluster.zones.length}-zone cluster, the data and the workload die with ${zoneText}.`,
          remediation:
            'Run ≥ 3 replicas with application-level replication across zones, or move the data to a zone-redundant ' +
            'StorageClass (regional PD, Azure ZRS, a replicated Ceph/Longhorn pool).',
          evidence: {
            ...evidence,
            replicaFloor: replicaFloorOf(cluster, workload).floor,
            clusterZones: cluster.zones,
          },
        };
      }
      return {
        status: 'warn',
        message: `${summary}. ${zoneOutage(
          worst,
          // An operator's pods (CloudNativePG instances) each have their own claim, as a StatefulSet's do.
          workload.kind === 'StatefulSet' || workload.kind === 'Operated',
        )}; only application-level replication across zones keeps the data available.`,
        evidence,
      };
    }
    const consequence: Partial<Record<Replication, string>> = {
      faulted:
        'No replica serves the data now: the volume cannot be used until one is rebuilt or it is restored from a backup.',
      'node-bound':
        'The data is lost, and the pod cannot reschedule, when that node fails.',
      'single-copy': 'One disk or node failure loses the data.',
      'under-replicated': 'One more failure loses data or makes it read-only.',
      'node-redundant': `The data survives a node failure, not a zone failure: an outage of one of the cluster's ${cluster.zones.length} zones can take it offline.`,
      unknown:
        'Whether the data survives a node or zone failure cannot be read from the Kubernetes API.',
    };
    const consequences = distinct(
      worst.map(v => v.consequence ?? consequence[replication]),
    );
    return {
      status: STATUS[replication],
      message: `${summary}. ${consequences.join(' ')}`,
      ...(replication === 'node-redundant'
        ? {
            remediation:
              'Keep the copies in different zones (Ceph failureDomain zone, Longhorn replicaZoneSoftAntiAffinity: ' +
              '"disabled", LINSTOR replicasOnDifferent: topology.kubernetes.io/zone), or replicate at the application ' +
              'level across zones.',
          }
        : {}),
      evidence,
    };
  },
};
