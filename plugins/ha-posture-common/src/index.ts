/**
 * Isomorphic types, categories, statuses, scoring and permissions of HA Posture.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './scoring';
export * from './permissions';
export * from './facts';
export * from './reports';
export * from './api';
export * from './parameterRange';
