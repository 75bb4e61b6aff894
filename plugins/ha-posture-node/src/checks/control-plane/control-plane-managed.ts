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

export const controlPlaneManaged: ClusterCheck = {
  id: 'control-plane-managed',
  title: 'Provider-managed control plane is highly available',
  category: 'control-plane',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'On managed clusters the provider runs the API servers and etcd out of sight. EKS and AKS replicate them ' +
    'across zones; on GKE only regional clusters do, zonal ones have a single control-plane replica.',
  remediation:
    'Use a regional GKE cluster, or the AKS Standard tier for an uptime SLA.',
  references: [
    'https://docs.aws.amazon.com/eks/latest/best-practices/control-plane.html',
    'https://cloud.google.com/kubernetes-engine/docs/concepts/regional-clusters',
    'https://learn.microsoft.com/azure/aks/availability-zones',
    'https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers',
  ],
  evaluate({ cluster }): CheckOutcome {
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
        return {
          status: 'pass',
          message:
            'Hosted OpenShift control plane (External topology): it runs in the hosting cluster, outside this one',
          evidence,
        };
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
