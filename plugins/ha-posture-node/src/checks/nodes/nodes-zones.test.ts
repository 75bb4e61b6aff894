import {
  aksNoZones,
  clusterFrom,
  eksFargateOnly,
  configMap,
  eksProd,
  gkeRegional,
  k3sDevSingle,
  kubeadmHa3z,
  node,
  nodes,
  runOne,
} from '../../testing';
import { nodesZones } from './nodes-zones';

describe('nodes-zones', () => {
  it('passes workers in 3 zones (kubeadm-ha-3z, gke-regional)', () => {
    const outcome = runOne(nodesZones, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      '6 usable workers in 3 zones (dc1-a: 2, dc1-b: 2, dc1-c: 2)',
    );
    expect(runOne(nodesZones, clusterFrom(gkeRegional())).status).toBe('pass');
  });

  it('does not count Fargate nodes (eks-prod)', () => {
    const outcome = runOne(nodesZones, clusterFrom(eksProd()));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      workersPerZone: { 'us-east-1a': 2, 'us-east-1b': 2, 'us-east-1c': 2 },
    });
  });

  it('warns on 2 zones and fails on 1', () => {
    expect(
      runOne(nodesZones, clusterFrom(nodes('w', 4, ['a', 'b']))).status,
    ).toBe('warn');
    const single = runOne(nodesZones, clusterFrom(nodes('w', 3, ['a'])));
    expect(single.status).toBe('fail');
    expect(single.message).toContain('All 3 usable workers in 1 zone (a: 3)');
  });

  it("words a single usable worker in one zone without 'All 1'", () => {
    const outcome = runOne(
      nodesZones,
      clusterFrom([node('sno-1', { zone: 'a' })]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'The only usable worker (sno-1) is in zone a: a zone outage stops every workload',
    );
  });

  describe('AKS pools with and without availability zones', () => {
    const aksNode = (pool: string, i: number, zone: string) =>
      node(`aks-${pool}-12345678-vmss00000${i}`, {
        zone,
        region: 'westeurope',
        providerID: `azure:///subscriptions/0000/resourceGroups/mc_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${pool}-12345678-vmss/virtualMachines/${i}`,
        labels: { 'kubernetes.azure.com/agentpool': pool },
      });
    const zoned = [0, 1, 2].map(i =>
      aksNode('zoned', i, `westeurope-${i + 1}`),
    );
    const faultDomains = [0, 1, 2].map(i =>
      aksNode('nozone', i, String(i % 2)),
    );

    it('names the fault-domain workers the zone counts leave out', () => {
      const outcome = runOne(
        nodesZones,
        clusterFrom([...zoned, ...faultDomains]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        '6 usable workers in 3 zones (westeurope-1: 1, westeurope-2: 1, westeurope-3: 1); ' +
          'in no availability zone (Azure fault domain only): aks-nozone-12345678-vmss000000 (fault domain 0), ' +
          'aks-nozone-12345678-vmss000001 (fault domain 1), aks-nozone-12345678-vmss000002 (fault domain 0)',
      );
      expect(outcome.evidence).toMatchObject({
        faultDomainOnly: [
          'aks-nozone-12345678-vmss000000 (fault domain 0)',
          'aks-nozone-12345678-vmss000001 (fault domain 1)',
          'aks-nozone-12345678-vmss000002 (fault domain 0)',
        ],
      });
    });

    it('names them beside unlabelled workers, and in a one-zone failure', () => {
      const outcome = runOne(
        nodesZones,
        clusterFrom([zoned[0], faultDomains[0], node('bare-1')]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'All 3 usable workers in 1 zone (westeurope-1: 1): a zone outage stops every workload; ' +
          'in no availability zone (Azure fault domain only): aks-nozone-12345678-vmss000000 (fault domain 0); ' +
          'without a zone label: bare-1',
      );
    });

    it('words a single fault-domain-only worker', () => {
      const outcome = runOne(nodesZones, clusterFrom([faultDomains[1]]));
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'the only usable worker (aks-nozone-12345678-vmss000001) is in a single zone',
      );
    });
  });

  it('judges zones of usable workers only (a NotReady node in zone c does not count)', () => {
    const objects = [
      ...nodes('w', 4, ['a', 'b']),
      node('w-5', { zone: 'c', ready: false }),
    ];
    expect(runOne(nodesZones, clusterFrom(objects)).status).toBe('warn');
  });

  it('fails AKS without zones: fault-domain numbers "0"/"1" are one zone', () => {
    const outcome = runOne(nodesZones, clusterFrom(aksNoZones()));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('Azure fault-domain numbers (0, 1)');
    expect(outcome.evidence).toMatchObject({
      zones: [],
      faultDomains: ['0', '1'],
    });
  });

  it('fails a self-managed cluster on Azure whose nodes carry fault-domain numbers (providerID azure://)', () => {
    const objects = ['0', '1', '0'].map((zone, i) =>
      node(`vm-${i}`, {
        zone,
        providerID: `azure:///subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-${i}`,
      }),
    );
    const outcome = runOne(nodesZones, clusterFrom(objects));
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({ faultDomains: ['0', '1'] });
  });

  it('passes numeric zones off Azure: on-premises racks labelled "1", "2", "3" are zones', () => {
    const objects = [
      configMap('kubeadm-config', 'kube-system', {
        ClusterConfiguration: 'kubernetesVersion: v1.29.3\n',
      }),
      ...nodes('cp', 3, ['1', '2', '3'], { roles: ['control-plane'] }),
      ...nodes('w', 6, ['1', '2', '3']),
    ];
    const outcome = runOne(nodesZones, clusterFrom(objects));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      '6 usable workers in 3 zones (1: 2, 2: 2, 3: 2)',
    );
    expect(outcome.evidence).toMatchObject({ zones: ['1', '2', '3'] });
    // Two numeric zones are two zones (warn), not one.
    expect(
      runOne(nodesZones, clusterFrom(nodes('w', 4, ['1', '2']))).status,
    ).toBe('warn');
  });

  it('judges a Fargate-only cluster by the zones of its Fargate nodes, per profile', () => {
    const outcome = runOne(nodesZones, clusterFrom(eksFargateOnly()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'No shared worker nodes: every worker is a Fargate node, one per pod, running in 3 zones ' +
        '(us-east-1a: 1, us-east-1b: 1, us-east-1c: 1): the subnets of Fargate profile default cover at least 3 zones',
    );
    expect(outcome.evidence).toMatchObject({
      zonesPerFargateProfile: {
        default: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      },
    });
    // A second profile seen in one zone only: its subnets are not visible, so unknown (not pass).
    const second = node('fargate-ip-10-0-9-9.ec2.internal', {
      zone: 'us-east-1a',
      labels: {
        'eks.amazonaws.com/compute-type': 'fargate',
        'eks.amazonaws.com/fargate-profile': 'batch',
      },
      taints: [
        {
          key: 'eks.amazonaws.com/compute-type',
          value: 'fargate',
          effect: 'NoSchedule',
        },
      ],
    });
    const narrow = runOne(
      nodesZones,
      clusterFrom([...eksFargateOnly(), second]),
    );
    expect(narrow.status).toBe('unknown');
    expect(narrow.message).toContain(
      'Fargate profile batch has pods in fewer than 3 zones so far',
    );
    expect(narrow.message).toContain('which the Kubernetes API does not show');
    // Fewer zones than recommended from a single profile: unknown too.
    const oneZone = eksFargateOnly().filter(
      o =>
        o.kind !== 'Node' ||
        o.metadata.labels?.['topology.kubernetes.io/zone'] === 'us-east-1a',
    );
    expect(runOne(nodesZones, clusterFrom(oneZone)).status).toBe('unknown');
    // virtual-kubelet only: the backend's placement is not visible.
    const vk = runOne(
      nodesZones,
      clusterFrom([
        node('vk-1', { zone: 'a', labels: { type: 'virtual-kubelet' } }),
      ]),
    );
    expect(vk.status).toBe('unknown');
    expect(vk.message).toContain('not visible');
  });

  it('is unknown, not fail, without zone labels (k3s-dev-single, bare metal)', () => {
    const outcome = runOne(nodesZones, clusterFrom(k3sDevSingle()));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('bare metal');
  });

  it('is unknown when only non-workers carry zone labels, and lists unlabelled workers otherwise', () => {
    const cpOnly = [
      node('cp-1', { zone: 'a', roles: ['control-plane'] }),
      ...nodes('w', 3),
    ];
    const unknown = runOne(nodesZones, clusterFrom(cpOnly));
    expect(unknown.status).toBe('unknown');
    expect(unknown.message).toContain('only other nodes');
    const mixed = runOne(
      nodesZones,
      clusterFrom([...nodes('w', 3, ['a', 'b', 'c']), node('x-1')]),
    );
    expect(mixed.status).toBe('pass');
    expect(mixed.message).toContain('without a zone label: x-1');
  });

  it('honours recommendedZones and skips a cluster without usable workers', () => {
    expect(
      runOne(nodesZones, clusterFrom(nodes('w', 4, ['a', 'b'])), {
        params: { recommendedZones: 2 },
      }).status,
    ).toBe('pass');
    expect(
      runOne(
        nodesZones,
        clusterFrom([node('w-1', { zone: 'a', ready: false })]),
      ).status,
    ).toBe('skipped');
  });
});
