/**
 * Where traffic from outside the cluster enters on its way to a Service: the Ingresses whose rules
 * or default backend name the Service, served by their IngressClass's controller (so are Traefik
 * IngressRoutes, Contour HTTPProxies and NGINX VirtualServers, through the class of their
 * controller), the HTTPRoutes
 * and the other Gateway API routes whose backendRefs name it, served by the Gateways in their
 * parentRefs (or the Gateways of the ListenerSets there), the
 * OpenShift Routes to it, served by the routers that admitted them, the Istio VirtualServices
 * routing to it, served by the Istio Gateways they are bound to, and the Service itself when it is
 * of type LoadBalancer.
 * Indexed once per cluster by `namespace/service`, so each workload looks its Services up.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { listOf, perCluster } from '../util';
import {
  controllerRouteTrees,
  ReachedEntry,
  RouteClass,
} from './controllerRoutes';
import {
  defaultIngressClass,
  INGRESS_CLASSES,
  ingressClassOf,
} from './ingressClass';
import { backendRefPermission } from './referenceGrants';
import {
  ListenerAdmission,
  listenersDown,
  listenerAdmission,
  listenerSetAdmission,
} from './listenerAdmission';
import { GATEWAYS } from './network-gateway-data-plane';
import {
  VIRTUAL_SERVICES,
  virtualServiceBackends,
  virtualServiceGateways,
} from './istioGateways';
import { GATEWAY_GROUP } from './gatewayClass';

export const INGRESSES = 'ingresses.networking.k8s.io';
export const OPENSHIFT_ROUTES = 'routes.route.openshift.io';
/** The route kinds read, by resource key: each attaches to Gateways and sends to Services. */
export const ROUTE_KINDS = {
  'httproutes.gateway.networking.k8s.io': 'HTTPRoute',
  'grpcroutes.gateway.networking.k8s.io': 'GRPCRoute',
  'tlsroutes.gateway.networking.k8s.io': 'TLSRoute',
  'tcproutes.gateway.networking.k8s.io': 'TCPRoute',
  'udproutes.gateway.networking.k8s.io': 'UDPRoute',
} as const;
/** Extra listeners for a Gateway (Gateway API 1.5): routes may attach to them instead. */
export const LISTENER_SETS = 'listenersets.gateway.networking.k8s.io';

/**
 * An Ingress or route that sends traffic to a Service, and what serves it; or a Service of type
 * LoadBalancer, which is its own entry point.
 */
export interface EntryPoint {
  /** `Ingress shop/web`, `HTTPRoute shop/web`; none for a LoadBalancer Service. */
  route?: string;
  /** The Ingress or Gateway API route itself (what external-dns reads its annotations from). */
  source?: K8sObject;
  /** What carries its traffic into the cluster. */
  servedBy:
    | { kind: 'LoadBalancer'; service: K8sObject }
    | {
        kind: 'IngressClass';
        name: string | undefined;
        /** Why a route's class could not be told (a Traefik or Contour route that names none). */
        unresolved?: string;
        /** The controller's reason for not serving the route (an HTTPProxy invalid or orphaned). */
        notAccepted?: string;
        /** What to do about notAccepted, when it is not what the route's status reports. */
        refusedFix?: string;
        /** Why whether the controller serves the route cannot be told. */
        acceptanceUnknown?: string;
      }
    | { kind: 'IstioGateway'; namespace: string; name: string }
    | {
        /** A ListenerSet in a route's parentRefs whose Gateway cannot be told. */
        kind: 'ListenerSet';
        namespace: string;
        name: string;
        problem: { status: 'warn' | 'unknown' | 'skipped'; reason: string };
      }
    | {
        kind: 'Router';
        /** The IngressController whose routers admitted the Route; none when none has yet. */
        name: string | undefined;
        /** The reason a router gave for not admitting the Route (Admitted False). */
        notAdmitted?: string;
      }
    | GatewayEntry;
}

/** A Gateway API route's way in: a Gateway in its parentRefs. */
interface GatewayEntry {
  kind: 'Gateway';
  namespace: string;
  name: string;
  /**
   * The reason the Gateway gives in the route's status for not accepting it, or, when the status
   * does not say, the reason its listeners' allowedRoutes refuse it.
   */
  notAccepted?: string;
  /** What to do about notAccepted, when it is not what the route's status reports. */
  refusedFix?: string;
  /** Why whether the Gateway's listeners admit the route cannot be told. */
  acceptanceUnknown?: string;
  /** Why none of the listeners the route picks is served, by the parent's status.listeners. */
  listenersDown?: string;
  /** Why the route's backendRef to the Service is refused (no ReferenceGrant). */
  notPermitted?: string;
  /** Why whether that backendRef is refused cannot be told. */
  permissionUnknown?: string;
}

const namespaceOf = (obj: K8sObject) => obj.metadata.namespace ?? 'default';
const serviceKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** Names of the Services an Ingress sends traffic to (rules and default backend). */
function ingressBackends(ingress: K8sObject): string[] {
  const names = [ingress.spec?.defaultBackend?.service?.name];
  for (const rule of listOf(ingress.spec?.rules))
    for (const path of listOf(rule?.http?.paths))
      names.push(path?.backend?.service?.name);
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))];
}

/** `namespace/name` of the Services a route's backendRefs name (core group, kind Service). */
function routeBackends(route: K8sObject): string[] {
  const keys = new Set<string>();
  for (const rule of listOf(route.spec?.rules))
    for (const ref of listOf(rule?.backendRefs)) {
      if ((ref?.group ?? '') !== '' || (ref?.kind ?? 'Service') !== 'Service')
        continue;
      if (typeof ref.name === 'string')
        keys.add(serviceKey(ref.namespace ?? namespaceOf(route), ref.name));
    }
  return [...keys];
}

/** The route's status entries for one parent (one per listener it names, when it names some). */
function statusEntriesFor(
  route: K8sObject,
  kind: 'Gateway' | 'ListenerSet',
  namespace: string,
  name: string,
): any[] {
  return listOf(route.status?.parents).filter(
    parent =>
      parent?.parentRef?.name === name &&
      (parent.parentRef.kind ?? 'Gateway') === kind &&
      (parent.parentRef.namespace ?? namespaceOf(route)) === namespace,
  );
}

/**
 * The reason a Gateway gave in the route's status for not accepting it (Accepted False), or
 * undefined when it accepted the route or has not said.
 */
function notAcceptedBy(
  route: K8sObject,
  kind: 'Gateway' | 'ListenerSet',
  namespace: string,
  name: string,
): string | undefined {
  for (const parent of statusEntriesFor(route, kind, namespace, name)) {
    const accepted = listOf(parent.conditions).find(
      c => c?.type === 'Accepted',
    );
    if (accepted?.status === 'False')
      return (
        [accepted.reason, accepted.message].filter(Boolean).join(': ') ||
        'not accepted'
      );
  }
  return undefined;
}

/** Whether the route's status has an entry for this parent (then its conditions say whether it is accepted). */
function statusNamesParent(
  route: K8sObject,
  kind: 'Gateway' | 'ListenerSet',
  namespace: string,
  name: string,
): boolean {
  return statusEntriesFor(route, kind, namespace, name).length > 0;
}

/** Whether the Gateway's listeners admit the route, by their spec; undefined when the Gateway is not read. */
function admissionBySpec(
  cluster: ClusterView,
  route: K8sObject,
  routeKind: string,
  namespace: string,
  parentRef: any,
): ListenerAdmission | undefined {
  const gateway = cluster.get(GATEWAYS, namespace, parentRef.name);
  if (!gateway) return undefined;
  return listenerAdmission(cluster, gateway, route, routeKind, parentRef);
}

/**
 * Whether the ListenerSet's Gateway lets it attach, by the Gateway's spec, when the ListenerSet's
 * status has no Accepted condition; undefined when it does, or when the Gateway is not read.
 */
function listenerSetAttachment(
  cluster: ClusterView,
  listenerSet: K8sObject,
  gatewayRef: any,
  listenerSetNamespace: string,
): ListenerAdmission | undefined {
  if (listOf(listenerSet.status?.conditions).some(c => c?.type === 'Accepted'))
    return undefined;
  const gateway = cluster.get(
    GATEWAYS,
    gatewayRef.namespace ?? listenerSetNamespace,
    gatewayRef.name,
  );
  if (!gateway) return undefined;
  const admission = listenerSetAdmission(cluster, gateway, listenerSet);
  return admission.admitted === true ? undefined : admission;
}

/** The GatewayEntry fields that say a parent's listeners refuse the route, or cannot tell. */
function admissionFields(
  admission: ListenerAdmission | undefined,
): Pick<GatewayEntry, 'notAccepted' | 'refusedFix' | 'acceptanceUnknown'> {
  if (admission?.admitted === false)
    return { notAccepted: admission.reason, refusedFix: admission.fix };
  if (admission?.admitted === 'unknown')
    return { acceptanceUnknown: admission.reason };
  return {};
}

/** A route's way in through one parent, and the ListenerSet it goes through, if any. */
interface RouteParent {
  servedBy: EntryPoint['servedBy'];
  listenerSet?: string;
}

/** Why a ListenerSet carries no listener of its Gateway (Accepted False), if it says so. */
function listenerSetRefused(listenerSet: K8sObject): string | undefined {
  const accepted = listOf(listenerSet.status?.conditions).find(
    c => c?.type === 'Accepted',
  );
  return accepted?.status === 'False'
    ? `ListenerSet ${namespaceOf(listenerSet)}/${
        listenerSet.metadata.name
      } is not attached to it: ${
        [accepted.reason, accepted.message].filter(Boolean).join(': ') ||
        'not accepted'
      }`
    : undefined;
}

/**
 * The Gateway a ListenerSet parentRef leads to: the ListenerSet's own spec.parentRef, whose
 * listeners the Gateway serves; or why that cannot be told.
 */
function throughListenerSet(
  cluster: ClusterView,
  route: K8sObject,
  routeKind: string,
  namespace: string,
  parentRef: any,
): RouteParent {
  const name: string = parentRef.name;
  const problem = (
    status: 'warn' | 'unknown' | 'skipped',
    reason: string,
  ): RouteParent => ({
    servedBy: {
      kind: 'ListenerSet',
      namespace,
      name,
      problem: { status, reason },
    },
  });
  const fetch = cluster.fetchState(LISTENER_SETS).status;
  if (fetch !== 'ok' && fetch !== 'not-installed')
    return problem(
      'unknown',
      `cannot be read, so which Gateway it belongs to is not known: ${cluster.unavailable(
        LISTENER_SETS,
      )}`,
    );
  const listenerSet = cluster.get(LISTENER_SETS, namespace, name);
  if (!listenerSet)
    return cluster.snapshot.mode === 'manifests'
      ? problem(
          'skipped',
          'is not in the scanned manifests: which Gateway it belongs to is judged on a cluster',
        )
      : problem(
          'warn',
          'does not exist: no traffic reaches the workload this way',
        );
  const ref = listenerSet.spec?.parentRef;
  if (
    typeof ref?.name !== 'string' ||
    (ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP ||
    (ref.kind ?? 'Gateway') !== 'Gateway'
  )
    return problem(
      'warn',
      'names no Gateway in spec.parentRef: no traffic reaches the workload this way',
    );
  const refused =
    notAcceptedBy(route, 'ListenerSet', namespace, name) ??
    listenerSetRefused(listenerSet);
  // The route's status, where it names the ListenerSet, is the controller's word; else the specs.
  const admission =
    refused === undefined &&
    !statusNamesParent(route, 'ListenerSet', namespace, name)
      ? listenerSetAttachment(cluster, listenerSet, ref, namespace) ??
        listenerAdmission(cluster, listenerSet, route, routeKind, parentRef)
      : undefined;
  const down =
    refused === undefined
      ? listenersDown(
          listenerSet,
          refsTo(route, 'ListenerSet', namespace, name),
        )
      : undefined;
  return {
    servedBy: {
      kind: 'Gateway',
      namespace: ref.namespace ?? namespace,
      name: ref.name,
      ...(refused ? { notAccepted: refused } : {}),
      ...admissionFields(admission),
      ...(down ? { listenersDown: down } : {}),
    },
    listenerSet: `ListenerSet ${namespace}/${name}`,
  };
}

/** A route's parentRefs to one Gateway or ListenerSet (one per listener it names, or one for all). */
function refsTo(
  route: K8sObject,
  kind: 'Gateway' | 'ListenerSet',
  namespace: string,
  name: string,
): any[] {
  return listOf(route.spec?.parentRefs).filter(
    ref =>
      (ref?.group ?? GATEWAY_GROUP) === GATEWAY_GROUP &&
      (ref?.kind ?? 'Gateway') === kind &&
      ref?.name === name &&
      (ref?.namespace ?? namespaceOf(route)) === namespace,
  );
}

/**
 * The Gateways a route attaches to: parentRefs of kind Gateway, and of kind ListenerSet through
 * the ListenerSet's Gateway (mesh Services are not entries).
 */
function routeParents(
  cluster: ClusterView,
  route: K8sObject,
  routeKind: string,
): RouteParent[] {
  const parents: RouteParent[] = [];
  const seen = new Set<string>();
  for (const ref of listOf(route.spec?.parentRefs)) {
    const kind = ref?.kind ?? 'Gateway';
    if (
      (ref?.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP ||
      (kind !== 'Gateway' && kind !== 'ListenerSet') ||
      typeof ref.name !== 'string'
    )
      continue;
    const namespace: string = ref.namespace ?? namespaceOf(route);
    // Two listeners (sectionName) of one parent are one data plane.
    const key = `${kind} ${serviceKey(namespace, ref.name)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (kind === 'ListenerSet') {
      parents.push(
        throughListenerSet(cluster, route, routeKind, namespace, ref),
      );
      continue;
    }
    const notAccepted = notAcceptedBy(route, 'Gateway', namespace, ref.name);
    const admission =
      notAccepted === undefined &&
      !statusNamesParent(route, 'Gateway', namespace, ref.name)
        ? admissionBySpec(cluster, route, routeKind, namespace, ref)
        : undefined;
    const gateway = cluster.get(GATEWAYS, namespace, ref.name);
    const down =
      gateway && notAccepted === undefined
        ? listenersDown(gateway, refsTo(route, 'Gateway', namespace, ref.name))
        : undefined;
    parents.push({
      servedBy: {
        kind: 'Gateway',
        namespace,
        name: ref.name,
        ...(notAccepted ? { notAccepted } : {}),
        ...admissionFields(admission),
        ...(down ? { listenersDown: down } : {}),
      },
    });
  }
  return parents;
}

/** Names of the Services an OpenShift Route sends traffic to (spec.to and alternateBackends). */
function openshiftRouteBackends(route: K8sObject): string[] {
  const names = [route.spec?.to, ...listOf(route.spec?.alternateBackends)]
    .filter(to => (to?.kind ?? 'Service') === 'Service')
    .map(to => to?.name);
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))];
}

/**
 * The routers of an OpenShift Route: each IngressController in status.ingress (routerName), which
 * admitted it or says why not; one without a name when no router has reported on it.
 */
function openshiftRouters(route: K8sObject): EntryPoint['servedBy'][] {
  const routers: EntryPoint['servedBy'][] = [];
  for (const ingress of listOf(route.status?.ingress)) {
    if (typeof ingress?.routerName !== 'string') continue;
    const admitted = listOf(ingress.conditions).find(
      c => c?.type === 'Admitted',
    );
    routers.push({
      kind: 'Router',
      name: ingress.routerName,
      ...(admitted?.status === 'False'
        ? {
            notAdmitted:
              [admitted.reason, admitted.message].filter(Boolean).join(': ') ||
              'not admitted',
          }
        : {}),
    });
  }
  return routers.length > 0 ? routers : [{ kind: 'Router', name: undefined }];
}

/** What serves a Traefik, Contour or NGINX route: its controller's IngressClass. */
const servedByClass = (
  routeClass: RouteClass,
  entry: ReachedEntry,
): EntryPoint['servedBy'] => ({
  kind: 'IngressClass',
  name: routeClass.name,
  ...(routeClass.unresolved ? { unresolved: routeClass.unresolved } : {}),
  ...(entry.refused ? { notAccepted: entry.refused } : {}),
  ...(entry.refusedFix ? { refusedFix: entry.refusedFix } : {}),
  ...(entry.acceptanceUnknown
    ? { acceptanceUnknown: entry.acceptanceUnknown }
    : {}),
});

const entryIndex = perCluster(cluster => {
  const index = new Map<string, EntryPoint[]>();
  const add = (key: string, entry: EntryPoint) => {
    const entries = index.get(key);
    if (entries) entries.push(entry);
    else index.set(key, [entry]);
  };
  const classes = cluster.list(INGRESS_CLASSES);
  const defaultClass = defaultIngressClass(classes);
  for (const ingress of cluster.list(INGRESSES)) {
    const namespace = namespaceOf(ingress);
    const entry: EntryPoint = {
      route: `Ingress ${namespace}/${ingress.metadata.name}`,
      source: ingress,
      servedBy: {
        kind: 'IngressClass',
        name: ingressClassOf(ingress, defaultClass),
      },
    };
    for (const name of ingressBackends(ingress))
      add(serviceKey(namespace, name), entry);
  }
  for (const [key, kind] of Object.entries(ROUTE_KINDS))
    for (const route of cluster.list(key)) {
      const parents = routeParents(cluster, route, kind);
      const name = `${kind} ${namespaceOf(route)}/${route.metadata.name}`;
      for (const backend of routeBackends(route)) {
        const slash = backend.indexOf('/');
        const permission = backendRefPermission(
          cluster,
          kind,
          namespaceOf(route),
          backend.slice(0, slash),
          backend.slice(slash + 1),
        );
        for (const { servedBy, listenerSet } of parents)
          add(backend, {
            route: listenerSet ? `${name} (through ${listenerSet})` : name,
            source: route,
            servedBy:
              permission && servedBy.kind === 'Gateway'
                ? { ...servedBy, ...permission }
                : servedBy,
          });
      }
    }
  for (const vs of cluster.list(VIRTUAL_SERVICES)) {
    const name = `VirtualService ${namespaceOf(vs)}/${vs.metadata.name}`;
    const gateways = virtualServiceGateways(vs);
    for (const backend of virtualServiceBackends(vs))
      for (const gateway of gateways) {
        const slash = gateway.indexOf('/');
        add(backend, {
          route: name,
          servedBy: {
            kind: 'IstioGateway',
            namespace: gateway.slice(0, slash),
            name: gateway.slice(slash + 1),
          },
        });
      }
  }
  // Traefik, Contour and NGINX Inc routes: each reached route sends to its Services through the
  // class of its root.
  for (const tree of controllerRouteTrees(cluster))
    for (const reached of tree.reached) {
      const entry: EntryPoint = {
        route: reached.name,
        servedBy: servedByClass(tree.routeClass, reached),
      };
      for (const backend of reached.services) add(backend, entry);
    }
  for (const route of cluster.list(OPENSHIFT_ROUTES)) {
    const namespace = namespaceOf(route);
    const name = `Route ${namespace}/${route.metadata.name}`;
    const routers = openshiftRouters(route);
    for (const backend of openshiftRouteBackends(route))
      for (const servedBy of routers)
        add(serviceKey(namespace, backend), { route: name, servedBy });
  }
  return index;
});

/** The entry points of a Service: what sends outside traffic to it, and itself if a LoadBalancer. */
export function entryPointsOf(
  cluster: ClusterView,
  service: K8sObject,
): EntryPoint[] {
  const routed =
    entryIndex(cluster).get(
      serviceKey(namespaceOf(service), service.metadata.name),
    ) ?? [];
  return service.spec?.type === 'LoadBalancer'
    ? [{ servedBy: { kind: 'LoadBalancer', service } }, ...routed]
    : routed;
}
