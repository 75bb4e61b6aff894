import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { rawZoneLabel } from '../../engine/topology';
import { distinct, plural } from '../util';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  countPerZone,
  formatCounts,
  nameList,
  nodesNotEvaluable,
  virtualKind,
  virtualOnlyWorkers,
  workersPerZone,
} from './nodeFacts';

interface Params {
  recommendedZones: number;
}

const FARGATE_PROFILE_LABEL = 'eks.amazonaws.com/fargate-profile';

/**
 * A cluster whose only workers are virtual nodes. EKS Fargate gives each pod a node of its own in a
 * subnet of the pod's Fargate profile (docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html),
 * so the zones of a profile's Fargate nodes are zones its subnets cover: every profile seen in at
 * least `recommendedZones` zones is evidence of spread. Fewer proves nothing (a profile may cover
 * zones no pod uses yet), and a virtual-kubelet node stands for a whole backend whose placement is
 * not visible.
 */
function judgeVirtualOnly(
  cluster: ClusterView,
  virtualNodes: K8sObject[],
  recommendedZones: number,
): CheckOutcome {
  const kind = virtualKind(virtualNodes);
  const names = virtualNodes.map(n => n.metadata.name);
  const perZone = countPerZone(cluster, names);
  const zones = Object.keys(perZone).sort();
  const profiles = new Map<string, string[]>();
  for (const n of virtualNodes) {
    const profile = n.metadata.labels?.[FARGATE_PROFILE_LABEL] ?? '(unnamed)';
    profiles.set(profile, [...(profiles.get(profile) ?? []), n.metadata.name]);
  }
  const zonesPerProfile = Object.fromEntries(
    [...profiles.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([profile, members]) => [
        profile,
        Object.keys(countPerZone(cluster, members)).sort(),
      ]),
  );
  const narrow = Object.entries(zonesPerProfile)
    .filter(([, profileZones]) => profileZones.length < recommendedZones)
    .map(([profile]) => profile);
  const evidence = {
    zones,
    virtualNodesPerZone: perZone,
    virtual: names,
    virtualKind: kind,
    ...(kind === 'Fargate' ? { zonesPerFargateProfile: zonesPerProfile } : {}),
  };
  const base = `No shared worker nodes: every worker is a ${kind} node`;
  const where = zones.length
    ? ` in ${plural(zones.length, 'zone')} (${formatCounts(perZone)})`
    : ' without zone labels';
  if (kind === 'Fargate' && narrow.length === 0) {
    return {
      status: 'pass',
      message: `${base}, one per pod, running${where}: the subnets of ${
        profiles.size === 1
          ? `Fargate profile ${[...profiles.keys()][0]}`
          : `each of the ${profiles.size} Fargate profiles`
      } cover at least ${recommendedZones} zones`,
      evidence,
    };
  }
  if (kind === 'Fargate') {
    return {
      status: 'unknown',
      message:
        `${base}, one per pod, running${where}; Fargate profile${
          narrow.length === 1 ? '' : 's'
        } ${nameList(narrow)} ${
          narrow.length === 1 ? 'has' : 'have'
        } pods in fewer than ${recommendedZones} zones so far. ` +
        'Where new pods can run depends on the subnets of each profile, which the Kubernetes API does not show',
      remediation: `Give every Fargate profile private subnets in ${recommendedZones} availability zones (aws eks describe-fargate-profile lists them).`,
      evidence,
    };
  }
  return {
    status: 'unknown',
    message: `${base} (${nameList(
      names,
      5,
    )}): where their backend runs pods is not visible in the Kubernetes API`,
    remediation:
      'Check that the virtual-kubelet backend spreads pods over several zones.',
    evidence,
  };
}

export const nodesZones: ClusterCheck<Params> = {
  id: 'nodes-zones',
  title: 'Worker nodes span several zones',
  category: 'nodes',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'A zone (data center) can fail as a whole. Workloads can only ride out a zone outage when usable workers ' +
    'exist in other zones; with 3 zones, losing one still leaves two thirds of the capacity.',
  remediation:
    'Spread worker node pools over 3 availability zones (one node group per zone, or a multi-zone node pool), ' +
    'and label on-premises nodes with topology.kubernetes.io/zone.',
  parameters: {
    recommendedZones: {
      description:
        'Zones with usable workers needed to pass; 2 up to this warns, 1 fails.',
      default: 3,
      minimum: 1,
      integer: true,
    },
  },
  references: [
    'https://kubernetes.io/docs/setup/best-practices/multiple-zones/',
    'https://kubernetes.io/docs/reference/labels-annotations-taints/#topologykubernetesiozone',
    'https://learn.microsoft.com/azure/aks/availability-zones',
  ],
  evaluate({ cluster, params }): CheckOutcome {
    const missing = nodesNotEvaluable(cluster);
    if (missing) return missing;
    const workers = cluster.usableWorkers();
    const virtualWorkers = workers.length === 0 && virtualOnlyWorkers(cluster);
    if (virtualWorkers)
      return judgeVirtualOnly(cluster, virtualWorkers, params.recommendedZones);
    if (workers.length === 0) {
      return {
        status: 'skipped',
        message: 'No usable worker nodes to spread (see nodes-usable-workers)',
      };
    }
    const rawZones = workers.map(rawZoneLabel);
    const unlabelled = workers
      .filter((_, i) => rawZones[i] === undefined)
      .map(n => n.metadata.name);
    const labelled = distinct(rawZones);
    if (labelled.length === 0) {
      return {
        status: 'unknown',
        message: cluster.hasZoneLabels
          ? 'The usable workers carry no topology.kubernetes.io/zone label (only other nodes do), so their zones are unknown'
          : 'No node carries a topology.kubernetes.io/zone label (typical of bare metal), so zone spread cannot be judged',
        remediation:
          'Label each node with the failure domain it lives in (topology.kubernetes.io/zone), e.g. rack or room.',
        evidence: { unlabelled },
      };
    }
    // A label the view does not read as a zone is an Azure node's fault-domain number (engine/topology.ts).
    if (cluster.zones.length === 0) {
      return {
        status: 'fail',
        message:
          `The zone labels are Azure fault-domain numbers (${labelled.join(
            ', ',
          )}), not availability zones: ` +
          `${
            workers.length === 1
              ? `the only usable worker (${workers[0].metadata.name}) is`
              : `all ${plural(workers.length, 'usable worker')} are`
          } in a single zone`,
        remediation:
          'Create AKS node pools with availability zones (--zones 1 2 3); zones cannot be added to an existing pool.',
        evidence: { zones: [], faultDomains: labelled },
      };
    }
    const perZone = workersPerZone(cluster);
    const zones = cluster.zones;
    // Labelled with a number the view does not read as a zone: Azure nodes outside availability zones.
    const faultDomainOnly = workers
      .filter(
        (n, i) =>
          rawZones[i] !== undefined &&
          cluster.zoneOfNode(n.metadata.name) === undefined,
      )
      .map(n => `${n.metadata.name} (fault domain ${rawZoneLabel(n)})`);
    const evidence = {
      zones,
      workersPerZone: perZone,
      unlabelled,
      ...(faultDomainOnly.length > 0 ? { faultDomainOnly } : {}),
    };
    const unlabelledNote = `${
      faultDomainOnly.length
        ? `; in no availability zone (Azure fault domain only): ${nameList(
            faultDomainOnly,
          )}`
        : ''
    }${
      unlabelled.length ? `; without a zone label: ${nameList(unlabelled)}` : ''
    }`;
    const spread = `${plural(workers.length, 'usable worker')} in ${plural(
      zones.length,
      'zone',
    )} (${formatCounts(perZone)})`;
    if (zones.length <= 1) {
      return {
        status: 'fail',
        message: `${
          workers.length === 1
            ? `The only usable worker (${workers[0].metadata.name}) is in zone ${zones[0]}`
            : `All ${spread}`
        }: a zone outage stops every workload${unlabelledNote}`,
        evidence,
      };
    }
    if (zones.length < params.recommendedZones) {
      return {
        status: 'warn',
        message: `${spread}: losing a zone removes about half the capacity; ${params.recommendedZones} zones are recommended${unlabelledNote}`,
        evidence,
      };
    }
    return { status: 'pass', message: `${spread}${unlabelledNote}`, evidence };
  },
};
