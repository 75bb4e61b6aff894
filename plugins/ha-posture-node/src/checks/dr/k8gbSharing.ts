/**
 * k8gb (Kubernetes Global Balancer): a Gslb in each cluster makes k8gb's DNS answer the hosts of an
 * Ingress with the addresses of the clusters where they are healthy, so clients of a failed
 * cluster's copy are sent to the others. The Gslb names its Ingress by spec.resourceRef, embeds
 * one in spec.ingress, or (created from an Ingress's k8gb.io annotations) shares its name.
 */
import { matchesLabelSelector } from '../../engine/labels';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { describeObject, listOf } from '../util';
import { ServiceSharing, SharingMechanism } from './sharingMechanism';

export const GSLBS = 'gslbs.k8gb.absa.oss';
const INGRESSES = 'ingresses.networking.k8s.io';

/** Only Gslbs balancing the same hosts fail over to each other: the hosts are in the key. */
function k8gbMechanism(hosts: string[]): SharingMechanism {
  return {
    key: `k8gb ${hosts.join(', ')}`,
    byName: true,
    label: `k8gb Gslb of ${hosts.join(', ')}`,
    clientNote: () =>
      "k8gb's DNS answers its hosts with the addresses of the clusters where they are healthy",
  };
}

/** Hosts of an Ingress spec whose paths send to the Service. */
export function hostsServing(ingressSpec: any, serviceName: string): string[] {
  const hosts = new Set<string>();
  for (const rule of listOf(ingressSpec?.rules))
    if (
      typeof rule?.host === 'string' &&
      listOf(rule?.http?.paths).some(
        p => p?.backend?.service?.name === serviceName,
      )
    )
      hosts.add(rule.host);
  return [...hosts].sort();
}

/** The Ingress specs a Gslb balances; a string when they cannot be read. */
function ingressSpecsOf(cluster: ClusterView, gslb: K8sObject): any[] | string {
  const namespace = gslb.metadata?.namespace ?? 'default';
  const ref = gslb.spec?.resourceRef;
  if (gslb.spec?.ingress && typeof gslb.spec.ingress === 'object')
    return [gslb.spec.ingress];
  if (ref && typeof ref === 'object' && ref.kind !== 'Ingress')
    return `${describeObject(gslb, 'Gslb')} balances a ${
      ref.kind ?? 'resource'
    }, which this check does not follow`;
  if (cluster.fetchState(INGRESSES).status !== 'ok')
    return cluster.unavailable(INGRESSES)!;
  const ingresses = cluster.inNamespace(INGRESSES, namespace);
  if (ref && typeof ref === 'object') {
    if (typeof ref.name === 'string')
      return ingresses
        .filter(i => i.metadata?.name === ref.name)
        .map(i => i.spec);
    return ingresses
      .filter(i => matchesLabelSelector(ref, i.metadata?.labels ?? {}))
      .map(i => i.spec);
  }
  return ingresses
    .filter(i => i.metadata?.name === gslb.metadata?.name)
    .map(i => i.spec);
}

/** Why a Gslb does not answer the hosts with this cluster's copy, or undefined when it does. */
function healthProblem(gslb: K8sObject, hosts: string[]): string | undefined {
  const health = gslb.status?.serviceHealth;
  if (!health || typeof health !== 'object')
    return `${describeObject(
      gslb,
      'Gslb',
    )} has no status: no k8gb controller has taken it up`;
  const unhealthy = hosts.filter(h => health[h] !== 'Healthy');
  if (unhealthy.length === 0) return undefined;
  return `${describeObject(gslb, 'Gslb')} reports ${unhealthy
    .map(h => `${h} ${health[h] ?? 'absent'}`)
    .join(', ')}, so k8gb does not answer with this cluster`;
}

/** The Service's sharing through the Gslbs of its namespace, and why some cannot be read. */
export function k8gbSharing(
  cluster: ClusterView,
  service: K8sObject,
): { sharings: ServiceSharing[]; undecided: string[] } {
  const sharings: ServiceSharing[] = [];
  const undecided: string[] = [];
  const state = cluster.fetchState(GSLBS).status;
  if (state === 'forbidden' || state === 'unreachable')
    return { sharings, undecided: [cluster.unavailable(GSLBS)!] };
  const namespace = service.metadata?.namespace ?? 'default';
  for (const gslb of cluster.inNamespace(GSLBS, namespace)) {
    const specs = ingressSpecsOf(cluster, gslb);
    if (typeof specs === 'string') {
      undecided.push(specs);
      continue;
    }
    const hosts = [
      ...new Set(
        specs.flatMap(spec => hostsServing(spec, service.metadata?.name)),
      ),
    ].sort();
    if (hosts.length === 0) continue;
    const problem = healthProblem(gslb, hosts);
    sharings.push({
      mechanism: k8gbMechanism(hosts),
      ...(problem ? { problem } : {}),
    });
  }
  return { sharings, undecided };
}
