/** Test harness for HA Posture integration tests (never imported by production code). */
export * from './haTestBackend';
