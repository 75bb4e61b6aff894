import { WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { notEvaluable } from '../util';
import { PDB_KEY, describePdbPolicy } from './pdbPolicy';

export const pdbOverlap: WorkloadCheck = {
  id: 'pdb-overlap',
  title: 'Each pod has at most one PodDisruptionBudget',
  category: 'disruption',
  severity: 'high',
  scope: 'workload',
  // kubectl drain skips DaemonSet pods, so their budgets never meet the eviction API.
  appliesTo: ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout', 'Pod'],
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

    // Running pods carry extra labels (pod-template-hash, statefulset pod name) a budget may select on.
    const pods =
      cluster.fetchState('pods').status === 'ok'
        ? cluster.podsOf(workload)
        : [];
    const labelSets =
      pods.length > 0
        ? pods.map(p => ({
            name: p.metadata.name,
            labels: p.metadata.labels ?? {},
          }))
        : [{ name: undefined, labels: workload.templateLabels }];
    const overlapping = new Map<string, K8sObject>();
    const affectedPods: string[] = [];
    let matchedAny = false;
    for (const { name, labels } of labelSets) {
      const pdbs = cluster.pdbsMatching(workload.namespace, labels);
      if (pdbs.length > 0) matchedAny = true;
      if (pdbs.length < 2) continue;
      pdbs.forEach(p => overlapping.set(p.metadata.name, p));
      if (name) affectedPods.push(name);
    }
    if (overlapping.size > 0) {
      const budgets = [...overlapping.values()].map(
        p => `${p.metadata.name} (${describePdbPolicy(p)})`,
      );
      const scope =
        affectedPods.length > 0
          ? `${affectedPods.length} of its ${labelSets.length} pods are`
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
    if (!matchedAny)
      return {
        status: 'skipped',
        message: 'No PodDisruptionBudget selects its pods',
      };
    return {
      status: 'pass',
      message: 'Exactly one PodDisruptionBudget selects its pods',
    };
  },
};
