import { HaCheck } from '../../model';
import { networkCniReady } from './network-cni-ready';
import { networkDnsReplicas } from './network-dns-replicas';
import { networkEntryPath } from './network-entry-path';
import { networkGatewayDataPlane } from './network-gateway-data-plane';
import { networkIngressController } from './network-ingress-controller';
import { networkLoadbalancerProvisioned } from './network-loadbalancer-provisioned';
import { networkServiceEndpoints } from './network-service-endpoints';
import { networkServiceLocalTraffic } from './network-service-local-traffic';
import { networkServiceReadyOnly } from './network-service-ready-only';
import { networkServiceSelectsPods } from './network-service-selects-pods';

/** Built-in checks of the `network` category. */
export const networkChecks: HaCheck[] = [
  networkCniReady,
  networkDnsReplicas,
  networkEntryPath,
  networkGatewayDataPlane,
  networkIngressController,
  networkLoadbalancerProvisioned,
  networkServiceEndpoints,
  networkServiceLocalTraffic,
  networkServiceReadyOnly,
  networkServiceSelectsPods,
];
