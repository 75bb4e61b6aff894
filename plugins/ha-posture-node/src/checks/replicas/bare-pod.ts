import { WorkloadCheck } from '../../model/checks';

export const barePod: WorkloadCheck = {
  id: 'bare-pod',
  title: 'No bare pods',
  category: 'replicas',
  severity: 'high',
  scope: 'workload',
  appliesTo: ['Pod'],
  rationale:
    'A pod without a controller is never recreated: when its node fails, is drained or is upgraded, the pod is gone for good. ' +
    'Static (mirror) pods are managed by the kubelet and are not counted.',
  remediation:
    'Run the pod from a Deployment (or a StatefulSet for stable identity and storage, a Job for one-off work).',
  references: [
    'https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs',
    'https://kubernetes.io/docs/concepts/workloads/pods/#working-with-pods',
  ],
  evaluate({ workload }) {
    const phase = workload.object.status?.phase;
    const node = workload.podSpec?.nodeName;
    if (phase === 'Succeeded' || phase === 'Failed') {
      return {
        status: 'skipped',
        message: `Bare pod ${workload.name} has finished (${phase}): it serves nothing`,
        evidence: { phase },
      };
    }
    return {
      status: 'fail',
      message: `Pod ${workload.namespace}/${workload.name} has no controller${
        node ? ` (runs on ${node})` : ''
      }: nothing recreates it if its node fails or is drained`,
      evidence: { phase, ...(node ? { node } : {}) },
    };
  },
};
