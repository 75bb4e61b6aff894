import { FixtureFleet, startFixtureFleet } from './fleet';
import { encodeContinue } from './pagination';
import { makePods, request } from './__testUtils__/http';

jest.setTimeout(30_000);

describe('pagination', () => {
  let fleet: FixtureFleet;
  let url: string;

  beforeAll(async () => {
    fleet = await startFixtureFleet({
      clusters: [{ name: 'paged', objects: makePods(25) }],
      // Long enough for a page walk on a loaded CI machine, short enough to wait out once.
      continueTtlMs: 5000,
    });
    url = `${fleet.url('paged')}/api/v1/pods`;
  });
  afterAll(() => fleet.stop());

  it('walks every page with limit and continue', async () => {
    const seen: string[] = [];
    const remaining: Array<number | undefined> = [];
    let token: string | undefined;
    let rv: string | undefined;
    do {
      const q = new URLSearchParams({
        limit: '10',
        ...(token ? { continue: token } : {}),
      });
      const { status, body } = await request(`${url}?${q}`);
      expect(status).toBe(200);
      rv ??= body.metadata.resourceVersion;
      expect(body.metadata.resourceVersion).toBe(rv);
      seen.push(...body.items.map((p: any) => p.metadata.name));
      remaining.push(body.metadata.remainingItemCount);
      token = body.metadata.continue;
    } while (token);
    expect(seen).toEqual(makePods(25).map(p => p.metadata.name));
    expect(remaining).toEqual([15, 5, undefined]);
  });

  it('paginates after filtering', async () => {
    const first = await request(`${url}?labelSelector=app%3Deven&limit=10`);
    expect(first.body.items).toHaveLength(10);
    expect(first.body.metadata.remainingItemCount).toBe(3);
    const second = await request(
      `${url}?labelSelector=app%3Deven&limit=10&continue=${first.body.metadata.continue}`,
    );
    expect(second.body.items).toHaveLength(3);
    expect(second.body.metadata.continue).toBeUndefined();
  });

  it('returns everything when limit exceeds the list or is absent', async () => {
    expect((await request(`${url}?limit=500`)).body.items).toHaveLength(25);
    expect((await request(url)).body.items).toHaveLength(25);
  });

  it('ignores limit for resourceVersion=0, like the watch cache', async () => {
    const { body } = await request(`${url}?limit=5&resourceVersion=0`);
    expect(body.items).toHaveLength(25);
    expect(body.metadata.continue).toBeUndefined();
  });

  it('answers 410 Expired for tokens older than the TTL', async () => {
    const first = await request(`${url}?limit=10`);
    await new Promise(r => setTimeout(r, 5200));
    const res = await request(
      `${url}?limit=10&continue=${first.body.metadata.continue}`,
    );
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
  });

  it('counts the TTL from the first page, not the previous one', async () => {
    const token = encodeContinue(
      (await request(url)).body.metadata.resourceVersion,
      10,
      Date.now() - 10_000,
    );
    expect((await request(`${url}?limit=10&continue=${token}`)).status).toBe(
      410,
    );
  });

  it('answers 410 Expired for tokens from another resourceVersion', async () => {
    const first = await request(`${url}?limit=10`);
    fleet.setObjects('paged', makePods(25));
    const res = await request(
      `${url}?limit=10&continue=${first.body.metadata.continue}`,
    );
    expect(res.status).toBe(410);
    expect(res.body.reason).toBe('Expired');
    const fresh = await request(`${url}?limit=10`);
    expect(Number(fresh.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(first.body.metadata.resourceVersion),
    );
  });

  it('answers 400 for tokens that are not ours', async () => {
    const res = await request(`${url}?limit=10&continue=not-a-token`);
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
  });
});
