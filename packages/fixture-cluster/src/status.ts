/**
 * Kubernetes `Status` error bodies, shaped like the real API server's so that
 * clients (client-go, @kubernetes/client-node, the Backstage Kubernetes plugin)
 * classify failures the same way they would against a real cluster.
 */

export const STATUS_REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export type StatusDetails = {
  name?: string;
  group?: string;
  kind?: string;
  retryAfterSeconds?: number;
};

export type K8sStatus = {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: {};
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
};

function statusBody(
  code: number,
  message: string,
  details?: StatusDetails,
): K8sStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: STATUS_REASONS[code] ?? 'Unknown',
    ...(details ? { details } : {}),
    code,
  };
}

/** Thrown by request handlers; the server turns it into a Status response. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StatusError';
  }

  toStatus(): K8sStatus {
    return statusBody(this.code, this.message, this.details);
  }
}
