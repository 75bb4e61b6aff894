import { createPermission } from '@backstage/plugin-permission-common';

/** Read HA reports, checks, history and summaries. @public */
export const haPostureReadPermission = createPermission({
  name: 'ha-posture.read',
  attributes: { action: 'read' },
});

/** Trigger a refresh of all clusters. @public */
export const haPostureRefreshPermission = createPermission({
  name: 'ha-posture.refresh',
  attributes: { action: 'update' },
});

/** @public */
export const haPosturePermissions = [
  haPostureReadPermission,
  haPostureRefreshPermission,
];
