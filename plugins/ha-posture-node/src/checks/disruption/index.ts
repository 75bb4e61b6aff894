import { HaCheck } from '../../model';
import { pdbBlocksDrain } from './pdb-blocks-drain';
import { pdbCoverage } from './pdb-coverage';
import { pdbOverlap } from './pdb-overlap';
import { pdbSelectsNothing } from './pdb-selects-nothing';
import { pdbUnhealthyPodEvictionPolicy } from './pdb-unhealthy-pod-eviction-policy';

/** Built-in checks of the `disruption` category. */
export const disruptionChecks: HaCheck[] = [
  pdbCoverage,
  pdbBlocksDrain,
  pdbOverlap,
  pdbSelectsNothing,
  pdbUnhealthyPodEvictionPolicy,
];
