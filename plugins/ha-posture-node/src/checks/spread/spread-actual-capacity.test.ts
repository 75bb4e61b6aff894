import { K8sObject } from '../../model';
import {
  clusterFrom,
  deployment,
  node,
  podsFor,
  runOne,
  statefulSet,
} from '../../testing';
import { spreadActualCapacity } from './spread-actual-capacity';

const ZONES = ['a', 'b', 'c'];

const CAPACITY_LABEL = {
  eks: (spot: boolean): Record<string, string> => ({
    'eks.amazonaws.com/capacityType': spot ? 'SPOT' : 'ON_DEMAND',
  }),
  karpenter: (spot: boolean): Record<string, string> => ({
    'karpenter.sh/capacity-type': spot ? 'spot' : 'on-demand',
  }),
};

/** EKS workers (providerID aws://): `spot` ones in a SPOT managed node group, the others ON_DEMAND. */
function eksNodes(
  spot: number,
  onDemand: number,
  capacityLabel: keyof typeof CAPACITY_LABEL = 'eks',
): K8sObject[] {
  const make = (name: string, i: number, isSpot: boolean) => {
    const labels = CAPACITY_LABEL[capacityLabel](isSpot);
    return node(name, {
      zone: `us-east-1${ZONES[i % 3]}`,
      providerID: `aws:///us-east-1${ZONES[i % 3]}/i-${name}`,
      kubeletVersion: 'v1.30.6-eks-7f9249a',
      labels,
    });
  };
  return [
    ...Array.from({ length: spot }, (_, i) => make(`spot-${i + 1}`, i, true)),
    ...Array.from({ length: onDemand }, (_, i) =>
      make(`od-${i + 1}`, i, false),
    ),
  ];
}

describe('spread-actual-capacity', () => {
  it('warns when every ready replica runs on spot nodes, naming the label and the notice', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      spreadActualCapacity,
      clusterFrom([
        ...eksNodes(3, 3),
        web,
        ...podsFor(web, ['spot-1', 'spot-2', 'spot-3']),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      "All 3 ready replicas run on spot capacity (eks.amazonaws.com/capacityType=SPOT): the provider reclaims spot capacity with two minutes' notice, often several nodes at once",
    );
    expect(outcome.evidence).toMatchObject({
      spotReplicas: 3,
      onDemandReplicas: 0,
      spotNodes: ['spot-1', 'spot-2', 'spot-3'],
    });
  });

  it('passes when a replica runs on on-demand capacity (Karpenter labels)', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      spreadActualCapacity,
      clusterFrom([
        ...eksNodes(2, 1, 'karpenter'),
        web,
        ...podsFor(web, ['spot-1', 'spot-2', 'od-1']),
      ]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      '1 of 3 ready replicas run on on-demand capacity (2 on spot)',
    );
  });

  it('passes when no replica is on spot, and skips clusters without spot nodes', () => {
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(
        spreadActualCapacity,
        clusterFrom([
          ...eksNodes(1, 2),
          web,
          ...podsFor(web, ['od-1', 'od-2']),
        ]),
      ),
    ).toMatchObject({
      status: 'pass',
      message: 'None of the 2 ready replicas runs on spot capacity',
    });
    const skipped = runOne(
      spreadActualCapacity,
      clusterFrom([...eksNodes(0, 2), web, ...podsFor(web, ['od-1', 'od-2'])]),
    );
    expect(skipped.status).toBe('skipped');
    expect(skipped.message).toBe(
      'No node is labelled as spot or preemptible capacity (karpenter.sh/capacity-type, eks.amazonaws.com/capacityType, cloud.google.com/gke-spot, cloud.google.com/gke-preemptible, kubernetes.azure.com/scalesetpriority)',
    );
  });

  it('requires minOnDemandReplicas on on-demand capacity', () => {
    const web = deployment('web', { replicas: 4 });
    const cluster = clusterFrom([
      ...eksNodes(3, 3),
      web,
      ...podsFor(web, ['spot-1', 'spot-2', 'spot-3', 'od-1']),
    ]);
    expect(runOne(spreadActualCapacity, cluster).status).toBe('pass');
    const outcome = runOne(spreadActualCapacity, cluster, {
      params: { minOnDemandReplicas: 2 },
    });
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toMatch(
      /^1 of 4 ready replicas run on on-demand capacity, fewer than the 2 required, and 3 on spot capacity/,
    );
  });

  it('is unknown when the other replicas run on nodes no label describes (self-managed EKS nodes)', () => {
    const web = deployment('web', { replicas: 3 });
    const selfManaged = node('self-1', {
      zone: 'us-east-1c',
      providerID: 'aws:///us-east-1c/i-self-1',
      kubeletVersion: 'v1.30.6-eks-7f9249a',
    });
    const outcome = runOne(
      spreadActualCapacity,
      clusterFrom([
        ...eksNodes(2, 0),
        selfManaged,
        web,
        ...podsFor(web, ['spot-1', 'spot-2', 'self-1']),
      ]),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      '2 of 3 ready replicas run on spot capacity and 1 on node self-1 whose capacity type no label tells: whether a spot reclaim can take them all is not known',
    );
  });

  it('counts EKS Fargate as on-demand capacity', () => {
    const web = deployment('web', { replicas: 2 });
    const fargate = node('fargate-ip-10-0-1-1', {
      zone: 'us-east-1a',
      providerID: 'aws:///us-east-1a/abc/fargate-ip-10-0-1-1',
      kubeletVersion: 'v1.30.4-eks-a737599',
      labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
    });
    expect(
      runOne(
        spreadActualCapacity,
        clusterFrom([
          ...eksNodes(2, 0),
          fargate,
          web,
          ...podsFor(web, ['spot-1', 'fargate-ip-10-0-1-1']),
        ]),
      ),
    ).toMatchObject({
      status: 'pass',
      message: '1 of 2 ready replicas run on on-demand capacity (1 on spot)',
    });
  });

  it('counts unlabelled GKE nodes as standard VMs and knows preemptible ones', () => {
    const gke = (name: string, i: number, labels: Record<string, string>) =>
      node(name, {
        zone: `europe-west1-${'bcd'[i % 3]}`,
        providerID: `gce://acme/europe-west1-${'bcd'[i % 3]}/${name}`,
        kubeletVersion: 'v1.31.3-gke.1234000',
        labels: { 'cloud.google.com/gke-nodepool': 'pool', ...labels },
      });
    const nodes = [
      gke('spot-1', 0, { 'cloud.google.com/gke-spot': 'true' }),
      gke('pre-1', 1, { 'cloud.google.com/gke-preemptible': 'true' }),
      gke('std-1', 2, {}),
    ];
    const web = deployment('web', { replicas: 2 });
    const warned = runOne(
      spreadActualCapacity,
      clusterFrom([...nodes, web, ...podsFor(web, ['spot-1', 'pre-1'])]),
    );
    expect(warned.status).toBe('warn');
    expect(warned.message).toBe(
      "All 2 ready replicas run on spot capacity (cloud.google.com/gke-preemptible=true and cloud.google.com/gke-spot=true): the provider reclaims spot capacity with 30 seconds' notice, often several nodes at once",
    );
    expect(
      runOne(
        spreadActualCapacity,
        clusterFrom([...nodes, web, ...podsFor(web, ['spot-1', 'std-1'])]),
      ).status,
    ).toBe('pass');
  });

  it('reads AKS spot node pools', () => {
    const aks = (name: string, spot: boolean) =>
      node(name, {
        zone: 'westeurope-1',
        providerID: `azure:///subscriptions/x/resourceGroups/mc/providers/Microsoft.Compute/virtualMachineScaleSets/${name}/virtualMachines/0`,
        labels: {
          'kubernetes.azure.com/cluster': 'mc',
          ...(spot ? { 'kubernetes.azure.com/scalesetpriority': 'spot' } : {}),
        },
      });
    const db = statefulSet('db', { replicas: 2 });
    const cluster = clusterFrom([
      aks('spot-a', true),
      aks('spot-b', true),
      aks('regular-a', false),
      db,
      ...podsFor(db, ['spot-a', 'spot-b']),
    ]);
    expect(runOne(spreadActualCapacity, cluster)).toMatchObject({
      status: 'warn',
      evidence: { spotLabels: ['kubernetes.azure.com/scalesetpriority=spot'] },
    });
  });

  it('leaves out replicas that are not ready and workloads without two ready replicas', () => {
    const web = deployment('web', { replicas: 3 });
    expect(
      runOne(
        spreadActualCapacity,
        clusterFrom([
          ...eksNodes(2, 1),
          web,
          ...podsFor(web, ['spot-1', 'spot-2', 'od-1'], {
            ready: [true, true, false],
          }),
        ]),
      ).status,
    ).toBe('warn');
    const single = deployment('single', { replicas: 1 });
    expect(
      runOne(
        spreadActualCapacity,
        clusterFrom([
          ...eksNodes(1, 1),
          single,
          ...podsFor(single, ['spot-1']),
        ]),
      ).status,
    ).toBe('skipped');
  });

  it('is unknown when nodes cannot be read', () => {
    const web = deployment('web', { replicas: 2 });
    const outcome = runOne(
      spreadActualCapacity,
      clusterFrom([web, ...podsFor(web, ['spot-1', 'spot-2'])], {
        fetch: { nodes: 'forbidden' },
      }),
    );
    expect(outcome.status).toBe('unknown');
  });

  it('does not count a node whose labels are malformed as either capacity', () => {
    const web = deployment('web', { replicas: 2 });
    const nodes = eksNodes(2, 0);
    (nodes[1].metadata.labels as Record<string, unknown>)[
      'eks.amazonaws.com/capacityType'
    ] = ['SPOT'];
    const outcome = runOne(
      spreadActualCapacity,
      clusterFrom([...nodes, web, ...podsFor(web, ['spot-1', 'spot-2'])]),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      '1 on node spot-2 (not among the nodes read) whose capacity type',
    );
  });
});
