/** How the ready instances of a network component (DNS, ingress, a Service's endpoints) are spread. */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { plural, podIsReady } from '../util';
import { spreadOf } from '../nodes/nodeFacts';

export interface ReadySpread {
  ready: number;
  nodes: string[];
  zones: string[];
}

/** Ready pods and the distinct nodes and zones they run on. */
export function readySpreadOfPods(
  cluster: ClusterView,
  pods: K8sObject[],
): ReadySpread {
  const ready = pods.filter(podIsReady);
  return {
    ready: ready.length,
    ...spreadOf(
      cluster,
      ready.map(p => p.spec?.nodeName),
    ),
  };
}

export interface SpreadVerdict {
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

/**
 * `subject` needs ≥ 2 ready instances on ≥ 2 nodes, and in ≥ 2 zones when the cluster's workers
 * span several. None ready fails; a single one gives `single` (fail for cluster services, warn
 * where other checks already flag single replicas).
 */
export function judgeSpread(
  cluster: ClusterView,
  subject: string,
  spread: ReadySpread,
  options: { noun: string; single: 'fail' | 'warn' },
): SpreadVerdict {
  const { ready, nodes, zones } = spread;
  const counted = plural(ready, `ready ${options.noun}`);
  const onNodes = nodes.length === 1 ? ` on node ${nodes[0]}` : '';
  if (ready === 0)
    return {
      status: 'fail',
      message: `${subject} has no ready ${options.noun}`,
    };
  if (ready === 1) {
    return {
      status: options.single,
      message: `${subject} has a single ready ${options.noun}${onNodes}: it fails with that node`,
    };
  }
  if (nodes.length === 1) {
    return {
      status: 'warn',
      message: `${subject} has ${counted}, all${onNodes}: a failure of that node takes them all down`,
    };
  }
  if (cluster.zones.length >= 2 && zones.length === 1) {
    return {
      status: 'warn',
      message: `${subject} has ${counted} on ${nodes.length} nodes, all in zone ${zones[0]}: a zone outage takes them all down`,
    };
  }
  const where = nodes.length ? ` on ${plural(nodes.length, 'node')}` : '';
  const inZones =
    zones.length >= 2 ? ` in ${plural(zones.length, 'zone')}` : '';
  return {
    status: 'pass',
    message: `${subject} has ${counted}${where}${inZones}`,
  };
}
