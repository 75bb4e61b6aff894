import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { notEvaluable } from '../util';
import { providerName } from './controlPlaneSignals';

const GKE_ZONE = /^[a-z]+-[a-z]+\d+-[a-z]$/;
const GKE_REGION = /^[a-z]+-[a-z]+\d+$/;

/** GKE: a regional cluster replicates its control plane over 3 zones, a zonal one has a single replica. */
function judgeGke(cluster: ClusterView): CheckOutcome {
  const location = cluster.snapshot.cluster.location?.trim();
  const evidence = { provider: 'gke', location };
  if (!location) {
    return {
      status: 'unknown',
      message:
        'Whether this GKE control plane is regional (replicated over 3 zones) or zonal (one replica) is not visible ' +
        `in the Kubernetes API; nodes in several zones${
          cluster.region ? ` and their region (${cluster.region})` : ''
        } do not tell`,
      remediation:
        `Set the cluster's location: \`haPosture.clusterInfo.${cluster.name}.location\` in app-config (CLI: \`clusterInfo\` ` +
        'in --config or clusters.yaml), e.g. `europe-west1` for a regional cluster, `europe-west1-b` for a zonal one.',
      evidence,
    };
  }
  if (GKE_REGION.test(location)) {
    return {
      status: 'pass',
      message: `Regional GKE cluster (${location}): Google runs control-plane replicas in several zones of the region`,
      evidence: { ...evidence, regional: true },
    };
  }
  if (GKE_ZONE.test(location)) {
    return {
      status: 'fail',
      message: `Zonal GKE cluster (${location}): a single control-plane replica, unavailable during its upgrades and zone outages`,
      remediation:
        'Recreate the cluster as a regional GKE cluster (the location type cannot be changed in place).',
      evidence: { ...evidence, regional: false },
    };
  }
  return {
    status: 'unknown',
    message: `The configured location "${location}" is neither a GCP region (e.g. europe-west1) nor a zone (e.g. europe-west1-b)`,
    evidence,
  };
}

interface Params {
  highlyAvailableHostedControlPlanes: string[];
  singleReplicaHostedControlPlanes: string[];
}

/**
 * A hosted OpenShift control plane (HyperShift: Infrastructure `controlPlaneTopology: External`)
 * runs as pods in the management cluster. Whether they are replicated across zones is the
 * HostedCluster's `spec.controllerAvailabilityPolicy` (HighlyAvailable or SingleReplica), an object
 * of the management cluster; its default has changed between HyperShift API versions
 * (github.com/openshift/hypershift, api/hypershift/v1beta1/hostedcluster_types.go), so nothing
 * here tells. `unknown` unless the operator lists the cluster in a parameter.
 */
function judgeHostedOpenShift(
  cluster: ClusterView,
  params: Params,
): CheckOutcome {
  const ha = params.highlyAvailableHostedControlPlanes.includes(cluster.name);
  const single = params.singleReplicaHostedControlPlanes.includes(cluster.name);
  const where = 'haPosture.checks.control-plane-managed.params';
  const evidence = {
    provider: 'openshift',
    controlPlaneTopology: 'External',
  };
  if (ha && single) {
    return {
      status: 'unknown',
      message: `Hosted OpenShift control plane (External topology): cluster ${cluster.name} is listed both as highly available and as single-replica (highlyAvailableHostedControlPlanes and singleReplicaHostedControlPlanes)`,
      remediation: `Keep ${cluster.name} in one of the two lists under ${where}.`,
      evidence: { ...evidence, source: 'configuration' },
    };
  }
  if (ha) {
    return {
      status: 'pass',
      message:
        'Hosted OpenShift control plane (External topology), configured as HighlyAvailable ' +
        '(highlyAvailableHostedControlPlanes): the hosting cluster runs its components as replicas spread over zones',
      evidence: {
        ...evidence,
        controllerAvailabilityPolicy: 'HighlyAvailable',
        source: 'configuration',
      },
    };
  }
  if (single) {
    return {
      status: 'fail',
      message:
        'Hosted OpenShift control plane (External topology), configured as SingleReplica ' +
        '(singleReplicaHostedControlPlanes): one replica of the API server and etcd in the hosting cluster, ' +
        "so a node or zone failure there takes this cluster's API down",
      remediation:
        'Create the hosted cluster with controllerAvailabilityPolicy HighlyAvailable (the policy cannot be changed ' +
        'on an existing HostedCluster).',
      evidence: {
        ...evidence,
        controllerAvailabilityPolicy: 'SingleReplica',
        source: 'configuration',
      },
    };
  }
  return {
    status: 'unknown',
    message:
      'Hosted OpenShift control plane (External topology): it runs in the hosting (management) cluster, where the ' +
      "HostedCluster's controllerAvailabilityPolicy (HighlyAvailable or SingleReplica) decides whether it is " +
      'replicated; that is not visible from this cluster',
    remediation:
      'On the management cluster, read the policy (oc get hostedcluster -A -o ' +
      "jsonpath='{.items[*].spec.controllerAvailabilityPolicy}'), then list this cluster under " +
      `${where}.highlyAvailableHostedControlPlanes (or singleReplicaHostedControlPlanes).`,
    evidence,
  };
}

export const controlPlaneManaged: ClusterCheck<Params> = {
  id: 'control-plane-managed',
  title: 'Provider-managed control plane is highly available',
  category: 'control-plane',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'On managed clusters the provider runs the API servers and etcd out of sight. EKS and AKS replicate them ' +
    'across zones; on GKE only regional clusters do, zonal ones have a single control-plane replica. A hosted ' +
    'OpenShift control plane is replicated only when its HostedCluster asks for HighlyAvailable.',
  remediation:
    'Use a regional GKE cluster, the AKS Standard tier for an uptime SLA, or a HighlyAvailable hosted OpenShift control plane.',
  parameters: {
    highlyAvailableHostedControlPlanes: {
      description:
        'Names of clusters with a hosted OpenShift control plane (HyperShift, controlPlaneTopology External) whose ' +
        'HostedCluster has controllerAvailabilityPolicy HighlyAvailable. That object lives on the management ' +
        'cluster, out of sight: without this a hosted control plane is unknown.',
      default: [] as string[],
    },
    singleReplicaHostedControlPlanes: {
      description:
        'Names of clusters with a hosted OpenShift control plane whose HostedCluster has ' +
        'controllerAvailabilityPolicy SingleReplica: they fail.',
      default: [] as string[],
    },
  },
  references: [
    'https://docs.aws.amazon.com/eks/latest/best-practices/control-plane.html',
    'https://cloud.google.com/kubernetes-engine/docs/concepts/regional-clusters',
    'https://learn.microsoft.com/azure/aks/availability-zones',
    'https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers',
    'https://hypershift-docs.netlify.app/how-to/distribute-hosted-cluster-workloads/',
  ],
  evaluate({ cluster, params }): CheckOutcome {
    const missing = notEvaluable(cluster, 'nodes');
    if (missing) return missing;
    if (!cluster.managedControlPlane) {
      return {
        status: 'skipped',
        message: `Self-managed control plane (${cluster.flavor}): see control-plane-apiservers, control-plane-etcd-quorum and control-plane-nodes-zones`,
        evidence: { flavor: cluster.flavor, managedControlPlane: false },
      };
    }
    const evidence = { provider: cluster.flavor };
    switch (cluster.flavor) {
      case 'eks':
        return {
          status: 'pass',
          message:
            'Provider-managed EKS control plane: AWS runs at least 2 API server instances in different availability ' +
            'zones and etcd across 3 zones',
          evidence,
        };
      case 'aks':
        return {
          status: 'pass',
          message:
            'Provider-managed AKS control plane, replicated across zones by Azure; the pricing tier (Free has no ' +
            'uptime SLA, Standard does) is not visible in the Kubernetes API',
          evidence,
        };
      case 'gke':
        return judgeGke(cluster);
      case 'openshift':
        return judgeHostedOpenShift(cluster, params);
      default:
        return {
          status: 'unknown',
          message: `The control plane is run by ${providerName(
            cluster,
          )}; its redundancy is not visible`,
          evidence,
        };
    }
  },
};
