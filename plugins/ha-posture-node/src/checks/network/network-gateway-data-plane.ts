import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  describeObject,
  notEvaluable,
  objectTarget,
  perCluster,
  worstStatus,
} from '../util';
import { gatewayClassOf } from './gatewayClass';
import { GATEWAY_NAME_LABEL, gatewayDataPlane } from './gatewayDataPlane';
import { gatewayStatusProblem } from './gatewayStatus';
import {
  gatewayRoutesOf,
  ISTIO_WAYPOINT_CONTROLLER,
  WAYPOINT_USER_KEYS,
  waypointUsers,
} from './gatewayTraffic';
import { judgeServing } from './servingWorkloads';

export const GATEWAYS = 'gateways.gateway.networking.k8s.io';

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

/** Where each implementation sets the data plane's replicas and PodDisruptionBudget. */
const SCALING_ADVICE: Record<string, string> = {
  'gateway.envoyproxy.io/gatewayclass-controller':
    'In the EnvoyProxy resource of the GatewayClass or Gateway (spec.infrastructure.parametersRef), set spec.provider.kubernetes.envoyDeployment.replicas to 2 or more (or envoyHpa with minReplicas ≥ 2), pod anti-affinity or topology spread over nodes and zones, and envoyPDB with maxUnavailable: 1.',
  'istio.io/gateway-controller': `Give the Gateway's Deployment 2 or more replicas (a HorizontalPodAutoscaler with minReplicas ≥ 2), spread over nodes and zones, and a PodDisruptionBudget selecting ${GATEWAY_NAME_LABEL}=<gateway> with maxUnavailable: 1.`,
  'gateway.nginx.org/nginx-gateway-controller':
    'In the NginxProxy resource of the GatewayClass or Gateway, set spec.kubernetes.deployment.replicas to 2 or more, spread them over nodes and zones, and add a PodDisruptionBudget with maxUnavailable: 1.',
};

/** `kubectl describe` of the Gateway, for remediations. */
function describeCommand(gateway: K8sObject): string {
  return `kubectl -n ${gateway.metadata.namespace} describe gateway ${gateway.metadata.name}`;
}

/**
 * Why the Gateway carries no traffic at all (no attached route; a waypoint nothing is enrolled
 * in), an `unknown` when that cannot be read, or undefined when it carries some.
 */
function idleReason(
  cluster: ClusterView,
  gateway: K8sObject,
  controller: string | undefined,
  attachedRoutes: number | undefined,
): Pick<CheckOutcome, 'status' | 'message'> | undefined {
  if (controller !== ISTIO_WAYPOINT_CONTROLLER)
    return attachedRoutes === 0
      ? { status: 'skipped', message: 'no route is attached to it' }
      : undefined;
  const unreadable = cluster.unavailable(...WAYPOINT_USER_KEYS);
  if (unreadable)
    return {
      status: 'unknown',
      message: `an Istio waypoint, but what is enrolled in it cannot be read: ${unreadable}`,
    };
  return waypointUsers(cluster, gateway).length === 0
    ? {
        status: 'skipped',
        message: `an Istio waypoint that no namespace, Service or pod uses (no istio.io/use-waypoint: ${gateway.metadata.name} label)`,
      }
    : undefined;
}

/** Why no data plane was found, in the words of an `unknown`. */
function notFoundReason(gateway: K8sObject, classMissing?: string): string {
  const addresses = gateway.status?.addresses;
  const behind =
    Array.isArray(addresses) && addresses.length > 0
      ? 'on its addresses and listener ports'
      : 'on its address, which it has not reported';
  return `no data-plane workload found (none owned by the Gateway or labelled ${GATEWAY_NAME_LABEL}=${
    gateway.metadata.name
  }, and no Service with a selector ${behind})${
    classMissing ? `; its GatewayClass ${classMissing}` : ''
  }`;
}

function judgeGateway(cluster: ClusterView, gateway: K8sObject): CheckOutcome {
  const gatewayClass = gatewayClassOf(cluster, gateway);
  const { controller } = gatewayClass;
  const subject = `${describeObject(gateway, 'Gateway')} (class ${
    gatewayClass.name ?? 'none'
  }${controller ? `, ${controller}` : ''})`;
  const target = objectTarget(cluster, gateway, 'Gateway');
  const attachedRoutes = gatewayRoutesOf(cluster, gateway);
  const evidence = {
    gatewayClass: gatewayClass.name,
    controller,
    attachedRoutes,
  };
  const outcome = (
    status: CheckOutcome['status'],
    message: string,
    extra: Partial<CheckOutcome> = {},
  ): CheckOutcome => ({
    status,
    message: `${subject}${message}`,
    target,
    evidence,
    ...extra,
  });
  // A Gateway that carries nothing is left alone, whatever its state.
  const idle = idleReason(cluster, gateway, controller, attachedRoutes);
  if (idle) return outcome(idle.status, `: ${idle.message}`);
  const problem = gatewayStatusProblem(gateway);
  const cloud = controller ? CLOUD_CONTROLLERS[controller] : undefined;
  if (problem?.kind === 'pending')
    return outcome('unknown', ` ${problem.message}`);
  // Behind a cloud load balancer, no usable address is no traffic at all.
  if (problem && (problem.kind === 'rejected' || cloud))
    return outcome('fail', ` ${problem.message}`, {
      remediation: `Fix what the Gateway's conditions report (${describeCommand(
        gateway,
      )}).`,
    });
  if (cloud)
    return outcome(
      'skipped',
      `: traffic flows through the ${cloud}, outside the cluster`,
      { evidence: { ...evidence, dataPath: 'cloud' } },
    );
  if (controller === CILIUM_CONTROLLER)
    return outcome(
      'skipped',
      ': served by the Envoy that Cilium runs on every node; network-cni-ready judges those pods',
      { evidence: { ...evidence, dataPath: 'node' } },
    );
  const dataPlane = gatewayDataPlane(cluster, gateway);
  if (!dataPlane && controller === ISTIO_UNMANAGED_CONTROLLER)
    return outcome(
      'skipped',
      ': Istio deploys nothing for this class, and no Service here answers on its addresses: the gateway it describes runs elsewhere (another cluster of the mesh)',
    );
  if (!dataPlane)
    return outcome(
      'unknown',
      `: ${notFoundReason(gateway, gatewayClass.missing)}`,
    );
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
      ? `Fix what the Gateway's Programmed condition reports, e.g. a LoadBalancer Service still pending (${describeCommand(
          gateway,
        )}).`
      : undefined,
  ].filter((r): r is string => r !== undefined);
  return {
    status: problem ? worstStatus([verdict.status, 'warn']) : verdict.status,
    message: problem
      ? `${verdict.message}; the Gateway ${problem.message}`
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

/** What network-gateway-data-plane finds in a cluster, also read by network-entry-path. */
export interface GatewayVerdicts {
  /** The check's outcomes: one per Gateway, or why none was judged. */
  outcomes: CheckOutcome | CheckOutcome[];
  /** The verdict on each Gateway, by `namespace/name`. */
  byGateway: ReadonlyMap<string, CheckOutcome>;
}

/** `namespace/name` of a Gateway, as byGateway keys it. */
export const gatewayKey = (namespace: string, name: string) =>
  `${namespace}/${name}`;

/** Judged once per cluster: the cluster check and every workload's entry path share it. */
export const gatewayVerdicts = perCluster((cluster): GatewayVerdicts => {
  const none = (outcome: CheckOutcome): GatewayVerdicts => ({
    outcomes: outcome,
    byGateway: new Map(),
  });
  if (cluster.fetchState(GATEWAYS).status === 'not-installed')
    return none({
      status: 'skipped',
      message:
        'The Gateway API is not installed (no gateways.gateway.networking.k8s.io): no Gateway to judge',
      evidence: { resource: GATEWAYS, fetch: 'not-installed' },
    });
  // Services lead to shared data planes, and tell Contour's Envoy from its control plane.
  const missing = notEvaluable(cluster, GATEWAYS, 'pods', 'services');
  if (missing) return none(missing);
  const gateways = cluster.list(GATEWAYS);
  if (gateways.length === 0)
    return none({ status: 'skipped', message: 'No Gateway in the cluster' });
  const byGateway = new Map<string, CheckOutcome>();
  const outcomes = gateways.map(gateway => {
    const verdict = judgeGateway(cluster, gateway);
    byGateway.set(
      gatewayKey(
        gateway.metadata.namespace ?? 'default',
        gateway.metadata.name,
      ),
      verdict,
    );
    return verdict;
  });
  return { outcomes, byGateway };
});

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
    return gatewayVerdicts(cluster).outcomes;
  },
};
