/**
 * The route kinds of ingress controllers that have their own: Traefik's IngressRoute,
 * IngressRouteTCP and IngressRouteUDP (traefik.io), Contour's HTTPProxy (projectcontour.io) and
 * the F5 NGINX Ingress Controller's VirtualServer and TransportServer (k8s.nginx.org). They are served by the same
 * pods as the controller's Ingresses, so each route is given the IngressClass of its controller
 * and shares that class's verdict (network-ingress-controller).
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { listOf, perCluster } from '../util';
import {
  defaultIngressClass,
  INGRESS_CLASS_ANNOTATION,
  INGRESS_CLASSES,
  isContourController,
} from './ingressClass';
import {
  CrossNamespacePolicy,
  traefikCrossNamespace,
} from './traefikCrossNamespace';

/** Traefik's API groups: traefik.io since Traefik 2.10, traefik.containo.us before (and until 3.0). */
const TRAEFIK_GROUPS = ['traefik.io', 'traefik.containo.us'] as const;
const inTraefikGroups = (resource: string) =>
  TRAEFIK_GROUPS.map(group => `${resource}.${group}`);
/** Traefik's route kinds by resource key, HTTP first. */
export const TRAEFIK_ROUTE_KINDS: Array<[key: string, kind: string]> = [
  ['ingressroutes', 'IngressRoute'],
  ['ingressroutetcps', 'IngressRouteTCP'],
  ['ingressrouteudps', 'IngressRouteUDP'],
].flatMap(([resource, kind]) =>
  inTraefikGroups(resource).map(k => [k, kind] as [string, string]),
);
/** TraefikServices (weighted and mirroring services an IngressRoute may send to), by resource key. */
export const TRAEFIK_SERVICES = inTraefikGroups('traefikservices');
export const HTTP_PROXIES = 'httpproxies.projectcontour.io';
export const VIRTUAL_SERVERS = 'virtualservers.k8s.nginx.org';
export const VIRTUAL_SERVER_ROUTES = 'virtualserverroutes.k8s.nginx.org';
/** The NGINX Ingress Controller's TCP and UDP load balancing (k8s.nginx.org/v1 TransportServer). */
export const TRANSPORT_SERVERS = 'transportservers.k8s.nginx.org';
/** Every route type read here, by resource key. */
export const CONTROLLER_ROUTE_KEYS = [
  ...TRAEFIK_ROUTE_KINDS.map(([k]) => k),
  ...TRAEFIK_SERVICES,
  HTTP_PROXIES,
  VIRTUAL_SERVERS,
  VIRTUAL_SERVER_ROUTES,
  TRANSPORT_SERVERS,
] as const;
/** The controller Traefik's IngressClass names (doc.traefik.io, Kubernetes Ingress provider). */
export const TRAEFIK_CONTROLLER = 'traefik.io/ingress-controller';
/** The controller of the F5 NGINX Ingress Controller's IngressClass (not ingress-nginx's). */
const NGINX_INC_CONTROLLER = 'nginx.org/ingress-controller';

const namespaceOf = (obj: K8sObject) => obj.metadata.namespace ?? 'default';
const key = (namespace: string, name: string) => `${namespace}/${name}`;

/** The IngressClass a route is served through, or why none could be told. */
export type RouteClass =
  | { name: string; unresolved?: undefined }
  | { name?: undefined; unresolved: string };

/**
 * The class named on the route, else the cluster's only class of that controller (the default
 * one when there are several). Controllers serve unclassed routes only when they watch no class,
 * so with several candidates and no default the serving one cannot be told.
 */
function classOfRoute(
  named: unknown,
  classes: K8sObject[],
  isController: (controller: unknown) => boolean,
  controllerName: string,
): RouteClass {
  if (typeof named === 'string' && named !== '') return { name: named };
  const candidates = classes.filter(c => isController(c.spec?.controller));
  if (candidates.length === 1) return { name: candidates[0].metadata.name };
  const byDefault = defaultIngressClass(candidates);
  if (byDefault) return { name: byDefault };
  return {
    unresolved:
      candidates.length === 0
        ? `it names no class and the cluster has no IngressClass of ${controllerName}, so which ${controllerName} pods serve it cannot be told`
        : `it names no class and the cluster has ${
            candidates.length
          } IngressClasses of ${controllerName} (${candidates
            .map(c => c.metadata.name)
            .join(
              ', ',
            )}), none the default, so which one serves it cannot be told`,
  };
}

/**
 * An IngressRoute's class: the `kubernetes.io/ingress.class` annotation that Traefik's CRD
 * provider matches against its `ingressClass` setting, else Traefik's class.
 */
export function ingressRouteClass(
  route: K8sObject,
  classes: K8sObject[],
): RouteClass {
  return classOfRoute(
    route.metadata.annotations?.[INGRESS_CLASS_ANNOTATION],
    classes,
    controller => controller === TRAEFIK_CONTROLLER,
    'Traefik',
  );
}

/**
 * What one of an IngressRoute's, IngressRouteTCP's or IngressRouteUDP's services, or a
 * TraefikService's, refers to: a Service, or a TraefikService to follow (IngressRoute only).
 */
function traefikReferences(
  owner: K8sObject,
  refs: unknown[],
): { services: string[]; traefikServices: string[] } {
  const services = new Set<string>();
  const traefikServices = new Set<string>();
  for (const ref of refs as any[]) {
    if (typeof ref?.name !== 'string') continue;
    const target = key(ref.namespace ?? namespaceOf(owner), ref.name);
    const kind = ref.kind ?? 'Service';
    if (kind === 'Service') services.add(target);
    else if (kind === 'TraefikService') traefikServices.add(target);
  }
  return { services: [...services], traefikServices: [...traefikServices] };
}

/** The references of a Traefik route's routes[].services. */
const routeReferences = (route: K8sObject) =>
  traefikReferences(
    route,
    listOf(route.spec?.routes).flatMap(r => listOf(r?.services)),
  );

/**
 * The references of a TraefikService: the services it weighs, or the main service it mirrors
 * (mirrors get copies whose answers are dropped: they carry no client's traffic).
 */
const traefikServiceReferences = (service: K8sObject) =>
  traefikReferences(service, [
    ...listOf(service.spec?.weighted?.services),
    ...(service.spec?.mirroring ? [service.spec.mirroring] : []),
  ]);

/** `namespace/name` of the Services a Traefik route's routes send to directly (not through TraefikServices). */
export function ingressRouteBackends(route: K8sObject): string[] {
  return routeReferences(route).services;
}

/**
 * An HTTPProxy's class: spec.ingressClassName, else the annotations Contour reads, else
 * Contour's class.
 */
export function httpProxyClass(
  proxy: K8sObject,
  classes: K8sObject[],
): RouteClass {
  const annotations = proxy.metadata.annotations ?? {};
  return classOfRoute(
    proxy.spec?.ingressClassName ??
      annotations['projectcontour.io/ingress.class'] ??
      annotations[INGRESS_CLASS_ANNOTATION],
    classes,
    isContourController,
    'Contour',
  );
}

/** Contour's reason for not serving an HTTPProxy (status invalid or orphaned), if it gave one. */
export function httpProxyRefused(proxy: K8sObject): string | undefined {
  const status = proxy.status?.currentStatus;
  if (status !== 'invalid' && status !== 'orphaned') return undefined;
  return [status, proxy.status?.description].filter(Boolean).join(': ');
}

/** A route object reached from a root, and the Services its own rules send to. */
export interface ReachedRoute {
  route: K8sObject;
  /** `namespace/name` of the Services it sends to. */
  services: string[];
  /**
   * The first reference on the way from the root into another namespace (`IngressRoute shop/web
   * → TraefikService edge/split`), when there is one.
   */
  crossedAt?: string;
}

/** `namespace/name` of the Services named by a route object, which live in its own namespace. */
function servicesInNamespace(route: K8sObject, names: unknown[]): string[] {
  return [
    ...new Set(
      names
        .filter((n): n is string => typeof n === 'string')
        .map(n => key(namespaceOf(route), n)),
    ),
  ];
}

function ownProxyServices(proxy: K8sObject): string[] {
  return servicesInNamespace(
    proxy,
    [
      ...listOf(proxy.spec?.routes).flatMap(r => listOf(r?.services)),
      ...listOf(proxy.spec?.tcpproxy?.services),
    ].map(s => s?.name),
  );
}

function proxyIncludes(proxy: K8sObject): string[] {
  const tcp = proxy.spec?.tcpproxy;
  return [
    ...listOf(proxy.spec?.includes),
    ...(tcp?.include ? [tcp.include] : []),
    ...listOf(tcp?.includes),
  ]
    .filter(i => typeof i?.name === 'string')
    .map(i => key(i.namespace ?? namespaceOf(proxy), i.name));
}

/**
 * What traffic reaches from `root`: the root, then the objects it delegates to (`delegates`,
 * as `namespace/name` among `byKey`), transitively; a loop is followed once.
 */
function reachFrom(
  root: K8sObject,
  byKey: Map<string, K8sObject>,
  services: (route: K8sObject) => string[],
  delegates: (route: K8sObject) => string[],
): ReachedRoute[] {
  const seen = new Set<K8sObject>();
  const reached: ReachedRoute[] = [];
  const visit = (route: K8sObject, crossedAt: string | undefined) => {
    if (seen.has(route)) return;
    seen.add(route);
    reached.push({
      route,
      services: services(route),
      ...(crossedAt ? { crossedAt } : {}),
    });
    for (const delegate of delegates(route)) {
      const child = byKey.get(delegate);
      if (!child) continue;
      visit(
        child,
        crossedAt ??
          (namespaceOf(child) === namespaceOf(route)
            ? undefined
            : `${route.kind} ${namespaceOf(route)}/${route.metadata.name} → ${
                child.kind
              } ${namespaceOf(child)}/${child.metadata.name}`),
      );
    }
  };
  visit(root, undefined);
  return reached;
}

const byNamespacedName = (objects: K8sObject[]) =>
  new Map(objects.map(o => [key(namespaceOf(o), o.metadata.name), o]));

/**
 * The HTTPProxies traffic reaches from each root (one with spec.virtualhost): the root, then what
 * it includes, transitively. A proxy no root includes serves nothing.
 */
export function httpProxyTrees(
  proxies: K8sObject[],
): Array<{ root: K8sObject; reached: ReachedRoute[] }> {
  const byKey = byNamespacedName(proxies);
  return proxies
    .filter(
      p =>
        typeof p.spec?.virtualhost === 'object' && p.spec.virtualhost !== null,
    )
    .map(root => ({
      root,
      reached: reachFrom(root, byKey, ownProxyServices, proxyIncludes),
    }));
}

/** `namespace/name` of the Services of a VirtualServer's or VirtualServerRoute's upstreams (its namespace). */
function upstreamServices(route: K8sObject): string[] {
  return servicesInNamespace(
    route,
    listOf(route.spec?.upstreams).map(u => u?.service),
  );
}

/** The VirtualServerRoutes a VirtualServer's routes delegate to (`route: namespace/name` or `name`). */
function delegatedRoutes(vs: K8sObject): string[] {
  return listOf(vs.spec?.routes)
    .map(r => r?.route)
    .filter((r): r is string => typeof r === 'string' && r !== '')
    .map(r => (r.includes('/') ? r : key(namespaceOf(vs), r)));
}

/** Each VirtualServer with the VirtualServerRoutes its routes name. */
export function virtualServerTrees(
  servers: K8sObject[],
  routes: K8sObject[],
): Array<{ root: K8sObject; reached: ReachedRoute[] }> {
  const byKey = byNamespacedName(routes);
  return servers.map(root => ({
    root,
    reached: reachFrom(root, byKey, upstreamServices, route =>
      route === root ? delegatedRoutes(root) : [],
    ),
  }));
}

/** The F5 NGINX Ingress Controller's reason for not serving a route (state Invalid). */
export function nginxRouteRefused(route: K8sObject): string | undefined {
  if (route.status?.state !== 'Invalid') return undefined;
  return ['Invalid', route.status?.reason, route.status?.message]
    .filter(Boolean)
    .join(': ');
}

/**
 * A VirtualServer's class: spec.ingressClassName, else the NGINX Ingress Controller's class.
 */
export function virtualServerClass(
  vs: K8sObject,
  classes: K8sObject[],
): RouteClass {
  return classOfRoute(
    vs.spec?.ingressClassName,
    classes,
    controller => controller === NGINX_INC_CONTROLLER,
    'the NGINX Ingress Controller',
  );
}

/** One way in through a controller's own route kind: a root and what it delegates to. */
export interface ControllerRouteTree {
  /** The class of the root, which serves every route reached from it. */
  routeClass: RouteClass;
  /**
   * Each route reached, named (`HTTPProxy shop/api (included by edge/root)`), with its refusal,
   * or why whether the controller follows it cannot be told.
   */
  reached: ReachedEntry[];
}

export interface ReachedEntry {
  name: string;
  services: string[];
  refused?: string;
  /** What to do about the refusal, when it is not what the route's status reports. */
  refusedFix?: string;
  acceptanceUnknown?: string;
}

/**
 * A Traefik route object's Services, split by whether Traefik follows them: those in another
 * namespace only with allowCrossNamespace, and all of them when the way to this TraefikService
 * already crossed into another namespace (`crossedAt`).
 */
function traefikEntries(
  cluster: ClusterView,
  routeClass: RouteClass,
  name: string,
  reached: ReachedRoute,
): ReachedEntry[] {
  const { route: owner, services, crossedAt } = reached;
  const own = `${namespaceOf(owner)}/`;
  const across = crossedAt
    ? services
    : services.filter(s => !s.startsWith(own));
  if (across.length === 0) return [{ name, services }];
  const local = crossedAt ? [] : services.filter(s => s.startsWith(own));
  const policy: CrossNamespacePolicy = routeClass.name
    ? traefikCrossNamespace(cluster, routeClass.name)
    : { state: 'allowed' }; // no class: the entry is unknown for that already
  const crossing: ReachedEntry = { name, services: across };
  const where = crossedAt ? ` (reached through ${crossedAt})` : '';
  if (policy.state === 'refused') {
    crossing.refused = `${policy.reason}${where}`;
    crossing.refusedFix = policy.fix;
  } else if (policy.state === 'unknown')
    crossing.acceptanceUnknown = `${policy.reason}${where}`;
  return [...(local.length ? [{ name, services: local }] : []), crossing];
}

/**
 * The trees of every controller route kind in the cluster, built once per cluster: network-entry-path
 * follows them to Services, network-ingress-controller counts their roots as using the class.
 */
export const controllerRouteTrees = perCluster(
  (cluster: ClusterView): ControllerRouteTree[] => {
    const classes = cluster.list(INGRESS_CLASSES);
    const named = (kind: string, o: K8sObject) =>
      `${kind} ${namespaceOf(o)}/${o.metadata.name}`;
    const trees: ControllerRouteTree[] = [];
    const traefikServices = byNamespacedName(
      TRAEFIK_SERVICES.flatMap(k => cluster.list(k)),
    );
    for (const [routeKey, kind] of TRAEFIK_ROUTE_KINDS)
      for (const route of cluster.list(routeKey)) {
        const rootName = named(kind, route);
        // Only HTTP routes may send to TraefikServices.
        const reached = reachFrom(
          route,
          traefikServices,
          o =>
            (o === route ? routeReferences(o) : traefikServiceReferences(o))
              .services,
          o =>
            kind !== 'IngressRoute'
              ? []
              : (o === route ? routeReferences(o) : traefikServiceReferences(o))
                  .traefikServices,
        );
        const routeClass = ingressRouteClass(route, classes);
        trees.push({
          routeClass,
          reached: reached.flatMap(r =>
            traefikEntries(
              cluster,
              routeClass,
              r.route === route
                ? rootName
                : `${named('TraefikService', r.route)} (of ${rootName})`,
              r,
            ),
          ),
        });
      }
    const delegating = [
      {
        kind: 'HTTPProxy',
        childKind: 'HTTPProxy',
        via: 'included by',
        trees: httpProxyTrees(cluster.list(HTTP_PROXIES)),
        classOf: httpProxyClass,
        refusedOf: httpProxyRefused,
      },
      {
        kind: 'VirtualServer',
        childKind: 'VirtualServerRoute',
        via: 'of VirtualServer',
        trees: virtualServerTrees(
          cluster.list(VIRTUAL_SERVERS),
          cluster.list(VIRTUAL_SERVER_ROUTES),
        ),
        classOf: virtualServerClass,
        refusedOf: nginxRouteRefused,
      },
      {
        kind: 'TransportServer',
        childKind: 'TransportServer',
        via: 'of',
        // A TransportServer delegates nothing: it is a tree of one.
        trees: cluster.list(TRANSPORT_SERVERS).map(root => ({
          root,
          reached: [{ route: root, services: upstreamServices(root) }],
        })),
        classOf: virtualServerClass,
        refusedOf: nginxRouteRefused,
      },
    ];
    for (const {
      kind,
      childKind,
      via,
      trees: kindTrees,
      classOf,
      refusedOf,
    } of delegating)
      for (const { root, reached } of kindTrees) {
        const rootName = named(kind, root);
        const rootRef = `${namespaceOf(root)}/${root.metadata.name}`;
        trees.push({
          routeClass: classOf(root, classes),
          reached: reached.map(({ route, services }) => {
            const refused = refusedOf(route) ?? refusedOf(root);
            return {
              name:
                route === root
                  ? rootName
                  : `${named(childKind, route)} (${via} ${rootRef})`,
              services,
              ...(refused ? { refused } : {}),
            };
          }),
        });
      }
    return trees;
  },
);
