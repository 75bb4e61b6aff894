import {
  aksNoZones,
  clusterFrom,
  daemonSet,
  deployment,
  endpointSlice,
  nodes,
  podsFor,
  runCheck,
  runOne,
  service,
} from '../../testing';
import { networkServiceEndpoints } from './network-service-endpoints';

const zoned = () => nodes('w', 3, ['a', 'b', 'c']);
const web = deployment('web', { namespace: 'shop', replicas: 3 });
const webService = service('web', {
  namespace: 'shop',
  selector: { app: 'web' },
});

describe('network-service-endpoints', () => {
  it('passes ready endpoints on 3 nodes in 3 zones', () => {
    const objects = [
      ...zoned(),
      web,
      webService,
      endpointSlice(webService, [
        { node: 'w-1' },
        { node: 'w-2' },
        { node: 'w-3' },
      ]),
    ];
    const outcome = runOne(networkServiceEndpoints, clusterFrom(objects), {
      workload: 'web',
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Service shop/web has 3 ready endpoints on 3 nodes in 3 zones',
    );
    expect(outcome.target).toMatchObject({
      kind: 'Service',
      namespace: 'shop',
      name: 'web',
    });
  });

  it('counts an unset ready condition as ready', () => {
    const objects = [
      ...zoned(),
      web,
      webService,
      endpointSlice(webService, [
        { node: 'w-1', ready: null },
        { node: 'w-2', ready: null },
      ]),
    ];
    expect(
      runOne(networkServiceEndpoints, clusterFrom(objects), { workload: 'web' })
        .status,
    ).toBe('pass');
  });

  it('reads serving, not ready, when a Service publishes not-ready addresses', () => {
    // The EndpointSlice controller marks every endpoint ready under publishNotReadyAddresses;
    // serving says whether the pod is ready, and a terminating one is leaving.
    const peers = service('db', {
      namespace: 'shop',
      selector: { app: 'web' },
    });
    peers.spec.clusterIP = 'None';
    peers.spec.publishNotReadyAddresses = true;
    const objects = [
      ...zoned(),
      web,
      peers,
      endpointSlice(peers, [
        { node: 'w-1', ready: true, serving: false },
        { node: 'w-2', ready: true, serving: false },
        { node: 'w-3', ready: true, serving: true, terminating: true },
      ]),
    ];
    const outcome = runOne(networkServiceEndpoints, clusterFrom(objects), {
      workload: 'web',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('no ready endpoint');

    const serving = [
      ...zoned(),
      web,
      peers,
      endpointSlice(peers, [
        { node: 'w-1', ready: true, serving: true },
        { node: 'w-2', ready: true, serving: true },
        { node: 'w-3', ready: true, serving: false },
      ]),
    ];
    expect(
      runOne(networkServiceEndpoints, clusterFrom(serving), {
        workload: 'web',
      }).message,
    ).toBe('Service shop/db has 2 ready endpoints on 2 nodes in 2 zones');
  });

  it('fails without ready endpoints, warns on a single one', () => {
    const none = [
      ...zoned(),
      web,
      webService,
      endpointSlice(webService, [{ node: 'w-1', ready: false }]),
    ];
    const failed = runOne(networkServiceEndpoints, clusterFrom(none), {
      workload: 'web',
    });
    expect(failed.status).toBe('fail');
    expect(failed.message).toBe('Service shop/web has no ready endpoint');
    // The placeholder slice the controller keeps for a Service without ready pods.
    const emptySlice = runOne(
      networkServiceEndpoints,
      clusterFrom([...zoned(), web, webService, endpointSlice(webService, [])]),
      { workload: 'web' },
    );
    expect(emptySlice.status).toBe('fail');
    const one = [
      ...zoned(),
      web,
      webService,
      endpointSlice(webService, [
        { node: 'w-1' },
        { node: 'w-2', ready: false },
      ]),
    ];
    expect(
      runOne(networkServiceEndpoints, clusterFrom(one), { workload: 'web' })
        .status,
    ).toBe('warn');
  });

  it('warns when all endpoints are on one node, or in one zone of a zoned cluster', () => {
    const sameNode = [
      ...zoned(),
      web,
      webService,
      endpointSlice(webService, [
        { node: 'w-1' },
        { node: 'w-1', ip: '10.0.0.8' },
      ]),
    ];
    expect(
      runOne(networkServiceEndpoints, clusterFrom(sameNode), {
        workload: 'web',
      }).message,
    ).toContain('all on node w-1');
    const sameZone = [
      ...zoned(),
      ...nodes('x', 1, ['a']),
      web,
      webService,
      endpointSlice(webService, [{ node: 'w-1' }, { node: 'x-1' }]),
    ];
    const outcome = runOne(networkServiceEndpoints, clusterFrom(sameZone), {
      workload: 'web',
    });
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('all in zone a');
  });

  it("takes the EndpointSlice's numeric zone for a zone off Azure, not on AKS", () => {
    // The endpoints' nodes are not in the snapshot: the slice's zone is all there is.
    const slice = endpointSlice(webService, [
      { node: 'gone-1', zone: '1' },
      { node: 'gone-2', zone: '2' },
      { node: 'gone-3', zone: '3' },
    ]);
    const onPrem = runOne(
      networkServiceEndpoints,
      clusterFrom([...nodes('w', 3, ['1', '2', '3']), web, webService, slice]),
      { workload: 'web' },
    );
    expect(onPrem.evidence).toMatchObject({ zones: ['1', '2', '3'] });
    expect(onPrem.message).toContain('in 3 zones');
    const aks = runOne(
      networkServiceEndpoints,
      clusterFrom([...aksNoZones(), web, webService, slice]),
      { workload: 'web' },
    );
    expect(aks.evidence).toMatchObject({ zones: [] });
  });

  it('counts a pod listed in two slices (dual-stack) once', () => {
    const [v4, v6] = [
      endpointSlice(webService, [{ node: 'w-1' }], { name: 'web-v4' }),
      endpointSlice(webService, [{ node: 'w-1', ip: 'fd00::1' }], {
        name: 'web-v6',
      }),
    ];
    for (const slice of [v4, v6])
      slice.endpoints[0].targetRef = {
        kind: 'Pod',
        namespace: 'shop',
        name: 'web-abc',
        uid: 'uid-web-abc',
      };
    const outcome = runOne(
      networkServiceEndpoints,
      clusterFrom([...zoned(), web, webService, v4, v6]),
      { workload: 'web' },
    );
    expect(outcome.evidence).toMatchObject({ ready: 1 });
  });

  it('gives one outcome per Service of the workload', () => {
    const headless = service('web-headless', {
      namespace: 'shop',
      selector: { app: 'web' },
    });
    const objects = [
      ...zoned(),
      web,
      webService,
      headless,
      endpointSlice(webService, [{ node: 'w-1' }, { node: 'w-2' }]),
      endpointSlice(headless, [{ node: 'w-1' }]),
    ];
    expect(
      runCheck(networkServiceEndpoints, clusterFrom(objects), {
        workload: 'web',
      }).map(o => [o.target?.name, o.status]),
    ).toEqual([
      ['web', 'pass'],
      ['web-headless', 'warn'],
    ]);
  });

  it('skips workloads without a Service or scaled to zero', () => {
    const lonely = deployment('worker', { namespace: 'shop', replicas: 2 });
    expect(
      runOne(
        networkServiceEndpoints,
        clusterFrom([...zoned(), lonely, ...podsFor(lonely, ['w-1', 'w-2'])]),
        { workload: 'worker' },
      ).status,
    ).toBe('skipped');
    const off = deployment('web', { namespace: 'shop', replicas: 0 });
    expect(
      runOne(
        networkServiceEndpoints,
        clusterFrom([...zoned(), off, webService]),
        { workload: 'web' },
      ).status,
    ).toBe('skipped');
  });

  it('says a DaemonSet runs on no node, not that it is scaled to zero, and leaves manifests to the EndpointSlice rule', () => {
    const proxy = daemonSet('envoy', { namespace: 'shop', desired: 0 });
    const envoy = service('envoy', {
      namespace: 'shop',
      selector: { app: 'envoy' },
    });
    expect(
      runOne(networkServiceEndpoints, clusterFrom([...zoned(), proxy, envoy]), {
        workload: 'envoy',
      }).message,
    ).toBe(
      'DaemonSet shop/envoy runs on no node (status.desiredNumberScheduled 0)',
    );
    const manifests = runOne(
      networkServiceEndpoints,
      clusterFrom([proxy, envoy]),
      {
        workload: 'envoy',
      },
    );
    expect(manifests.status).toBe('skipped');
    expect(manifests.message).not.toContain('scaled to zero');
    expect(manifests.message).not.toContain('runs on no node');
  });

  describe('EndpointSlices a dump left out', () => {
    const runningPods = podsFor(web, ['w-1', 'w-2', 'w-3']);

    it('is unknown, not failed, when a dump has none (kubectl get all)', () => {
      const outcome = runOne(
        networkServiceEndpoints,
        clusterFrom([...zoned(), web, webService, ...runningPods]),
        { workload: 'web' },
      );
      expect(outcome).toMatchObject({
        status: 'unknown',
        message:
          'endpointslices.discovery.k8s.io could not be read on cluster test: the dump has no EndpointSlices ' +
          'although it has Services with a selector, for each of which a running cluster keeps at least one ' +
          '(kubectl get all leaves them out): dump them with kubectl get endpointslices -A -o yaml',
        evidence: {
          resource: 'endpointslices.discovery.k8s.io',
          fetch: 'error',
        },
      });
    });

    it("is unknown for a Service without a slice when the dump has other Services' slices", () => {
      const api = service('api', {
        namespace: 'other',
        selector: { app: 'api' },
      });
      const outcome = runOne(
        networkServiceEndpoints,
        clusterFrom([
          ...zoned(),
          web,
          webService,
          ...runningPods,
          api,
          endpointSlice(api, [{ node: 'w-1' }]),
        ]),
        { workload: 'web' },
      );
      expect(outcome).toMatchObject({
        status: 'unknown',
        message:
          'Service shop/web has no EndpointSlice in the dump, though a running cluster keeps at least one ' +
          'for every Service with a selector: dump them with kubectl get endpointslices -A -o yaml',
        target: { kind: 'Service', namespace: 'shop', name: 'web' },
      });
    });

    it('fails a live cluster whose Service has no slice: that is its state', () => {
      expect(
        runOne(
          networkServiceEndpoints,
          clusterFrom([...zoned(), web, webService, ...runningPods], {
            mode: 'live',
          }),
          { workload: 'web' },
        ).status,
      ).toBe('fail');
    });
  });

  it('is skipped in a manifests scan and unknown when EndpointSlices are forbidden', () => {
    expect(
      runOne(networkServiceEndpoints, clusterFrom([web, webService]), {
        workload: 'web',
      }).status,
    ).toBe('skipped');
    const forbidden = clusterFrom([...zoned(), web, webService], {
      fetch: { 'endpointslices.discovery.k8s.io': 'forbidden' },
    });
    expect(
      runOne(networkServiceEndpoints, forbidden, { workload: 'web' }).status,
    ).toBe('unknown');
  });
});
