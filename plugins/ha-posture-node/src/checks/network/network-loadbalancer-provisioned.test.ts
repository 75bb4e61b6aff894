import {
  clusterFrom,
  endpointSlice,
  k3sDevSingle,
  kubeadmHa3z,
  nodes,
  runCheck,
  runOne,
  service,
} from '../../testing';
import { networkLoadbalancerProvisioned } from './network-loadbalancer-provisioned';

describe('network-loadbalancer-provisioned', () => {
  it('passes a provisioned load balancer (kubeadm-ha-3z)', () => {
    const outcome = runOne(
      networkLoadbalancerProvisioned,
      clusterFrom(kubeadmHa3z()),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Service ingress-nginx/ingress-nginx-controller is provisioned at 203.0.113.10',
    );
    expect(outcome.target).toMatchObject({
      kind: 'Service',
      namespace: 'ingress-nginx',
      name: 'ingress-nginx-controller',
    });
  });

  it('fails a pending LoadBalancer, one outcome per Service', () => {
    const objects = [
      ...nodes('w', 2),
      service('api', { namespace: 'shop', type: 'LoadBalancer' }),
      service('web', {
        namespace: 'shop',
        type: 'LoadBalancer',
        loadBalancerIngress: [{ hostname: 'web.elb.amazonaws.com' }],
      }),
      service('internal', { namespace: 'shop' }),
    ];
    const outcomes = runCheck(
      networkLoadbalancerProvisioned,
      clusterFrom(objects),
    );
    expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
      ['api', 'fail'],
      ['web', 'pass'],
    ]);
    expect(outcomes[0].message).toContain('no external address (pending)');
  });

  it('notes the k3s ServiceLB DaemonSet (k3s-dev-single passes; pending names the svclb pods)', () => {
    const outcome = runOne(
      networkLoadbalancerProvisioned,
      clusterFrom(k3sDevSingle()),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      serviceLb: { daemonSet: 'svclb-traefik-3f2a', ready: 1 },
    });
    const pending = k3sDevSingle().map(o =>
      o.kind === 'Service' && o.metadata.name === 'traefik'
        ? { ...o, status: { loadBalancer: { ingress: [] } } }
        : o,
    );
    const failed = runOne(networkLoadbalancerProvisioned, clusterFrom(pending));
    expect(failed.status).toBe('fail');
    expect(failed.message).toContain(
      'k3s ServiceLB DaemonSet svclb-traefik-3f2a has 1 ready pods',
    );
    expect(failed.remediation).toContain('svclb');
  });

  it('warns on externalTrafficPolicy Local with ready endpoints on one node only', () => {
    const local = service('gw', {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      loadBalancerIngress: [{ ip: '198.51.100.7' }],
    });
    const oneNode = [
      ...nodes('w', 2),
      local,
      endpointSlice(local, [
        { node: 'w-1' },
        { node: 'w-1', ip: '10.0.0.9' },
        { node: 'w-2', ready: false },
      ]),
    ];
    const outcome = runOne(
      networkLoadbalancerProvisioned,
      clusterFrom(oneNode),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('ready endpoints on only node w-1');
    const twoNodes = [
      ...nodes('w', 2),
      local,
      endpointSlice(local, [{ node: 'w-1' }, { node: 'w-2', ready: null }]),
    ];
    expect(
      runOne(networkLoadbalancerProvisioned, clusterFrom(twoNodes)).status,
    ).toBe('pass');
  });

  it('is skipped without LoadBalancer Services and in a manifests scan; unknown when Services are forbidden', () => {
    expect(
      runOne(networkLoadbalancerProvisioned, clusterFrom(nodes('w', 2))).status,
    ).toBe('skipped');
    expect(
      runOne(
        networkLoadbalancerProvisioned,
        clusterFrom([service('api', { type: 'LoadBalancer' })]),
      ).status,
    ).toBe('skipped');
    expect(
      runOne(
        networkLoadbalancerProvisioned,
        clusterFrom(nodes('w', 2), { fetch: { services: 'forbidden' } }),
      ).status,
    ).toBe('unknown');
  });
});
