import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFetchTransport } from './fetchTransport';
import { TransportError } from './transport';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

describe('createFetchTransport', () => {
  let server: http.Server;
  let baseUrl: string;
  let handler: Handler;

  beforeAll(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  it('GETs the path under the base URL with the query and headers, and returns status, headers and text', async () => {
    let seen: http.IncomingMessage | undefined;
    handler = (req, res) => {
      seen = req;
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'X-Kind': 'PodList',
      });
      res.end('{"items":[]}');
    };
    const transport = createFetchTransport({
      baseUrl: `${baseUrl}/api/kubernetes/proxy/`,
      headers: async () => ({
        Authorization: 'Bearer service-token',
        'Backstage-Kubernetes-Cluster': 'prod-eu',
      }),
    });
    const response = await transport({
      path: '/api/v1/pods',
      query: { limit: '500', continue: 'a b&c=' },
    });
    expect(response).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'x-kind': 'PodList' }),
      body: '{"items":[]}',
    });
    expect(seen?.method).toBe('GET');
    expect(seen?.url).toBe(
      '/api/kubernetes/proxy/api/v1/pods?limit=500&continue=a+b%26c%3D',
    );
    expect(seen?.headers).toMatchObject({
      authorization: 'Bearer service-token',
      'backstage-kubernetes-cluster': 'prod-eu',
      accept: 'application/json',
    });
  });

  it('lets a request set its own Accept header', async () => {
    let accept: string | undefined;
    handler = (req, res) => {
      accept = req.headers.accept;
      res.end('{}');
    };
    const transport = createFetchTransport({
      baseUrl,
      headers: () => ({ Accept: 'text/plain' }),
    });
    await transport({
      path: '/apis',
      headers: {
        Accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      },
    });
    expect(accept).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
  });

  it('resolves with error statuses', async () => {
    handler = (_req, res) => {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end('{"kind":"Status","code":403}');
    };
    const response = await createFetchTransport({ baseUrl })({
      path: '/api/v1/nodes',
    });
    expect(response.status).toBe(403);
    expect(response.body).toBe('{"kind":"Status","code":403}');
  });

  it('rejects with a timeout when the server does not answer in time', async () => {
    handler = () => {};
    const request = createFetchTransport({ baseUrl, timeoutMs: 100 })({
      path: '/version',
    });
    await expect(request).rejects.toThrow(TransportError);
    await expect(request).rejects.toMatchObject({
      failure: 'timeout',
      message: 'no response within 100 ms',
    });
  });

  it('rejects with a network failure when the connection is refused or dropped', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    await expect(
      createFetchTransport({ baseUrl: `http://127.0.0.1:${port}` })({
        path: '/version',
      }),
    ).rejects.toMatchObject({
      failure: 'network',
      message: expect.stringContaining('ECONNREFUSED'),
    });

    handler = req => req.socket.destroy();
    await expect(
      createFetchTransport({ baseUrl })({ path: '/version' }),
    ).rejects.toMatchObject({
      failure: 'network',
      message: expect.stringMatching(/^connection failed/),
    });
  });

  it('rejects a body cut short as truncated', async () => {
    handler = (req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': 1000,
      });
      res.write('{"items":[{"metadata":', () => req.socket.destroy());
    };
    await expect(
      createFetchTransport({ baseUrl })({ path: '/api/v1/pods' }),
    ).rejects.toMatchObject({
      failure: 'truncated',
      message: expect.stringMatching(/^body cut short/),
    });
  });

  it("rejects with the caller's reason when the caller aborts", async () => {
    handler = () => {};
    const controller = new AbortController();
    const request = createFetchTransport({ baseUrl, timeoutMs: 10_000 })({
      path: '/version',
      signal: controller.signal,
    });
    const reason = new Error('refresh cancelled');
    setTimeout(() => controller.abort(reason), 20);
    await expect(request).rejects.toBe(reason);
  });

  it('passes a dispatcher to fetch', async () => {
    const dispatcher = { name: 'agent-with-cluster-ca' };
    const fetchImpl = jest.fn(async () => new Response('{}', { status: 200 }));
    await createFetchTransport({
      baseUrl,
      dispatcher,
      fetchImpl: fetchImpl as typeof fetch,
    })({ path: '/version' });
    expect(fetchImpl).toHaveBeenCalledWith(
      `${baseUrl}/version`,
      expect.objectContaining({ dispatcher, method: 'GET' }),
    );
  });
});
