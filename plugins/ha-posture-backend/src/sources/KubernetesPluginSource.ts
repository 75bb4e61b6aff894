import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { createFetchTransport, Transport } from '@ha-posture/plugin-ha-posture-node';
import { ClusterSource, SourceCluster } from './types';

/**
 * Reads clusters through the Kubernetes plugin: its cluster list (`GET /clusters`) and its proxy
 * (`/proxy/<path>` with `Backstage-Kubernetes-Cluster`), with a plugin-to-plugin service token.
 * Cluster URLs and credentials stay in the Kubernetes plugin's config only.
 */
export class KubernetesPluginSource implements ClusterSource {
  readonly type = 'kubernetes' as const;

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      requestTimeoutMs: number;
      fetchImpl?: typeof fetch;
    },
  ) {}

  async listClusters(): Promise<SourceCluster[]> {
    const baseUrl = await this.deps.discovery.getBaseUrl('kubernetes');
    const response = await (this.deps.fetchImpl ?? fetch)(`${baseUrl}/clusters`, {
      headers: await this.authHeaders(),
      signal: AbortSignal.timeout(this.deps.requestTimeoutMs),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = (await response.json()) as { items?: Array<{ name: string; title?: string }> };
    return (body.items ?? []).map(item => ({ name: item.name, title: item.title }));
  }

  transportFor(cluster: SourceCluster): Transport {
    let inner: Promise<Transport> | undefined;
    return async request => {
      inner ??= this.deps.discovery.getBaseUrl('kubernetes').then(baseUrl =>
        createFetchTransport({
          baseUrl: `${baseUrl}/proxy`,
          timeoutMs: this.deps.requestTimeoutMs,
          fetchImpl: this.deps.fetchImpl,
          headers: async () => ({
            ...(await this.authHeaders()),
            'Backstage-Kubernetes-Cluster': cluster.name,
          }),
        }),
      );
      return (await inner)(request);
    };
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'kubernetes',
    });
    return { Authorization: `Bearer ${token}` };
  }
}
