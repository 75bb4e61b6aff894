/**
 * Storage: StorageClasses, dynamic (and static local) provisioning of a PVC
 * into a bound PV whose source and node affinity match the driver, and CSI
 * snapshot classes/snapshots.
 */
import { Cluster, K8s } from '../lib/cluster';
import { hex, intIn, uuid } from '../lib/ids';
import { Duration, seconds } from '../lib/time';
import { meta } from './meta';

export interface StorageClassOpts {
  name: string;
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: 'Delete' | 'Retain';
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  allowVolumeExpansion?: boolean;
  isDefault?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  allowedTopologies?: K8s[];
  created: Duration;
}

export function addStorageClass(c: Cluster, o: StorageClassOpts): K8s {
  const sc: K8s = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta(c, 'StorageClass', {
      name: o.name,
      labels: o.labels,
      annotations: {
        ...(o.isDefault
          ? { 'storageclass.kubernetes.io/is-default-class': 'true' }
          : {}),
        ...(o.annotations ?? {}),
      },
      created: o.created,
    }),
    provisioner: o.provisioner,
    reclaimPolicy: o.reclaimPolicy ?? 'Delete',
    volumeBindingMode: o.volumeBindingMode ?? 'Immediate',
  };
  if (o.parameters) sc.parameters = o.parameters;
  if (o.allowVolumeExpansion !== undefined)
    sc.allowVolumeExpansion = o.allowVolumeExpansion;
  if (o.allowedTopologies) sc.allowedTopologies = o.allowedTopologies;
  return c.add(sc);
}

const affinity = (key: string, values: string[]): K8s => ({
  required: {
    nodeSelectorTerms: [
      { matchExpressions: [{ key, operator: 'In', values }] },
    ],
  },
});

export interface ClaimOpts {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  storageClassName: string;
  size: string;
  accessModes?: string[];
  /** The node of the first consumer (decides the zone / host of the volume). */
  nodeName: string | null;
  /** Seconds before capture. */
  created: number;
}

/** Creates a Bound PVC and its PV, shaped by the StorageClass's provisioner. */
export function provisionClaim(
  c: Cluster,
  o: ClaimOpts,
): { pvc: K8s; pv: K8s } {
  const sc = c.must('StorageClass', undefined, o.storageClassName);
  if (!o.nodeName)
    throw new Error(`${o.name}: cannot bind a claim without a node`);
  const node = c.node(o.nodeName);
  const accessModes = o.accessModes ?? ['ReadWriteOnce'];
  const provisioner: string = sc.provisioner;
  const wffc = sc.volumeBindingMode === 'WaitForFirstConsumer';
  const pvcUid = c.uid('PersistentVolumeClaim', o.namespace, o.name);
  const staticLocal = provisioner === 'kubernetes.io/no-provisioner';
  const pvName = staticLocal
    ? `local-pv-${hex(`${c.name}/localpv/${o.name}`, 8)}`
    : `pvc-${pvcUid}`;

  const pvcAnn: Record<string, string> = {
    'pv.kubernetes.io/bind-completed': 'yes',
    'pv.kubernetes.io/bound-by-controller': 'yes',
  };
  if (!staticLocal) {
    pvcAnn['volume.beta.kubernetes.io/storage-provisioner'] = provisioner;
    pvcAnn['volume.kubernetes.io/storage-provisioner'] = provisioner;
  }
  if (wffc) pvcAnn['volume.kubernetes.io/selected-node'] = o.nodeName;

  const pvc: K8s = c.add({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(c, 'PersistentVolumeClaim', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      annotations: pvcAnn,
      created: o.created,
      finalizers: ['kubernetes.io/pvc-protection'],
    }),
    spec: {
      accessModes,
      resources: { requests: { storage: o.size } },
      storageClassName: o.storageClassName,
      volumeMode: 'Filesystem',
      volumeName: pvName,
    },
    status: { accessModes, capacity: { storage: o.size }, phase: 'Bound' },
  });

  const pvSpec: K8s = {
    accessModes,
    capacity: { storage: o.size },
    claimRef: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      name: o.name,
      namespace: o.namespace,
      resourceVersion: pvc.metadata.resourceVersion,
      uid: pvc.metadata.uid,
    },
    persistentVolumeReclaimPolicy: sc.reclaimPolicy,
    storageClassName: o.storageClassName,
    volumeMode: 'Filesystem',
  };
  const pvAnn: Record<string, string> = {};
  const finalizers = ['kubernetes.io/pv-protection'];
  let pvCreated = o.created - 3;
  const key = `${c.name}/${o.namespace}/${o.name}`;
  switch (provisioner) {
    case 'rook-ceph.rbd.csi.ceph.com': {
      const img = uuid(`${key}/rbd`);
      pvSpec.csi = {
        controllerExpandSecretRef: {
          name: 'rook-csi-rbd-provisioner',
          namespace: 'rook-ceph',
        },
        driver: provisioner,
        fsType: 'ext4',
        nodeStageSecretRef: {
          name: 'rook-csi-rbd-node',
          namespace: 'rook-ceph',
        },
        volumeAttributes: {
          clusterID: sc.parameters.clusterID,
          imageFeatures: sc.parameters.imageFeatures,
          imageFormat: sc.parameters.imageFormat,
          imageName: `csi-vol-${img}`,
          journalPool: sc.parameters.pool,
          pool: sc.parameters.pool,
          'storage.kubernetes.io/csiProvisionerIdentity':
            '1731000000000-8081-rook-ceph.rbd.csi.ceph.com',
        },
        volumeHandle: `0001-0009-rook-ceph-0000000000000002-${img}`,
      };
      pvAnn['pv.kubernetes.io/provisioned-by'] = provisioner;
      pvAnn['volume.kubernetes.io/provisioner-deletion-secret-name'] =
        'rook-csi-rbd-provisioner';
      pvAnn['volume.kubernetes.io/provisioner-deletion-secret-namespace'] =
        'rook-ceph';
      finalizers.push('external-provisioner.volume.kubernetes.io/finalizer');
      break;
    }
    case 'ebs.csi.aws.com': {
      pvSpec.csi = {
        driver: provisioner,
        fsType: sc.parameters?.['csi.storage.k8s.io/fstype'] ?? 'ext4',
        volumeAttributes: {
          'storage.kubernetes.io/csiProvisionerIdentity':
            '1730000000000-9431-ebs.csi.aws.com',
        },
        volumeHandle: `vol-0${hex(`${key}/ebs`, 16)}`,
      };
      pvSpec.nodeAffinity = affinity('topology.ebs.csi.aws.com/zone', [
        node.zone!,
      ]);
      pvAnn['pv.kubernetes.io/provisioned-by'] = provisioner;
      pvAnn['volume.kubernetes.io/provisioner-deletion-secret-name'] = '';
      pvAnn['volume.kubernetes.io/provisioner-deletion-secret-namespace'] = '';
      finalizers.push(
        'external-provisioner.volume.kubernetes.io/finalizer',
        'external-attacher/ebs-csi-aws-com',
      );
      break;
    }
    case 'efs.csi.aws.com': {
      pvSpec.csi = {
        driver: provisioner,
        volumeHandle: `${sc.parameters.fileSystemId}::fsap-0${hex(
          `${key}/efs`,
          16,
        )}`,
      };
      pvAnn['pv.kubernetes.io/provisioned-by'] = provisioner;
      break;
    }
    case 'pd.csi.storage.gke.io': {
      const regional = sc.parameters?.['replication-type'] === 'regional-pd';
      const zones = [...c.nodes.values()]
        .map(n => n.zone!)
        .filter((z, i, a) => a.indexOf(z) === i)
        .sort();
      const zi = zones.indexOf(node.zone!);
      const volZones = regional
        ? [node.zone!, zones[(zi + 1) % zones.length]].sort()
        : [node.zone!];
      const project = c.info.name === 'staging-eu' ? 'acme-staging' : 'acme';
      pvSpec.csi = {
        driver: provisioner,
        fsType: 'ext4',
        volumeAttributes: {
          'storage.kubernetes.io/csiProvisionerIdentity':
            '1730000000000-7445-pd.csi.storage.gke.io',
        },
        volumeHandle: regional
          ? `projects/${project}/regions/${c.info.location}/disks/${pvName}`
          : `projects/${project}/zones/${node.zone}/disks/${pvName}`,
      };
      pvSpec.nodeAffinity = affinity('topology.gke.io/zone', volZones);
      pvAnn['pv.kubernetes.io/provisioned-by'] = provisioner;
      pvAnn['volume.kubernetes.io/provisioner-deletion-secret-name'] = '';
      pvAnn['volume.kubernetes.io/provisioner-deletion-secret-namespace'] = '';
      finalizers.push(
        'external-provisioner.volume.kubernetes.io/finalizer',
        'external-attacher/pd-csi-storage-gke-io',
      );
      break;
    }
    case 'rancher.io/local-path': {
      pvSpec.hostPath = {
        path: `/var/lib/rancher/k3s/storage/${pvName}_${o.namespace}_${o.name}`,
        type: 'DirectoryOrCreate',
      };
      pvSpec.nodeAffinity = affinity('kubernetes.io/hostname', [o.nodeName]);
      pvAnn['local.path.provisioner/selected-node'] = o.nodeName;
      pvAnn['pv.kubernetes.io/provisioned-by'] = provisioner;
      break;
    }
    case 'kubernetes.io/no-provisioner': {
      // Pre-created by an admin (or the local static provisioner) long before the claim.
      pvSpec.local = { path: `/mnt/disks/ssd${intIn(key, 0, 1)}` };
      pvSpec.nodeAffinity = affinity('kubernetes.io/hostname', [o.nodeName]);
      pvAnn['pv.kubernetes.io/bound-by-controller'] = 'yes';
      pvCreated = o.created + 86400 * 3;
      break;
    }
    default:
      throw new Error(`no provisioning model for ${provisioner}`);
  }
  const pv: K8s = c.add({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: meta(c, 'PersistentVolume', {
      name: pvName,
      labels: staticLocal ? { 'storage.acme.io/disk': 'local-ssd' } : {},
      annotations: pvAnn,
      created: pvCreated,
      finalizers,
    }),
    spec: pvSpec,
    status: { lastPhaseTransitionTime: c.ago(o.created - 4), phase: 'Bound' },
  });
  return { pvc, pv };
}

export function addVolumeSnapshotClass(
  c: Cluster,
  o: {
    name: string;
    driver: string;
    deletionPolicy?: string;
    parameters?: Record<string, string>;
    isDefault?: boolean;
    created: Duration;
  },
): K8s {
  const vsc: K8s = {
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshotClass',
    metadata: meta(c, 'VolumeSnapshotClass', {
      name: o.name,
      annotations: o.isDefault
        ? { 'snapshot.storage.kubernetes.io/is-default-class': 'true' }
        : {},
      created: o.created,
    }),
    deletionPolicy: o.deletionPolicy ?? 'Delete',
    driver: o.driver,
  };
  if (o.parameters) vsc.parameters = o.parameters;
  return c.add(vsc);
}

export function addVolumeSnapshot(
  c: Cluster,
  o: {
    name: string;
    namespace: string;
    pvcName: string;
    className: string;
    created: Duration;
    labels?: Record<string, string>;
  },
): K8s {
  const pvc = c.must('PersistentVolumeClaim', o.namespace, o.pvcName);
  const created = seconds(o.created);
  return c.add({
    apiVersion: 'snapshot.storage.k8s.io/v1',
    kind: 'VolumeSnapshot',
    metadata: meta(c, 'VolumeSnapshot', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      created,
      finalizers: [
        'snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection',
        'snapshot.storage.kubernetes.io/volumesnapshot-bound-protection',
      ],
      generation: 1,
    }),
    spec: {
      source: { persistentVolumeClaimName: o.pvcName },
      volumeSnapshotClassName: o.className,
    },
    status: {
      boundVolumeSnapshotContentName: `snapcontent-${c.uid(
        'VolumeSnapshot',
        o.namespace,
        o.name,
      )}`,
      creationTime: c.ago(created - 2),
      readyToUse: true,
      restoreSize: pvc.spec.resources.requests.storage,
    },
  });
}
