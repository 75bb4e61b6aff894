import {
  ago,
  apiServerLease,
  clusterFrom,
  eksProd,
  k3sDevSingle,
  kubeadmHa3z,
  node,
  openshiftSno,
  runOne,
  staticPod,
} from '../../testing';
import { controlPlaneApiservers } from './control-plane-apiservers';

const isIdentityLease = (o: {
  kind?: string;
  metadata: { labels?: Record<string, string> };
}) =>
  o.kind === 'Lease' &&
  o.metadata.labels?.['apiserver.kubernetes.io/identity'] === 'kube-apiserver';

describe('control-plane-apiservers', () => {
  it('passes kubeadm-ha-3z on 3 live leases in 3 zones and ignores the stale lease', () => {
    const outcome = runOne(controlPlaneApiservers, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      '3 live API servers (cp-1, cp-2, cp-3) in 3 zones',
    );
    expect(outcome.message).toContain(
      'ignored 1 stale identity lease (cp-old, 2h old)',
    );
    expect(outcome.evidence).toMatchObject({
      source: 'identity-leases',
      apiServers: 3,
      zones: ['dc1-a', 'dc1-b', 'dc1-c'],
      staleLeases: [{ hostname: 'cp-old', ageSeconds: 7200 }],
    });
  });

  it('counts a lease as stale by the cluster clock and the leaseFreshSeconds parameter', () => {
    const objects = [
      ...kubeadmHa3z().filter(o => !isIdentityLease(o)),
      apiServerLease('cp-1', ago(5)),
      apiServerLease('cp-2', ago(90)),
    ];
    expect(runOne(controlPlaneApiservers, clusterFrom(objects)).status).toBe(
      'fail',
    );
    const lenient = runOne(controlPlaneApiservers, clusterFrom(objects), {
      params: { leaseFreshSeconds: 120 },
    });
    expect(lenient.status).toBe('warn');
    expect(lenient.message).toContain('Only 2 live API servers');
  });

  it('warns when 3 API servers all sit in one zone', () => {
    const objects = [
      ...['cp-1', 'cp-2', 'cp-3'].map(n =>
        node(n, { zone: 'dc1-a', roles: ['control-plane'] }),
      ),
      node('worker-1', { zone: 'dc1-b' }),
      ...['cp-1', 'cp-2', 'cp-3'].map(n => apiServerLease(n)),
    ];
    const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('all in zone dc1-a');
  });

  it('falls back to Ready static pods when there are no identity leases', () => {
    const objects = [
      ...['cp-1', 'cp-2'].map(n => node(n, { roles: ['control-plane'] })),
      staticPod('kube-apiserver', 'cp-1'),
      staticPod('kube-apiserver', 'cp-2', { ready: false }),
    ];
    const outcome = runOne(
      controlPlaneApiservers,
      clusterFrom(objects, {
        fetch: { 'leases.coordination.k8s.io': 'forbidden' },
      }),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({
      source: 'static-pods',
      apiServers: 1,
      nodes: ['cp-1'],
    });
  });

  it('passes 3 API servers without zone labels (bare metal), saying zones are unknown', () => {
    const objects = ['cp-1', 'cp-2', 'cp-3'].flatMap(n => [
      node(n, { roles: ['control-plane'] }),
      staticPod('kube-apiserver', n),
    ]);
    const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('zones unknown');
  });

  it('fails k3s-dev-single: one server', () => {
    const outcome = runOne(controlPlaneApiservers, clusterFrom(k3sDevSingle()));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('Only 1 live API server (dev)');
  });

  it('counts k3s servers when the dump has no leases', () => {
    const objects = [
      ...['s1', 's2', 's3'].map(n =>
        node(n, {
          providerID: `k3s://${n}`,
          taints: [],
          labels: { 'node-role.kubernetes.io/control-plane': 'true' },
        }),
      ),
    ];
    const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      source: 'k3s-servers',
      apiServers: 3,
    });
  });

  it('fails single-node OpenShift through its kube-apiserver pod', () => {
    const outcome = runOne(controlPlaneApiservers, clusterFrom(openshiftSno()));
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({
      source: 'static-pods',
      nodes: ['sno-1'],
    });
  });

  it('skips a provider-managed control plane (eks-prod)', () => {
    const outcome = runOne(controlPlaneApiservers, clusterFrom(eksProd()));
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('Amazon EKS');
  });

  it('is unknown when nothing shows the API servers, with the reason', () => {
    const objects = [node('cp-1', { roles: ['control-plane'] })];
    const outcome = runOne(
      controlPlaneApiservers,
      clusterFrom(objects, {
        fetch: { 'leases.coordination.k8s.io': 'forbidden' },
      }),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('forbidden');
  });

  it('is skipped in a manifests scan', () => {
    expect(runOne(controlPlaneApiservers, clusterFrom([])).status).toBe(
      'skipped',
    );
  });
});
