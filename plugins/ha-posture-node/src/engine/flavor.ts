import { ClusterFlavor } from '../model/view';
import { K8sObject } from '../model/snapshot';

/** What flavor detection looks at (rules file, section 0). */
export interface FlavorSignals {
  nodes: K8sObject[];
  /** kube-system pods (static control-plane pods, OpenShift namespaces). */
  pods: K8sObject[];
  namespaces: K8sObject[];
  servedGroupVersions?: string[];
  gitVersion?: string;
  /** kube-system/kubeadm-config exists. */
  hasKubeadmConfig: boolean;
  /** config.openshift.io infrastructures objects. */
  infrastructures: K8sObject[];
}

export interface FlavorDetection {
  flavor: ClusterFlavor;
  managedControlPlane: boolean;
}

const CONTROL_PLANE_COMPONENTS = new Set([
  'kube-apiserver',
  'etcd',
  'kube-controller-manager',
  'kube-scheduler',
]);

const NODE_ROLE_CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const NODE_ROLE_MASTER = 'node-role.kubernetes.io/master';

/** A node with the control-plane (or legacy master) role label, whatever its value. */
export function hasControlPlaneRole(node: K8sObject): boolean {
  const labels = node.metadata?.labels ?? {};
  return NODE_ROLE_CONTROL_PLANE in labels || NODE_ROLE_MASTER in labels;
}

/** A static control-plane pod as kubeadm and RKE2 create them (`component=<name>,tier=control-plane`). */
export function isControlPlaneStaticPod(pod: K8sObject): boolean {
  const labels = pod.metadata?.labels ?? {};
  return (
    labels.tier === 'control-plane' &&
    CONTROL_PLANE_COMPONENTS.has(labels.component ?? '')
  );
}

function kubeletVersions(nodes: K8sObject[]): string[] {
  return nodes.map(n => String(n.status?.nodeInfo?.kubeletVersion ?? ''));
}

function anyNode(
  nodes: K8sObject[],
  test: (labels: Record<string, string>, providerID: string) => boolean,
) {
  return nodes.some(n =>
    test(n.metadata?.labels ?? {}, String(n.spec?.providerID ?? '')),
  );
}

function versionContains(signals: FlavorSignals, fragment: string): boolean {
  return [signals.gitVersion ?? '', ...kubeletVersions(signals.nodes)].some(v =>
    v.includes(fragment),
  );
}

function isOpenShift(s: FlavorSignals): boolean {
  const openshiftNamespaces = new Set([
    'openshift-etcd',
    'openshift-kube-apiserver',
  ]);
  return (
    (s.servedGroupVersions ?? []).some(gv =>
      gv.startsWith('config.openshift.io/'),
    ) ||
    s.infrastructures.length > 0 ||
    s.namespaces.some(ns => openshiftNamespaces.has(ns.metadata?.name)) ||
    s.pods.some(p => openshiftNamespaces.has(p.metadata?.namespace ?? ''))
  );
}

function k3sOrRke2(s: FlavorSignals): ClusterFlavor | undefined {
  for (const flavor of ['rke2', 'k3s'] as const) {
    const byNode = anyNode(
      s.nodes,
      (labels, providerID) =>
        providerID.startsWith(`${flavor}://`) ||
        labels['node.kubernetes.io/instance-type'] === flavor,
    );
    if (byNode || versionContains(s, `+${flavor}`)) return flavor;
  }
  return undefined;
}

/**
 * Cloud flavors. Provider-specific node labels and version strings are definitive; a bare
 * providerID (`aws:///...`) also appears on self-managed clusters using the cloud provider, so it
 * only counts when the cluster shows no self-managed control plane.
 */
function cloudFlavor(
  s: FlavorSignals,
  selfManagedControlPlane: boolean,
): ClusterFlavor | undefined {
  const clouds: Array<{
    flavor: ClusterFlavor;
    label: (l: Record<string, string>) => boolean;
    provider: string;
    version: string;
  }> = [
    {
      flavor: 'eks',
      label: l =>
        'eks.amazonaws.com/nodegroup' in l ||
        'eks.amazonaws.com/compute-type' in l,
      provider: 'aws://',
      version: '-eks-',
    },
    {
      flavor: 'gke',
      label: l => 'cloud.google.com/gke-nodepool' in l,
      provider: 'gce://',
      version: '-gke.',
    },
    {
      flavor: 'aks',
      label: l =>
        Object.keys(l).some(k => k.startsWith('kubernetes.azure.com/')),
      provider: 'azure://',
      version: '\u0000', // AKS versions carry no marker
    },
  ];
  for (const cloud of clouds) {
    if (
      anyNode(s.nodes, labels => cloud.label(labels)) ||
      versionContains(s, cloud.version)
    ) {
      return cloud.flavor;
    }
    if (
      !selfManagedControlPlane &&
      anyNode(s.nodes, (_l, providerID) =>
        providerID.startsWith(cloud.provider),
      )
    ) {
      return cloud.flavor;
    }
  }
  return undefined;
}

/**
 * Detects the cluster flavor in the rules file's order: OpenShift, k3s/RKE2, EKS/GKE/AKS,
 * kubeadm, generic. The control plane is managed when no node has a control-plane role, no
 * control-plane static pods exist, and a cloud signal is present (or OpenShift reports an
 * `External` control-plane topology, i.e. hosted control planes).
 */
export function detectFlavor(s: FlavorSignals): FlavorDetection {
  const controlPlaneNodes = s.nodes.some(hasControlPlaneRole);
  const staticControlPlane = s.pods.some(isControlPlaneStaticPod);
  const selfManaged = controlPlaneNodes || staticControlPlane;

  if (isOpenShift(s)) {
    const external = s.infrastructures.some(
      i => i.status?.controlPlaneTopology === 'External',
    );
    return {
      flavor: 'openshift',
      managedControlPlane: external && !selfManaged,
    };
  }
  const lightweight = k3sOrRke2(s);
  if (lightweight) return { flavor: lightweight, managedControlPlane: false };
  const cloud = cloudFlavor(s, selfManaged);
  if (cloud) return { flavor: cloud, managedControlPlane: !selfManaged };
  if (s.hasKubeadmConfig || staticControlPlane)
    return { flavor: 'kubeadm', managedControlPlane: false };
  return { flavor: 'generic', managedControlPlane: false };
}
