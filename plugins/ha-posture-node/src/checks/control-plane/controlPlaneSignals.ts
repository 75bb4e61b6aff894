/**
 * What the control-plane checks read: component pods per flavor, leases and their age by the
 * cluster clock, k3s servers, and the outcome for provider-managed control planes.
 */
import { CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';

export const LEASES = 'leases.coordination.k8s.io';
export const INFRASTRUCTURES = 'infrastructures.config.openshift.io';

export type ControlPlaneComponent =
  | 'kube-apiserver'
  | 'etcd'
  | 'kube-scheduler'
  | 'kube-controller-manager';

/**
 * OpenShift runs its control plane as static pods in per-component namespaces, labelled `app=…`
 * (guard and installer pods in the same namespaces carry other `app` values).
 */
const OPENSHIFT_COMPONENT_PODS: Record<
  ControlPlaneComponent,
  { namespace: string; app: string }
> = {
  'kube-apiserver': {
    namespace: 'openshift-kube-apiserver',
    app: 'openshift-kube-apiserver',
  },
  etcd: { namespace: 'openshift-etcd', app: 'etcd' },
  'kube-scheduler': {
    namespace: 'openshift-kube-scheduler',
    app: 'openshift-kube-scheduler',
  },
  'kube-controller-manager': {
    namespace: 'openshift-kube-controller-manager',
    app: 'kube-controller-manager',
  },
};

/**
 * The pods of a control-plane component: kubeadm and RKE2 static pods in kube-system labelled
 * `component=<name>`, or OpenShift's in its `openshift-*` namespace.
 */
export function componentPods(
  cluster: ClusterView,
  component: ControlPlaneComponent,
): K8sObject[] {
  if (cluster.flavor === 'openshift') {
    const { namespace, app } = OPENSHIFT_COMPONENT_PODS[component];
    return cluster
      .inNamespace('pods', namespace)
      .filter(p => p.metadata?.labels?.app === app);
  }
  return cluster
    .inNamespace('pods', 'kube-system')
    .filter(p => p.metadata?.labels?.component === component);
}

/** Seconds since the lease was renewed, measured on the cluster's clock; undefined without a valid renewTime. */
export function leaseAgeSeconds(
  lease: K8sObject,
  now: Date,
): number | undefined {
  const renewTime = lease.spec?.renewTime;
  if (typeof renewTime !== 'string') return undefined;
  const renewed = Date.parse(renewTime);
  return Number.isNaN(renewed)
    ? undefined
    : Math.max(0, (now.getTime() - renewed) / 1000);
}

/** k3s runs every control-plane component inside each server process: its Ready server nodes. */
export function readyK3sServers(cluster: ClusterView): K8sObject[] {
  return cluster.controlPlaneNodes().filter(n => cluster.isNodeReady(n));
}

/** ` in 3 zones (a, b, c)`, ` in zone a`, or `` when zones are unknown: for messages. */
export function inZones(zones: string[]): string {
  if (zones.length === 0) return '';
  return zones.length === 1
    ? ` in zone ${zones[0]}`
    : ` in ${zones.length} zones (${zones.join(', ')})`;
}

const PROVIDER_NAMES: Partial<Record<ClusterView['flavor'], string>> = {
  eks: 'Amazon EKS',
  gke: 'Google GKE',
  aks: 'Azure AKS',
  openshift: 'the OpenShift hosting cluster',
};

export function providerName(cluster: ClusterView): string {
  return PROVIDER_NAMES[cluster.flavor] ?? 'the provider';
}

/**
 * On a provider-managed control plane the components are invisible: the individual checks do not
 * apply, and control-plane-managed gives the verdict. Undefined for self-managed control planes.
 */
export function skipWhenManaged(
  cluster: ClusterView,
): CheckOutcome | undefined {
  if (!cluster.managedControlPlane) return undefined;
  return {
    status: 'skipped',
    message: `The control plane is run by ${providerName(
      cluster,
    )} and is not visible in the cluster; see control-plane-managed`,
    evidence: { flavor: cluster.flavor, managedControlPlane: true },
  };
}
