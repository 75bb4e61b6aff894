import {
  clusterDns,
  clusterFrom,
  gkeRegional,
  k3sDevSingle,
  kubeadmHa3z,
  nodes,
  openshiftSno,
  pod,
  runOne,
} from '../../testing';
import { networkDnsReplicas } from './network-dns-replicas';

const workers = () => nodes('w', 3, ['a', 'b', 'c']);

describe('network-dns-replicas', () => {
  it('passes kubeadm-ha-3z: CoreDNS 2 replicas on 2 nodes in 2 zones', () => {
    const outcome = runOne(networkDnsReplicas, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Cluster DNS (Deployment kube-system/coredns) has 2 ready replicas on 2 nodes in 2 zones',
    );
    expect(outcome.evidence).toMatchObject({
      ready: 2,
      nodes: ['worker-1', 'worker-2'],
      zones: ['dc1-a', 'dc1-b'],
    });
  });

  it('passes gke-regional with kube-dns', () => {
    expect(runOne(networkDnsReplicas, clusterFrom(gkeRegional())).status).toBe(
      'pass',
    );
  });

  it('fails k3s-dev-single: CoreDNS 1 replica, with k3s-specific advice', () => {
    const outcome = runOne(networkDnsReplicas, clusterFrom(k3sDevSingle()));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('a single ready replica on node dev');
    expect(outcome.remediation).toContain('--disable coredns');
  });

  it('fails when only one of two replicas is ready', () => {
    const objects = [...workers(), ...clusterDns('coredns', ['w-1', 'w-2'])];
    objects.filter(o => o.kind === 'Pod')[1].status.conditions[1].status =
      'False';
    expect(runOne(networkDnsReplicas, clusterFrom(objects)).status).toBe(
      'fail',
    );
  });

  it('warns when both replicas share a node, or a zone of a multi-zone cluster', () => {
    const sameNode = runOne(
      networkDnsReplicas,
      clusterFrom([...workers(), ...clusterDns('coredns', ['w-1', 'w-1'])]),
    );
    expect(sameNode.status).toBe('warn');
    expect(sameNode.message).toContain('all on node w-1');
    const zonal = [
      ...nodes('w', 3, ['a', 'b', 'c']),
      ...nodes('x', 1, ['a']),
      ...clusterDns('coredns', ['w-1', 'x-1']),
    ];
    const sameZone = runOne(networkDnsReplicas, clusterFrom(zonal));
    expect(sameZone.status).toBe('warn');
    expect(sameZone.message).toContain('all in zone a');
  });

  it('passes 2 replicas on 2 nodes of a cluster without zones', () => {
    expect(
      runOne(
        networkDnsReplicas,
        clusterFrom([
          ...nodes('w', 2),
          ...clusterDns('coredns', ['w-1', 'w-2']),
        ]),
      ).status,
    ).toBe('pass');
  });

  it('fails single-node OpenShift: dns-default DaemonSet on one node', () => {
    const outcome = runOne(networkDnsReplicas, clusterFrom(openshiftSno()));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('DaemonSet openshift-dns/dns-default');
  });

  it('is unknown without cluster DNS, or when pods are forbidden; skipped for manifests', () => {
    const none = runOne(networkDnsReplicas, clusterFrom(workers()));
    expect(none.status).toBe('unknown');
    expect(none.message).toContain('No cluster DNS found');
    expect(
      runOne(
        networkDnsReplicas,
        clusterFrom(kubeadmHa3z(), { fetch: { pods: 'forbidden' } }),
      ).status,
    ).toBe('unknown');
    expect(
      runOne(
        networkDnsReplicas,
        clusterFrom(
          clusterDns('coredns', ['w-1']).filter(
            o => o.kind !== 'Pod' && o.kind !== 'ReplicaSet',
          ),
        ),
      ).status,
    ).toBe('skipped');
  });

  describe('EKS Auto Mode (nodes labelled eks.amazonaws.com/compute-type=auto)', () => {
    const autoNodes = (count: number) =>
      nodes('i-0abc', count, ['us-east-1a', 'us-east-1b', 'us-east-1c'], {
        labels: { 'eks.amazonaws.com/compute-type': 'auto' },
      });

    it('stays unknown without DNS pods, saying Auto Mode serves DNS from its nodes', () => {
      const outcome = runOne(networkDnsReplicas, clusterFrom(autoNodes(3)));
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        'No in-cluster DNS pods (none labelled k8s-app=kube-dns in kube-system), as expected on EKS Auto Mode: all 3 nodes are EKS Auto Mode nodes (eks.amazonaws.com/compute-type=auto), where AWS runs cluster DNS on the nodes themselves, not as pods, so its redundancy is not visible in the Kubernetes API',
      );
      expect(outcome.evidence).toEqual({ eksAutoModeNodes: 3 });
    });

    it('names the share of Auto Mode nodes in a mixed cluster', () => {
      const outcome = runOne(
        networkDnsReplicas,
        clusterFrom([...autoNodes(1), ...workers()]),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        '1 of 4 nodes is an EKS Auto Mode node',
      );
    });

    it('still judges CoreDNS when the cluster runs it', () => {
      const outcome = runOne(
        networkDnsReplicas,
        clusterFrom([
          ...autoNodes(3),
          ...clusterDns('coredns', ['i-0abc-1', 'i-0abc-2']),
        ]),
      );
      expect(outcome.status).toBe('pass');
    });
  });

  it('skips in a manifests scan that holds Pod manifests but no cluster DNS', () => {
    const debug = pod('debug');
    delete debug.status;
    delete debug.metadata.uid;
    delete debug.spec.nodeName;
    const outcome = runOne(networkDnsReplicas, clusterFrom([debug]));
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain(
      'The scanned manifests hold no cluster DNS',
    );
  });
});
