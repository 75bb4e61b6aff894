/**
 * What the scheduler reserves for a pod on its node: the requests NodeResourcesFit counts
 * (k8s.io/component-helpers resource.PodRequests), CPU, memory and every other resource
 * (ephemeral storage, hugepages, GPUs and other extended resources).
 */
import { K8sObject } from '../../model/snapshot';
import { parseQuantity } from './quantity';

/** CPU in cores, memory in bytes, other resources in their own units (only those requested). */
export interface Resources {
  cpu: number;
  memory: number;
  other?: Record<string, number>;
}

const asList = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/**
 * A container's request for one resource. A limit without a request is the request too (the API
 * server defaults it so, which a manifest has not been through yet); neither counts as 0, as for
 * the scheduler. Undefined when the value is no quantity.
 */
function containerRequest(container: any, name: string): number | undefined {
  const resources = container?.resources;
  const value = resources?.requests?.[name] ?? resources?.limits?.[name];
  if (value === undefined || value === null) return 0;
  return parseQuantity(value);
}

/** A container's limit for one resource; none counts as 0 (as a quota counts limits). */
function containerLimit(container: any, name: string): number | undefined {
  const value = container?.resources?.limits?.[name];
  if (value === undefined || value === null) return 0;
  return parseQuantity(value);
}

/**
 * One resource as the scheduler counts it: the app containers and the sidecars (restartable init
 * containers) side by side, or the largest init container step if that is more, plus the pod's
 * overhead; a pod-level request (spec.resources) replaces the containers' sum where set.
 */
function podRequest(
  spec: any,
  name: string,
  of: 'requests' | 'limits' = 'requests',
): number | undefined {
  const containerValue = of === 'requests' ? containerRequest : containerLimit;
  let running = 0;
  for (const container of asList(spec.containers)) {
    const request = containerValue(container, name);
    if (request === undefined) return undefined;
    running += request;
  }
  // Init containers run one by one, each beside the sidecars started before it; sidecars keep
  // running beside the app containers.
  let sidecars = 0;
  let initPeak = 0;
  for (const container of asList(spec.initContainers)) {
    const request = containerValue(container, name);
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
  const podLevel = spec.resources?.[of]?.[name];
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
  return total;
}

const CONTAINER_LISTS = ['containers', 'initContainers'] as const;

/** Adds to `names` the resources of a requests or limits map other than CPU and memory. */
function addOtherNames(
  map: unknown,
  names: Set<string> | undefined,
): Set<string> | undefined {
  if (!map || typeof map !== 'object') return names;
  let found = names;
  for (const name in map)
    if (name !== 'cpu' && name !== 'memory') (found ??= new Set()).add(name);
  return found;
}

/**
 * The names of resources other than CPU and memory that the pod's containers or the pod request
 * or limit; undefined when there are none (most pods: plain loops, nothing built for them).
 */
function otherResourceNames(spec: any): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) {
      names = addOtherNames(container?.resources?.requests, names);
      names = addOtherNames(container?.resources?.limits, names);
    }
  }
  names = addOtherNames(spec.resources?.requests, names);
  return addOtherNames(spec.overhead, names);
}

/** The pod's requests as the scheduler counts them; undefined when some value is no quantity. */
export function podRequests(pod: K8sObject): Resources | undefined {
  const spec = pod.spec ?? {};
  const cpu = podRequest(spec, 'cpu');
  const memory = podRequest(spec, 'memory');
  if (cpu === undefined || memory === undefined) return undefined;
  const result: Resources = { cpu, memory };
  for (const name of otherResourceNames(spec) ?? []) {
    const value = podRequest(spec, name);
    if (value === undefined) return undefined;
    if (value > 0) (result.other ??= {})[name] = value;
  }
  return result;
}

/**
 * The pod's limit for one resource as a ResourceQuota counts `limits.<name>`: the same sum as for
 * requests (sidecars beside the app containers, the largest init step, pod-level limits, overhead),
 * a container without a limit counting 0. Undefined when some value is no quantity.
 */
export function podLimit(pod: K8sObject, name: string): number | undefined {
  return podRequest(pod.spec ?? {}, name, 'limits');
}
