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

/** `it` or `they`, `it gets` or `they get`, for one container or several. */
function pronouns(names: string[]): { it: string; its: string; them: string } {
  return names.length === 1
    ? { it: 'it', its: 'its', them: 'it' }
    : { it: 'they', its: 'their', them: 'them' };
}

/**
 * What the containers lack, one phrase per kind of gap: neither request (placed as if they needed
 * nothing, starved on a busy node), no memory request (placed as if they needed none), no CPU
 * request (starved, so their probes time out).
 */
function requestGaps(withoutMemory: string[], withoutCpu: string[]): string[] {
  const both = withoutMemory.filter(name => withoutCpu.includes(name));
  const memoryOnly = withoutMemory.filter(name => !both.includes(name));
  const cpuOnly = withoutCpu.filter(name => !both.includes(name));
  const gaps: string[] = [];
  if (both.length > 0) {
    const p = pronouns(both);
    gaps.push(
      `${subject(
        'Container',
        both,
        'requests',
        'request',
      )} neither CPU nor memory: the scheduler places ${p.them} as if ${
        p.it
      } needed nothing, and on a busy node ${p.its} probes may time out`,
    );
  }
  if (memoryOnly.length > 0) {
    const p = pronouns(memoryOnly);
    gaps.push(
      `${subject(
        'Container',
        memoryOnly,
        'requests',
        'request',
      )} no memory: the scheduler places ${p.them} as if ${p.it} needed none`,
    );
  }
  if (cpuOnly.length > 0) {
    const p = pronouns(cpuOnly);
    gaps.push(
      `${subject(
        'Container',
        cpuOnly,
        'requests',
        'request',
      )} no CPU: on a busy node ${p.it} ${
        cpuOnly.length === 1 ? 'gets' : 'get'
      } the smallest share, so ${p.its} probes may time out under load`,
    );
  }
  return gaps;
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
    const gaps = requestGaps(withoutMemory, withoutCpu);
    if (gaps.length > 0)
      return {
        status: 'warn',
        message: `${gaps.join('; ')} (${source})`,
        evidence,
      };
    return {
      status: 'pass',
      message: `Every container requests CPU and memory${
        qosClass ? ` (QoS ${qosClass})` : ''
      }`,
      evidence,
    };
  },
};
