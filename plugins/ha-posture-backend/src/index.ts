/**
 * HA Posture backend plugin.
 *
 * @packageDocumentation
 */
export { haPosturePlugin as default } from './plugin';
export type { HaPostureConfig } from './config/readHaPostureConfig';
