import { inferSnapshotTime, snapshotFromObjects } from './snapshotFromObjects';
import {
  crd,
  deployment,
  endpointSlice,
  k8sObject,
  lease,
  node,
  pod,
  service,
  ago,
  TEST_NOW,
} from '../testing';

const cluster = { name: 'prod-us' };

describe('snapshotFromObjects', () => {
  it('groups by resource type, drops Secrets, flattens lists and counts ignored kinds', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'x' },
      data: { password: 'c2VjcmV0' },
    };
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
    };
    const { snapshot, ignored, invalid } = snapshotFromObjects(
      [
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [deployment('web'), secret, job],
        },
        null,
        node('n1'),
      ],
      { cluster, now: TEST_NOW },
    );
    expect(snapshot.objects['deployments.apps']).toHaveLength(1);
    expect(snapshot.objects.nodes).toHaveLength(1);
    expect(JSON.stringify(snapshot)).not.toContain('c2VjcmV0');
    expect(ignored).toEqual({ 'v1/Secret': 1, 'batch/v1/Job': 1 });
    expect(invalid).toEqual([]);
  });

  it('counts kustomize files as ignored, with or without a name', () => {
    const { ignored, invalid } = snapshotFromObjects(
      [
        deployment('web'),
        {
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          resources: ['web.yaml'],
        },
        {
          apiVersion: 'kustomize.config.k8s.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'ha' },
        },
      ],
      { cluster },
    );
    expect(ignored).toEqual({
      'kustomize.config.k8s.io/v1beta1/Kustomization': 1,
      'kustomize.config.k8s.io/v1alpha1/Component': 1,
    });
    expect(invalid).toEqual([]);
  });

  it('reports invalid inputs with their index', () => {
    const { invalid } = snapshotFromObjects(
      [
        'text',
        { kind: 'Deployment' },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {} },
      ],
      { cluster },
    );
    expect(invalid).toEqual([
      { index: 0, reason: 'not an object' },
      { index: 1, reason: 'missing apiVersion or kind' },
      { index: 2, reason: 'Deployment without metadata.name' },
    ]);
  });

  it('keeps one of identical repeats, and refuses a second, different definition of an object', () => {
    const worker = node('worker-1');
    const { snapshot, invalid } = snapshotFromObjects(
      [
        worker,
        structuredClone(worker),
        { ...node('worker-1'), spec: { unschedulable: true } },
        deployment('web', { replicas: 3 }),
        deployment('web', { replicas: 1 }),
        // Same name in another namespace, or of another kind: other objects.
        deployment('web', { replicas: 1, namespace: 'other' }),
        { ...k8sObject('apps/v1', 'StatefulSet', 'web'), spec: {} },
      ],
      { cluster, now: TEST_NOW },
    );
    // Three copies of one node are one node.
    expect(snapshot.objects.nodes).toEqual([worker]);
    expect(snapshot.objects['deployments.apps']).toHaveLength(2);
    expect(snapshot.objects['statefulsets.apps']).toHaveLength(1);
    expect(invalid).toEqual([
      {
        index: 2,
        duplicateOf: 0,
        reason:
          'Node worker-1 is defined twice, differently: keep one definition',
      },
      {
        index: 4,
        duplicateOf: 3,
        reason:
          'Deployment default/web is defined twice, differently: keep one definition',
      },
    ]);
  });

  it('leaves out objects with a field of the wrong type, naming it; live built-ins are trusted', () => {
    const stringReplicas = {
      ...deployment('web', { namespace: 'shop' }),
      spec: { replicas: '3' },
    };
    const stringScope = k8sObject('velero.io/v1', 'Schedule', 'daily', {
      namespace: 'velero',
      spec: { schedule: '@daily', template: { includedNamespaces: 'shop' } },
    });
    const fromFiles = snapshotFromObjects([stringReplicas, stringScope], {
      cluster,
    });
    expect(fromFiles.invalid).toEqual([
      {
        index: 0,
        reason:
          'Deployment shop/web: spec.replicas must be a whole number from 0 to 2147483647, not the string "3"',
      },
      {
        index: 1,
        reason:
          'Schedule velero/daily: spec.template.includedNamespaces must be a list of strings, not the string "shop"',
      },
    ]);
    expect(fromFiles.snapshot.objects['deployments.apps']).toEqual([]);
    // From an API server, only CRD types can hold such fields (as in the collector).
    const live = snapshotFromObjects([stringReplicas, stringScope], {
      cluster,
      mode: 'live',
    });
    expect(live.invalid.map(i => i.index)).toEqual([1]);
  });

  it('refuses a known kind at a version the engine does not read in files, not from an API server', () => {
    const v9 = {
      ...deployment('web', { namespace: 'shop' }),
      apiVersion: 'apps/v9',
    };
    const unknownKind = k8sObject('apps/v9', 'Widget', 'w');
    const hpaV1 = k8sObject(
      'autoscaling/v1',
      'HorizontalPodAutoscaler',
      'web',
      {
        namespace: 'shop',
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'web' },
          maxReplicas: 3,
        },
      },
    );
    const fromFiles = snapshotFromObjects([v9, unknownKind, hpaV1], {
      cluster,
    });
    expect(fromFiles.invalid).toEqual([
      {
        index: 0,
        reason:
          'Deployment shop/web: apiVersion "apps/v9" is not a version this tool reads for Deployment (apps/v1)',
      },
    ]);
    // A kind the engine does not read stays ignored and counted, whatever its version.
    expect(fromFiles.ignored).toEqual({ 'apps/v9/Widget': 1 });
    expect(
      fromFiles.snapshot.objects['horizontalpodautoscalers.autoscaling'],
    ).toHaveLength(1);
    // An API server answers in versions it serves.
    const live = snapshotFromObjects([v9], { cluster, mode: 'live' });
    expect(live.invalid).toEqual([]);
  });

  it('puts namespaced manifests without namespace in default', () => {
    const { snapshot } = snapshotFromObjects(
      [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }],
      { cluster },
    );
    expect(snapshot.objects['deployments.apps']![0].metadata.namespace).toBe(
      'default',
    );
  });

  it('uses manifests mode without nodes or pods: declarative types ok, state types absent', () => {
    const { snapshot } = snapshotFromObjects([deployment('web')], { cluster });
    expect(snapshot.mode).toBe('manifests');
    expect(snapshot.fetch['deployments.apps']).toEqual({ status: 'ok' });
    expect(snapshot.fetch['poddisruptionbudgets.policy']).toEqual({
      status: 'ok',
    });
    expect(snapshot.objects['poddisruptionbudgets.policy']).toEqual([]);
    expect(snapshot.fetch['schedules.velero.io']).toEqual({ status: 'ok' });
    expect(snapshot.fetch.nodes?.status).toBe('absent');
    expect(snapshot.fetch.pods?.status).toBe('absent');
    expect(snapshot.fetch['backups.velero.io']?.status).toBe('absent');
    expect(snapshot.objects.nodes).toBeUndefined();
  });

  describe('a Pod makes the input a dump only when read back from a cluster', () => {
    const manifestPod = (extra: Record<string, any> = {}) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: 'default' },
      spec: { containers: [{ name: 'debug', image: 'busybox' }] },
      ...extra,
    });
    const modeOf = (objects: unknown[]) =>
      snapshotFromObjects(objects, { cluster }).snapshot.mode;

    it('keeps a plain Pod manifest, alone or beside a Deployment, in manifests mode', () => {
      const { snapshot } = snapshotFromObjects(
        [deployment('web'), manifestPod()],
        { cluster },
      );
      expect(snapshot.mode).toBe('manifests');
      // The Pod itself is read (bare-pod judges it); state types stay out of the input.
      expect(snapshot.objects.pods?.map(p => p.metadata.name)).toEqual([
        'debug',
      ]);
      expect(snapshot.fetch.nodes?.status).toBe('absent');
      expect(snapshot.fetch['backups.velero.io']?.status).toBe('absent');
      expect(modeOf([manifestPod()])).toBe('manifests');
    });

    it('keeps a dry-run Pod (status: {}) and a Pod pinned with spec.nodeName in manifests mode', () => {
      expect(modeOf([manifestPod({ status: {} })])).toBe('manifests');
      expect(
        modeOf([
          manifestPod({
            spec: { nodeName: 'worker-1', containers: [{ name: 'debug' }] },
          }),
        ]),
      ).toBe('manifests');
    });

    it('takes a Pod with a status or a metadata.uid for a dump', () => {
      expect(modeOf([pod('web-1', { node: 'n1' })])).toBe('dump');
      expect(modeOf([manifestPod({ status: { phase: 'Pending' } })])).toBe(
        'dump',
      );
      expect(
        modeOf([
          manifestPod({
            metadata: { name: 'debug', namespace: 'default', uid: 'u-1' },
          }),
        ]),
      ).toBe('dump');
    });

    it('takes any Node for a dump', () => {
      expect(modeOf([deployment('web'), node('n1')])).toBe('dump');
    });
  });

  it('uses dump mode with nodes: built-ins ok, CRD types ok only with objects or a CRD', () => {
    const schedule = k8sObject('velero.io/v1', 'Schedule', 'daily', {
      namespace: 'velero',
    });
    const { snapshot } = snapshotFromObjects(
      [
        node('n1'),
        schedule,
        crd('servicemonitors.monitoring.coreos.com', 'ServiceMonitor'),
      ],
      { cluster },
    );
    expect(snapshot.mode).toBe('dump');
    expect(snapshot.fetch.pods).toEqual({ status: 'ok' });
    expect(snapshot.objects.pods).toEqual([]);
    expect(snapshot.fetch['schedules.velero.io']).toEqual({ status: 'ok' });
    expect(snapshot.fetch['servicemonitors.monitoring.coreos.com']).toEqual({
      status: 'ok',
    });
    expect(snapshot.fetch['prometheuses.monitoring.coreos.com']).toEqual({
      status: 'not-installed',
      message:
        "no Prometheus in the dump and no CRD for it among the dump's CRDs: not installed",
    });
  });

  it('cannot tell whether custom resources are installed when a dump holds no CRD at all', () => {
    const schedule = k8sObject('velero.io/v1', 'Schedule', 'daily', {
      namespace: 'velero',
    });
    const { snapshot } = snapshotFromObjects([node('n1'), schedule], {
      cluster,
    });
    expect(snapshot.fetch['schedules.velero.io']).toEqual({ status: 'ok' });
    expect(snapshot.fetch['prometheuses.monitoring.coreos.com']).toEqual({
      status: 'error',
      message:
        "prometheuses.monitoring.coreos.com: neither its objects nor the cluster's CustomResourceDefinitions are in the dump, so whether it is installed cannot be told (dump them: kubectl get crd,prometheuses.monitoring.coreos.com -A -o yaml)",
    });
    expect(
      snapshot.objects['prometheuses.monitoring.coreos.com'],
    ).toBeUndefined();
    // Built-in types are always served: an empty list is what the cluster has.
    expect(snapshot.fetch['poddisruptionbudgets.policy']).toEqual({
      status: 'ok',
    });
    // The caller knows better: a dump that deliberately has no CRDs.
    const complete = snapshotFromObjects([node('n1')], {
      cluster,
      crdsIncluded: true,
    }).snapshot;
    expect(complete.fetch['schedules.velero.io']?.status).toBe('not-installed');
  });

  describe('EndpointSlices in a dump', () => {
    const slices = (objects: unknown[]) =>
      snapshotFromObjects([node('n1'), ...objects], { cluster }).snapshot;
    const web = service('web', { namespace: 'shop', selector: { app: 'web' } });

    it('counts them as not read when a Service with a selector has none (kubectl get all)', () => {
      const snapshot = slices([web]);
      expect(snapshot.fetch['endpointslices.discovery.k8s.io']).toEqual({
        status: 'error',
        message:
          'the dump has no EndpointSlices although it has Services with a selector, for each of which a running ' +
          'cluster keeps at least one (kubectl get all leaves them out): dump them with kubectl get endpointslices -A -o yaml',
      });
      expect(
        snapshot.objects['endpointslices.discovery.k8s.io'],
      ).toBeUndefined();
    });

    it('reads them when the dump has any, even an empty placeholder', () => {
      const snapshot = slices([web, endpointSlice(web, [])]);
      expect(snapshot.fetch['endpointslices.discovery.k8s.io']).toEqual({
        status: 'ok',
      });
      expect(snapshot.objects['endpointslices.discovery.k8s.io']).toHaveLength(
        1,
      );
    });

    it('expects none for Services without a selector or of type ExternalName', () => {
      const external = service('db', {
        namespace: 'shop',
        type: 'ExternalName',
        selector: { app: 'db' },
      });
      const manual = service('legacy', { namespace: 'shop' });
      expect(
        slices([external, manual]).fetch['endpointslices.discovery.k8s.io'],
      ).toEqual({ status: 'ok' });
    });

    it('leaves manifests and live objects alone', () => {
      expect(
        snapshotFromObjects([web], { cluster }).snapshot.fetch[
          'endpointslices.discovery.k8s.io'
        ]?.status,
      ).toBe('absent');
      expect(
        snapshotFromObjects([web], { cluster, mode: 'live' }).snapshot.fetch[
          'endpointslices.discovery.k8s.io'
        ],
      ).toEqual({ status: 'ok' });
    });
  });

  it('honours an explicit mode', () => {
    expect(
      snapshotFromObjects([node('n1')], { cluster, mode: 'manifests' }).snapshot
        .fetch.pods?.status,
    ).toBe('absent');
    expect(
      snapshotFromObjects([node('n1')], { cluster, mode: 'manifests' }).snapshot
        .fetch.nodes?.status,
    ).toBe('ok');
  });

  it('takes now from options, then leases, then other timestamps, then fetchedAt', () => {
    const withLease = [
      node('n1'),
      lease('kube-scheduler', { renewTime: ago(5) }),
      pod('p', { node: 'n1' }),
    ];
    expect(
      snapshotFromObjects(withLease, {
        cluster,
        now: '2030-01-01T00:00:00.000Z',
      }).snapshot.now,
    ).toBe('2030-01-01T00:00:00.000Z');
    expect(snapshotFromObjects(withLease, { cluster }).snapshot.now).toBe(
      ago(5),
    );
    expect(snapshotFromObjects([node('n1')], { cluster }).snapshot.now).toBe(
      ago(10),
    ); // node heartbeat
    const bare = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
    };
    const result = snapshotFromObjects([bare], {
      cluster,
      fetchedAt: '2024-01-01T00:00:00.000Z',
    });
    expect(result.snapshot.now).toBe('2024-01-01T00:00:00.000Z');
    expect(result.snapshot.fetchedAt).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe('inferSnapshotTime', () => {
  it('prefers the newest lease renewal over other timestamps', () => {
    const objects = [
      lease('a', { renewTime: ago(100) }),
      lease('b', { renewTime: ago(3) }),
      k8sObject('v1', 'Pod', 'p', { status: { startTime: TEST_NOW } }),
    ];
    expect(inferSnapshotTime(objects)).toBe(ago(3));
  });
  it('is undefined without timestamps', () => {
    expect(
      inferSnapshotTime([{ kind: 'X', metadata: { name: 'x' } }, 'junk']),
    ).toBeUndefined();
  });
});
