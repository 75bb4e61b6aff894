/**
 * Test utilities for checks: object builders with consistent owner chains, and a harness that
 * builds a ClusterView and runs one check like the engine. Not part of the public package API.
 */
export * from './builders';
export * from './harness';
export * from './flavorClusters';
export * from './storage';
export * from './backups';
export * from './monitoring';
export * from './logging';
export * from './operators';
export * from './gateways';
export * from './istio';
export * from './controllerRoutes';
