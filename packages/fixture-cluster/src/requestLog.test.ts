import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixtureFleet, startFixtureFleet } from './fleet';
import { RequestRecorder } from './requestLog';
import { makePods, request } from './__testUtils__/http';

const entry = (i: number) => ({
  method: 'GET',
  path: `/p${i}`,
  query: '',
  status: 200,
  ms: 1,
  at: '2026-01-01T00:00:00.000Z',
  resource: 'pods',
});

describe('RequestRecorder', () => {
  it('keeps only the newest entries, in order, but counts everything', () => {
    const r = new RequestRecorder(3);
    for (let i = 0; i < 5; i++) r.record(entry(i));
    const log = r.snapshot();
    expect(log.total).toBe(5);
    expect(log.byResource).toEqual({ pods: 5 });
    expect(log.entries.map(e => e.path)).toEqual(['/p2', '/p3', '/p4']);
    r.reset();
    expect(r.snapshot()).toEqual({ total: 0, byResource: {}, entries: [] });
  });
});

describe('request counting over HTTP', () => {
  let fleet: FixtureFleet;
  let dir: string;
  let logFile: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-log-'));
    logFile = path.join(dir, 'requests.jsonl');
    fleet = await startFixtureFleet({
      clusters: [
        { name: 'one', objects: makePods(3) },
        { name: 'two', objects: [] },
      ],
      logFile,
    });
  });
  afterAll(async () => {
    await fleet.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts every API request per cluster and resource, not control requests', async () => {
    fleet.resetRequests();
    const one = fleet.url('one');
    await request(`${one}/api/v1/pods?limit=2`);
    await request(`${one}/api/v1/namespaces/load/pods/pod-0001`);
    await request(`${one}/apis/apps/v1/deployments`);
    await request(`${one}/apis`);
    await request(`${one}/api/v1/namespaces/load/pods/nope`);
    await request(`${one}/nope`);
    await request(`${one}/_fixture/faults`);
    await request(`${fleet.url('two')}/api/v1/pods`);

    const log = fleet.requests('one');
    expect(log.total).toBe(6);
    expect(log.byResource).toEqual({
      pods: 3,
      'deployments.apps': 1,
      discovery: 1,
      other: 1,
    });
    expect(log.entries[0]).toEqual({
      method: 'GET',
      path: '/api/v1/pods',
      query: 'limit=2',
      status: 200,
      ms: expect.any(Number),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      resource: 'pods',
    });
    expect(log.entries.map(e => e.status)).toEqual([
      200, 200, 200, 200, 404, 404,
    ]);
    expect(fleet.requests('two').total).toBe(1);

    const viaHttp = await request(`${one}/_fixture/requests`);
    expect(viaHttp.body.total).toBe(6);
  });

  it('records faults and dropped connections', async () => {
    fleet.resetRequests('one');
    fleet.setFaults([{ resource: 'pods', drop: true, times: 1 }]);
    await request(`${fleet.url('one')}/api/v1/pods`).catch(() => undefined);
    fleet.setFaults([]);
    // The close event that records the entry may land just after the client's error.
    await new Promise(r => setTimeout(r, 50));
    expect(fleet.requests('one').entries).toEqual([
      expect.objectContaining({ status: 0, fault: 'drop', resource: 'pods' }),
    ]);
  });

  it('resets through DELETE /_fixture/requests and programmatically', async () => {
    await request(`${fleet.url('two')}/api/v1/pods`);
    expect(fleet.requests('two').total).toBeGreaterThan(0);
    const res = await request(`${fleet.url('two')}/_fixture/requests`, {
      method: 'DELETE',
    });
    expect(res.status).toBe(204);
    expect(fleet.requests('two')).toEqual({
      total: 0,
      byResource: {},
      entries: [],
    });
    await request(`${fleet.url('one')}/api/v1/pods`);
    fleet.resetRequests();
    expect(fleet.requests('one').total).toBe(0);
  });

  it('appends one JSON line per request to the log file', async () => {
    await request(`${fleet.url('two')}/api/v1/nodes`);
    await new Promise(r => setTimeout(r, 50));
    const lines = fs
      .readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(5);
    expect(lines[lines.length - 1]).toMatchObject({
      cluster: 'two',
      path: '/api/v1/nodes',
      status: 200,
      resource: 'nodes',
    });
  });
});
