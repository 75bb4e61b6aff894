/**
 * Whether a Gateway's listeners admit a route, read from their allowedRoutes, for a route whose
 * status does not say (plain manifests, or before the controller wrote it). Gateway API: a
 * listener admits routes of its Gateway's namespace only unless allowedRoutes.namespaces.from is
 * All, or Selector and the route's namespace labels match; when allowedRoutes.kinds is listed, the
 * route's kind must be among them; a listener with a hostname admits a route with hostnames only
 * when one of them intersects it; a parentRef's sectionName and port pick the listeners.
 */
import { matchesLabelSelector } from '../../engine/labels';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export type ListenerAdmission =
  | { admitted: true }
  | { admitted: false; reason: string; fix: string }
  | { admitted: 'unknown'; reason: string };

const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/**
 * Whether two hostnames intersect: equal, or one a wildcard (`*.example.com`, a suffix match over
 * any number of labels) that the other falls under.
 */
export function hostnamesIntersect(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.startsWith('*.') && b.endsWith(a.slice(1))) return true;
  return b.startsWith('*.') && a.endsWith(b.slice(1));
}

/** Why one listener refuses the route, 'unknown' with a reason, or undefined when it admits it. */
function listenerRefusal(
  cluster: ClusterView,
  listener: any,
  parentNamespace: string,
  route: K8sObject,
  routeKind: string,
): { refused: string } | { unknown: string } | undefined {
  const routeNamespace = route.metadata?.namespace ?? 'default';
  const allowed = listener?.allowedRoutes;
  const routeHostnames = list(route.spec?.hostnames).filter(
    (h): h is string => typeof h === 'string',
  );
  if (
    typeof listener?.hostname === 'string' &&
    routeHostnames.length > 0 &&
    !routeHostnames.some(h => hostnamesIntersect(h, listener.hostname))
  )
    return {
      refused: `has hostname ${
        listener.hostname
      }, which none of the route's hostnames (${routeHostnames.join(
        ', ',
      )}) matches`,
    };
  const kinds = list(allowed?.kinds);
  if (
    kinds.length > 0 &&
    !kinds.some(
      k =>
        k?.kind === routeKind && (k?.group ?? GATEWAY_GROUP) === GATEWAY_GROUP,
    )
  )
    return {
      refused: `admits ${kinds
        .map(k => k?.kind)
        .filter(Boolean)
        .join(', ')} only`,
    };
  const from = allowed?.namespaces?.from ?? 'Same';
  if (from === 'All') return undefined;
  if (from === 'Same')
    return routeNamespace === parentNamespace
      ? undefined
      : {
          refused: `admits routes of namespace ${parentNamespace} only (allowedRoutes.namespaces.from: Same${
            allowed?.namespaces?.from ? '' : ', the default'
          })`,
        };
  if (from === 'Selector') {
    if (cluster.fetchState('namespaces').status !== 'ok')
      return {
        unknown: `its listeners admit routes by namespace labels, and ${cluster.unavailable(
          'namespaces',
        )}`,
      };
    const namespace = cluster.namespace(routeNamespace);
    if (!namespace)
      return {
        unknown: `its listeners admit routes by namespace labels, and Namespace ${routeNamespace} is not among the objects read`,
      };
    return matchesLabelSelector(
      allowed.namespaces.selector,
      namespace.metadata?.labels ?? {},
    )
      ? undefined
      : {
          refused: `admits routes of namespaces whose labels match its allowedRoutes.namespaces.selector, which Namespace ${routeNamespace}'s do not`,
        };
  }
  return { refused: `admits routes from ${from} namespaces` };
}

/** Whether a Gateway or ListenerSet (`parent`) admits the route through the listeners its parentRef picks. */
export function listenerAdmission(
  cluster: ClusterView,
  parent: K8sObject,
  route: K8sObject,
  routeKind: string,
  parentRef: { sectionName?: unknown; port?: unknown },
): ListenerAdmission {
  const parentKind = parent.kind === 'ListenerSet' ? 'ListenerSet' : 'Gateway';
  const parentNamespace = parent.metadata?.namespace ?? 'default';
  const listeners = list(parent.spec?.listeners).filter(
    l =>
      (parentRef.sectionName === undefined ||
        l?.name === parentRef.sectionName) &&
      (parentRef.port === undefined || l?.port === parentRef.port),
  );
  const picked = [
    parentRef.sectionName !== undefined
      ? `listener ${parentRef.sectionName}`
      : undefined,
    parentRef.port !== undefined ? `port ${parentRef.port}` : undefined,
  ]
    .filter(Boolean)
    .join(' on ');
  if (listeners.length === 0)
    return {
      admitted: false,
      reason: `it has no ${picked || 'listener'}`,
      fix: `Point the route's parentRef at a listener the ${parentKind} has (sectionName, port).`,
    };
  const refusals: string[] = [];
  const unknown: string[] = [];
  for (const listener of listeners) {
    const refusal = listenerRefusal(
      cluster,
      listener,
      parentNamespace,
      route,
      routeKind,
    );
    if (!refusal) return { admitted: true };
    if ('unknown' in refusal) unknown.push(refusal.unknown);
    else refusals.push(`listener ${listener?.name} ${refusal.refused}`);
  }
  if (unknown.length > 0) return { admitted: 'unknown', reason: unknown[0] };
  return {
    admitted: false,
    reason: `${
      refusals.every(r => r.includes(' has hostname '))
        ? 'NoMatchingListenerHostname'
        : 'NotAllowedByListeners'
    }, from the ${parentKind}'s spec: ${refusals.join('; ')}`,
    fix:
      "Allow the route's namespace on a listener of the Gateway (allowedRoutes.namespaces.from: All, or Selector " +
      'with a selector its labels match) and its kind in allowedRoutes.kinds, give the route a hostname the ' +
      "listener's matches, or move the route into the Gateway's namespace.",
  };
}
