/**
 * Follows a workload's claims to their PersistentVolume and StorageClass, and classifies how many
 * failure domains the data survives (rules file, section 5).
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { perCluster } from '../util';
import { cephVerdict, isCephDriver } from './ceph';
import { longhornVerdict, longhornVolumeOf } from './longhorn';
import {
  byCopies,
  judgeSpread,
  positiveInt,
  Replication,
  SpreadLevel,
  Verdict,
} from './replication';
import { STORAGE_KEYS } from './storageKeys';

// The checks that follow claims take the keys from here, beside the claims (backups, storage).
export { STORAGE_KEYS } from './storageKeys';

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export interface VolumeFacts {
  /** The claim (or `<template>` of a StatefulSet volumeClaimTemplate without claims yet). */
  claim: string;
  pv?: string;
  storageClass?: string;
  /** CSI driver or provisioner. */
  driver?: string;
  /** Zones the volume is pinned to by its node affinity (empty: none or unknown). */
  zones: string[];
  replication: Replication;
  /** Why, in words: `Ceph pool replicapool keeps 3 copies (failure domain zone)`. */
  detail: string;
  /** Where the storage keeps the copies apart (replicated storage). */
  spread?: SpreadLevel;
  /** What the verdict means for the data, where the replication's usual consequence does not say it. */
  consequence?: string;
  /**
   * Set when neither a volume nor the StorageClass that would create one is in the input: the
   * cluster's default class, or a class the scan does not hold, decides.
   */
  classNotInInput?: true;
}

/** A claim of the workload: an existing PVC, or a StatefulSet template whose PVCs do not exist (manifests). */
export interface WorkloadClaim {
  name: string;
  pvc?: K8sObject;
  /** The claim spec (PVC spec or volumeClaimTemplate spec). */
  spec: any;
}

// Several storage and backup checks ask for the same workload's claims: found once per workload (shared lists).
const pvcsByWorkload = perCluster(() => new WeakMap<Workload, K8sObject[]>());
const claimsByWorkload = perCluster(
  () => new WeakMap<Workload, WorkloadClaim[]>(),
);

/**
 * The workload's claims: the PVCs its pods mount, plus StatefulSet volumeClaimTemplates that have
 * no PVC yet (a manifests scan has templates only). A shared list: do not modify it.
 */
export function workloadClaims(
  cluster: ClusterView,
  workload: Workload,
): WorkloadClaim[] {
  const memo = claimsByWorkload(cluster);
  let claims = memo.get(workload);
  if (!claims) {
    claims = claimsOf(cluster, workload);
    memo.set(workload, claims);
  }
  return claims;
}

/** cluster.pvcsOf, once per workload (a shared list: do not modify it). */
export function workloadPvcs(
  cluster: ClusterView,
  workload: Workload,
): K8sObject[] {
  const memo = pvcsByWorkload(cluster);
  let pvcs = memo.get(workload);
  if (!pvcs) {
    pvcs = cluster.pvcsOf(workload);
    memo.set(workload, pvcs);
  }
  return pvcs;
}

/**
 * The class annotation that predates spec.storageClassName; Kubernetes still reads it first, on
 * claims and volumes (component-helpers storage/volume GetPersistentVolumeClaimClass and
 * GetPersistentVolumeClass), and old manifests (kubernetes/examples' Cassandra) still use it.
 */
const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** A PVC's or volumeClaimTemplate's spec, naming the class the annotation gives when it has one. */
export function claimSpecOf(claim: any): any {
  const spec = claim?.spec ?? {};
  const legacy = claim?.metadata?.annotations?.[BETA_CLASS_ANNOTATION];
  return typeof legacy === 'string'
    ? { ...spec, storageClassName: legacy }
    : spec;
}

function claimsOf(cluster: ClusterView, workload: Workload): WorkloadClaim[] {
  const pvcs = workloadPvcs(cluster, workload);
  const claims: WorkloadClaim[] = pvcs.map(pvc => ({
    name: pvc.metadata.name,
    pvc,
    spec: claimSpecOf(pvc),
  }));
  if (workload.kind === 'StatefulSet') {
    const templates = Array.isArray(workload.object.spec?.volumeClaimTemplates)
      ? workload.object.spec.volumeClaimTemplates
      : [];
    for (const template of templates) {
      const name = template?.metadata?.name;
      if (typeof name !== 'string') continue;
      const prefix = `${name}-${workload.name}-`;
      if (!pvcs.some(p => p.metadata.name.startsWith(prefix)))
        claims.push({ name, spec: claimSpecOf(template) });
    }
  }
  return claims;
}

/** The cluster's default StorageClass (annotation `storageclass.kubernetes.io/is-default-class`). */
export function defaultStorageClass(
  cluster: ClusterView,
): K8sObject | undefined {
  return cluster
    .list(STORAGE_KEYS.storageClasses)
    .find(sc => sc.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
}

/** The StorageClass of a claim: its own class name, else its PV's, else the default class (no class name at all). */
export function storageClassOf(
  cluster: ClusterView,
  claimSpec: any,
  pv?: K8sObject,
): K8sObject | undefined {
  const name =
    claimSpec?.storageClassName ??
    pv?.metadata?.annotations?.[BETA_CLASS_ANNOTATION] ??
    pv?.spec?.storageClassName;
  // An explicit "" means "no class" (a statically provisioned volume).
  if (name === '') return undefined;
  if (typeof name === 'string')
    return cluster.get(STORAGE_KEYS.storageClasses, undefined, name);
  return pv ? undefined : defaultStorageClass(cluster);
}

/** In-tree volume sources and the provisioner name they correspond to. */
const IN_TREE_SOURCES: Record<string, string> = {
  awsElasticBlockStore: 'kubernetes.io/aws-ebs',
  gcePersistentDisk: 'kubernetes.io/gce-pd',
  azureDisk: 'kubernetes.io/azure-disk',
  azureFile: 'kubernetes.io/azure-file',
  vsphereVolume: 'kubernetes.io/vsphere-volume',
  portworxVolume: 'kubernetes.io/portworx-volume',
  cinder: 'kubernetes.io/cinder',
  nfs: 'nfs',
};

/** The CSI driver or provisioner behind a volume. */
export function driverOf(
  pv: K8sObject | undefined,
  storageClass: K8sObject | undefined,
): string | undefined {
  const csi = pv?.spec?.csi?.driver;
  if (typeof csi === 'string') return csi;
  for (const [field, provisioner] of Object.entries(IN_TREE_SOURCES)) {
    if (pv?.spec?.[field]) return provisioner;
  }
  const provisionedBy =
    pv?.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'];
  if (typeof provisionedBy === 'string') return provisionedBy;
  return typeof storageClass?.provisioner === 'string'
    ? storageClass.provisioner
    : undefined;
}

/** Whether a node-affinity key names a single node (hostname-like keys of local volume drivers). */
function isNodeKey(key: string): boolean {
  return (
    key === 'kubernetes.io/hostname' ||
    key.endsWith('/nodename') ||
    key.endsWith('/node')
  );
}

/** Whether a node-affinity key is a zone key: topology.kubernetes.io/zone, topology.gke.io/zone, topology.ebs.csi.aws.com/zone ... */
export function isZoneKey(key: string): boolean {
  return key.endsWith('/zone');
}

interface PvTopology {
  nodes: string[];
  /** Named zones (empty values left out). */
  zones: string[];
  /** A zone key with an empty value: pinned to nodes without a zone (the Azure Disk driver on zoneless AKS). */
  unnamedZone: boolean;
}

/** Nodes and zones a PV's required node affinity (and legacy zone labels) pin it to. */
export function pvTopology(pv: K8sObject | undefined): PvTopology {
  const nodes = new Set<string>();
  const zones = new Set<string>();
  const terms = pv?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  for (const term of Array.isArray(terms) ? terms : []) {
    for (const req of Array.isArray(term?.matchExpressions)
      ? term.matchExpressions
      : []) {
      if (
        req?.operator !== 'In' ||
        typeof req.key !== 'string' ||
        !Array.isArray(req.values)
      )
        continue;
      if (isNodeKey(req.key)) req.values.forEach((v: string) => nodes.add(v));
      else if (isZoneKey(req.key))
        req.values.forEach((v: string) => zones.add(v));
    }
  }
  // Volumes labelled by the old PersistentVolumeLabel admission: multi-zone values joined by "__".
  const labels = pv?.metadata?.labels ?? {};
  for (const key of [
    'topology.kubernetes.io/zone',
    'failure-domain.beta.kubernetes.io/zone',
  ]) {
    if (typeof labels[key] === 'string')
      labels[key].split('__').forEach((z: string) => zones.add(z));
  }
  const unnamedZone = zones.delete('');
  return { nodes: [...nodes].sort(), zones: [...zones].sort(), unnamedZone };
}

/** Drivers whose PV lists several zones only for a regional (replicated) disk. */
const REGIONAL_WHEN_MULTI_ZONE = new Set([
  'pd.csi.storage.gke.io',
  'kubernetes.io/gce-pd',
]);

/** Provisioners that always keep data on one node's disk. */
const NODE_LOCAL_PROVISIONERS = new Set([
  'rancher.io/local-path',
  'kubernetes.io/no-provisioner',
  'kubernetes.io/host-path',
  'openebs.io/local',
  'local.csi.openebs.io',
  'zfs.csi.openebs.io',
  'device.csi.openebs.io',
  'topolvm.io',
  'hostpath.csi.k8s.io',
  'microk8s.io/hostpath',
  'k8s.io/minikube-hostpath',
]);

/** StorageClass parameters, their values as strings and their keys as spelled. */
function stringParameters(parameters: unknown): Record<string, string> {
  if (!parameters || typeof parameters !== 'object') return {};
  return Object.fromEntries(
    Object.entries(parameters).map(([key, value]) => [key, String(value)]),
  );
}

/** StorageClass parameters, with keys lower-cased (Azure treats parameter names case-insensitively). */
function lowerCaseKeys(parameters: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stringParameters(parameters)).map(([key, value]) => [
      key.toLowerCase(),
      value,
    ]),
  );
}

/** The redundancy suffix of an Azure SKU name: `Premium_ZRS` → `ZRS`, `Standard_RAGZRS` → `RAGZRS`. */
function azureRedundancy(sku: string): string | undefined {
  return /_(LRS|ZRS|GRS|RAGRS|GZRS|RAGZRS)$/i.exec(sku)?.[1].toUpperCase();
}

/**
 * Azure Disk SKUs (azuredisk-csi-driver docs/driver-parameters.md, skuName: Standard_LRS,
 * Premium_LRS, StandardSSD_LRS, PremiumV2_LRS, UltraSSD_LRS, Premium_ZRS, StandardSSD_ZRS; default
 * StandardSSD_LRS): managed disks are either zone-redundant (ZRS) or in one zone (LRS).
 */
function azureDiskVerdict(sku: string): Verdict {
  const redundancy = azureRedundancy(sku);
  if (redundancy === 'ZRS')
    return {
      replication: 'replicated',
      detail: `Azure ${sku} is zone-redundant`,
      spread: 'zone',
    };
  if (redundancy === 'LRS')
    return {
      replication: 'zonal',
      detail: `Azure ${sku} is locally redundant (one zone)`,
    };
  return {
    replication: 'unknown',
    detail: `skuName ${sku} is not an Azure Disk SKU (managed disks are LRS or ZRS)`,
  };
}

/**
 * Azure Files storage account SKUs (azurefile-csi-driver docs/driver-parameters.md, skuName:
 * Standard_LRS default, Standard_ZRS, Standard_GRS, Standard_RAGRS, Standard_GZRS, Standard_RAGZRS,
 * Premium_LRS, Premium_ZRS, StandardV2_LRS/ZRS/GRS/GZRS, PremiumV2_LRS/ZRS). Azure storage
 * redundancy: ZRS and GZRS/RA-GZRS keep synchronous copies in 3 zones of the primary region (GZRS
 * adds an asynchronous copy in the paired region); LRS and GRS/RA-GRS keep the primary copies in
 * one datacenter (GRS's paired-region copy is asynchronous and served only after a failover).
 */
function azureFilesVerdict(sku: string): Verdict {
  const redundancy = azureRedundancy(sku);
  if (redundancy === 'ZRS')
    return {
      replication: 'replicated',
      detail: `Azure ${sku} is zone-redundant`,
      spread: 'zone',
    };
  if (redundancy === 'GZRS' || redundancy === 'RAGZRS')
    return {
      replication: 'replicated',
      detail: `Azure ${sku} is zone-redundant in its region (geo-zone-redundant: plus an asynchronous copy in the paired region)`,
      spread: 'zone',
    };
  if (redundancy === 'LRS')
    return {
      replication: 'zonal',
      detail: `Azure ${sku} is locally redundant (one zone)`,
    };
  if (redundancy === 'GRS' || redundancy === 'RAGRS')
    return {
      replication: 'zonal',
      detail: `Azure ${sku} is locally redundant (one zone) in its region; its geo copy in the paired region is asynchronous and serves the share only after a failover`,
    };
  return {
    replication: 'unknown',
    detail: `skuName ${sku} is not an Azure Files SKU whose redundancy is known`,
  };
}

/**
 * LINSTOR places each copy on its own node; its replicasOnDifferent (node properties, `Aux/` for the
 * node's labels) keeps them in different zones when it names a zone key, and replicasOnSame keeps
 * them all in one zone.
 */
function linstorVerdict(
  copies: number,
  params: Record<string, string>,
): Verdict {
  const namesZoneKey = (option: string) =>
    (params[`linstor.csi.linbit.com/${option}`] ?? params[option] ?? '')
      .split(/\s+/)
      .some(key => isZoneKey(key.replace(/^Aux\//, '')));
  if (namesZoneKey('replicasondifferent'))
    return byCopies(
      copies,
      'LINSTOR (placementCount, replicasOnDifferent zone)',
      'zone',
    );
  if (namesZoneKey('replicasonsame'))
    return byCopies(
      copies,
      'LINSTOR (placementCount, replicasOnSame: one zone)',
      'node',
    );
  return byCopies(copies, 'LINSTOR (placementCount)', 'node');
}

/**
 * Filestore tiers (gcp-filestore-csi-driver, StorageClass `tier`; GCP "Service tiers"): regional and
 * enterprise instances keep the data in several zones of a region; the others (standard, the
 * default, basic HDD and SSD, premium, high scale, zonal) live in one zone.
 */
function filestoreVerdict(tier: string | undefined): Verdict {
  const name = (tier ?? 'standard').toLowerCase().replace(/-/g, '_');
  if (name === 'regional' || name === 'enterprise')
    return {
      replication: 'replicated',
      detail: `a Filestore ${name} instance is regional (replicated across zones)`,
      spread: 'zone',
    };
  return {
    replication: 'zonal',
    detail: `a Filestore ${name} instance lives in one zone`,
  };
}

/**
 * Classifies by provisioner and parameters (a StorageClass's, or what a PV records). Undefined for
 * provisioners we don't know, and when the parameters do not tell (then the PV's topology may).
 * `defaults`: the parameters are a StorageClass's, so a driver's defaults apply to what they leave
 * out; a PV provisioned by hand records no class defaults (an existing disk may be of any SKU).
 * `pv`: the volume, whose own custom resource Longhorn keeps.
 */
export function classifyProvisioner(
  cluster: ClusterView,
  driver: string,
  parameters: unknown,
  defaults = true,
  pv?: K8sObject,
): Verdict | undefined {
  const params = lowerCaseKeys(parameters);
  if (NODE_LOCAL_PROVISIONERS.has(driver)) {
    return {
      replication: 'node-bound',
      detail: `${driver} keeps data on one node's disk`,
    };
  }
  switch (driver) {
    case 'ebs.csi.aws.com':
    case 'kubernetes.io/aws-ebs':
      return {
        replication: 'zonal',
        detail: 'an EBS volume lives in one availability zone',
      };
    case 'pd.csi.storage.gke.io':
    case 'kubernetes.io/gce-pd':
      // The driver lower-cases both values (pkg/common/parameters.go): Regional-PD is regional.
      if (params['replication-type']?.toLowerCase() === 'regional-pd')
        return {
          replication: 'replicated',
          detail: 'a regional persistent disk is replicated across 2 zones',
          spread: 'zone',
        };
      // Hyperdisk Balanced High Availability is a regional disk type, replicated across 2 zones
      // without any replication-type (GKE how-to "Provision regional persistent disks and
      // Hyperdisk Balanced High Availability volumes": its StorageClass sets only the type).
      if (params.type?.toLowerCase() === 'hyperdisk-balanced-high-availability')
        return {
          replication: 'replicated',
          detail:
            'a Hyperdisk Balanced High Availability volume is replicated across 2 zones',
          spread: 'zone',
        };
      return {
        replication: 'zonal',
        detail:
          'a zonal persistent disk (no replication-type: regional-pd) lives in one zone',
      };
    case 'disk.csi.azure.com':
    case 'kubernetes.io/azure-disk': {
      const sku =
        params.skuname ??
        params.storageaccounttype ??
        (defaults ? 'StandardSSD_LRS' : undefined);
      return sku
        ? azureDiskVerdict(sku)
        : {
            replication: 'unknown',
            detail:
              'an existing Azure disk whose SKU its PV does not record (LRS or ZRS)',
          };
    }
    case 'file.csi.azure.com':
    case 'kubernetes.io/azure-file': {
      const sku = params.skuname ?? params.storageaccounttype;
      // A named storage account must exist already: the SKU is the account's, not a default.
      if (!sku && params.storageaccount)
        return {
          replication: 'unknown',
          detail: `Azure Files on the existing storage account ${params.storageaccount}, whose redundancy the Kubernetes API does not show`,
        };
      if (!sku && !defaults) return undefined;
      return azureFilesVerdict(sku ?? 'Standard_LRS');
    }
    case 'filestore.csi.storage.gke.io':
      return filestoreVerdict(params.tier);
    case 'efs.csi.aws.com':
      return {
        replication: 'likely-replicated',
        detail:
          'EFS is multi-AZ unless it is an EFS One Zone file system, which the Kubernetes API does not show',
        spread: 'zone',
      };
    case 'driver.longhorn.io':
      // Longhorn reads its parameters by their exact keys: a mis-cased one is ignored.
      return longhornVerdict(
        cluster,
        stringParameters(parameters),
        longhornVolumeOf(cluster, pv),
      );
    case 'pxd.portworx.com':
    case 'kubernetes.io/portworx-volume':
      // Direct Access volumes live on a Pure FlashArray or FlashBlade, not in Portworx's pools.
      if (params.backend?.startsWith('pure_'))
        return {
          replication: 'unknown',
          detail: `Portworx Direct Access on Pure Storage (backend ${params.backend}): the array keeps the data, and its redundancy is not shown by the Kubernetes API`,
        };
      // Portworx puts replicas in different zones (or racks) when the nodes' labels tell them apart.
      return byCopies(
        positiveInt(params.repl, 1),
        'Portworx (repl)',
        'zone-preferred',
      );
    case 'cstor.csi.openebs.io':
      return params.replicacount
        ? byCopies(
            positiveInt(params.replicacount, 1),
            'OpenEBS cStor (replicaCount)',
            'node',
          )
        : undefined;
    case 'linstor.csi.linbit.com': {
      // Without placementCount the resource group decides, which the Kubernetes API does not show.
      const count =
        params['linstor.csi.linbit.com/placementcount'] ??
        params.placementcount ??
        params.autoplace;
      return count ? linstorVerdict(positiveInt(count, 1), params) : undefined;
    }
    case 'io.openebs.csi-mayastor':
      return byCopies(positiveInt(params.repl, 1), 'Mayastor (repl)', 'node');
    case 'csi.vsphere.vmware.com':
    case 'kubernetes.io/vsphere-volume':
      return {
        replication: 'unknown',
        detail: `vSphere replication is set by the vSAN storage policy${
          params.storagepolicyname ? ` "${params.storagepolicyname}"` : ''
        }, which the Kubernetes API does not show`,
      };
    default:
      return isCephDriver(driver)
        ? cephVerdict(cluster, driver, params)
        : undefined;
  }
}

/**
 * Network file shares whose PVs carry no node affinity, whatever the redundancy of their data: the
 * azurefile-csi-driver advertises no VOLUME_ACCESSIBILITY_CONSTRAINTS capability
 * (pkg/azurefile/identityserver.go), and Filestore's driver sets no topology, so a share mounts
 * from nodes in every zone. Ceph volumes (isCephDriver) mount over the network from every zone too,
 * even when their pool keeps every copy in one.
 */
const UNPINNED_SHARE_DRIVERS = new Set([
  'file.csi.azure.com',
  'kubernetes.io/azure-file',
  // Sets no topology on its PVs (gcp-filestore-csi-driver pkg/csi_driver/controller.go).
  'filestore.csi.storage.gke.io',
]);

/**
 * Where a provisioner's new volumes are pinned by their PV's node affinity, from its verdict: one
 * node (node-local storage), one zone (zonal disks), two zones (regional persistent disks), or
 * nowhere the scheduler must follow (network shares, other replicated systems, unknown provisioners).
 */
export function provisionerPinning(
  driver: string,
  replication: Replication | undefined,
): 'node' | 'zone' | 'two-zones' | undefined {
  if (replication === 'node-bound') return 'node';
  if (replication === 'replicated' && REGIONAL_WHEN_MULTI_ZONE.has(driver))
    return 'two-zones';
  if (
    replication === 'zonal' &&
    !UNPINNED_SHARE_DRIVERS.has(driver) &&
    !isCephDriver(driver)
  )
    return 'zone';
  return undefined;
}

/** What a claim resolves to: its bound PV, its StorageClass, and the CSI driver or provisioner behind it. */
export interface ResolvedClaim {
  pv?: K8sObject;
  storageClass?: K8sObject;
  driver?: string;
}

/** Follows a claim to its PV (when bound and read) and StorageClass. */
export function resolveClaim(
  cluster: ClusterView,
  claim: WorkloadClaim,
): ResolvedClaim {
  const volumeName = claim.spec?.volumeName;
  const pv =
    typeof volumeName === 'string'
      ? cluster.get(STORAGE_KEYS.pvs, undefined, volumeName)
      : undefined;
  const storageClass = storageClassOf(cluster, claim.spec, pv);
  return { pv, storageClass, driver: driverOf(pv, storageClass) };
}

/** VolumeSnapshotClass names by CSI driver (the first class of each driver). */
export function snapshotClassesByDriver(
  cluster: ClusterView,
): Map<string, string> {
  const byDriver = new Map<string, string>();
  for (const vsc of cluster.list(STORAGE_KEYS.snapshotClasses)) {
    if (typeof vsc.driver === 'string' && !byDriver.has(vsc.driver))
      byDriver.set(vsc.driver, vsc.metadata.name);
  }
  return byDriver;
}

/** Follows a claim to its PV and StorageClass and classifies its replication. */
export function classifyClaim(
  cluster: ClusterView,
  claim: WorkloadClaim,
): VolumeFacts {
  const { pv, storageClass, driver } = resolveClaim(cluster, claim);
  const { nodes, zones, unnamedZone } = pvTopology(pv);
  const facts = {
    claim: claim.name,
    ...(pv ? { pv: pv.metadata.name } : {}),
    ...(storageClass ? { storageClass: storageClass.metadata.name } : {}),
    ...(driver ? { driver } : {}),
    zones,
  };
  const verdict = ((): Verdict => {
    const nodeDisk = (source: string, path: unknown): Verdict => ({
      replication: 'node-bound',
      detail: `${source}${
        typeof path === 'string' ? ` ${path}` : ''
      } on one node's disk`,
    });
    if (pv?.spec?.local) return nodeDisk('local volume', pv.spec.local.path);
    if (pv?.spec?.hostPath) return nodeDisk('hostPath', pv.spec.hostPath.path);
    if (nodes.length > 0)
      return {
        replication: 'node-bound',
        detail: `pinned to node ${nodes.join(', ')} by its node affinity`,
      };
    // What the PV records of its creation wins over its class's parameters now: a class cannot be
    // edited, only recreated, and its volumes keep what they were made with.
    const byDriver = driver
      ? classifyProvisioner(
          cluster,
          driver,
          {
            ...stringParameters(storageClass?.parameters),
            ...stringParameters(pv?.spec?.csi?.volumeAttributes),
          },
          storageClass !== undefined,
          pv,
        )
      : undefined;
    const unnamed =
      'pinned by its node affinity to a zone it does not name (an empty zone value: nodes without a zone)';
    // A persistent disk whose affinity spans several zones is a regional one.
    if (
      byDriver?.replication === 'zonal' &&
      zones.length >= 2 &&
      driver &&
      REGIONAL_WHEN_MULTI_ZONE.has(driver)
    )
      return {
        replication: 'replicated',
        detail: `attachable in zones ${zones.join(', ')} (a regional disk)`,
        spread: 'zone',
      };
    // A volume whose PV is pinned to one zone lives there, whatever its class says now.
    if (
      (byDriver?.replication === 'replicated' ||
        byDriver?.replication === 'likely-replicated') &&
      zones.length === 1
    )
      return {
        replication: 'zonal',
        detail: `pinned to zone ${zones[0]} by its PV's node affinity, though ${byDriver.detail}: the volume was made zonal`,
      };
    // Whatever the driver leaves open, a volume pinned to one zone lives in that zone.
    if (byDriver?.replication === 'unknown' && zones.length === 1)
      return {
        replication: 'zonal',
        detail: `pinned to zone ${zones[0]} by its node affinity (${byDriver.detail})`,
      };
    if (byDriver) {
      if (byDriver.replication === 'zonal' && unnamedZone && !zones.length)
        return { ...byDriver, detail: `${byDriver.detail}, ${unnamed}` };
      return byDriver;
    }
    // Reachable from several zones is not several copies (one array both zones reach).
    if (zones.length >= 2)
      return {
        replication: 'unknown',
        detail: `reachable from zones ${zones.join(', ')}; where ${
          driver ?? 'the volume'
        } keeps its data is not shown by the Kubernetes API`,
      };
    if (zones.length === 1)
      return {
        replication: 'zonal',
        detail: `pinned to zone ${zones[0]} by its node affinity`,
      };
    if (unnamedZone) return { replication: 'zonal', detail: unnamed };
    if (driver)
      return {
        replication: 'unknown',
        detail: `provisioner ${driver} is not one whose replication can be read from the API`,
      };
    if (!pv && !storageClass) {
      const className = claim.spec?.storageClassName;
      return {
        replication: 'unknown',
        detail: className
          ? `StorageClass ${className} is not in the input`
          : 'no bound volume, and it names no StorageClass while the input marks none as default',
        classNotInInput: true,
      };
    }
    return {
      replication: 'unknown',
      detail: 'the volume names no provisioner',
    };
  })();
  return { ...facts, ...judgeSpread(verdict, cluster.zones.length) };
}
