/**
 * Process exit codes of `ha-posture` (the DESIGN.md CLI contract), and the error type that
 * carries a one-line, user-facing message to exit code 2.
 */

/** @public */
export const EXIT_CODES = {
  /** No failing result at or above `--fail-on`. */
  clean: 0,
  /** At least one non-exempt `fail` at or above `--fail-on`. */
  findings: 1,
  /** Bad usage, bad configuration or unreadable/invalid input. */
  usage: 2,
} as const;

/**
 * A problem with the command line, the configuration or the input. Its message is printed as
 * one line on stderr (naming file and line where known), without a stack trace, and the
 * process exits with code 2.
 * @public
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
