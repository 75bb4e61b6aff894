/**
 * Whether a dump holds the EndpointSlices of its Services. `kubectl get all` leaves them out, and
 * without them every Service would look as if it had no endpoint.
 */
import { FetchState, K8sObject } from '../model/snapshot';
import type { ClusterView } from '../model/view';

/**
 * Whether Kubernetes keeps at least one EndpointSlice for the Service: the EndpointSlice
 * controller writes one (empty when no pod is ready) for every Service with a selector, except
 * ExternalName ones. A running cluster without any slice of such a Service was not fully dumped.
 */
export function keepsEndpointSlice(service: K8sObject): boolean {
  const selector = service.spec?.selector;
  return (
    service.spec?.type !== 'ExternalName' &&
    typeof selector === 'object' &&
    selector !== null &&
    Object.keys(selector).length > 0
  );
}

/**
 * The fetch state of EndpointSlices in a dump without any, although it has Services that keep one:
 * they were not dumped, so checks that read them are `unknown`, not failed. Undefined otherwise.
 */
export function undumpedEndpointSlices(
  services: K8sObject[],
  endpointSlices: K8sObject[],
): FetchState | undefined {
  if (endpointSlices.length > 0 || !services.some(keepsEndpointSlice))
    return undefined;
  return {
    status: 'error',
    message:
      'the dump has no EndpointSlices although it has Services with a selector, for each of which a running ' +
      'cluster keeps at least one (kubectl get all leaves them out): dump them with kubectl get endpointslices -A -o yaml',
  };
}

/**
 * Whether a dump left this Service's EndpointSlices out (a dump of only some namespaces' slices):
 * a running cluster keeps one for it, and the dump holds none. Checks then cannot tell where its
 * endpoints are, rather than seeing none.
 */
export function sliceLeftOutOfDump(
  cluster: ClusterView,
  service: K8sObject,
): boolean {
  return (
    cluster.snapshot.mode === 'dump' &&
    keepsEndpointSlice(service) &&
    cluster.endpointSlicesOf(service).length === 0
  );
}
