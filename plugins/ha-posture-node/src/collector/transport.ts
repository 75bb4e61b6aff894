/**
 * The collector's only way to the API server. The backend passes one over the Kubernetes plugin's
 * proxy, the CLI one from a kubeconfig, tests one over the fixture server, so the collector itself
 * does no I/O and never sees credentials.
 */

/** @public */
export interface TransportRequest {
  /** API path, e.g. `/apis/apps/v1/deployments` (no query string). */
  path: string;
  query?: Record<string, string>;
  /** Extra request headers, e.g. `Accept` for aggregated discovery. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** @public */
export interface TransportResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends one GET. Resolves with any HTTP status; rejects on network errors and timeouts (ideally with
 * a {@link TransportError} so the collector can tell them apart; any other error counts as a network error).
 * @public
 */
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/**
 * Why a request got no complete response: `timeout` (no answer in time), `network` (connection refused,
 * reset or dropped before a response), `truncated` (the response started but its body was cut short).
 * @public
 */
export type TransportFailure = 'timeout' | 'network' | 'truncated';

/** @public */
export class TransportError extends Error {
  readonly failure: TransportFailure;

  constructor(
    failure: TransportFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
    this.failure = failure;
  }
}
