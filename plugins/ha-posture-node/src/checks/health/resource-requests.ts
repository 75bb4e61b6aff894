import { WorkloadCheck } from '../../model/checks';
import { longRunningContainers, podIsActive } from '../util';
import { subject } from '../wording';

function hasAny(resources: any): boolean {
  return ['requests', 'limits'].some(
    k =>
      resources?.[k] &&
      typeof resources[k] === 'object' &&
      Object.keys(resources[k]).length > 0,
  );
}

/** A limit without a request implies a request of the same size. */
function requests(container: any, resource: 'cpu' | 'memory'): boolean {
  return Boolean(
    container?.resources?.requests?.[resource] ??
      container?.resources?.limits?.[resource],
  );
}

export const resourceRequests: WorkloadCheck = {
  id: 'resource-requests',
  title: 'Pods request CPU and memory',
  category: 'health',
  severity: 'medium',
  scope: 'workload',
  rationale:
    'Pods without requests are BestEffort: the scheduler packs them onto full nodes and the kubelet evicts them first under memory pressure. ' +
    'A container without a memory request is placed as if it needed none and is an early eviction candidate; one without a CPU ' +
    'request gets the smallest share of a busy node, so its probes time out and it is restarted or taken out of rotation under load.',
  remediation:
    'Set resources.requests.cpu and resources.requests.memory on every container (memory limit equal to the request for Guaranteed memory).',
  references: [
    'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
    'https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/',
  ],
  evaluate({ cluster, workload }) {
    // A running pod shows what admission applied (LimitRange defaults), so prefer it over the template.
    const admitted =
      cluster.fetchState('pods').status === 'ok'
        ? cluster.podsOf(workload).find(p => podIsActive(p) && p.spec)
        : undefined;
    const spec = admitted?.spec ?? workload.podSpec;
    const source = admitted
      ? `as admitted: pod ${admitted.metadata.name}`
      : 'pod template';
    const containers = longRunningContainers(spec);
    if (containers.length === 0)
      return {
        status: 'skipped',
        message: 'The pod template has no containers',
      };

    const everyContainer = [
      ...containers,
      ...(Array.isArray(spec?.initContainers) ? spec.initContainers : []),
    ];
    const qosClass =
      admitted?.status?.qosClass ??
      (everyContainer.some(c => hasAny(c?.resources))
        ? undefined
        : 'BestEffort');
    const without = (resource: 'cpu' | 'memory') =>
      containers.filter(c => !requests(c, resource)).map(c => c.name as string);
    const withoutMemory = without('memory');
    const withoutCpu = without('cpu');
    const evidence = {
      source,
      ...(qosClass ? { qosClass } : {}),
      withoutMemoryRequest: withoutMemory,
      withoutCpuRequest: withoutCpu,
    };

    if (qosClass === 'BestEffort') {
      return {
        status: 'fail',
        message: `Its pods are BestEffort (${source}): no container requests CPU or memory, so they are evicted first under node pressure and may be packed onto full nodes`,
        evidence,
      };
    }
    if (withoutMemory.length > 0) {
      return {
        status: 'warn',
        message: `${subject(
          'Container',
          withoutMemory,
          'requests',
          'request',
        )} no memory (${source}): the scheduler places it as if it needed none`,
        evidence,
      };
    }
    if (withoutCpu.length > 0) {
      return {
        status: 'warn',
        message: `${subject(
          'Container',
          withoutCpu,
          'requests',
          'request',
        )} no CPU (${source}): on a busy node it gets the smallest share, so its probes may time out under load`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `Every container requests CPU and memory${
        qosClass ? ` (QoS ${qosClass})` : ''
      }`,
      evidence,
    };
  },
};
