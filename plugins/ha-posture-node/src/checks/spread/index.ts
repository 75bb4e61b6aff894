import { HaCheck } from '../../model';
import { spreadActualCapacity } from './spread-actual-capacity';
import { spreadActualNodes } from './spread-actual-nodes';
import { spreadActualZones } from './spread-actual-zones';
import { spreadDeclared } from './spread-declared';
import { spreadRequiredAntiaffinityCapacity } from './spread-required-antiaffinity-capacity';
import { spreadSelectorMismatch } from './spread-selector-mismatch';

/** Built-in checks of the `spread` category. */
export const spreadChecks: HaCheck[] = [
  spreadDeclared,
  spreadSelectorMismatch,
  spreadActualNodes,
  spreadActualZones,
  spreadActualCapacity,
  spreadRequiredAntiaffinityCapacity,
];
