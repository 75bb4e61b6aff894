import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { matchesServiceSelector } from '../../engine/labels';
import { describeObject, notEvaluable, objectTarget, plural } from '../util';

/**
 * Whether anything in the namespace carries the Service's selector labels: a pod, or a workload's
 * pod template (a workload scaled to zero, or a manifests scan without pods).
 */
function selectsSomething(cluster: ClusterView, svc: K8sObject, podsReadable: boolean): boolean {
  const namespace = svc.metadata.namespace ?? 'default';
  const selector = svc.spec?.selector;
  return (
    (podsReadable && cluster.inNamespace('pods', namespace).some(p => matchesServiceSelector(selector, p.metadata.labels))) ||
    cluster.workloads().some(w => w.namespace === namespace && matchesServiceSelector(selector, w.templateLabels))
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
  remediation: "Make the Service's selector equal to labels of the pod template it should route to (or delete the Service).",
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors',
    'https://docs.kubelinter.io/#/generated/checks?id=dangling-service',
  ],
  evaluate({ cluster }): CheckOutcome | CheckOutcome[] {
    const missing = notEvaluable(cluster, 'services');
    if (missing) return missing;
    // Pods that cannot be read are unknown, not absent: operator-made pods would look dangling.
    const podsState = cluster.fetchState('pods').status;
    if (podsState !== 'ok' && podsState !== 'absent') return notEvaluable(cluster, 'pods')!;
    const withSelector = cluster
      .list('services')
      .filter(s => s.spec?.type !== 'ExternalName' && Object.keys(s.spec?.selector ?? {}).length > 0);
    if (withSelector.length === 0) return { status: 'skipped', message: 'No Service with a selector' };
    const dangling = withSelector.filter(s => !selectsSomething(cluster, s, podsState === 'ok'));
    if (dangling.length === 0) {
      return { status: 'pass', message: `All ${plural(withSelector.length, 'Service')} with a selector select pods` };
    }
    return dangling.map(svc => {
      const selector = Object.entries(svc.spec.selector as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return {
        status: 'warn' as const,
        message: `${describeObject(svc, 'Service')} selects ${selector}, which matches no pod or workload in its namespace`,
        target: objectTarget(cluster, svc, 'Service'),
        evidence: { selector: svc.spec.selector },
      };
    });
  },
};
