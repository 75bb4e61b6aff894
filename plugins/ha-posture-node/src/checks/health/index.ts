import { HaCheck } from '../../model';
import { containersRestarting } from './containers-restarting';
import { priorityClass } from './priority-class';
import { probeLiveness } from './probe-liveness';
import { probeReadiness } from './probe-readiness';
import { probesIdentical } from './probes-identical';
import { resourceRequests } from './resource-requests';
import { rolloutStrategy } from './rollout-strategy';

/** Built-in checks of the `health` category. */
export const healthChecks: HaCheck[] = [
  probeReadiness,
  probeLiveness,
  probesIdentical,
  rolloutStrategy,
  resourceRequests,
  priorityClass,
  containersRestarting,
];
