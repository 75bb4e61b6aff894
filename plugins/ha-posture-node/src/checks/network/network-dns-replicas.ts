import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { describeObject, notEvaluable } from '../util';
import { describeAutoModeNodes, eksAutoModeNodes } from './eksAutoMode';
import { judgeSpread, readySpreadOfPods } from './replicaSpread';

const OPENSHIFT_DNS_LABEL = 'dns.operator.openshift.io/daemonset-dns';

interface ClusterDns {
  /** The DNS workload, when found (pods alone also identify cluster DNS). */
  workload?: K8sObject;
  pods: K8sObject[];
}

/** OpenShift: DaemonSet openshift-dns/dns-default; elsewhere kube-system pods labelled k8s-app=kube-dns (CoreDNS or kube-dns). */
function findClusterDns(cluster: ClusterView): ClusterDns | undefined {
  const openshift = cluster.get(
    'daemonsets.apps',
    'openshift-dns',
    'dns-default',
  );
  if (openshift) {
    return {
      workload: openshift,
      pods: cluster
        .inNamespace('pods', 'openshift-dns')
        .filter(p => p.metadata.labels?.[OPENSHIFT_DNS_LABEL] === 'default'),
    };
  }
  const pods = cluster
    .inNamespace('pods', 'kube-system')
    .filter(p => p.metadata.labels?.['k8s-app'] === 'kube-dns');
  const workload = cluster
    .inNamespace('deployments.apps', 'kube-system')
    .find(d => d.spec?.template?.metadata?.labels?.['k8s-app'] === 'kube-dns');
  return workload || pods.length > 0 ? { workload, pods } : undefined;
}

function dnsRemediation(cluster: ClusterView): string | undefined {
  if (cluster.flavor === 'k3s') {
    return (
      'k3s deploys CoreDNS with 1 replica and re-applies its manifest on restart: start k3s with --disable coredns ' +
      'and deploy CoreDNS yourself (e.g. its Helm chart) with 2+ replicas, anti-affinity and a PDB.'
    );
  }
  return undefined;
}

export const networkDnsReplicas: ClusterCheck = {
  id: 'network-dns-replicas',
  title: 'Cluster DNS runs at least 2 spread replicas',
  category: 'network',
  severity: 'critical',
  scope: 'cluster',
  rationale:
    'Every Service lookup goes through cluster DNS: when its only replica or its only node fails, all ' +
    'service-to-service calls by name fail across the cluster.',
  remediation:
    'Run cluster DNS with at least 2 replicas on different nodes and zones (kubectl -n kube-system scale ' +
    'deployment coredns --replicas=2, plus pod anti-affinity or topology spread and a PDB).',
  references: [
    'https://kubernetes.io/docs/tasks/administer-cluster/dns-horizontal-autoscaling/',
    'https://kubernetes.io/docs/tasks/administer-cluster/coredns/',
    'https://docs.openshift.com/container-platform/latest/networking/dns-operator.html',
  ],
  evaluate({ cluster }): CheckOutcome {
    const missing = notEvaluable(
      cluster,
      'pods',
      cluster.flavor === 'openshift' ? 'daemonsets.apps' : 'deployments.apps',
    );
    if (missing) return missing;
    const dns = findClusterDns(cluster);
    if (!dns) {
      const auto = eksAutoModeNodes(cluster).length;
      if (auto > 0) {
        // Not "missing": EKS Auto Mode serves cluster DNS from its nodes (see eksAutoMode.ts).
        return {
          status: 'unknown',
          message: `No in-cluster DNS pods (none labelled k8s-app=kube-dns in kube-system), as expected on EKS Auto Mode: ${describeAutoModeNodes(
            auto,
            cluster.list('nodes').length,
          )}, where AWS runs cluster DNS on the nodes themselves, not as pods, so its redundancy is not visible in the Kubernetes API`,
          evidence: { eksAutoModeNodes: auto },
        };
      }
      // Pod manifests in a scan make pods readable, but cluster DNS comes with the cluster.
      if (cluster.snapshot.mode === 'manifests')
        return {
          status: 'skipped',
          message:
            'The scanned manifests hold no cluster DNS; it comes with the cluster and is judged there.',
        };
      return {
        status: 'unknown',
        message:
          'No cluster DNS found (no kube-system pods or Deployment labelled k8s-app=kube-dns, no openshift-dns/dns-default)',
      };
    }
    const subject = dns.workload
      ? `Cluster DNS (${describeObject(dns.workload)})`
      : 'Cluster DNS (pods k8s-app=kube-dns)';
    const spread = readySpreadOfPods(cluster, dns.pods);
    const verdict = judgeSpread(cluster, subject, spread, {
      noun: 'replica',
      single: 'fail',
    });
    const remediation =
      verdict.status === 'pass' ? undefined : dnsRemediation(cluster);
    return {
      ...verdict,
      ...(remediation ? { remediation } : {}),
      evidence: {
        workload: dns.workload ? describeObject(dns.workload) : undefined,
        pods: dns.pods.length,
        ...spread,
      },
    };
  },
};
