import { FetchState } from '../model/snapshot';
import { ApiResult } from './apiClient';

type ApiFailure = Extract<ApiResult, { ok: false }>;

/**
 * What a failed request means for the resource it read: 401/403 `forbidden` (the role lacks the
 * permission), 404 `not-installed`, timeouts and network failures `unreachable`, anything else
 * (5xx after retries, bodies that are not JSON, other 4xx) `error`; always with the reason.
 */
export function failureState(failure: ApiFailure): FetchState {
  const { reason, httpStatus, message } = failure;
  if (reason === 'timeout' || reason === 'network') return { status: 'unreachable', message };
  if (httpStatus === 401) return { status: 'forbidden', message: `the cluster rejected the credentials (${message})` };
  if (httpStatus === 403) return { status: 'forbidden', message };
  if (httpStatus === 404) return { status: 'not-installed', message };
  return { status: 'error', message };
}

/**
 * A failed discovery request means the cluster as a whole could not be read: `forbidden` when the
 * credentials are refused, otherwise `unreachable` (down, overloaded, or answering garbage).
 */
export function clusterFailureState(failure: ApiFailure): FetchState {
  const state = failureState(failure);
  return state.status === 'forbidden'
    ? state
    : { status: 'unreachable', message: `cluster unreachable: ${failure.message}` };
}
