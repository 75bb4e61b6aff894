/**
 * The workloads whose pods carry a Gateway API Gateway's traffic. Implementations that run the
 * data plane in the cluster create a Deployment (or DaemonSet) and a Service per Gateway, and
 * mark them in one of these ways, tried in order:
 * - an ownerReference to the Gateway (Istio: istio-discovery's kube-gateway.yaml template);
 * - the label `gateway.networking.k8s.io/gateway-name: <name>` in the Gateway's namespace (Istio,
 *   and others following the Gateway API's infrastructure conventions), or Contour's
 *   gateway provisioner's `projectcontour.io/owning-gateway-name`;
 * - Envoy Gateway's `gateway.envoyproxy.io/owning-gateway-name` and `-namespace` labels, in its
 *   own namespace by default, or `owning-gatewayclass` when it merges the Gateways of a class;
 * - else the Services so labelled, or named by one of the Gateway's `status.addresses` as an
 *   in-cluster DNS name (`<service>.<namespace>.svc`, Istio's unmanaged gateways), or answering on
 *   one of them (load-balancer address or cluster IP) on, or forwarding to, a port of its
 *   listeners (see servingListeners), and the
 *   workloads they select (shared data planes such as Traefik, Kong, NGINX Gateway Fabric 1.x,
 *   which serve every Gateway of their class from one Deployment). The port matters: k3s's
 *   ServiceLB or MetalLB give many LoadBalancer Services the same IPs, on different ports.
 * Owned or labelled workloads are narrowed to those the Gateway's Services select, when those
 * select any: Contour's provisioner labels its control-plane Deployment like its Envoy.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { longRunningContainers } from '../util';
import { workloadsSelectedByService } from '../workloads';
import { GATEWAY_GROUP } from './gatewayClass';

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';
const CONTOUR_OWNING_GATEWAY = 'projectcontour.io/owning-gateway-name';
const ENVOY_GATEWAY_NAME = 'gateway.envoyproxy.io/owning-gateway-name';
const ENVOY_GATEWAY_NAMESPACE =
  'gateway.envoyproxy.io/owning-gateway-namespace';
const ENVOY_GATEWAY_CLASS = 'gateway.envoyproxy.io/owning-gatewayclass';

/** How the data plane was found (evidence). */
export type DataPlaneSource = 'ownerReference' | 'labels' | 'service';

export interface GatewayDataPlane {
  workloads: Workload[];
  foundBy: DataPlaneSource;
  /** The Services through which they were found (foundBy `service`). */
  services?: string[];
}

interface GatewayRef {
  namespace: string;
  name: string;
  className: string | undefined;
}

function refOf(gateway: K8sObject): GatewayRef {
  const className = gateway.spec?.gatewayClassName;
  return {
    namespace: gateway.metadata.namespace ?? 'default',
    name: gateway.metadata.name,
    className: typeof className === 'string' ? className : undefined,
  };
}

function ownedBy(obj: K8sObject, gateway: GatewayRef): boolean {
  const owners = obj.metadata.ownerReferences;
  return (
    Array.isArray(owners) &&
    owners.some(
      o =>
        o?.kind === 'Gateway' &&
        o.name === gateway.name &&
        String(o.apiVersion ?? '').startsWith(`${GATEWAY_GROUP}/`),
    )
  );
}

/** Whether an object's labels mark it as made for the Gateway (see the file comment). */
function labelledFor(
  labels: Record<string, string> | undefined,
  objectNamespace: string | undefined,
  gateway: GatewayRef,
): boolean {
  if (!labels) return false;
  if (
    objectNamespace === gateway.namespace &&
    (labels[GATEWAY_NAME_LABEL] === gateway.name ||
      labels[CONTOUR_OWNING_GATEWAY] === gateway.name)
  )
    return true;
  if (
    labels[ENVOY_GATEWAY_NAME] === gateway.name &&
    labels[ENVOY_GATEWAY_NAMESPACE] === gateway.namespace
  )
    return true;
  return (
    gateway.className !== undefined &&
    labels[ENVOY_GATEWAY_CLASS] === gateway.className
  );
}

/**
 * Contour's gateway provisioner names its control plane `contour-<gateway>` (its Envoy
 * `envoy-<gateway>`) and labels both with the owning Gateway: the control plane carries no traffic.
 */
function isContourControlPlane(w: Workload, gateway: GatewayRef): boolean {
  return (
    w.name === `contour-${gateway.name}` &&
    (w.object.metadata.labels?.[CONTOUR_OWNING_GATEWAY] === gateway.name ||
      w.templateLabels[CONTOUR_OWNING_GATEWAY] === gateway.name)
  );
}

/** The addresses a Service answers on: its load balancer's IPs and hostnames, and its cluster IPs. */
function serviceAddresses(svc: K8sObject): string[] {
  const ingress = svc.status?.loadBalancer?.ingress;
  const clusterIPs = svc.spec?.clusterIPs ?? [svc.spec?.clusterIP];
  return [
    ...(Array.isArray(ingress) ? ingress : []).flatMap(i => [
      i?.ip,
      i?.hostname,
    ]),
    ...(Array.isArray(clusterIPs) ? clusterIPs : []),
  ].filter((a): a is string => typeof a === 'string' && a !== 'None');
}

/** `<service>.<namespace>.svc[.<cluster domain>]`: the Service it names. */
const SERVICE_DNS_NAME = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.|$)/;

function gatewayAddresses(gateway: K8sObject): Set<string> {
  const addresses = gateway.status?.addresses;
  return new Set(
    (Array.isArray(addresses) ? addresses : [])
      .map(a => a?.value)
      .filter((v): v is string => typeof v === 'string' && v !== ''),
  );
}

/** Workloads other than bare pods (which no controller brings back). */
function withoutBarePods(workloads: Workload[]): Workload[] {
  return workloads.filter(w => w.kind !== 'Pod');
}

/** The ports of the Gateway's listeners. */
function listenerPorts(gateway: K8sObject): Set<number> {
  const listeners = gateway.spec?.listeners;
  return new Set(
    (Array.isArray(listeners) ? listeners : [])
      .map(l => l?.port)
      .filter((p): p is number => typeof p === 'number'),
  );
}

/** The ports a Service answers on. */
function servicePorts(svc: K8sObject): number[] {
  return (Array.isArray(svc.spec?.ports) ? svc.spec.ports : [])
    .map((p: any) => p?.port)
    .filter((p: unknown): p is number => typeof p === 'number');
}

/**
 * The ports a Service forwards to: numeric target ports, and named ones resolved through the
 * selected pods' container ports (a listener's port may be the data plane's own, as Traefik's
 * entrypoints are).
 */
function serviceTargetPorts(cluster: ClusterView, svc: K8sObject): number[] {
  const numbers: number[] = [];
  const named = new Set<string>();
  for (const p of Array.isArray(svc.spec?.ports) ? svc.spec.ports : []) {
    if (typeof p?.targetPort === 'number') numbers.push(p.targetPort);
    else if (typeof p?.targetPort === 'string') named.add(p.targetPort);
  }
  if (named.size > 0)
    for (const w of workloadsSelectedByService(cluster, svc))
      for (const c of longRunningContainers(w.podSpec))
        for (const port of Array.isArray(c?.ports) ? c.ports : [])
          if (named.has(port?.name) && typeof port.containerPort === 'number')
            numbers.push(port.containerPort);
  return numbers;
}

/**
 * The Services among those on the Gateway's address that serve its listeners: on a listener's port;
 * else forwarding to it, when exactly one does (two would leave the data plane a guess). Without
 * listener ports, only an address no other Service shares tells the Service.
 */
function servingListeners(
  cluster: ClusterView,
  gateway: K8sObject,
  onAddress: K8sObject[],
): K8sObject[] {
  const ports = listenerPorts(gateway);
  if (ports.size === 0) return onAddress.length === 1 ? onAddress : [];
  const answering = onAddress.filter(svc =>
    servicePorts(svc).some(p => ports.has(p)),
  );
  if (answering.length > 0) return answering;
  const forwarding = onAddress.filter(svc =>
    serviceTargetPorts(cluster, svc).some(p => ports.has(p)),
  );
  return forwarding.length === 1 ? forwarding : [];
}

function servicesFor(
  cluster: ClusterView,
  gateway: K8sObject,
  ref: GatewayRef,
): K8sObject[] {
  const addresses = gatewayAddresses(gateway);
  const namedServices = new Set(
    [...addresses].flatMap(a => {
      const match = SERVICE_DNS_NAME.exec(a);
      return match ? [`${match[2]}/${match[1]}`] : [];
    }),
  );
  const services = cluster.list('services');
  const marked = services.filter(
    svc =>
      labelledFor(svc.metadata.labels, svc.metadata.namespace, ref) ||
      namedServices.has(
        `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`,
      ),
  );
  const onAddress = services.filter(
    svc =>
      !marked.includes(svc) &&
      serviceAddresses(svc).some(a => addresses.has(a)),
  );
  return [...marked, ...servingListeners(cluster, gateway, onAddress)];
}

/** The workloads (not bare pods) whose pods any of the Services selects. */
function selectedBy(cluster: ClusterView, services: K8sObject[]): Workload[] {
  const selected = new Set<Workload>();
  for (const svc of services)
    for (const w of withoutBarePods(workloadsSelectedByService(cluster, svc)))
      selected.add(w);
  return [...selected];
}

/** Found workloads narrowed to those the Gateway's Services select, when they select any of them. */
function servingOnly(found: Workload[], selected: Workload[]): Workload[] {
  const serving = found.filter(w => selected.includes(w));
  return serving.length > 0 ? serving : found;
}

/** The data plane of a Gateway, or undefined when none of the ways above finds one. */
export function gatewayDataPlane(
  cluster: ClusterView,
  gateway: K8sObject,
): GatewayDataPlane | undefined {
  const ref = refOf(gateway);
  const all = withoutBarePods(cluster.workloads());
  const services = servicesFor(cluster, gateway, ref);
  const selected = selectedBy(cluster, services);
  const owned = all.filter(
    w => w.namespace === ref.namespace && ownedBy(w.object, ref),
  );
  if (owned.length > 0)
    return {
      workloads: servingOnly(owned, selected),
      foundBy: 'ownerReference',
    };
  const labelled = all.filter(
    w =>
      (labelledFor(w.object.metadata.labels, w.namespace, ref) ||
        labelledFor(w.templateLabels, w.namespace, ref)) &&
      !isContourControlPlane(w, ref),
  );
  if (labelled.length > 0)
    return { workloads: servingOnly(labelled, selected), foundBy: 'labels' };
  if (selected.length === 0) return undefined;
  return {
    workloads: selected,
    foundBy: 'service',
    services: services.map(
      s => `${s.metadata.namespace ?? 'default'}/${s.metadata.name}`,
    ),
  };
}
