/**
 * Istio's own ingress configuration (networking.istio.io): a Gateway picks the gateway pods that
 * serve it by `spec.selector` (labels of pods in any namespace, e.g. `istio: ingressgateway`), and
 * VirtualServices bound to it (`spec.gateways`) send its traffic to Services
 * (`route[].destination.host`). Istio clusters often use these instead of Ingresses or the
 * Gateway API, so without them their ingress gateway would go unjudged.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import {
  describeObject,
  listOf,
  longRunningContainers,
  objectTarget,
  perCluster,
  plural,
} from '../util';
import { CheckOutcome } from '../../model/checks';
import { servingOutcome } from './servingWorkloads';

export const ISTIO_GATEWAYS = 'gateways.networking.istio.io';
export const VIRTUAL_SERVICES = 'virtualservices.networking.istio.io';

const namespaceOf = (obj: K8sObject) => obj.metadata.namespace ?? 'default';

/** `namespace/name` of an Istio Gateway. */
export const istioGatewayKey = (namespace: string, name: string) =>
  `${namespace}/${name}`;

/**
 * The Gateways a VirtualService is bound to, as `namespace/name`: an entry without a namespace is
 * in the VirtualService's own; `mesh` (the sidecars) is no entry point from outside.
 */
export function virtualServiceGateways(vs: K8sObject): string[] {
  const keys = new Set<string>();
  for (const gateway of listOf(vs.spec?.gateways)) {
    if (typeof gateway !== 'string' || gateway === 'mesh' || gateway === '')
      continue;
    const slash = gateway.indexOf('/');
    keys.add(
      slash < 0
        ? istioGatewayKey(namespaceOf(vs), gateway)
        : istioGatewayKey(gateway.slice(0, slash), gateway.slice(slash + 1)),
    );
  }
  return [...keys];
}

/**
 * `namespace/name` of the Services a VirtualService routes to. Istio reads a short host
 * (`reviews`) in the VirtualService's namespace, and a cluster-local name as written
 * (`reviews.shop.svc.cluster.local`); other hosts (external services, ServiceEntries) are not
 * Services here.
 */
export function virtualServiceBackends(vs: K8sObject): string[] {
  const keys = new Set<string>();
  for (const kind of ['http', 'tcp', 'tls'])
    for (const rule of listOf(vs.spec?.[kind]))
      for (const route of listOf(rule?.route)) {
        const host = route?.destination?.host;
        if (typeof host !== 'string') continue;
        if (!host.includes('.')) keys.add(`${namespaceOf(vs)}/${host}`);
        else {
          const local = /^([^.]+)\.([^.]+)\.svc(\.|$)/.exec(host);
          if (local) keys.add(`${local[2]}/${local[1]}`);
        }
      }
  return [...keys];
}

/** VirtualServices bound to each Gateway (`namespace/name`), counted once per cluster. */
const boundVirtualServices = perCluster(cluster => {
  const counts = new Map<string, number>();
  for (const vs of cluster.list(VIRTUAL_SERVICES))
    for (const key of virtualServiceGateways(vs))
      counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
});

/**
 * Whether istiod runs with PILOT_SCOPE_GATEWAY_TO_NAMESPACE=true: a Gateway's selector then
 * only picks gateway workloads of the Gateway's own namespace. Once per cluster.
 */
const gatewaysScopedToNamespace = perCluster((cluster: ClusterView) =>
  cluster
    .workloads()
    .some(w =>
      longRunningContainers(w.podSpec).some(c =>
        (Array.isArray(c?.env) ? c.env : []).some(
          (e: any) =>
            e?.name === 'PILOT_SCOPE_GATEWAY_TO_NAMESPACE' &&
            String(e.value).toLowerCase() === 'true',
        ),
      ),
    ),
);

/**
 * The gateway workloads whose pods carry the Gateway's labels (`spec.selector`): in any
 * namespace, or in the Gateway's own when istiod scopes Gateways to their namespace.
 */
function gatewayWorkloads(
  cluster: ClusterView,
  gateway: K8sObject,
): Workload[] {
  const selector = gateway.spec?.selector;
  const pairs =
    selector && typeof selector === 'object' ? Object.entries(selector) : [];
  if (pairs.length === 0) return [];
  const onlyNamespace = gatewaysScopedToNamespace(cluster)
    ? namespaceOf(gateway)
    : undefined;
  return cluster
    .workloads()
    .filter(
      w =>
        w.kind !== 'Pod' &&
        (onlyNamespace === undefined || w.namespace === onlyNamespace) &&
        pairs.every(([key, value]) => w.templateLabels[key] === value),
    );
}

/**
 * One Istio Gateway: skipped when no VirtualService is bound to it (when VirtualServices can be
 * read), unknown when no workload carries its selector's labels, else the judgement of every
 * ingress controller (≥ 2 ready replicas spread over nodes and zones, with a PDB).
 */
export function judgeIstioGateway(
  cluster: ClusterView,
  gateway: K8sObject,
): CheckOutcome {
  const key = istioGatewayKey(namespaceOf(gateway), gateway.metadata.name);
  const selector: Record<string, unknown> = gateway.spec?.selector ?? {};
  const selectorText = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const subject = `Istio ${describeObject(gateway, 'Gateway')} (selector ${
    selectorText || 'none'
  })`;
  // The group tells it from a Gateway API Gateway of the same name.
  const target = {
    ...objectTarget(cluster, gateway, 'Gateway'),
    apiGroup: 'networking.istio.io',
  };
  const virtualServices =
    cluster.fetchState(VIRTUAL_SERVICES).status === 'ok'
      ? boundVirtualServices(cluster).get(key) ?? 0
      : undefined;
  const evidence = { selector, virtualServices };
  if (virtualServices === 0)
    return {
      status: 'skipped',
      message: `${subject}: no VirtualService is bound to it`,
      target,
      evidence,
    };
  const workloads = gatewayWorkloads(cluster, gateway);
  if (workloads.length === 0)
    return {
      status: 'unknown',
      message: `${subject}: no gateway workload carries its selector's labels${
        gatewaysScopedToNamespace(cluster)
          ? ` in its namespace ${namespaceOf(
              gateway,
            )} (istiod runs with PILOT_SCOPE_GATEWAY_TO_NAMESPACE=true)`
          : ''
      }${
        virtualServices
          ? ` for its ${plural(virtualServices, 'VirtualService')}`
          : ''
      }`,
      target,
      evidence,
    };
  return servingOutcome(
    cluster,
    subject,
    workloads,
    'the Istio ingress gateway',
    target,
    evidence,
  );
}
