import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { isVirtualNode } from '../../engine/clusterView';
import { plural } from '../util';
import {
  nameList,
  nodesNotEvaluable,
  virtualKind,
  virtualOnlyWorkers,
} from './nodeFacts';

interface Params {
  minWorkers: number;
  recommendedWorkers: number;
}

/** Why a node is not a usable worker, for the evidence (the view's usableWorkers() decides). */
function exclusionReason(cluster: ClusterView, node: K8sObject): string {
  if (!cluster.isNodeReady(node)) return 'not Ready';
  if (node.spec?.unschedulable === true) return 'cordoned';
  if (isVirtualNode(node)) return 'virtual: Fargate or virtual-kubelet';
  const taints = Array.isArray(node.spec?.taints) ? node.spec.taints : [];
  const blocking = taints.find(
    (t: any) => t?.effect === 'NoSchedule' || t?.effect === 'NoExecute',
  );
  return blocking
    ? `taint ${blocking.key}:${blocking.effect}`
    : 'not schedulable';
}

/** The failing message's head for fewer usable workers than `minWorkers`, worded for 0, 1 or more of them. */
function shortage(
  usable: string[],
  nodeCount: number,
  minWorkers: number,
): string {
  if (usable.length === 0) {
    const none =
      nodeCount === 1
        ? "The cluster's only node is no usable worker"
        : `No usable worker node among the ${plural(nodeCount, 'node')}`;
    return `${none}: pods that need a Ready, schedulable, untainted node have nowhere to run`;
  }
  if (usable.length === 1) {
    const where =
      nodeCount === 1
        ? `(${usable[0]}, the cluster's only node)`
        : `(${usable[0]}) of ${plural(nodeCount, 'node')}`;
    return `Only 1 usable worker node ${where}: its failure or drain leaves no room for the workloads`;
  }
  return `Only ${plural(usable.length, 'usable worker node')} (${nameList(
    usable,
  )}) of ${plural(
    nodeCount,
    'node',
  )}, fewer than the ${minWorkers} required: a node failure during a drain leaves too little room for the workloads`;
}

export const nodesUsableWorkers: ClusterCheck<Params> = {
  id: 'nodes-usable-workers',
  title: 'Enough usable worker nodes',
  category: 'nodes',
  severity: 'critical',
  scope: 'cluster',
  rationale:
    'Replicas can only survive a node failure if there is another node to run on. A usable worker is Ready, ' +
    'schedulable and untainted; with 3 of them one node can fail while another is drained for maintenance.',
  remediation:
    'Add worker nodes (or a node pool) until at least 3 are Ready and schedulable.',
  parameters: {
    minWorkers: {
      description: 'Fewer usable workers than this fails.',
      default: 2,
      minimum: 1,
      integer: true,
    },
    recommendedWorkers: {
      description: 'Fewer usable workers than this warns.',
      default: 3,
      minimum: 1,
      integer: true,
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/architecture/nodes/#condition',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/',
  ],
  evaluate({ cluster, params }): CheckOutcome {
    const missing = nodesNotEvaluable(cluster);
    if (missing) return missing;
    const all = cluster.list('nodes');
    const usable = cluster.usableWorkers().map(n => n.metadata.name);
    const usableSet = new Set(usable);
    const excluded = Object.fromEntries(
      all
        .filter(n => !usableSet.has(n.metadata.name))
        .map(n => [n.metadata.name, exclusionReason(cluster, n)]),
    );
    const virtualWorkers = usable.length === 0 && virtualOnlyWorkers(cluster);
    if (virtualWorkers) {
      // EKS Fargate runs each pod on a node of its own, sized for that pod
      // (docs.aws.amazon.com/eks/latest/userguide/fargate.html): there is no pool of nodes to lose.
      const kind = virtualKind(virtualWorkers);
      const names = virtualWorkers.map(n => n.metadata.name);
      return {
        status: 'skipped',
        message:
          `No shared worker nodes: every worker is a ${kind} node (${nameList(
            names,
            5,
          )}). ` +
          'The provider supplies capacity per pod, so there are no worker nodes to count',
        evidence: {
          usable,
          usableCount: 0,
          nodes: all.length,
          virtual: names,
          virtualKind: kind,
        },
      };
    }
    const evidence = {
      usable,
      usableCount: usable.length,
      nodes: all.length,
      excluded,
    };
    const excludedNote =
      Object.keys(excluded).length > 0
        ? `; not counted: ${nameList(
            Object.entries(excluded).map(
              ([name, reason]) => `${name} (${reason})`,
            ),
            5,
          )}`
        : '';
    const counted = `${plural(usable.length, 'usable worker node')}${
      usable.length ? ` (${nameList(usable)})` : ''
    }`;

    if (usable.length < params.minWorkers) {
      return {
        status: 'fail',
        message: `${shortage(
          usable,
          all.length,
          params.minWorkers,
        )}${excludedNote}`,
        evidence,
      };
    }
    if (usable.length < params.recommendedWorkers) {
      return {
        status: 'warn',
        message: `${counted}; ${params.recommendedWorkers} are recommended so a node can fail while another is drained${excludedNote}`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `${counted} of ${plural(all.length, 'node')}${excludedNote}`,
      evidence,
    };
  },
};
