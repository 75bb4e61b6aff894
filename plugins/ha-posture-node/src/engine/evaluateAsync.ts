import { setImmediate as nextTurn } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { ClusterSnapshot } from '../model/snapshot';
import { EvaluateOptions, EvaluationResult } from '../model/evaluation';
import { evaluationSteps } from './evaluate';

/** @public */
export interface EvaluateAsyncOptions {
  /**
   * Longest run of evaluation work between two event-loop turns, in milliseconds (default 20).
   * A step (one check over one cluster's workloads, one cluster's view) is never split, so a
   * slice can run longer by up to one step.
   */
  sliceMs?: number;
  /** Stops the evaluation between two steps (rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * The same evaluation as `evaluate`, with the same result, run in slices that give the event loop a
 * turn in between: a backend evaluating a fleet keeps answering requests meanwhile.
 * @public
 */
export async function evaluateAsync(
  snapshots: ClusterSnapshot[],
  options: EvaluateOptions = {},
  { sliceMs = 20, signal }: EvaluateAsyncOptions = {},
): Promise<EvaluationResult> {
  if (!Number.isFinite(sliceMs) || sliceMs < 0)
    throw new TypeError(
      `sliceMs must be a non-negative number of milliseconds, not ${sliceMs}`,
    );
  const steps = evaluationSteps(snapshots, options);
  let sliceStart = performance.now();
  for (;;) {
    signal?.throwIfAborted();
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
