import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { ClusterView } from '../../model/view';
import { keepsEndpointSlice } from '../../engine/dumpedEndpointSlices';
import { LabelIndex, matchesLabelSelector } from '../../engine/labels';
import {
  describeNearOperatorPods,
  nearOperatorPods,
  operatorOwnerOf,
} from '../operatorPods';
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

function selectorText(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Labels the StatefulSet controller puts on each pod: its name `<set>-<ordinal>`, and its ordinal. */
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
const ORDINAL = /^\d+$/;

/**
 * In a manifests scan, the StatefulSet pod a per-pod Service selects (`<set>-<ordinal>`): a selector
 * on the pod-name or pod-index label the controller sets, whose other pairs are the set's template
 * labels, with an ordinal the set runs (from spec.ordinals.start, spec.replicas pods).
 */
function statefulSetPodOf(
  cluster: ClusterView,
  namespace: string,
  selector: Record<string, string>,
): string | undefined {
  if (!(POD_NAME_LABEL in selector) && !(POD_INDEX_LABEL in selector))
    return undefined;
  for (const set of workloadsInNamespace(cluster, namespace)) {
    if (set.kind !== 'StatefulSet') continue;
    const ordinals: number[] = [];
    const fits = Object.entries(selector).every(([key, value]) => {
      if (key === POD_NAME_LABEL) {
        const suffix = value.slice(set.name.length + 1);
        if (!value.startsWith(`${set.name}-`) || !ORDINAL.test(suffix))
          return false;
        ordinals.push(Number(suffix));
        return true;
      }
      if (key === POD_INDEX_LABEL) {
        if (!ORDINAL.test(value)) return false;
        ordinals.push(Number(value));
        return true;
      }
      return set.templateLabels[key] === value;
    });
    const start = Number(set.object.spec?.ordinals?.start ?? 0);
    const ordinal = ordinals[0];
    if (
      fits &&
      ordinals.every(o => o === ordinal) &&
      ordinal >= start &&
      ordinal < start + (set.specReplicas ?? 1)
    )
      return `${set.name}-${ordinal}`;
  }
  return undefined;
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
    // The Services that route to pods: those the EndpointSlice controller keeps slices for.
    const withSelector = cluster.list('services').filter(keepsEndpointSlice);
    if (withSelector.length === 0)
      return { status: 'skipped', message: 'No Service with a selector' };
    const selectsAny = selectorMatcher(cluster, podsState === 'ok');
    const unmatched = withSelector.filter(
      s => !selectsAny(s.metadata.namespace ?? 'default', s.spec.selector),
    );
    if (unmatched.length === 0) {
      return {
        status: 'pass',
        message: `All ${plural(
          withSelector.length,
          'Service',
        )} with a selector select pods`,
      };
    }
    // A manifests scan has no pods: those an operator creates from a custom resource (the
    // kube-prometheus alertmanager-main Service and its Alertmanager, a CloudNativePG Cluster's
    // primary) cannot match. Only a selector made entirely of labels that operator gives one kind of
    // its pods is let off; anything else, a typo next to a nearly matching Deployment included,
    // still warns. With pods read, their absence is real.
    const manifests = cluster.snapshot.mode === 'manifests';
    const outcomes: CheckOutcome[] = [];
    const notInScan: CheckOutcome[] = [];
    for (const svc of unmatched) {
      const selector = svc.spec.selector as Record<string, string>;
      const namespace = svc.metadata.namespace ?? 'default';
      const owner = manifests
        ? operatorOwnerOf(cluster, namespace, selector)
        : undefined;
      if (owner) {
        notInScan.push({
          status: 'skipped',
          message: `${describeObject(svc, 'Service')} selects ${selectorText(
            selector,
          )}: no workload in the manifests has these labels, but they are labels the operator gives the pods it creates for ${describeObject(
            owner,
          )}, and a manifests scan has no pods`,
          target: objectTarget(cluster, svc, 'Service'),
          evidence: {
            selector,
            createdBy: describeObject(owner),
            mode: 'manifests',
          },
        });
        continue;
      }
      // A selector partly made of labels an operator gives the pods of a resource in the namespace
      // (or using a label key only that operator sets) is about those pods: it stays judged, so that
      // a typo in it warns.
      const near = manifests
        ? nearOperatorPods(cluster, namespace, selector)
        : undefined;
      // Any other Service alone in its namespace (a patch for a controller deployed from elsewhere)
      // has nothing in the scan to select: a custom resource there does not change that.
      if (
        manifests &&
        !near &&
        workloadsInNamespace(cluster, namespace).length === 0
      ) {
        notInScan.push({
          status: 'skipped',
          message: `${describeObject(svc, 'Service')} selects ${selectorText(
            selector,
          )}, but the manifests hold no workload in namespace ${namespace}: what it selects is deployed from elsewhere, judged on a cluster`,
          target: objectTarget(cluster, svc, 'Service'),
          evidence: { selector, mode: 'manifests' },
        });
        continue;
      }
      const statefulSetPod = manifests
        ? statefulSetPodOf(cluster, namespace, selector)
        : undefined;
      if (statefulSetPod) {
        notInScan.push({
          status: 'skipped',
          message: `${describeObject(svc, 'Service')} selects ${selectorText(
            selector,
          )}: a per-pod Service for ${statefulSetPod}, whose pod-name and pod-index labels the StatefulSet controller sets, and a manifests scan has no pods`,
          target: objectTarget(cluster, svc, 'Service'),
          evidence: {
            selector,
            createdBy: `StatefulSet ${namespace}/${statefulSetPod.replace(
              /-\d+$/,
              '',
            )}`,
            mode: 'manifests',
          },
        });
        continue;
      }
      outcomes.push({
        status: 'warn',
        message: `${describeObject(svc, 'Service')} selects ${selectorText(
          selector,
        )}, which matches no pod or workload in its namespace${
          near ? `: ${describeNearOperatorPods(near)}` : ''
        }`,
        target: objectTarget(cluster, svc, 'Service'),
        evidence: {
          selector,
          ...(near
            ? {
                nearOperatorResource: describeObject(near.owner),
                labelsNotGiven: near.misfits,
              }
            : {}),
        },
      });
    }
    const matched = withSelector.length - unmatched.length;
    if (outcomes.length === 0 && matched > 0) {
      outcomes.push({
        status: 'pass',
        message:
          matched === 1
            ? 'The other Service with a selector selects pods'
            : `All ${matched} other Services with a selector select pods`,
      });
    }
    return [...outcomes, ...notInScan];
  },
};
