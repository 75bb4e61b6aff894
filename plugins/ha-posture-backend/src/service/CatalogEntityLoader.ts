import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntitySelector } from '@ha-posture/plugin-ha-posture-node';

// The Kubernetes plugin's own annotations (kept literal to avoid a frontend-leaning dependency).
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION = 'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE_ANNOTATION = 'backstage.io/kubernetes-namespace';
export const KUBERNETES_CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';

/** Whether an entity has the annotations that map it to Kubernetes workloads. */
export function hasKubernetesAnnotations(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[KUBERNETES_ID_ANNOTATION] || annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
  );
}

/** Maps a catalog entity to the engine's selector (Kubernetes plugin semantics). */
export function toEntitySelector(entity: Entity): EntitySelector {
  const annotations = entity.metadata.annotations ?? {};
  const spec = (entity.spec ?? {}) as { owner?: unknown; system?: unknown };
  const entityRef = stringifyEntityRef(entity);
  const namespace = entity.metadata.namespace ?? 'default';
  return {
    entityRef,
    kubernetesId: annotations[KUBERNETES_ID_ANNOTATION],
    labelSelector: annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION],
    namespace: annotations[KUBERNETES_NAMESPACE_ANNOTATION],
    cluster: annotations[KUBERNETES_CLUSTER_ANNOTATION],
    annotations,
    owner:
      typeof spec.owner === 'string'
        ? stringifyEntityRef(parseEntityRef(spec.owner, { defaultKind: 'group', defaultNamespace: namespace }))
        : undefined,
    system:
      typeof spec.system === 'string'
        ? stringifyEntityRef(parseEntityRef(spec.system, { defaultKind: 'system', defaultNamespace: namespace }))
        : undefined,
  };
}

/** Reads the catalog entities that have Kubernetes annotations, with the plugin's own credentials. */
export class CatalogEntityLoader {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  async loadAll(): Promise<EntitySelector[]> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          { [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]: CATALOG_FILTER_EXISTS },
          {
            [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: ['kind', 'metadata', 'spec.owner', 'spec.system'],
      },
      { credentials },
    );
    return items.filter(hasKubernetesAnnotations).map(toEntitySelector);
  }

  /** One entity by ref; undefined when it is not in the catalog. */
  async loadOne(entityRef: string): Promise<Entity | undefined> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: [entityRef], fields: ['kind', 'metadata', 'spec.owner', 'spec.system'] },
      { credentials },
    );
    return items[0] ?? undefined;
  }
}
