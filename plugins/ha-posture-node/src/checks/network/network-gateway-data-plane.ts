import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  conditionOf,
  describeObject,
  notEvaluable,
  objectTarget,
  worstStatus,
} from '../util';
import { GATEWAY_NAME_LABEL, gatewayDataPlane } from './gatewayDataPlane';
import {
  attachedRoutesOf,
  ISTIO_WAYPOINT_CONTROLLER,
  waypointUsers,
} from './gatewayTraffic';
import { judgeServing } from './servingWorkloads';

const GATEWAYS = 'gateways.gateway.networking.k8s.io';
const GATEWAY_CLASSES = 'gatewayclasses.gateway.networking.k8s.io';

/** GatewayClass controllers whose data path is a cloud load balancer, outside the cluster. */
const CLOUD_CONTROLLERS: Record<string, string> = {
  'networking.gke.io/gateway': 'Google Cloud load balancer',
  'gateway.k8s.aws/alb': 'AWS Application Load Balancer',
  'gateway.k8s.aws/nlb': 'AWS Network Load Balancer',
  'application-networking.k8s.aws/gateway-api-controller': 'Amazon VPC Lattice',
  'alb.networking.azure.io/alb-controller':
    'Azure Application Gateway for Containers',
};

/**
 * Cilium serves its Gateways from the Envoy of every node (in the cilium agent, or the
 * cilium-envoy DaemonSet) behind a Service without a selector: there is no per-Gateway workload,
 * and the nodes' Cilium pods are what network-cni-ready judges.
 */
const CILIUM_CONTROLLER = 'io.cilium/gateway-controller';

/**
 * Istio deploys nothing for class istio-remote: such a Gateway describes one that runs elsewhere
 * (another cluster of the mesh), or one deployed by hand behind the addresses it names.
 */
const ISTIO_UNMANAGED_CONTROLLER = 'istio.io/unmanaged-gateway';

/**
 * Programmed False for these reasons means no address was assigned (a LoadBalancer still pending)
 * or it cannot be used: the data plane may well run, and serve through node ports; the address is
 * network-loadbalancer-provisioned's finding, so the data plane is judged too.
 */
const ADDRESS_REASONS = new Set(['AddressNotAssigned', 'AddressNotUsable']);

/** Where each implementation sets the data plane's replicas and PodDisruptionBudget. */
const SCALING_ADVICE: Record<string, string> = {
  'gateway.envoyproxy.io/gatewayclass-controller':
    'In the EnvoyProxy resource of the GatewayClass or Gateway (spec.infrastructure.parametersRef), set spec.provider.kubernetes.envoyDeployment.replicas to 2 or more (or envoyHpa with minReplicas ≥ 2), pod anti-affinity or topology spread over nodes and zones, and envoyPDB with maxUnavailable: 1.',
  'istio.io/gateway-controller': `Give the Gateway's Deployment 2 or more replicas (a HorizontalPodAutoscaler with minReplicas ≥ 2), spread over nodes and zones, and a PodDisruptionBudget selecting ${GATEWAY_NAME_LABEL}=<gateway> with maxUnavailable: 1.`,
  'gateway.nginx.org/nginx-gateway-controller':
    'In the NginxProxy resource of the GatewayClass or Gateway, set spec.kubernetes.deployment.replicas to 2 or more, spread them over nodes and zones, and add a PodDisruptionBudget with maxUnavailable: 1.',
};

function controllerOf(
  cluster: ClusterView,
  className: string | undefined,
): string | undefined {
  if (!className) return undefined;
  const controller = cluster.get(GATEWAY_CLASSES, undefined, className)?.spec
    ?.controllerName;
  return typeof controller === 'string' ? controller : undefined;
}

interface StatusProblem {
  /** `warn`: an address problem, judged beside the data plane. */
  status: 'fail' | 'unknown' | 'warn';
  message: string;
}

/** A condition the controller set to False (the Gateway serves nothing), or one it has not set yet. */
function statusProblem(gateway: K8sObject): StatusProblem | undefined {
  for (const type of ['Accepted', 'Programmed']) {
    const condition = conditionOf(gateway, type);
    const why = [condition?.reason, condition?.message]
      .filter(Boolean)
      .join(': ');
    if (
      condition?.status === 'False' &&
      type === 'Programmed' &&
      ADDRESS_REASONS.has(condition.reason)
    )
      return {
        status: 'warn',
        message: `its controller reports no usable address (${why}): clients cannot reach it there`,
      };
    if (condition?.status === 'False')
      return {
        status: 'fail',
        message: `is not ${type.toLowerCase()} by its controller${
          why ? ` (${why})` : ''
        }: its listeners carry no traffic`,
      };
    if (condition?.status === 'Unknown')
      return {
        status: 'unknown',
        message: `has no ${type} verdict from a controller yet${
          why ? ` (${why})` : ''
        }: is the controller of its class running?`,
      };
  }
  return undefined;
}

function judgeGateway(cluster: ClusterView, gateway: K8sObject): CheckOutcome {
  const className: string | undefined =
    typeof gateway.spec?.gatewayClassName === 'string'
      ? gateway.spec.gatewayClassName
      : undefined;
  const controller = controllerOf(cluster, className);
  const subject = `${describeObject(gateway, 'Gateway')} (class ${
    className ?? 'none'
  }${controller ? `, ${controller}` : ''})`;
  const target = objectTarget(cluster, gateway, 'Gateway');
  const attachedRoutes = attachedRoutesOf(gateway);
  const evidence = { gatewayClass: className, controller, attachedRoutes };
  const problem = statusProblem(gateway);
  if (problem && problem.status !== 'warn')
    return {
      status: problem.status,
      message: `${subject} ${problem.message}`,
      ...(problem.status === 'fail'
        ? {
            remediation: `Fix what the Gateway's conditions report (kubectl -n ${gateway.metadata.namespace} describe gateway ${gateway.metadata.name}).`,
          }
        : {}),
      target,
      evidence,
    };
  if (controller && CLOUD_CONTROLLERS[controller])
    return {
      status: 'skipped',
      message: `${subject}: traffic flows through the ${CLOUD_CONTROLLERS[controller]}, outside the cluster`,
      target,
      evidence: { ...evidence, dataPath: 'cloud' },
    };
  if (controller === ISTIO_WAYPOINT_CONTROLLER) {
    const users = waypointUsers(cluster, gateway);
    if (users.length === 0)
      return {
        status: 'skipped',
        message: `${subject}: an Istio waypoint that no namespace or Service uses (no istio.io/use-waypoint: ${gateway.metadata.name} label)`,
        target,
        evidence,
      };
  } else if (attachedRoutes === 0)
    return {
      status: 'skipped',
      message: `${subject}: no route is attached to it`,
      target,
      evidence,
    };
  if (controller === CILIUM_CONTROLLER)
    return {
      status: 'skipped',
      message: `${subject}: served by the Envoy that Cilium runs on every node; network-cni-ready judges those pods`,
      target,
      evidence: { ...evidence, dataPath: 'node' },
    };
  const dataPlane = gatewayDataPlane(cluster, gateway);
  if (!dataPlane && controller === ISTIO_UNMANAGED_CONTROLLER)
    return {
      status: 'skipped',
      message: `${subject}: Istio deploys nothing for this class, and no Service here answers on its addresses: the gateway it describes runs elsewhere (another cluster of the mesh)`,
      target,
      evidence,
    };
  if (!dataPlane)
    return {
      status: 'unknown',
      message: `${subject}: no data-plane workload found (none owned by the Gateway or labelled ${GATEWAY_NAME_LABEL}=${
        gateway.metadata.name
      }, and no Service with a selector behind its ${
        gateway.status?.addresses?.length
          ? 'addresses'
          : 'address, which it has not reported'
      })${
        className && !controller
          ? `; its GatewayClass ${className} was not found`
          : ''
      }`,
      target,
      evidence,
    };
  const verdict = judgeServing(
    cluster,
    subject,
    dataPlane.workloads.map(w => describeObject(w)).join(', '),
    dataPlane.workloads,
    "the Gateway's data plane",
  );
  const advice = controller ? SCALING_ADVICE[controller] : undefined;
  const remediations = [
    verdict.remediation ?? (verdict.status !== 'pass' ? advice : undefined),
    problem
      ? `Fix what the Gateway's Programmed condition reports, e.g. a LoadBalancer Service still pending (kubectl -n ${gateway.metadata.namespace} describe gateway ${gateway.metadata.name}).`
      : undefined,
  ].filter((r): r is string => r !== undefined);
  return {
    status: problem
      ? worstStatus([verdict.status, problem.status])
      : verdict.status,
    message: problem
      ? `${verdict.message}; ${problem.message}`
      : verdict.message,
    ...(remediations.length ? { remediation: remediations.join(' ') } : {}),
    target,
    evidence: {
      ...evidence,
      foundBy: dataPlane.foundBy,
      ...(dataPlane.services ? { services: dataPlane.services } : {}),
      ...verdict.evidence,
    },
  };
}

export const networkGatewayDataPlane: ClusterCheck = {
  id: 'network-gateway-data-plane',
  title: 'Gateway API gateways run spread replicas with a PDB',
  category: 'network',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'Every route attached to a Gateway (for an Istio waypoint, the L7 traffic of the namespaces and Services ' +
    'enrolled in it) passes through the pods of its data plane: with one replica, or all ' +
    'replicas on one node or zone, a node failure or drain cuts every site behind it. Most implementations ' +
    'provision one replica per Gateway by default.',
  remediation:
    "Run the Gateway's data plane with at least 2 replicas spread over nodes and zones and a " +
    'PodDisruptionBudget with maxUnavailable: 1, through the parameters of its GatewayClass or Gateway.',
  references: [
    'https://gateway-api.sigs.k8s.io/api-types/gateway/',
    'https://gateway.envoyproxy.io/docs/tasks/operations/customize-envoyproxy/',
    'https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/',
  ],
  evaluate({ cluster }): CheckOutcome | CheckOutcome[] {
    if (cluster.fetchState(GATEWAYS).status === 'not-installed')
      return {
        status: 'skipped',
        message:
          'The Gateway API is not installed (no gateways.gateway.networking.k8s.io): no Gateway to judge',
        evidence: { resource: GATEWAYS, fetch: 'not-installed' },
      };
    const missing = notEvaluable(cluster, GATEWAYS, 'pods');
    if (missing) return missing;
    const gateways = cluster.list(GATEWAYS);
    if (gateways.length === 0)
      return {
        status: 'skipped',
        message: 'No Gateway in the cluster',
      };
    return gateways.map(gateway => judgeGateway(cluster, gateway));
  },
};
