/**
 * Istio multi-cluster over several networks: each cluster runs an east-west gateway, and istiod
 * merges the same-named Services of every cluster of the mesh, except those its MeshConfig's
 * serviceSettings mark clusterLocal.
 * - Sidecars cross through an Istio Gateway that passes mTLS through (tls.mode AUTO_PASSTHROUGH).
 * - Ambient pods (no sidecar; `istio.io/dataplane-mode: ambient` on the pod or its namespace) cross
 *   through a Gateway API Gateway of class `istio-east-west` (HBONE), and only Services labelled
 *   `istio.io/global: "true"` are shared: ambient keeps the others in their cluster.
 * A mesh on one network has no east-west gateway and nothing else to see (its remote secrets are
 * Secrets): it is not recognised.
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
import { GATEWAYS } from '../network/network-gateway-data-plane';
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

const AMBIENT_EAST_WEST_CLASS = 'istio-east-west';
const DATAPLANE_MODE = 'istio.io/dataplane-mode';

/** The cluster's ambient east-west gateway (a Gateway API Gateway of class istio-east-west), if any. */
const ambientEastWestGateway = perCluster(cluster =>
  cluster
    .list(GATEWAYS)
    .find(g => g.spec?.gatewayClassName === AMBIENT_EAST_WEST_CLASS),
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

/**
 * Whether a pod is in the ambient data plane: no sidecar, and `istio.io/dataplane-mode: ambient`
 * on it or, unless it opts out (`none`), on its namespace.
 */
function ambient(cluster: ClusterView, pod: K8sObject): boolean {
  if (meshed(pod)) return false;
  const own = pod.metadata?.labels?.[DATAPLANE_MODE];
  if (own !== undefined) return own === 'ambient';
  const namespace = cluster.namespace(pod.metadata?.namespace ?? 'default');
  return namespace?.metadata?.labels?.[DATAPLANE_MODE] === 'ambient';
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
 * (with a problem when the MeshConfig keeps it local, or its data plane has no east-west gateway it
 * can cross), a string when the MeshConfig cannot be read, undefined when its pods are not in the
 * mesh or the cluster has no east-west gateway at all.
 */
export function istioSharing(
  cluster: ClusterView,
  service: K8sObject,
  workloads: Workload[],
): ServiceSharing | string | undefined {
  const sidecarGateway = eastWestGateway(cluster);
  const ambientGateway = ambientEastWestGateway(cluster);
  if (!sidecarGateway && !ambientGateway) return undefined;
  const pods = workloads.flatMap(w => cluster.podsOf(w));
  const sidecars = pods.filter(meshed);
  const ambients =
    sidecars.length > 0 ? [] : pods.filter(p => ambient(cluster, p));
  const inMesh = sidecars.length > 0 ? sidecars : ambients;
  if (inMesh.length === 0) {
    // Ambient is mostly switched on per namespace: unreadable Namespaces leave it open.
    const undecided =
      ambientGateway &&
      cluster.fetchState('namespaces').status !== 'ok' &&
      pods.some(p => p.metadata?.labels?.[DATAPLANE_MODE] === undefined);
    return undecided
      ? `whether its pods are in Istio's ambient data plane cannot be told: ${cluster.unavailable(
          'namespaces',
        )}`
      : undefined;
  }
  const settings = meshSettingsFor(cluster, inMesh);
  const gateway = sidecars.length > 0 ? sidecarGateway : ambientGateway;
  const dataPlane = sidecars.length > 0 ? 'sidecars' : 'ambient pods';
  if (typeof settings === 'string')
    return `its pods are in an Istio mesh with an east-west gateway ${describeObject(
      (gateway ?? sidecarGateway ?? ambientGateway)!,
      'Gateway',
    )}, but ${settings}`;
  const mechanism = istioMechanism(settings.meshId);
  if (!gateway)
    return {
      mechanism,
      problem:
        sidecars.length > 0
          ? `its pods run Istio sidecars, and the cluster's only east-west gateway is ambient's (${describeObject(
              ambientGateway!,
              'Gateway',
            )}, HBONE), which sidecars cannot cross`
          : `its pods are ambient, and the cluster's only east-west gateway passes sidecar mTLS through ` +
            `(${describeObject(
              sidecarGateway!,
              'Gateway',
            )}, AUTO_PASSTHROUGH), which ambient traffic cannot use`,
    };
  if (
    dataPlane === 'ambient pods' &&
    service.metadata?.labels?.['istio.io/global'] !== 'true'
  )
    return {
      mechanism,
      problem: `its pods are ambient, and ambient shares only Services labelled istio.io/global: "true", which ${describeObject(
        service,
        'Service',
      )} is not`,
    };
  const host = `${service.metadata?.name}.${service.metadata?.namespace}.svc.${settings.domain}`;
  const local = settings.clusterLocalHosts.find(p => istioHostMatches(p, host));
  return {
    mechanism,
    ...(local
      ? {
          problem: `istiod's MeshConfig keeps ${host} in this cluster (serviceSettings clusterLocal: ${local})`,
        }
      : {}),
  };
}
