export type {
  Transport,
  TransportFailure,
  TransportRequest,
  TransportResponse,
} from './transport';
export { TransportError } from './transport';
export type { FetchTransportOptions } from './fetchTransport';
export { createFetchTransport } from './fetchTransport';
export type {
  CollectClusterOptions,
  CollectClusterResult,
  CollectStats,
} from './collectCluster';
export { collectCluster } from './collectCluster';
export { projectObject } from './project';
export type {
  KubeConfigTransportOptions,
  LoadKubeConfigOptions,
} from './kubeConfigTransport';
export {
  createKubeConfigTransport,
  importClientNode,
  KubeConfigError,
  kubeConfigContexts,
  loadKubeConfig,
} from './kubeConfigTransport';
