import { Entity } from '@backstage/catalog-model';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';

/** The tab's path below the entity page (`EntityLayout.Route path="/ha"`). */
export const HA_TAB_PATH = 'ha';

function useOptionalEntityRefLink() {
  try {
    return useEntityRefLink();
  } catch {
    // No catalog entity route in this app (e.g. a card rendered on its own).
    return undefined;
  }
}

/** Link to the entity's HA tab (relative `ha` when the entity route is unknown). */
export function useEntityHaTabLink(entity: Entity): string {
  const link = useOptionalEntityRefLink();
  const base = link?.(entity);
  return base ? `${base.replace(/\/$/, '')}/${HA_TAB_PATH}` : HA_TAB_PATH;
}
