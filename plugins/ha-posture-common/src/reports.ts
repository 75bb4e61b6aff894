import { HaReport } from './types';

/*
 * Report shapes beyond the single Report (cluster, workload and entity reports), shared by the
 * engine, the REST API and the frontend.
 */

/** @public */
export type ClusterFlavor =
  | 'openshift'
  | 'k3s'
  | 'rke2'
  | 'eks'
  | 'gke'
  | 'aks'
  | 'kubeadm'
  | 'generic';

/**
 * `Operated`: the pods one custom resource controls directly (an operator's resource such as a
 * CloudNativePG Cluster or a StrimziPodSet), named by that resource (see `OperatedBy`).
 * @public
 */
export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'Rollout'
  | 'Pod'
  | 'Operated';

/**
 * The custom resource whose pods an `Operated` workload is (from its pods' controller
 * ownerReference): results name the workload by this kind and API group, e.g.
 * `Cluster shop/pg (postgresql.cnpg.io)`.
 * @public
 */
export interface OperatedBy {
  apiVersion: string;
  kind: string;
  name: string;
}

/** @public */
export interface ClusterSummary {
  name: string;
  title?: string;
  flavor: ClusterFlavor;
  managedControlPlane: boolean;
  region?: string;
  zones: string[];
  nodes: {
    total: number;
    ready: number;
    usableWorkers: number;
    controlPlane: number;
  };
  version?: string;
}

/** Posture of one cluster: cluster-scope checks only. @public */
export interface ClusterReport extends HaReport {
  cluster: ClusterSummary;
}

/** All results of one workload in one cluster. @public */
export interface WorkloadReport {
  cluster: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** For an `Operated` workload: the custom resource it stands for (its results' target kind). */
  operatedBy?: OperatedBy;
  /** Entity refs the workload belongs to. */
  entityRefs: string[];
  replicas?: {
    floor: number;
    source: string;
    available?: number;
    desired?: number;
  };
  /** Where its pods run: node → zone, for zone maps. */
  placement: Array<{
    pod: string;
    node?: string;
    zone?: string;
    ready: boolean;
  }>;
  report: HaReport;
}

/** Posture of one catalog entity across clusters: its workloads' results plus entity checks (DR). @public */
export interface EntityReport extends HaReport {
  entityRef: string;
  /** Clusters in which the entity has workloads. */
  clusters: string[];
  workloads: Array<{
    cluster: string;
    kind: WorkloadKind;
    namespace: string;
    name: string;
    operatedBy?: OperatedBy;
  }>;
}
