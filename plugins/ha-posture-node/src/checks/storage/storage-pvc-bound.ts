import { WorkloadCheck } from '../../model/checks';
import { describeObject, notEvaluable } from '../util';
import { STORAGE_KEYS, workloadPvcs } from './volumes';

const PHASE_MEANING: Record<string, string> = {
  Pending: 'no volume is bound yet, so pods that mount it cannot start',
  Lost: 'its PersistentVolume is gone, so the data is unreachable',
};

export const storagePvcBound: WorkloadCheck = {
  id: 'storage-pvc-bound',
  title: 'Volume claims are bound',
  category: 'storage',
  severity: 'high',
  scope: 'workload',
  rationale:
    'A Pending claim keeps the pods that mount it from starting (a replica is missing); a Lost claim means the ' +
    'volume behind it was deleted and the data is gone.',
  remediation:
    'For Pending claims check `kubectl describe pvc` (missing StorageClass, no capacity, zone mismatch with ' +
    'Immediate binding); for Lost claims restore the volume from a backup or snapshot.',
  references: [
    'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#phase',
  ],
  evaluate({ cluster, workload }) {
    const blocked = notEvaluable(cluster, STORAGE_KEYS.pvcs);
    if (blocked) return blocked;
    if (cluster.snapshot.mode === 'manifests') {
      return {
        status: 'skipped',
        message: 'Claim binding is cluster state, not part of plain manifests.',
      };
    }
    const pvcs = workloadPvcs(cluster, workload);
    if (pvcs.length === 0) {
      return {
        status: 'skipped',
        message: `${describeObject(
          workload,
        )} mounts no persistent volume claims`,
      };
    }
    const claims = pvcs.map(pvc => ({
      name: pvc.metadata.name,
      phase: String(pvc.status?.phase ?? 'unknown'),
    }));
    const evidence = { claims };
    const broken = claims.filter(
      c => c.phase === 'Pending' || c.phase === 'Lost',
    );
    if (broken.length > 0) {
      return {
        status: 'fail',
        message: broken
          .map(c => `PVC ${c.name} is ${c.phase}: ${PHASE_MEANING[c.phase]}`)
          .join('; '),
        evidence,
      };
    }
    // A Bound claim whose PV is missing from a snapshot that holds PVs: the status cannot be
    // confirmed (the PV may be gone, which makes the claim Lost, or the dump is partial).
    const pvsListed =
      cluster.fetchState(STORAGE_KEYS.pvs).status === 'ok' &&
      cluster.list(STORAGE_KEYS.pvs).length > 0;
    const orphaned = pvsListed
      ? pvcs.filter(pvc => {
          const volume = pvc.spec?.volumeName;
          return (
            pvc.status?.phase === 'Bound' &&
            typeof volume === 'string' &&
            !cluster.get(STORAGE_KEYS.pvs, undefined, volume)
          );
        })
      : [];
    if (orphaned.length > 0) {
      return {
        status: 'unknown',
        message: orphaned
          .map(
            pvc =>
              `PVC ${pvc.metadata.name} is Bound to PersistentVolume ${pvc.spec.volumeName}, which the snapshot does not hold (deleted, which loses the data, or left out of the dump)`,
          )
          .join('; '),
        evidence,
      };
    }
    const unknown = claims.filter(c => c.phase !== 'Bound');
    if (unknown.length > 0) {
      return {
        status: 'unknown',
        message: `The phase of ${unknown
          .map(c => `PVC ${c.name}`)
          .join(', ')} is not reported.`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `All ${claims.length} volume claims are Bound.`,
      evidence,
    };
  },
};
