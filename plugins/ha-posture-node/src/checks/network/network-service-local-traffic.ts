import { WorkloadCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { controllerOf, isVirtualNode } from '../../engine/clusterView';
import { sliceLeftOutOfDump } from '../../engine/dumpedEndpointSlices';
import {
  describeObject,
  notEvaluable,
  objectTarget,
  perCluster,
  plural,
  podIsActive,
} from '../util';
import { noPodsByDesign } from '../replicas/replicaFloors';
import { nameList } from '../nodes/nodeFacts';
import { endpointSpread } from './serviceEndpoints';

/** Controllers whose pods are no application clients: node agents and static (mirror) pods. */
const NODE_OWNED = new Set(['DaemonSet', 'Node']);

/**
 * The Ready, non-virtual nodes that run application pods (not node agents or static pods): where
 * the callers of a node-local Service are. kube-proxy does not run on virtual nodes (Fargate).
 */
const clientNodes = perCluster((cluster: ClusterView): string[] => {
  const names = new Set<string>();
  for (const pod of cluster.list('pods')) {
    const node: string | undefined = pod.spec?.nodeName;
    if (!node || !podIsActive(pod)) continue;
    const owner = controllerOf(pod);
    if (owner && NODE_OWNED.has(owner.kind)) continue;
    names.add(node);
  }
  return [...names]
    .filter(name => {
      const node = cluster.node(name);
      return node && cluster.isNodeReady(node) && !isVirtualNode(node);
    })
    .sort();
});

/**
 * A Service whose cluster IP traffic kube-proxy sends only to endpoints on the caller's node.
 * Headless and ExternalName Services have no cluster IP: kube-proxy does not route them.
 */
function isNodeLocal(svc: K8sObject): boolean {
  return (
    svc.spec?.internalTrafficPolicy === 'Local' &&
    svc.spec?.clusterIP !== 'None' &&
    svc.spec?.type !== 'ExternalName'
  );
}

function judgeService(
  cluster: ClusterView,
  svc: K8sObject,
  kind: string,
  workloadName: string,
): CheckOutcome {
  const subject = `${describeObject(
    svc,
    'Service',
  )} sends in-cluster traffic only to endpoints on the caller's own node (internalTrafficPolicy: Local)`;
  const target = objectTarget(cluster, svc, 'Service');
  const remediation =
    kind === 'DaemonSet'
      ? `Let ${workloadName} run on every node that runs callers (tolerations, nodeSelector), or set internalTrafficPolicy: Cluster.`
      : `Set internalTrafficPolicy: Cluster on ${describeObject(
          svc,
          'Service',
        )} (the default): only a DaemonSet has a pod on every node.`;
  if (cluster.snapshot.mode === 'manifests') {
    if (kind === 'DaemonSet')
      return {
        status: 'pass',
        message: `${subject}, and ${workloadName} runs a pod on every node it targets`,
        target,
      };
    return {
      status: 'warn',
      message: `${subject}, but ${workloadName} is not a DaemonSet: nothing keeps one of its pods on every node, and calls from a node without one get no answer`,
      remediation,
      target,
    };
  }
  if (sliceLeftOutOfDump(cluster, svc))
    return {
      status: 'unknown',
      message: `${subject}; its EndpointSlices are not in the dump, so which nodes have an endpoint is not known: dump them with kubectl get endpointslices -A -o yaml`,
      target,
    };
  const spread = endpointSpread(cluster, svc);
  const callers = clientNodes(cluster);
  const served = new Set(spread.nodes);
  const unserved = callers.filter(n => !served.has(n));
  const evidence = {
    service: svc.metadata.name,
    nodesWithReadyEndpoint: spread.nodes,
    nodesRunningCallers: callers.length,
    nodesWithoutEndpoint: unserved,
  };
  if (callers.length === 0)
    return {
      status: 'skipped',
      message: `${subject}, but no Ready node runs application pods now: nothing calls it`,
      target,
      evidence,
    };
  if (unserved.length === 0)
    return {
      status: 'pass',
      message: `${subject}, and has a ready endpoint on ${
        callers.length === 1
          ? 'the one node that runs application pods'
          : `each of the ${callers.length} nodes that run application pods`
      }`,
      target,
      evidence,
    };
  return {
    // A DaemonSet missing some nodes is daemonset-coverage's finding too; anything else is built
    // to miss nodes.
    status: kind === 'DaemonSet' ? 'warn' : 'fail',
    message: `${subject}, but ${plural(unserved.length, 'node')} of the ${
      callers.length
    } that run application pods ${
      unserved.length === 1 ? 'has' : 'have'
    } no ready endpoint (${nameList(
      unserved,
    )}): calls from pods there get no answer`,
    remediation,
    target,
    evidence,
  };
}

export const networkServiceLocalTraffic: WorkloadCheck = {
  id: 'network-service-local-traffic',
  title: 'Node-local Services have a ready endpoint on every node',
  category: 'network',
  severity: 'high',
  scope: 'workload',
  rationale:
    "With internalTrafficPolicy: Local, kube-proxy sends a pod's calls to the Service only to endpoints on the " +
    "pod's own node, and drops them when there is none: there is no fallback to other nodes. It suits node agents " +
    'run by a DaemonSet; on a Deployment, callers on every node without a replica are cut off, and one node drain ' +
    'or replica failure cuts off more.',
  remediation:
    'Use the default internalTrafficPolicy: Cluster (or trafficDistribution: PreferClose to prefer nearby ' +
    'endpoints with a fallback), or back the Service with a DaemonSet that runs on every node.',
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/service-traffic-policy/',
    'https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-distribution',
  ],
  evaluate({ cluster, workload }): CheckOutcome | CheckOutcome[] {
    const missing = notEvaluable(cluster, 'services');
    if (missing) return missing;
    const local = cluster.servicesOf(workload).filter(isNodeLocal);
    if (local.length === 0)
      return {
        status: 'skipped',
        message: `No Service of ${describeObject(
          workload,
        )} uses internalTrafficPolicy: Local`,
      };
    // No pods by design: nothing to reach, as network-service-endpoints says of its Services.
    const noPods = noPodsByDesign(cluster, workload);
    if (noPods) return { status: 'skipped', message: noPods };
    if (cluster.snapshot.mode !== 'manifests') {
      const blocked = notEvaluable(
        cluster,
        'nodes',
        'pods',
        'endpointslices.discovery.k8s.io',
      );
      if (blocked) return blocked;
    }
    return local.map(svc =>
      judgeService(cluster, svc, workload.kind, describeObject(workload)),
    );
  },
};
