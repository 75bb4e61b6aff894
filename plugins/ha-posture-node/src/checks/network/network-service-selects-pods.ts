import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { LabelIndex, matchesLabelSelector } from '../../engine/labels';
import { workloadsInNamespace } from '../workloads';
import { describeObject, notEvaluable, objectTarget, plural } from '../util';

type LabelSet = Record<string, string> | undefined;

/**
 * Whether a Service selector matches a pod or a workload's pod template (scaled to zero, or a
 * manifests scan) of its namespace. The namespace's few workloads are tested first; its pods only
 * when none matches, through a per-namespace index by label (built on first use) so that each
 * Service tests only the pods sharing its labels.
 */
function selectorMatcher(
  cluster: ClusterView,
  podsReadable: boolean,
): (namespace: string, selector: unknown) => boolean {
  let podsByNamespace: Map<string, LabelSet[]> | undefined;
  const podIndexes = new Map<string, LabelIndex<LabelSet>>();
  const podIndex = (namespace: string): LabelIndex<LabelSet> => {
    let index = podIndexes.get(namespace);
    if (!index) {
      if (!podsByNamespace) {
        podsByNamespace = new Map();
        for (const p of cluster.list('pods')) {
          const ns = p.metadata.namespace ?? 'default';
          const bucket = podsByNamespace.get(ns);
          if (bucket) bucket.push(p.metadata.labels);
          else podsByNamespace.set(ns, [p.metadata.labels]);
        }
      }
      index = new LabelIndex(podsByNamespace.get(namespace) ?? [], labels => [
        labels,
      ]);
      podIndexes.set(namespace, index);
    }
    return index;
  };
  return (namespace, selector) => {
    // As matchesServiceSelector: a non-empty map (the caller keeps only those) whose pairs all match.
    if (typeof selector !== 'object' || selector === null) return false;
    const asLabelSelector = {
      matchLabels: selector as Record<string, string>,
    };
    for (const w of workloadsInNamespace(cluster, namespace)) {
      if (matchesLabelSelector(asLabelSelector, w.templateLabels)) return true;
    }
    return (
      podsReadable && podIndex(namespace).matching(asLabelSelector).length > 0
    );
  };
}

export const networkServiceSelectsPods: ClusterCheck = {
  id: 'network-service-selects-pods',
  title: 'Every Service selector matches pods',
  category: 'network',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    'A Service whose selector matches no pod and no workload has no endpoints: every connection to it fails. ' +
    'It is usually a typo or a label changed on one side only.',
  remediation:
    "Make the Service's selector equal to labels of the pod template it should route to (or delete the Service).",
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors',
    'https://docs.kubelinter.io/#/generated/checks?id=dangling-service',
  ],
  evaluate({ cluster }): CheckOutcome | CheckOutcome[] {
    const missing = notEvaluable(cluster, 'services');
    if (missing) return missing;
    // Pods that cannot be read are unknown, not absent: operator-made pods would look dangling.
    const podsState = cluster.fetchState('pods').status;
    if (podsState !== 'ok' && podsState !== 'absent')
      return notEvaluable(cluster, 'pods')!;
    const withSelector = cluster
      .list('services')
      .filter(
        s =>
          s.spec?.type !== 'ExternalName' &&
          Object.keys(s.spec?.selector ?? {}).length > 0,
      );
    if (withSelector.length === 0)
      return { status: 'skipped', message: 'No Service with a selector' };
    const selectsAny = selectorMatcher(cluster, podsState === 'ok');
    const dangling = withSelector.filter(
      s => !selectsAny(s.metadata.namespace ?? 'default', s.spec.selector),
    );
    if (dangling.length === 0) {
      return {
        status: 'pass',
        message: `All ${plural(
          withSelector.length,
          'Service',
        )} with a selector select pods`,
      };
    }
    return dangling.map(svc => {
      const selector = Object.entries(
        svc.spec.selector as Record<string, string>,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return {
        status: 'warn' as const,
        message: `${describeObject(
          svc,
          'Service',
        )} selects ${selector}, which matches no pod or workload in its namespace`,
        target: objectTarget(cluster, svc, 'Service'),
        evidence: { selector: svc.spec.selector },
      };
    });
  },
};
