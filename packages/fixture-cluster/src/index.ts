/**
 * Serves example Kubernetes cluster dumps over the real Kubernetes REST API
 * (read-only, one port per cluster), with fault injection and request
 * counting. For the demo, tests and benchmarks; never for production code.
 */
export { startFixtureFleet } from './fleet';
export type { FixtureFleet, FixtureFleetOptions, FleetCluster } from './fleet';
export { loadClustersDir, loadObjectsDir, parseManifests } from './load';
export type {
  ClusterSpec,
  ClusterVersionInfo,
  LoadedClusters,
  ParsedManifests,
} from './load';
export { loadFaultsFile, validateFaultRules } from './faults';
export type { FaultRule, FaultRuleState } from './faults';
export type { RequestLog, RequestLogEntry } from './requestLog';
export { FixtureConfigError } from './errors';
