import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { conditionStatus, objectTarget, plural } from '../util';
import { nodesNotEvaluable } from './nodeFacts';

/** Node conditions that mean the kubelet is evicting pods, refusing new ones, or has no pod network. */
const PROBLEM_CONDITIONS: Record<string, string> = {
  MemoryPressure: 'memory pressure',
  DiskPressure: 'disk pressure',
  PIDPressure: 'PID pressure',
  NetworkUnavailable: 'network unavailable',
};

export const nodesPressure: ClusterCheck = {
  id: 'nodes-pressure',
  title: 'No node under resource pressure',
  category: 'nodes',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    'Under memory, disk or PID pressure the kubelet evicts pods and the scheduler avoids the node; with ' +
    'NetworkUnavailable its pods have no network. The node is effectively lost capacity.',
  remediation:
    'Free or add the exhausted resource (resize the node or its disk, clean images, set requests and limits), ' +
    'or fix the node network, then confirm the condition clears.',
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/',
    'https://kubernetes.io/docs/reference/node/node-status/#condition',
  ],
  evaluate({ cluster }): CheckOutcome | CheckOutcome[] {
    const missing = nodesNotEvaluable(cluster);
    if (missing) return missing;
    const all = cluster.list('nodes');
    const affected = all
      .map(node => ({
        node,
        problems: Object.keys(PROBLEM_CONDITIONS).filter(
          type => conditionStatus(node, type) === 'True',
        ),
      }))
      .filter(({ problems }) => problems.length > 0);
    if (affected.length === 0) {
      return {
        status: 'pass',
        message: `No node reports memory, disk or PID pressure or an unavailable network (${plural(
          all.length,
          'node',
        )} checked)`,
      };
    }
    return affected.map(({ node, problems }) => ({
      status: 'warn' as const,
      message: `Node ${node.metadata.name} reports ${problems
        .map(p => PROBLEM_CONDITIONS[p])
        .join(' and ')}`,
      target: objectTarget(cluster, node, 'Node'),
      evidence: { node: node.metadata.name, conditions: problems },
    }));
  },
};
