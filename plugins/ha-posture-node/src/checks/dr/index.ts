import { HaCheck } from '../../model';
import { drMultiCluster } from './dr-multi-cluster';
import { drMultiRegion } from './dr-multi-region';
import { drTrafficFailover } from './dr-traffic-failover';

/** Built-in checks of the `dr` category. */
export const drChecks: HaCheck[] = [
  drMultiCluster,
  drMultiRegion,
  drTrafficFailover,
];
