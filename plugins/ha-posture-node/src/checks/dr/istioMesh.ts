/**
 * Istio multi-cluster over several networks: each cluster runs an east-west gateway whose Istio
 * Gateway passes mTLS through (tls.mode AUTO_PASSTHROUGH), and istiod merges the same-named
 * Services of every cluster of the mesh, except those its MeshConfig's serviceSettings mark
 * clusterLocal. A mesh on one network has no east-west gateway and nothing else to see (its
 * remote secrets are Secrets): it is not recognised.
 */
import {
  istiodClusterDomain,
  istiodDeployments,
  istioHostMatches,
  istioRevisionOf,
  MESH_CONFIG_DATA_KEY,
  meshConfigRef,
  parseMeshConfig,
} from '../../model/istioMeshConfig';
import { objectFetchState } from '../../model/objectStates';
import { RESOURCE_TYPES } from '../../model/resources';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { ISTIO_GATEWAYS } from '../network/istioGateways';
import { describeObject, listOf, perCluster } from '../util';
import { ServiceSharing, SharingMechanism } from './sharingMechanism';

const CONFIG_MAPS_NAMESPACE = RESOURCE_TYPES.find(
  t => t.key === 'configmaps',
)?.namespace;

/** The cluster's Istio east-west gateway (an Istio Gateway with an AUTO_PASSTHROUGH server), if any. */
const eastWestGateway = perCluster(cluster =>
  cluster
    .list(ISTIO_GATEWAYS)
    .find(g =>
      listOf(g.spec?.servers).some(s => s?.tls?.mode === 'AUTO_PASSTHROUGH'),
    ),
);

/** The cluster's istiod Deployments, once per cluster (every meshed Service of every entity asks). */
const clusterIstiods = perCluster(cluster =>
  istiodDeployments(cluster.list('deployments.apps')),
);

/** Whether a pod carries Istio's sidecar (a container, or a native sidecar init container). */
function meshed(pod: K8sObject): boolean {
  return [
    ...listOf(pod.spec?.containers),
    ...listOf(pod.spec?.initContainers),
  ].some(c => c?.name === 'istio-proxy');
}

/** Only clusters of one mesh share Services with each other: the mesh id is in the key. */
function istioMechanism(meshId: string | undefined): SharingMechanism {
  return {
    key: `istio ${meshId ?? ''}`,
    label: `Istio multi-network mesh${meshId ? ` ${meshId}` : ''}`,
    clientNote: () =>
      "istiod balances its usual name over the mesh's clusters, through their east-west gateways",
  };
}

/**
 * The MeshConfig of the istiod that configures the pods' sidecars (by revision), with its cluster
 * domain; a string when it cannot be read.
 */
function meshSettingsFor(cluster: ClusterView, pods: K8sObject[]) {
  const revision = istioRevisionOf(pods[0]);
  const istiods = clusterIstiods(cluster);
  const istiod =
    istiods.find(d => istioRevisionOf(d) === revision) ??
    (revision === 'default' ? istiods[0] : undefined);
  if (!istiod)
    return `no istiod Deployment of revision ${revision} runs in the cluster, so its MeshConfig cannot be read`;
  const ref = meshConfigRef(istiod);
  const name = `ConfigMap ${ref.namespace}/${ref.name}`;
  const state = objectFetchState(
    cluster.fetchState('configmaps'),
    CONFIG_MAPS_NAMESPACE,
    ref.namespace,
    ref.name,
  );
  if (state.status !== 'ok')
    return `istiod's MeshConfig (${name}) could not be read (${state.status}${
      state.message ? `: ${state.message}` : ''
    })`;
  const domain = istiodClusterDomain(istiod);
  const configMap = cluster.get('configmaps', ref.namespace, ref.name);
  // None: istiod runs with the defaults, which keep no Service local.
  if (!configMap) return { clusterLocalHosts: [] as string[], domain };
  const settings = parseMeshConfig(configMap.data?.[MESH_CONFIG_DATA_KEY]);
  return typeof settings === 'string'
    ? `${name}: ${settings}`
    : { ...settings, domain };
}

/**
 * How the Service of the entity's `workloads` is shared by an Istio multi-network mesh: a sharing
 * (with a problem when the MeshConfig keeps it local), a string when the MeshConfig cannot be
 * read, undefined when its pods are not meshed or the cluster has no east-west gateway.
 */
export function istioSharing(
  cluster: ClusterView,
  service: K8sObject,
  workloads: Workload[],
): ServiceSharing | string | undefined {
  const gateway = eastWestGateway(cluster);
  if (!gateway) return undefined;
  const pods = workloads.flatMap(w => cluster.podsOf(w)).filter(meshed);
  if (pods.length === 0) return undefined;
  const settings = meshSettingsFor(cluster, pods);
  const through = `east-west gateway ${describeObject(gateway, 'Gateway')}`;
  if (typeof settings === 'string')
    return `its pods are in an Istio mesh with an ${through}, but ${settings}`;
  const host = `${service.metadata?.name}.${service.metadata?.namespace}.svc.${settings.domain}`;
  const local = settings.clusterLocalHosts.find(p => istioHostMatches(p, host));
  return {
    mechanism: istioMechanism(settings.meshId),
    ...(local
      ? {
          problem: `istiod's MeshConfig keeps ${host} in this cluster (serviceSettings clusterLocal: ${local})`,
        }
      : {}),
  };
}
