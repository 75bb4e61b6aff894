/** Traefik IngressRoutes and Contour HTTPProxies, in the shapes of their CRDs. */
import { K8sObject } from '../model/snapshot';
import { k8sObject } from './builders';

/** An IngressRoute (traefik.io/v1alpha1) with one route to each Service (`name` or `namespace/name`). */
export function ingressRoute(
  name: string,
  namespace: string,
  services: string[],
  options: { ingressClass?: string } = {},
): K8sObject {
  return k8sObject('traefik.io/v1alpha1', 'IngressRoute', name, {
    namespace,
    annotations: options.ingressClass
      ? { 'kubernetes.io/ingress.class': options.ingressClass }
      : undefined,
    spec: {
      entryPoints: ['websecure'],
      routes: services.map(s => {
        const [ns, svc] = s.includes('/') ? s.split('/') : [undefined, s];
        return {
          match: `Host(\`${name}.example.com\`)`,
          kind: 'Rule',
          services: [{ name: svc, port: 80, ...(ns ? { namespace: ns } : {}) }],
        };
      }),
    },
  });
}

/** A TraefikService (traefik.io/v1alpha1) with the given spec (`weighted` or `mirroring`). */
export function traefikService(
  name: string,
  namespace: string,
  spec: object,
): K8sObject {
  return k8sObject('traefik.io/v1alpha1', 'TraefikService', name, {
    namespace,
    spec,
  });
}

export interface HttpProxyOptions {
  /** A root proxy has a virtual host; an included one has none. */
  fqdn?: string;
  ingressClassName?: string;
  /** Services of its routes, in its namespace. */
  services?: string[];
  /** Proxies it includes (`name` or `namespace/name`). */
  includes?: string[];
  /** status.currentStatus, e.g. `valid`, `invalid`, `orphaned`. */
  currentStatus?: string;
  description?: string;
}

/** An HTTPProxy (projectcontour.io/v1). */
export function httpProxy(
  name: string,
  namespace: string,
  options: HttpProxyOptions = {},
): K8sObject {
  return k8sObject('projectcontour.io/v1', 'HTTPProxy', name, {
    namespace,
    spec: {
      ...(options.fqdn ? { virtualhost: { fqdn: options.fqdn } } : {}),
      ...(options.ingressClassName
        ? { ingressClassName: options.ingressClassName }
        : {}),
      ...(options.services
        ? {
            routes: options.services.map(s => ({
              conditions: [{ prefix: '/' }],
              services: [{ name: s, port: 80 }],
            })),
          }
        : {}),
      ...(options.includes
        ? {
            includes: options.includes.map(i => {
              const [ns, n] = i.includes('/') ? i.split('/') : [undefined, i];
              return { name: n, ...(ns ? { namespace: ns } : {}) };
            }),
          }
        : {}),
    },
    status: options.currentStatus
      ? {
          currentStatus: options.currentStatus,
          description: options.description ?? '',
        }
      : undefined,
  });
}

/** A VirtualServer (k8s.nginx.org/v1): one upstream per Service, and a route to each VirtualServerRoute in `routes`. */
export function virtualServer(
  name: string,
  namespace: string,
  options: {
    services?: string[];
    routes?: string[];
    ingressClassName?: string;
    state?: string;
  } = {},
): K8sObject {
  return k8sObject('k8s.nginx.org/v1', 'VirtualServer', name, {
    namespace,
    spec: {
      host: `${name}.example.com`,
      ...(options.ingressClassName
        ? { ingressClassName: options.ingressClassName }
        : {}),
      upstreams: (options.services ?? []).map(s => ({
        name: s,
        service: s,
        port: 80,
      })),
      routes: [
        ...(options.services ?? []).map(s => ({
          path: `/${s}`,
          action: { pass: s },
        })),
        ...(options.routes ?? []).map(r => ({ path: `/${r}`, route: r })),
      ],
    },
    status: options.state
      ? {
          state: options.state,
          reason: 'AddedOrUpdatedWithError',
          message: 'upstream not found',
        }
      : undefined,
  });
}

/** A VirtualServerRoute (k8s.nginx.org/v1) with one upstream per Service. */
export function virtualServerRoute(
  name: string,
  namespace: string,
  services: string[],
): K8sObject {
  return k8sObject('k8s.nginx.org/v1', 'VirtualServerRoute', name, {
    namespace,
    spec: {
      host: 'shop.example.com',
      upstreams: services.map(s => ({ name: s, service: s, port: 80 })),
      subroutes: services.map(s => ({ path: `/${s}`, action: { pass: s } })),
    },
  });
}
