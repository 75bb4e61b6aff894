/**
 * ResourceQuotas whose status.used is what the namespace's pods request, as the quota controller
 * counts it (every pod that has not Succeeded or Failed), so the demo's quota story stays true
 * when the pods of the namespace change.
 */
import { Cluster, K8s } from '../lib/cluster';
import { Duration } from '../lib/time';
import { meta } from './meta';

/** CPU in millicores and memory in MiB, the units the demo's requests use. */
export interface NamespaceUsage {
  pods: number;
  cpuMilli: number;
  memoryMi: number;
}

const MEMORY_MI: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024 };

function cpuMilli(value: unknown): number {
  const text = String(value ?? '0');
  return text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

function memoryMi(value: unknown): number {
  const text = String(value ?? '0');
  const suffix = text.slice(-2);
  return suffix in MEMORY_MI
    ? Number(text.slice(0, -2)) * MEMORY_MI[suffix]
    : Number(text) / 2 ** 20;
}

/** What the non-terminal pods of the namespace request (app containers; the demo's pods have no init containers with requests). */
function namespaceUsage(c: Cluster, namespace: string): NamespaceUsage {
  const usage: NamespaceUsage = { pods: 0, cpuMilli: 0, memoryMi: 0 };
  for (const pod of c.list('Pod', namespace)) {
    if (['Succeeded', 'Failed'].includes(pod.status?.phase)) continue;
    usage.pods++;
    for (const container of pod.spec?.containers ?? []) {
      const requests = container.resources?.requests ?? {};
      usage.cpuMilli += cpuMilli(requests.cpu);
      usage.memoryMi += memoryMi(requests.memory);
    }
  }
  return usage;
}

/** A ResourceQuota with pods, requests.cpu and requests.memory, sized from the namespace's usage. */
export function addResourceQuota(
  c: Cluster,
  o: {
    namespace: string;
    name: string;
    created: Duration;
    hard: (used: NamespaceUsage) => NamespaceUsage;
  },
): K8s {
  const used = namespaceUsage(c, o.namespace);
  const hard = o.hard(used);
  const asQuota = (u: NamespaceUsage) => ({
    pods: String(u.pods),
    'requests.cpu': `${u.cpuMilli}m`,
    'requests.memory': `${u.memoryMi}Mi`,
  });
  return c.add({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta(c, 'ResourceQuota', {
      name: o.name,
      namespace: o.namespace,
      created: o.created,
    }),
    spec: { hard: asQuota(hard) },
    status: { hard: asQuota(hard), used: asQuota(used) },
  });
}
