/**
 * Where a node autoscaler can add nodes, by zone: the zones of the nodes that belong to a
 * cluster-autoscaler node group (told from the provider's documented naming), and the zones a
 * Karpenter NodePool's requirements allow. A lost zone's pods only come back through an
 * autoscaler that can add nodes outside that zone. Undefined always means "cannot tell": the
 * caller then keeps counting the autoscaler as able to help.
 */
import { K8sObject } from '../../model/snapshot';

/** The well-known zone label, as Karpenter's requirements name it. */
const ZONE_KEY = 'topology.kubernetes.io/zone';
/** AWS zone IDs (use1-az1) cannot be matched to the zone names the nodes carry. */
const AWS_ZONE_ID_KEY = 'topology.k8s.aws/zone-id';

/** The zones a node group or NodePool adds nodes in: `only` these, or any `except` these. */
export type ZoneScope = { only: string[] } | { except: string[] };

/** Whether `scope` lets nodes be added in some zone other than `lost` (an unknown scope may). */
export function reachesBeyond(
  scope: ZoneScope | undefined,
  lost: string,
): boolean {
  if (!scope || 'except' in scope) return true;
  return scope.only.some(zone => zone !== lost);
}

/** Tells the nodes of one node group. */
type Membership = (node: K8sObject) => boolean;

/**
 * How a node group is recognised: its nodes, and whether one group may span zones (an Auto Scaling
 * group or scale set over several zones, which spreads its instances across them), so that one
 * node alone does not tell its zones.
 */
interface GroupNaming {
  belongs: Membership;
  maySpanZones: boolean;
}

const labelOf = (node: K8sObject, key: string): string | undefined =>
  node.metadata.labels?.[key];
const annotationOf = (node: K8sObject, key: string): string | undefined =>
  node.metadata.annotations?.[key];

/**
 * GCE managed instance groups are named by URL, `.../projects/p/zones/europe-west1-b/instanceGroups/g`
 * (cluster-autoscaler's gce provider): a zonal group says its zone. A regional one (`/regions/`)
 * spans zones and is not read.
 */
const GCE_ZONAL_GROUP = /\/zones\/([^/]+)\/instanceGroups\//;

/**
 * EKS managed node groups run as Auto Scaling groups named `eks-<nodegroup>-<uuid>` (the naming since
 * EKS 1.21), and EKS labels their nodes `eks.amazonaws.com/nodegroup=<nodegroup>`.
 */
const EKS_GROUP =
  /^eks-(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * AKS node pools run as scale sets named `aks-<pool>-<digits>-vmss` (cluster-autoscaler's azure
 * README); AKS labels their nodes `kubernetes.azure.com/agentpool=<pool>`, older ones `agentpool`.
 * Pool names are lowercase letters and digits.
 */
const AKS_GROUP = /^aks-([a-z0-9]+)-\d+-vmss$/;

/**
 * Cluster API node groups are `<Kind>/<namespace>/<name>` (cluster-autoscaler's clusterapi provider),
 * OpenShift's too (MachineSets in openshift-machine-api).
 */
const CLUSTER_API_GROUP =
  /^(MachineDeployment|MachineSet|MachinePool)\/([^/]+)\/([^/]+)$/;

/** `<name>-<suffix>` with a generated suffix (letters and digits, no dash) after `name`. */
const generatedFrom = (value: string | undefined, name: string) =>
  value !== undefined &&
  value.startsWith(`${name}-`) &&
  /^[a-z0-9]+$/.test(value.slice(name.length + 1));

/**
 * Nodes of a Cluster API or OpenShift node group. Cluster API annotates each node with the owner of
 * its Machine (`cluster.x-k8s.io/owner-kind`, `owner-name`) and its cluster's namespace; a
 * MachineDeployment's MachineSets are named `<deployment>-<suffix>`. OpenShift annotates
 * `machine.openshift.io/machine: <namespace>/<machine>`, and a MachineSet's Machines are named
 * `<machineset>-<suffix>`.
 */
function clusterApiMembership(
  kind: string,
  namespace: string,
  name: string,
): Membership {
  return node => {
    const openShiftMachine = annotationOf(node, 'machine.openshift.io/machine');
    if (openShiftMachine !== undefined) {
      const [machineNamespace, machine] = openShiftMachine.split('/');
      return (
        kind === 'MachineSet' &&
        machineNamespace === namespace &&
        generatedFrom(machine, name)
      );
    }
    const clusterNamespace = annotationOf(
      node,
      'cluster.x-k8s.io/cluster-namespace',
    );
    if (clusterNamespace !== undefined && clusterNamespace !== namespace)
      return false;
    const ownerKind = annotationOf(node, 'cluster.x-k8s.io/owner-kind');
    const ownerName = annotationOf(node, 'cluster.x-k8s.io/owner-name');
    if (kind === 'MachineDeployment')
      return ownerKind === 'MachineSet' && generatedFrom(ownerName, name);
    return ownerKind === kind && ownerName === name;
  };
}

/** How to tell the nodes of the node group named `group` in the status report; undefined for unknown naming. */
function namingOf(group: string): GroupNaming | undefined {
  const eks = EKS_GROUP.exec(group);
  if (eks)
    return {
      belongs: node => labelOf(node, 'eks.amazonaws.com/nodegroup') === eks[1],
      maySpanZones: true,
    };
  const aks = AKS_GROUP.exec(group);
  if (aks)
    return {
      belongs: node =>
        (labelOf(node, 'kubernetes.azure.com/agentpool') ??
          labelOf(node, 'agentpool')) === aks[1],
      maySpanZones: true,
    };
  const clusterApi = CLUSTER_API_GROUP.exec(group);
  if (clusterApi)
    return {
      belongs: clusterApiMembership(
        clusterApi[1],
        clusterApi[2],
        clusterApi[3],
      ),
      // A MachineSet's Machines share its failure domain; a MachinePool is a cloud scale group.
      maySpanZones: clusterApi[1] === 'MachinePool',
    };
  return undefined;
}

/**
 * The zones of a cluster-autoscaler node group: from a zonal GCE group's URL, else the zones of the
 * nodes that belong to it. Undefined when its naming is unknown, no node belongs to it, one of its
 * nodes has no zone, or a group that may span zones has a single node (it may then add nodes
 * anywhere, as far as can be told).
 */
export function nodeGroupZones(
  group: string,
  nodes: readonly K8sObject[],
  zoneOfNode: (node: K8sObject) => string | undefined,
): string[] | undefined {
  const gce = GCE_ZONAL_GROUP.exec(group);
  if (gce) return [gce[1]];
  const naming = namingOf(group);
  if (!naming) return undefined;
  const zones = new Set<string>();
  let members = 0;
  for (const node of nodes) {
    if (!naming.belongs(node)) continue;
    const zone = zoneOfNode(node);
    if (zone === undefined) return undefined;
    zones.add(zone);
    members++;
  }
  if (members === 0 || (naming.maySpanZones && members === 1)) return undefined;
  return [...zones].sort();
}

const stringList = (values: unknown): string[] | undefined =>
  Array.isArray(values) && values.every(v => typeof v === 'string')
    ? values
    : undefined;

/**
 * The zones a Karpenter NodePool may launch nodes in, from `spec.template.spec.requirements` on the
 * zone label (In narrows, NotIn excludes; several requirements on it all apply). No requirement on
 * the zone: any zone. Undefined when the requirements cannot be read as zones (malformed, zone IDs,
 * DoesNotExist or other operators).
 */
export function nodePoolZoneScope(pool: K8sObject): ZoneScope | undefined {
  const requirements = pool.spec?.template?.spec?.requirements ?? [];
  if (!Array.isArray(requirements)) return undefined;
  let only: string[] | undefined;
  const except = new Set<string>();
  for (const requirement of requirements) {
    if (requirement?.key === AWS_ZONE_ID_KEY) return undefined;
    if (requirement?.key !== ZONE_KEY) continue;
    if (requirement.operator === 'Exists') continue;
    const values = stringList(requirement.values);
    if (!values) return undefined;
    if (requirement.operator === 'In')
      only = only ? only.filter(z => values.includes(z)) : [...values];
    else if (requirement.operator === 'NotIn')
      values.forEach(z => except.add(z));
    else return undefined;
  }
  if (!only) return { except: [...except].sort() };
  return { only: [...new Set(only.filter(z => !except.has(z)))].sort() };
}
