/**
 * The route kinds of ingress controllers that have their own: Traefik's IngressRoute
 * (traefik.io) and Contour's HTTPProxy (projectcontour.io). Both are served by the same pods as
 * the controller's Ingresses, so each route is given the IngressClass of its controller and shares
 * that class's verdict (network-ingress-controller).
 */
import { K8sObject } from '../../model/snapshot';
import { isContourController } from './ingressClass';

/** IngressRoutes by resource key: traefik.io since Traefik 2.10, traefik.containo.us before (and until 3.0). */
export const INGRESS_ROUTES = [
  'ingressroutes.traefik.io',
  'ingressroutes.traefik.containo.us',
] as const;
export const HTTP_PROXIES = 'httpproxies.projectcontour.io';
/** The controller Traefik's IngressClass names (doc.traefik.io, Kubernetes Ingress provider). */
export const TRAEFIK_CONTROLLER = 'traefik.io/ingress-controller';

const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);
const namespaceOf = (obj: K8sObject) => obj.metadata.namespace ?? 'default';
const key = (namespace: string, name: string) => `${namespace}/${name}`;
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

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
  const byDefault = candidates.find(
    c =>
      c.metadata.annotations?.[
        'ingressclass.kubernetes.io/is-default-class'
      ] === 'true',
  );
  if (byDefault) return { name: byDefault.metadata.name };
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

/** `namespace/name` of the Services an IngressRoute's routes send to (TraefikServices are not followed). */
export function ingressRouteBackends(route: K8sObject): string[] {
  const keys = new Set<string>();
  for (const r of list(route.spec?.routes))
    for (const service of list(r?.services)) {
      if ((service?.kind ?? 'Service') !== 'Service') continue;
      if (typeof service.name === 'string')
        keys.add(key(service.namespace ?? namespaceOf(route), service.name));
    }
  return [...keys];
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

/** One HTTPProxy reached from a root, and the Services its own routes send to. */
export interface ReachedProxy {
  proxy: K8sObject;
  /** `namespace/name` of the Services of its routes and TCP proxy (in its own namespace). */
  services: string[];
}

function ownServices(proxy: K8sObject): string[] {
  const names = [
    ...list(proxy.spec?.routes).flatMap(r => list(r?.services)),
    ...list(proxy.spec?.tcpproxy?.services),
  ].map(s => s?.name);
  return [
    ...new Set(
      names
        .filter((n): n is string => typeof n === 'string')
        .map(n => key(namespaceOf(proxy), n)),
    ),
  ];
}

function includesOf(proxy: K8sObject): string[] {
  const tcp = proxy.spec?.tcpproxy;
  return [
    ...list(proxy.spec?.includes),
    ...(tcp?.include ? [tcp.include] : []),
    ...list(tcp?.includes),
  ]
    .filter(i => typeof i?.name === 'string')
    .map(i => key(i.namespace ?? namespaceOf(proxy), i.name));
}

/**
 * The HTTPProxies traffic reaches from each root (one with spec.virtualhost): the root, then what
 * it includes, transitively (a loop is followed once). A proxy no root includes serves nothing.
 */
export function httpProxyTrees(
  proxies: K8sObject[],
): Array<{ root: K8sObject; reached: ReachedProxy[] }> {
  const byKey = new Map(
    proxies.map(p => [key(namespaceOf(p), p.metadata.name), p]),
  );
  return proxies
    .filter(
      p =>
        typeof p.spec?.virtualhost === 'object' && p.spec.virtualhost !== null,
    )
    .map(root => {
      const seen = new Set<K8sObject>();
      const reached: ReachedProxy[] = [];
      const visit = (proxy: K8sObject) => {
        if (seen.has(proxy)) return;
        seen.add(proxy);
        reached.push({ proxy, services: ownServices(proxy) });
        for (const included of includesOf(proxy)) {
          const child = byKey.get(included);
          if (child) visit(child);
        }
      };
      visit(root);
      return { root, reached };
    });
}
