import http from 'node:http';
import zlib from 'node:zlib';
import { FixtureFleet, startFixtureFleet } from './fleet';
import { FIXTURES_DIR, request } from './__testUtils__/http';

describe('fixture cluster API', () => {
  let fleet: FixtureFleet;
  let alpha: string;
  let beta: string;

  beforeAll(async () => {
    fleet = await startFixtureFleet({
      clustersDir: FIXTURES_DIR,
      randomPorts: true,
    });
    alpha = fleet.url('alpha');
    beta = fleet.url('beta');
  });
  afterAll(() => fleet.stop());

  it('listens on random ports when asked', () => {
    expect(fleet.clusters.map(c => c.name)).toEqual(['alpha', 'beta']);
    for (const c of fleet.clusters) {
      expect(c.port).toBeGreaterThan(0);
      expect(c.port).not.toBe(17901);
      expect(c.url).toBe(`http://127.0.0.1:${c.port}`);
    }
    expect(fleet.warnings).toEqual([
      'alpha: 1 object(s) of kind ServiceMonitor (monitoring.coreos.com/v1) not served: no built-in type or CRD defines it',
    ]);
  });

  describe('discovery', () => {
    it('serves /version with defaults filled in', async () => {
      const { body } = await request(`${alpha}/version`);
      expect(body).toMatchObject({
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.4',
        platform: 'linux/amd64',
        gitTreeState: 'clean',
        compiler: 'gc',
      });
      expect((await request(`${beta}/version`)).body.gitVersion).toBe(
        'v1.30.6+k3s1',
      );
    });

    it('serves /api and /api/v1', async () => {
      expect((await request(`${alpha}/api`)).body).toMatchObject({
        kind: 'APIVersions',
        versions: ['v1'],
      });
      const { body } = await request(`${alpha}/api/v1`);
      expect(body.kind).toBe('APIResourceList');
      expect(body.groupVersion).toBe('v1');
      const byName = Object.fromEntries(
        body.resources.map((r: any) => [r.name, r]),
      );
      expect(byName.pods).toEqual({
        name: 'pods',
        singularName: 'pod',
        namespaced: true,
        kind: 'Pod',
        verbs: ['get', 'list', 'watch'],
        shortNames: ['po'],
        categories: ['all'],
      });
      expect(byName.nodes).toMatchObject({
        namespaced: false,
        kind: 'Node',
        shortNames: ['no'],
      });
      for (const [name, short] of Object.entries({
        services: 'svc',
        namespaces: 'ns',
        persistentvolumeclaims: 'pvc',
        persistentvolumes: 'pv',
        endpoints: 'ep',
        configmaps: 'cm',
      })) {
        expect(byName[name].shortNames).toContain(short);
      }
    });

    it('lists built-in and CRD groups under /apis with preferred versions', async () => {
      const { body } = await request(`${alpha}/apis`);
      expect(body.kind).toBe('APIGroupList');
      const groups = Object.fromEntries(
        body.groups.map((g: any) => [g.name, g]),
      );
      expect(groups.autoscaling.versions.map((v: any) => v.version)).toEqual([
        'v2',
        'v1',
      ]);
      expect(groups.autoscaling.preferredVersion).toEqual({
        groupVersion: 'autoscaling/v2',
        version: 'v2',
      });
      expect(groups['velero.io'].preferredVersion.groupVersion).toBe(
        'velero.io/v1',
      );
      // v1beta1 is not served by the CRD.
      expect(groups['k3s.cattle.io'].versions).toEqual([
        { groupVersion: 'k3s.cattle.io/v1', version: 'v1' },
      ]);
      expect(groups['monitoring.coreos.com']).toBeUndefined();
      expect(
        beta &&
          (await request(`${beta}/apis`)).body.groups.some(
            (g: any) => g.name === 'velero.io',
          ),
      ).toBe(false);
    });

    it('serves group and group-version documents, with CRD names', async () => {
      expect((await request(`${alpha}/apis/velero.io`)).body).toMatchObject({
        kind: 'APIGroup',
        name: 'velero.io',
      });
      const { body } = await request(`${alpha}/apis/velero.io/v1`);
      expect(body.resources).toEqual([
        {
          name: 'schedules',
          singularName: 'schedule',
          namespaced: true,
          kind: 'Schedule',
          verbs: ['get', 'list', 'watch'],
        },
        {
          name: 'backups',
          singularName: 'backup',
          namespaced: true,
          kind: 'Backup',
          verbs: ['get', 'list', 'watch'],
          shortNames: ['bk'],
          categories: ['velero'],
        },
      ]);
      const k3s = await request(`${alpha}/apis/k3s.cattle.io/v1`);
      expect(k3s.body.resources[0]).toMatchObject({
        name: 'etcdsnapshotfiles',
        namespaced: false,
      });
      const apps = await request(`${alpha}/apis/apps/v1`);
      expect(
        apps.body.resources.map((r: any) => [r.name, r.shortNames?.[0]]),
      ).toEqual(
        expect.arrayContaining([
          ['deployments', 'deploy'],
          ['statefulsets', 'sts'],
          ['daemonsets', 'ds'],
          ['replicasets', 'rs'],
        ]),
      );
      const policy = await request(`${alpha}/apis/policy/v1`);
      expect(policy.body.resources[0]).toMatchObject({
        name: 'poddisruptionbudgets',
        shortNames: ['pdb'],
      });
    });

    it('answers aggregated discovery when asked for it', async () => {
      const accept =
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
      const apis = await request(`${alpha}/apis`, { headers: { accept } });
      expect(apis.headers.get('content-type')).toBe(
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      );
      expect(apis.body.kind).toBe('APIGroupDiscoveryList');
      const velero = apis.body.items.find(
        (g: any) => g.metadata.name === 'velero.io',
      );
      expect(velero.versions[0].resources[1]).toMatchObject({
        resource: 'backups',
        responseKind: { group: 'velero.io', version: 'v1', kind: 'Backup' },
        scope: 'Namespaced',
        shortNames: ['bk'],
      });
      const core = await request(`${alpha}/api`, { headers: { accept } });
      expect(core.body.items).toHaveLength(1);
      expect(
        core.body.items[0].versions[0].resources.find(
          (r: any) => r.resource === 'nodes',
        ).scope,
      ).toBe('Cluster');
    });

    it('answers unknown groups and paths with a plain 404, unknown resources with a Status', async () => {
      for (const path of [
        '/apis/nope.io/v1',
        '/apis/nope.io/v1/things',
        '/apis/apps/v9/deployments',
        '/foo',
      ]) {
        const res = await request(`${alpha}${path}`);
        expect(res.status).toBe(404);
        expect(res.text).toBe('404 page not found\n');
      }
      const res = await request(`${alpha}/apis/apps/v1/widgets`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        code: 404,
      });
    });
  });

  describe('list and get', () => {
    it('lists cluster-wide with List kinds and typed items, sorted by namespace and name', async () => {
      const { status, body } = await request(`${alpha}/api/v1/pods`);
      expect(status).toBe(200);
      expect(body.kind).toBe('PodList');
      expect(body.apiVersion).toBe('v1');
      expect(body.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(
        body.items.map(
          (p: any) => `${p.metadata.namespace}/${p.metadata.name}`,
        ),
      ).toEqual([
        'kube-system/coredns-1',
        'kube-system/coredns-2',
        'shop/api-1',
        'shop/batch-1',
        'shop/web-1',
        'shop/web-2',
      ]);
      for (const p of body.items) {
        expect(p.kind).toBe('Pod');
        expect(p.apiVersion).toBe('v1');
        expect(p.metadata.uid).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        expect(p.metadata.resourceVersion).toMatch(/^\d+$/);
      }
      const deployments = await request(`${alpha}/apis/apps/v1/deployments`);
      expect(deployments.body.kind).toBe('DeploymentList');
      expect(deployments.body.apiVersion).toBe('apps/v1');
      expect(deployments.body.items).toHaveLength(3);
      expect(deployments.body.items[0]).toMatchObject({
        kind: 'Deployment',
        apiVersion: 'apps/v1',
      });
    });

    it('keeps given uids and resourceVersions, and derives missing ones deterministically', async () => {
      const leases = (
        await request(`${alpha}/apis/coordination.k8s.io/v1/leases`)
      ).body.items;
      expect(
        leases.find((l: any) => l.metadata.name === 'kube-scheduler').metadata
          .resourceVersion,
      ).toBe('4711');
      const again = await startFixtureFleet({
        clustersDir: FIXTURES_DIR,
        randomPorts: true,
        only: ['alpha'],
      });
      try {
        const first = (await request(`${alpha}/api/v1/nodes`)).body.items.map(
          (n: any) => n.metadata,
        );
        const second = (
          await request(`${again.url('alpha')}/api/v1/nodes`)
        ).body.items.map((n: any) => n.metadata);
        expect(second.map((m: any) => [m.uid, m.resourceVersion])).toEqual(
          first.map((m: any) => [m.uid, m.resourceVersion]),
        );
      } finally {
        await again.stop();
      }
    });

    it('scopes lists to a namespace', async () => {
      const shop = await request(`${alpha}/api/v1/namespaces/shop/pods`);
      expect(shop.body.items.map((p: any) => p.metadata.name)).toEqual([
        'api-1',
        'batch-1',
        'web-1',
        'web-2',
      ]);
      const none = await request(
        `${alpha}/api/v1/namespaces/does-not-exist/pods`,
      );
      expect(none.status).toBe(200);
      expect(none.body.items).toEqual([]);
      const crs = await request(
        `${alpha}/apis/velero.io/v1/namespaces/velero/schedules`,
      );
      expect(crs.body).toMatchObject({
        kind: 'ScheduleList',
        apiVersion: 'velero.io/v1',
      });
      expect(crs.body.items[0]).toMatchObject({
        kind: 'Schedule',
        metadata: { name: 'daily' },
      });
    });

    it('refuses namespaced paths for cluster-scoped resources', async () => {
      const res = await request(`${alpha}/api/v1/namespaces/shop/nodes`);
      expect(res.status).toBe(404);
      expect(res.body.reason).toBe('NotFound');
    });

    it('gets single objects, namespaced and cluster-scoped', async () => {
      const pod = await request(`${alpha}/api/v1/namespaces/shop/pods/web-1`);
      expect(pod.body).toMatchObject({
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name: 'web-1', namespace: 'shop' },
      });
      const node = await request(`${alpha}/api/v1/nodes/node-b`);
      expect(node.body).toMatchObject({
        kind: 'Node',
        metadata: { name: 'node-b' },
      });
      const ns = await request(`${alpha}/api/v1/namespaces/shop`);
      expect(ns.body).toMatchObject({
        kind: 'Namespace',
        metadata: { name: 'shop', labels: { team: 'payments' } },
      });
      const status = await request(
        `${alpha}/apis/apps/v1/namespaces/shop/deployments/web/status`,
      );
      expect(status.body.status.readyReplicas).toBe(2);
      const crd = await request(
        `${alpha}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.velero.io`,
      );
      expect(crd.body.spec.group).toBe('velero.io');
    });

    it('synthesizes namespaces that objects use but the dump lacks', async () => {
      const ns = await request(`${alpha}/api/v1/namespaces/velero`);
      expect(ns.status).toBe(200);
      expect(ns.body).toMatchObject({
        kind: 'Namespace',
        status: { phase: 'Active' },
      });
    });

    it('returns NotFound Status bodies for missing objects', async () => {
      const res = await request(`${alpha}/api/v1/namespaces/shop/pods/nope`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'pods "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', kind: 'pods' },
        code: 404,
      });
      const pod = await request(
        `${alpha}/api/v1/namespaces/kube-system/pods/web-1`,
      );
      expect(pod.status).toBe(404);
      const dep = await request(
        `${alpha}/apis/apps/v1/namespaces/shop/deployments/nope`,
      );
      expect(dep.body.message).toBe('deployments.apps "nope" not found');
      expect(dep.body.details).toEqual({
        name: 'nope',
        group: 'apps',
        kind: 'deployments',
      });
    });
  });

  describe('selectors over HTTP', () => {
    const names = async (path: string) =>
      (await request(`${alpha}${path}`)).body.items.map(
        (o: any) => o.metadata.name,
      );

    it.each([
      ['app=web', ['web-1', 'web-2']],
      ['app==web', ['web-1', 'web-2']],
      ['app!=web', ['coredns-1', 'coredns-2', 'api-1', 'batch-1']],
      ['app in (web,api)', ['api-1', 'web-1', 'web-2']],
      ['app notin (web),tier', ['api-1']],
      ['job', ['batch-1']],
      ['!app', ['coredns-1', 'coredns-2', 'batch-1']],
      ['backstage.io/kubernetes-id=web,tier=frontend', ['web-1', 'web-2']],
    ])('labelSelector %s', async (selector, expected) => {
      expect(
        await names(
          `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`,
        ),
      ).toEqual(expected);
    });

    it.each([
      ['spec.nodeName=node-a', ['coredns-1', 'batch-1', 'web-1']],
      ['spec.nodeName==node-b,metadata.namespace=shop', ['api-1', 'web-2']],
      [
        'metadata.name!=web-1,metadata.namespace=shop',
        ['api-1', 'batch-1', 'web-2'],
      ],
      ['status.phase=Succeeded', ['batch-1']],
    ])('fieldSelector %s', async (selector, expected) => {
      expect(
        await names(
          `/api/v1/pods?fieldSelector=${encodeURIComponent(selector)}`,
        ),
      ).toEqual(expected);
    });

    it('combines both selectors', async () => {
      expect(
        await names(
          '/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dnode-b',
        ),
      ).toEqual(['web-2']);
    });

    it('answers unsupported fields and bad label selectors with 400 BadRequest', async () => {
      const field = await request(
        `${alpha}/apis/apps/v1/deployments?fieldSelector=spec.replicas%3D2`,
      );
      expect(field.status).toBe(400);
      expect(field.body).toMatchObject({
        kind: 'Status',
        reason: 'BadRequest',
        code: 400,
        message: 'field label not supported: spec.replicas',
      });
      const label = await request(
        `${alpha}/api/v1/pods?labelSelector=${encodeURIComponent(
          'app in web',
        )}`,
      );
      expect(label.status).toBe(400);
      expect(label.body.reason).toBe('BadRequest');
    });
  });

  describe('HTTP behaviour', () => {
    it('is read-only: other verbs get 405 MethodNotAllowed', async () => {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await request(
          `${alpha}/api/v1/namespaces/shop/pods/web-1`,
          { method, body: method === 'DELETE' ? undefined : '{}' },
        );
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('GET');
        expect(res.body).toMatchObject({
          kind: 'Status',
          reason: 'MethodNotAllowed',
          code: 405,
        });
      }
    });

    it('refuses watches with 405', async () => {
      const res = await request(`${alpha}/api/v1/pods?watch=true`);
      expect(res.status).toBe(405);
      expect(res.body.reason).toBe('MethodNotAllowed');
      expect((await request(`${alpha}/api/v1/watch/pods`)).status).toBe(405);
    });

    it('never serves Secrets', async () => {
      for (const path of [
        '/api/v1/secrets',
        '/api/v1/namespaces/shop/secrets',
        '/api/v1/namespaces/shop/secrets/db-password',
      ]) {
        const res = await request(`${alpha}${path}`);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({
          kind: 'Status',
          reason: 'Forbidden',
          code: 403,
        });
        expect(res.text).not.toContain('c3VwZXJzZWNyZXQ');
      }
    });

    it('sends a real Date header', async () => {
      const res = await request(`${alpha}/version`);
      const date = Date.parse(res.headers.get('date')!);
      expect(Math.abs(date - Date.now())).toBeLessThan(5000);
    });

    it('gzips large responses when the client accepts it', async () => {
      const big = await startFixtureFleet({
        clusters: [
          {
            name: 'big',
            objects: Array.from({ length: 2000 }, (_, i) => ({
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: `cm-${i}`, namespace: 'x' },
              data: { k: 'v'.repeat(100) },
            })),
          },
        ],
      });
      try {
        const res = await new Promise<{ encoding?: string; body: Buffer }>(
          (resolve, reject) => {
            http
              .get(
                `${big.url('big')}/api/v1/configmaps`,
                { headers: { 'accept-encoding': 'gzip' } },
                r => {
                  const chunks: Buffer[] = [];
                  r.on('data', (c: Buffer) => chunks.push(c));
                  r.on('end', () =>
                    resolve({
                      encoding: r.headers['content-encoding'],
                      body: Buffer.concat(chunks),
                    }),
                  );
                },
              )
              .on('error', reject);
          },
        );
        expect(res.encoding).toBe('gzip');
        expect(
          JSON.parse(zlib.gunzipSync(res.body).toString()).items,
        ).toHaveLength(2000);
        const small = await request(`${big.url('big')}/version`, {
          headers: { 'accept-encoding': 'gzip' },
        });
        expect(small.headers.get('content-encoding')).toBeNull();
      } finally {
        await big.stop();
      }
    });

    it('serves Tables for kubectl, with CRD printer columns', async () => {
      const accept =
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
      const pods = await request(
        `${alpha}/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb`,
        { headers: { accept } },
      );
      expect(pods.body.kind).toBe('Table');
      expect(pods.body.columnDefinitions.map((c: any) => c.name)).toEqual([
        'Name',
        'Ready',
        'Status',
        'Restarts',
        'Age',
        'IP',
        'Node',
      ]);
      expect(pods.body.rows[0].cells.slice(0, 4)).toEqual([
        'web-1',
        '0/1',
        'Running',
        0,
      ]);
      expect(pods.body.rows[0].object).toMatchObject({
        kind: 'PartialObjectMetadata',
        metadata: { name: 'web-1', namespace: 'shop' },
      });
      const schedules = await request(`${alpha}/apis/velero.io/v1/schedules`, {
        headers: { accept },
      });
      expect(schedules.body.columnDefinitions.map((c: any) => c.name)).toEqual([
        'Name',
        'Status',
        'Schedule',
        'LastBackup',
      ]);
      expect(schedules.body.rows[0].cells.slice(0, 3)).toEqual([
        'daily',
        'Enabled',
        '0 2 * * *',
      ]);
      const node = await request(
        `${alpha}/api/v1/nodes/node-c?includeObject=Object`,
        { headers: { accept } },
      );
      expect(node.body.rows[0].cells.slice(0, 3)).toEqual([
        'node-c',
        'NotReady,SchedulingDisabled',
        '<none>',
      ]);
      expect(node.body.rows[0].object.kind).toBe('Node');
    });
  });

  describe('token auth', () => {
    let secured: FixtureFleet;
    beforeAll(async () => {
      secured = await startFixtureFleet({
        clusters: [
          {
            name: 'secured',
            token: 's3cret',
            objects: [
              { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
            ],
          },
        ],
      });
    });
    afterAll(() => secured.stop());

    it('answers 401 Unauthorized without the right bearer token', async () => {
      const url = `${secured.url('secured')}/api/v1/namespaces`;
      for (const headers of [
        {} as Record<string, string>,
        { authorization: 'Bearer wrong' },
        { authorization: 's3cret' },
      ]) {
        const res = await request(url, { headers });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
      }
      const ok = await request(url, {
        headers: { authorization: 'Bearer s3cret' },
      });
      expect(ok.status).toBe(200);
      expect(ok.body.items).toHaveLength(1);
    });
  });

  describe('time shifting', () => {
    it('shifts every timestamp by now − capturedAt', async () => {
      const before = Date.now();
      const pod = (
        await request(`${alpha}/api/v1/namespaces/shop/pods/batch-1`)
      ).body;
      const after = Date.now();
      const captured = Date.parse('2026-11-20T10:00:00Z');
      const created = Date.parse(pod.metadata.creationTimestamp);
      // Created one hour before the capture → one hour before now.
      expect(created).toBeGreaterThanOrEqual(
        Math.floor(before / 1000) * 1000 - 3600_000,
      );
      expect(created).toBeLessThanOrEqual(after - 3600_000 + 1000);
      expect(created).not.toBe(captured - 3600_000);
      const lease = (
        await request(
          `${alpha}/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/apiserver-aaaa`,
        )
      ).body;
      const renewed = Date.parse(lease.spec.renewTime);
      expect(lease.spec.renewTime).toMatch(/\.123456Z$/);
      expect(Date.now() - renewed).toBeGreaterThan(3000);
      expect(Date.now() - renewed).toBeLessThan(8000);
      // The kubectl-style backup name is not a timestamp and stays as dumped.
      const backup = (
        await request(`${alpha}/apis/velero.io/v1/namespaces/velero/backups`)
      ).body.items[0];
      expect(backup.metadata.name).toBe('daily-20261120020000');
      expect(
        Date.now() - Date.parse(backup.status.completionTimestamp),
      ).toBeGreaterThan(7 * 3600_000);
    });

    it('infers the capture time from the newest Lease renewTime', async () => {
      const leases = (
        await request(`${beta}/apis/coordination.k8s.io/v1/leases`)
      ).body.items;
      const dev = leases.find((l: any) => l.metadata.name === 'dev');
      const old = leases.find((l: any) => l.metadata.name === 'old');
      expect(
        Math.abs(Date.now() - Date.parse(dev.spec.renewTime)),
      ).toBeLessThan(2000);
      expect(
        Date.parse(dev.spec.renewTime) - Date.parse(old.spec.renewTime),
      ).toBe(3600_000);
    });

    it('can be turned off', async () => {
      const still = await startFixtureFleet({
        clustersDir: FIXTURES_DIR,
        only: ['alpha'],
        randomPorts: true,
        timeShift: false,
      });
      try {
        const pod = (
          await request(
            `${still.url('alpha')}/api/v1/namespaces/shop/pods/batch-1`,
          )
        ).body;
        expect(pod.metadata.creationTimestamp).toBe('2026-11-20T09:00:00Z');
      } finally {
        await still.stop();
      }
    });
  });
});
