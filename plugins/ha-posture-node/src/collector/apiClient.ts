import { Transport, TransportError, TransportFailure } from './transport';

/** Statuses worth asking again: throttling and the API server's (or a proxy's) transient failures. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/** A server asking for longer than this would stall the whole refresh: wait at most this long. */
const MAX_RETRY_AFTER_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;

/** Why a request finally failed: its HTTP status, or a transport failure, or a body that is not JSON. */
export type ApiFailureReason = 'http' | TransportFailure | 'malformed';

export interface ApiSuccess {
  ok: true;
  json: Record<string, any>;
  headers: Record<string, string>;
}

export interface ApiFailure {
  ok: false;
  reason: ApiFailureReason;
  httpStatus?: number;
  /** What went wrong: the Status message (or plain body), the transport error, or why the body is unusable. */
  message: string;
  path: string;
  attempts: number;
}

export type ApiResult = ApiSuccess | ApiFailure;

type AttemptResult = ApiSuccess | Omit<ApiFailure, 'attempts'>;

export interface ApiRequest {
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface ApiClientStats {
  requests: number;
  bytes: number;
  retries: number;
}

export interface ApiClientOptions {
  transport: Transport;
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff; doubles per retry, with jitter. */
  backoffMs: number;
  signal?: AbortSignal;
  /** Waits between attempts (tests record the delays instead). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** The `message` of a Kubernetes Status body, else the body's first line (e.g. `404 page not found`), else ''. */
export function statusMessage(body: string): string {
  try {
    const status = JSON.parse(body);
    if (typeof status?.message === 'string' && status.message)
      return status.message;
  } catch {
    // Not a Status object: proxies and the API server's mux answer in plain text.
  }
  return body.trim().split('\n')[0].slice(0, 200);
}

/** `Retry-After` in seconds (the API server's form); undefined when absent or not a number. */
function retryAfterMs(headers: Record<string, string>): number | undefined {
  const seconds = Number(headers['retry-after']);
  return headers['retry-after'] !== undefined &&
    Number.isFinite(seconds) &&
    seconds >= 0
    ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS)
    : undefined;
}

export function abortableSleep(
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * GETs JSON through a Transport with retries: 429, 5xx, network failures, timeouts and bodies that
 * are not JSON are retried with exponential, jittered backoff (at least `Retry-After`); anything else
 * is returned at once. Never throws for cluster failures; rethrows the caller's abort.
 */
export class ApiClient {
  readonly stats: ApiClientStats = { requests: 0, bytes: 0, retries: 0 };
  private readonly sleep: NonNullable<ApiClientOptions['sleep']>;
  private readonly random: () => number;

  constructor(private readonly options: ApiClientOptions) {
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  async get(request: ApiRequest): Promise<ApiResult> {
    const { retries, signal } = this.options;
    for (let attempt = 0; ; attempt++) {
      const { result, retryAfter } = await this.attempt(request);
      if (result.ok) return result;
      if (
        result.reason === 'http' &&
        !RETRYABLE_STATUSES.has(result.httpStatus!)
      )
        return { ...result, attempts: attempt + 1 };
      if (attempt >= retries) return { ...result, attempts: attempt + 1 };
      this.stats.retries++;
      await this.sleep(
        Math.max(retryAfter ?? 0, this.backoff(attempt)),
        signal,
      );
    }
  }

  /** `backoffMs * 2^attempt`, scaled by a random factor in [0.5, 1.5) so clients don't retry in lockstep. */
  private backoff(attempt: number): number {
    const base = Math.min(
      this.options.backoffMs * 2 ** attempt,
      MAX_BACKOFF_MS,
    );
    return Math.round(base * (0.5 + this.random()));
  }

  private async attempt(
    request: ApiRequest,
  ): Promise<{ result: AttemptResult; retryAfter?: number }> {
    const { transport, signal } = this.options;
    signal?.throwIfAborted();
    this.stats.requests++;
    let response;
    try {
      response = await transport({ ...request, signal });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const reason: TransportFailure =
        error instanceof TransportError ? error.failure : 'network';
      const detail = error instanceof Error ? error.message : String(error);
      const message =
        reason === 'truncated' ? `malformed response (${detail})` : detail;
      return { result: { ok: false, reason, message, path: request.path } };
    }
    this.stats.bytes += Buffer.byteLength(response.body);
    const { status, headers, body } = response;
    if (status < 200 || status >= 300) {
      return {
        result: {
          ok: false,
          reason: 'http',
          httpStatus: status,
          message: statusMessage(body),
          path: request.path,
        },
        retryAfter: retryAfterMs(headers),
      };
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      const message = 'malformed response (the body is not a JSON object)';
      return {
        result: { ok: false, reason: 'malformed', message, path: request.path },
      };
    }
    return { result: { ok: true, json: json as Record<string, any>, headers } };
  }
}
