import { TechInsightsClient } from './TechInsightsClient';

describe('TechInsightsClient', () => {
  const discoveryApi = {
    getBaseUrl: jest.fn(async () => 'http://backend/api/tech-insights'),
  };

  it('lists checks and runs them for an entity', async () => {
    const fetch = jest.fn(
      async (_url: string, _init?: RequestInit) =>
        new Response('[]', { status: 200 }),
    );
    const client = new TechInsightsClient({
      discoveryApi,
      fetchApi: { fetch: fetch as any },
    });
    await client.getAllChecks();
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backend/api/tech-insights/checks',
      undefined,
    );
    await client.runChecks(
      { kind: 'Component', namespace: 'default', name: 'checkout' },
      ['ha-replicas'],
    );
    const [url, init] = fetch.mock.calls[1];
    expect(url).toBe(
      'http://backend/api/tech-insights/checks/run/default/component/checkout',
    );
    expect(init).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ checks: ['ha-replicas'] }),
    });
  });

  it('throws a ResponseError with the server message', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            headers: { 'Content-Type': 'application/json' },
          },
        ),
    );
    const client = new TechInsightsClient({
      discoveryApi,
      fetchApi: { fetch: fetch as any },
    });
    await expect(client.getAllChecks()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
    });
  });
});
