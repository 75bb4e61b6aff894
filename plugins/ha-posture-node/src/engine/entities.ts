import { EntitySelector } from '../model/entity';
import { EntityWorkload } from '../model/checks';
import { ClusterView, Workload } from '../model/view';
import { LabelIndex, LabelSelector, parseLabelSelectorString } from './labels';

/** The Kubernetes plugin's label for `backstage.io/kubernetes-id`. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/**
 * The label selector an entity stands for: its `backstage.io/kubernetes-label-selector` (which
 * takes precedence), else `backstage.io/kubernetes-id=<id>`; undefined when it has neither.
 * Throws on a malformed label selector.
 */
export function entityLabelSelector(
  entity: EntitySelector,
): LabelSelector | undefined {
  if (
    entity.labelSelector !== undefined &&
    entity.labelSelector.trim() !== ''
  ) {
    return parseLabelSelectorString(entity.labelSelector);
  }
  if (entity.kubernetesId)
    return { matchLabels: { [KUBERNETES_ID_LABEL]: entity.kubernetesId } };
  return undefined;
}

/** Whether an entity is looked for in this cluster (`backstage.io/kubernetes-cluster`). */
export function entityLooksIn(
  entity: EntitySelector,
  cluster: ClusterView,
): boolean {
  return !entity.cluster || entity.cluster === cluster.name;
}

/**
 * Finds the workloads of entities in one cluster, with an index of workloads by label so each
 * entity costs O(its candidates), not O(all workloads). A workload matches when its own labels
 * OR its pod template labels match.
 */
export class WorkloadMatcher {
  private readonly index: LabelIndex<Workload>;

  constructor(private readonly cluster: ClusterView) {
    this.index = new LabelIndex(cluster.workloads(), w => [
      w.object.metadata?.labels,
      w.templateLabels,
    ]);
  }

  /** Workloads of the entity in this cluster (honouring its namespace and cluster filters). */
  workloadsOf(
    entity: EntitySelector,
    selector: LabelSelector | undefined,
  ): Workload[] {
    if (!selector || !entityLooksIn(entity, this.cluster)) return [];
    const matched = this.index.matching(selector);
    return entity.namespace
      ? matched.filter(w => w.namespace === entity.namespace)
      : matched;
  }
}

/** Every workload of an entity across the clusters (convenience for tests and single entities). */
export function workloadsOfEntity(
  entity: EntitySelector,
  clusters: ClusterView[],
): EntityWorkload[] {
  const selector = entityLabelSelector(entity);
  return clusters.flatMap(cluster =>
    new WorkloadMatcher(cluster)
      .workloadsOf(entity, selector)
      .map(workload => ({ cluster, workload })),
  );
}
