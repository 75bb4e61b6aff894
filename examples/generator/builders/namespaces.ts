/** Namespace objects. */
import { Cluster, K8s } from '../lib/cluster';
import { Duration } from '../lib/time';
import { meta } from './meta';

export function addNamespace(
  c: Cluster,
  name: string,
  created: Duration,
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): K8s {
  return c.add({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(c, 'Namespace', {
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
      annotations,
      created,
    }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
}

/** The four namespaces every cluster starts with. */
export function addSystemNamespaces(c: Cluster, created: Duration): void {
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
    addNamespace(c, ns, created);
}
