/**
 * Which nodes a recreated pod may be scheduled on by its node selection, taints and volumes,
 * memoized: a cluster has thousands of controllers but a handful of distinct scheduling
 * constraints, and its zonal volumes share a few distinct node affinities.
 */
import { K8sObject, OwnerReference } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  nodeMatchesSelectorTerms,
  nodeSelectionAdmits,
  untoleratedTaints,
} from '../scheduling';
import { SpreadRule, SpreadRules } from './spreadRules';

/** Indexes into the candidate nodes of those a pod may go to, and the rules that keep it from some. */
export interface Placement {
  /** Its node selection (nodeSelector, required node affinity) and its volumes' node affinity allow them. */
  selectable: number[];
  /** Of those, the nodes whose taints it tolerates. */
  admits: number[];
  /** Its required anti-affinity and DoNotSchedule topology spread rules. */
  rules: SpreadRule[];
  /** Its required pod affinity rules. */
  affinity: SpreadRule[];
}

/** The node affinity terms of the PVs the pod's claims are bound to (local, zonal volumes). */
function volumeNodeTerms(cluster: ClusterView, pod: K8sObject): any[] {
  const terms: any[] = [];
  const namespace = pod.metadata.namespace ?? 'default';
  for (const volume of Array.isArray(pod.spec?.volumes)
    ? pod.spec.volumes
    : []) {
    const claimName = volume?.persistentVolumeClaim?.claimName;
    if (typeof claimName !== 'string') continue;
    const volumeName = cluster.get(
      'persistentvolumeclaims',
      namespace,
      claimName,
    )?.spec?.volumeName;
    if (typeof volumeName !== 'string') continue;
    const required = cluster.get('persistentvolumes', undefined, volumeName)
      ?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
    if (Array.isArray(required) && required.length > 0) terms.push(required);
  }
  return terms;
}

/** The labels that name the template revision a controller made the pod from (ReplicaSet; StatefulSet, DaemonSet). */
const TEMPLATE_HASH = 'pod-template-hash';
const REVISION_HASH = 'controller-revision-hash';

export class PlacementMemo {
  private readonly byTemplate = new Map<string, Placement>();
  private readonly byConstraints = new Map<
    string,
    Pick<Placement, 'selectable' | 'admits'>
  >();
  private readonly volumeAdmits = new Map<string, Uint8Array>();
  readonly spreadRules: SpreadRules;

  constructor(
    private readonly cluster: ClusterView,
    private readonly candidates: ReadonlyArray<{ node: K8sObject }>,
  ) {
    this.spreadRules = new SpreadRules(cluster);
  }

  placementOf(pod: K8sObject, owner: OwnerReference): Placement {
    const base = this.templatePlacement(pod, owner);
    const terms = volumeNodeTerms(this.cluster, pod);
    if (terms.length === 0) return base;
    const admitted = terms.map(t => this.nodesAdmittedBy(t));
    const allow = (i: number) => admitted.every(a => a[i] === 1);
    return {
      ...base,
      selectable: base.selectable.filter(allow),
      admits: base.admits.filter(allow),
    };
  }

  /**
   * A controller recreates the pod from its template, which its pods of one revision share: their
   * node selection, tolerations and spread rules are the same (only their volumes differ, a
   * StatefulSet's claims).
   */
  private templatePlacement(pod: K8sObject, owner: OwnerReference): Placement {
    const labels = pod.metadata.labels ?? {};
    const ownerKey = `${
      owner.uid ?? `${pod.metadata.namespace}/${owner.kind}/${owner.name}`
    }|${labels[TEMPLATE_HASH] ?? labels[REVISION_HASH] ?? ''}`;
    let placement = this.byTemplate.get(ownerKey);
    if (!placement) {
      const spec = pod.spec ?? {};
      const { selectable, admits } = this.nodesFor(spec);
      placement = {
        selectable,
        admits,
        rules: this.spreadRules.rulesOf(pod),
        affinity: this.spreadRules.affinityRulesOf(pod),
      };
      this.byTemplate.set(ownerKey, placement);
    }
    return placement;
  }

  /** The candidates a pod spec's node selection admits, and of those the ones whose taints it tolerates. */
  private nodesFor(spec: any): Pick<Placement, 'selectable' | 'admits'> {
    const key = JSON.stringify([
      spec.nodeSelector,
      spec.affinity?.nodeAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution,
      spec.tolerations,
    ]);
    let nodes = this.byConstraints.get(key);
    if (!nodes) {
      const selectable: number[] = [];
      const admits: number[] = [];
      this.candidates.forEach(({ node }, i) => {
        if (!nodeSelectionAdmits(spec, node)) return;
        selectable.push(i);
        if (untoleratedTaints(spec, node).length === 0) admits.push(i);
      });
      nodes = { selectable, admits };
      this.byConstraints.set(key, nodes);
    }
    return nodes;
  }

  /** 1 for each candidate a volume's node affinity admits. */
  private nodesAdmittedBy(terms: any[]): Uint8Array {
    const key = JSON.stringify(terms);
    let admitted = this.volumeAdmits.get(key);
    if (!admitted) {
      const flags = new Uint8Array(this.candidates.length);
      this.candidates.forEach(({ node }, i) => {
        if (nodeMatchesSelectorTerms(terms, node)) flags[i] = 1;
      });
      this.volumeAdmits.set(key, flags);
      admitted = flags;
    }
    return admitted;
  }
}
