import {
  ClusterFlavor,
  OperatedBy,
  WorkloadKind,
} from '@ha-posture/plugin-ha-posture-common';
import { ClusterSnapshot, FetchState, K8sObject } from './snapshot';
import { ResourceKey } from './resources';

export type { ClusterFlavor, OperatedBy, WorkloadKind };

/**
 * A unit of replicated pods: a Deployment, StatefulSet, DaemonSet, ownerless ReplicaSet, Argo
 * Rollout, a bare Pod (no controller; mirror pods excluded), or `Operated`: the pods one custom
 * resource controls directly (CloudNativePG Cluster, StrimziPodSet, OpenKruise CloneSet ...),
 * grouped by their controller ownerReference (API group, kind, name, uid) within the namespace.
 * Pods of batch work (restartPolicy Never or OnFailure) are not grouped, nor pods controlled by a
 * built-in kind the engine does not model (Job, Node, ReplicationController ...).
 * @public
 */
export interface Workload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /**
   * The workload's object. For `Operated`: the custom resource when the snapshot holds it, else a
   * synthetic `{ apiVersion, kind, metadata: { name, namespace, uid } }` built from the pods'
   * ownerReference (the engine reads a fixed list of kinds, so usually the latter).
   */
  object: K8sObject;
  /** For `Operated`: the custom resource whose pods these are (its kind names the workload in results). */
  operatedBy?: OperatedBy;
  /**
   * Pod template labels (the pod's own labels for a bare Pod; for `Operated`, the labels every pod
   * of the group carries).
   */
  templateLabels: Record<string, string>;
  /** For `Operated`: the annotations every pod of the group carries (it has no pod template to read them from). */
  podAnnotations?: Record<string, string>;
  /** Pod template spec (the pod's own spec for a bare Pod; the spec of the first pod by name for `Operated`). */
  podSpec: any;
  /** spec.replicas (default 1) for Deployment/StatefulSet/ReplicaSet/Rollout; undefined otherwise. */
  specReplicas?: number;
}

/** @public */
export interface ReplicaFloor {
  /**
   * HPA minReplicas (default 1) when an HPA targets the workload, else spec.replicas; for
   * `Operated`, its pods that are not terminal (source `pods`: the operator's resource is not read).
   */
  floor: number;
  source: 'hpa' | 'spec' | 'daemonset' | 'pod' | 'pods';
  /** The HPA that sets the floor. */
  hpa?: K8sObject;
  /** Other HPAs targeting the same workload (their minReplicas is not lower). */
  otherHpas?: string[];
  /** spec.replicas is not set: the API server defaults it to 1 (or an autoscaler outside Kubernetes' HPA sets it). */
  replicasUnset?: true;
}

/**
 * An indexed, read-only view of one ClusterSnapshot, built once per evaluation and shared by all
 * checks (index once, look up in O(1): by kind, namespace, name, label, owner).
 * @public
 */
export interface ClusterView {
  readonly name: string;
  readonly snapshot: ClusterSnapshot;
  /** The cluster's clock (snapshot.now). */
  readonly now: Date;
  readonly flavor: ClusterFlavor;
  /** No node has a control-plane role, no control-plane static pods, and a cloud signal exists. */
  readonly managedControlPlane: boolean;
  /** Configured region, else the most common node region label, else derived from zones. */
  readonly region?: string;
  /** Distinct zones among usable workers (an Azure node's fault-domain number is no zone). */
  readonly zones: string[];
  /**
   * Distinct zones among all workers, ready or not: the zones the cluster is built over. A zone
   * whose nodes are all down right now still counts here (not in `zones`), so what the cluster asks
   * of a workload does not drop during a zone outage.
   */
  readonly workerZones: string[];
  /** Whether any node carries a zone label at all (no labels: zone checks are `unknown`). */
  readonly hasZoneLabels: boolean;

  /** How reading a resource type went (`ok` when objects are present and nothing failed). */
  fetchState(key: ResourceKey): FetchState;
  /**
   * When any of these types is not `ok`, a reason such as
   * `velero.io schedules not installed` or `poddisruptionbudgets forbidden (403)`; else undefined.
   */
  unavailable(...keys: ResourceKey[]): string | undefined;

  list(key: ResourceKey): K8sObject[];
  inNamespace(key: ResourceKey, namespace: string): K8sObject[];
  get(
    key: ResourceKey,
    namespace: string | undefined,
    name: string,
  ): K8sObject | undefined;

  node(name: string): K8sObject | undefined;
  /**
   * topology.kubernetes.io/zone (or the legacy failure-domain label). The numeric value of an Azure
   * node (providerID `azure://`, or any node of an AKS cluster) is its fault domain → undefined;
   * numeric values elsewhere are zones.
   */
  zoneOfNode(name: string | undefined): string | undefined;
  /** Ready, schedulable, no NoSchedule/NoExecute taint, not virtual (Fargate, virtual-kubelet). */
  usableWorkers(): K8sObject[];
  controlPlaneNodes(): K8sObject[];
  isNodeReady(node: K8sObject): boolean;

  workloads(): Workload[];
  /** Pods whose controller chain leads to the workload. */
  podsOf(workload: Workload): K8sObject[];
  /** The workload a pod belongs to (through ReplicaSet → Deployment/Rollout chains). */
  workloadOfPod(pod: K8sObject): Workload | undefined;
  hpaFor(workload: Workload): K8sObject | undefined;
  replicaFloor(workload: Workload): ReplicaFloor;
  /** PDBs in the namespace whose selector matches the labels (null selector matches nothing). */
  pdbsMatching(namespace: string, labels: Record<string, string>): K8sObject[];
  /** Services in the namespace whose (non-empty) selector matches the labels. */
  servicesMatching(
    namespace: string,
    labels: Record<string, string>,
  ): K8sObject[];
  /**
   * PDBs that select the workload's pods: by its pod template labels, or, for an Operated workload
   * (whose pods an operator labels by role: primary, replica), those selecting any of its pods.
   */
  pdbsOf(workload: Workload): K8sObject[];
  /** Services that select the workload's pods, as pdbsOf. */
  servicesOf(workload: Workload): K8sObject[];
  /** EndpointSlices labelled kubernetes.io/service-name=<service>. */
  endpointSlicesOf(service: K8sObject): K8sObject[];
  /** PVCs the workload's pods mount (volumes, and StatefulSet volumeClaimTemplates `<tpl>-<sts>-<i>`). */
  pvcsOf(workload: Workload): K8sObject[];
  /** The namespace object, when namespaces were read. */
  namespace(name: string): K8sObject | undefined;
}
