/**
 * Whether a Gateway's listeners admit a route, read from their allowedRoutes, for a route whose
 * status does not say (plain manifests, or before the controller wrote it). Gateway API: a
 * listener admits routes of its Gateway's namespace only unless allowedRoutes.namespaces.from is
 * All, or Selector and the route's namespace labels match; the route's kind must be among
 * allowedRoutes.kinds when listed, else among the kinds its controller reports in the parent's
 * status or its protocol carries; a listener with a hostname admits a route with hostnames only
 * when one of them intersects it; a parentRef's sectionName and port pick the listeners.
 */
import { matchesLabelSelector } from '../../engine/labels';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { listOf } from '../util';
import { GATEWAY_GROUP } from './gatewayClass';

export type ListenerAdmission =
  | { admitted: true }
  | { admitted: false; reason: string; fix: string }
  | { admitted: 'unknown'; reason: string };

/**
 * Whether two hostnames intersect: equal, or one a wildcard (`*.example.com`, a suffix match over
 * any number of labels) that the other falls under.
 */
export function hostnamesIntersect(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.startsWith('*.') && b.endsWith(a.slice(1))) return true;
  return b.startsWith('*.') && a.endsWith(b.slice(1));
}

/**
 * The route kinds each core listener protocol carries when allowedRoutes.kinds is not listed
 * (Gateway API: "determined using the Listener protocol"). A TLS listener carries TLSRoutes, and
 * TCPRoutes when it terminates TLS; both are admitted whatever the mode, since a Terminate-mode
 * TLSRoute is also valid from 1.5 on. A protocol not listed (an implementation's own, such as
 * `example.com/kafka`) is left to its implementation: no refusal.
 */
const KINDS_BY_PROTOCOL: Record<string, readonly string[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute', 'TCPRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** Whether a RouteGroupKind entry names this Gateway API route kind. */
function namesKind(entry: any, routeKind: string): boolean {
  return (
    entry?.kind === routeKind &&
    (entry?.group ?? GATEWAY_GROUP) === GATEWAY_GROUP
  );
}

function kindNames(entries: unknown[]): string {
  return entries
    .map((k: any) => k?.kind)
    .filter(k => typeof k === 'string')
    .join(', ');
}

/**
 * Why the listener does not carry routes of this kind, or undefined when it does or cannot be
 * told: its allowedRoutes.kinds when listed, else what its controller reports in the parent's
 * status.listeners[].supportedKinds, else the kinds of its protocol.
 */
function routeKindRefusal(
  listener: any,
  statusListener: any,
  routeKind: string,
): string | undefined {
  const kinds = listOf(listener?.allowedRoutes?.kinds);
  if (kinds.length > 0)
    return kinds.some(k => namesKind(k, routeKind))
      ? undefined
      : `admits ${kindNames(kinds)} only`;
  // An empty list tells nothing: a controller that has not processed the listener yet.
  const supported = listOf(statusListener?.supportedKinds);
  if (supported.length > 0)
    return supported.some(k => namesKind(k, routeKind))
      ? undefined
      : `supports ${kindNames(
          supported,
        )} only, as its controller reports (status.listeners[].supportedKinds)`;
  const protocol = listener?.protocol;
  const carried =
    typeof protocol === 'string' ? KINDS_BY_PROTOCOL[protocol] : undefined;
  return !carried || carried.includes(routeKind)
    ? undefined
    : `has protocol ${protocol}, which carries ${carried
        .map(k => `${k}s`)
        .join(' and ')}, not ${routeKind}s`;
}

/** Why one listener refuses the route, 'unknown' with a reason, or undefined when it admits it. */
function listenerRefusal(
  cluster: ClusterView,
  listener: any,
  parentNamespace: string,
  route: K8sObject,
  routeKind: string,
  statusListener: any,
): { refused: string } | { unknown: string } | undefined {
  const routeNamespace = route.metadata?.namespace ?? 'default';
  const allowed = listener?.allowedRoutes;
  const routeHostnames = listOf(route.spec?.hostnames).filter(
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
  const kindRefusal = routeKindRefusal(listener, statusListener, routeKind);
  if (kindRefusal) return { refused: kindRefusal };
  return namespaceRefusal(cluster, {
    namespaces: allowed?.namespaces,
    defaultFrom: 'Same',
    field: 'allowedRoutes.namespaces',
    what: 'routes',
    ownNamespace: parentNamespace,
    otherNamespace: routeNamespace,
  });
}

/**
 * Whether a namespaces rule (`from` Same, All, Selector or None, and `selector`) lets an object of
 * `otherNamespace` attach to one of `ownNamespace`: undefined when it does.
 */
function namespaceRefusal(
  cluster: ClusterView,
  rule: {
    namespaces: any;
    defaultFrom: 'Same' | 'None';
    /** `allowedRoutes.namespaces`, for messages. */
    field: string;
    /** `routes`, `ListenerSets`, for messages. */
    what: string;
    ownNamespace: string;
    otherNamespace: string;
  },
): { refused: string } | { unknown: string } | undefined {
  const from = rule.namespaces?.from ?? rule.defaultFrom;
  const given = rule.namespaces?.from ? '' : ', the default';
  if (from === 'All') return undefined;
  if (from === 'Same')
    return rule.otherNamespace === rule.ownNamespace
      ? undefined
      : {
          refused: `admits ${rule.what} of namespace ${rule.ownNamespace} only (${rule.field}.from: Same${given})`,
        };
  if (from === 'Selector') {
    if (cluster.fetchState('namespaces').status !== 'ok')
      return {
        unknown: `${
          rule.what
        } are admitted by namespace labels, and ${cluster.unavailable(
          'namespaces',
        )}`,
      };
    const namespace = cluster.namespace(rule.otherNamespace);
    if (!namespace)
      return {
        unknown: `${rule.what} are admitted by namespace labels, and Namespace ${rule.otherNamespace} is not among the objects read`,
      };
    return matchesLabelSelector(
      rule.namespaces.selector,
      namespace.metadata?.labels ?? {},
    )
      ? undefined
      : {
          refused: `admits ${rule.what} of namespaces whose labels match its ${rule.field}.selector, which Namespace ${rule.otherNamespace}'s do not`,
        };
  }
  if (from === 'None')
    return {
      refused: `admits no ${rule.what} (${rule.field}.from: None${given})`,
    };
  return { refused: `admits ${rule.what} from ${from} namespaces` };
}

/**
 * Whether a Gateway lets a ListenerSet attach, by its spec.allowedListeners (Gateway API 1.5:
 * none by default), for a ListenerSet whose status does not say.
 */
export function listenerSetAdmission(
  cluster: ClusterView,
  gateway: K8sObject,
  listenerSet: K8sObject,
): ListenerAdmission {
  const refusal = namespaceRefusal(cluster, {
    namespaces: gateway.spec?.allowedListeners?.namespaces,
    defaultFrom: 'None',
    field: 'spec.allowedListeners.namespaces',
    what: 'ListenerSets',
    ownNamespace: gateway.metadata?.namespace ?? 'default',
    otherNamespace: listenerSet.metadata?.namespace ?? 'default',
  });
  if (!refusal) return { admitted: true };
  if ('unknown' in refusal)
    return { admitted: 'unknown', reason: refusal.unknown };
  return {
    admitted: false,
    reason: `NotAllowed, from the Gateway's spec: it ${refusal.refused}, so ListenerSet ${listenerSet.metadata?.namespace}/${listenerSet.metadata?.name} is not attached to it`,
    fix:
      'Let the Gateway accept the ListenerSet (spec.allowedListeners.namespaces.from: Same, All, or Selector with a ' +
      "selector its namespace's labels match), or attach the route to the Gateway itself.",
  };
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
  const listeners = pickedListeners(parent, parentRef);
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
  const statusListeners = listOf(parent.status?.listeners);
  for (const listener of listeners) {
    const refusal = listenerRefusal(
      cluster,
      listener,
      parentNamespace,
      route,
      routeKind,
      statusListeners.find(l => l?.name === listener?.name),
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
      'with a selector its labels match) and its kind in allowedRoutes.kinds, attach the route to a listener ' +
      "whose protocol carries its kind, give the route a hostname the listener's matches, or move the route " +
      "into the Gateway's namespace.",
  };
}

/** The listeners of a Gateway or ListenerSet that a parentRef picks (sectionName, port). */
function pickedListeners(
  parent: K8sObject,
  parentRef: { sectionName?: unknown; port?: unknown },
): any[] {
  return listOf(parent.spec?.listeners).filter(
    l =>
      (parentRef.sectionName === undefined ||
        l?.name === parentRef.sectionName) &&
      (parentRef.port === undefined || l?.port === parentRef.port),
  );
}

/** Why a listener's status says it serves nothing, or undefined when it does not say so. */
function listenerDownReason(statusListener: any): string | undefined {
  const conditions = listOf(statusListener?.conditions);
  const down =
    conditions.find(
      c =>
        (c?.type === 'Programmed' || c?.type === 'Accepted') &&
        c?.status === 'False',
    ) ?? conditions.find(c => c?.type === 'Conflicted' && c?.status === 'True');
  if (!down) return undefined;
  const why = [down.reason, down.message]
    .filter(v => typeof v === 'string' && v !== '')
    .join(': ');
  return `${down.type} ${down.status}${why ? `, ${why}` : ''}`;
}

/**
 * Why none of the listeners the route's parentRefs to `parent` pick is served, by the parent's
 * status.listeners (Programmed or Accepted False, Conflicted True: a certificate Secret missing, a
 * port another listener holds, a protocol the implementation lacks); undefined when one is, or
 * when a picked listener has no status to tell.
 */
export function listenersDown(
  parent: K8sObject,
  parentRefs: Array<{ sectionName?: unknown; port?: unknown }>,
): string | undefined {
  const picked = new Map<string, any>();
  for (const ref of parentRefs)
    for (const listener of pickedListeners(parent, ref))
      if (typeof listener?.name === 'string')
        picked.set(listener.name, listener);
  if (picked.size === 0) return undefined;
  const statuses = listOf(parent.status?.listeners);
  const reasons: string[] = [];
  for (const name of picked.keys()) {
    const reason = listenerDownReason(statuses.find(l => l?.name === name));
    if (!reason) return undefined;
    reasons.push(`listener ${name} is not served (${reason})`);
  }
  return reasons.join('; ');
}
