import type { KubeConfig } from '@kubernetes/client-node';
import nodeFetch from 'node-fetch';
import { createFetchTransport, Transport } from '@ha-posture/plugin-ha-posture-node';
import { ClusterSource, SourceCluster } from './types';

/** One entry of `haPosture.clusters`. */
export interface ConfiguredCluster {
  name: string;
  title?: string;
  url?: string;
  serviceAccountToken?: string;
  kubeconfig?: string;
  context?: string;
  skipTLSVerify?: boolean;
  caData?: string;
}

/**
 * Reads clusters listed in `haPosture.clusters` directly, for installations without the
 * Kubernetes plugin. TLS and credentials are handled by @kubernetes/client-node's KubeConfig
 * (the same library the Kubernetes plugin uses), so kubeconfig files with exec plugins,
 * client certificates or CA bundles behave as with kubectl.
 */
export class ConfigClusterSource implements ClusterSource {
  readonly type = 'config' as const;

  constructor(
    private readonly clusters: ConfiguredCluster[],
    private readonly requestTimeoutMs: number,
  ) {}

  async listClusters(): Promise<SourceCluster[]> {
    return this.clusters.map(({ name, title }) => ({ name, title }));
  }

  transportFor(cluster: SourceCluster): Transport {
    const configured = this.clusters.find(c => c.name === cluster.name);
    if (!configured) {
      throw new Error(`Cluster '${cluster.name}' is not configured under haPosture.clusters`);
    }
    let inner: Promise<Transport> | undefined;
    return async request => {
      inner ??= toKubeConfig(configured).then(async kubeConfig => {
        const init = await kubeConfig.applyToFetchOptions({});
        const base = init as { agent?: unknown; headers?: Record<string, string> };
        return createFetchTransport({
          baseUrl: kubeConfig.getCurrentCluster()!.server,
          timeoutMs: this.requestTimeoutMs,
          headers: () => ({ ...(base.headers ?? {}) }),
          // node-fetch takes the TLS agent KubeConfig prepared (CA, client certs, skipTLSVerify).
          fetchImpl: ((url: string, options: any) =>
            nodeFetch(url, { ...options, agent: base.agent })) as unknown as typeof fetch,
        });
      });
      return (await inner)(request);
    };
  }
}

/** Builds a KubeConfig for one configured cluster; throws a clear error on bad config. */
export async function toKubeConfig(cluster: ConfiguredCluster): Promise<KubeConfig> {
  // @kubernetes/client-node is ESM-only: load it on first use (as the Kubernetes plugin does).
  const { KubeConfig: KubeConfigClass } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfigClass();
  if (cluster.kubeconfig) {
    kubeConfig.loadFromFile(cluster.kubeconfig);
    if (cluster.context) kubeConfig.setCurrentContext(cluster.context);
  } else if (cluster.url) {
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          skipTLSVerify: cluster.skipTLSVerify ?? false,
          caData: cluster.caData,
        },
      ],
      users: [{ name: cluster.name, token: cluster.serviceAccountToken }],
      contexts: [{ name: cluster.name, cluster: cluster.name, user: cluster.name }],
      currentContext: cluster.name,
    });
  } else {
    throw new Error(
      `haPosture.clusters entry '${cluster.name}' needs either 'url' or 'kubeconfig'`,
    );
  }
  if (!kubeConfig.getCurrentCluster()?.server) {
    throw new Error(`haPosture.clusters entry '${cluster.name}' has no API server URL`);
  }
  return kubeConfig;
}
