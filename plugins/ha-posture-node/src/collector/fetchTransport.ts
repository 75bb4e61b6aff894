import {
  Transport,
  TransportError,
  TransportRequest,
  TransportResponse,
} from './transport';

/** @public */
export interface FetchTransportOptions {
  /**
   * Where API paths are appended: the API server (`https://10.0.0.1:6443`) or the Kubernetes plugin's
   * proxy (`{kubernetesBaseUrl}/proxy`).
   */
  baseUrl: string;
  /** Headers for every request (auth, `Backstage-Kubernetes-Cluster`); called per request so tokens can rotate. */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Per request, including reading the body. Default 15000. */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  /** An undici Dispatcher (e.g. an Agent with the cluster's CA or client certificate), passed to fetch as `dispatcher`. */
  dispatcher?: unknown;
}

const lowerCaseKeys = (headers: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );

function urlOf(baseUrl: string, req: TransportRequest): string {
  const query =
    req.query && Object.keys(req.query).length > 0
      ? `?${new URLSearchParams(req.query)}`
      : '';
  return `${baseUrl.replace(/\/+$/, '')}${req.path}${query}`;
}

/** `ECONNREFUSED`, `UND_ERR_SOCKET: other side closed` ...: the useful part of undici's "fetch failed". */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  const parts = [cause?.code, cause?.message].filter(Boolean);
  return parts.length > 0
    ? parts.join(': ')
    : String((error as Error)?.message ?? error);
}

/**
 * A Transport over plain `fetch`: one GET per request with a timeout combined with the caller's
 * signal. Timeouts and network failures reject with a TransportError; a caller abort rejects with
 * the caller's reason.
 * @public
 */
export function createFetchTransport(
  options: FetchTransportOptions,
): Transport {
  const {
    baseUrl,
    headers,
    timeoutMs = 15000,
    fetchImpl = globalThis.fetch,
    dispatcher,
  } = options;

  return async (req: TransportRequest): Promise<TransportResponse> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal
      ? AbortSignal.any([req.signal, timeout])
      : timeout;
    const failure = (error: unknown, duringBody: boolean): unknown => {
      if (req.signal?.aborted) return req.signal.reason;
      if (timeout.aborted)
        return new TransportError(
          'timeout',
          `no response within ${timeoutMs} ms`,
          { cause: error },
        );
      return duringBody
        ? new TransportError(
            'truncated',
            `body cut short: ${describeCause(error)}`,
            { cause: error },
          )
        : new TransportError(
            'network',
            `connection failed (${describeCause(error)})`,
            { cause: error },
          );
    };

    const init = {
      method: 'GET',
      headers: {
        accept: 'application/json',
        ...lowerCaseKeys(await headers?.()),
        ...lowerCaseKeys(req.headers),
      },
      signal,
      ...(dispatcher ? { dispatcher } : {}),
    } as RequestInit;
    let response: Response;
    try {
      response = await fetchImpl(urlOf(baseUrl, req), init);
    } catch (error) {
      throw failure(error, false);
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      throw failure(error, true);
    }
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body,
    };
  };
}
