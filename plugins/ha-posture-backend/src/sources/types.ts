import { Transport } from '@ha-posture/plugin-ha-posture-node';

/** A cluster as a source names it. */
export interface SourceCluster {
  name: string;
  title?: string;
}

/**
 * Where cluster objects come from. `listClusters` failing aborts a refresh without touching stored
 * data; a transport failing only affects its cluster.
 */
export interface ClusterSource {
  readonly type: 'kubernetes' | 'config' | 'kubeconfig';
  listClusters(): Promise<SourceCluster[]>;
  transportFor(cluster: SourceCluster): Transport;
}

/** Collector tuning shared by all sources. */
export interface CollectorOptions {
  concurrency: number;
  requestTimeoutMs: number;
  pageSize: number;
  retries: number;
}
