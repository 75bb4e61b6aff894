import { EntitySelector } from '../model/entity';
import { EntityWorkload } from '../model/checks';
import { ClusterView, Workload } from '../model/view';
import { LabelSelector, matchesLabelSelector, parseLabelSelectorString } from './labels';

/** The Kubernetes plugin's label for `backstage.io/kubernetes-id`. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/**
 * The label selector an entity stands for: its `backstage.io/kubernetes-label-selector` (which
 * takes precedence), else `backstage.io/kubernetes-id=<id>`; undefined when it has neither.
 * Throws on a malformed label selector.
 */
export function entityLabelSelector(entity: EntitySelector): LabelSelector | undefined {
  if (entity.labelSelector !== undefined && entity.labelSelector.trim() !== '') {
    return parseLabelSelectorString(entity.labelSelector);
  }
  if (entity.kubernetesId) return { matchLabels: { [KUBERNETES_ID_LABEL]: entity.kubernetesId } };
  return undefined;
}

/** Whether an entity is looked for in this cluster (`backstage.io/kubernetes-cluster`). */
export function entityLooksIn(entity: EntitySelector, cluster: ClusterView): boolean {
  return !entity.cluster || entity.cluster === cluster.name;
}

/**
 * Finds the workloads of entities in one cluster, with an index of workloads by label so each
 * entity costs O(its candidates), not O(all workloads).
 */
export class WorkloadMatcher {
  private readonly byLabel = new Map<string, Set<Workload>>();

  constructor(private readonly cluster: ClusterView) {
    for (const w of cluster.workloads()) {
      for (const labels of [w.object.metadata?.labels ?? {}, w.templateLabels]) {
        for (const [key, value] of Object.entries(labels)) {
          const indexKey = `${key}=${value}`;
          const set = this.byLabel.get(indexKey);
          if (set) set.add(w);
          else this.byLabel.set(indexKey, new Set([w]));
        }
      }
    }
  }

  /** A workload matches when its own labels OR its pod template labels match the selector. */
  static matches(selector: LabelSelector, w: Workload): boolean {
    return matchesLabelSelector(selector, w.object.metadata?.labels ?? {}) || matchesLabelSelector(selector, w.templateLabels);
  }

  /** Workloads of the entity in this cluster (honouring its namespace and cluster filters). */
  workloadsOf(entity: EntitySelector, selector: LabelSelector | undefined): Workload[] {
    if (!selector || !entityLooksIn(entity, this.cluster)) return [];
    let candidates: Workload[] = this.cluster.workloads();
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
      const set = this.byLabel.get(`${key}=${value}`);
      if (!set) return [];
      if (set.size < candidates.length) candidates = [...set];
    }
    const result: Workload[] = [];
    for (const w of candidates) {
      if (entity.namespace && w.namespace !== entity.namespace) continue;
      if (WorkloadMatcher.matches(selector, w)) result.push(w);
    }
    return result;
  }
}

/** Every workload of an entity across the clusters (convenience for tests and single entities). */
export function workloadsOfEntity(entity: EntitySelector, clusters: ClusterView[]): EntityWorkload[] {
  const selector = entityLabelSelector(entity);
  return clusters.flatMap(cluster =>
    new WorkloadMatcher(cluster).workloadsOf(entity, selector).map(workload => ({ cluster, workload })),
  );
}
