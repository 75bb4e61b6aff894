import { useApi } from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { haPostureApiRef } from '../api/HaPostureApi';
import { entityName } from '../lib/entity';

/** The entity's HA report (`GET /entities/...`), with `retry` to load it again. */
export function useHaEntity(entity: Entity) {
  const api = useApi(haPostureApiRef);
  const { kind, namespace, name } = entityName(entity);
  return useAsyncRetry(
    () => api.getEntity({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
}

/** The entity's daily score history (`GET /history/...`). */
export function useHaHistory(entity: Entity) {
  const api = useApi(haPostureApiRef);
  const { kind, namespace, name } = entityName(entity);
  return useAsyncRetry(
    () => api.getHistory({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
}
