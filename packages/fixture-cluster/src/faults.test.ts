import http from 'node:http';
import { FixtureConfigError } from './errors';
import { FaultRule, FaultSet, validateFaultRules } from './faults';
import { FixtureFleet, startFixtureFleet } from './fleet';
import { makePods, request } from './__testUtils__/http';

/** A raw GET that reports what happened on the wire (fetch hides cut connections' details). */
function rawGet(url: string, timeoutMs = 2000) {
  return new Promise<{
    status?: number;
    headers?: http.IncomingHttpHeaders;
    body: string;
    error?: string;
  }>(resolve => {
    let body = '';
    let status: number | undefined;
    let headers: http.IncomingHttpHeaders | undefined;
    const req = http.get(url, { timeout: timeoutMs, agent: false }, res => {
      status = res.statusCode;
      headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', c => (body += c));
      res.on('end', () => resolve({ status, headers, body }));
      res.on('aborted', () =>
        resolve({ status, headers, body, error: 'aborted' }),
      );
      res.on('error', e =>
        resolve({ status, headers, body, error: e.message }),
      );
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ status, headers, body, error: 'timeout' });
    });
    req.on('error', e => resolve({ status, headers, body, error: e.message }));
  });
}

describe('fault rules', () => {
  it('validates rules', () => {
    expect(
      validateFaultRules({ faults: [{ resource: 'pods', status: 403 }] }),
    ).toEqual([{ resource: 'pods', status: 403 }]);
    expect(validateFaultRules([{ path: '^/api$', drop: true }])).toHaveLength(
      1,
    );
    expect(validateFaultRules({ faults: null })).toEqual([]);
    const bad: Array<[unknown, RegExp]> = [
      [{ faults: {} }, /list of rules/],
      [[{ status: 403, colour: 'red' }], /unknown key 'colour'/],
      [[{ status: 418 }], /status 418 is not supported/],
      [[{ status: '403' }], /status must be a number/],
      [[{ path: '(' }], /not a valid regular expression/],
      [[{ resource: 'pods' }], /has no effect/],
      [[{ latencyMs: -1 }], /non-negative/],
    ];
    for (const [input, message] of bad) {
      expect(() => validateFaultRules(input)).toThrow(FixtureConfigError);
      expect(() => validateFaultRules(input)).toThrow(message);
    }
  });

  it('matches cluster, resource (plural or plural.group) and path', () => {
    const set = new FaultSet([
      { cluster: 'a', resource: 'schedules.velero.io', status: 403 },
      { resource: 'poddisruptionbudgets', status: 404 },
      { path: 'continue=', status: 410, times: 1 },
    ]);
    const velero = { group: 'velero.io', plural: 'schedules' };
    expect(
      set.take({ cluster: 'a', url: '/x', resource: velero })?.status,
    ).toBe(403);
    expect(
      set.take({ cluster: 'b', url: '/x', resource: velero }),
    ).toBeUndefined();
    expect(
      set.take({
        cluster: 'b',
        url: '/x',
        resource: { group: 'policy', plural: 'poddisruptionbudgets' },
      })?.status,
    ).toBe(404);
    expect(
      set.take({ cluster: 'b', url: '/api/v1/pods?continue=abc' })?.status,
    ).toBe(410);
    expect(
      set.take({ cluster: 'b', url: '/api/v1/pods?continue=abc' }),
    ).toBeUndefined();
    expect(set.list().map(r => r.matched)).toEqual([1, 1, 1]);
  });
});

describe('fault injection over HTTP', () => {
  let fleet: FixtureFleet;
  let base: string;
  const pods = () => `${base}/api/v1/pods`;
  const use = (rules: FaultRule[]) => fleet.setFaults(rules);

  beforeAll(async () => {
    fleet = await startFixtureFleet({
      clusters: [
        { name: 'one', objects: makePods(6) },
        { name: 'two', objects: makePods(2) },
      ],
      faults: [{ cluster: 'two', resource: 'pods', status: 503 }],
    });
    base = fleet.url('one');
  });
  afterEach(() => use([]));
  afterAll(() => fleet.stop());

  it('applies rules from the options, per cluster', async () => {
    fleet.setFaults([{ cluster: 'two', resource: 'pods', status: 503 }]);
    expect((await request(`${fleet.url('two')}/api/v1/pods`)).status).toBe(503);
    expect((await request(pods())).status).toBe(200);
  });

  it.each([
    [
      403,
      'Forbidden',
      'pods is forbidden: User "system:serviceaccount:ha-posture:reader" cannot list resource "pods" in API group "" at the cluster scope',
    ],
    [404, 'NotFound', 'the server could not find the requested resource'],
    [410, 'Expired', expect.stringContaining('too old')],
    [500, 'InternalError', expect.stringContaining('Internal error occurred')],
  ])('status %d answers a %s Status', async (status, reason, message) => {
    use([{ resource: 'pods', status }]);
    const res = await request(pods());
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code: status,
    });
    expect(res.headers.get('x-fixture-fault')).toBe(`status:${status}`);
  });

  it('429 carries Retry-After (default 1) and 503 the configured one', async () => {
    use([{ resource: 'pods', status: 429 }]);
    const throttled = await request(pods());
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.body).toMatchObject({
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 1 },
    });

    use([{ resource: 'pods', status: 503, retryAfterSeconds: 7 }]);
    const unavailable = await request(pods());
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('7');
    expect(unavailable.body.reason).toBe('ServiceUnavailable');
  });

  it('matches resources by plural.group and leaves others alone', async () => {
    use([{ resource: 'deployments.apps', status: 403 }]);
    expect((await request(`${base}/apis/apps/v1/deployments`)).status).toBe(
      403,
    );
    expect((await request(pods())).status).toBe(200);
  });

  it('delays answers by latencyMs', async () => {
    use([{ resource: 'pods', latencyMs: 300 }]);
    const started = Date.now();
    const res = await request(pods());
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('drops the connection', async () => {
    use([{ resource: 'pods', drop: true }]);
    const res = await rawGet(pods());
    expect(res.status).toBeUndefined();
    expect(res.error).toMatch(/socket hang up|ECONNRESET/);
  });

  it('truncates the body and cuts the connection', async () => {
    use([{ resource: 'pods', truncate: true }]);
    const res = await rawGet(pods());
    expect(res.status).toBe(200);
    expect(res.error).toBeDefined();
    expect(Number(res.headers!['content-length'])).toBeGreaterThan(
      res.body.length,
    );
    expect(() => JSON.parse(res.body)).toThrow();
  });

  it('sends malformed JSON', async () => {
    use([{ resource: 'pods', malformed: true }]);
    const res = await rawGet(pods());
    expect(res.status).toBe(200);
    expect(res.headers!['content-type']).toBe('application/json');
    expect(() => JSON.parse(res.body)).toThrow();
  });

  it('hangs past the client timeout without answering', async () => {
    use([{ resource: 'pods', hangMs: 60_000 }]);
    const started = Date.now();
    const res = await rawGet(pods(), 300);
    expect(res.error).toBe('timeout');
    expect(res.status).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('applies only `times` times', async () => {
    use([{ resource: 'pods', status: 500, times: 2 }]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(pods())).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
    expect(fleet.faults()[0].matched).toBe(2);
  });

  it('matches a path regex against path and query, e.g. only later pages', async () => {
    use([{ path: '[?&]continue=', status: 410 }]);
    const first = await request(`${pods()}?limit=2`);
    expect(first.status).toBe(200);
    const second = await request(
      `${pods()}?limit=2&continue=${first.body.metadata.continue}`,
    );
    expect(second.status).toBe(410);
  });

  it('applies to discovery paths via path rules', async () => {
    use([{ path: '^/apis$', status: 503 }]);
    expect((await request(`${base}/apis`)).status).toBe(503);
    expect((await request(`${base}/api`)).status).toBe(200);
  });

  it('is settable at runtime through /_fixture/faults', async () => {
    const put = await request(`${base}/_fixture/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        faults: [{ cluster: 'one', resource: 'pods', status: 403, times: 1 }],
      }),
    });
    expect(put.status).toBe(200);
    expect((await request(pods())).status).toBe(403);
    expect((await request(pods())).status).toBe(200);
    const got = await request(`${base}/_fixture/faults`);
    expect(got.body).toEqual({
      faults: [
        { cluster: 'one', resource: 'pods', status: 403, times: 1, matched: 1 },
      ],
    });

    const bad = await request(`${base}/_fixture/faults`, {
      method: 'PUT',
      body: '{"faults":[{"status":999}]}',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/status 999 is not supported/);

    expect(
      (await request(`${base}/_fixture/faults`, { method: 'DELETE' })).body,
    ).toEqual({ faults: [] });
  });
});
