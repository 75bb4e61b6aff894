/** Work split into steps (generators that yield between them), run at once where no event loop waits. */

/** Runs every step and returns the result. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
