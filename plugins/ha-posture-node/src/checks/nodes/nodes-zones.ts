import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { isFaultDomainNumber, rawZoneLabel } from '../../engine/topology';
import { distinct, plural } from '../util';
import {
  formatCounts,
  nameList,
  nodesNotEvaluable,
  workersPerZone,
} from './nodeFacts';

interface Params {
  recommendedZones: number;
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
    if (labelled.every(isFaultDomainNumber)) {
      return {
        status: 'fail',
        message:
          `The zone labels are Azure fault-domain numbers (${labelled.join(
            ', ',
          )}), not availability zones: ` +
          `all ${plural(workers.length, 'usable worker')} are in a single zone`,
        remediation:
          'Create AKS node pools with availability zones (--zones 1 2 3); zones cannot be added to an existing pool.',
        evidence: { zones: [], faultDomains: labelled },
      };
    }
    const perZone = workersPerZone(cluster);
    const zones = cluster.zones;
    const evidence = { zones, workersPerZone: perZone, unlabelled };
    const unlabelledNote = unlabelled.length
      ? `; without a zone label: ${nameList(unlabelled)}`
      : '';
    const spread = `${plural(workers.length, 'usable worker')} in ${plural(
      zones.length,
      'zone',
    )} (${formatCounts(perZone)})`;
    if (zones.length <= 1) {
      return {
        status: 'fail',
        message: `All ${spread}: a zone outage stops every workload${unlabelledNote}`,
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
