import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { distinct, notEvaluable, objectTarget, plural } from '../util';
import {
  classifyProvisioner,
  isZoneKey,
  provisionerPinning,
  STORAGE_KEYS,
  claimSpecOf,
  storageClassOf,
} from './volumes';

/** StorageClasses that claims of the cluster use (PVCs and StatefulSet claim templates; no class name: the default). */
function usedStorageClasses(cluster: ClusterView): K8sObject[] {
  const claimSpecs: any[] = cluster.list(STORAGE_KEYS.pvcs).map(claimSpecOf);
  for (const workload of cluster.workloads()) {
    if (workload.kind !== 'StatefulSet') continue;
    const templates = workload.object.spec?.volumeClaimTemplates;
    for (const template of Array.isArray(templates) ? templates : [])
      claimSpecs.push(claimSpecOf(template));
  }
  const used = new Map<string, K8sObject>();
  for (const spec of claimSpecs) {
    // Only the claim's own class decides where a new volume is created.
    const sc = storageClassOf(cluster, spec);
    if (sc) used.set(sc.metadata.name, sc);
  }
  return [...used.values()].sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
}

/**
 * Node-local volumes with Immediate binding: the Kubernetes StorageClass docs (Local) require
 * WaitForFirstConsumer for local volumes, so that the scheduler weighs the pod's constraints before
 * the claim is bound to a volume on some node. The same holds for node-local provisioners.
 */
function judgeNodeBound(
  cluster: ClusterView,
  sc: K8sObject,
  evidence: Record<string, unknown>,
): CheckOutcome {
  const target = objectTarget(cluster, sc, 'StorageClass');
  const provisioner = String(sc.provisioner ?? '');
  const what =
    provisioner === 'kubernetes.io/no-provisioner'
      ? 'local volumes (kubernetes.io/no-provisioner)'
      : `node-local ${provisioner} volumes`;
  // A node count read from the cluster: one node leaves the scheduler no choice anyway.
  const nodeCount = notEvaluable(cluster, 'nodes')
    ? undefined
    : cluster.list('nodes').length;
  if (nodeCount === 1) {
    return {
      status: 'pass',
      target,
      message: `StorageClass ${sc.metadata.name} binds ${what} immediately; harmless while the cluster has one node.`,
      evidence: { ...evidence, nodes: nodeCount },
    };
  }
  return {
    status: 'warn',
    target,
    message:
      `StorageClass ${sc.metadata.name} binds ${what} immediately: each claim is bound to a volume on ` +
      "one node before its pod is scheduled, ignoring the pod's resources, affinity and spread, so the pod " +
      'is pinned to that node and can stay Pending. Local volumes need volumeBindingMode: WaitForFirstConsumer.',
    remediation:
      `Recreate StorageClass ${sc.metadata.name} with \`volumeBindingMode: WaitForFirstConsumer\` (the field cannot ` +
      'be changed in place), so that each new claim is bound on the node where its pod is scheduled.',
    evidence:
      nodeCount === undefined ? evidence : { ...evidence, nodes: nodeCount },
  };
}

/** The zones a StorageClass's allowedTopologies name (values of zone keys, over all its terms). */
function allowedZones(sc: K8sObject): string[] {
  const terms = Array.isArray(sc.allowedTopologies) ? sc.allowedTopologies : [];
  return distinct(
    terms.flatMap((term: any) =>
      (Array.isArray(term?.matchLabelExpressions)
        ? term.matchLabelExpressions
        : []
      )
        .filter(
          (req: any) => typeof req?.key === 'string' && isZoneKey(req.key),
        )
        .flatMap((req: any) => (Array.isArray(req.values) ? req.values : [])),
    ),
  );
}

/**
 * Regional persistent disks (replication-type regional-pd, Hyperdisk Balanced High Availability)
 * live in 2 zones. With Immediate binding the CSI provisioner (--immediate-topology) offers every
 * zone of the cluster, rotated by a hash of the claim's name, and the driver takes the first 2
 * (pickZonesFromTopology): the zones are picked before the pod is scheduled, regardless of it, and
 * the pod may then run only there. Harmless with 2 zones in all, or allowedTopologies naming 2.
 */
function judgeRegional(
  cluster: ClusterView,
  sc: K8sObject,
  evidence: Record<string, unknown>,
): CheckOutcome {
  const target = objectTarget(cluster, sc, 'StorageClass');
  const provisioner = String(sc.provisioner ?? '');
  const noNodes = notEvaluable(cluster, 'nodes');
  if (noNodes)
    return {
      ...noNodes,
      target,
      message: `Regional StorageClass ${sc.metadata.name} binds immediately; ${noNodes.message}`,
    };
  const allowed = allowedZones(sc);
  if (allowed.length === 2)
    return {
      status: 'pass',
      target,
      message: `StorageClass ${
        sc.metadata.name
      } binds regional ${provisioner} volumes immediately, which is fine: its allowedTopologies name the 2 zones (${allowed.join(
        ', ',
      )}) every volume spans.`,
      evidence: { ...evidence, allowedZones: allowed },
    };
  if (cluster.zones.length <= 2)
    return {
      status: 'pass',
      target,
      message: `StorageClass ${
        sc.metadata.name
      } binds regional ${provisioner} volumes immediately; harmless while the cluster's workers sit in ${plural(
        cluster.zones.length,
        'zone',
      )}, which every volume spans.`,
      evidence,
    };
  return {
    status: 'warn',
    target,
    message:
      `StorageClass ${sc.metadata.name} creates regional ${provisioner} volumes, each in 2 zones, with Immediate binding in a ` +
      `cluster spanning ${cluster.zones.length} zones (${cluster.zones.join(
        ', ',
      )}): the 2 zones are picked from the claim's name before its pod is scheduled, ` +
      "ignoring the pod's spread and affinity, so the pod can run only in those 2 zones and can stay Pending.",
    remediation:
      `Recreate StorageClass ${sc.metadata.name} with \`volumeBindingMode: WaitForFirstConsumer\` (each volume then ` +
      "spans its pod's zone and another), or with allowedTopologies naming the 2 zones its volumes should span.",
    evidence,
  };
}

/**
 * Provisioners of network storage mounted from any node (NFS, SMB, Filestore shares, Ceph RBD
 * images and CephFS, Longhorn volumes): their PVs pin no zone or node, whatever replication the
 * data has, so their binding mode does not matter even when the pool or the replica count cannot
 * be read.
 */
const NETWORK_SHARE =
  /(^|[/.])nfs|^smb\.csi\.k8s\.io$|^filestore\.csi\.storage\.gke\.io$|\.(rbd|cephfs)\.csi\.ceph\.com$|^driver\.longhorn\.io$/;

function judge(cluster: ClusterView, sc: K8sObject): CheckOutcome {
  const target = objectTarget(cluster, sc, 'StorageClass');
  const mode: string = sc.volumeBindingMode ?? 'Immediate';
  const provisioner = String(sc.provisioner ?? '');
  const evidence = {
    storageClass: sc.metadata.name,
    provisioner,
    volumeBindingMode: mode,
    clusterZones: cluster.zones,
  };
  if (mode === 'WaitForFirstConsumer') {
    return {
      status: 'pass',
      target,
      message:
        `StorageClass ${sc.metadata.name} uses WaitForFirstConsumer: each volume is created where its first pod is ` +
        'scheduled (this places volumes well; it adds no replication).',
      evidence,
    };
  }
  const replication = classifyProvisioner(
    cluster,
    provisioner,
    sc.parameters,
  )?.replication;
  const pinning = provisionerPinning(provisioner, replication);
  if (pinning === 'node') return judgeNodeBound(cluster, sc, evidence);
  if (pinning === 'two-zones') return judgeRegional(cluster, sc, evidence);
  if (pinning !== 'zone' && replication === 'zonal') {
    // A network share (Azure Files) or Ceph volume: its data may sit in one zone, but its PV pins no zone.
    return {
      status: 'pass',
      target,
      message:
        `StorageClass ${sc.metadata.name} binds immediately, which is fine: ${provisioner} volumes are mounted over ` +
        'the network from every zone (their PVs carry no node affinity), even where the data itself sits in one zone.',
      evidence,
    };
  }
  if (
    pinning !== 'zone' &&
    (replication === undefined || replication === 'unknown') &&
    !NETWORK_SHARE.test(provisioner)
  ) {
    return {
      status: 'unknown',
      target,
      message:
        `StorageClass ${sc.metadata.name} binds immediately, and whether ${
          provisioner || 'its provisioner'
        }'s volumes are ` +
        'pinned to a zone or a node is not known here: a topology-aware driver needs WaitForFirstConsumer, a network share does not.',
      remediation:
        'Use `volumeBindingMode: WaitForFirstConsumer` unless the driver documents that its volumes are reachable from every node; ' +
        'or exempt the StorageClass with the reason.',
      evidence,
    };
  }
  if (pinning !== 'zone') {
    return {
      status: 'pass',
      target,
      message: `StorageClass ${sc.metadata.name} binds immediately, which is fine: ${provisioner} volumes are not pinned to one zone.`,
      evidence,
    };
  }
  const noNodes = notEvaluable(cluster, 'nodes');
  if (noNodes)
    return {
      ...noNodes,
      target,
      message: `Zonal StorageClass ${sc.metadata.name} binds immediately; ${noNodes.message}`,
    };
  if (cluster.zones.length < 2) {
    return {
      status: 'pass',
      target,
      message: `StorageClass ${
        sc.metadata.name
      } binds zonal ${provisioner} volumes immediately; harmless while the cluster's workers sit in ${
        cluster.zones.length === 1
          ? `one zone (${cluster.zones[0]})`
          : 'no labelled zone'
      }.`,
      evidence,
    };
  }
  return {
    status: 'warn',
    target,
    message:
      `StorageClass ${sc.metadata.name} creates zonal ${provisioner} volumes with Immediate binding in a cluster spanning ` +
      `${cluster.zones.length} zones (${cluster.zones.join(
        ', ',
      )}): each volume's zone is picked before its pod is scheduled, ` +
      "ignoring the pod's spread and affinity, so pods can stay Pending or pile up in one zone.",
    evidence,
  };
}

export const storageBindingMode: ClusterCheck = {
  id: 'storage-binding-mode',
  title:
    'Zonal and node-local StorageClasses bind volumes where pods are scheduled',
  category: 'storage',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    'With Immediate binding a zonal disk is created in some zone, or a local volume bound on some node, before the ' +
    'scheduler places the pod; the pod must then follow its volume, which defeats zone spreading and can leave pods ' +
    'unschedulable after a zone fails.',
  remediation:
    'Set `volumeBindingMode: WaitForFirstConsumer` on StorageClasses that provision zonal disks (EBS, zonal PD, Azure ' +
    'Disk LRS) or node-local volumes (local PVs with kubernetes.io/no-provisioner, local-path).',
  references: [
    'https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode',
    'https://kubernetes.io/docs/concepts/storage/storage-classes/#local',
  ],
  evaluate({ cluster }) {
    const blocked = notEvaluable(
      cluster,
      STORAGE_KEYS.storageClasses,
      STORAGE_KEYS.pvcs,
    );
    if (blocked) return blocked;
    const used = usedStorageClasses(cluster);
    if (used.length === 0) {
      return {
        status: 'skipped',
        message:
          'No PersistentVolumeClaim uses a StorageClass of this cluster.',
      };
    }
    return used.map(sc => judge(cluster, sc));
  },
};
