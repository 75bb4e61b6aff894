import { K8sObject } from '../../model/snapshot';
import {
  clusterFrom,
  daemonSet,
  deployment,
  endpointSlice,
  node,
  nodes,
  podsFor,
  runCheck,
  runOne,
  service,
} from '../../testing';
import { networkServiceLocalTraffic } from './network-service-local-traffic';

const workers = () => nodes('w', 3, ['a', 'b', 'c']);

/** A Service selecting `app: <app>` in shop, node-local unless `policy` says otherwise. */
function localService(app: string, policy = 'Local'): K8sObject {
  const svc = service(app, { namespace: 'shop', selector: { app } });
  svc.spec.internalTrafficPolicy = policy;
  return svc;
}

const cache = deployment('cache', { namespace: 'shop', replicas: 2 });
/** Callers: a web replica on each of the 3 workers. */
const web = deployment('web', { namespace: 'shop', replicas: 3 });
const callers = () => [web, ...podsFor(web, ['w-1', 'w-2', 'w-3'])];

/**
 * The outcome for `workload`, on 3 workers with a caller on each, whose pods run on `placement`
 * behind its node-local Service with ready endpoints on `endpointNodes`.
 */
function judgeBehindLocalService(
  workload: K8sObject,
  placement: string[],
  endpointNodes: string[],
) {
  const svc = localService(workload.metadata.name);
  return runOne(
    networkServiceLocalTraffic,
    clusterFrom([
      ...workers(),
      ...callers(),
      workload,
      ...podsFor(workload, placement),
      svc,
      endpointSlice(
        svc,
        endpointNodes.map(n => ({ node: n })),
      ),
    ]),
    { workload: workload.metadata.name },
  );
}

describe('network-service-local-traffic', () => {
  it('fails a node-local Service backed by a Deployment: callers on nodes without a replica get no answer', () => {
    const outcome = judgeBehindLocalService(
      cache,
      ['w-1', 'w-2'],
      ['w-1', 'w-2'],
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      "Service shop/cache sends in-cluster traffic only to endpoints on the caller's own node (internalTrafficPolicy: Local), but 1 node of the 3 that run application pods has no ready endpoint (w-3): calls from pods there get no answer",
    );
    expect(outcome.remediation).toContain('internalTrafficPolicy: Cluster');
    expect(outcome.evidence).toEqual({
      service: 'cache',
      nodesWithReadyEndpoint: ['w-1', 'w-2'],
      nodesRunningCallers: 3,
      nodesWithoutEndpoint: ['w-3'],
    });
  });

  it('counts an endpoint that is not ready as missing', () => {
    const svc = localService('cache');
    const outcome = runOne(
      networkServiceLocalTraffic,
      clusterFrom([
        ...workers(),
        ...callers(),
        cache,
        ...podsFor(cache, ['w-1', 'w-2', 'w-3']),
        svc,
        endpointSlice(svc, [
          { node: 'w-1' },
          { node: 'w-2' },
          { node: 'w-3', ready: false, serving: false },
        ]),
      ]),
      { workload: 'cache' },
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({ nodesWithoutEndpoint: ['w-3'] });
  });

  it('passes a node agent DaemonSet with a ready endpoint on every node that runs callers', () => {
    const agent = daemonSet('agent', { namespace: 'shop', desired: 3 });
    const outcome = judgeBehindLocalService(
      agent,
      ['w-1', 'w-2', 'w-3'],
      ['w-1', 'w-2', 'w-3'],
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'has a ready endpoint on each of the 3 nodes that run application pods',
    );
  });

  it('warns when the DaemonSet misses a node that runs callers', () => {
    const agent = daemonSet('agent', { namespace: 'shop', desired: 2 });
    const outcome = judgeBehindLocalService(
      agent,
      ['w-1', 'w-2'],
      ['w-1', 'w-2'],
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.remediation).toContain('Let DaemonSet shop/agent run');
  });

  it('does not count nodes that run only node agents, or nodes that are not Ready, as callers', () => {
    const agent = daemonSet('logs', { namespace: 'kube-system', desired: 4 });
    const svc = localService('cache');
    const outcome = runOne(
      networkServiceLocalTraffic,
      clusterFrom([
        ...workers(),
        node('w-4', { zone: 'a', ready: false }),
        cache,
        // w-3 runs only the log agent; w-4 is NotReady.
        ...podsFor(cache, ['w-1', 'w-2']),
        ...podsFor(web, ['w-4']),
        agent,
        ...podsFor(agent, ['w-1', 'w-2', 'w-3', 'w-4']),
        svc,
        endpointSlice(svc, [{ node: 'w-1' }, { node: 'w-2' }]),
      ]),
      { workload: 'cache' },
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('each of the 2 nodes');
  });

  it('skips workloads whose Services keep the default policy, and headless or ExternalName Services', () => {
    const headless = localService('cache');
    headless.spec.clusterIP = 'None';
    // kube-proxy does not route ExternalName Services, which have no EndpointSlice either.
    const external = localService('cache');
    external.spec.type = 'ExternalName';
    external.spec.externalName = 'cache.example.com';
    for (const svc of [localService('cache', 'Cluster'), headless, external]) {
      const outcome = runOne(
        networkServiceLocalTraffic,
        clusterFrom([...workers(), cache, ...podsFor(cache, ['w-1']), svc]),
        { workload: 'cache' },
      );
      expect(outcome).toMatchObject({
        status: 'skipped',
        message:
          'No Service of Deployment shop/cache uses internalTrafficPolicy: Local',
      });
    }
  });

  it('skips a workload scaled to zero, as network-service-endpoints does', () => {
    const idle = deployment('cache', { namespace: 'shop', replicas: 0 });
    const svc = localService('cache');
    const outcome = runOne(
      networkServiceLocalTraffic,
      clusterFrom([
        ...workers(),
        ...callers(),
        idle,
        svc,
        endpointSlice(svc, []),
      ]),
      { workload: 'cache' },
    );
    expect(outcome).toMatchObject({
      status: 'skipped',
      message: 'Deployment shop/cache is scaled to zero',
    });
  });

  it('says "the one node" on a single-node cluster, and skips when no node runs callers', () => {
    const svc = localService('cache');
    const single = runOne(
      networkServiceLocalTraffic,
      clusterFrom([
        node('solo', { zone: 'a' }),
        cache,
        ...podsFor(cache, ['solo', 'solo']),
        svc,
        endpointSlice(svc, [{ node: 'solo' }, { node: 'solo' }]),
      ]),
      { workload: 'cache' },
    );
    expect(single.status).toBe('pass');
    expect(single.message).toContain(
      'has a ready endpoint on the one node that runs application pods',
    );
    // Its only pods are Pending: no node runs application pods.
    const idleCluster = runOne(
      networkServiceLocalTraffic,
      clusterFrom([
        ...workers(),
        cache,
        ...podsFor(cache, [undefined, undefined]),
        svc,
        endpointSlice(svc, []),
      ]),
      { workload: 'cache' },
    );
    expect(idleCluster.status).toBe('skipped');
    expect(idleCluster.message).toContain(
      'no Ready node runs application pods now',
    );
  });

  it('is unknown when a dump left the EndpointSlices out', () => {
    const svc = localService('cache');
    const outcome = runOne(
      networkServiceLocalTraffic,
      clusterFrom([
        ...workers(),
        cache,
        ...podsFor(cache, ['w-1', 'w-2']),
        svc,
        // Another Service's slice: this dump has slices, but not this Service's.
        endpointSlice(service('other', { namespace: 'shop' }), []),
      ]),
      { workload: 'cache' },
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('its EndpointSlices are not in the dump');
  });

  it('is unknown when pods cannot be read', () => {
    const svc = localService('cache');
    const cluster = clusterFrom(
      [...workers(), cache, ...podsFor(cache, ['w-1']), svc],
      { fetch: { pods: 'forbidden' } },
    );
    const outcomes = runCheck(networkServiceLocalTraffic, cluster, {
      workload: 'cache',
    });
    expect(outcomes.map(o => o.status)).toEqual(['unknown']);
  });

  it('in manifests, warns on a node-local Service of a Deployment and passes one of a DaemonSet', () => {
    const agent = daemonSet('agent', { namespace: 'shop' });
    const cluster = clusterFrom([
      cache,
      localService('cache'),
      agent,
      localService('agent'),
    ]);
    const onCache = runOne(networkServiceLocalTraffic, cluster, {
      workload: 'cache',
    });
    expect(onCache.status).toBe('warn');
    expect(onCache.message).toContain(
      'but Deployment shop/cache is not a DaemonSet: nothing keeps one of its pods on every node',
    );
    expect(
      runOne(networkServiceLocalTraffic, cluster, { workload: 'agent' }),
    ).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        'DaemonSet shop/agent runs a pod on every node it targets',
      ),
    });
  });
});
