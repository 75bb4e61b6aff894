import {
  ago,
  apiServerLease,
  clusterFrom,
  eksProd,
  k3sDevSingle,
  kubeadmHa3z,
  node,
  nodes,
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

  describe('identity-lease hostnames that match no node (hostname override)', () => {
    /** Nodes named by FQDN while the leases carry the short OS hostname. */
    const fqdnControlPlane = (zones: string[]) =>
      zones.map((zone, i) =>
        node(`cp-${i}.prod.example.com`, { zone, roles: ['control-plane'] }),
      );
    const shortLeases = (n: number) =>
      Array.from({ length: n }, (_x, i) => apiServerLease(`cp-${i}`));
    const apiServerPods = (n: number) =>
      Array.from({ length: n }, (_x, i) =>
        staticPod('kube-apiserver', `cp-${i}.prod.example.com`),
      );

    it('places the API servers on the kube-apiserver static pods and warns when they share one zone', () => {
      const objects = [
        ...fqdnControlPlane(['eu-1a', 'eu-1a', 'eu-1a']),
        ...nodes('w', 3, ['eu-1a', 'eu-1b', 'eu-1c']),
        ...apiServerPods(3),
        ...shortLeases(3),
      ];
      const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        '3 live API servers (cp-0.prod.example.com, cp-1.prod.example.com, cp-2.prod.example.com), ' +
          'but all in zone eu-1a: a zone outage takes the API down',
      );
      expect(outcome.evidence).toMatchObject({
        source: 'identity-leases',
        zones: ['eu-1a'],
        placedByStaticPods: [
          'cp-0.prod.example.com',
          'cp-1.prod.example.com',
          'cp-2.prod.example.com',
        ],
      });
      expect(outcome.evidence).not.toHaveProperty('unmappedLeaseHostnames');
    });

    it('passes when the static pods place them in 3 zones', () => {
      const objects = [
        ...fqdnControlPlane(['eu-1a', 'eu-1b', 'eu-1c']),
        ...apiServerPods(3),
        ...shortLeases(3),
      ];
      const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain('in 3 zones (eu-1a, eu-1b, eu-1c)');
    });

    it('places only the leases left over when some hostnames match', () => {
      const objects = [
        node('cp-0', { zone: 'eu-1a', roles: ['control-plane'] }),
        node('cp-1', { zone: 'eu-1a', roles: ['control-plane'] }),
        node('cp-2.prod.example.com', {
          zone: 'eu-1b',
          roles: ['control-plane'],
        }),
        staticPod('kube-apiserver', 'cp-0'),
        staticPod('kube-apiserver', 'cp-1'),
        staticPod('kube-apiserver', 'cp-2.prod.example.com'),
        ...shortLeases(3),
      ];
      const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
      expect(outcome.status).toBe('pass');
      expect(outcome.evidence).toMatchObject({
        nodes: ['cp-0', 'cp-1', 'cp-2.prod.example.com'],
        zones: ['eu-1a', 'eu-1b'],
        placedByStaticPods: ['cp-2.prod.example.com'],
      });
    });

    it('is unknown, not pass, when nothing places them and the nodes are zoned', () => {
      const objects = [
        ...fqdnControlPlane(['eu-1a', 'eu-1a', 'eu-1a']),
        ...shortLeases(3),
      ];
      const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        '3 live API servers: their zone spread cannot be told although the nodes are zoned (eu-1a); ' +
          'not placed on a node: the identity lease hostnames cp-0, cp-1, cp-2 match no node name or ' +
          'kubernetes.io/hostname label, and no Ready kube-apiserver static pod accounts for them',
      );
      expect(outcome.message).not.toContain('carry no zone labels');
      expect(outcome.evidence).toMatchObject({
        unmappedLeaseHostnames: ['cp-0', 'cp-1', 'cp-2'],
        nodeZones: ['eu-1a'],
      });
    });

    it('says how many it placed when the others stay unplaced', () => {
      const objects = [
        node('cp-0', { zone: 'eu-1a', roles: ['control-plane'] }),
        ...fqdnControlPlane(['eu-1a', 'eu-1b', 'eu-1c']).slice(1),
        ...shortLeases(3),
      ];
      const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        '3 live API servers (cp-0), 1 of them in zone eu-1a: their zone spread cannot be told',
      );
      expect(outcome.message).toContain('lease hostnames cp-1, cp-2 match');
    });

    it('does not guess when more static pods than unmatched leases are left', () => {
      const objects = [
        ...fqdnControlPlane(['eu-1a', 'eu-1b', 'eu-1c', 'eu-1a']),
        ...apiServerPods(4),
        ...shortLeases(3),
      ];
      const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
      expect(outcome.status).toBe('unknown');
      expect(outcome.evidence).toMatchObject({
        unmappedLeaseHostnames: ['cp-0', 'cp-1', 'cp-2'],
      });
    });

    it('passes without any zone label, saying the hostnames match no node', () => {
      const objects = [
        ...['cp-0.lab', 'cp-1.lab', 'cp-2.lab'].map(n =>
          node(n, { roles: ['control-plane'] }),
        ),
        ...shortLeases(3),
      ];
      const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        '(zones unknown: no node carries a zone label; not placed on a node: the identity lease hostnames cp-0, cp-1, cp-2 match no node name',
      );
    });

    it('names the unplaced lease in a 2-server warning', () => {
      const objects = [
        ...fqdnControlPlane(['eu-1a', 'eu-1b']),
        ...shortLeases(2),
      ];
      const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'lease hostnames cp-0, cp-1 match no node',
      );
    });
  });

  it('is unknown when the API servers run on unlabelled nodes while other nodes are zoned', () => {
    const objects = [
      ...['cp-1', 'cp-2', 'cp-3'].flatMap(n => [
        node(n, { roles: ['control-plane'] }),
        apiServerLease(n),
      ]),
      ...nodes('w', 3, ['a', 'b', 'c']),
    ];
    const outcome = runOne(controlPlaneApiservers, clusterFrom(objects));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      '3 live API servers (cp-1, cp-2, cp-3): their zone spread cannot be told although the nodes are zoned (a, b, c); ' +
        'no zone label on cp-1, cp-2, cp-3',
    );
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
