/**
 * The verdict on one entry point of a workload (entryPoints.ts), read from the cluster check that
 * judges what serves it: network-ingress-controller (IngressClasses, OpenShift routers, Istio
 * Gateways), network-gateway-data-plane (Gateway API) or network-loadbalancer-provisioned.
 */
import { CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { describeObject } from '../util';
import { EntryPoint } from './entryPoints';
import { ISTIO_GATEWAYS, istioGatewayKey } from './istioGateways';
import {
  gatewayKey,
  gatewayVerdicts,
  networkGatewayDataPlane,
} from './network-gateway-data-plane';
import {
  INGRESS_CONTROLLERS,
  ingressControllerVerdicts,
  networkIngressController,
} from './network-ingress-controller';
import {
  judgeLoadBalancer,
  LOAD_BALANCER_STATUS_ABSENT,
  networkLoadbalancerProvisioned,
} from './network-loadbalancer-provisioned';

type ServedBy<K extends EntryPoint['servedBy']['kind']> = Extract<
  EntryPoint['servedBy'],
  { kind: K }
>;

/** The verdict on one entry point, as a workload behind it sees it. */
export interface EntryVerdict {
  /** `skipped`: not evaluable from this input (a manifests scan has no controller pods). */
  status: CheckOutcome['status'];
  /** Starts with what serves the entry point (`IngressClass nginx (…)`, `Gateway edge/public …`). */
  message: string;
  remediation?: string;
}

/** `IngressClass nginx`, `Gateway edge/public`: what an entry point goes through. */
export function servedByName(servedBy: EntryPoint['servedBy']): string {
  switch (servedBy.kind) {
    case 'LoadBalancer':
      return describeObject(servedBy.service, 'Service');
    case 'Gateway':
      return `Gateway ${servedBy.namespace}/${servedBy.name}`;
    case 'IstioGateway':
      return `Istio Gateway ${servedBy.namespace}/${servedBy.name}`;
    case 'ListenerSet':
      return `ListenerSet ${servedBy.namespace}/${servedBy.name}`;
    case 'Router':
      return servedBy.name === undefined
        ? 'no router'
        : `OpenShift IngressController ${servedBy.name}`;
    default:
      return servedBy.name === undefined
        ? 'no IngressClass'
        : `IngressClass ${servedBy.name}`;
  }
}

/**
 * The cluster check's verdict, read for an entry point. A data path outside the cluster (a cloud
 * load balancer) or on every node (Cilium's Envoy, judged by network-cni-ready) is redundant by
 * construction; any other skip (a Gateway whose controller reports no attached route, Istio's
 * unmanaged class) means the path this route takes could not be judged.
 */
function fromClusterVerdict(
  verdict: CheckOutcome,
  check: { remediation: string },
): EntryVerdict {
  const dataPath = verdict.evidence?.dataPath;
  if (verdict.status !== 'skipped')
    return {
      status: verdict.status,
      message: verdict.message,
      // The cluster check's own advice when its verdict has none more specific.
      remediation: verdict.remediation ?? check.remediation,
    };
  return {
    status: dataPath === 'cloud' || dataPath === 'node' ? 'pass' : 'unknown',
    message: verdict.message,
  };
}

/**
 * Why the cluster check judged nothing: its one outcome when a type it needs could not be read
 * (`unknown`), or is not in the input (`skipped`, plain manifests).
 */
function notJudged(
  outcomes: CheckOutcome | CheckOutcome[],
): CheckOutcome | undefined {
  if (Array.isArray(outcomes)) return undefined;
  return outcomes.status === 'unknown' || outcomes.evidence?.fetch === 'absent'
    ? outcomes
    : undefined;
}

/** A route to something that does not exist carries no traffic: a misconfiguration, not a risk. */
const missing = (name: string, remediation: string): EntryVerdict => ({
  status: 'warn',
  message: `${name} does not exist: no traffic reaches the workload this way`,
  remediation,
});

function judgeLoadBalancerEntry(
  cluster: ClusterView,
  servedBy: ServedBy<'LoadBalancer'>,
  name: string,
): EntryVerdict {
  if (cluster.snapshot.mode === 'manifests')
    return {
      status: 'skipped',
      message: `${name}: ${LOAD_BALANCER_STATUS_ABSENT}`,
    };
  return fromClusterVerdict(
    judgeLoadBalancer(cluster, servedBy.service),
    networkLoadbalancerProvisioned,
  );
}

function judgeIngressClassEntry(
  cluster: ClusterView,
  servedBy: ServedBy<'IngressClass'>,
  name: string,
): EntryVerdict {
  if (servedBy.name === undefined)
    return {
      status: 'unknown',
      message: `no IngressClass: ${
        servedBy.unresolved ??
        'the Ingress names none and the cluster marks none as default, so which controller serves it cannot be told'
      }`,
    };
  if (servedBy.notAccepted)
    return {
      status: 'warn',
      message: `${name}'s controller does not serve the route (${servedBy.notAccepted}): no traffic reaches the workload this way`,
      remediation:
        servedBy.refusedFix ??
        "Fix what the route's status reports (kubectl describe of the route), or have a valid root route include it.",
    };
  if (servedBy.acceptanceUnknown)
    return {
      status: 'unknown',
      message: `${name}: ${servedBy.acceptanceUnknown}`,
    };
  const verdicts = ingressControllerVerdicts(cluster);
  const verdict = verdicts.byClass.get(servedBy.name);
  if (verdict) return fromClusterVerdict(verdict, networkIngressController);
  const none = notJudged(verdicts.outcomes);
  return none
    ? { status: none.status, message: `${name}: ${none.message}` }
    : {
        status: 'unknown',
        message: `${name} does not exist, so which controller serves it cannot be told`,
      };
}

/** An OpenShift Route: the verdict on the routers of the IngressController that admitted it. */
function judgeRouterEntry(
  cluster: ClusterView,
  servedBy: ServedBy<'Router'>,
  name: string,
): EntryVerdict {
  if (servedBy.name === undefined)
    return {
      status: 'unknown',
      message:
        'no router has admitted the Route yet (its status.ingress is empty), so which one serves it cannot be told',
    };
  if (servedBy.notAdmitted)
    return {
      status: 'warn',
      message: `${name} does not admit the Route (${servedBy.notAdmitted}): no traffic reaches the workload this way`,
      remediation:
        "Fix what the Route's status reports for that router (oc describe route).",
    };
  const verdicts = ingressControllerVerdicts(cluster);
  const verdict = verdicts.byRouter.get(servedBy.name);
  if (verdict) return fromClusterVerdict(verdict, networkIngressController);
  const why =
    cluster.unavailable(INGRESS_CONTROLLERS) ??
    notJudged(verdicts.outcomes)?.message;
  return {
    status: 'unknown',
    message: why
      ? `${name}: ${why}`
      : `${name} is not among the cluster's IngressControllers, so its routers cannot be judged`,
  };
}

function judgeIstioGatewayEntry(
  cluster: ClusterView,
  servedBy: ServedBy<'IstioGateway'>,
  name: string,
): EntryVerdict {
  const verdicts = ingressControllerVerdicts(cluster);
  const verdict = verdicts.byIstioGateway.get(
    istioGatewayKey(servedBy.namespace, servedBy.name),
  );
  if (verdict) return fromClusterVerdict(verdict, networkIngressController);
  const why =
    cluster.unavailable(ISTIO_GATEWAYS) ??
    notJudged(verdicts.outcomes)?.message;
  if (why) return { status: 'unknown', message: `${name}: ${why}` };
  return missing(
    name,
    `Create ${name}, or bind the VirtualService to an existing Gateway (spec.gateways).`,
  );
}

function judgeGatewayEntry(
  cluster: ClusterView,
  servedBy: ServedBy<'Gateway'>,
  name: string,
): EntryVerdict {
  if (servedBy.notAccepted)
    return {
      status: 'warn',
      message: `${name} does not accept the route (${servedBy.notAccepted}): no traffic reaches the workload this way`,
      remediation:
        servedBy.refusedFix ??
        `Fix what the route's status reports for its parent ${name} (kubectl describe of the route).`,
    };
  if (servedBy.acceptanceUnknown)
    return {
      status: 'unknown',
      message: `${name}: whether it accepts the route cannot be told: ${servedBy.acceptanceUnknown}`,
    };
  if (servedBy.listenersDown)
    return {
      status: 'warn',
      message: `${name}: ${servedBy.listenersDown}: no traffic reaches the workload this way`,
      remediation:
        "Fix what the listener's conditions report in the status of the Gateway or ListenerSet that holds it: " +
        'a certificate Secret that is missing or invalid, a port or hostname another listener holds, a protocol the ' +
        'implementation does not support; or attach the route to a listener that is served.',
    };
  if (servedBy.notPermitted)
    return {
      status: 'warn',
      message: `${name}: the route's backendRef is refused (${servedBy.notPermitted}): no traffic reaches the workload this way`,
      remediation:
        "Create a ReferenceGrant in the Service's namespace whose from names the route's kind and namespace and whose to names the Service, or move the route into the Service's namespace.",
    };
  if (servedBy.permissionUnknown)
    return {
      status: 'unknown',
      message: `${name}: ${servedBy.permissionUnknown}`,
    };
  const verdicts = gatewayVerdicts(cluster);
  const verdict = verdicts.byGateway.get(
    gatewayKey(servedBy.namespace, servedBy.name),
  );
  if (verdict) return fromClusterVerdict(verdict, networkGatewayDataPlane);
  const none = notJudged(verdicts.outcomes);
  if (none) return { status: none.status, message: `${name}: ${none.message}` };
  return missing(
    name,
    `Create ${name}, or point the route's parentRefs at an existing Gateway.`,
  );
}

/** The verdict on what serves an entry point. */
export function judgeEntryPoint(
  cluster: ClusterView,
  servedBy: EntryPoint['servedBy'],
): EntryVerdict {
  const name = servedByName(servedBy);
  switch (servedBy.kind) {
    case 'LoadBalancer':
      return judgeLoadBalancerEntry(cluster, servedBy, name);
    case 'IngressClass':
      return judgeIngressClassEntry(cluster, servedBy, name);
    case 'Router':
      return judgeRouterEntry(cluster, servedBy, name);
    case 'IstioGateway':
      return judgeIstioGatewayEntry(cluster, servedBy, name);
    case 'ListenerSet':
      return {
        status: servedBy.problem.status,
        message: `${name} ${servedBy.problem.reason}`,
        ...(servedBy.problem.status === 'warn'
          ? {
              remediation:
                "Point the ListenerSet's spec.parentRef at its Gateway, create the ListenerSet, or attach the route to an existing Gateway or ListenerSet.",
            }
          : {}),
      };
    default:
      return judgeGatewayEntry(cluster, servedBy, name);
  }
}
