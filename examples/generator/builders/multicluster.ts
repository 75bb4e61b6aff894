/**
 * Multi-Cluster Services: the MCS API CRDs and ServiceExports that share a
 * Service with the other clusters of the clusterset (the status is what the
 * MCS controller writes once it accepted the export).
 */
import { Cluster, K8s } from '../lib/cluster';
import { Duration } from '../lib/time';
import { addCrds } from './crds';
import { meta } from './meta';

export function addMcsApi(c: Cluster, created: Duration): void {
  addCrds(c, ['mcs/serviceexports', 'mcs/serviceimports'], created);
}

/** A ServiceExport of Service `namespace/name`, accepted `exported` ago. */
export function addServiceExport(
  c: Cluster,
  o: { name: string; namespace: string; exported: Duration },
): K8s {
  const since = c.ago(o.exported);
  const condition = (type: string, status: string, reason: string) => ({
    type,
    status,
    reason,
    message: '',
    lastTransitionTime: since,
    observedGeneration: 1,
  });
  return c.add({
    apiVersion: 'multicluster.x-k8s.io/v1alpha1',
    kind: 'ServiceExport',
    metadata: meta(c, 'ServiceExport', {
      name: o.name,
      namespace: o.namespace,
      created: o.exported,
      generation: 1,
    }),
    status: {
      conditions: [
        condition('Valid', 'True', 'Valid'),
        condition('Ready', 'True', 'Ready'),
        condition('Conflict', 'False', 'NoConflicts'),
      ],
    },
  });
}

/**
 * The ServiceImport the MCS controller creates in every cluster of the clusterset for a Service
 * that some cluster exports (`clusters`: the exporting clusters), with its clusterset IP.
 */
export function addServiceImport(
  c: Cluster,
  o: {
    name: string;
    namespace: string;
    imported: Duration;
    ip: string;
    clusters: string[];
  },
): K8s {
  return c.add({
    apiVersion: 'multicluster.x-k8s.io/v1alpha1',
    kind: 'ServiceImport',
    metadata: meta(c, 'ServiceImport', {
      name: o.name,
      namespace: o.namespace,
      created: o.imported,
      generation: 1,
    }),
    spec: {
      type: 'ClusterSetIP',
      ips: [o.ip],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    },
    status: { clusters: o.clusters.map(cluster => ({ cluster })) },
  });
}
