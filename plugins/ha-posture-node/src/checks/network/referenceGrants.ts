/**
 * Gateway API ReferenceGrants: a route's backendRef to a Service in another namespace carries no
 * traffic unless a ReferenceGrant in the Service's namespace lets routes of that kind from the
 * route's namespace refer to it; conformant implementations refuse it otherwise (ResolvedRefs
 * False, RefNotPermitted). https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { listOf, perCluster } from '../util';
import { GATEWAY_GROUP } from './gatewayClass';

export const REFERENCE_GRANTS = 'referencegrants.gateway.networking.k8s.io';

/** Why a cross-namespace backendRef carries no traffic, or why that cannot be told. */
export type BackendRefPermission =
  | { notPermitted: string }
  | { permissionUnknown: string };

const grantsByNamespace = perCluster(cluster => {
  const byNamespace = new Map<string, K8sObject[]>();
  for (const grant of cluster.list(REFERENCE_GRANTS)) {
    const namespace = grant.metadata.namespace ?? 'default';
    const inNamespace = byNamespace.get(namespace);
    if (inNamespace) inNamespace.push(grant);
    else byNamespace.set(namespace, [grant]);
  }
  return byNamespace;
});

function grants(
  grant: K8sObject,
  routeKind: string,
  routeNamespace: string,
  service: string,
): boolean {
  const from = listOf(grant.spec?.from).some(
    f =>
      f?.group === GATEWAY_GROUP &&
      f?.kind === routeKind &&
      f?.namespace === routeNamespace,
  );
  const to = listOf(grant.spec?.to).some(
    t =>
      (t?.group ?? '') === '' &&
      t?.kind === 'Service' &&
      (t?.name === undefined || t.name === service),
  );
  return from && to;
}

/**
 * Undefined when the backendRef stays in the route's namespace, or a ReferenceGrant permits it.
 * A manifests scan is not judged: the grant may live with the Service's own manifests.
 */
export function backendRefPermission(
  cluster: ClusterView,
  routeKind: string,
  routeNamespace: string,
  serviceNamespace: string,
  service: string,
): BackendRefPermission | undefined {
  if (serviceNamespace === routeNamespace) return undefined;
  if (cluster.snapshot.mode === 'manifests') return undefined;
  const state = cluster.fetchState(REFERENCE_GRANTS).status;
  if (state !== 'ok' && state !== 'not-installed')
    return {
      permissionUnknown: `whether it may send to Service ${serviceNamespace}/${service} in another namespace cannot be told: ${cluster.unavailable(
        REFERENCE_GRANTS,
      )}`,
    };
  const permitted = (
    grantsByNamespace(cluster).get(serviceNamespace) ?? []
  ).some(g => grants(g, routeKind, routeNamespace, service));
  return permitted
    ? undefined
    : {
        notPermitted: `no ReferenceGrant in namespace ${serviceNamespace} lets ${routeKind}s from namespace ${routeNamespace} send to Service ${service}`,
      };
}
