import { RESOURCE_TYPES_BY_KEY } from '../model/resources';
import { ApiClient } from './apiClient';
import {
  AGGREGATED_DISCOVERY_ACCEPT,
  ClusterDiscovery,
  discoverCluster,
} from './discovery';
import { Transport, TransportRequest, TransportResponse } from './transport';

const type = (key: string) => RESOURCE_TYPES_BY_KEY.get(key)!;
const json = (
  value: unknown,
  headers: Record<string, string> = {},
): TransportResponse => ({
  status: 200,
  headers,
  body: JSON.stringify(value),
});
const notFound: TransportResponse = {
  status: 404,
  headers: {},
  body: '404 page not found\n',
};

const coreList = json(
  {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [{ name: 'pods' }, { name: 'pods/log' }, { name: 'nodes' }],
  },
  { date: 'Sat, 01 Jun 2024 12:00:05 GMT' },
);
const aggregatedApis = json({
  kind: 'APIGroupDiscoveryList',
  items: [
    {
      metadata: { name: 'apps' },
      versions: [{ version: 'v1', resources: [{ resource: 'deployments' }] }],
    },
    {
      metadata: { name: 'velero.io' },
      versions: [{ version: 'v1', resources: [{ resource: 'schedules' }] }],
    },
  ],
});
const legacyApis = json({
  kind: 'APIGroupList',
  groups: [
    { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }] },
    {
      name: 'autoscaling',
      versions: [{ groupVersion: 'autoscaling/v1', version: 'v1' }],
    },
    {
      name: 'velero.io',
      versions: [{ groupVersion: 'velero.io/v1', version: 'v1' }],
    },
    {
      name: 'monitoring.coreos.com',
      versions: [{ groupVersion: 'monitoring.coreos.com/v1', version: 'v1' }],
    },
  ],
});

/** A transport serving fixed documents by path; records every request. */
function serving(docs: Record<string, TransportResponse>) {
  const requests: TransportRequest[] = [];
  const transport: Transport = async req => {
    requests.push(req);
    return docs[req.path] ?? notFound;
  };
  const client = new ApiClient({ transport, retries: 0, backoffMs: 0 });
  return { client, requests };
}

async function discovered(client: ApiClient): Promise<ClusterDiscovery> {
  const result = await discoverCluster(client);
  if (!result.ok) throw new Error(`discovery failed: ${result.state.message}`);
  return result.discovery;
}

describe('discoverCluster', () => {
  it('reads /version, /api/v1 and /apis (asking for aggregated discovery) and resolves types from them', async () => {
    const { client, requests } = serving({
      '/version': json(
        { gitVersion: 'v1.31.2', platform: 'linux/arm64', major: '1' },
        { date: 'Sat, 01 Jun 2024 12:00:04 GMT' },
      ),
      '/api/v1': coreList,
      '/apis': aggregatedApis,
    });
    const discovery = await discovered(client);
    expect(discovery.version).toEqual({
      gitVersion: 'v1.31.2',
      platform: 'linux/arm64',
    });
    expect(discovery.serverDate).toBe('Sat, 01 Jun 2024 12:00:04 GMT');
    expect(discovery.servedGroupVersions).toEqual([
      'v1',
      'apps/v1',
      'velero.io/v1',
    ]);
    expect(await discovery.resolve(type('pods'))).toEqual({
      groupVersion: 'v1',
    });
    expect(await discovery.resolve(type('deployments.apps'))).toEqual({
      groupVersion: 'apps/v1',
    });
    expect(await discovery.resolve(type('schedules.velero.io'))).toEqual({
      groupVersion: 'velero.io/v1',
    });
    expect(requests.map(r => r.path)).toEqual(['/version', '/api/v1', '/apis']);
    expect(requests[2].headers).toEqual({
      accept: AGGREGATED_DISCOVERY_ACCEPT,
    });
  });

  it('reports a type whose group or resource is not served as not installed, without a request', async () => {
    const { client, requests } = serving({
      '/version': json({}),
      '/api/v1': coreList,
      '/apis': aggregatedApis,
    });
    const discovery = await discovered(client);
    expect(
      await discovery.resolve(type('servicemonitors.monitoring.coreos.com')),
    ).toEqual({
      state: {
        status: 'not-installed',
        message:
          'monitoring.coreos.com servicemonitors not served by the API (CRD not installed)',
      },
    });
    // velero.io/v1 is served, but without backups.
    expect(await discovery.resolve(type('backups.velero.io'))).toMatchObject({
      state: { status: 'not-installed' },
    });
    expect(await discovery.resolve(type('services'))).toEqual({
      state: {
        status: 'not-installed',
        message: 'core services not served by the API (CRD not installed)',
      },
    });
    expect(requests).toHaveLength(3);
  });

  it('with legacy discovery reads each group-version actually used once', async () => {
    const { client, requests } = serving({
      '/version': json({}),
      '/api/v1': coreList,
      '/apis': legacyApis,
      '/apis/velero.io/v1': json({
        kind: 'APIResourceList',
        resources: [
          { name: 'schedules' },
          { name: 'backups' },
          { name: 'backups/status' },
        ],
      }),
      '/apis/apps/v1': json({
        kind: 'APIResourceList',
        resources: [{ name: 'deployments' }],
      }),
      '/apis/autoscaling/v1': json({
        kind: 'APIResourceList',
        resources: [{ name: 'horizontalpodautoscalers' }],
      }),
      '/apis/monitoring.coreos.com/v1': {
        status: 503,
        headers: {},
        body: 'service unavailable',
      },
    });
    const discovery = await discovered(client);
    expect(discovery.serverDate).toBe('Sat, 01 Jun 2024 12:00:05 GMT');
    const keys = [
      'schedules.velero.io',
      'backups.velero.io',
      'backupstoragelocations.velero.io',
      'deployments.apps',
      'statefulsets.apps',
      'horizontalpodautoscalers.autoscaling',
      'servicemonitors.monitoring.coreos.com',
    ];
    const resolved = await Promise.all(
      keys.map(key => discovery.resolve(type(key))),
    );
    expect(
      Object.fromEntries(keys.map((key, i) => [key, resolved[i]])),
    ).toEqual({
      'schedules.velero.io': { groupVersion: 'velero.io/v1' },
      'backups.velero.io': { groupVersion: 'velero.io/v1' },
      'backupstoragelocations.velero.io': expect.objectContaining({
        state: expect.objectContaining({ status: 'not-installed' }),
      }),
      'deployments.apps': { groupVersion: 'apps/v1' },
      'statefulsets.apps': expect.objectContaining({
        state: expect.objectContaining({ status: 'not-installed' }),
      }),
      // autoscaling/v2 is preferred; this cluster only serves v1, whose fields read mean the same.
      'horizontalpodautoscalers.autoscaling': {
        groupVersion: 'autoscaling/v1',
      },
      'servicemonitors.monitoring.coreos.com': {
        state: {
          status: 'unreachable',
          message:
            'GET /apis/monitoring.coreos.com/v1: HTTP 503: service unavailable',
        },
      },
    });
    expect(
      requests
        .map(r => r.path)
        .slice(3)
        .sort(),
    ).toEqual([
      '/apis/apps/v1',
      '/apis/autoscaling/v1',
      '/apis/monitoring.coreos.com/v1',
      '/apis/velero.io/v1',
    ]);
  });

  it('picks the first of the type versions the cluster serves', async () => {
    const { client } = serving({
      '/version': json({}),
      '/api/v1': coreList,
      '/apis': json({
        kind: 'APIGroupDiscoveryList',
        items: [
          {
            metadata: { name: 'longhorn.io' },
            versions: [
              { version: 'v1beta2', resources: [{ resource: 'volumes' }] },
              { version: 'v1beta1', resources: [{ resource: 'volumes' }] },
            ],
          },
        ],
      }),
    });
    const discovery = await discovered(client);
    expect(
      await discovery.resolve({
        ...type('volumes.longhorn.io'),
        versions: ['v1', 'v1beta1', 'v1beta2'],
      }),
    ).toEqual({
      groupVersion: 'longhorn.io/v1beta1',
    });
  });

  it('falls back to an older version the engine reads when the cluster serves no preferred one', async () => {
    const istio = (versions: string[]) =>
      serving({
        '/version': json({}),
        '/api/v1': coreList,
        '/apis': json({
          kind: 'APIGroupDiscoveryList',
          items: [
            {
              metadata: { name: 'networking.istio.io' },
              versions: versions.map(version => ({
                version,
                resources: [{ resource: 'virtualservices' }],
              })),
            },
          ],
        }),
      }).client;
    const virtualServices = type('virtualservices.networking.istio.io');
    // Istio before 1.22 serves v1beta1 and v1alpha3, not v1.
    expect(
      await (
        await discovered(istio(['v1beta1', 'v1alpha3']))
      ).resolve(virtualServices),
    ).toEqual({ groupVersion: 'networking.istio.io/v1beta1' });
    expect(
      await (
        await discovered(istio(['v1', 'v1beta1']))
      ).resolve(virtualServices),
    ).toEqual({ groupVersion: 'networking.istio.io/v1' });
    // A version the engine does not read is never asked for.
    expect(
      await (await discovered(istio(['v2alpha1']))).resolve(virtualServices),
    ).toEqual({
      state: expect.objectContaining({ status: 'not-installed' }),
    });
  });

  it('goes on without version information when /version is not routed', async () => {
    const { client } = serving({
      '/api/v1': coreList,
      '/apis': aggregatedApis,
    });
    const discovery = await discovered(client);
    expect(discovery.version).toBeUndefined();
    expect(discovery.serverDate).toBe('Sat, 01 Jun 2024 12:00:05 GMT');
  });

  it.each([
    [
      '/version',
      { status: 503, headers: {}, body: '' },
      {
        status: 'unreachable',
        message: 'cluster unreachable: GET /version: HTTP 503',
      },
    ],
    [
      '/api/v1',
      { status: 200, headers: {}, body: '<html>' },
      {
        status: 'unreachable',
        message: expect.stringContaining(
          'cluster unreachable: GET /api/v1: malformed response',
        ),
      },
    ],
    [
      '/apis',
      {
        status: 403,
        headers: {},
        body: JSON.stringify({
          message: 'forbidden: User "x" cannot get path "/apis"',
        }),
      },
      {
        status: 'forbidden',
        message: 'forbidden: User "x" cannot get path "/apis"',
      },
    ],
    [
      '/version',
      {
        status: 401,
        headers: {},
        body: JSON.stringify({ message: 'Unauthorized' }),
      },
      {
        status: 'forbidden',
        message:
          'the cluster rejected the credentials (GET /version: HTTP 401: Unauthorized)',
      },
    ],
  ])(
    'fails the whole cluster when %s answers badly',
    async (path, response, state) => {
      const { client } = serving({
        '/version': json({}),
        '/api/v1': coreList,
        '/apis': aggregatedApis,
        [path]: response as TransportResponse,
      });
      expect(await discoverCluster(client)).toEqual({ ok: false, state });
    },
  );
});
