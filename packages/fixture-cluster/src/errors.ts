/**
 * A problem with the fixture configuration (clusters dir, YAML, ports, fault rules).
 * The CLI prints its message as one line and exits with code 2, without a stack trace.
 */
export class FixtureConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixtureConfigError';
  }
}
