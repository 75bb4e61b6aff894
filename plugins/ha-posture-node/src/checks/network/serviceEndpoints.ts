/** A Service's endpoints from its EndpointSlices, de-duplicated across slices (dual-stack Services list each pod twice). */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { isFaultDomainNumber } from '../../engine/topology';
import { distinct } from '../util';
import { ReadySpread } from './replicaSpread';

export interface ServiceEndpoint {
  id: string;
  ready: boolean;
  node?: string;
  zone?: string;
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
      const ref = endpoint?.targetRef;
      const id: string | undefined =
        ref?.uid ??
        (ref?.name
          ? `${ref.kind}/${ref.namespace}/${ref.name}`
          : endpoint?.addresses?.[0]);
      if (!id) continue;
      const node: string | undefined = endpoint.nodeName || undefined;
      const reportedZone: string | undefined =
        endpoint.zone && !isFaultDomainNumber(endpoint.zone)
          ? endpoint.zone
          : undefined;
      const zone = cluster.zoneOfNode(node) ?? reportedZone;
      const parsed: ServiceEndpoint = {
        id,
        // discovery/v1: a nil ready condition is to be read as ready.
        ready: endpoint.conditions?.ready !== false,
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

/** Ready endpoints of a Service and the distinct nodes and zones they are on. */
export function endpointSpread(
  cluster: ClusterView,
  svc: K8sObject,
): ReadySpread {
  const ready = readyEndpoints(cluster, svc);
  return {
    ready: ready.length,
    nodes: distinct(ready.map(e => e.node)),
    zones: distinct(ready.map(e => e.zone)),
  };
}
