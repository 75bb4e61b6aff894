import { WorkloadCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { isVirtualNode } from '../../engine/clusterView';
import { keepsEndpointSlice } from '../../engine/dumpedEndpointSlices';
import {
  describeObject,
  notEvaluable,
  objectTarget,
  perCluster,
  plural,
} from '../util';
import { nameList } from '../nodes/nodeFacts';
import { endpointSpread } from './serviceEndpoints';

/** Phases of pods that run no more. */
const TERMINAL = new Set(['Succeeded', 'Failed']);

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
    if (!node || TERMINAL.has(pod.status?.phase)) continue;
    const owner = pod.metadata.ownerReferences?.find(o => o.controller);
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

/** A Service whose ClusterIP traffic kube-proxy sends only to endpoints on the caller's node. */
function isNodeLocal(svc: K8sObject): boolean {
  return (
    svc.spec?.internalTrafficPolicy === 'Local' &&
    svc.spec?.clusterIP !== 'None'
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
  // A dump of only some namespaces' slices: this Service's were left out, not deleted.
  if (
    cluster.snapshot.mode === 'dump' &&
    keepsEndpointSlice(svc) &&
    cluster.endpointSlicesOf(svc).length === 0
  )
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
  if (unserved.length === 0)
    return {
      status: 'pass',
      message: `${subject}, and has a ready endpoint on each of the ${plural(
        callers.length,
        'node',
      )} that run application pods`,
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
