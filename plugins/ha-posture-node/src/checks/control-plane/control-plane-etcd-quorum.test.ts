import {
  clusterFrom,
  configMap,
  eksProd,
  gkeRegional,
  k3sDevSingle,
  kubeadmHa3z,
  node,
  openshiftSno,
  runOne,
  staticPod,
} from '../../testing';
import { controlPlaneEtcdQuorum } from './control-plane-etcd-quorum';
import {
  isLoopbackEndpoint,
  isUnixSocketEndpoint,
  kubeadmExternalEtcdEndpoints,
} from './externalEtcd';

const controlPlane = (names: string[], zones: string[] = []) =>
  names.map((n, i) => node(n, { roles: ['control-plane'], zone: zones[i] }));

const isEtcdPod = (o: {
  kind?: string;
  metadata: { labels?: Record<string, string> };
}) => o.kind === 'Pod' && o.metadata.labels?.component === 'etcd';

const k3sServer = (name: string, labels: Record<string, string> = {}) =>
  node(name, {
    providerID: `k3s://${name}`,
    taints: [],
    labels: { 'node-role.kubernetes.io/control-plane': 'true', ...labels },
  });

describe('control-plane-etcd-quorum', () => {
  it('passes kubeadm-ha-3z: 3 stacked members in 3 zones tolerate one failure', () => {
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('tolerates 1 member failure');
    expect(outcome.evidence).toMatchObject({
      source: 'static-pods',
      members: 3,
      ready: 3,
      quorum: 2,
      zones: ['dc1-a', 'dc1-b', 'dc1-c'],
    });
  });

  it('warns when all members sit in one zone while the workers span several (CP2)', () => {
    const objects = [
      ...controlPlane(['cp-1', 'cp-2', 'cp-3'], ['eu-1a', 'eu-1a', 'eu-1a']),
      ...['cp-1', 'cp-2', 'cp-3'].map(n => staticPod('etcd', n)),
      node('w-1', { zone: 'eu-1a' }),
      node('w-2', { zone: 'eu-1b' }),
      node('w-3', { zone: 'eu-1c' }),
    ];
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      '3 etcd members, all Ready, on cp-1, cp-2, cp-3 in zone eu-1a, while the workers span 3 zones ' +
        '(eu-1a, eu-1b, eu-1c): an outage of zone eu-1a loses quorum',
    );
    expect(outcome.evidence).toMatchObject({
      zones: ['eu-1a'],
      workerZones: ['eu-1a', 'eu-1b', 'eu-1c'],
    });
  });

  it('does not warn about one zone when the workers are in one zone too, or a member has no zone label', () => {
    const members = ['cp-1', 'cp-2', 'cp-3'].map(n => staticPod('etcd', n));
    const oneZoneCluster = [
      ...controlPlane(['cp-1', 'cp-2', 'cp-3'], ['a', 'a', 'a']),
      ...members,
      node('w-1', { zone: 'a' }),
    ];
    expect(
      runOne(controlPlaneEtcdQuorum, clusterFrom(oneZoneCluster)).status,
    ).toBe('pass');
    // Only cp-1 is known to be in zone a: losing a leaves 2 of 3, still a quorum.
    const partlyLabelled = [
      ...controlPlane(['cp-1', 'cp-2', 'cp-3'], ['a']),
      ...members,
      node('w-1', { zone: 'a' }),
      node('w-2', { zone: 'b' }),
    ];
    expect(
      runOne(controlPlaneEtcdQuorum, clusterFrom(partlyLabelled)).status,
    ).toBe('pass');
  });

  it('warns when one of 3 members is not Ready (no failure tolerance left)', () => {
    const objects = [
      ...kubeadmHa3z().filter(o => !isEtcdPod(o)),
      staticPod('etcd', 'cp-1'),
      staticPod('etcd', 'cp-2'),
      staticPod('etcd', 'cp-3', { ready: false }),
    ];
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('Only 2 of 3 etcd members are Ready');
    expect(outcome.evidence).toMatchObject({ notReady: ['etcd-cp-3'] });
  });

  it('fails when quorum is lost', () => {
    const objects = [
      ...controlPlane(['cp-1', 'cp-2', 'cp-3']),
      staticPod('etcd', 'cp-1'),
      staticPod('etcd', 'cp-2', { ready: false }),
      staticPod('etcd', 'cp-3', { ready: false }),
    ];
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(objects));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('lost quorum');
  });

  it('warns on an even member count', () => {
    const names = ['cp-1', 'cp-2', 'cp-3', 'cp-4'];
    const outcome = runOne(
      controlPlaneEtcdQuorum,
      clusterFrom([
        ...controlPlane(names),
        ...names.map(n => staticPod('etcd', n)),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('even count');
  });

  it('fails a single member', () => {
    const outcome = runOne(
      controlPlaneEtcdQuorum,
      clusterFrom([...controlPlane(['cp-1']), staticPod('etcd', 'cp-1')]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('single etcd member');
  });

  it('counts k3s embedded etcd through the etcd node role', () => {
    const servers = ['s1', 's2', 's3'].map(n =>
      k3sServer(n, { 'node-role.kubernetes.io/etcd': 'true' }),
    );
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(servers));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      source: 'etcd-nodes',
      members: 3,
    });
  });

  it('fails k3s-dev-single: one server on SQLite', () => {
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(k3sDevSingle()));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('SQLite');
  });

  it('is unknown for several k3s servers on an external datastore (kine)', () => {
    const outcome = runOne(
      controlPlaneEtcdQuorum,
      clusterFrom([k3sServer('s1'), k3sServer('s2')]),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('kine');
  });

  it('counts external etcd from kubeadm-config, health unknown', () => {
    const objects = [
      ...controlPlane(['cp-1', 'cp-2', 'cp-3']),
      configMap('kubeadm-config', 'kube-system', {
        ClusterConfiguration: [
          'apiVersion: kubeadm.k8s.io/v1beta3',
          'etcd:',
          '  external:',
          '    endpoints:',
          '    - https://10.0.0.11:2379',
          '    - "https://10.0.0.12:2379"',
          '    - https://10.0.0.13:2379',
          '    caFile: /etc/kubernetes/pki/etcd/ca.crt',
          'networking:',
          '  podSubnet: 10.244.0.0/16',
        ].join('\n'),
      }),
    ];
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(objects));
    // An odd count of 3 would tolerate a failure only if all are healthy: not visible, so unknown.
    expect(outcome.status).toBe('unknown');
    expect(outcome.evidence).toEqual({
      external: true,
      health: 'unknown',
      source: 'kubeadm-config',
      count: 3,
      endpoints: [
        'https://10.0.0.11:2379',
        'https://10.0.0.12:2379',
        'https://10.0.0.13:2379',
      ],
    });
    expect(outcome.message).toBe(
      '3 external etcd endpoints configured (kubeadm-config): https://10.0.0.11:2379, https://10.0.0.12:2379, ' +
        'https://10.0.0.13:2379. Enough to tolerate 1 member failure if all are healthy, but their health is not ' +
        'visible from the Kubernetes API, nor are the zones they run in',
    );
    expect(outcome.remediation).toContain('etcdctl endpoint health');
  });

  it('still decides an even external etcd count (warn), counting a repeated endpoint once', () => {
    const objects = [
      ...controlPlane(['cp-1', 'cp-2']),
      ...['cp-1', 'cp-2'].map(n =>
        staticPod('kube-apiserver', n, {
          command: [
            'kube-apiserver',
            '--etcd-servers=https://etcd-1:2379,https://etcd-2:2379,https://etcd-1:2379',
          ],
        }),
      ),
    ];
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('2 external etcd endpoints configured');
    expect(outcome.evidence).toMatchObject({ count: 2, health: 'unknown' });
  });

  it('counts external etcd from the kube-apiserver --etcd-servers flag', () => {
    const objects = [
      ...controlPlane(['cp-1']),
      staticPod('kube-apiserver', 'cp-1', {
        command: ['kube-apiserver', '--etcd-servers=https://etcd-1:2379'],
      }),
    ];
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(objects));
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({
      source: 'kube-apiserver --etcd-servers',
      endpoints: ['https://etcd-1:2379'],
    });
  });

  it('does not take the loopback --etcd-servers of stacked etcd for external etcd', () => {
    const objects = [
      ...controlPlane(['cp-1']),
      staticPod('kube-apiserver', 'cp-1', {
        command: ['kube-apiserver', '--etcd-servers=https://127.0.0.1:2379'],
      }),
    ];
    expect(runOne(controlPlaneEtcdQuorum, clusterFrom(objects)).status).toBe(
      'unknown',
    );
  });

  describe('kine behind a unix socket', () => {
    const KINE = 'unix:///var/lib/rancher/rke2/server/kine.sock';
    /** RKE2 servers on --datastore-endpoint: no etcd role, kube-apiserver talks to kine's socket. */
    const rke2OnKine = (count: number) =>
      Array.from({ length: count }, (_x, i) => `rke2-server-${i}`).flatMap(
        n => [
          node(n, {
            providerID: `rke2://${n}`,
            taints: [],
            labels: {
              'node-role.kubernetes.io/control-plane': 'true',
              'node-role.kubernetes.io/master': 'true',
              'node.kubernetes.io/instance-type': 'rke2',
            },
          }),
          staticPod('kube-apiserver', n, {
            command: ['kube-apiserver', `--etcd-servers=${KINE}`],
          }),
        ],
      );

    it('is unknown, not a single external endpoint, for 3 RKE2 servers on kine', () => {
      const outcome = runOne(
        controlPlaneEtcdQuorum,
        clusterFrom(rke2OnKine(3)),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        `3 RKE2 servers without the etcd role share an external datastore through kine (--etcd-servers=${KINE}); ` +
          'its availability is not visible',
      );
      expect(outcome.evidence).toMatchObject({
        source: 'rke2-servers',
        datastore: 'kine',
        etcdServers: KINE,
      });
      expect(outcome.evidence).not.toHaveProperty('external');
    });

    it('fails a single RKE2 server on kine without calling it SQLite', () => {
      const outcome = runOne(
        controlPlaneEtcdQuorum,
        clusterFrom(rke2OnKine(1)),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'A single RKE2 server (rke2-server-0) on an external datastore through kine',
      );
      expect(outcome.message).not.toContain('SQLite');
    });

    it('claims kine only with its socket, and is unknown without a Ready server', () => {
      const withoutSocket = rke2OnKine(1).filter(o => o.kind === 'Node');
      const unseen = runOne(controlPlaneEtcdQuorum, clusterFrom(withoutSocket));
      expect(unseen.status).toBe('unknown');
      expect(unseen.message).toContain('no kine socket in --etcd-servers');
      const down = rke2OnKine(1).map(o =>
        o.kind === 'Node'
          ? {
              ...o,
              status: {
                ...o.status,
                conditions: [{ type: 'Ready', status: 'False' }],
              },
            }
          : o,
      );
      const none = runOne(controlPlaneEtcdQuorum, clusterFrom(down));
      expect(none.status).toBe('unknown');
      expect(none.message).toContain('No Ready RKE2 server');
    });

    it('is unknown on other flavors, naming the socket', () => {
      const objects = [
        ...controlPlane(['cp-1', 'cp-2', 'cp-3']),
        ...['cp-1', 'cp-2', 'cp-3'].map(n =>
          staticPod('kube-apiserver', n, {
            command: ['kube-apiserver', '--etcd-servers=unix:///run/kine.sock'],
          }),
        ),
      ];
      const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(objects));
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        'over a local unix socket (unix:///run/kine.sock), not etcd',
      );
    });

    it('does not count a unix socket among real external endpoints', () => {
      const objects = [
        ...controlPlane(['cp-1']),
        staticPod('kube-apiserver', 'cp-1', {
          command: [
            'kube-apiserver',
            '--etcd-servers=unix:///run/kine.sock,https://etcd-1:2379,https://etcd-2:2379,https://etcd-3:2379',
          ],
        }),
      ];
      const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(objects));
      expect(outcome.status).toBe('unknown');
      expect(outcome.evidence).toMatchObject({ external: true, count: 3 });
    });

    it('tells unix sockets and loopback apart from remote endpoints', () => {
      expect(isUnixSocketEndpoint(KINE)).toBe(true);
      expect(isUnixSocketEndpoint('unixs:///run/kine.sock')).toBe(true);
      expect(isUnixSocketEndpoint('https://127.0.0.1:2379')).toBe(false);
      expect(isLoopbackEndpoint('https://127.0.0.1:2379')).toBe(true);
      expect(isLoopbackEndpoint('https://10.0.0.5:2379')).toBe(false);
    });
  });

  it('fails single-node OpenShift (one member in openshift-etcd)', () => {
    const outcome = runOne(controlPlaneEtcdQuorum, clusterFrom(openshiftSno()));
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({ members: 1, nodes: ['sno-1'] });
  });

  it('skips managed control planes (eks-prod, gke-regional)', () => {
    expect(runOne(controlPlaneEtcdQuorum, clusterFrom(eksProd())).status).toBe(
      'skipped',
    );
    expect(
      runOne(controlPlaneEtcdQuorum, clusterFrom(gkeRegional())).status,
    ).toBe('skipped');
  });

  it('is unknown when pods cannot be read', () => {
    const outcome = runOne(
      controlPlaneEtcdQuorum,
      clusterFrom(controlPlane(['cp-1']), { fetch: { pods: 'forbidden' } }),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('pods forbidden');
  });

  it('says so when kubeadm-config alone could not be read (another named ConfigMap could)', () => {
    const outcome = runOne(
      controlPlaneEtcdQuorum,
      clusterFrom(controlPlane(['cp-1']), {
        fetch: {
          configmaps: {
            status: 'ok',
            objects: {
              'kubeadm-config': { status: 'forbidden', message: 'denied' },
              'cluster-autoscaler-status': { status: 'ok' },
            },
          },
        },
      }),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      'kube-system/kubeadm-config could not be read (forbidden: denied): external etcd endpoints may be missed',
    );
  });
});

describe('kubeadmExternalEtcdEndpoints', () => {
  it('reads flow lists, and nothing from local etcd or malformed input', () => {
    expect(
      kubeadmExternalEtcdEndpoints(
        'etcd:\n  external:\n    endpoints: ["https://a:2379", https://b:2379]\n',
      ),
    ).toEqual(['https://a:2379', 'https://b:2379']);
    expect(
      kubeadmExternalEtcdEndpoints(
        'etcd:\n  local:\n    dataDir: /var/lib/etcd\n',
      ),
    ).toEqual([]);
    expect(kubeadmExternalEtcdEndpoints(undefined)).toEqual([]);
    expect(
      kubeadmExternalEtcdEndpoints(
        'other:\n  external:\n    endpoints:\n    - https://x:2379\n',
      ),
    ).toEqual([]);
  });
});
