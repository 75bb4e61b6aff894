import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { LabelIndex } from '../../engine/labels';
import { describeObject, notEvaluable, objectTarget, plural } from '../util';

type LabelSet = Record<string, string> | undefined;

/**
 * Pod label sets per namespace (of pods, and of workloads' pod templates: scaled to zero, or a
 * manifests scan), indexed by label so that each Service tests only the sets sharing its labels.
 */
function labelSetsByNamespace(
  cluster: ClusterView,
  podsReadable: boolean,
): (namespace: string) => LabelIndex<LabelSet> {
  const byNamespace = new Map<string, LabelSet[]>();
  const add = (namespace: string, labels: LabelSet) => {
    const bucket = byNamespace.get(namespace);
    if (bucket) bucket.push(labels);
    else byNamespace.set(namespace, [labels]);
  };
  if (podsReadable)
    for (const p of cluster.list('pods'))
      add(p.metadata.namespace ?? 'default', p.metadata.labels);
  for (const w of cluster.workloads()) add(w.namespace, w.templateLabels);
  const indexes = new Map<string, LabelIndex<LabelSet>>();
  return namespace => {
    let index = indexes.get(namespace);
    if (!index) {
      index = new LabelIndex(byNamespace.get(namespace) ?? [], labels => [
        labels,
      ]);
      indexes.set(namespace, index);
    }
    return index;
  };
}

/** Whether a Service selector (a non-empty map) matches one of the label sets, as matchesServiceSelector does. */
function selectsAny(
  selector: unknown,
  labelSets: LabelIndex<LabelSet>,
): boolean {
  return (
    typeof selector === 'object' &&
    selector !== null &&
    labelSets.matching({ matchLabels: selector as Record<string, string> })
      .length > 0
  );
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
    const labelSets = labelSetsByNamespace(cluster, podsState === 'ok');
    const dangling = withSelector.filter(
      s =>
        !selectsAny(
          s.spec.selector,
          labelSets(s.metadata.namespace ?? 'default'),
        ),
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
