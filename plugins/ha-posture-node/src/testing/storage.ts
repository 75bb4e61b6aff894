/** Test builders for storage beyond the basics in builders.ts: bound claims of a StatefulSet, Ceph pools, snapshots. */
import { K8sObject } from '../model/snapshot';
import { k8sObject, pv, PvOptions, pvc } from './builders';

export interface BoundVolumesOptions
  extends Omit<PvOptions, 'claim' | 'zones' | 'hostname'> {
  /** Zones of each ordinal's PV (round-robin); omitted: no zone affinity. */
  zones?: string[];
  /** Node of each ordinal's PV (round-robin), as hostname affinity. */
  hostnames?: string[];
  /** PVC phase (default Bound). */
  phase?: string;
}

/**
 * For every ordinal of a StatefulSet and each of its volumeClaimTemplates: the PVC `<tpl>-<sts>-<i>`
 * and a PV bound to it (named `pv-<tpl>-<sts>-<i>`). Storage class defaults to the template's.
 */
export function boundVolumesFor(
  sts: K8sObject,
  options: BoundVolumesOptions = {},
): K8sObject[] {
  const namespace = sts.metadata.namespace ?? 'default';
  const replicas: number = sts.spec?.replicas ?? 1;
  const templates: any[] = sts.spec?.volumeClaimTemplates ?? [];
  const out: K8sObject[] = [];
  for (const template of templates) {
    for (let i = 0; i < replicas; i++) {
      const claimName = `${template.metadata.name}-${sts.metadata.name}-${i}`;
      const storageClassName =
        options.storageClassName ?? template.spec?.storageClassName;
      const volumeName = `pv-${claimName}`;
      out.push(
        pvc(claimName, {
          namespace,
          storageClassName,
          volumeName,
          phase: options.phase,
        }),
        pv(volumeName, {
          ...options,
          storageClassName,
          claim: `${namespace}/${claimName}`,
          ...(options.zones
            ? { zones: [options.zones[i % options.zones.length]] }
            : {}),
          ...(options.hostnames
            ? { hostname: options.hostnames[i % options.hostnames.length] }
            : {}),
        }),
      );
    }
  }
  return out;
}

/**
 * A Rook CephBlockPool with `spec.replicated.size` (or erasure coding when `codingChunks` is given);
 * `minSize` sets `spec.parameters.min_size`.
 */
export function cephBlockPool(
  name: string,
  options: {
    namespace?: string;
    size?: number;
    failureDomain?: string;
    replicasPerFailureDomain?: number;
    dataChunks?: number;
    codingChunks?: number;
    minSize?: number;
  } = {},
): K8sObject {
  return k8sObject('ceph.rook.io/v1', 'CephBlockPool', name, {
    namespace: options.namespace ?? 'rook-ceph',
    spec: {
      failureDomain: options.failureDomain ?? 'host',
      ...(options.codingChunks !== undefined
        ? {
            erasureCoded: {
              dataChunks: options.dataChunks ?? 2,
              codingChunks: options.codingChunks,
            },
          }
        : {
            replicated: {
              size: options.size ?? 3,
              ...(options.replicasPerFailureDomain
                ? { replicasPerFailureDomain: options.replicasPerFailureDomain }
                : {}),
            },
          }),
      ...(options.minSize
        ? { parameters: { min_size: String(options.minSize) } }
        : {}),
    },
  });
}

/**
 * A Rook CephFilesystem with data pools of the given replicated sizes, and a metadata pool of
 * `metadataSize` (default 3), all with the same failure domain.
 */
export function cephFilesystem(
  name: string,
  dataPoolSizes: number[],
  options: {
    namespace?: string;
    failureDomain?: string;
    metadataSize?: number;
  } = {},
): K8sObject {
  return k8sObject('ceph.rook.io/v1', 'CephFilesystem', name, {
    namespace: options.namespace ?? 'rook-ceph',
    spec: {
      metadataPool: {
        failureDomain: options.failureDomain ?? 'host',
        replicated: { size: options.metadataSize ?? 3 },
      },
      dataPools: dataPoolSizes.map((size, i) => ({
        name: `data${i}`,
        failureDomain: options.failureDomain ?? 'host',
        replicated: { size },
      })),
    },
  });
}

/**
 * A Longhorn Volume (longhorn.io/v1beta2), named as Longhorn names it: by its PV's CSI volumeHandle.
 * `spec` adds to spec.numberOfReplicas (replicaSoftAntiAffinity ...).
 */
export function longhornVolume(
  volumeHandle: string,
  options: {
    numberOfReplicas?: number;
    robustness?: 'healthy' | 'degraded' | 'faulted' | 'unknown';
    spec?: Record<string, unknown>;
  } = {},
): K8sObject {
  return k8sObject('longhorn.io/v1beta2', 'Volume', volumeHandle, {
    namespace: 'longhorn-system',
    spec: { numberOfReplicas: options.numberOfReplicas ?? 3, ...options.spec },
    status: { state: 'attached', robustness: options.robustness ?? 'healthy' },
  });
}

export function volumeSnapshotClass(name: string, driver: string): K8sObject {
  return k8sObject('snapshot.storage.k8s.io/v1', 'VolumeSnapshotClass', name, {
    cluster: true,
    fields: { driver, deletionPolicy: 'Delete' },
  });
}

export function volumeSnapshot(
  name: string,
  claim: string,
  options: {
    namespace?: string;
    readyToUse?: boolean;
    creationTime?: string;
    snapshotClass?: string;
  } = {},
): K8sObject {
  return k8sObject('snapshot.storage.k8s.io/v1', 'VolumeSnapshot', name, {
    namespace: options.namespace ?? 'default',
    spec: {
      source: { persistentVolumeClaimName: claim },
      ...(options.snapshotClass
        ? { volumeSnapshotClassName: options.snapshotClass }
        : {}),
    },
    status: {
      readyToUse: options.readyToUse ?? true,
      ...(options.creationTime ? { creationTime: options.creationTime } : {}),
    },
  });
}
