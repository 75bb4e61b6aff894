/**
 * Whether a Gateway carries traffic at all. An ingress Gateway does when routes are attached to its
 * listeners (status.listeners[].attachedRoutes, counted by its controller). An Istio ambient
 * waypoint (class istio-waypoint, controller istio.io/mesh-controller) has no attached routes by
 * design: it carries the L7 traffic of the namespaces, Services and pods enrolled with the
 * `istio.io/use-waypoint: <waypoint>` label (in the waypoint's namespace, or the one
 * `istio.io/use-waypoint-namespace` names).
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { perCluster, plural } from '../util';
import { countOf } from '../workloads';

export const ISTIO_WAYPOINT_CONTROLLER = 'istio.io/mesh-controller';
const USE_WAYPOINT = 'istio.io/use-waypoint';
const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';

/** Routes attached over all listeners; undefined when the controller has reported no listener. */
function attachedRoutesOf(gateway: K8sObject): number | undefined {
  const listeners = gateway.status?.listeners;
  if (!Array.isArray(listeners) || listeners.length === 0) return undefined;
  return listeners.reduce(
    (sum, l) => sum + (countOf(l?.attachedRoutes) ?? 0),
    0,
  );
}

const LISTENER_SETS = 'listenersets.gateway.networking.k8s.io';

/**
 * Routes attached to the ListenerSets of each Gateway (their status.listeners[].attachedRoutes),
 * by `namespace/name` of the Gateway their spec.parentRef names; undefined when ListenerSets
 * cannot be read. A ListenerSet's routes do not show in its Gateway's own listener status.
 */
const listenerSetRoutes = perCluster(
  (cluster): Map<string, number> | undefined => {
    const fetch = cluster.fetchState(LISTENER_SETS).status;
    if (fetch !== 'ok' && fetch !== 'not-installed') return undefined;
    const byGateway = new Map<string, number>();
    for (const set of cluster.list(LISTENER_SETS)) {
      const ref = set.spec?.parentRef;
      if (typeof ref?.name !== 'string') continue;
      const key = `${ref.namespace ?? set.metadata.namespace}/${ref.name}`;
      const routes = Array.isArray(set.status?.listeners)
        ? set.status.listeners.reduce(
            (sum: number, l: any) => sum + (countOf(l?.attachedRoutes) ?? 0),
            0,
          )
        : 0;
      byGateway.set(key, (byGateway.get(key) ?? 0) + routes);
    }
    return byGateway;
  },
);

/**
 * Routes attached to a Gateway, its own listeners' and its ListenerSets'; undefined when neither
 * has been reported, or when ListenerSets cannot be read and its own listeners have none.
 */
export function gatewayRoutesOf(
  cluster: ClusterView,
  gateway: K8sObject,
): number | undefined {
  const own = attachedRoutesOf(gateway);
  const sets = listenerSetRoutes(cluster);
  if (!sets) return own ? own : undefined;
  const viaSets = sets.get(
    `${gateway.metadata.namespace}/${gateway.metadata.name}`,
  );
  if (own === undefined && viaSets === undefined) return undefined;
  return (own ?? 0) + (viaSets ?? 0);
}

/** The types waypointUsers reads: the caller checks they could be read. */
export const WAYPOINT_USER_KEYS = ['namespaces', 'services', 'pods'];

/** `Namespace shop`, `Service shop/cart`, `3 pods`: what is enrolled in the waypoint. */
export function waypointUsers(
  cluster: ClusterView,
  waypoint: K8sObject,
): string[] {
  const name = waypoint.metadata.name;
  const namespace = waypoint.metadata.namespace ?? 'default';
  const enrolls = (obj: K8sObject, ownNamespace: string) => {
    const labels = obj.metadata.labels ?? {};
    return (
      labels[USE_WAYPOINT] === name &&
      (labels[USE_WAYPOINT_NAMESPACE] ?? ownNamespace) === namespace
    );
  };
  const pods = cluster
    .list('pods')
    .filter(pod => enrolls(pod, pod.metadata.namespace ?? 'default')).length;
  return [
    ...cluster
      .list('namespaces')
      .filter(ns => enrolls(ns, ns.metadata.name))
      .map(ns => `Namespace ${ns.metadata.name}`),
    ...cluster
      .list('services')
      .filter(svc => enrolls(svc, svc.metadata.namespace ?? 'default'))
      .map(svc => `Service ${svc.metadata.namespace}/${svc.metadata.name}`),
    ...(pods > 0 ? [plural(pods, 'pod')] : []),
  ];
}
