import { WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { notEvaluable, podIsActive } from '../util';

const PRIORITY_KEY = 'priorityclasses.scheduling.k8s.io';
/** Built into every cluster; never listed in manifests. */
const BUILTIN_CLASSES = new Set([
  'system-cluster-critical',
  'system-node-critical',
]);

function valueOf(pc: K8sObject | undefined): number | undefined {
  return typeof pc?.value === 'number' ? pc.value : undefined;
}

export const priorityClass: WorkloadCheck = {
  id: 'priority-class',
  title: 'Pods have a priority class',
  category: 'health',
  severity: 'medium',
  scope: 'workload',
  rationale:
    'When a cluster runs short of capacity (a zone outage, a failed node group) the scheduler preempts lower-priority pods to place higher ' +
    'ones. Without a PriorityClass every pod has priority 0, so a batch job can hold the room a production service needs to recover.',
  remediation:
    'Create PriorityClasses (e.g. production > default > batch) and set spec.template.spec.priorityClassName, or declare a globalDefault class.',
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/',
  ],
  evaluate({ cluster, workload }) {
    const requested: string | undefined =
      workload.podSpec?.priorityClassName || undefined;
    const manifests = cluster.snapshot.mode === 'manifests';
    if (requested && BUILTIN_CLASSES.has(requested)) {
      return {
        status: 'pass',
        message: `Uses the built-in PriorityClass ${requested}`,
        evidence: { priorityClassName: requested },
      };
    }
    const missing = notEvaluable(cluster, PRIORITY_KEY);
    if (missing) return missing;
    const classes = cluster.list(PRIORITY_KEY);

    if (requested) {
      const pc = cluster.get(PRIORITY_KEY, undefined, requested);
      if (pc)
        return {
          status: 'pass',
          message: `Uses PriorityClass ${requested} (value ${
            valueOf(pc) ?? '?'
          })`,
          evidence: { priorityClassName: requested, value: valueOf(pc) },
        };
      return manifests
        ? {
            status: 'warn',
            message: `PriorityClass ${requested} is not among the scanned manifests: make sure the cluster has it, or pods are rejected`,
            evidence: { priorityClassName: requested },
          }
        : {
            status: 'fail',
            message: `PriorityClass ${requested} does not exist: the API server rejects every new pod of this workload`,
            remediation: `Create PriorityClass ${requested}, or fix priorityClassName.`,
            evidence: {
              priorityClassName: requested,
              known: classes.map(c => c.metadata.name),
            },
          };
    }
    const globalDefault = classes.find(c => c.globalDefault === true);
    if (globalDefault) {
      return {
        status: 'pass',
        message: `Gets the globalDefault PriorityClass ${
          globalDefault.metadata.name
        } (value ${valueOf(globalDefault) ?? '?'})`,
        evidence: { globalDefault: globalDefault.metadata.name },
      };
    }
    // A running pod may show a class admission assigned.
    const admitted =
      cluster.fetchState('pods').status === 'ok'
        ? cluster
            .podsOf(workload)
            .find(p => podIsActive(p) && p.spec?.priorityClassName)
        : undefined;
    if (admitted) {
      return {
        status: 'pass',
        message: `Its pods run with PriorityClass ${admitted.spec.priorityClassName} (set at admission)`,
        evidence: { priorityClassName: admitted.spec.priorityClassName },
      };
    }
    return {
      status: 'warn',
      message: `No priorityClassName and no globalDefault PriorityClass${
        manifests ? ' among the scanned manifests' : ''
      }: its pods have priority 0 and cannot preempt less important work`,
      evidence: { classes: classes.map(c => c.metadata.name) },
    };
  },
};
