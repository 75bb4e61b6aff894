/**
 * The collector over real HTTP against the fixture cluster server (packages/fixture-cluster), with
 * its fault injection: discovery, pagination, and every way a cluster fails.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FixtureFleet, startFixtureFleet } from '@internal/fixture-cluster';
import {
  isBuiltinGroup,
  RESOURCE_TYPES,
  RESOURCE_TYPES_BY_KEY,
  ResourceKey,
  ResourceType,
  resourceTypeOf,
} from '../model/resources';
import { ClusterSnapshot, K8sObject } from '../model/snapshot';
import {
  crd,
  deployment,
  k8sObject,
  kubeadmHa3z,
  lease,
  namespace,
  node,
  podsFor,
} from '../testing';
import { collectCluster, CollectClusterOptions } from './collectCluster';
import { createFetchTransport } from './fetchTransport';
import { Transport } from './transport';

const DISCOVERY_REQUESTS = 3; // /version, /api/v1, /apis (aggregated)
const CRD_KEYS = [
  'schedules.velero.io',
  'backups.velero.io',
  'backupstoragelocations.velero.io',
  'servicemonitors.monitoring.coreos.com',
  'prometheuses.monitoring.coreos.com',
];

/** The types the fixture cluster serves: the built-in groups and the CRDs it installs. */
const isServed = (type: ResourceType) =>
  isBuiltinGroup(type.group) || CRD_KEYS.includes(type.key);

/** kubeadm HA over 3 zones, a shop with 3 services of 4 replicas, Velero and the Prometheus operator, and a Secret. */
function realisticCluster(): K8sObject[] {
  const shop = ['cart', 'checkout', 'catalog'].map(name =>
    deployment(name, { namespace: 'shop', replicas: 4 }),
  );
  const objects = [
    ...kubeadmHa3z(),
    ...shop.flatMap(d => [
      d,
      ...podsFor(d, ['worker-1', 'worker-2', 'worker-3', 'worker-4']),
    ]),
    ...CRD_KEYS.map(key => crd(key, RESOURCE_TYPES_BY_KEY.get(key)!.kind)),
    k8sObject('velero.io/v1', 'Schedule', 'daily', {
      namespace: 'velero',
      spec: { schedule: '0 2 * * *', paused: false },
    }),
    k8sObject('velero.io/v1', 'BackupStorageLocation', 'default', {
      namespace: 'velero',
      spec: { provider: 'aws' },
    }),
    k8sObject('monitoring.coreos.com/v1', 'Prometheus', 'k8s', {
      namespace: 'monitoring',
      spec: { replicas: 2 },
    }),
    k8sObject('v1', 'Secret', 'db-password', {
      namespace: 'shop',
      fields: { data: { password: 'c2VjcmV0' } },
    }),
  ];
  const namespaces = new Set(
    objects.map(o => o.metadata.namespace).filter((ns): ns is string => !!ns),
  );
  return [...objects, ...[...namespaces].map(ns => namespace(ns))];
}

/** A cluster-autoscaler Deployment in namespace `ns` whose container has these args. */
const autoscalerDeployment = (name: string, ns: string, args: string[]) =>
  deployment(name, {
    namespace: ns,
    podSpec: {
      containers: [
        { name: 'cluster-autoscaler', command: ['cluster-autoscaler'], args },
      ],
    },
  });

/** A status report ConfigMap (with a data key the projection drops). */
const statusConfigMap = (name: string, ns: string) =>
  k8sObject('v1', 'ConfigMap', name, {
    namespace: ns,
    fields: { data: { status: 'autoscalerStatus: Running', other: 'x' } },
  });

/** The namespaces the collector lists a type in (its own and its optional ones), or undefined for all. */
const namespacesOf = (type: ResourceType) =>
  type.namespace
    ? [type.namespace, ...(type.optionalNamespaces ?? [])]
    : undefined;

/** The names the collector should return per type: what the input holds, within each type's namespaces/object. */
function expectedNames(objects: K8sObject[]): Map<ResourceKey, string[]> {
  const names = new Map<ResourceKey, string[]>();
  for (const obj of objects) {
    const type = resourceTypeOf(obj.apiVersion, obj.kind);
    if (!type) continue;
    const namespaces = namespacesOf(type);
    if (namespaces && !namespaces.includes(obj.metadata.namespace ?? ''))
      continue;
    if (type.objectNames && !type.objectNames.includes(obj.metadata.name))
      continue;
    names.set(type.key, [
      ...(names.get(type.key) ?? []),
      `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`,
    ]);
  }
  return names;
}

const namesOf = (objects: K8sObject[] = []) =>
  objects.map(o => `${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();

/**
 * Discovery, plus one request per page of each type that was read (a GET per named object of
 * `objectNames` types), and per page of each namespace of a type listed in several.
 */
function expectedRequests(snapshot: ClusterSnapshot, pageSize: number): number {
  const pagesOf = (count: number) => Math.max(1, Math.ceil(count / pageSize));
  let requests = DISCOVERY_REQUESTS;
  for (const type of RESOURCE_TYPES) {
    const objects = snapshot.objects[type.key];
    if (!objects) continue;
    const namespaces = namespacesOf(type);
    if (type.objectNames) requests += type.objectNames.length;
    else if (!namespaces) requests += pagesOf(objects.length);
    else
      for (const ns of namespaces)
        requests += pagesOf(
          objects.filter(o => o.metadata.namespace === ns).length,
        );
  }
  return requests;
}

/** Waits for the server to log requests whose connection the client cut (it logs them on close). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise(resolve => setTimeout(resolve, 10));
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('collectCluster against the fixture cluster server', () => {
  const haObjects = realisticCluster();
  let fleet: FixtureFleet;

  const collect = (
    name: string,
    options: Partial<CollectClusterOptions> & {
      timeoutMs?: number;
      transport?: Transport;
    } = {},
  ) => {
    const { timeoutMs = 2000, ...rest } = options;
    return collectCluster({
      cluster: { name },
      transport: createFetchTransport({ baseUrl: fleet.url(name), timeoutMs }),
      backoffMs: 0,
      ...rest,
    });
  };
  const requestsOf = (name: string, resource?: string) =>
    fleet
      .requests(name)
      .entries.filter(e => resource === undefined || e.resource === resource);

  beforeAll(async () => {
    fleet = await startFixtureFleet({
      timeShift: false,
      clusters: [
        {
          name: 'ha',
          port: 0,
          version: { gitVersion: 'v1.30.4', platform: 'linux/amd64' },
          objects: haObjects,
        },
        { name: 'bare', port: 0, objects: [node('solo')] },
        {
          // OpenShift keeps its scheduler's leader lease in openshift-kube-scheduler; node
          // heartbeats in kube-node-lease are not read.
          name: 'ocp',
          port: 0,
          objects: [
            node('master-0'),
            lease('kube-controller-manager', {
              holderIdentity: 'master-0_1',
            }),
            lease('kube-scheduler', {
              namespace: 'openshift-kube-scheduler',
              holderIdentity: 'master-0_2',
            }),
            lease('master-0', { namespace: 'kube-node-lease' }),
          ],
        },
        {
          // The Helm chart's autoscaler in its release namespace, writing its report there.
          name: 'helm-ca',
          port: 0,
          objects: [
            node('solo'),
            namespace('cluster-autoscaler'),
            autoscalerDeployment('cluster-autoscaler', 'cluster-autoscaler', [
              '--cloud-provider=aws',
              '--namespace=cluster-autoscaler',
            ]),
            statusConfigMap('cluster-autoscaler-status', 'cluster-autoscaler'),
            // Another ConfigMap there is not read.
            k8sObject('v1', 'ConfigMap', 'settings', {
              namespace: 'cluster-autoscaler',
            }),
          ],
        },
        {
          // OpenShift's operator: cluster-autoscaler-default in openshift-machine-api, here with a
          // report name of its own and a leftover report in kube-system.
          name: 'ocp-ca',
          port: 0,
          objects: [
            node('solo'),
            autoscalerDeployment(
              'cluster-autoscaler-default',
              'openshift-machine-api',
              [
                '--namespace',
                'openshift-machine-api',
                '--status-config-map-name=ca-report',
              ],
            ),
            // A second Deployment writing the same report: one GET.
            autoscalerDeployment(
              'cluster-autoscaler-canary',
              'openshift-machine-api',
              [
                '--namespace=openshift-machine-api',
                '--status-config-map-name=ca-report',
              ],
            ),
            // Writes none: nothing to read.
            autoscalerDeployment('silent', 'autoscaling', [
              '--namespace=autoscaling',
              '--write-status-configmap=false',
            ]),
            statusConfigMap('ca-report', 'openshift-machine-api'),
            statusConfigMap('cluster-autoscaler-status', 'kube-system'),
          ],
        },
        {
          // Two istiod revisions, each reading its MeshConfig in istio-system.
          name: 'istio',
          port: 0,
          objects: [
            node('solo'),
            namespace('istio-system'),
            deployment('istiod', {
              namespace: 'istio-system',
              labels: { app: 'istiod' },
            }),
            deployment('istiod-canary', {
              namespace: 'istio-system',
              labels: { app: 'istiod', 'istio.io/rev': 'canary' },
            }),
            k8sObject('v1', 'ConfigMap', 'istio', {
              namespace: 'istio-system',
              fields: {
                data: {
                  mesh: 'defaultConfig: {meshId: mesh1}',
                  meshNetworks: 'networks: {}',
                },
              },
            }),
            k8sObject('v1', 'ConfigMap', 'istio-canary', {
              namespace: 'istio-system',
              fields: { data: { mesh: '{}' } },
            }),
            // Another ConfigMap there is not read.
            k8sObject('v1', 'ConfigMap', 'istio-sidecar-injector', {
              namespace: 'istio-system',
              fields: { data: { config: 'policy: enabled' } },
            }),
          ],
        },
        {
          // A Velero CRD without a strict schema lets a Schedule through with a string scope.
          name: 'loose',
          port: 0,
          objects: [
            node('solo'),
            crd('schedules.velero.io', 'Schedule'),
            k8sObject('velero.io/v1', 'Schedule', 'daily', {
              namespace: 'velero',
              spec: {
                schedule: '0 2 * * *',
                template: { includedNamespaces: 'shop' },
              },
            }),
            k8sObject('velero.io/v1', 'Schedule', 'hourly', {
              namespace: 'velero',
              spec: { schedule: 7 },
            }),
          ],
        },
      ],
    });
  });
  afterAll(() => fleet?.stop());
  beforeEach(() => {
    fleet.setFaults([]);
    fleet.resetRequests();
  });
  // Every test's requests, checked for Secrets by the last test.
  const secretRequests: string[] = [];
  afterEach(() => {
    for (const { name } of fleet.clusters) {
      for (const e of fleet.requests(name).entries) {
        const url = `${e.path}?${e.query}`;
        if (/secret/i.test(url))
          secretRequests.push(
            `${expect.getState().currentTestName}: ${name} ${url}`,
          );
      }
    }
  });

  it('reads every served type in one list, reports CRDs that are missing, and counts the requests', async () => {
    const clock = () => new Date('2024-06-01T12:00:00.000Z');
    const { snapshot, stats } = await collect('ha', { clock });

    const expected = expectedNames(haObjects);
    const servedTypes = RESOURCE_TYPES.filter(isServed);
    const missingTypes = RESOURCE_TYPES.filter(type => !isServed(type));
    expect(
      servedTypes.map(type => ({
        key: type.key,
        state: snapshot.fetch[type.key],
        names: namesOf(snapshot.objects[type.key]),
      })),
    ).toEqual(
      servedTypes.map(type => ({
        key: type.key,
        state: type.objectNames
          ? {
              status: 'ok',
              objects: Object.fromEntries(
                type.objectNames.map(name => [name, { status: 'ok' }]),
              ),
            }
          : { status: 'ok' },
        names: (expected.get(type.key) ?? []).sort(),
      })),
    );
    expect(
      missingTypes.map(type => ({
        key: type.key,
        state: snapshot.fetch[type.key],
        objects: snapshot.objects[type.key],
      })),
    ).toEqual(
      missingTypes.map(type => ({
        key: type.key,
        state: {
          status: 'not-installed',
          message: `${type.group} ${type.resource} not served by the API (CRD not installed)`,
        },
        objects: undefined,
      })),
    );
    expect(snapshot.objects.pods!.length).toBeGreaterThan(20);
    expect(
      snapshot.objects['leases.coordination.k8s.io']!.every(
        l => l.metadata.namespace === 'kube-system',
      ),
    ).toBe(true); // kubeadm has no openshift-kube-scheduler
    expect(snapshot.objects.configmaps).toEqual([
      expect.objectContaining({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        data: { ClusterConfiguration: expect.stringContaining('kubeadm') },
      }),
    ]);
    expect(snapshot.objects['schedules.velero.io']![0]).toMatchObject({
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      spec: { schedule: '0 2 * * *' },
    });

    expect(snapshot).toMatchObject({
      cluster: { name: 'ha' },
      mode: 'live',
      fetchedAt: '2024-06-01T12:00:00.000Z',
      version: { gitVersion: 'v1.30.4', platform: 'linux/amd64' },
    });
    expect(snapshot.errors).toBeUndefined();
    expect(snapshot.servedGroupVersions).toEqual(
      expect.arrayContaining([
        'v1',
        'apps/v1',
        'velero.io/v1',
        'monitoring.coreos.com/v1',
      ]),
    );
    // The cluster's clock (Date header), not the injected local one.
    expect(Math.abs(Date.parse(snapshot.now) - Date.now())).toBeLessThan(
      60_000,
    );

    const log = fleet.requests('ha');
    expect(log.total).toBe(expectedRequests(snapshot, 500));
    expect(stats).toMatchObject({
      requests: log.total,
      retries: 0,
      // Less the GET of cluster-autoscaler-status, which the cluster does not have (404: no page).
      pages: log.total - DISCOVERY_REQUESTS - 1,
    });
    expect(stats.bytes).toBeGreaterThan(10_000);
    expect(
      log.entries
        .filter(e => e.resource === 'discovery')
        .map(e => e.path)
        .sort(),
    ).toEqual(['/api/v1', '/apis', '/version']);
    expect(
      log.entries
        .filter(e => e.resource === 'pods')
        .map(e => `${e.path}?${e.query}`),
    ).toEqual(['/api/v1/pods?limit=500']);
    expect(
      log.entries.filter(e => e.resource === 'configmaps').map(e => e.path),
    ).toEqual([
      '/api/v1/namespaces/kube-system/configmaps/kubeadm-config',
      '/api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status',
    ]);
    expect(
      log.entries
        .filter(e => e.resource === 'leases.coordination.k8s.io')
        .map(e => e.path),
    ).toEqual([
      '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases',
      '/apis/coordination.k8s.io/v1/namespaces/openshift-kube-scheduler/leases',
    ]);
  });

  describe('a type listed in optional namespaces too (leases: openshift-kube-scheduler)', () => {
    const LEASE_KEY = 'leases.coordination.k8s.io';
    const KUBE_SYSTEM_LEASES =
      '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases';
    const OCP_LEASES =
      '/apis/coordination.k8s.io/v1/namespaces/openshift-kube-scheduler/leases';

    it('adds the objects of the optional namespace, and no others', async () => {
      const { snapshot, stats } = await collect('ocp', { pageSize: 1 });
      expect(snapshot.fetch[LEASE_KEY]).toEqual({ status: 'ok' });
      expect(namesOf(snapshot.objects[LEASE_KEY])).toEqual([
        'kube-system/kube-controller-manager',
        'openshift-kube-scheduler/kube-scheduler',
      ]);
      expect(requestsOf('ocp', LEASE_KEY).map(e => e.path)).toEqual([
        KUBE_SYSTEM_LEASES,
        OCP_LEASES,
      ]);
      expect(fleet.requests('ocp').total).toBe(expectedRequests(snapshot, 1));
      // Every request but discovery and the GETs of the two named ConfigMaps (404: none) brought a page.
      expect(stats.pages).toBe(
        fleet.requests('ocp').total - DISCOVERY_REQUESTS - 2,
      );
    });

    it('lists a namespace the cluster does not have as empty (kubeadm)', async () => {
      const { snapshot } = await collect('ha');
      expect(snapshot.fetch[LEASE_KEY]).toEqual({ status: 'ok' });
      expect(requestsOf('ha', LEASE_KEY).map(e => [e.path, e.status])).toEqual([
        [KUBE_SYSTEM_LEASES, 200],
        [OCP_LEASES, 200],
      ]);
    });

    it.each([
      [403, 'forbidden'],
      [500, 'unreachable'],
    ])(
      'ignores an optional namespace that answers %i: the type stays ok with a note, no refresh error',
      async (status, state) => {
        fleet.setFaults([
          {
            cluster: 'ocp',
            path: 'namespaces/openshift-kube-scheduler/',
            status,
          },
        ]);
        const { snapshot } = await collect('ocp');
        expect(snapshot.fetch[LEASE_KEY]).toEqual({
          status: 'ok',
          message: expect.stringMatching(
            new RegExp(
              `^leases of namespace openshift-kube-scheduler not read \\(${state}: .+\\)$`,
            ),
          ),
        });
        expect(namesOf(snapshot.objects[LEASE_KEY])).toEqual([
          'kube-system/kube-controller-manager',
        ]);
        expect(snapshot.errors).toBeUndefined();
      },
    );

    it('names the RBAC denial of the optional namespace', async () => {
      fleet.setFaults([
        {
          cluster: 'ocp',
          path: 'namespaces/openshift-kube-scheduler/',
          status: 403,
        },
      ]);
      const { snapshot } = await collect('ocp');
      expect(snapshot.fetch[LEASE_KEY]!.message).toBe(
        'leases of namespace openshift-kube-scheduler not read (forbidden: leases is forbidden: User ' +
          '"system:serviceaccount:ha-posture:reader" cannot list resource "leases" in API group ' +
          '"coordination.k8s.io" in the namespace "openshift-kube-scheduler")',
      );
    });

    it('lets the first namespace decide: when it fails, the type fails and the optional one is not listed', async () => {
      fleet.setFaults([
        { cluster: 'ocp', path: 'namespaces/kube-system/leases', status: 403 },
      ]);
      const { snapshot } = await collect('ocp');
      expect(snapshot.fetch[LEASE_KEY]).toMatchObject({ status: 'forbidden' });
      expect(snapshot.objects[LEASE_KEY]).toBeUndefined();
      expect(snapshot.errors).toEqual([
        expect.stringMatching(/^leases\.coordination\.k8s\.io: /),
      ]);
      expect(requestsOf('ocp', LEASE_KEY).map(e => e.path)).toEqual([
        KUBE_SYSTEM_LEASES,
      ]);
    });
  });

  it('follows continue tokens with a small page size and gets the same objects', async () => {
    const whole = await collect('ha');
    fleet.resetRequests();
    const { snapshot, stats } = await collect('ha', { pageSize: 4 });
    for (const type of RESOURCE_TYPES) {
      expect(namesOf(snapshot.objects[type.key])).toEqual(
        namesOf(whole.snapshot.objects[type.key]),
      );
    }
    const podPages = Math.ceil(snapshot.objects.pods!.length / 4);
    expect(requestsOf('ha', 'pods')).toHaveLength(podPages);
    expect(
      requestsOf('ha', 'pods').filter(e => e.query.includes('continue=')),
    ).toHaveLength(podPages - 1);
    expect(fleet.requests('ha').total).toBe(expectedRequests(snapshot, 4));
    // Every request but discovery and the GET of cluster-autoscaler-status (404: none) brought a page.
    expect(stats.pages).toBe(
      fleet.requests('ha').total - DISCOVERY_REQUESTS - 1,
    );
  });

  it('counts requests by clusters × types × pages for a fleet', async () => {
    const results = await Promise.all(
      ['ha', 'bare'].map(name => collect(name, { pageSize: 10 })),
    );
    results.forEach(({ snapshot, stats }, i) => {
      const name = ['ha', 'bare'][i];
      expect(fleet.requests(name).total).toBe(expectedRequests(snapshot, 10));
      expect(stats.requests).toBe(fleet.requests(name).total);
    });
    // The bare cluster has neither named ConfigMap: read, found missing, fine.
    expect(results[1].snapshot.fetch.configmaps).toEqual({
      status: 'ok',
      objects: {
        'kubeadm-config': { status: 'ok' },
        'cluster-autoscaler-status': { status: 'ok' },
      },
    });
    expect(results[1].snapshot.objects.configmaps).toEqual([]);
  });

  describe('named objects (configmaps: kubeadm-config, cluster-autoscaler-status)', () => {
    it('keeps the objects it may read when another one is forbidden', async () => {
      fleet.setFaults([
        {
          cluster: 'ha',
          path: 'configmaps/cluster-autoscaler-status',
          status: 403,
        },
      ]);
      const { snapshot } = await collect('ha');
      const state = snapshot.fetch.configmaps!;
      expect(state.status).toBe('ok');
      expect(state.message).toMatch(
        /^kube-system\/cluster-autoscaler-status not read \(forbidden: .+\)$/,
      );
      expect(state.objects?.['kubeadm-config']).toEqual({ status: 'ok' });
      expect(state.objects?.['cluster-autoscaler-status']?.status).toBe(
        'forbidden',
      );
      expect(namesOf(snapshot.objects.configmaps)).toEqual([
        'kube-system/kubeadm-config',
      ]);
    });

    it('fails the type when no object could be read, keeping each state', async () => {
      fleet.setFaults([{ cluster: 'ha', path: 'configmaps/', status: 403 }]);
      const { snapshot } = await collect('ha');
      const state = snapshot.fetch.configmaps!;
      expect(state.status).toBe('forbidden');
      expect(Object.keys(state.objects ?? {})).toEqual([
        'kubeadm-config',
        'cluster-autoscaler-status',
      ]);
      expect(snapshot.objects.configmaps).toBeUndefined();
    });
  });

  describe("cluster-autoscaler's status reports, where each Deployment writes its own", () => {
    const configMapRequests = (name: string) =>
      requestsOf(name, 'configmaps').map(e => `${e.status} ${e.path}`);

    it('reads the report in the namespace of the Helm release', async () => {
      const { snapshot, stats } = await collect('helm-ca');
      expect(snapshot.fetch.configmaps).toEqual({
        status: 'ok',
        objects: {
          'kubeadm-config': { status: 'ok' },
          'cluster-autoscaler-status': { status: 'ok' },
          'cluster-autoscaler/cluster-autoscaler-status': { status: 'ok' },
        },
      });
      expect(snapshot.objects.configmaps).toEqual([
        expect.objectContaining({
          metadata: expect.objectContaining({
            name: 'cluster-autoscaler-status',
            namespace: 'cluster-autoscaler',
          }),
          data: { status: 'autoscalerStatus: Running' },
        }),
      ]);
      expect(configMapRequests('helm-ca')).toEqual([
        '404 /api/v1/namespaces/kube-system/configmaps/kubeadm-config',
        '404 /api/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status',
        '200 /api/v1/namespaces/cluster-autoscaler/configmaps/cluster-autoscaler-status',
      ]);
      expect(stats.requests).toBe(fleet.requests('helm-ca').total);
      expect(snapshot.errors).toBeUndefined();
    });

    it("reads OpenShift's report in openshift-machine-api under its own name, once, keeping its status", async () => {
      const { snapshot, stats } = await collect('ocp-ca');
      expect(snapshot.fetch.configmaps).toEqual({
        status: 'ok',
        objects: {
          'kubeadm-config': { status: 'ok' },
          'cluster-autoscaler-status': { status: 'ok' },
          'openshift-machine-api/ca-report': { status: 'ok' },
        },
      });
      expect(
        snapshot.objects.configmaps!.map(c => [
          `${c.metadata.namespace}/${c.metadata.name}`,
          c.data,
        ]),
      ).toEqual([
        [
          'kube-system/cluster-autoscaler-status',
          { status: 'autoscalerStatus: Running' },
        ],
        [
          'openshift-machine-api/ca-report',
          { status: 'autoscalerStatus: Running' },
        ],
      ]);
      expect(configMapRequests('ocp-ca')).toHaveLength(3);
      expect(stats.requests).toBe(fleet.requests('ocp-ca').total);
      expect(stats.pages).toBe(
        fleet.requests('ocp-ca').total - DISCOVERY_REQUESTS - 1,
      );
    });

    it('keeps the type ok when the report cannot be read, with the reason in its state', async () => {
      fleet.setFaults([
        {
          cluster: 'helm-ca',
          path: 'namespaces/cluster-autoscaler/configmaps/',
          status: 403,
        },
      ]);
      const { snapshot, stats } = await collect('helm-ca');
      const state = snapshot.fetch.configmaps!;
      expect(state.status).toBe('ok');
      expect(state.message).toMatch(
        /^cluster-autoscaler\/cluster-autoscaler-status not read \(forbidden: .+\)$/,
      );
      expect(
        state.objects?.['cluster-autoscaler/cluster-autoscaler-status']?.status,
      ).toBe('forbidden');
      expect(state.objects?.['cluster-autoscaler-status']).toEqual({
        status: 'ok',
      });
      expect(snapshot.objects.configmaps).toEqual([]);
      expect(snapshot.errors).toBeUndefined();
      expect(stats.requests).toBe(fleet.requests('helm-ca').total);
    });

    it("reads each istiod revision's MeshConfig in its namespace, keeping only its mesh key", async () => {
      const { snapshot, stats } = await collect('istio');
      expect(snapshot.fetch.configmaps).toEqual({
        status: 'ok',
        objects: {
          'kubeadm-config': { status: 'ok' },
          'cluster-autoscaler-status': { status: 'ok' },
          'istio-system/istio': { status: 'ok' },
          'istio-system/istio-canary': { status: 'ok' },
        },
      });
      expect(
        snapshot.objects.configmaps!.map(c => [
          `${c.metadata.namespace}/${c.metadata.name}`,
          c.data,
        ]),
      ).toEqual([
        ['istio-system/istio', { mesh: 'defaultConfig: {meshId: mesh1}' }],
        ['istio-system/istio-canary', { mesh: '{}' }],
      ]);
      expect(configMapRequests('istio')).toHaveLength(4);
      expect(stats.requests).toBe(fleet.requests('istio').total);
    });

    it('makes the type ok when only the report could be read', async () => {
      fleet.setFaults([
        {
          cluster: 'helm-ca',
          path: 'namespaces/kube-system/configmaps/',
          status: 403,
        },
      ]);
      const { snapshot } = await collect('helm-ca');
      const state = snapshot.fetch.configmaps!;
      expect(state.status).toBe('ok');
      expect(state.objects?.['kubeadm-config']?.status).toBe('forbidden');
      expect(
        state.objects?.['cluster-autoscaler/cluster-autoscaler-status'],
      ).toEqual({ status: 'ok' });
      expect(namesOf(snapshot.objects.configmaps)).toEqual([
        'cluster-autoscaler/cluster-autoscaler-status',
      ]);
    });

    it('reads no report without a cluster-autoscaler Deployment, nor when Deployments could not be read', async () => {
      await collect('bare');
      expect(configMapRequests('bare')).toHaveLength(2);
      fleet.setFaults([
        { cluster: 'helm-ca', resource: 'deployments', status: 403 },
      ]);
      const { snapshot } = await collect('helm-ca');
      expect(configMapRequests('helm-ca')).toHaveLength(2);
      expect(Object.keys(snapshot.fetch.configmaps?.objects ?? {})).toEqual([
        'kubeadm-config',
        'cluster-autoscaler-status',
      ]);
    });
  });

  it('restarts a list whose continue token expired (410)', async () => {
    fleet.setFaults([
      {
        cluster: 'ha',
        resource: 'pods',
        path: 'continue=',
        status: 410,
        times: 1,
      },
    ]);
    const { snapshot } = await collect('ha', { pageSize: 10 });
    const expected = expectedNames(haObjects).get('pods')!.sort();
    expect(snapshot.fetch.pods).toEqual({ status: 'ok' });
    expect(namesOf(snapshot.objects.pods)).toEqual(expected);
    const pages = Math.ceil(expected.length / 10);
    expect(requestsOf('ha', 'pods').map(e => e.status)).toEqual([
      200,
      410,
      ...Array(pages).fill(200),
    ]);
  });

  it('gives up on a list that keeps expiring after two restarts', async () => {
    fleet.setFaults([
      { cluster: 'ha', resource: 'pods', path: 'continue=', status: 410 },
    ]);
    const { snapshot } = await collect('ha', { pageSize: 10 });
    expect(snapshot.fetch.pods).toEqual({
      status: 'error',
      message: expect.stringMatching(
        /^GET \/api\/v1\/pods: HTTP 410: The provided continue parameter is too old.*\(the list expired 3 times\)$/,
      ),
    });
    expect(snapshot.objects.pods).toBeUndefined();
    expect(requestsOf('ha', 'pods').map(e => e.status)).toEqual([
      200, 410, 200, 410, 200, 410,
    ]);
  });

  it('reports a forbidden type with the Status message and reads the others', async () => {
    fleet.setFaults([
      { cluster: 'ha', resource: 'poddisruptionbudgets', status: 403 },
    ]);
    const { snapshot } = await collect('ha');
    const message =
      'poddisruptionbudgets is forbidden: User "system:serviceaccount:ha-posture:reader" cannot list resource "poddisruptionbudgets" in API group "policy" at the cluster scope';
    expect(snapshot.fetch['poddisruptionbudgets.policy']).toEqual({
      status: 'forbidden',
      message,
    });
    expect(snapshot.objects['poddisruptionbudgets.policy']).toBeUndefined();
    expect(snapshot.errors).toEqual([
      `poddisruptionbudgets.policy: ${message}`,
    ]);
    expect(requestsOf('ha', 'poddisruptionbudgets.policy')).toHaveLength(1);
    expect(snapshot.fetch['deployments.apps']).toEqual({ status: 'ok' });
  });

  it('makes a type with malformed objects an error naming the first bad field', async () => {
    const { snapshot } = await collect('loose');
    expect(snapshot.fetch['schedules.velero.io']).toEqual({
      status: 'error',
      message:
        'GET /apis/velero.io/v1/schedules: Schedule velero/daily: spec.template.includedNamespaces must be a list of strings, not the string "shop" (2 malformed objects)',
    });
    // Leaving them out could pass a check they would fail: none is kept.
    expect(snapshot.objects['schedules.velero.io']).toBeUndefined();
    expect(snapshot.fetch.nodes).toEqual({ status: 'ok' });
    expect(namesOf(snapshot.objects.nodes)).toEqual(['/solo']);
  });

  it('waits for Retry-After after a 429 and then succeeds', async () => {
    fleet.setFaults([
      {
        cluster: 'ha',
        resource: 'nodes',
        status: 429,
        retryAfterSeconds: 1,
        times: 1,
      },
    ]);
    const { snapshot, stats } = await collect('ha');
    expect(snapshot.fetch.nodes).toEqual({ status: 'ok' });
    expect(snapshot.objects.nodes).toHaveLength(9);
    expect(stats.retries).toBe(1);
    const [throttled, retried] = requestsOf('ha', 'nodes');
    expect([throttled.status, retried.status]).toEqual([429, 200]);
    expect(
      Date.parse(retried.at) - Date.parse(throttled.at),
    ).toBeGreaterThanOrEqual(1000);
  });

  it('retries a 500 and then calls the type unreachable, with the reason', async () => {
    fleet.setFaults([{ cluster: 'ha', resource: 'services', status: 500 }]);
    const { snapshot, stats } = await collect('ha', { retries: 2 });
    expect(snapshot.fetch.services).toEqual({
      status: 'unreachable',
      message:
        'GET /api/v1/services: HTTP 500: Internal error occurred: etcdserver: request timed out (3 attempts)',
    });
    expect(requestsOf('ha', 'services')).toHaveLength(3);
    expect(stats.retries).toBe(2);
    expect(snapshot.fetch.pods).toEqual({ status: 'ok' });
  });

  it('retries a dropped connection, and calls a type unreachable when it keeps dropping', async () => {
    fleet.setFaults([
      { cluster: 'ha', resource: 'deployments', drop: true, times: 1 },
      { cluster: 'ha', resource: 'statefulsets', drop: true },
    ]);
    const { snapshot } = await collect('ha', { retries: 1 });
    expect(snapshot.fetch['deployments.apps']).toEqual({ status: 'ok' });
    expect(snapshot.objects['deployments.apps']).toHaveLength(5);
    expect(snapshot.fetch['statefulsets.apps']).toEqual({
      status: 'unreachable',
      message: expect.stringMatching(
        /^GET \/apis\/apps\/v1\/statefulsets: connection failed \(.+\) \(2 attempts\)$/,
      ),
    });
  });

  it('retries malformed and truncated bodies, then reports a malformed response', async () => {
    fleet.setFaults([
      { cluster: 'ha', resource: 'daemonsets', malformed: true, times: 1 },
      { cluster: 'ha', resource: 'replicasets', malformed: true },
      { cluster: 'ha', resource: 'endpointslices', truncate: true },
    ]);
    const { snapshot } = await collect('ha', { retries: 1 });
    expect(snapshot.fetch['daemonsets.apps']).toEqual({ status: 'ok' });
    expect(snapshot.fetch['replicasets.apps']).toEqual({
      status: 'error',
      message:
        'GET /apis/apps/v1/replicasets: malformed response (the body is not a JSON object) (2 attempts)',
    });
    expect(snapshot.fetch['endpointslices.discovery.k8s.io']).toEqual({
      status: 'error',
      message: expect.stringMatching(
        /^GET \/apis\/discovery.k8s.io\/v1\/endpointslices: malformed response \(body cut short: .+\) \(2 attempts\)$/,
      ),
    });
    expect(requestsOf('ha', 'endpointslices.discovery.k8s.io')).toHaveLength(2);
  });

  it('calls a type that hangs past the timeout unreachable', async () => {
    fleet.setFaults([
      { cluster: 'ha', resource: 'horizontalpodautoscalers', hangMs: 5000 },
    ]);
    const { snapshot } = await collect('ha', { retries: 1, timeoutMs: 250 });
    await until(
      () =>
        requestsOf('ha', 'horizontalpodautoscalers.autoscaling').length === 2,
    );
    expect(snapshot.fetch['horizontalpodautoscalers.autoscaling']).toEqual({
      status: 'unreachable',
      message:
        'GET /apis/autoscaling/v2/horizontalpodautoscalers: no response within 250 ms (2 attempts)',
    });
    expect(snapshot.fetch.nodes).toEqual({ status: 'ok' });
  });

  it('marks every type unreachable, with the reason, when the cluster is down', async () => {
    const port = await closedPort();
    const { snapshot, stats } = await collectCluster({
      cluster: { name: 'down' },
      transport: createFetchTransport({ baseUrl: `http://127.0.0.1:${port}` }),
      retries: 1,
      backoffMs: 0,
      clock: () => new Date('2024-06-01T12:00:00.000Z'),
    });
    const state = {
      status: 'unreachable',
      message: expect.stringMatching(
        /^cluster unreachable: GET \/version: connection failed \(.*ECONNREFUSED.*\) \(2 attempts\)$/,
      ),
    };
    for (const type of RESOURCE_TYPES)
      expect(snapshot.fetch[type.key]).toEqual(state);
    expect(snapshot).toMatchObject({
      objects: {},
      now: '2024-06-01T12:00:00.000Z',
      errors: [state.message],
    });
    expect(stats).toMatchObject({ requests: 2, pages: 0, retries: 1 });
  });

  it('marks every type unreachable when discovery hangs or fails', async () => {
    fleet.setFaults([{ cluster: 'ha', path: '^/apis(\\?|$)', status: 503 }]);
    const failing = await collect('ha', { retries: 1 });
    expect(failing.snapshot.fetch.pods).toEqual({
      status: 'unreachable',
      message:
        'cluster unreachable: GET /apis: HTTP 503: the server is currently unable to handle the request (2 attempts)',
    });
    expect(requestsOf('ha').map(e => e.path)).toEqual([
      '/version',
      '/api/v1',
      '/apis',
      '/apis',
    ]);

    fleet.setFaults([{ cluster: 'ha', path: '^/version', hangMs: 5000 }]);
    fleet.resetRequests();
    const hanging = await collect('ha', { retries: 0, timeoutMs: 200 });
    await until(() => requestsOf('ha').length === 1);
    expect(hanging.snapshot.fetch['deployments.apps']).toEqual({
      status: 'unreachable',
      message: 'cluster unreachable: GET /version: no response within 200 ms',
    });
  });

  it('reads each needed group-version when the server lacks aggregated discovery', async () => {
    const inner = createFetchTransport({ baseUrl: fleet.url('ha') });
    const legacyClient: Transport = req =>
      inner({ ...req, headers: undefined });
    const { snapshot } = await collect('ha', { transport: legacyClient });
    const groupVersionsRead = requestsOf('ha', 'discovery')
      .map(e => e.path)
      .filter(p => p.split('/').length === 4);
    const used = new Set(
      RESOURCE_TYPES.filter(
        t =>
          t.group &&
          snapshot.servedGroupVersions!.includes(`${t.group}/${t.versions[0]}`),
      ).map(t => `/apis/${t.group}/${t.versions[0]}`),
    );
    expect(groupVersionsRead.sort()).toEqual([...used].sort());
    expect(fleet.requests('ha').total).toBe(
      expectedRequests(snapshot, 500) + used.size,
    );
    expect(snapshot.fetch['schedules.velero.io']).toEqual({ status: 'ok' });
    expect(snapshot.fetch['rollouts.argoproj.io']).toMatchObject({
      status: 'not-installed',
    });
  });

  it('rejects with the reason when aborted', async () => {
    fleet.setFaults([{ cluster: 'ha', resource: 'pods', hangMs: 5000 }]);
    const controller = new AbortController();
    const run = collect('ha', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    await expect(run).rejects.toThrow('shutting down');
    await until(() => requestsOf('ha', 'pods').length === 1);
    // A generous limit: on a loaded CI machine the abort and the hanging request can take seconds.
  }, 30_000);

  it('refuses to read Secrets', async () => {
    const secrets = {
      ...RESOURCE_TYPES_BY_KEY.get('configmaps')!,
      key: 'secrets',
      resource: 'secrets',
      kind: 'Secret',
      objectNames: undefined,
    };
    await expect(collect('ha', { resources: [secrets] })).rejects.toThrow(
      'collectCluster never reads Secrets',
    );
    expect(fleet.requests('ha').total).toBe(0);
  });

  // Last, so that the afterEach hook has recorded the requests of every test above.
  it('requested no Secret in any of the tests above', () => {
    expect(secretRequests).toEqual([]);
  });
});
