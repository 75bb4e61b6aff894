import { HaCheck } from '../../model';
import { loggingAgentCoverage } from './logging-agent-coverage';
import { loggingAgentTolerations } from './logging-agent-tolerations';

/** Built-in checks of the `logging` category. */
export const loggingChecks: HaCheck[] = [
  loggingAgentCoverage,
  loggingAgentTolerations,
];
