import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { noPodsByDesign } from '../replicas/replicaFloors';
import {
  byStatusWorstFirst,
  describeObject,
  notEvaluable,
  perCluster,
  plural,
  worstStatus,
} from '../util';
import {
  EntryPoint,
  entryPointsOf,
  INGRESSES,
  OPENSHIFT_ROUTES,
  ROUTE_KINDS,
} from './entryPoints';
import { CONTROLLER_ROUTE_KEYS } from './controllerRoutes';
import { judgeEntryPoint, servedByName } from './entryVerdicts';
import { VIRTUAL_SERVICES } from './istioGateways';

/** The Ingress and route types that could not be read, as reasons. */
const unreadableRoutes = perCluster((cluster): string[] =>
  [
    INGRESSES,
    ...Object.keys(ROUTE_KINDS),
    OPENSHIFT_ROUTES,
    VIRTUAL_SERVICES,
    ...CONTROLLER_ROUTE_KEYS,
  ]
    .filter(key => {
      const status = cluster.fetchState(key).status;
      return status !== 'ok' && status !== 'not-installed';
    })
    .map(key => cluster.unavailable(key)!),
);

export const networkEntryPath: WorkloadCheck = {
  id: 'network-entry-path',
  title: "The workload's entry points from outside the cluster are redundant",
  category: 'network',
  severity: 'high',
  scope: 'workload',
  rationale:
    'A workload reached through an Ingress, an OpenShift Route, a Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, ' +
    'TCPRoute or UDPRoute, on a Gateway or a ListenerSet of one), an Istio VirtualService, a Traefik IngressRoute ' +
    '(HTTP, TCP or UDP), a Contour HTTPProxy, an NGINX VirtualServer or TransportServer, or a LoadBalancer Service is ' +
    'only as available as what is in front of it: well-spread replicas behind a single ingress controller pod still ' +
    "go dark when that pod's node fails or drains, and a LoadBalancer Service without an address is not reachable at " +
    'all. This is the verdict of network-ingress-controller (Istio Gateways included), network-gateway-data-plane and ' +
    'network-loadbalancer-provisioned on those entry points, shown on every workload they would cut off. A route its ' +
    'Gateway does not accept carries no traffic at all: its status says so, or, where it does not (manifests), the ' +
    "listeners of the Gateway refuse its namespace (only the Gateway's own by default), its kind (by default, the " +
    "kinds the listener's protocol carries: HTTP and HTTPS carry HTTPRoutes and GRPCRoutes, TLS TLSRoutes and " +
    'TCPRoutes, TCP TCPRoutes, UDP UDPRoutes) or its hostnames. Nor does a route whose listeners the ' +
    "Gateway's status reports as not programmed (a missing certificate Secret, a port conflict).",
  remediation:
    'Make the entry point redundant: run its ingress controller or Gateway data plane with at least 2 ' +
    'replicas spread over nodes and zones and a PodDisruptionBudget with maxUnavailable: 1, and get the ' +
    'LoadBalancer Service an address.',
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class',
    'https://gateway-api.sigs.k8s.io/api-types/httproute/',
    'https://gateway-api.sigs.k8s.io/api-types/grpcroute/',
    'https://gateway-api.sigs.k8s.io/api-types/referencegrant/',
    'https://kubernetes.io/blog/2026/04/21/gateway-api-v1-5/',
    'https://kubernetes.io/blog/2026/08/03/gateway-api-v1-6-release/',
    'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer',
    'https://docs.openshift.com/container-platform/latest/networking/ingress-operator.html',
    'https://doc.traefik.io/traefik/routing/providers/kubernetes-crd/',
    'https://projectcontour.io/docs/main/config/fundamentals/',
    'https://docs.nginx.com/nginx-ingress-controller/configuration/virtualserver-and-virtualserverroute-resources/',
  ],
  evaluate({ cluster, workload }): CheckOutcome {
    const missing = notEvaluable(cluster, 'services');
    if (missing) return missing;
    const noPods = noPodsByDesign(cluster, workload);
    if (noPods) return { status: 'skipped', message: noPods };
    const services = cluster.servicesOf(workload);
    if (services.length === 0)
      return {
        status: 'skipped',
        message: `No Service selects the pods of ${describeObject(
          workload,
        )}, so no Ingress or route reaches them`,
      };
    const serviceNames = services.map(s => s.metadata.name);
    const unreadable = unreadableRoutes(cluster);
    // Entry points grouped by what serves them: five Ingresses of one class are one controller.
    const groups = new Map<
      string,
      { servedBy: EntryPoint['servedBy']; routes: Set<string> }
    >();
    for (const service of services)
      for (const entry of entryPointsOf(cluster, service)) {
        const { servedBy } = entry;
        const refused =
          (servedBy.kind === 'Gateway' &&
            (servedBy.notAccepted ??
              servedBy.notPermitted ??
              servedBy.permissionUnknown)) ||
          (servedBy.kind === 'Router' && servedBy.notAdmitted) ||
          (servedBy.kind === 'IngressClass' &&
            (servedBy.notAccepted ?? servedBy.acceptanceUnknown));
        // Refusals, and classes that could not be told, stay apart by their reason: each group is
        // judged once, from its first entry.
        const unresolved =
          servedBy.kind === 'IngressClass' ? servedBy.unresolved ?? '' : '';
        const key = `${servedByName(servedBy)}${
          refused ? ` (refused: ${refused})` : ''
        }${unresolved}`;
        const group = groups.get(key) ?? {
          servedBy: entry.servedBy,
          routes: new Set<string>(),
        };
        if (entry.route) group.routes.add(entry.route);
        groups.set(key, group);
      }
    if (groups.size === 0) {
      if (unreadable.length > 0)
        return {
          status: 'unknown',
          message: `Whether an Ingress or route reaches its Services cannot be told: ${unreadable.join(
            '; ',
          )}`,
          evidence: { services: serviceNames },
        };
      return {
        status: 'skipped',
        message: `No Ingress, Route, Gateway API route, VirtualService or ingress controller route (Traefik, Contour, NGINX) sends traffic to its ${plural(
          services.length,
          'Service',
        )} (${serviceNames.join(', ')}), and none is of type LoadBalancer`,
        evidence: { services: serviceNames },
      };
    }
    const judged = [...groups.values()].map(group => ({
      routes: [...group.routes],
      servedBy: servedByName(group.servedBy),
      verdict: judgeEntryPoint(cluster, group.servedBy),
    }));
    const statuses = judged.map(j => j.verdict.status);
    // Routes that could not be read may lead through a worse entry point, and an entry point this
    // input cannot judge may be a bad one: no pass on what was seen.
    const worst = worstStatus([
      ...statuses,
      ...(unreadable.length > 0 ? (['unknown'] as const) : []),
    ]);
    const status =
      worst === 'pass' && statuses.includes('skipped') ? 'skipped' : worst;
    // A LoadBalancer Service is its own entry point: its verdict names it.
    const described = (j: (typeof judged)[number]) =>
      j.routes.length > 0
        ? `${j.routes.join(', ')} → ${j.verdict.message}`
        : j.verdict.message;
    const passing = judged.filter(j => j.verdict.status === 'pass');
    const problems = judged.filter(j => j.verdict.status !== 'pass');
    const message =
      problems.length === 0
        ? `Reached through ${judged.map(described).join('; ')}`
        : `${problems
            .sort((a, b) =>
              byStatusWorstFirst(a.verdict.status, b.verdict.status),
            )
            .map(described)
            .join('; ')}${
            passing.length > 0
              ? `; also reached through ${passing
                  .map(j => j.servedBy)
                  .join(', ')}, which ${
                  passing.length === 1 ? 'is' : 'are'
                } redundant`
              : ''
          }`;
    const worstEntry = problems.find(j => j.verdict.status === status);
    return {
      status,
      message: `${message}${
        unreadable.length > 0
          ? `; other routes cannot be read: ${unreadable.join('; ')}`
          : ''
      }`,
      ...(worstEntry?.verdict.remediation
        ? { remediation: worstEntry.verdict.remediation }
        : {}),
      evidence: {
        services: serviceNames,
        entryPoints: judged.map(j => ({
          servedBy: j.servedBy,
          routes: j.routes,
          status: j.verdict.status,
        })),
      },
    };
  },
};
