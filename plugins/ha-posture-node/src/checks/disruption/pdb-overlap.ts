import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { notEvaluable } from '../util';
import { PDB_KEY, describePdbPolicy, pdbIndex } from './pdbPolicy';

function noPdb(): CheckOutcome {
  return {
    status: 'skipped',
    message: 'No PodDisruptionBudget selects its pods',
  };
}

export const pdbOverlap: WorkloadCheck = {
  id: 'pdb-overlap',
  title: 'Each pod has at most one PodDisruptionBudget',
  category: 'disruption',
  severity: 'high',
  scope: 'workload',
  // kubectl drain skips DaemonSet pods, so their budgets never meet the eviction API.
  appliesTo: [
    'Deployment',
    'StatefulSet',
    'ReplicaSet',
    'Rollout',
    'Pod',
    'Operated',
  ],
  rationale:
    'The eviction API refuses to evict a pod that more than one PodDisruptionBudget selects (HTTP 500 "more than one PodDisruptionBudget"), ' +
    'so drains of the nodes running these pods never finish.',
  remediation:
    'Keep exactly one PodDisruptionBudget per set of pods: narrow the selectors or merge the budgets.',
  references: [
    'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets',
    'https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/#eviction-api',
  ],
  evaluate({ cluster, workload }) {
    const missing = notEvaluable(cluster, PDB_KEY);
    if (missing) return missing;

    // No budget in the namespace: nothing can select its pods.
    if (cluster.inNamespace(PDB_KEY, workload.namespace).length === 0)
      return noPdb();

    // Running pods carry extra labels (pod-template-hash, statefulset pod name) a budget may select on.
    const pods =
      cluster.fetchState('pods').status === 'ok'
        ? cluster.podsOf(workload)
        : [];
    const labelSetCount = pods.length > 0 ? pods.length : 1;
    const overlapping = new Map<string, K8sObject>();
    const affectedPods: string[] = [];
    let matchedAny = false;
    // Each pod's labels are asked once: the namespace's PDB index is used without remembering answers.
    const pdbs = pdbIndex(cluster, workload.namespace);
    for (let i = 0; i < labelSetCount; i++) {
      const pod = pods.length > 0 ? pods[i] : undefined;
      const selecting = pdbs.matching(
        pod ? pod.metadata.labels ?? {} : workload.templateLabels,
      );
      if (selecting.length > 0) matchedAny = true;
      if (selecting.length < 2) continue;
      for (const p of selecting) overlapping.set(p.metadata.name, p);
      if (pod?.metadata.name) affectedPods.push(pod.metadata.name);
    }
    if (overlapping.size > 0) {
      const budgets = [...overlapping.values()].map(
        p => `${p.metadata.name} (${describePdbPolicy(p)})`,
      );
      const scope =
        affectedPods.length > 0
          ? `${affectedPods.length} of its ${labelSetCount} pods are`
          : 'Its pods are';
      return {
        status: 'fail',
        message: `${scope} selected by ${
          budgets.length
        } PodDisruptionBudgets (${budgets.join(
          ', ',
        )}): the eviction API refuses to evict them, so drains never finish`,
        evidence: {
          pdbs: [...overlapping.keys()],
          ...(affectedPods.length ? { pods: affectedPods } : {}),
        },
      };
    }
    if (!matchedAny) return noPdb();
    return {
      status: 'pass',
      message: 'Exactly one PodDisruptionBudget selects its pods',
    };
  },
};
