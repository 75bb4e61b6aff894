import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  describeObject,
  distinct,
  notEvaluable,
  objectTarget,
  perCluster,
} from '../util';
import { readyEndpoints } from './serviceEndpoints';

const ENDPOINT_SLICES = 'endpointslices.discovery.k8s.io';
const K3S_SVCLB_LABEL = 'svccontroller.k3s.cattle.io/svcname';

/** Why a manifests scan cannot judge a load balancer. */
export const LOAD_BALANCER_STATUS_ABSENT =
  'Load-balancer status is cluster state, not part of plain manifests';

/** k3s ServiceLB runs a `svclb-<service>-<hash>` DaemonSet per LoadBalancer Service. */
function k3sServiceLb(
  cluster: ClusterView,
  svc: K8sObject,
): K8sObject | undefined {
  return cluster
    .list('daemonsets.apps')
    .find(
      ds =>
        ds.metadata.labels?.[K3S_SVCLB_LABEL] === svc.metadata.name &&
        ds.metadata.name.startsWith('svclb-'),
    );
}

function addresses(svc: K8sObject): string[] {
  const ingress = svc.status?.loadBalancer?.ingress;
  return Array.isArray(ingress)
    ? distinct(ingress.map((i: any) => i?.ip ?? i?.hostname))
    : [];
}

/** Verdicts per Service: the cluster check and network-entry-path judge each one once. */
const verdicts = perCluster(() => new WeakMap<K8sObject, CheckOutcome>());

/** The verdict on one LoadBalancer Service (also each workload's own, in network-entry-path). */
export function judgeLoadBalancer(
  cluster: ClusterView,
  svc: K8sObject,
): CheckOutcome {
  const known = verdicts(cluster);
  let verdict = known.get(svc);
  if (!verdict) {
    verdict = judgeService(cluster, svc);
    known.set(svc, verdict);
  }
  return verdict;
}

function judgeService(cluster: ClusterView, svc: K8sObject): CheckOutcome {
  const slicesReadable = cluster.fetchState(ENDPOINT_SLICES).status === 'ok';
  const target = objectTarget(cluster, svc, 'Service');
  const subject = describeObject(svc, 'Service');
  const svclb =
    cluster.flavor === 'k3s' ? k3sServiceLb(cluster, svc) : undefined;
  const svclbEvidence = svclb
    ? {
        serviceLb: {
          daemonSet: svclb.metadata.name,
          desired: svclb.status?.desiredNumberScheduled,
          ready: svclb.status?.numberReady,
        },
      }
    : {};
  const external = addresses(svc);
  if (external.length === 0) {
    const svclbNote = svclb
      ? `; k3s ServiceLB DaemonSet ${svclb.metadata.name} has ${
          svclb.status?.numberReady ?? 0
        } ready pods`
      : '';
    return {
      status: 'fail',
      message: `${subject} of type LoadBalancer has no external address (pending): clients cannot reach it${svclbNote}`,
      remediation:
        cluster.flavor === 'k3s'
          ? 'Check the svclb pods: each needs the Service ports free on some node (kubectl -n kube-system get pods -l svccontroller.k3s.cattle.io/svcname=<service>).'
          : 'Check the Service events (kubectl describe service): the cloud controller or load-balancer implementation (e.g. MetalLB) must be installed and have addresses left.',
      target,
      evidence: { addresses: [], ...svclbEvidence },
    };
  }
  if (svc.spec?.externalTrafficPolicy === 'Local' && slicesReadable) {
    // With Local, the load balancer only sends traffic to nodes that run a ready endpoint.
    const nodes = distinct(readyEndpoints(cluster, svc).map(e => e.node));
    if (nodes.length <= 1) {
      return {
        status: 'warn',
        message:
          `${subject} uses externalTrafficPolicy Local with ready endpoints on ${
            nodes.length ? `only node ${nodes[0]}` : 'no node'
          }: ` +
          'the load balancer delivers traffic only to nodes running a ready pod',
        remediation:
          'Spread the pods over several nodes (or use externalTrafficPolicy Cluster if the client IP is not needed).',
        target,
        evidence: {
          addresses: external,
          externalTrafficPolicy: 'Local',
          endpointNodes: nodes,
          ...svclbEvidence,
        },
      };
    }
  }
  return {
    status: 'pass',
    message: `${subject} is provisioned at ${external.join(', ')}`,
    target,
    evidence: {
      addresses: external,
      externalTrafficPolicy: svc.spec?.externalTrafficPolicy ?? 'Cluster',
      ...svclbEvidence,
    },
  };
}

export const networkLoadbalancerProvisioned: ClusterCheck = {
  id: 'network-loadbalancer-provisioned',
  title: 'LoadBalancer Services are provisioned',
  category: 'network',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'A LoadBalancer Service without an external address is unreachable from outside. With externalTrafficPolicy ' +
    'Local the load balancer only uses nodes that run a ready pod, so pods on one node make that node a single point of failure.',
  remediation:
    'Make sure a load-balancer implementation serves the cluster (cloud controller, MetalLB, k3s ServiceLB) and, ' +
    'for externalTrafficPolicy Local, spread the backing pods over several nodes.',
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer',
    'https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#preserving-the-client-source-ip',
    'https://docs.k3s.io/networking/networking-services#service-load-balancer',
  ],
  evaluate({ cluster }): CheckOutcome | CheckOutcome[] {
    const missing = notEvaluable(cluster, 'services');
    if (missing) return missing;
    if (cluster.snapshot.mode === 'manifests')
      return { status: 'skipped', message: LOAD_BALANCER_STATUS_ABSENT };
    const loadBalancers = cluster
      .list('services')
      .filter(s => s.spec?.type === 'LoadBalancer');
    if (loadBalancers.length === 0)
      return { status: 'skipped', message: 'No Service of type LoadBalancer' };
    return loadBalancers.map(svc => judgeLoadBalancer(cluster, svc));
  },
};
