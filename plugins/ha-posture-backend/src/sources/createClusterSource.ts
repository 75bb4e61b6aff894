import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { HaPostureConfig } from '../config/readHaPostureConfig';
import { ConfigClusterSource } from './ConfigClusterSource';
import { KubeconfigClusterSource } from './KubeconfigClusterSource';
import { KubernetesPluginSource } from './KubernetesPluginSource';
import { ClusterSource } from './types';

/** The ClusterSource `haPosture.source` names. */
export function createClusterSource(
  config: HaPostureConfig,
  deps: { discovery: DiscoveryService; auth: AuthService },
): ClusterSource {
  const requestTimeoutMs = config.collector.requestTimeoutMs;
  switch (config.source) {
    case 'config':
      return new ConfigClusterSource(config.clusters, requestTimeoutMs);
    case 'kubeconfig':
      return new KubeconfigClusterSource({
        ...config.kubeconfig,
        requestTimeoutMs,
      });
    default:
      return new KubernetesPluginSource({
        discovery: deps.discovery,
        auth: deps.auth,
        requestTimeoutMs,
      });
  }
}
