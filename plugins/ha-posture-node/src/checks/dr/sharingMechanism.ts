/** The ways a cluster can share a Service with other clusters (dr-traffic-failover). */
import { K8sObject } from '../../model/snapshot';

/** A way of sharing a Service across clusters; only clusters sharing the same way reach each other. */
export interface SharingMechanism {
  id:
    | 'mcs'
    | 'gke-mcs'
    | 'cilium-global'
    | 'linkerd-federated'
    | 'k8gb'
    | 'istio-multi-network';
  /** How messages name it. */
  label: string;
  /** How clients in another cluster reach the shared Service. */
  clientNote: (service: K8sObject) => string;
}

/** A Service shared one way by one cluster. */
export interface ServiceSharing {
  mechanism: SharingMechanism;
  /** Undefined when this cluster's endpoints are shared; else why they are not. */
  problem?: string;
  /** Worth saying even when shared (an export conflict the controller resolved). */
  note?: string;
}
