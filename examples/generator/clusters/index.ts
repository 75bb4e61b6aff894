/** Every example cluster, in port order. */
import { Cluster } from '../lib/cluster';
import { buildDevK3s } from './dev-k3s';
import { buildProdEu } from './prod-eu';
import { buildProdUs } from './prod-us';
import { buildStagingEu } from './staging-eu';

export const CLUSTERS: Array<() => Cluster> = [
  buildProdEu,
  buildProdUs,
  buildStagingEu,
  buildDevK3s,
];
