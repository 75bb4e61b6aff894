/**
 * Istio multi-cluster: in a mesh over several networks, each cluster runs an east-west gateway
 * whose Istio Gateway passes mTLS through (tls.mode AUTO_PASSTHROUGH), and istiod merges the
 * same-named Services of every cluster, unless its MeshConfig (serviceSettings clusterLocal, not
 * read here) keeps them local. So for meshed pods the sharing can be neither confirmed nor denied.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { ISTIO_GATEWAYS } from '../network/istioGateways';
import { describeObject, listOf, perCluster } from '../util';

/** The cluster's Istio east-west gateway (an Istio Gateway with an AUTO_PASSTHROUGH server), if any. */
const eastWestGateway = perCluster(cluster =>
  cluster
    .list(ISTIO_GATEWAYS)
    .find(g =>
      listOf(g.spec?.servers).some(s => s?.tls?.mode === 'AUTO_PASSTHROUGH'),
    ),
);

/** Whether a pod carries Istio's sidecar (a container, or a native sidecar init container). */
function meshed(pod: K8sObject): boolean {
  return [
    ...listOf(pod.spec?.containers),
    ...listOf(pod.spec?.initContainers),
  ].some(c => c?.name === 'istio-proxy');
}

/**
 * Why whether the workloads' Service is shared by Istio cannot be told in this cluster: their pods
 * are meshed and the cluster has an east-west gateway. Undefined otherwise.
 */
export function istioSharingUnknown(
  cluster: ClusterView,
  workloads: Workload[],
): string | undefined {
  const gateway = eastWestGateway(cluster);
  if (!gateway) return undefined;
  if (!workloads.some(w => cluster.podsOf(w).some(meshed))) return undefined;
  return (
    `its pods are in an Istio mesh whose east-west gateway (${describeObject(
      gateway,
      'Gateway',
    )}) shares Services with the mesh's other clusters, ` +
    "unless istiod's MeshConfig (serviceSettings clusterLocal, not read) keeps this one local"
  );
}
