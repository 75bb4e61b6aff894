/**
 * What a Gateway's controller says of it in status.conditions: Accepted and Programmed False mean
 * its listeners carry nothing; Unknown (the Pending default) means no controller has judged it yet.
 */
import { K8sObject } from '../../model/snapshot';
import { conditionOf } from '../util';

/**
 * Programmed False for these reasons means no address was assigned (a LoadBalancer still pending)
 * or it cannot be used. For an in-cluster data plane the proxies may well run and serve through
 * node ports, so they are judged too; a cloud data path has nothing else.
 */
const ADDRESS_REASONS: ReadonlySet<string> = new Set([
  'AddressNotAssigned',
  'AddressNotUsable',
]);

export interface GatewayStatusProblem {
  /**
   * `address`: no usable address, judged beside the data plane; `rejected`: Accepted or
   * Programmed False; `pending`: no verdict yet.
   */
  kind: 'address' | 'rejected' | 'pending';
  /** Completes "Gateway ns/name (class …) …". */
  message: string;
}

/** The first problem the Gateway's conditions report, or undefined when it is accepted and programmed. */
export function gatewayStatusProblem(
  gateway: K8sObject,
): GatewayStatusProblem | undefined {
  for (const type of ['Accepted', 'Programmed']) {
    const condition = conditionOf(gateway, type);
    const why = [condition?.reason, condition?.message]
      .filter(Boolean)
      .join(': ');
    const quoted = why ? ` (${why})` : '';
    if (
      condition?.status === 'False' &&
      type === 'Programmed' &&
      ADDRESS_REASONS.has(condition.reason)
    )
      return {
        kind: 'address',
        message: `has no usable address from its controller${quoted}: clients cannot reach it there`,
      };
    if (condition?.status === 'False')
      return {
        kind: 'rejected',
        message: `is not ${type.toLowerCase()} by its controller${quoted}: its listeners carry no traffic`,
      };
    if (condition?.status === 'Unknown')
      return {
        kind: 'pending',
        message: `has no ${type} verdict from a controller yet${quoted}: is the controller of its class running?`,
      };
  }
  return undefined;
}
