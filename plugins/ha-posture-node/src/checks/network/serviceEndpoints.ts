/** A Service's endpoints from its EndpointSlices, de-duplicated across slices (dual-stack Services list each pod twice). */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { isAzureFaultDomain, isAzureNode } from '../../engine/topology';
import { nodeZone } from '../util';
import { ReadySpread } from './replicaSpread';

export interface ServiceEndpoint {
  id: string;
  ready: boolean;
  node?: string;
  zone?: string;
}

/** What identifies an endpoint across slices: its target's uid, else its target, else its first address. */
function endpointId(endpoint: any): string | undefined {
  const ref = endpoint?.targetRef;
  return (
    ref?.uid ??
    (ref?.name
      ? `${ref.kind}/${ref.namespace}/${ref.name}`
      : endpoint?.addresses?.[0])
  );
}

/**
 * The zone the EndpointSlice reports, for endpoints whose node gives none. The fault-domain number
 * of an Azure node is no zone; a numeric zone elsewhere is one (engine/topology.ts).
 */
function reportedZone(
  cluster: ClusterView,
  endpoint: any,
  node: string | undefined,
): string | undefined {
  const zone = endpoint.zone;
  if (typeof zone !== 'string' || zone === '') return undefined;
  const azure = isAzureNode(
    node === undefined ? undefined : cluster.node(node),
    cluster.flavor === 'aks',
  );
  return isAzureFaultDomain(zone, azure) ? undefined : zone;
}

/**
 * Whether an endpoint takes traffic. `serving` is the pod's own readiness (discovery/v1, set since
 * Kubernetes 1.20): `ready` cannot say, because the EndpointSlice controller sets it to
 * `publishNotReadyAddresses || (serving && !terminating)`, so every endpoint of a headless Service
 * publishing not-ready addresses (StatefulSet peer discovery) is "ready". A terminating endpoint
 * is on its way out. Without `serving` (older clusters), `ready`; a nil condition reads as true.
 */
export function endpointServes(endpoint: any): boolean {
  const conditions = endpoint?.conditions;
  if (typeof conditions?.serving === 'boolean')
    return conditions.serving && conditions.terminating !== true;
  return conditions?.ready !== false;
}

export function serviceEndpoints(
  cluster: ClusterView,
  svc: K8sObject,
): ServiceEndpoint[] {
  const byId = new Map<string, ServiceEndpoint>();
  for (const slice of cluster.endpointSlicesOf(svc)) {
    for (const endpoint of Array.isArray(slice.endpoints)
      ? slice.endpoints
      : []) {
      const id = endpointId(endpoint);
      if (!id) continue;
      const node: string | undefined = endpoint.nodeName || undefined;
      const zone =
        cluster.zoneOfNode(node) ?? reportedZone(cluster, endpoint, node);
      const parsed: ServiceEndpoint = {
        id,
        ready: endpointServes(endpoint),
        ...(node ? { node } : {}),
        ...(zone ? { zone } : {}),
      };
      const seen = byId.get(id);
      byId.set(
        id,
        seen ? { ...seen, ready: seen.ready || parsed.ready } : parsed,
      );
    }
  }
  return [...byId.values()];
}

export function readyEndpoints(
  cluster: ClusterView,
  svc: K8sObject,
): ServiceEndpoint[] {
  return serviceEndpoints(cluster, svc).filter(e => e.ready);
}

/** Ready endpoints of a Service and the distinct nodes and zones they are on (as readyEndpoints, without the endpoint list). */
export function endpointSpread(
  cluster: ClusterView,
  svc: K8sObject,
): ReadySpread {
  // Per endpoint id, the first copy's node and zone, and whether any copy is ready.
  const byId = new Map<string, ServiceEndpoint>();
  for (const slice of cluster.endpointSlicesOf(svc)) {
    if (!Array.isArray(slice.endpoints)) continue;
    for (const endpoint of slice.endpoints) {
      const id = endpointId(endpoint);
      if (!id) continue;
      const ready = endpointServes(endpoint);
      const seen = byId.get(id);
      if (seen) {
        if (ready) seen.ready = true;
        continue;
      }
      const node: string | undefined = endpoint.nodeName || undefined;
      byId.set(id, {
        id,
        ready,
        node,
        zone: nodeZone(cluster, node) ?? reportedZone(cluster, endpoint, node),
      });
    }
  }
  let readyCount = 0;
  const nodes = new Set<string>();
  const zones = new Set<string>();
  for (const endpoint of byId.values()) {
    if (!endpoint.ready) continue;
    readyCount++;
    if (endpoint.node) nodes.add(endpoint.node);
    if (endpoint.zone) zones.add(endpoint.zone);
  }
  return {
    ready: readyCount,
    nodes: [...nodes].sort(),
    zones: [...zones].sort(),
  };
}
