import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { HaCheck } from './model/checks';

/**
 * Lets backend modules add custom checks to HA Posture:
 * `env.registerInit({ deps: { checks: haPostureChecksExtensionPoint }, async init({ checks }) { checks.addChecks(myCheck); } })`.
 * @public
 */
export interface HaPostureChecksExtensionPoint {
  addChecks(...checks: HaCheck[]): void;
}

/** @public */
export const haPostureChecksExtensionPoint =
  createExtensionPoint<HaPostureChecksExtensionPoint>({
    id: 'ha-posture.checks',
  });
