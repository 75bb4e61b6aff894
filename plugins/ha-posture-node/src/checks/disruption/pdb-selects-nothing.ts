import { LabelIndex } from '../../engine/labels';
import { CheckOutcome, ClusterCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { describeLabels, describeSelector } from '../wording';
import {
  describeObject,
  notEvaluable,
  objectTarget,
  plural,
  podIsActive,
  workloadKind,
} from '../util';
import {
  describeNearOperatorPods,
  exactPairs,
  nearOperatorPods,
  operatorOwnerOf,
} from '../operatorPods';
import { workloadsInNamespace } from '../workloads';
import { PDB_KEY, workloadsSelectedBy } from './pdbPolicy';

/** Workloads of the namespace carrying every key the selector pins, with other values: the likely intended targets. */
function nearMisses(cluster: ClusterView, pdb: K8sObject): string[] {
  const keys = Object.keys(pdb.spec?.selector?.matchLabels ?? {});
  if (keys.length === 0) return [];
  return workloadsInNamespace(cluster, pdb.metadata.namespace ?? 'default')
    .filter(w => keys.every(k => k in w.templateLabels))
    .slice(0, 3)
    .map(
      w =>
        `${workloadKind(w)} ${w.name} (${describeLabels(
          Object.fromEntries(keys.map(k => [k, w.templateLabels[k]])),
        )})`,
    );
}

/** Active pods by namespace, indexed by label, built on first use: each PDB tests only the pods sharing its labels. */
function activePodIndex(
  cluster: ClusterView,
): (namespace: string) => LabelIndex<K8sObject> {
  const indexes = new Map<string, LabelIndex<K8sObject>>();
  return namespace => {
    let index = indexes.get(namespace);
    if (!index) {
      index = new LabelIndex(
        cluster.inNamespace('pods', namespace).filter(podIsActive),
        pod => [pod.metadata.labels],
      );
      indexes.set(namespace, index);
    }
    return index;
  };
}

function judge(
  cluster: ClusterView,
  pdb: K8sObject,
  activePods: ((namespace: string) => LabelIndex<K8sObject>) | undefined,
): CheckOutcome | undefined {
  const selector = pdb.spec?.selector;
  const target = objectTarget(cluster, pdb, 'PodDisruptionBudget');
  const namespace = pdb.metadata.namespace ?? 'default';
  if (!selector || typeof selector !== 'object') {
    return {
      status: 'fail',
      target,
      message: `PodDisruptionBudget ${namespace}/${pdb.metadata.name} has no selector: it selects no pod and protects nothing`,
    };
  }
  // A selected workload, even one scaled to zero (or with no pods yet), means no selector problem.
  // Asked first: a namespace's few workloads are cheaper to test than its pods.
  if (workloadsSelectedBy(cluster, pdb).length > 0) return undefined;
  if (activePods && activePods(namespace).matching(selector).length > 0)
    return undefined;
  // A manifests scan has no pods: a budget for the pods an operator creates from a custom
  // resource in the scan (kube-prometheus's prometheus-k8s and alertmanager-main, a RabbitmqCluster's
  // nodes) is let off when every label it requires is one that operator gives one kind of them.
  const pairs = activePods ? undefined : exactPairs(selector);
  const owner = pairs ? operatorOwnerOf(cluster, namespace, pairs) : undefined;
  if (owner) {
    return {
      status: 'skipped',
      target,
      message: `PodDisruptionBudget ${namespace}/${
        pdb.metadata.name
      } selects ${describeSelector(
        selector,
      )}: no workload in the manifests has these labels, but they are labels the operator gives the pods it creates for ${describeObject(
        owner,
      )}, and a manifests scan has no pods`,
      evidence: {
        selector,
        createdBy: describeObject(owner),
        mode: 'manifests',
      },
    };
  }
  const hints = nearMisses(cluster, pdb);
  // Partly labels an operator gives the pods of a resource in the namespace: likely a typo in them.
  const near = pairs ? nearOperatorPods(cluster, namespace, pairs) : undefined;
  // A budget alone in its namespace (for a workload another chart or repository deploys) has
  // nothing in the scan to select, as network-service-selects-pods says of such Services.
  if (
    !activePods &&
    !near &&
    workloadsInNamespace(cluster, namespace).length === 0
  )
    return {
      status: 'skipped',
      target,
      message: `PodDisruptionBudget ${namespace}/${
        pdb.metadata.name
      } selects ${describeSelector(
        selector,
      )}, but the manifests hold no workload in namespace ${namespace}: what it protects is deployed from elsewhere, judged on a cluster`,
      evidence: { selector, mode: 'manifests' },
    };
  const where = activePods
    ? `no pod in ${namespace}`
    : `none of the scanned workloads in ${namespace}`;
  return {
    // A manifests scan may not contain the workload the budget is for.
    status: activePods ? 'fail' : 'warn',
    target,
    message: `PodDisruptionBudget ${namespace}/${
      pdb.metadata.name
    } selects ${describeSelector(
      selector,
    )}, which matches ${where}: it protects nothing${
      hints.length ? `; nearby: ${hints.join(', ')}` : ''
    }${near ? `; ${describeNearOperatorPods(near)}` : ''}`,
    evidence: {
      selector,
      ...(hints.length ? { nearMisses: hints } : {}),
      ...(near
        ? {
            nearOperatorResource: describeObject(near.owner),
            labelsNotGiven: near.misfits,
          }
        : {}),
    },
  };
}

export const pdbSelectsNothing: ClusterCheck = {
  id: 'pdb-selects-nothing',
  title: 'PodDisruptionBudgets select pods',
  category: 'disruption',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    'A PodDisruptionBudget whose selector matches no pod (a renamed label, a typo, a null selector) protects nothing, while the workload it was ' +
    'written for is left without a budget.',
  remediation:
    'Make spec.selector match the pod template labels of the workload the budget is for, or delete the stale budget.',
  references: [
    'https://kubernetes.io/docs/tasks/run-application/configure-pdb/#specifying-a-poddisruptionbudget',
  ],
  evaluate({ cluster }) {
    const missing = notEvaluable(cluster, PDB_KEY);
    if (missing) return missing;
    const pdbs = cluster.list(PDB_KEY);
    if (pdbs.length === 0)
      return { status: 'skipped', message: 'No PodDisruptionBudgets' };
    const podState = cluster.fetchState('pods').status;
    if (podState !== 'ok' && podState !== 'absent') {
      // Without pods, matching workloads alone could wrongly accuse a budget for pods the engine does not model.
      return notEvaluable(cluster, 'pods')!;
    }
    const activePods = podState === 'ok' ? activePodIndex(cluster) : undefined;
    const findings = pdbs
      .map(pdb => judge(cluster, pdb, activePods))
      .filter((o): o is CheckOutcome => o !== undefined);
    const problems = findings.filter(f => f.status !== 'skipped');
    if (problems.length > 0) return findings;
    const selecting = pdbs.length - findings.length;
    if (selecting === 0) return findings;
    let message = `All ${selecting} other PodDisruptionBudgets select pods`;
    if (findings.length === 0)
      message = `All ${plural(pdbs.length, 'PodDisruptionBudget')} select pods`;
    else if (selecting === 1)
      message = 'The other PodDisruptionBudget selects pods';
    const pass: CheckOutcome = {
      status: 'pass',
      message,
      evidence: { pdbs: selecting },
    };
    return [pass, ...findings];
  },
};
