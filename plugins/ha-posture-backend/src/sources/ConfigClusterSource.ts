import type { KubeConfig } from '@kubernetes/client-node';
import {
  createKubeConfigTransport,
  importClientNode,
  loadKubeConfig,
  Transport,
} from '@ha-posture/plugin-ha-posture-node';
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
      throw new Error(
        `Cluster '${cluster.name}' is not configured under haPosture.clusters`,
      );
    }
    // The KubeConfig is built on the first request, so a bad entry fails that cluster's refresh only.
    return createKubeConfigTransport({
      kubeConfig: () => toKubeConfig(configured),
      timeoutMs: this.requestTimeoutMs,
    });
  }
}

/** Builds a KubeConfig for one configured cluster; throws a clear error on bad config. */
export async function toKubeConfig(
  cluster: ConfiguredCluster,
): Promise<KubeConfig> {
  const where = `haPosture.clusters entry '${cluster.name}'`;
  if (cluster.kubeconfig) {
    // Missing file, unknown context (naming the available ones), no server URL: one clear line.
    try {
      return await loadKubeConfig({
        file: cluster.kubeconfig,
        context: cluster.context,
      });
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }
  if (!cluster.url) {
    throw new Error(`${where} needs either 'url' or 'kubeconfig'`);
  }
  // @kubernetes/client-node is ESM-only: loaded on first use (as the Kubernetes plugin does).
  const { KubeConfig: KubeConfigClass } = await importClientNode();
  const kubeConfig = new KubeConfigClass();
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
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: cluster.name },
    ],
    currentContext: cluster.name,
  });
  return kubeConfig;
}
