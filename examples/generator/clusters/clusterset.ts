/**
 * The Multi-Cluster Services clusterset of prod-eu and prod-us: the ServiceImports its controller
 * creates in both clusters for every Service either exports (cart only from prod-eu).
 */
import { addServiceImport } from '../builders/multicluster';
import { Cluster } from '../lib/cluster';

const CLUSTERSET_SERVICES = [
  {
    name: 'checkout',
    namespace: 'shop',
    ip: '242.1.0.12',
    clusters: ['prod-eu', 'prod-us'],
  },
  { name: 'cart', namespace: 'shop', ip: '242.1.0.14', clusters: ['prod-eu'] },
  {
    name: 'payments-api',
    namespace: 'payments',
    ip: '242.1.0.21',
    clusters: ['prod-eu', 'prod-us'],
  },
];

export function addClustersetImports(c: Cluster): void {
  for (const service of CLUSTERSET_SERVICES)
    addServiceImport(c, { ...service, imported: '190d' });
}
