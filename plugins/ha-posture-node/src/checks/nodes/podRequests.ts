/**
 * What the scheduler reserves for a pod on its node: the requests NodeResourcesFit counts
 * (k8s.io/component-helpers resource.PodRequests).
 */
import { K8sObject } from '../../model/snapshot';
import { parseQuantity } from './quantity';

/** CPU in cores, memory in bytes. */
export interface Resources {
  cpu: number;
  memory: number;
}

const RESOURCE_NAMES = ['cpu', 'memory'] as const;

/**
 * A container's request for one resource. A limit without a request is the request too (the API
 * server defaults it so, which a manifest has not been through yet); neither counts as 0, as for
 * the scheduler. Undefined when the value is no quantity.
 */
function containerRequest(
  container: any,
  name: (typeof RESOURCE_NAMES)[number],
): number | undefined {
  const resources = container?.resources;
  const value = resources?.requests?.[name] ?? resources?.limits?.[name];
  if (value === undefined || value === null) return 0;
  return parseQuantity(value);
}

/**
 * The pod's requests as the scheduler counts them: the app containers and the sidecars
 * (restartable init containers) side by side, or the largest init container step if that is more,
 * plus the pod's overhead; pod-level requests (spec.resources) replace the containers' sum where
 * set. Undefined when some value is no quantity (the caller says which pod).
 */
export function podRequests(pod: K8sObject): Resources | undefined {
  const spec = pod.spec ?? {};
  const result: Resources = { cpu: 0, memory: 0 };
  for (const name of RESOURCE_NAMES) {
    let running = 0;
    for (const container of Array.isArray(spec.containers)
      ? spec.containers
      : []) {
      const request = containerRequest(container, name);
      if (request === undefined) return undefined;
      running += request;
    }
    // Init containers run one by one, each beside the sidecars started before it; sidecars keep
    // running beside the app containers.
    let sidecars = 0;
    let initPeak = 0;
    for (const container of Array.isArray(spec.initContainers)
      ? spec.initContainers
      : []) {
      const request = containerRequest(container, name);
      if (request === undefined) return undefined;
      if (container?.restartPolicy === 'Always') {
        sidecars += request;
        running += request;
        initPeak = Math.max(initPeak, sidecars);
      } else {
        initPeak = Math.max(initPeak, request + sidecars);
      }
    }
    let total = Math.max(running, initPeak);
    const podLevel = spec.resources?.requests?.[name];
    if (podLevel !== undefined && podLevel !== null) {
      const value = parseQuantity(podLevel);
      if (value === undefined) return undefined;
      total = value;
    }
    const overhead = spec.overhead?.[name];
    if (overhead !== undefined && overhead !== null) {
      const value = parseQuantity(overhead);
      if (value === undefined) return undefined;
      total += value;
    }
    result[name] = total;
  }
  return result;
}
