/**
 * Whether a backup actually captures a volume's data (rules file, section 6). Volume snapshots
 * need a CSI driver with a VolumeSnapshotClass, or a cloud disk that a Velero provider plugin
 * snapshots natively; `local` and `hostPath` volumes have neither. Velero's file-system backup
 * reads any mounted volume except hostPath ones.
 */
import { matchesLabelSelector } from '../../engine/labels';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import {
  resolveClaim,
  snapshotClassesByDriver,
  STORAGE_KEYS,
  WorkloadClaim,
} from '../storage/volumes';
import { podTemplateAnnotations } from '../util';
import {
  EXCLUDE_LABEL,
  excludedByLabel,
  labelSelectorsOf,
  nameOf,
  POD_RESOURCE,
  PV_RESOURCE,
  PVC_RESOURCE,
  resourceLeftOut,
} from './velero';
import {
  BackupSetting,
  csiEnabled,
  fsBackupByDefault,
  serverName,
  snapshotMoveData,
  veleroServerIn,
} from './veleroServer';
import { isPodRunning, NodeAgent, nodeAgentIn } from './nodeAgent';

/** Pod annotation that opts volumes into Velero's file-system backup. */
export const FS_BACKUP_ANNOTATION = 'backup.velero.io/backup-volumes';
/** Pod annotation that opts volumes out of it when it is the default. */
const FS_BACKUP_EXCLUDES_ANNOTATION =
  'backup.velero.io/backup-volumes-excludes';

/** In-tree PV sources of cloud disks that Velero's provider plugins snapshot without CSI. */
const PROVIDER_SNAPSHOT_SOURCES = [
  'awsElasticBlockStore',
  'gcePersistentDisk',
  'azureDisk',
  'vsphereVolume',
  'cinder',
  'portworxVolume',
];
/** The provisioners of those disks, for claims without a bound PV. */
const PROVIDER_SNAPSHOT_PROVISIONERS = new Set([
  'kubernetes.io/aws-ebs',
  'kubernetes.io/gce-pd',
  'kubernetes.io/azure-disk',
  'kubernetes.io/vsphere-volume',
  'kubernetes.io/cinder',
  'kubernetes.io/portworx-volume',
]);
/** In-tree PV sources no Velero snapshotter handles. */
const UNSNAPSHOTTABLE_SOURCES = [
  'nfs',
  'iscsi',
  'rbd',
  'cephfs',
  'fc',
  'glusterfs',
  'azureFile',
];
/** Provisioners of node-local volumes that are not CSI (their PVs are `local` or `hostPath`). */
const NON_CSI_LOCAL_PROVISIONERS = new Set([
  'kubernetes.io/no-provisioner',
  'kubernetes.io/host-path',
  'rancher.io/local-path',
  'openebs.io/local',
  'microk8s.io/hostpath',
  'k8s.io/minikube-hostpath',
]);

/**
 * Whether the CSI driver keeps the snapshots it takes with the VolumeSnapshotClass (undefined when
 * not known) in the cluster's own storage: Ceph (Rook), Longhorn, OpenEBS (Mayastor too), TopoLVM,
 * LINSTOR, Portworx. Some of them send a snapshot off the cluster when the class asks for it.
 */
function keepsSnapshotsInCluster(
  driver: string,
  snapshotClass: K8sObject | undefined,
): boolean {
  const parameters = snapshotClass?.parameters ?? {};
  switch (driver) {
    // A Longhorn CSI snapshot of an empty type or `bak` is a backup in Longhorn's backup store,
    // outside the cluster; only `snap` stays in it (longhorn-manager csi/controller_server.go).
    case 'driver.longhorn.io':
      return snapshotClass === undefined || parameters.type === 'snap';
    // Portworx takes local snapshots unless the class asks for a cloudsnap to an object store.
    case 'pxd.portworx.com':
      return parameters['csi.openstorage.org/snapshot-type'] !== 'cloud';
    // LINSTOR keeps snapshots on its nodes unless the class ships them to an S3 remote.
    case 'linstor.csi.linbit.com':
      return parameters['snap.linstor.csi.linbit.com/type'] !== 'S3';
    default:
      return (
        driver.endsWith('.csi.ceph.com') ||
        driver.startsWith('rook-ceph.') ||
        driver.endsWith('.openebs.io') ||
        driver === 'io.openebs.csi-mayastor' ||
        driver === 'topolvm.io'
      );
  }
}

/** How volume snapshots can reach a volume. */
type SnapshotPath =
  | { kind: 'csi'; driver: string }
  | { kind: 'provider'; source: string }
  | { kind: 'none'; volume: string }
  | { kind: 'unknown' };

function snapshotPathOf(
  pv: K8sObject | undefined,
  driver: string | undefined,
): SnapshotPath {
  const spec = pv?.spec ?? {};
  if (typeof spec.csi?.driver === 'string')
    return { kind: 'csi', driver: spec.csi.driver };
  if (spec.local) return { kind: 'none', volume: 'a local volume' };
  if (spec.hostPath) return { kind: 'none', volume: 'a hostPath volume' };
  const provider = PROVIDER_SNAPSHOT_SOURCES.find(source => spec[source]);
  if (provider) return { kind: 'provider', source: provider };
  const other = UNSNAPSHOTTABLE_SOURCES.find(source => spec[source]);
  if (other) return { kind: 'none', volume: `an in-tree ${other} volume` };
  if (pv || !driver) return { kind: 'unknown' };
  // No bound PV (pending, or a manifests scan): judge by the StorageClass provisioner.
  if (NON_CSI_LOCAL_PROVISIONERS.has(driver))
    return { kind: 'none', volume: `a node-local ${driver} volume` };
  if (PROVIDER_SNAPSHOT_PROVISIONERS.has(driver))
    return { kind: 'provider', source: driver };
  if (driver.startsWith('kubernetes.io/'))
    return { kind: 'none', volume: `an in-tree ${driver} volume` };
  return { kind: 'csi', driver };
}

/** The pod volume that mounts the claim (what Velero's FS-backup annotations name). */
function podVolumeOf(
  cluster: ClusterView,
  workload: Workload,
  claim: WorkloadClaim,
): string | undefined {
  // An operator gives each of its pods a claim of its own (CloudNativePG's `<cluster>-<n>`): the
  // pod that mounts it names the volume.
  if (workload.kind === 'Operated') {
    for (const pod of cluster.podsOf(workload)) {
      const volumes: any[] = pod.spec?.volumes ?? [];
      const found = volumes.find(
        v => v?.persistentVolumeClaim?.claimName === claim.name,
      )?.name;
      if (found) return found;
    }
  }
  if (workload.kind === 'StatefulSet') {
    const templates: any[] = workload.object.spec?.volumeClaimTemplates ?? [];
    const template = templates
      .map(t => t?.metadata?.name)
      .find(
        (name): name is string =>
          typeof name === 'string' &&
          (claim.name === name ||
            claim.name.startsWith(`${name}-${workload.name}-`)),
      );
    if (template) return template;
  }
  const volumes: any[] = workload.podSpec?.volumes ?? [];
  return volumes.find(v => v?.persistentVolumeClaim?.claimName === claim.name)
    ?.name;
}

/** A volume of the workload as the backup tools see it. */
export interface BackupVolume {
  claim: string;
  /** The claim's own labels, when the PVC exists (Velero selects each item by them). */
  labels?: Record<string, string>;
  /** Its pod volume name, when known. */
  podVolume?: string;
  pv?: string;
  driver?: string;
  hostPath: boolean;
  snapshot: SnapshotPath;
}

export function backupVolumesOf(
  cluster: ClusterView,
  workload: Workload,
  claims: WorkloadClaim[],
): BackupVolume[] {
  return claims.map(claim => {
    const { pv, driver } = resolveClaim(cluster, claim);
    const podVolume = podVolumeOf(cluster, workload, claim);
    const labels = claim.pvc?.metadata?.labels;
    return {
      claim: claim.name,
      ...(labels ? { labels } : {}),
      ...(podVolume ? { podVolume } : {}),
      ...(pv ? { pv: pv.metadata.name } : {}),
      ...(driver ? { driver } : {}),
      hostPath: Boolean(pv?.spec?.hostPath),
      snapshot: snapshotPathOf(pv, driver),
    };
  });
}

/**
 * How well one backup method protects one volume, best first: `unverified` counts as protected but
 * says what could not be checked; `doubtful` is a likely gap; `none` is certain.
 */
export type Protection =
  | 'protected'
  | 'unverified'
  | 'unknown'
  | 'doubtful'
  | 'none';

export const PROTECTION_RANK: Record<Protection, number> = {
  protected: 0,
  unverified: 1,
  unknown: 2,
  doubtful: 3,
  none: 4,
};

/** One schedule's or policy's protection of one volume. */
export interface Capture {
  /** The schedule or policy, `velero/daily`. */
  by: string;
  protection: Protection;
  /** What it does, as a verb phrase after `by`: `takes volume snapshots (VolumeSnapshotClass ...)`. */
  how: string;
}

/** What the cluster says about volume snapshot support, read once per check run. */
export interface SnapshotSupport {
  /** VolumeSnapshotClass by driver, when the classes were read. */
  classes?: Map<string, string>;
  /** Why no class can be confirmed while snapshots are still trusted (CRDs not installed, a manifests scan). */
  unconfirmed?: string;
  /** Why the classes could not be read (forbidden, unreachable). */
  unreadable?: string;
}

export function snapshotSupportOf(cluster: ClusterView): SnapshotSupport {
  const state = cluster.fetchState(STORAGE_KEYS.snapshotClasses);
  if (state.status === 'ok')
    return { classes: snapshotClassesByDriver(cluster) };
  if (state.status === 'not-installed')
    return {
      unconfirmed:
        'the CSI snapshot CRDs (snapshot.storage.k8s.io) are not installed',
    };
  if (state.status === 'absent')
    return { unconfirmed: 'the scanned manifests hold no VolumeSnapshotClass' };
  return { unreadable: cluster.unavailable(STORAGE_KEYS.snapshotClasses) };
}

/** The VolumeSnapshotClass that snapshots the driver's volumes (snapshotSupportOf's), when known. */
function snapshotClassOf(
  cluster: ClusterView,
  support: SnapshotSupport,
  driver: string,
): K8sObject | undefined {
  const name = support.classes?.get(driver);
  return name === undefined
    ? undefined
    : cluster.get(STORAGE_KEYS.snapshotClasses, undefined, name);
}

/** What volume snapshots (by Velero or Kasten, `by`) do for the volume. */
function snapshotCapture(
  by: string,
  volume: BackupVolume,
  support: SnapshotSupport,
  taken: string,
): Capture {
  const path = volume.snapshot;
  if (path.kind === 'none') {
    return {
      by,
      protection: 'none',
      how: `${taken}, which cannot capture ${path.volume} (no CSI driver, no snapshot-capable provider)`,
    };
  }
  if (path.kind === 'provider') {
    return {
      by,
      protection: 'unverified',
      how: `${taken} through the provider plugin for ${path.source} (unverified: Velero's snapshot locations are not read)`,
    };
  }
  if (path.kind === 'unknown') {
    return {
      by,
      protection: 'unverified',
      how: `${taken} (unverified: the volume type is not known)`,
    };
  }
  if (support.unconfirmed) {
    return {
      by,
      protection: 'unverified',
      how: `${taken} (unverified: ${support.unconfirmed}, so no VolumeSnapshotClass for ${path.driver} can be confirmed)`,
    };
  }
  if (support.unreadable) {
    return {
      by,
      protection: 'unknown',
      how: `${taken}, but whether a VolumeSnapshotClass exists for ${path.driver} cannot be read: ${support.unreadable}`,
    };
  }
  const snapshotClass = support.classes?.get(path.driver);
  return snapshotClass
    ? {
        by,
        protection: 'protected',
        how: `${taken} (VolumeSnapshotClass ${snapshotClass} for ${path.driver})`,
      }
    : {
        by,
        protection: 'doubtful',
        how: `${taken}, but no VolumeSnapshotClass exists for the CSI driver ${path.driver}, so the CSI snapshot fails unless a provider plugin snapshots that driver natively`,
      };
}

/** Volumes named in a pod annotation (`a,b`). */
function annotatedVolumes(workload: Workload, annotation: string): string[] {
  const value = podTemplateAnnotations(workload)[annotation];
  return typeof value === 'string'
    ? value
        .split(',')
        .map(v => v.trim())
        .filter(Boolean)
    : [];
}

/** Whether the annotation names the volume (any annotation counts when the pod volume is not known). */
function annotationNames(list: string[], volume: BackupVolume): boolean {
  return volume.podVolume === undefined
    ? list.length > 0
    : list.includes(volume.podVolume);
}

/**
 * Whether the template's label selectors select an item with these labels (true without
 * selectors): Velero lists each resource with them, so each item is selected by its own labels.
 */
function selectedByLabels(
  template: any,
  labels: Record<string, string> | undefined,
): boolean {
  const selectors = labelSelectorsOf(template);
  return (
    selectors.length === 0 ||
    selectors.some(selector => matchesLabelSelector(selector, labels ?? {}))
  );
}

/** Why Velero backs up none of the workload's pods (so no file-system backup runs), or undefined. */
function podsLeftOutOf(template: any, workload: Workload): string | undefined {
  const byResource = resourceLeftOut(template, POD_RESOURCE);
  if (byResource) return byResource;
  if (excludedByLabel(workload.templateLabels))
    return `leaves out its pods, labelled ${EXCLUDE_LABEL}=true`;
  return selectedByLabels(template, workload.templateLabels)
    ? undefined
    : 'selects its pods by no label selector';
}

/** Why a capture falls short of its method's protection, and how far. */
interface Gap {
  protection: Protection;
  /** A clause: `no node-agent pod is Running on node w-3 ...`. */
  why: string;
}

/** The capture lowered to the gap's protection when that is worse, saying why. */
function withGap(capture: Capture, gap: Gap | undefined): Capture {
  if (
    !gap ||
    PROTECTION_RANK[gap.protection] <= PROTECTION_RANK[capture.protection]
  )
    return capture;
  return {
    ...capture,
    protection: gap.protection,
    how:
      gap.protection === 'unverified'
        ? `${capture.how} (unverified: ${gap.why})`
        : `${capture.how}, but ${gap.why}`,
  };
}

/**
 * What keeps the node-agent from doing `work` (file-system backup, data movement), which it does
 * on `nodes` (undefined: on any node of its own): no DaemonSet, no Running pod there, or what
 * cannot be read. Undefined when nothing does.
 */
function nodeAgentGap(
  agent: NodeAgent,
  work: string,
  nodes: ReadonlyMap<string, string[]> | undefined,
): Gap | undefined {
  if (agent.kind === 'missing')
    return {
      protection: 'none',
      why: `no node-agent DaemonSet runs in namespace ${agent.namespace}, and ${work} runs in its pods: it fails and the Backup ends PartiallyFailed`,
    };
  if (agent.kind === 'unverifiable')
    return { protection: 'unverified', why: agent.why };
  if (agent.podsUnknown)
    return {
      protection: 'unverified',
      why: `where node-agent pods run cannot be read: ${agent.podsUnknown}`,
    };
  const running = agent.runningOn;
  if (!running) return undefined;
  if (!nodes)
    return running.size > 0
      ? undefined
      : {
          protection: 'doubtful',
          why: `no node-agent pod is Running in namespace ${agent.daemonSet.metadata.namespace}, and ${work} runs in them`,
        };
  const uncovered = [...nodes].filter(([node]) => !running.has(node));
  if (uncovered.length === 0) return undefined;
  return {
    protection: 'doubtful',
    why: `no node-agent pod is Running on ${uncovered
      .map(([node, pods]) => `node ${node} (pod ${pods.join(', ')})`)
      .join(', ')}, so ${work} fails there and the Backup ends PartiallyFailed`,
  };
}

/** The worst of the gaps (the first of equals), or undefined when there is none. */
function worstGap(gaps: Array<Gap | undefined>): Gap | undefined {
  let worst: Gap | undefined;
  for (const gap of gaps)
    if (
      gap &&
      (!worst ||
        PROTECTION_RANK[gap.protection] > PROTECTION_RANK[worst.protection])
    )
      worst = gap;
  return worst;
}

/**
 * Velero takes CSI snapshots only with the EnableCSI feature in its server's `--features`, also
 * since 1.14 moved the CSI plugin into Velero (pkg/util/csi ShouldSkipAction skips its actions
 * otherwise); a provider plugin may still snapshot some CSI drivers natively.
 */
function csiFeatureGap(
  cluster: ClusterView,
  namespace: string,
  driver: string,
): Gap | undefined {
  const server = veleroServerIn(cluster, namespace);
  if (!server)
    return {
      protection: 'unverified',
      why: `no Velero server Deployment in namespace ${namespace} is in the snapshot to show whether it enables CSI snapshots (--features=EnableCSI)`,
    };
  return csiEnabled(server)
    ? undefined
    : {
        protection: 'doubtful',
        why: `the Velero server (${serverName(
          server,
        )}) runs without the EnableCSI feature (--features), so it skips CSI snapshots unless a provider plugin snapshots ${driver} volumes natively`,
      };
}

/**
 * A snapshot that the driver keeps in the cluster's own storage (keepsSnapshotsInCluster, judged
 * by the driver's VolumeSnapshotClass `snapshotClass`) is lost with the cluster unless Velero moves
 * its data to the backup location (snapshotMoveData).
 */
function inClusterSnapshotGap(
  driver: string,
  snapshotClass: K8sObject | undefined,
  moveData: BackupSetting,
): Gap | undefined {
  if (
    moveData.value === true ||
    !keepsSnapshotsInCluster(driver, snapshotClass)
  )
    return undefined;
  if (moveData.value === undefined)
    return {
      protection: 'unverified',
      why: `${driver} keeps its snapshots inside the cluster, and whether Velero moves their data out cannot be told: ${moveData.unknown}`,
    };
  return {
    protection: 'doubtful',
    why: `${driver} keeps its snapshots inside the cluster and their data is not moved out (snapshotMoveData off: ${moveData.source}), so the snapshot data is lost with the cluster`,
  };
}

/** The workload's pods that mount the claim; undefined when pods are not known (a manifests scan, pods not readable). */
function podsMounting(
  cluster: ClusterView,
  workload: Workload,
  claim: string,
): K8sObject[] | undefined {
  if (cluster.snapshot.mode === 'manifests' || cluster.unavailable('pods'))
    return undefined;
  return cluster.podsOf(workload).filter(pod => {
    const volumes: any[] = pod.spec?.volumes ?? [];
    return volumes.some(v => v?.persistentVolumeClaim?.claimName === claim);
  });
}

/** The names of the Running pods (isPodRunning), by node. */
function runningByNode(pods: K8sObject[]): Map<string, string[]> {
  const byNode = new Map<string, string[]>();
  for (const pod of pods) {
    if (!isPodRunning(pod)) continue;
    const node: string = pod.spec.nodeName;
    byNode.set(node, [...(byNode.get(node) ?? []), pod.metadata.name]);
  }
  return byNode;
}

/**
 * Velero hands a pod's volumes to the node-agent pod on its node whether or not the node is Ready:
 * on a node whose Ready condition is not True (known from its Node object), the pod volume backup
 * waits until the server's --fs-backup-timeout (4h by default) and fails.
 */
function notReadyNodeGap(
  cluster: ClusterView,
  nodes: ReadonlyMap<string, string[]>,
): Gap | undefined {
  const notReady = [...nodes].filter(([name]) => {
    const node = cluster.node(name);
    return node !== undefined && !cluster.isNodeReady(node);
  });
  if (notReady.length === 0) return undefined;
  return {
    protection: 'doubtful',
    why: `${notReady
      .map(([node, pods]) => `node ${node} (pod ${pods.join(', ')})`)
      .join(', ')} ${
      notReady.length === 1 ? 'is' : 'are'
    } not Ready, so the pod volume backup there waits until the Velero server's --fs-backup-timeout and fails`,
  };
}

/**
 * What file-system backup (`fs`: how the schedule asks for it) does for the volume: it skips
 * hostPath volumes, and reads the volume through each Running pod that mounts it, in the
 * node-agent pod on that pod's node (pkg/podvolume/backupper.go skips pods that are not Running
 * or are being deleted).
 * A claim no pod mounts is not handed to file-system backup at all: Velero snapshots it as any
 * other (`snapshots`).
 */
function fsBackupCapture(
  cluster: ClusterView,
  schedule: K8sObject,
  workload: Workload,
  volume: BackupVolume,
  fs: string,
  snapshots: () => Capture,
): Capture {
  const by = nameOf(schedule);
  // Velero's FS backup skips hostPath volumes, and nothing snapshots them either.
  if (volume.hostPath)
    return {
      by,
      protection: 'none',
      how: `${fs}, which skips hostPath volumes, and snapshots cannot capture them`,
    };
  const agent = nodeAgentIn(cluster, schedule.metadata.namespace ?? 'velero');
  const mounting = podsMounting(cluster, workload, volume.claim);
  const nodes = mounting && runningByNode(mounting);
  const fsCapture = withGap(
    { by, protection: 'protected', how: fs },
    worstGap([
      nodeAgentGap(agent, 'file-system backup', nodes),
      nodes?.size === 0
        ? {
            protection: 'doubtful',
            why: `no Running pod mounts claim ${volume.claim}, and Velero's file-system backup reads the volumes of Running pods only, not of pods being deleted`,
          }
        : undefined,
      nodes && notReadyNodeGap(cluster, nodes),
    ]),
  );
  if (mounting === undefined || mounting.length > 0) return fsCapture;
  const snapshotted = snapshots();
  return PROTECTION_RANK[snapshotted.protection] <
    PROTECTION_RANK[fsCapture.protection]
    ? {
        ...snapshotted,
        how: `${snapshotted.how} (no pod mounts claim ${volume.claim}, so file-system backup does not reach it)`,
      }
    : fsCapture;
}

/** What a Velero Schedule does for the volume: file-system backup, snapshots, or nothing. */
export function veleroCapture(
  cluster: ClusterView,
  schedule: K8sObject,
  workload: Workload,
  volume: BackupVolume,
  support: SnapshotSupport,
): Capture {
  const by = nameOf(schedule);
  const template = schedule.spec?.template ?? {};
  // The claim is what every way of capturing the data starts from (CSI snapshots act on it, its
  // PV and pod volume are reached through it): without it the backup holds no volume data.
  const claimLeftOut = resourceLeftOut(template, PVC_RESOURCE);
  if (claimLeftOut)
    return {
      by,
      protection: 'none',
      how: `backs up no volume data: it ${claimLeftOut}`,
    };
  if (excludedByLabel(volume.labels))
    return {
      by,
      protection: 'none',
      how: `backs up no data of claim ${volume.claim}, which is labelled ${EXCLUDE_LABEL}=true`,
    };
  // File-system backup runs while Velero backs up the pods: without pods it does not run.
  const podsLeftOut = podsLeftOutOf(template, workload);
  // Velero adds a backed-up pod's claims whatever their labels; else the claim must be selected.
  if (podsLeftOut && !selectedByLabels(template, volume.labels))
    return {
      by,
      protection: 'none',
      how: `backs up no data of claim ${volume.claim}: its label selectors select neither the claim nor the pods that mount it (Velero selects each item by its own labels)`,
    };
  // Volume policies (Velero >= 1.12) may skip a volume or change how it is captured.
  const policy = template.resourcePolicy;
  if (policy && typeof policy === 'object')
    return {
      by,
      protection: 'unknown',
      how: `applies the volume policies of ${policy.kind ?? 'ConfigMap'} ${
        policy.name ?? '(unnamed)'
      }, which may skip this volume or change how it is captured; they are not read here`,
    };
  const namespace = schedule.metadata.namespace ?? 'velero';
  const fsDefault = fsBackupByDefault(cluster, template, namespace);
  const optedOut = annotationNames(
    annotatedVolumes(workload, FS_BACKUP_EXCLUDES_ANNOTATION),
    volume,
  );
  const byDefault = !podsLeftOut && fsDefault.value === true && !optedOut;
  const byAnnotation =
    !podsLeftOut &&
    annotationNames(annotatedVolumes(workload, FS_BACKUP_ANNOTATION), volume);
  if (byDefault || byAnnotation) {
    const fs = byDefault
      ? `uses file-system backup for every volume (${fsDefault.source})`
      : `uses file-system backup for the volumes named in the pod annotation ${FS_BACKUP_ANNOTATION}`;
    return fsBackupCapture(cluster, schedule, workload, volume, fs, () =>
      veleroSnapshotCapture(cluster, schedule, volume, support, undefined),
    );
  }
  const capture = veleroSnapshotCapture(
    cluster,
    schedule,
    volume,
    support,
    podsLeftOut,
  );
  // The template leaves the choice to the server, whose default may back the volume up after all.
  const fsMayCapture =
    fsDefault.value === undefined &&
    !podsLeftOut &&
    !optedOut &&
    !volume.hostPath;
  return fsMayCapture &&
    PROTECTION_RANK[capture.protection] > PROTECTION_RANK.unknown
    ? {
        by,
        protection: 'unknown',
        how: `${capture.how}, unless the Velero server backs up every volume with file-system backup by default, which cannot be told: the template leaves defaultVolumesToFsBackup unset and ${fsDefault.unknown}`,
      }
    : capture;
}

/** What a Velero Schedule's volume snapshots do for the volume, when no file-system backup captures it (`podsLeftOut`: why none runs). */
function veleroSnapshotCapture(
  cluster: ClusterView,
  schedule: K8sObject,
  volume: BackupVolume,
  support: SnapshotSupport,
  podsLeftOut: string | undefined,
): Capture {
  const by = nameOf(schedule);
  const template = schedule.spec?.template ?? {};
  const noFs = podsLeftOut
    ? `no file-system backup (it ${podsLeftOut})`
    : 'no file-system backup';
  if (template.snapshotVolumes === false) {
    return {
      by,
      protection: 'none',
      how: `backs up objects only (snapshotVolumes: false and ${noFs})`,
    };
  }
  // Velero takes provider snapshots while backing up the PV: a backup without PVs has none. CSI
  // snapshots start from the claim, but whether they complete without the PV is not verified here.
  const pvLeftOut = resourceLeftOut(template, PV_RESOURCE);
  if (pvLeftOut) {
    return {
      by,
      protection:
        volume.snapshot.kind === 'csi' || volume.snapshot.kind === 'unknown'
          ? 'doubtful'
          : 'none',
      how:
        volume.snapshot.kind === 'csi' || volume.snapshot.kind === 'unknown'
          ? `${pvLeftOut}: no provider snapshot is taken and whether a CSI snapshot of the claim is restorable without its PV is not verified, with ${noFs}`
          : `${pvLeftOut}, so the PV snapshot is not taken, and there is ${noFs}`,
    };
  }
  const capture = snapshotCapture(
    by,
    volume,
    support,
    'takes volume snapshots',
  );
  if (capture.protection === 'none')
    return {
      ...capture,
      how: `${capture.how}, and ${
        podsLeftOut
          ? noFs.replace(/^no /, 'there is no ')
          : 'file-system backup is off'
      }`,
    };
  const path = volume.snapshot;
  // What follows concerns CSI snapshots only: provider snapshots need no feature flag, and their data is not moved.
  if (path.kind !== 'csi') return capture;
  const namespace = schedule.metadata.namespace ?? 'velero';
  const moveData = snapshotMoveData(cluster, template, namespace);
  // Another data mover (spec.dataMover) brings its own agents, which are not judged here.
  const builtInMover =
    moveData.value === true &&
    (!template.dataMover || template.dataMover === 'velero');
  const how =
    moveData.value === true
      ? `${capture.how}, moving their data to the backup location${
          moveData.source === 'snapshotMoveData' ? '' : ` (${moveData.source})`
        }`
      : capture.how;
  return withGap(
    { ...capture, how },
    worstGap([
      csiFeatureGap(cluster, namespace, path.driver),
      builtInMover
        ? nodeAgentGap(
            nodeAgentIn(cluster, namespace),
            "Velero's built-in data mover",
            undefined,
          )
        : undefined,
      inClusterSnapshotGap(
        path.driver,
        snapshotClassOf(cluster, support, path.driver),
        moveData,
      ),
    ]),
  );
}

/** What a Kasten K10 policy does for the volume: snapshots (its Generic Storage Backup is not visible here). */
export function kastenCapture(
  policy: K8sObject,
  volume: BackupVolume,
  support: SnapshotSupport,
): Capture {
  const capture = snapshotCapture(
    nameOf(policy),
    volume,
    support,
    'takes snapshots',
  );
  // Kasten can still copy such a volume with Generic Storage Backup or a Kanister blueprint, which the API here does not show.
  return capture.protection === 'none'
    ? {
        ...capture,
        protection: 'doubtful',
        how: `${capture.how}, unless Generic Storage Backup or a blueprint copies it`,
      }
    : capture;
}
