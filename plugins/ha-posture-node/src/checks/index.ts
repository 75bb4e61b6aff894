import { HaCheck } from '../model';
import { controlPlaneChecks } from './control-plane';
import { nodesChecks } from './nodes';
import { replicasChecks } from './replicas';
import { spreadChecks } from './spread';
import { disruptionChecks } from './disruption';
import { healthChecks } from './health';
import { networkChecks } from './network';
import { storageChecks } from './storage';
import { backupsChecks } from './backups';
import { drChecks } from './dr';
import { monitoringChecks } from './monitoring';
import { loggingChecks } from './logging';

/** Every built-in check, in category display order. @public */
export const BUILTIN_CHECKS: HaCheck[] = [
  ...controlPlaneChecks,
  ...nodesChecks,
  ...replicasChecks,
  ...spreadChecks,
  ...disruptionChecks,
  ...healthChecks,
  ...networkChecks,
  ...storageChecks,
  ...backupsChecks,
  ...drChecks,
  ...monitoringChecks,
  ...loggingChecks,
];
