/** Gateway API objects: GatewayClasses and Gateways with the status their controller reports. */
import { K8sObject } from '../model/snapshot';
import { k8sObject } from './builders';

export function gatewayClass(name: string, controllerName: string): K8sObject {
  return k8sObject('gateway.networking.k8s.io/v1', 'GatewayClass', name, {
    cluster: true,
    spec: { controllerName },
    status: {
      conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }],
    },
  });
}

export interface GatewayOptions {
  namespace?: string;
  /** Routes attached to its one listener (default 1); `null` reports no listener status. */
  attachedRoutes?: number | null;
  /** status.addresses values (IPs or hostnames). */
  addresses?: string[];
  /**
   * Its one listener's allowedRoutes; default `{ namespaces: { from: 'All' } }`, as a Gateway
   * shared by the namespaces of its routes has. `null` leaves it out (only its own namespace).
   */
  allowedRoutes?: Record<string, unknown> | null;
  /** Its one listener's hostname (default none: any). */
  hostname?: string;
  /** Its one listener's protocol (default HTTP). */
  protocol?: string;
  /** Conditions; default Accepted and Programmed True. */
  conditions?: Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }>;
}

export function gateway(
  name: string,
  className: string,
  options: GatewayOptions = {},
): K8sObject {
  const attached =
    options.attachedRoutes === undefined ? 1 : options.attachedRoutes;
  return k8sObject('gateway.networking.k8s.io/v1', 'Gateway', name, {
    namespace: options.namespace ?? 'default',
    spec: {
      gatewayClassName: className,
      listeners: [
        {
          name: 'http',
          protocol: options.protocol ?? 'HTTP',
          port: 80,
          ...(options.hostname ? { hostname: options.hostname } : {}),
          ...(options.allowedRoutes === null
            ? {}
            : {
                allowedRoutes: options.allowedRoutes ?? {
                  namespaces: { from: 'All' },
                },
              }),
        },
      ],
    },
    status: {
      addresses: (options.addresses ?? []).map(value => ({
        type: /^[\d.:]+$/.test(value) ? 'IPAddress' : 'Hostname',
        value,
      })),
      conditions: options.conditions ?? [
        { type: 'Accepted', status: 'True', reason: 'Accepted' },
        { type: 'Programmed', status: 'True', reason: 'Programmed' },
      ],
      ...(attached === null
        ? {}
        : {
            listeners: [
              {
                name: 'http',
                attachedRoutes: attached,
                conditions: [],
                supportedKinds: [],
              },
            ],
          }),
    },
  });
}

/** A reference in a route's parentRefs or backendRefs; group and kind as written (defaults apply when absent). */
export interface RouteReference {
  name: string;
  namespace?: string;
  group?: string;
  kind?: string;
  sectionName?: string;
  port?: number;
}

export interface RouteOptions {
  namespace?: string;
  /** Default HTTPRoute. */
  kind?: 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'UDPRoute';
  parents: RouteReference[];
  backends: RouteReference[];
  /** spec.hostnames (default none). */
  hostnames?: string[];
  /** status.parents: the Accepted condition each named parent reports (default: no status). */
  accepted?: Record<string, { status: 'True' | 'False'; reason?: string }>;
}

/** A Gateway API route (HTTPRoute by default) with one rule sending to `backends`. */
export function route(name: string, options: RouteOptions): K8sObject {
  const namespace = options.namespace ?? 'default';
  return k8sObject(
    'gateway.networking.k8s.io/v1',
    options.kind ?? 'HTTPRoute',
    name,
    {
      namespace,
      spec: {
        ...(options.hostnames ? { hostnames: options.hostnames } : {}),
        parentRefs: options.parents,
        rules: [
          { backendRefs: options.backends.map(ref => ({ port: 80, ...ref })) },
        ],
      },
      ...(options.accepted
        ? {
            status: {
              parents: options.parents
                .filter(parent => options.accepted![parent.name])
                .map(parent => ({
                  parentRef: {
                    ...(parent.kind ? { kind: parent.kind } : {}),
                    name: parent.name,
                    namespace: parent.namespace ?? namespace,
                  },
                  controllerName: 'example.com/gateway',
                  conditions: [
                    { type: 'Accepted', ...options.accepted![parent.name] },
                  ],
                })),
            },
          }
        : {}),
    },
  );
}

/**
 * A ListenerSet whose spec.parentRef is `gateway` (`namespace/name` or a name in its own
 * namespace), with `attachedRoutes` routes on its one listener and its Accepted condition.
 */
export function listenerSet(
  name: string,
  options: {
    namespace?: string;
    gateway: string;
    attachedRoutes?: number;
    accepted?: { status: 'True' | 'False'; reason?: string; message?: string };
  },
): K8sObject {
  const [gatewayNamespace, gatewayName] = options.gateway.includes('/')
    ? options.gateway.split('/')
    : [undefined, options.gateway];
  return k8sObject('gateway.networking.k8s.io/v1', 'ListenerSet', name, {
    namespace: options.namespace ?? 'default',
    spec: {
      parentRef: {
        name: gatewayName,
        ...(gatewayNamespace ? { namespace: gatewayNamespace } : {}),
      },
      listeners: [{ name: 'tls', protocol: 'HTTPS', port: 443 }],
    },
    status: {
      conditions: [
        { type: 'Accepted', ...(options.accepted ?? { status: 'True' }) },
      ],
      listeners: [
        {
          name: 'tls',
          attachedRoutes: options.attachedRoutes ?? 1,
          conditions: [],
          supportedKinds: [],
        },
      ],
    },
  });
}

/** A ReferenceGrant in `namespace` letting routes of `fromKind` in `fromNamespace` send to Services (all, or `service`). */
export function referenceGrant(
  namespace: string,
  fromKind: string,
  fromNamespace: string,
  service?: string,
): K8sObject {
  return k8sObject(
    'gateway.networking.k8s.io/v1beta1',
    'ReferenceGrant',
    `from-${fromNamespace}`,
    {
      namespace,
      spec: {
        from: [
          {
            group: 'gateway.networking.k8s.io',
            kind: fromKind,
            namespace: fromNamespace,
          },
        ],
        to: [
          { group: '', kind: 'Service', ...(service ? { name: service } : {}) },
        ],
      },
    },
  );
}
