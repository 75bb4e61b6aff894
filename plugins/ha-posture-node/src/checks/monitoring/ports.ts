/**
 * Which port a monitor endpoint scrapes, matched against a pod template's container ports and a
 * Service's ports the way the Prometheus Operator's generated relabelling keeps targets: by
 * `__meta_kubernetes_pod_container_port_name` or `..._port_number`, which Prometheus only sets
 * for a port the container declares.
 */
import { K8sObject } from '../../model/snapshot';
import { longRunningContainers } from '../util';

function declaredPorts(podSpec: any): any[] {
  return longRunningContainers(podSpec).flatMap(c =>
    Array.isArray(c?.ports) ? c.ports : [],
  );
}

const isUnset = (port: unknown) =>
  port === undefined || port === null || port === '';

/**
 * Whether the pod template exposes the port: a name must be a declared container port name; a
 * number matches a declared containerPort, or any port when the containers declare none
 * (declaring ports is optional, and GKE scrapes a port number whether declared or not). Unset:
 * any port.
 */
export function podExposesPort(podSpec: any, port: unknown): boolean {
  if (isUnset(port)) return true;
  const ports = declaredPorts(podSpec);
  if (typeof port === 'number')
    return ports.length === 0 || ports.some(p => p?.containerPort === port);
  return ports.some(p => p?.name === port);
}

/** The port a PodMonitor podMetricsEndpoint scrapes: `port` (a name), else `portNumber`, else the deprecated `targetPort` (name or number). */
export function podMetricsEndpointPort(endpoint: any): unknown {
  for (const port of [
    endpoint?.port,
    endpoint?.portNumber,
    endpoint?.targetPort,
  ])
    if (!isUnset(port)) return port;
  return undefined;
}

/**
 * Whether a Service port leads to the container port `targetPort` names or numbers. The Service
 * port forwards to its own targetPort (a container port name or number; unset: its port), and
 * Prometheus labels the target with the declared container port of that number. Pods that
 * declare no port are taken on trust for a number, as podExposesPort does.
 */
function servicePortLeadsTo(
  servicePort: any,
  podSpec: any,
  targetPort: unknown,
): boolean {
  const forwardedTo = isUnset(servicePort?.targetPort)
    ? servicePort?.port
    : servicePort.targetPort;
  const ports = declaredPorts(podSpec);
  const container = ports.find(p =>
    typeof forwardedTo === 'string'
      ? p?.name === forwardedTo
      : p?.containerPort === forwardedTo,
  );
  if (container)
    return typeof targetPort === 'string'
      ? container.name === targetPort
      : container.containerPort === targetPort;
  return (
    ports.length === 0 &&
    typeof forwardedTo === 'number' &&
    forwardedTo === targetPort
  );
}

/**
 * Whether a ServiceMonitor endpoint scrapes the pods behind the Service. `port` is the name of a
 * Service port. Without it, `targetPort` is the name or number of the pod's port behind the
 * Service (not a Service port), so some Service port must forward to it. Neither: every port.
 */
export function serviceEndpointScrapes(
  endpoint: any,
  service: K8sObject,
  podSpec: any,
): boolean {
  const ports: any[] = Array.isArray(service.spec?.ports)
    ? service.spec.ports
    : [];
  const port = endpoint?.port;
  if (typeof port === 'string' && port !== '')
    return ports.some(p => p?.name === port);
  const targetPort = endpoint?.targetPort;
  if (isUnset(targetPort)) return true;
  return ports.some(p => servicePortLeadsTo(p, podSpec, targetPort));
}

/** Whether serviceEndpointScrapes depends on the pods' declared ports (a `targetPort` endpoint). */
export function endpointNamesPodPort(endpoint: any): boolean {
  const port = endpoint?.port;
  return (
    !(typeof port === 'string' && port !== '') && !isUnset(endpoint?.targetPort)
  );
}
