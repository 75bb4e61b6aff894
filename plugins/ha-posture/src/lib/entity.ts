import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { HaEntityName } from '../api/HaPostureApi';

/** Annotations of the Kubernetes plugin that map an entity to its workloads. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
/** @see KUBERNETES_ID_ANNOTATION */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/** The annotations named in the missing-annotation empty state. */
export const HA_POSTURE_ANNOTATIONS = [
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
];

/**
 * True when the entity is mapped to Kubernetes workloads (`backstage.io/kubernetes-id` or
 * `backstage.io/kubernetes-label-selector`), so HA posture has something to evaluate.
 * @public
 */
export function isHaPostureAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION] ||
      annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  );
}

const hasKubernetesId = {
  [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]: {
    $exists: true as const,
  },
};
const hasLabelSelector = {
  [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_ANNOTATION}`]: {
    $exists: true as const,
  },
};

/** The same test as a catalog filter predicate, for the new frontend system's blueprints. */
export const haPostureEntityFilter = {
  $any: [hasKubernetesId, hasLabelSelector],
};

export function entityName(entity: Entity): HaEntityName {
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
}

export function entityRefOf(entity: Entity): string {
  return stringifyEntityRef(entity);
}
