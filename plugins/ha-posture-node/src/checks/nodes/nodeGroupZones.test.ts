import { K8sObject } from '../../model/snapshot';
import { k8sObject, node } from '../../testing';
import {
  nodeGroupZones,
  nodePoolZoneScope,
  reachesBeyond,
} from './nodeGroupZones';

const zoneLabel = (n: K8sObject) =>
  n.metadata.labels?.['topology.kubernetes.io/zone'];

/** A node in `zone` (none when undefined) with these labels and annotations. */
function member(
  name: string,
  zone: string | undefined,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): K8sObject {
  const n = node(name, { ...(zone ? { zone } : {}), labels });
  n.metadata.annotations = annotations;
  return n;
}

const EKS_UUID = '4ec6b5d2-1f0e-4a7b-9c3d-2e1f0a9b8c7d';

describe('nodeGroupZones', () => {
  describe('EKS managed node groups: eks-<nodegroup>-<uuid> ↔ eks.amazonaws.com/nodegroup', () => {
    const nodes = [
      member('ip-1', 'eu-west-1a', { 'eks.amazonaws.com/nodegroup': 'ng-a' }),
      member('ip-2', 'eu-west-1a', { 'eks.amazonaws.com/nodegroup': 'ng-a' }),
      member('ip-3', 'eu-west-1b', {
        'eks.amazonaws.com/nodegroup': 'ng-multi-az',
      }),
      member('ip-4', 'eu-west-1c', {
        'eks.amazonaws.com/nodegroup': 'ng-multi-az',
      }),
    ];

    it('reads the zones of the nodes labelled with the node group, also one with dashes in its name', () => {
      expect(nodeGroupZones(`eks-ng-a-${EKS_UUID}`, nodes, zoneLabel)).toEqual([
        'eu-west-1a',
      ]);
      expect(
        nodeGroupZones(`eks-ng-multi-az-${EKS_UUID}`, nodes, zoneLabel),
      ).toEqual(['eu-west-1b', 'eu-west-1c']);
    });

    it('maps nothing for a group without nodes, or a self-managed group of another naming', () => {
      expect(
        nodeGroupZones(`eks-ng-gone-${EKS_UUID}`, nodes, zoneLabel),
      ).toBeUndefined();
      // Without the uuid this is no managed node group's Auto Scaling group.
      expect(nodeGroupZones('eks-ng-a', nodes, zoneLabel)).toBeUndefined();
      expect(
        nodeGroupZones('my-asg-workers', nodes, zoneLabel),
      ).toBeUndefined();
    });
  });

  describe('AKS: aks-<pool>-<digits>-vmss ↔ kubernetes.azure.com/agentpool or agentpool', () => {
    it('reads the zones of the pool, by either label', () => {
      const nodes = [
        member('aks-user1-123-vmss000000', 'westeurope-1', {
          'kubernetes.azure.com/agentpool': 'user1',
        }),
        member('aks-user1-123-vmss000001', 'westeurope-2', {
          agentpool: 'user1',
        }),
        member('aks-system-123-vmss000000', 'westeurope-3', {
          'kubernetes.azure.com/agentpool': 'system',
        }),
        member('aks-system-123-vmss000001', 'westeurope-3', {
          'kubernetes.azure.com/agentpool': 'system',
        }),
      ];
      expect(
        nodeGroupZones('aks-user1-12345678-vmss', nodes, zoneLabel),
      ).toEqual(['westeurope-1', 'westeurope-2']);
      expect(
        nodeGroupZones('aks-system-12345678-vmss', nodes, zoneLabel),
      ).toEqual(['westeurope-3']);
      expect(nodeGroupZones('aks-user1', nodes, zoneLabel)).toBeUndefined();
    });
  });

  describe('GCE instance groups', () => {
    it('reads the zone of a zonal group from its URL, without any node', () => {
      expect(
        nodeGroupZones(
          'https://www.googleapis.com/compute/v1/projects/p/zones/europe-west1-b/instanceGroups/gke-c-pool-1-grp',
          [],
          zoneLabel,
        ),
      ).toEqual(['europe-west1-b']);
    });

    it('does not read a regional group, which spans zones', () => {
      expect(
        nodeGroupZones(
          'https://www.googleapis.com/compute/v1/projects/p/regions/europe-west1/instanceGroups/g',
          [],
          zoneLabel,
        ),
      ).toBeUndefined();
    });
  });

  describe('Cluster API: <Kind>/<namespace>/<name> ↔ owner annotations', () => {
    const capiNode = (
      name: string,
      zone: string,
      ownerKind: string,
      ownerName: string,
      namespace = 'clusters',
    ) =>
      member(
        name,
        zone,
        {},
        {
          'cluster.x-k8s.io/cluster-namespace': namespace,
          'cluster.x-k8s.io/owner-kind': ownerKind,
          'cluster.x-k8s.io/owner-name': ownerName,
        },
      );
    const nodes = [
      capiNode('n1', 'a', 'MachineSet', 'md-0-x7k2p'),
      capiNode('n2', 'a', 'MachineSet', 'md-0-x7k2p'),
      capiNode('n3', 'b', 'MachineSet', 'md-0-extra-9q8w7'),
      capiNode('n4', 'c', 'MachineSet', 'standalone'),
      capiNode('n5', 'c', 'MachinePool', 'pool-1'),
      capiNode('n5b', 'c', 'MachinePool', 'pool-1'),
      capiNode('n6', 'b', 'MachineSet', 'md-0-abcde', 'other-namespace'),
      capiNode('cp', 'a', 'KubeadmControlPlane', 'control-plane'),
    ];

    it("finds a MachineDeployment's nodes through its MachineSets <name>-<suffix>, in its namespace only", () => {
      // md-0-extra-9q8w7 belongs to MachineDeployment md-0-extra, not md-0; n6 to another namespace.
      expect(
        nodeGroupZones('MachineDeployment/clusters/md-0', nodes, zoneLabel),
      ).toEqual(['a']);
      expect(
        nodeGroupZones(
          'MachineDeployment/clusters/md-0-extra',
          nodes,
          zoneLabel,
        ),
      ).toEqual(['b']);
    });

    it('finds the nodes of a MachineSet or MachinePool by the owner name itself', () => {
      expect(
        nodeGroupZones('MachineSet/clusters/standalone', nodes, zoneLabel),
      ).toEqual(['c']);
      expect(
        nodeGroupZones('MachinePool/clusters/pool-1', nodes, zoneLabel),
      ).toEqual(['c']);
      expect(
        nodeGroupZones('MachineSet/clusters/md-0', nodes, zoneLabel),
      ).toBeUndefined();
    });
  });

  describe('OpenShift: MachineSet/<namespace>/<name> ↔ machine.openshift.io/machine', () => {
    const ocpNode = (name: string, zone: string, machine: string) =>
      member(name, zone, {}, { 'machine.openshift.io/machine': machine });
    const nodes = [
      ocpNode(
        'w1',
        'us-east-2a',
        'openshift-machine-api/c-6cnhg-worker-us-east-2a-jxqng',
      ),
      ocpNode(
        'w2',
        'us-east-2b',
        'openshift-machine-api/c-6cnhg-worker-us-east-2b-bjntz',
      ),
      ocpNode('m0', 'us-east-2a', 'openshift-machine-api/c-6cnhg-master-0'),
    ];

    it('finds the nodes whose Machine is named <machineset>-<suffix>', () => {
      expect(
        nodeGroupZones(
          'MachineSet/openshift-machine-api/c-6cnhg-worker-us-east-2a',
          nodes,
          zoneLabel,
        ),
      ).toEqual(['us-east-2a']);
      // A longer name is another MachineSet: c-6cnhg-worker is none of these.
      expect(
        nodeGroupZones(
          'MachineSet/openshift-machine-api/c-6cnhg-worker',
          nodes,
          zoneLabel,
        ),
      ).toBeUndefined();
      expect(
        nodeGroupZones(
          'MachineSet/other/c-6cnhg-worker-us-east-2a',
          nodes,
          zoneLabel,
        ),
      ).toBeUndefined();
    });
  });

  it('maps nothing from a single node of a group that may span zones, but does for a MachineSet', () => {
    const single = [
      member('ip-1', 'eu-west-1a', { 'eks.amazonaws.com/nodegroup': 'ng' }),
      member('aks-p1-1-vmss000000', 'westeurope-1', {
        'kubernetes.azure.com/agentpool': 'p1',
      }),
      member(
        'n1',
        'a',
        {},
        {
          'cluster.x-k8s.io/owner-kind': 'MachineSet',
          'cluster.x-k8s.io/owner-name': 'ms-1',
        },
      ),
      member(
        'n2',
        'a',
        {},
        {
          'cluster.x-k8s.io/owner-kind': 'MachinePool',
          'cluster.x-k8s.io/owner-name': 'mp-1',
        },
      ),
    ];
    expect(
      nodeGroupZones(`eks-ng-${EKS_UUID}`, single, zoneLabel),
    ).toBeUndefined();
    expect(
      nodeGroupZones('aks-p1-12345678-vmss', single, zoneLabel),
    ).toBeUndefined();
    expect(
      nodeGroupZones('MachinePool/clusters/mp-1', single, zoneLabel),
    ).toBeUndefined();
    expect(
      nodeGroupZones('MachineSet/clusters/ms-1', single, zoneLabel),
    ).toEqual(['a']);
  });

  it('maps nothing when a node of the group has no zone: the group may add nodes anywhere', () => {
    const nodes = [
      member('ip-1', 'eu-west-1a', { 'eks.amazonaws.com/nodegroup': 'ng' }),
      member('ip-2', undefined, { 'eks.amazonaws.com/nodegroup': 'ng' }),
    ];
    expect(
      nodeGroupZones(`eks-ng-${EKS_UUID}`, nodes, zoneLabel),
    ).toBeUndefined();
  });
});

describe('nodePoolZoneScope', () => {
  const pool = (requirements?: unknown) =>
    k8sObject('karpenter.sh/v1', 'NodePool', 'p', {
      spec: {
        template: { spec: requirements === undefined ? {} : { requirements } },
      },
    });
  const zone = (operator: string, values?: unknown) => ({
    key: 'topology.kubernetes.io/zone',
    operator,
    ...(values === undefined ? {} : { values }),
  });

  it('allows any zone without a zone requirement, or with Exists', () => {
    expect(nodePoolZoneScope(pool())).toEqual({ except: [] });
    expect(
      nodePoolZoneScope(
        pool([
          {
            key: 'karpenter.sh/capacity-type',
            operator: 'In',
            values: ['spot'],
          },
          zone('Exists'),
        ]),
      ),
    ).toEqual({ except: [] });
  });

  it('narrows to In, excludes NotIn, and applies every zone requirement', () => {
    expect(nodePoolZoneScope(pool([zone('In', ['a'])]))).toEqual({
      only: ['a'],
    });
    expect(nodePoolZoneScope(pool([zone('NotIn', ['b', 'a'])]))).toEqual({
      except: ['a', 'b'],
    });
    expect(
      nodePoolZoneScope(
        pool([zone('In', ['a', 'b', 'c']), zone('NotIn', ['b'])]),
      ),
    ).toEqual({ only: ['a', 'c'] });
    expect(
      nodePoolZoneScope(pool([zone('In', ['a', 'b']), zone('In', ['b'])])),
    ).toEqual({ only: ['b'] });
  });

  it('cannot tell for zone IDs, other operators or malformed requirements', () => {
    expect(
      nodePoolZoneScope(
        pool([
          {
            key: 'topology.k8s.aws/zone-id',
            operator: 'In',
            values: ['use1-az1'],
          },
        ]),
      ),
    ).toBeUndefined();
    expect(nodePoolZoneScope(pool([zone('DoesNotExist')]))).toBeUndefined();
    expect(nodePoolZoneScope(pool([zone('In', 'a')]))).toBeUndefined();
    expect(nodePoolZoneScope(pool('a'))).toBeUndefined();
  });
});

describe('reachesBeyond', () => {
  it('is false only for a scope known to hold no zone but the lost one', () => {
    expect(reachesBeyond({ only: ['a'] }, 'a')).toBe(false);
    expect(reachesBeyond({ only: [] }, 'a')).toBe(false);
    expect(reachesBeyond({ only: ['a', 'b'] }, 'a')).toBe(true);
    expect(reachesBeyond({ only: ['b'] }, 'a')).toBe(true);
    expect(reachesBeyond({ except: ['b'] }, 'a')).toBe(true);
    expect(reachesBeyond(undefined, 'a')).toBe(true);
  });
});
