import { FetchState } from '../model/snapshot';
import { ApiFailure } from './apiClient';

/** `GET /api/v1/pods: HTTP 500: etcdserver: request timed out (4 attempts)`. */
function describe({
  reason,
  httpStatus,
  message,
  path,
  attempts,
}: ApiFailure): string {
  const detail =
    reason === 'http'
      ? `HTTP ${httpStatus}${message ? `: ${message}` : ''}`
      : message;
  return `GET ${path}: ${detail}${
    attempts > 1 ? ` (${attempts} attempts)` : ''
  }`;
}

/**
 * What a failed request means for the resource it read: 401/403 `forbidden` (the role lacks the
 * permission; the Status message says which), 404 `not-installed`, timeouts, network failures and
 * 5xx after retries `unreachable` (the server could not answer), anything else (bodies that are not
 * JSON, other 4xx) `error`; always with the reason.
 */
export function failureState(failure: ApiFailure): FetchState {
  const { reason, httpStatus, message } = failure;
  if (
    reason === 'timeout' ||
    reason === 'network' ||
    (httpStatus !== undefined && httpStatus >= 500)
  )
    return { status: 'unreachable', message: describe(failure) };
  if (httpStatus === 401)
    return {
      status: 'forbidden',
      message: `the cluster rejected the credentials (${describe(failure)})`,
    };
  // The Status message names the user, verb and resource: the reason as the API server gives it.
  if (httpStatus === 403)
    return { status: 'forbidden', message: message || describe(failure) };
  if (httpStatus === 404)
    return { status: 'not-installed', message: describe(failure) };
  return { status: 'error', message: describe(failure) };
}

/**
 * A failed discovery request means the cluster as a whole could not be read: `forbidden` when the
 * credentials are refused, otherwise `unreachable` (down, overloaded, or answering garbage).
 */
export function clusterFailureState(failure: ApiFailure): FetchState {
  const state = failureState(failure);
  return state.status === 'forbidden'
    ? state
    : {
        status: 'unreachable',
        message: `cluster unreachable: ${describe(failure)}`,
      };
}
