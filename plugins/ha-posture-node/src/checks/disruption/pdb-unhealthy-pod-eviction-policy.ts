import { WorkloadCheck } from '../../model/checks';
import { notEvaluable } from '../util';
import { subject } from '../wording';
import { FLOORED_KINDS } from '../workloads';
import { PDB_KEY } from './pdbPolicy';

const ALWAYS_ALLOW = 'AlwaysAllow';

export const pdbUnhealthyPodEvictionPolicy: WorkloadCheck = {
  id: 'pdb-unhealthy-pod-eviction-policy',
  title: 'PodDisruptionBudget lets broken pods be evicted',
  category: 'disruption',
  severity: 'low',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'With the default unhealthyPodEvictionPolicy (IfHealthyBudget) a pod that is running but not ready can only be evicted while the budget ' +
    'has room, so a crash-looping replica can stall a node drain even though evicting it harms nothing.',
  remediation:
    'Set `unhealthyPodEvictionPolicy: AlwaysAllow` on the PodDisruptionBudget (GA since Kubernetes 1.31).',
  references: [
    'https://kubernetes.io/docs/tasks/run-application/configure-pdb/#unhealthy-pod-eviction-policy',
  ],
  evaluate({ cluster, workload }) {
    const missing = notEvaluable(cluster, PDB_KEY);
    if (missing) return missing;
    const pdbs = cluster.pdbsOf(workload);
    if (pdbs.length === 0)
      return {
        status: 'skipped',
        message: 'No PodDisruptionBudget selects its pods',
      };
    const lacking = pdbs.filter(
      p => p.spec?.unhealthyPodEvictionPolicy !== ALWAYS_ALLOW,
    );
    const evidence = {
      pdbs: pdbs.map(p => ({
        name: p.metadata.name,
        unhealthyPodEvictionPolicy:
          p.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget (default)',
      })),
    };
    if (lacking.length === 0) {
      return {
        status: 'pass',
        message: `PodDisruptionBudget ${pdbs
          .map(p => p.metadata.name)
          .join(', ')} always allows evicting unhealthy pods`,
        evidence,
      };
    }
    return {
      status: 'warn',
      message: `${subject(
        'PodDisruptionBudget',
        lacking.map(p => p.metadata.name),
        'uses',
        'use',
      )} ${
        lacking[0].spec?.unhealthyPodEvictionPolicy ??
        'the default IfHealthyBudget'
      }: a crash-looping pod can stall node drains`,
      evidence,
    };
  },
};
