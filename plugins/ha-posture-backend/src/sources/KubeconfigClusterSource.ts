import {
  createKubeConfigTransport,
  kubeConfigContexts,
  loadKubeConfig,
  Transport,
} from '@ha-posture/plugin-ha-posture-node';
import { ClusterSource, SourceCluster } from './types';

/** `haPosture.kubeconfig`. */
export interface KubeconfigSourceOptions {
  /** The kubeconfig file; default: $KUBECONFIG, else ~/.kube/config, else the in-cluster service account. */
  file?: string;
  /** The contexts to read, each one cluster named after it; default: every context of the file. */
  contexts?: string[];
  requestTimeoutMs: number;
  /** Environment for the default kubeconfig (tests). Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * `haPosture.source: kubeconfig`: the clusters of a kubeconfig, one per context, read directly
 * (for backends without the Kubernetes plugin, and to reuse what kubectl already uses). The file
 * is read on every refresh, so a context added to it is picked up without a restart.
 */
export class KubeconfigClusterSource implements ClusterSource {
  readonly type = 'kubeconfig' as const;

  constructor(private readonly options: KubeconfigSourceOptions) {}

  async listClusters(): Promise<SourceCluster[]> {
    const names =
      this.options.contexts ??
      (await kubeConfigContexts({
        file: this.options.file,
        env: this.options.env,
      }));
    return names.map(name => ({ name }));
  }

  transportFor(cluster: SourceCluster): Transport {
    // Loaded on the first request: a context that is missing or has no server fails its cluster only.
    return createKubeConfigTransport({
      kubeConfig: () =>
        loadKubeConfig({
          file: this.options.file,
          context: cluster.name,
          env: this.options.env,
        }),
      timeoutMs: this.options.requestTimeoutMs,
    });
  }
}
