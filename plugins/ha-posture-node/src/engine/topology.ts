import { K8sObject } from '../model/snapshot';

/** Well-known topology labels (rules N2) and their legacy beta forms. */
export const ZONE_LABELS = [
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/zone',
];
export const REGION_LABELS = [
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/region',
];

function firstLabel(
  node: K8sObject | undefined,
  keys: string[],
): string | undefined {
  const labels = node?.metadata?.labels ?? {};
  for (const key of keys) {
    const value = labels[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** The raw zone label of a node, including Azure fault-domain numbers. */
export function rawZoneLabel(node: K8sObject | undefined): string | undefined {
  return firstLabel(node, ZONE_LABELS);
}

/**
 * Nodes of Azure's cloud provider: providerID `azure:///subscriptions/…` (cloud-provider-azure sets
 * it, on AKS and on self-managed clusters on Azure), or any node of an AKS cluster.
 */
export function isAzureNode(
  node: K8sObject | undefined,
  clusterIsAks: boolean,
): boolean {
  return (
    clusterIsAks || String(node?.spec?.providerID ?? '').startsWith('azure://')
  );
}

/**
 * Azure nodes outside availability zones get their fault domain ("0", "1") as zone value; those
 * are not zones (real Azure zones look like `eastus-1`; learn.microsoft.com/azure/aks/availability-zones,
 * cloud-provider-azure "availability zones"). Elsewhere a numeric value is an ordinary zone name
 * (on-premises racks or rooms labelled "1", "2", "3"), so this holds only for Azure nodes.
 */
export function isAzureFaultDomain(zone: string, azureNode: boolean): boolean {
  return azureNode && /^\d+$/.test(zone);
}

/** The node's zone, or undefined (no label, or the fault-domain number of an Azure node; see isAzureNode). */
export function zoneOf(
  node: K8sObject | undefined,
  clusterIsAks: boolean,
): string | undefined {
  const zone = rawZoneLabel(node);
  return zone !== undefined &&
    !isAzureFaultDomain(zone, isAzureNode(node, clusterIsAks))
    ? zone
    : undefined;
}

export function regionLabelOf(node: K8sObject | undefined): string | undefined {
  return firstLabel(node, REGION_LABELS);
}

/**
 * Derives a region from a zone name: `us-east-1a` → `us-east-1` (AWS), `europe-west1-b` →
 * `europe-west1` (GCP), `eastus-1` → `eastus` (Azure). Undefined when the name has no zone suffix.
 * @public
 */
export function regionFromZone(zone: string): string | undefined {
  const aws = /^(.*-\d+)[a-z]$/.exec(zone);
  if (aws) return aws[1];
  const suffixed = /^(.+)-[a-z0-9]+$/.exec(zone);
  return suffixed ? suffixed[1] : undefined;
}

/** The most frequent value (ties: the alphabetically first, for stable output). */
export function mostCommon(values: Iterable<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [value, count] of [...counts.entries()].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
