/** The ways a cluster can share a Service with other clusters (dr-traffic-failover). */
import { K8sObject } from '../../model/snapshot';

/** A way of sharing a Service across clusters. */
export interface SharingMechanism {
  /**
   * Which clusters can reach each other: those sharing a Service with the same key (`mcs`;
   * `k8gb shop.example.com` for one set of hosts, `istio mesh1` for one mesh).
   */
  key: string;
  /** How messages name it. */
  label: string;
  /** How clients in another cluster reach the shared Service. */
  clientNote: (service: K8sObject) => string;
  /**
   * Whether it answers clients by a public name (DNS: k8gb, Route 53) rather than by the Service's
   * own name: such a sharing by any of the entity's Services in a cluster counts for all of them.
   */
  byName?: true;
}

/** A Service shared one way by one cluster. */
export interface ServiceSharing {
  mechanism: SharingMechanism;
  /** Undefined when this cluster's endpoints are shared; else why they are not. */
  problem?: string;
  /** Worth saying even when shared (an export conflict the controller resolved). */
  note?: string;
  /**
   * Values that must differ between the clusters sharing this way (a Route 53 record's
   * set-identifier): a cluster repeating another's does not count.
   */
  unique?: Array<{ field: string; value: string }>;
}
