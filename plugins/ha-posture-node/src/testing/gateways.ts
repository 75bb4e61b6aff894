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
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
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
