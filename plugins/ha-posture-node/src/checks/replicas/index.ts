import { HaCheck } from '../../model';
import { barePod } from './bare-pod';
import { daemonsetCoverage } from './daemonset-coverage';
import { hpaHeadroom } from './hpa-headroom';
import { hpaTargetExists } from './hpa-target-exists';
import { replicasAvailable } from './replicas-available';
import { replicasMinFloor } from './replicas-min-floor';
import { replicasQuotaHeadroom } from './replicas-quota-headroom';

/** Built-in checks of the `replicas` category. */
export const replicasChecks: HaCheck[] = [
  replicasMinFloor,
  replicasAvailable,
  barePod,
  daemonsetCoverage,
  hpaTargetExists,
  hpaHeadroom,
  replicasQuotaHeadroom,
];
