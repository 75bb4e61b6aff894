import { ApiClient, statusMessage } from './apiClient';
import {
  Transport,
  TransportError,
  TransportRequest,
  TransportResponse,
} from './transport';

const status = (
  code: number,
  message: string,
  headers: Record<string, string> = {},
): TransportResponse => ({
  status: code,
  headers,
  body: JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message,
    code,
  }),
});
const ok = (value: unknown): TransportResponse => ({
  status: 200,
  headers: {},
  body: JSON.stringify(value),
});

/** A transport answering from a script, one step per request (a step may throw). */
function scripted(...steps: Array<TransportResponse | Error>) {
  const requests: TransportRequest[] = [];
  const transport: Transport = async req => {
    requests.push(req);
    const step = steps.shift();
    if (!step) throw new Error('unexpected request');
    if (step instanceof Error) throw step;
    return step;
  };
  return { transport, requests };
}

function clientFor(
  transport: Transport,
  options: { retries?: number; backoffMs?: number; signal?: AbortSignal } = {},
) {
  const delays: number[] = [];
  const client = new ApiClient({
    transport,
    retries: options.retries ?? 3,
    backoffMs: options.backoffMs ?? 100,
    signal: options.signal,
    sleep: async ms => {
      delays.push(ms);
    },
    random: () => 0.5,
  });
  return { client, delays };
}

describe('ApiClient', () => {
  it('returns parsed JSON and headers, and counts requests and bytes', async () => {
    const { transport, requests } = scripted({
      status: 200,
      headers: { date: 'Sat, 01 Jun 2024 12:00:00 GMT' },
      body: '{"a":1}',
    });
    const { client } = clientFor(transport);
    const result = await client.get({
      path: '/version',
      query: { limit: '5' },
    });
    expect(result).toEqual({
      ok: true,
      json: { a: 1 },
      headers: { date: 'Sat, 01 Jun 2024 12:00:00 GMT' },
    });
    expect(requests[0]).toMatchObject({
      path: '/version',
      query: { limit: '5' },
    });
    expect(client.stats).toEqual({ requests: 1, bytes: 7, retries: 0 });
  });

  it('retries 5xx with exponential backoff and then succeeds', async () => {
    const { transport } = scripted(
      status(500, 'etcd'),
      status(503, 'busy'),
      status(502, 'bad gateway'),
      ok({ items: [] }),
    );
    const { client, delays } = clientFor(transport);
    expect(await client.get({ path: '/api/v1/pods' })).toMatchObject({
      ok: true,
    });
    expect(delays).toEqual([100, 200, 400]);
    expect(client.stats).toMatchObject({ requests: 4, retries: 3 });
  });

  it('waits at least Retry-After seconds after a 429', async () => {
    const { transport } = scripted(
      status(429, 'slow down', { 'retry-after': '2' }),
      ok({}),
    );
    const { client, delays } = clientFor(transport);
    expect(await client.get({ path: '/api/v1/nodes' })).toMatchObject({
      ok: true,
    });
    expect(delays).toEqual([2000]);
  });

  it('gives up after the retries with the last reason and the attempt count', async () => {
    const { transport } = scripted(
      status(500, 'a'),
      status(500, 'b'),
      status(500, 'etcdserver: request timed out'),
    );
    const { client } = clientFor(transport, { retries: 2 });
    expect(await client.get({ path: '/api/v1/pods' })).toEqual({
      ok: false,
      reason: 'http',
      httpStatus: 500,
      message: 'etcdserver: request timed out',
      path: '/api/v1/pods',
      attempts: 3,
    });
  });

  it.each([
    [403, 'pods is forbidden: User "x" cannot list resource "pods"'],
    [404, 'the server could not find the requested resource'],
    [410, 'The provided continue parameter is too old'],
    [400, 'bad request'],
  ])('returns %i at once, without retrying', async (code, message) => {
    const { transport, requests } = scripted(status(code, message));
    const { client } = clientFor(transport);
    expect(await client.get({ path: '/api/v1/pods' })).toEqual({
      ok: false,
      reason: 'http',
      httpStatus: code,
      message,
      path: '/api/v1/pods',
      attempts: 1,
    });
    expect(requests).toHaveLength(1);
  });

  it('retries transport failures and reports their kind', async () => {
    const { transport } = scripted(
      new TransportError('network', 'connection failed (ECONNRESET)'),
      new TransportError('timeout', 'no response within 50 ms'),
    );
    const { client } = clientFor(transport, { retries: 1 });
    expect(await client.get({ path: '/apis' })).toEqual({
      ok: false,
      reason: 'timeout',
      message: 'no response within 50 ms',
      path: '/apis',
      attempts: 2,
    });
  });

  it('treats errors of other transports as network failures', async () => {
    const { transport } = scripted(new Error('socket hang up'));
    const { client } = clientFor(transport, { retries: 0 });
    expect(await client.get({ path: '/apis' })).toEqual({
      ok: false,
      reason: 'network',
      message: 'socket hang up',
      path: '/apis',
      attempts: 1,
    });
  });

  it('retries bodies that are not a JSON object, then calls them malformed', async () => {
    const { transport } = scripted(
      { status: 200, headers: {}, body: '{"items":[{' },
      { status: 200, headers: {}, body: '[]' },
      new TransportError('truncated', 'body cut short: terminated'),
    );
    const { client } = clientFor(transport, { retries: 2 });
    const result = await client.get({ path: '/api/v1/pods' });
    expect(result).toEqual({
      ok: false,
      reason: 'truncated',
      message: 'malformed response (body cut short: terminated)',
      path: '/api/v1/pods',
      attempts: 3,
    });
    const { transport: garbage } = scripted({
      status: 200,
      headers: {},
      body: '<html>',
    });
    expect(
      await clientFor(garbage, { retries: 0 }).client.get({ path: '/x' }),
    ).toMatchObject({
      reason: 'malformed',
      message: 'malformed response (the body is not a JSON object)',
    });
  });

  it('rethrows the caller abort instead of retrying', async () => {
    const controller = new AbortController();
    const transport: Transport = async () => {
      controller.abort(new Error('refresh cancelled'));
      throw new TransportError('network', 'aborted');
    };
    const { client } = clientFor(transport, { signal: controller.signal });
    await expect(client.get({ path: '/version' })).rejects.toThrow(
      'refresh cancelled',
    );
    await expect(client.get({ path: '/version' })).rejects.toThrow(
      'refresh cancelled',
    );
    expect(client.stats.requests).toBe(1);
  });
});

describe('statusMessage', () => {
  it('reads the Status message, else the first line of a plain body', () => {
    expect(
      statusMessage(JSON.stringify({ kind: 'Status', message: 'denied' })),
    ).toBe('denied');
    expect(statusMessage('404 page not found\n')).toBe('404 page not found');
    expect(statusMessage('')).toBe('');
  });
});
