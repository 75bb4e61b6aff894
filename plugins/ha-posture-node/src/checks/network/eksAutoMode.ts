/**
 * EKS Auto Mode nodes. AWS labels them `eks.amazonaws.com/compute-type: auto`
 * (docs.aws.amazon.com/eks/latest/userguide/associate-workload.html), and Auto Mode runs pod and
 * service networking and cluster DNS as core components of those nodes, "as opposed to add-ons"
 * (docs.aws.amazon.com/eks/latest/userguide/automode.html, .../auto-networking.html): no CNI
 * DaemonSet and no CoreDNS Deployment serves them, so neither can be judged from the Kubernetes API.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { plural } from '../util';

export const EKS_COMPUTE_TYPE = 'eks.amazonaws.com/compute-type';

export function isEksAutoModeNode(node: K8sObject): boolean {
  return node.metadata?.labels?.[EKS_COMPUTE_TYPE] === 'auto';
}

/** The cluster's EKS Auto Mode nodes (none when nodes were not read). */
export function eksAutoModeNodes(cluster: ClusterView): K8sObject[] {
  return cluster.fetchState('nodes').status === 'ok'
    ? cluster.list('nodes').filter(isEksAutoModeNode)
    : [];
}

/** `all 3 nodes are EKS Auto Mode nodes (…)`, `1 of 5 nodes is an EKS Auto Mode node (…)`: for messages. */
export function describeAutoModeNodes(auto: number, total: number): string {
  let which: string;
  if (auto === total)
    which = auto === 1 ? 'the only node is' : `all ${auto} nodes are`;
  else
    which = `${auto} of ${plural(total, 'node')} ${auto === 1 ? 'is' : 'are'}`;
  const what = auto === 1 ? 'an EKS Auto Mode node' : 'EKS Auto Mode nodes';
  return `${which} ${what} (${EKS_COMPUTE_TYPE}=auto)`;
}
