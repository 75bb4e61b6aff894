import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import {
  describeObject,
  longRunningContainers,
  notEvaluable,
  objectTarget,
  perCluster,
  plural,
  worstStatus,
} from '../util';
import {
  CONTROLLER_ROUTE_KEYS,
  controllerRouteTrees,
} from './controllerRoutes';
import {
  defaultIngressClass,
  INGRESS_CLASSES,
  ingressClassOf,
  isContourController,
} from './ingressClass';
import {
  ISTIO_GATEWAYS,
  istioGatewayKey,
  judgeIstioGateway,
} from './istioGateways';
import { controllerWorkloads, flagValues } from './ingressControllerWorkloads';
import { judgeSpread, readySpreadOfPods } from './replicaSpread';
import {
  judgeServing,
  pdbNote,
  servingOutcome,
  servingSpread,
} from './servingWorkloads';

const INGRESSES = 'ingresses.networking.k8s.io';
export const INGRESS_CONTROLLERS = 'ingresscontrollers.operator.openshift.io';
const OPENSHIFT_ROUTER = 'openshift.io/ingress-to-route';

/** Controllers whose data path is a cloud load balancer: no in-cluster pods carry the traffic. */
const CLOUD_CONTROLLERS: Record<string, string> = {
  'ingress.k8s.aws/alb': 'AWS Application Load Balancer',
  // EKS Auto Mode's built-in load balancing: AWS runs the controller outside the cluster and the
  // traffic goes through an ALB (docs.aws.amazon.com/eks/latest/userguide/auto-configure-alb.html).
  'eks.amazonaws.com/alb': 'AWS Application Load Balancer (EKS Auto Mode)',
  'k8s.io/ingress-gce': 'Google Cloud load balancer',
  'networking.gke.io/ingress-gce': 'Google Cloud load balancer',
  'azure/application-gateway': 'Azure Application Gateway',
};

/** An Envoy proxy workload: labelled as Envoy, or running the Envoy image. */
function isEnvoy(workload: Workload): boolean {
  const labels = workload.templateLabels;
  return (
    labels.app === 'envoy' ||
    labels['app.kubernetes.io/component'] === 'envoy' ||
    longRunningContainers(workload.podSpec).some(c =>
      /(^|\/)envoy(:|@|$)/.test(String(c?.image ?? '')),
    )
  );
}

/** What uses an IngressClass: Ingresses, and the Traefik, Contour and NGINX Inc routes served through it. */
interface ClassUsage {
  ingresses: number;
  /** IngressRoutes, root HTTPProxies and VirtualServers (what they delegate to is reached through them). */
  routes: number;
}

/**
 * The usage of each class; Ingresses without a class go to the default class. Undefined when
 * Ingresses or a controller route type could not be read: a class is then judged, used or not.
 */
function usagePerClass(
  cluster: ClusterView,
  classes: K8sObject[],
): Map<string, ClassUsage> | undefined {
  const readable = (key: string) => {
    const status = cluster.fetchState(key).status;
    return status === 'ok' || status === 'not-installed';
  };
  if (cluster.fetchState(INGRESSES).status !== 'ok') return undefined;
  if (!CONTROLLER_ROUTE_KEYS.every(readable)) return undefined;
  const defaultClass = defaultIngressClass(classes);
  const usage = new Map<string, ClassUsage>();
  const count = (name: string | undefined, field: keyof ClassUsage) => {
    if (!name) return;
    const entry = usage.get(name) ?? { ingresses: 0, routes: 0 };
    entry[field]++;
    usage.set(name, entry);
  };
  for (const ingress of cluster.list(INGRESSES))
    count(ingressClassOf(ingress, defaultClass), 'ingresses');
  for (const tree of controllerRouteTrees(cluster))
    count(tree.routeClass.name, 'routes');
  return usage;
}

/** `3 Ingresses`, `1 Ingress and 2 routes`: what a class serves. */
function describeUsage(usage: ClassUsage): string {
  return [
    ...(usage.ingresses
      ? [plural(usage.ingresses, 'Ingress', 'Ingresses')]
      : []),
    ...(usage.routes ? [plural(usage.routes, 'route')] : []),
  ].join(' and ');
}

/**
 * Where Contour's Envoy runs: the namespace Contour looks for its Envoy Service in
 * (`--envoy-service-namespace`, default Contour's own), for each control-plane workload.
 */
function envoyNamespaces(controlPlane: Workload[]): string[] {
  return [
    ...new Set(
      controlPlane.map(
        w => flagValues(w, ['--envoy-service-namespace'])[0] ?? w.namespace,
      ),
    ),
  ];
}

/**
 * Contour's Envoy workloads: those among `found` (the Bitnami chart labels Envoy like Contour),
 * and the Envoy workloads in the control plane's Envoy namespaces.
 */
function envoyWorkloads(
  cluster: ClusterView,
  found: Workload[],
  namespaces: string[],
): Workload[] {
  return cluster
    .workloads()
    .filter(
      w =>
        w.kind !== 'Pod' &&
        isEnvoy(w) &&
        (found.includes(w) || namespaces.includes(w.namespace)),
    );
}

/**
 * A Contour class: the Envoy pods carry the traffic, so they get the full judgement (≥ 2 ready,
 * spread, a PDB unless a DaemonSet). The `contour` control plane needs ≥ 2 ready replicas on
 * different nodes too, but losing it does not cut traffic (Envoy keeps the routes it has; new and
 * changed Ingresses wait, and a restarted Envoy pod gets no routes): a single replica warns, none
 * fails, and it needs no PDB (a drain that evicts both only pauses configuration updates).
 */
function judgeContour(
  cluster: ClusterView,
  subject: string,
  found: Workload[],
  evidence: Record<string, unknown>,
): Omit<CheckOutcome, 'target'> {
  const controlPlane = found.filter(w => !isEnvoy(w));
  const namespaces = envoyNamespaces(controlPlane);
  const envoys = envoyWorkloads(cluster, found, namespaces);
  const controlNames = controlPlane.map(w => describeObject(w));
  if (envoys.length === 0) {
    return {
      status: 'unknown',
      message: `${subject}: found Contour's control plane (${controlNames.join(
        ', ',
      )}) but not the Envoy workload that carries its traffic (labelled app: envoy or app.kubernetes.io/component: envoy, in ${
        namespaces.length === 1 ? 'namespace' : 'namespaces'
      } ${namespaces.join(', ')})`,
      evidence: { ...evidence, controlPlane: controlNames },
    };
  }
  const data = judgeServing(
    cluster,
    subject,
    `Envoy (${envoys.map(w => describeObject(w)).join(', ')})`,
    envoys,
    'Envoy',
  );
  if (controlPlane.length === 0) {
    return {
      status: data.status,
      message: `${data.message}; Contour's control plane (the contour Deployment that configures Envoy) was not found`,
      ...(data.remediation ? { remediation: data.remediation } : {}),
      evidence: { ...evidence, ...data.evidence, controlPlane: [] },
    };
  }
  const controlSpread = readySpreadOfPods(
    cluster,
    controlPlane.flatMap(w => cluster.podsOf(w)),
  );
  const control = judgeSpread(
    cluster,
    `its control plane, ${controlNames.join(', ')},`,
    controlSpread,
    { noun: 'replica', single: 'warn' },
  );
  const remediations = [
    ...(data.remediation ? [data.remediation] : []),
    ...(data.status !== 'pass' && !data.remediation
      ? [
          'Run Envoy as a DaemonSet on several nodes, or as a Deployment with 2+ replicas spread over nodes and zones with a PodDisruptionBudget.',
        ]
      : []),
    ...(control.status !== 'pass'
      ? [
          `Run the Contour control plane with 2+ replicas on different nodes (kubectl -n ${controlPlane[0].namespace} scale deployment ${controlPlane[0].name} --replicas=2, with pod anti-affinity as in the upstream manifest).`,
        ]
      : []),
  ];
  return {
    status: worstStatus([data.status, control.status]),
    message: `${data.message}; ${control.message}${
      control.status === 'pass'
        ? ''
        : " (Envoy keeps serving the routes it has, but new and changed Ingresses don't reach it, and a restarted Envoy pod gets no routes)"
    }`,
    ...(remediations.length ? { remediation: remediations.join(' ') } : {}),
    evidence: {
      ...evidence,
      ...data.evidence,
      controlPlane: {
        workloads: controlNames,
        ...controlSpread,
      },
    },
  };
}

/** `usage`: what uses the class; undefined when that could not be read. */
function judgeClass(
  cluster: ClusterView,
  ingressClass: K8sObject,
  usage: ClassUsage | undefined,
): CheckOutcome {
  const usageEvidence = usage
    ? {
        ingresses: usage.ingresses,
        ...(usage.routes ? { routes: usage.routes } : {}),
      }
    : { ingresses: undefined };
  const controller: string = ingressClass.spec?.controller ?? '';
  const subject = `IngressClass ${ingressClass.metadata.name} (${
    controller || 'no controller'
  })`;
  const target = objectTarget(cluster, ingressClass, 'IngressClass');
  if (CLOUD_CONTROLLERS[controller]) {
    return {
      status: 'skipped',
      message: `${subject}: traffic flows through the ${CLOUD_CONTROLLERS[controller]}, outside the cluster`,
      target,
      evidence: { controller, ...usageEvidence, dataPath: 'cloud' },
    };
  }
  if (usage && usage.ingresses + usage.routes === 0) {
    return {
      status: 'skipped',
      message: `${subject}: no Ingress or route uses it`,
      target,
      evidence: { controller, ...usageEvidence },
    };
  }
  const workloads = controllerWorkloads(cluster, ingressClass);
  if (workloads.length === 0) {
    return {
      status: 'unknown',
      message: `${subject}: no controller workload found${
        usage ? ` for its ${describeUsage(usage)}` : ''
      }`,
      target,
      evidence: { controller, ...usageEvidence },
    };
  }
  if (isContourController(controller)) {
    return {
      ...judgeContour(cluster, subject, workloads, {
        controller,
        ...usageEvidence,
      }),
      target,
    };
  }
  return servingOutcome(
    cluster,
    subject,
    workloads,
    'the ingress controller',
    target,
    { controller, ...usageEvidence },
  );
}

/** Namespace of the router Deployments the OpenShift ingress operator creates. */
const ROUTER_NAMESPACE = 'openshift-ingress';
/** Label of a router Deployment's pods: the name of their IngressController. */
const ROUTER_LABEL =
  'ingresscontroller.operator.openshift.io/deployment-ingresscontroller';

/**
 * The router Deployment of an IngressController: openshift-ingress/router-<name>, whose pods carry
 * the deployment-ingresscontroller=<name> label. Empty when pods were not read (nothing to spread).
 */
function routerWorkloads(cluster: ClusterView, ic: K8sObject): Workload[] {
  if (cluster.fetchState('pods').status !== 'ok') return [];
  const name = ic.metadata.name;
  return cluster
    .workloads()
    .filter(
      w =>
        w.kind === 'Deployment' &&
        w.namespace === ROUTER_NAMESPACE &&
        (w.templateLabels[ROUTER_LABEL] === name ||
          w.name === `router-${name}`),
    );
}

/**
 * One OpenShift IngressController (openshift-ingress-operator): its router pods get the same
 * judgement as other controllers' (≥ 2 ready, on ≥ 2 nodes, in ≥ 2 zones when workers span
 * several); without router pods in the snapshot, by status.availableReplicas alone.
 */
function judgeOpenShiftRouter(
  cluster: ClusterView,
  ic: K8sObject,
): CheckOutcome {
  const available = Number(ic.status?.availableReplicas ?? 0);
  const desired = ic.spec?.replicas;
  const name = ic.metadata.name;
  const subject = `OpenShift IngressController ${name}`;
  const target = objectTarget(cluster, ic, 'IngressController');
  const scale = `oc -n openshift-ingress-operator patch ingresscontroller/${name} --type=merge -p '{"spec":{"replicas":2}}' (needs 2+ worker nodes)`;
  const routers = routerWorkloads(cluster, ic);
  if (routers.length === 0) {
    const evidence = { available, replicas: desired };
    if (available >= 2)
      return {
        status: 'pass',
        message: `${subject} has ${available} available router replicas`,
        target,
        evidence,
      };
    return {
      status: 'fail',
      message: `${subject} has ${plural(
        available,
        'available router replica',
      )}: routes and Ingresses go down with ${available ? 'its node' : 'it'}`,
      remediation: scale,
      target,
      evidence,
    };
  }
  const { spread, names, verdict, withPdb } = servingSpread(
    cluster,
    `${subject}, served by ${routers.map(w => describeObject(w)).join(', ')},`,
    routers,
    'router replica',
  );
  const evidence = {
    available,
    replicas: desired,
    workloads: names,
    ...spread,
    withPdb: withPdb.map(w => describeObject(w)),
  };
  if (verdict.status === 'pass')
    return {
      ...verdict,
      message: `${verdict.message}${pdbNote(routers, withPdb)}`,
      target,
      evidence,
    };
  return {
    ...verdict,
    remediation:
      spread.ready >= 2
        ? `Let the routers of IngressController ${name} run on workers in several zones (its spec.nodePlacement), then delete one router pod (oc -n ${ROUTER_NAMESPACE} delete pod <pod>) so the scheduler places it on another node or zone`
        : scale,
    target,
    evidence,
  };
}

/** The IngressController an OpenShift router class names in spec.parameters, else `default`. */
function routerOfClass(ingressClass: K8sObject): string {
  const parameters = ingressClass.spec?.parameters;
  return parameters?.kind === 'IngressController' &&
    typeof parameters.name === 'string'
    ? parameters.name
    : 'default';
}

/** What network-ingress-controller finds in a cluster, also read by network-entry-path. */
export interface IngressControllerVerdicts {
  /** The check's outcomes: one per OpenShift router and IngressClass, or why none was judged. */
  outcomes: CheckOutcome | CheckOutcome[];
  /**
   * The verdict on the controller of each IngressClass, by class name. A class OpenShift's routers
   * serve gets the verdict of the IngressController its parameters name (the ingress operator
   * creates `openshift-default` for `default`).
   */
  byClass: ReadonlyMap<string, CheckOutcome>;
  /** The verdict on each OpenShift IngressController's routers, by IngressController name. */
  byRouter: ReadonlyMap<string, CheckOutcome>;
  /** The verdict on each Istio Gateway's gateway pods, by `namespace/name`. */
  byIstioGateway: ReadonlyMap<string, CheckOutcome>;
}

/** Judged once per cluster: the cluster check and every workload's entry path share it. */
export const ingressControllerVerdicts = perCluster(
  (cluster): IngressControllerVerdicts => {
    const missing = notEvaluable(cluster, INGRESS_CLASSES, 'pods');
    if (missing)
      return {
        outcomes: missing,
        byClass: new Map(),
        byRouter: new Map(),
        byIstioGateway: new Map(),
      };
    const routers =
      cluster.flavor === 'openshift' &&
      cluster.fetchState(INGRESS_CONTROLLERS).status === 'ok'
        ? cluster.list(INGRESS_CONTROLLERS).map(ic => ({
            name: ic.metadata.name,
            verdict: judgeOpenShiftRouter(cluster, ic),
          }))
        : [];
    const servedByRouters = (c: K8sObject) =>
      routers.length > 0 && c.spec?.controller === OPENSHIFT_ROUTER;
    const allClasses = cluster.list(INGRESS_CLASSES);
    const classes = allClasses.filter(c => !servedByRouters(c));
    const usage = usagePerClass(cluster, allClasses);
    const byClass = new Map<string, CheckOutcome>();
    for (const c of classes)
      byClass.set(
        c.metadata.name,
        judgeClass(
          cluster,
          c,
          usage && (usage.get(c.metadata.name) ?? { ingresses: 0, routes: 0 }),
        ),
      );
    for (const c of allClasses.filter(servedByRouters)) {
      const router = routers.find(r => r.name === routerOfClass(c));
      if (router) byClass.set(c.metadata.name, router.verdict);
    }
    const byRouter = new Map(routers.map(r => [r.name, r.verdict]));
    // Not installed, or unreadable (network-entry-path then says so for the workloads behind it).
    const istioGateways =
      cluster.fetchState(ISTIO_GATEWAYS).status === 'ok'
        ? cluster.list(ISTIO_GATEWAYS)
        : [];
    const byIstioGateway = new Map(
      istioGateways.map(g => [
        istioGatewayKey(g.metadata.namespace ?? 'default', g.metadata.name),
        judgeIstioGateway(cluster, g),
      ]),
    );
    const outcomes = [
      ...routers.map(r => r.verdict),
      ...byIstioGateway.values(),
      ...classes.map(c => byClass.get(c.metadata.name)!),
    ];
    if (outcomes.length === 0) {
      return {
        outcomes: {
          status: 'skipped',
          // Not "no ingress controller": Gateway API gateways, or a controller without an
          // IngressClass, may still carry traffic; this check just has nothing to judge.
          message:
            'No IngressClass or Istio Gateway in the cluster, so no Ingress controller was judged: this check finds controllers through IngressClasses, and does not judge Gateway API gateways',
        },
        byClass,
        byRouter,
        byIstioGateway,
      };
    }
    return { outcomes, byClass, byRouter, byIstioGateway };
  },
);

export const networkIngressController: ClusterCheck = {
  id: 'network-ingress-controller',
  title: 'Ingress controllers run spread replicas with a PDB',
  category: 'network',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'All external HTTP traffic of the Ingresses of a class (or of the VirtualServices bound to an Istio Gateway) ' +
    'passes through its controller pods: with one replica, or all replicas on one node, a node failure or drain ' +
    'cuts every site behind it.',
  remediation:
    'Run the ingress controller with at least 2 replicas spread over nodes and zones (anti-affinity or topology ' +
    'spread) and a PodDisruptionBudget with maxUnavailable: 1, or as a DaemonSet.',
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class',
    'https://kubernetes.github.io/ingress-nginx/',
    'https://docs.openshift.com/container-platform/latest/networking/ingress-operator.html',
    'https://docs.k3s.io/networking/networking-services#traefik-ingress-controller',
    'https://istio.io/latest/docs/reference/config/networking/gateway/',
  ],
  evaluate({ cluster }): CheckOutcome | CheckOutcome[] {
    return ingressControllerVerdicts(cluster).outcomes;
  },
};
