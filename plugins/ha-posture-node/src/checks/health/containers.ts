/** Container lists of a pod spec, for the health checks. */

/** Regular containers (not init containers, not sidecars). */
export function regularContainers(podSpec: any): any[] {
  return Array.isArray(podSpec?.containers)
    ? podSpec.containers.filter(isNamedContainer)
    : [];
}

/** Sidecars: init containers with restartPolicy Always, which run for the pod's lifetime. */
export function sidecarContainers(podSpec: any): any[] {
  const init = Array.isArray(podSpec?.initContainers)
    ? podSpec.initContainers
    : [];
  return init.filter(
    (c: any) => isNamedContainer(c) && c.restartPolicy === 'Always',
  );
}

function isNamedContainer(c: any): boolean {
  return typeof c === 'object' && c !== null && typeof c.name === 'string';
}
