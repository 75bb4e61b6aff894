import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { formatAge, plural } from '../util';
import { nameList, nodesNotEvaluable } from './nodeFacts';

interface Params {
  minWorkers: number;
}

/** The node's state in words, from the Ready condition's status ('missing' when there is none). */
function describeReadyStatus(status: string): string {
  if (status === 'Unknown') return 'Unknown: the kubelet stopped reporting';
  if (status === 'missing') return 'no Ready condition';
  return 'NotReady';
}

/** What the Ready condition says, and since when (by the cluster clock). */
function notReadyDetail(cluster: ClusterView, node: K8sObject) {
  const conditions = Array.isArray(node.status?.conditions)
    ? node.status.conditions
    : [];
  const ready = conditions.find((c: any) => c?.type === 'Ready');
  const since =
    typeof ready?.lastTransitionTime === 'string'
      ? Date.parse(ready.lastTransitionTime)
      : NaN;
  const forSeconds = Number.isNaN(since)
    ? undefined
    : Math.max(0, (cluster.now.getTime() - since) / 1000);
  const status: string = ready?.status ?? 'missing';
  const state = describeReadyStatus(status);
  return {
    name: node.metadata.name,
    status,
    ...(ready?.reason ? { reason: ready.reason } : {}),
    ...(forSeconds !== undefined ? { forSeconds: Math.round(forSeconds) } : {}),
    text: `${node.metadata.name} (${state}${
      forSeconds !== undefined ? ` for ${formatAge(forSeconds)}` : ''
    })`,
  };
}

export const nodesNotReady: ClusterCheck<Params> = {
  id: 'nodes-not-ready',
  title: 'All nodes are Ready',
  category: 'nodes',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'A NotReady node runs no new pods and its pods are evicted after a timeout; an Unknown node stopped ' +
    'reporting at all. Until it is back, the cluster runs with less redundancy than planned.',
  remediation:
    'Investigate the node (kubectl describe node, kubelet and container runtime logs) and repair or replace it.',
  parameters: {
    minWorkers: {
      description:
        'Fail (instead of warn) when the NotReady nodes leave fewer usable workers than this.',
      default: 2,
      minimum: 1,
      integer: true,
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/architecture/nodes/#condition',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions',
  ],
  evaluate({ cluster, params }): CheckOutcome {
    const missing = nodesNotEvaluable(cluster);
    if (missing) return missing;
    const all = cluster.list('nodes');
    const notReady = all
      .filter(n => !cluster.isNodeReady(n))
      .map(n => notReadyDetail(cluster, n));
    if (notReady.length === 0) {
      return {
        status: 'pass',
        message:
          all.length === 1
            ? 'The only node is Ready'
            : `All ${all.length} nodes are Ready`,
        evidence: { nodes: all.length, notReady: [] },
      };
    }
    const usable = cluster.usableWorkers().length;
    const evidence = {
      nodes: all.length,
      usableWorkers: usable,
      notReady: notReady.map(({ text, ...fact }) => fact),
    };
    const listed = `${notReady.length} of ${plural(all.length, 'node')} ${
      notReady.length === 1 ? 'is' : 'are'
    } not Ready: ${nameList(
      notReady.map(n => n.text),
      5,
    )}`;
    if (usable < params.minWorkers) {
      return {
        status: 'fail',
        message: `${listed}; only ${plural(usable, 'usable worker')} left`,
        evidence,
      };
    }
    return { status: 'warn', message: listed, evidence };
  },
};
