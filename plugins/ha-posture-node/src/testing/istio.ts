/** Istio's ingress configuration: Gateways (selecting gateway pods) and VirtualServices bound to them. */
import { K8sObject } from '../model/snapshot';
import { k8sObject } from './builders';

export function istioGateway(
  name: string,
  namespace: string,
  selector: Record<string, string> = { istio: 'ingressgateway' },
): K8sObject {
  return k8sObject('networking.istio.io/v1', 'Gateway', name, {
    namespace,
    spec: {
      selector,
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] },
      ],
    },
  });
}

/** A VirtualService bound to `gateways`, with one HTTP route to each host. */
export function virtualService(
  name: string,
  namespace: string,
  gateways: string[],
  hosts: string[],
): K8sObject {
  return k8sObject('networking.istio.io/v1', 'VirtualService', name, {
    namespace,
    spec: {
      hosts: [`${name}.example.com`],
      gateways,
      http: hosts.map(host => ({ route: [{ destination: { host } }] })),
    },
  });
}
