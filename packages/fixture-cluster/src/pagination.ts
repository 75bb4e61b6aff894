/**
 * List pagination with `limit` and `continue`, like the API server's chunked
 * lists: the token is opaque to clients (base64 of the list's resourceVersion,
 * the next offset and when the list started). A token older than the TTL, or
 * issued for a different resourceVersion (the data changed), is answered with
 * 410 Expired so clients restart the list, as they must against etcd compaction.
 */
import { StatusError } from './status';

/** `issuedAt` is when the first page was served: like etcd compaction, the TTL counts from there. */
type Token = { rv: string; offset: number; issuedAt: number };

export const DEFAULT_CONTINUE_TTL_MS = 5 * 60 * 1000;

const EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. ' +
  'You can start a new list without the continue parameter.';

export function encodeContinue(
  rv: string,
  offset: number,
  issuedAt: number,
): string {
  const token: Token = { rv, offset, issuedAt };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(
  value: string,
  currentRv: string,
  nowMs: number,
  ttlMs: number,
): Token {
  let token: Token;
  try {
    token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw new StatusError(
      400,
      'continue key is not valid: illegal base64 data',
    );
  }
  if (
    typeof token?.rv !== 'string' ||
    !Number.isInteger(token.offset) ||
    token.offset < 0 ||
    typeof token.issuedAt !== 'number'
  ) {
    throw new StatusError(
      400,
      'continue key is not valid: incorrect encoded start resourceVersion',
    );
  }
  if (token.rv !== currentRv || nowMs - token.issuedAt > ttlMs) {
    throw new StatusError(410, EXPIRED_MESSAGE);
  }
  return token;
}

export type Page<T> = {
  items: T[];
  continueToken?: string;
  remainingItemCount?: number;
};

/**
 * One page of `all` starting at the `continue` offset. `limit <= 0` (or
 * absent) returns everything from the offset.
 */
export function paginate<T>(
  all: T[],
  opts: {
    limit?: number;
    continueValue?: string;
    rv: string;
    nowMs: number;
    ttlMs: number;
  },
): Page<T> {
  const { offset: start, issuedAt } = opts.continueValue
    ? decodeContinue(opts.continueValue, opts.rv, opts.nowMs, opts.ttlMs)
    : { offset: 0, issuedAt: opts.nowMs };
  const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
  const end = Math.min(all.length, start + limit);
  const items = start === 0 && end === all.length ? all : all.slice(start, end);
  if (end >= all.length) return { items };
  return {
    items,
    continueToken: encodeContinue(opts.rv, end, issuedAt),
    remainingItemCount: all.length - end,
  };
}
