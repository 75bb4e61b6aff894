/** The GatewayClass of a Gateway: which controller serves it, or why that is not known. */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';

/** The Gateway API group (Gateways, GatewayClasses, routes, ListenerSets, ReferenceGrants). */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

export const GATEWAY_CLASSES = 'gatewayclasses.gateway.networking.k8s.io';

export interface GatewayClassInfo {
  /** spec.gatewayClassName. */
  name?: string;
  /** The class's spec.controllerName. */
  controller?: string;
  /** Why the controller is not known (completes "…; its GatewayClass …"). */
  missing?: string;
}

export function gatewayClassOf(
  cluster: ClusterView,
  gateway: K8sObject,
): GatewayClassInfo {
  const name =
    typeof gateway.spec?.gatewayClassName === 'string'
      ? gateway.spec.gatewayClassName
      : undefined;
  if (!name) return { missing: 'is not named (no spec.gatewayClassName)' };
  if (cluster.fetchState(GATEWAY_CLASSES).status !== 'ok')
    return {
      name,
      missing: `${name} could not be read (${cluster.unavailable(
        GATEWAY_CLASSES,
      )})`,
    };
  const gatewayClass = cluster.get(GATEWAY_CLASSES, undefined, name);
  if (!gatewayClass) return { name, missing: `${name} was not found` };
  const controller = gatewayClass.spec?.controllerName;
  return typeof controller === 'string' && controller !== ''
    ? { name, controller }
    : { name, missing: `${name} names no controller` };
}
