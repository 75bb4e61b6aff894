import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { notEvaluable, objectTarget } from '../util';
import { classifyProvisioner, STORAGE_KEYS, storageClassOf } from './volumes';

/** StorageClasses that claims of the cluster use (PVCs and StatefulSet claim templates; no class name: the default). */
function usedStorageClasses(cluster: ClusterView): K8sObject[] {
  const claimSpecs: any[] = cluster
    .list(STORAGE_KEYS.pvcs)
    .map(pvc => pvc.spec);
  for (const workload of cluster.workloads()) {
    if (workload.kind !== 'StatefulSet') continue;
    const templates = workload.object.spec?.volumeClaimTemplates;
    for (const template of Array.isArray(templates) ? templates : [])
      claimSpecs.push(template?.spec);
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
  const zonal =
    classifyProvisioner(cluster, provisioner, sc.parameters)?.replication ===
    'zonal';
  if (!zonal) {
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
  title: 'Zonal StorageClasses bind volumes where pods are scheduled',
  category: 'storage',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    'With Immediate binding a zonal disk is created in some zone before the scheduler places the pod; the pod must ' +
    'then follow its volume, which defeats zone spreading and can leave pods unschedulable after a zone fails.',
  remediation:
    'Set `volumeBindingMode: WaitForFirstConsumer` on StorageClasses that provision zonal disks (EBS, zonal PD, Azure LRS).',
  references: [
    'https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode',
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
