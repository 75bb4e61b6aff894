/**
 * ConfigMaps that only the Deployments locate, read after the main reads: the status reports of
 * the cluster's cluster-autoscaler Deployments, each written where its flags say (the Helm
 * chart's release namespace, OpenShift's openshift-machine-api), and the MeshConfig of each
 * istiod (`istio` or `istio-<revision>` in its namespace). kube-system/cluster-autoscaler-status
 * is among the configmaps type's named objects already (AKS's hosted autoscaler writes it with no
 * Deployment to see), so it is not read twice.
 */
import {
  clusterAutoscalerDeployments,
  DEFAULT_STATUS_CONFIGMAP,
  statusReportLocation,
  STATUS_DATA_KEY,
} from '../model/clusterAutoscaler';
import {
  istiodDeployments,
  MESH_CONFIG_DATA_KEY,
  meshConfigRef,
} from '../model/istioMeshConfig';
import { K8sObject } from '../model/snapshot';
import { ApiClient } from './apiClient';
import { ListOutcome, ObjectRef, readMoreObjects } from './listResource';
import { ResourceType } from '../model/resources';

/** The report of each cluster-autoscaler Deployment that writes one, once per place. */
export function statusReportRefs(
  deployments: readonly K8sObject[],
): ObjectRef[] {
  const refs: ObjectRef[] = [];
  for (const deployment of clusterAutoscalerDeployments(deployments)) {
    const location = statusReportLocation(deployment);
    if (!location?.written) continue;
    refs.push({
      namespace: location.namespace,
      name: location.name,
      // The projection keeps the report under its default name only.
      ...(location.name === DEFAULT_STATUS_CONFIGMAP
        ? {}
        : { keptDataKey: STATUS_DATA_KEY }),
    });
  }
  return refs;
}

/** The MeshConfig ConfigMap of each istiod Deployment, keeping its `mesh` key. */
export function meshConfigRefs(deployments: readonly K8sObject[]): ObjectRef[] {
  return istiodDeployments(deployments).map(istiod => ({
    ...meshConfigRef(istiod),
    keptDataKey: MESH_CONFIG_DATA_KEY,
  }));
}

/**
 * The configmaps outcome with the ConfigMaps `deployments` locate added (those not read yet). One
 * that cannot be read (forbidden: a custom `--status-config-map-name`, or an istiod revision's
 * `istio-<revision>`, that the RBAC does not grant) is recorded in its own state and the type's
 * message, and never fails the type (nor the refresh).
 */
export async function readDeploymentConfigMaps(
  client: ApiClient,
  configMaps: ResourceType,
  groupVersion: string,
  outcome: ListOutcome,
  deployments: readonly K8sObject[],
): Promise<ListOutcome> {
  const refs = [
    ...statusReportRefs(deployments),
    ...meshConfigRefs(deployments),
  ];
  if (refs.length === 0) return outcome;
  return readMoreObjects(client, configMaps, groupVersion, outcome, refs);
}
