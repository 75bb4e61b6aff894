import { HaCheck } from '../../model';
import { nodesUsableWorkers } from './nodes-usable-workers';
import { nodesZones } from './nodes-zones';
import { nodesNotReady } from './nodes-not-ready';
import { nodesPressure } from './nodes-pressure';
import { nodesZoneBalance } from './nodes-zone-balance';
import { nodesFailureHeadroom } from './nodes-failure-headroom';

/** Built-in checks of the `nodes` category. */
export const nodesChecks: HaCheck[] = [
  nodesUsableWorkers,
  nodesZones,
  nodesNotReady,
  nodesPressure,
  nodesZoneBalance,
  nodesFailureHeadroom,
];
