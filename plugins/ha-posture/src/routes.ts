import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The HA posture page (`/ha-posture` in the example app): the clusters list. */
export const rootRouteRef = createRouteRef({ id: 'ha-posture' });

/** One cluster's findings, topology and history. */
export const clusterRouteRef = createSubRouteRef({
  id: 'ha-posture/cluster',
  parent: rootRouteRef,
  path: '/clusters/:name',
});

/** The check catalog, with an anchor per check id and per category. */
export const checksRouteRef = createSubRouteRef({
  id: 'ha-posture/checks',
  parent: rootRouteRef,
  path: '/checks',
});

/** The entity HA tab (legacy `EntityLayout.Route path="/ha"`). */
export const entityContentRouteRef = createRouteRef({
  id: 'ha-posture/entity-content',
});
