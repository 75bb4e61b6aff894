import { K8sObject } from '../../model/snapshot';
import {
  clusterFrom,
  crd,
  daemonSet,
  deployment,
  gateway,
  gatewayClass,
  k8sObject,
  listenerSet,
  namespace,
  nodes,
  pdbFor,
  podsFor,
  runCheck,
  runOne,
  service,
} from '../../testing';
import { networkGatewayDataPlane } from './network-gateway-data-plane';

const ENVOY_GATEWAY = 'gateway.envoyproxy.io/gatewayclass-controller';
const workers = () => nodes('worker', 3, ['eu-1a', 'eu-1b', 'eu-1c']);

/** The check's outcome on 3 workers in 3 zones and the objects. */
const judge = (objects: K8sObject[]) =>
  runOne(networkGatewayDataPlane, clusterFrom([...workers(), ...objects]));

/** Envoy Gateway's proxy Deployment for Gateway shop/public, in its own namespace. */
function envoyProxy(replicas: number, labels: Record<string, string> = {}) {
  return deployment('envoy-shop-public-5f2a9c1e', {
    namespace: 'envoy-gateway-system',
    labels: {
      'app.kubernetes.io/name': 'envoy',
      'app.kubernetes.io/component': 'proxy',
      'gateway.envoyproxy.io/owning-gateway-name': 'public',
      'gateway.envoyproxy.io/owning-gateway-namespace': 'shop',
      ...labels,
    },
    replicas,
  });
}

function envoyGatewayCluster(
  proxy: K8sObject,
  placement: string[],
  extra: K8sObject[] = [],
) {
  return clusterFrom([
    ...workers(),
    gatewayClass('eg', ENVOY_GATEWAY),
    gateway('public', 'eg', { namespace: 'shop' }),
    proxy,
    ...podsFor(proxy, placement),
    ...extra,
  ]);
}

/** Istio's Deployment for a Gateway: owned by it, pods labelled with its name. */
function istioGatewayDeployment(name: string, gatewayNamespace: string) {
  const d = deployment(`${name}-istio`, {
    namespace: gatewayNamespace,
    labels: {
      'gateway.networking.k8s.io/gateway-name': name,
      'gateway.istio.io/managed': 'istio.io-gateway-controller',
    },
    replicas: 2,
  });
  d.metadata.ownerReferences = [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      name,
      uid: 'uid-gateway',
      controller: true,
    },
  ];
  return d;
}

describe('network-gateway-data-plane', () => {
  it("fails Envoy Gateway's default: one proxy replica, with the EnvoyProxy fields to set", () => {
    const proxy = envoyProxy(1);
    const outcome = runOne(
      networkGatewayDataPlane,
      envoyGatewayCluster(proxy, ['worker-1']),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      `Gateway shop/public (class eg, ${ENVOY_GATEWAY}), served by Deployment envoy-gateway-system/envoy-shop-public-5f2a9c1e, has a single ready replica on node worker-1: it fails with that node`,
    );
    expect(outcome.remediation).toContain(
      'spec.provider.kubernetes.envoyDeployment.replicas',
    );
    expect(outcome.target).toMatchObject({
      kind: 'Gateway',
      namespace: 'shop',
      name: 'public',
    });
    expect(outcome.evidence).toMatchObject({
      gatewayClass: 'eg',
      controller: ENVOY_GATEWAY,
      attachedRoutes: 1,
      foundBy: 'labels',
      ready: 1,
    });
  });

  it('passes 2 proxy replicas on 2 nodes in 2 zones with a PDB', () => {
    const proxy = envoyProxy(2);
    const outcome = runOne(
      networkGatewayDataPlane,
      envoyGatewayCluster(proxy, ['worker-1', 'worker-2'], [pdbFor(proxy)]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'has 2 ready replicas on 2 nodes in 2 zones, with a PDB',
    );
  });

  it('warns on spread replicas without a PDB: a drain can evict them all', () => {
    const proxy = envoyProxy(2);
    const outcome = runOne(
      networkGatewayDataPlane,
      envoyGatewayCluster(proxy, ['worker-1', 'worker-2']),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'no PodDisruptionBudget protects Deployment envoy-gateway-system/envoy-shop-public-5f2a9c1e',
    );
    expect(outcome.remediation).toContain('PodDisruptionBudget');
  });

  it("finds Envoy Gateway's merged proxies by the owning-gatewayclass label", () => {
    const merged = deployment('envoy-eg-7c3d', {
      namespace: 'envoy-gateway-system',
      labels: { 'gateway.envoyproxy.io/owning-gatewayclass': 'eg' },
      replicas: 2,
    });
    const outcome = runOne(
      networkGatewayDataPlane,
      envoyGatewayCluster(merged, ['worker-1', 'worker-1'], [pdbFor(merged)]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'Deployment envoy-gateway-system/envoy-eg-7c3d, has 2 ready replicas, all on node worker-1',
    );
  });

  it('does not take the proxy of a same-named Gateway in another namespace', () => {
    const proxy = envoyProxy(2, {
      'gateway.envoyproxy.io/owning-gateway-namespace': 'blog',
    });
    const outcome = runOne(
      networkGatewayDataPlane,
      envoyGatewayCluster(proxy, ['worker-1', 'worker-2']),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('no data-plane workload found');
  });

  it("finds Istio's Deployment by its ownerReference to the Gateway", () => {
    const istio = istioGatewayDeployment('edge', 'istio-ingress');
    const outcome = judge([
      gatewayClass('istio', 'istio.io/gateway-controller'),
      gateway('edge', 'istio', { namespace: 'istio-ingress' }),
      istio,
      ...podsFor(istio, ['worker-1', 'worker-3']),
      pdbFor(istio),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({ foundBy: 'ownerReference' });
  });

  it('gives the Istio advice when its gateway runs on one node', () => {
    const istio = istioGatewayDeployment('edge', 'istio-ingress');
    const outcome = judge([
      gatewayClass('istio', 'istio.io/gateway-controller'),
      gateway('edge', 'istio', { namespace: 'istio-ingress' }),
      istio,
      ...podsFor(istio, ['worker-1', 'worker-1']),
    ]);
    expect(outcome.status).toBe('warn');
    expect(outcome.remediation).toContain(
      'gateway.networking.k8s.io/gateway-name=<gateway>',
    );
  });

  it("finds Contour's provisioned Envoy DaemonSet by projectcontour.io/owning-gateway-name", () => {
    const envoy = daemonSet('envoy-contour', {
      namespace: 'projectcontour',
      labels: { 'projectcontour.io/owning-gateway-name': 'contour' },
      desired: 3,
    });
    const outcome = judge([
      gatewayClass('contour', 'projectcontour.io/gateway-controller'),
      gateway('contour', 'contour', { namespace: 'projectcontour' }),
      envoy,
      ...podsFor(envoy, ['worker-1', 'worker-2', 'worker-3']),
    ]);
    // A DaemonSet needs no PDB: drains leave its pods alone.
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'DaemonSet projectcontour/envoy-contour, has 3 ready replicas on 3 nodes in 3 zones',
    );
  });

  it("judges Contour's Envoy alone: its provisioner labels the control plane like the data plane", () => {
    // As the gateway provisioner makes them: both carry projectcontour.io/owning-gateway-name, the
    // envoy-<gateway> Service selects the Envoy pods only.
    const owning = { 'projectcontour.io/owning-gateway-name': 'contour' };
    const envoy = deployment('envoy-contour', {
      namespace: 'apps',
      objectLabels: owning,
      labels: { app: 'envoy-contour', ...owning },
      replicas: 2,
    });
    const controlPlane = deployment('contour-contour', {
      namespace: 'apps',
      objectLabels: owning,
      labels: { app: 'contour-contour', ...owning },
      replicas: 2,
    });
    const outcome = judge([
      gatewayClass('contour', 'projectcontour.io/gateway-controller'),
      gateway('contour', 'contour', {
        namespace: 'apps',
        addresses: ['203.0.113.7'],
      }),
      envoy,
      ...podsFor(envoy, ['worker-1', 'worker-1']),
      pdbFor(envoy),
      controlPlane,
      ...podsFor(controlPlane, ['worker-2', 'worker-3']),
      pdbFor(controlPlane),
      service('envoy-contour', {
        namespace: 'apps',
        type: 'LoadBalancer',
        labels: owning,
        selector: { app: 'envoy-contour', ...owning },
        loadBalancerIngress: [{ ip: '203.0.113.7' }],
      }),
    ]);
    // Counting the control plane would say "4 ready replicas on 3 nodes": a false pass.
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'served by Deployment apps/envoy-contour, has 2 ready replicas, all on node worker-1',
    );
    // Without the Service in the input, the control plane is still told by its name.
    const withoutService = judge([
      gatewayClass('contour', 'projectcontour.io/gateway-controller'),
      gateway('contour', 'contour', { namespace: 'apps' }),
      envoy,
      ...podsFor(envoy, ['worker-1', 'worker-1']),
      controlPlane,
      ...podsFor(controlPlane, ['worker-2', 'worker-3']),
    ]);
    expect(withoutService.message).toContain(
      'served by Deployment apps/envoy-contour, has 2 ready replicas, all on node worker-1',
    );
  });

  it("finds a shared data plane through the Service behind the Gateway's address (Traefik)", () => {
    const traefik = deployment('traefik', {
      namespace: 'traefik',
      labels: { 'app.kubernetes.io/name': 'traefik' },
      replicas: 1,
    });
    const outcome = judge([
      gatewayClass('traefik', 'traefik.io/gateway-controller'),
      gateway('web', 'traefik', {
        namespace: 'apps',
        addresses: ['203.0.113.10'],
      }),
      service('traefik', {
        namespace: 'traefik',
        type: 'LoadBalancer',
        selector: { 'app.kubernetes.io/name': 'traefik' },
        loadBalancerIngress: [{ ip: '203.0.113.10' }],
      }),
      traefik,
      ...podsFor(traefik, ['worker-2']),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'served by Deployment traefik/traefik, has a single ready replica on node worker-2',
    );
    expect(outcome.evidence).toMatchObject({
      foundBy: 'service',
      services: ['traefik/traefik'],
    });
  });

  it('takes only the Service on a listener port when LoadBalancer Services share the address (ServiceLB, MetalLB)', () => {
    const traefik = deployment('traefik', {
      namespace: 'kube-system',
      labels: { 'app.kubernetes.io/name': 'traefik' },
      containers: [
        {
          name: 'traefik',
          image: 'traefik:3',
          ports: [{ name: 'web', containerPort: 8000 }],
        },
      ],
    });
    const ssh = deployment('gitea-ssh', { namespace: 'git', replicas: 3 });
    const shared = [{ ip: '192.168.1.10' }];
    const listenerOn8000 = gateway('web', 'traefik', {
      namespace: 'apps',
      addresses: ['192.168.1.10'],
    });
    listenerOn8000.spec.listeners[0].port = 8000;
    const withTraefik = (others: K8sObject[]) =>
      clusterFrom([
        ...workers(),
        gatewayClass('traefik', 'traefik.io/gateway-controller'),
        listenerOn8000,
        // Traefik's entrypoint (the listener's port) is the Service's named target port.
        service('traefik', {
          namespace: 'kube-system',
          type: 'LoadBalancer',
          selector: { 'app.kubernetes.io/name': 'traefik' },
          ports: [{ name: 'web', port: 80, targetPort: 'web' }],
          loadBalancerIngress: shared,
        }),
        traefik,
        ...podsFor(traefik, ['worker-1']),
        ...others,
      ]);
    const outcome = runOne(
      networkGatewayDataPlane,
      withTraefik([
        service('gitea-ssh', {
          namespace: 'git',
          type: 'LoadBalancer',
          selector: { app: 'gitea-ssh' },
          ports: [{ name: 'ssh', port: 22, targetPort: 2222 }],
          loadBalancerIngress: shared,
        }),
        ssh,
        ...podsFor(ssh, ['worker-1', 'worker-2', 'worker-3']),
        pdbFor(ssh),
      ]),
    );
    // Counting gitea-ssh would say "4 ready replicas on 3 nodes": a false pass.
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({
      foundBy: 'service',
      services: ['kube-system/traefik'],
    });
    // A second Service on the address forwarding to the listener's port too: no guess.
    const django = deployment('django', { namespace: 'shop', replicas: 3 });
    const ambiguous = runOne(
      networkGatewayDataPlane,
      withTraefik([
        service('django', {
          namespace: 'shop',
          type: 'LoadBalancer',
          selector: { app: 'django' },
          ports: [{ name: 'http', port: 8081, targetPort: 8000 }],
          loadBalancerIngress: shared,
        }),
        django,
        ...podsFor(django, ['worker-1', 'worker-2', 'worker-3']),
      ]),
    );
    expect(ambiguous.status).toBe('unknown');
  });

  it('is unknown when the GatewayClass cannot be read, saying so rather than "not found"', () => {
    const outcome = runOne(
      networkGatewayDataPlane,
      clusterFrom(
        [
          ...workers(),
          gatewayClass('gke-l7', 'networking.gke.io/gateway'),
          gateway('web', 'gke-l7', { namespace: 'apps' }),
        ],
        { fetch: { 'gatewayclasses.gateway.networking.k8s.io': 'forbidden' } },
      ),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      '; its GatewayClass gke-l7 could not be read (gatewayclasses.gateway.networking.k8s.io forbidden',
    );
  });

  it('says when the GatewayClass names no controller', () => {
    const nameless = gatewayClass('odd', '');
    const outcome = judge([
      nameless,
      gateway('web', 'odd', { namespace: 'apps' }),
    ]);
    expect(outcome.message).toContain(
      '; its GatewayClass odd names no controller',
    );
  });

  it('fails a cloud Gateway without a usable address: nothing else carries its traffic', () => {
    const outcome = judge([
      gatewayClass('gke-l7', 'networking.gke.io/gateway'),
      gateway('web', 'gke-l7', {
        namespace: 'apps',
        conditions: [
          { type: 'Accepted', status: 'True' },
          {
            type: 'Programmed',
            status: 'False',
            reason: 'AddressNotAssigned',
          },
        ],
      }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Gateway apps/web (class gke-l7, networking.gke.io/gateway) has no usable address from its controller (AddressNotAssigned): clients cannot reach it there',
    );
  });

  it('leaves an idle Gateway alone whatever its state', () => {
    const outcome = judge([
      gatewayClass('eg', ENVOY_GATEWAY),
      gateway('idle', 'eg', {
        namespace: 'shop',
        attachedRoutes: 0,
        conditions: [
          { type: 'Programmed', status: 'False', reason: 'Invalid' },
        ],
      }),
    ]);
    expect(outcome.status).toBe('skipped');
  });

  it('is unknown when no data plane is found, and says when the GatewayClass is missing', () => {
    const outcome = judge([
      gatewayClass('other', 'example.com/other'),
      gateway('web', 'vanished', { namespace: 'apps' }),
    ]);
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      'Gateway apps/web (class vanished): no data-plane workload found (none owned by the Gateway or labelled gateway.networking.k8s.io/gateway-name=web, and no Service with a selector on its address, which it has not reported); its GatewayClass vanished was not found',
    );
  });

  describe('Istio ambient waypoints (no attached routes by design)', () => {
    const waypoint = () => istioGatewayDeployment('waypoint', 'shop');
    const waypointObjects = (enrolled: K8sObject[]) => [
      ...workers(),
      gatewayClass('istio-waypoint', 'istio.io/mesh-controller'),
      gateway('waypoint', 'istio-waypoint', {
        namespace: 'shop',
        attachedRoutes: 0,
      }),
      { ...waypoint(), spec: { ...waypoint().spec, replicas: 1 } },
      ...podsFor(waypoint(), ['worker-2']),
      ...enrolled,
    ];

    it('judges a waypoint that a namespace uses: its single replica carries their L7 traffic', () => {
      const outcome = runOne(
        networkGatewayDataPlane,
        clusterFrom(
          waypointObjects([
            namespace('shop', { 'istio.io/use-waypoint': 'waypoint' }),
          ]),
        ),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('has a single ready replica');
    });

    it('judges a waypoint that a Service of another namespace uses through use-waypoint-namespace', () => {
      const outcome = runOne(
        networkGatewayDataPlane,
        clusterFrom(
          waypointObjects([
            service('cart', {
              namespace: 'checkout',
              labels: {
                'istio.io/use-waypoint': 'waypoint',
                'istio.io/use-waypoint-namespace': 'shop',
              },
            }),
          ]),
        ),
      );
      expect(outcome.status).toBe('fail');
    });

    it('judges a waypoint that pods use', () => {
      const enrolled = podsFor(deployment('cart', { namespace: 'shop' }), [
        'w-1',
      ]).map(p =>
        p.kind === 'Pod'
          ? {
              ...p,
              metadata: {
                ...p.metadata,
                labels: {
                  ...p.metadata.labels,
                  'istio.io/use-waypoint': 'waypoint',
                },
              },
            }
          : p,
      );
      const outcome = runOne(
        networkGatewayDataPlane,
        clusterFrom(waypointObjects(enrolled)),
      );
      expect(outcome.status).toBe('fail');
    });

    it('is unknown when what is enrolled cannot be read', () => {
      const outcome = runOne(
        networkGatewayDataPlane,
        clusterFrom(
          waypointObjects([
            namespace('shop', { 'istio.io/use-waypoint': 'waypoint' }),
          ]),
          { fetch: { namespaces: 'forbidden' } },
        ),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        'an Istio waypoint, but what is enrolled in it cannot be read: namespaces forbidden',
      );
    });

    it('skips a waypoint nothing uses (a same-named waypoint of another namespace does not count)', () => {
      const outcome = runOne(
        networkGatewayDataPlane,
        clusterFrom(
          waypointObjects([
            namespace('blog', { 'istio.io/use-waypoint': 'waypoint' }),
          ]),
        ),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toContain(
        'an Istio waypoint that no namespace, Service or pod uses',
      );
    });
  });

  describe('Istio unmanaged gateways (class istio-remote)', () => {
    const unmanaged = (addresses: string[]) =>
      gateway('edge', 'istio-remote', {
        namespace: 'istio-ingress',
        addresses,
      });
    const ingressGateway = deployment('istio-ingressgateway', {
      namespace: 'istio-system',
      labels: { istio: 'ingressgateway' },
      replicas: 1,
    });

    it('finds the gateway behind the Service DNS name Istio reports as its address', () => {
      const outcome = judge([
        gatewayClass('istio-remote', 'istio.io/unmanaged-gateway'),
        unmanaged(['istio-ingressgateway.istio-system.svc.cluster.local']),
        service('istio-ingressgateway', {
          namespace: 'istio-system',
          type: 'NodePort',
          selector: { istio: 'ingressgateway' },
        }),
        ingressGateway,
        ...podsFor(ingressGateway, ['worker-3']),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.evidence).toMatchObject({
        foundBy: 'service',
        services: ['istio-system/istio-ingressgateway'],
      });
    });

    it('skips one whose gateway runs elsewhere', () => {
      const outcome = judge([
        gatewayClass('istio-remote', 'istio.io/unmanaged-gateway'),
        unmanaged(['198.51.100.20']),
      ]);
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toContain('runs elsewhere');
    });
  });

  it('skips cloud data paths (GKE Gateway)', () => {
    const outcome = judge([
      gatewayClass(
        'gke-l7-global-external-managed',
        'networking.gke.io/gateway',
      ),
      gateway('web', 'gke-l7-global-external-managed', {
        namespace: 'apps',
        addresses: ['34.120.0.1'],
      }),
    ]);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain(
      'traffic flows through the Google Cloud load balancer, outside the cluster',
    );
    expect(outcome.evidence).toMatchObject({ dataPath: 'cloud' });
  });

  it("skips Cilium's Gateways: the Envoy of every node serves them", () => {
    const outcome = judge([
      gatewayClass('cilium', 'io.cilium/gateway-controller'),
      gateway('web', 'cilium', { namespace: 'apps' }),
    ]);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('network-cni-ready');
  });

  it('skips a Gateway without attached routes', () => {
    const outcome = judge([
      gatewayClass('eg', ENVOY_GATEWAY),
      gateway('idle', 'eg', { namespace: 'shop', attachedRoutes: 0 }),
    ]);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('no route is attached to it');
  });

  it('counts the routes attached to its ListenerSets, and judges it when ListenerSets cannot be read', () => {
    const objects = [
      gatewayClass('eg', ENVOY_GATEWAY),
      gateway('edge', 'eg', { namespace: 'shop', attachedRoutes: 0 }),
    ];
    const throughSet = judge([
      ...objects,
      listenerSet('tls', {
        namespace: 'apps',
        gateway: 'shop/edge',
        attachedRoutes: 2,
      }),
    ]);
    expect(throughSet.status).not.toBe('skipped');
    expect(throughSet.evidence?.attachedRoutes).toBe(2);
    // A ListenerSet of a same-named Gateway elsewhere does not count.
    const elsewhere = judge([
      ...objects,
      listenerSet('tls', {
        namespace: 'apps',
        gateway: 'edge',
        attachedRoutes: 2,
      }),
    ]);
    expect(elsewhere.status).toBe('skipped');
    const unreadable = runOne(
      networkGatewayDataPlane,
      clusterFrom([...workers(), ...objects], {
        fetch: { 'listenersets.gateway.networking.k8s.io': 'forbidden' },
      }),
    );
    expect(unreadable.status).not.toBe('skipped');
  });

  it('judges a Gateway whose listeners have no status yet as carrying traffic', () => {
    const proxy = envoyProxy(1);
    const outcome = judge([
      gatewayClass('eg', ENVOY_GATEWAY),
      gateway('public', 'eg', { namespace: 'shop', attachedRoutes: null }),
      proxy,
      ...podsFor(proxy, ['worker-1']),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({ attachedRoutes: undefined });
  });

  it('fails a Gateway its controller did not program, quoting the reason', () => {
    const outcome = judge([
      gatewayClass('eg', ENVOY_GATEWAY),
      gateway('public', 'eg', {
        namespace: 'shop',
        conditions: [
          { type: 'Accepted', status: 'True' },
          {
            type: 'Programmed',
            status: 'False',
            reason: 'Invalid',
            message: 'Listener https has no valid certificate',
          },
        ],
      }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      `Gateway shop/public (class eg, ${ENVOY_GATEWAY}) is not programmed by its controller (Invalid: Listener https has no valid certificate): its listeners carry no traffic`,
    );
  });

  it('still judges the data plane of a Gateway whose address is not assigned yet (pending LoadBalancer)', () => {
    const proxy = envoyProxy(2);
    const outcome = judge([
      gatewayClass('eg', ENVOY_GATEWAY),
      gateway('public', 'eg', {
        namespace: 'shop',
        conditions: [
          { type: 'Accepted', status: 'True' },
          {
            type: 'Programmed',
            status: 'False',
            reason: 'AddressNotAssigned',
            message: 'No addresses have been assigned to the Gateway',
          },
        ],
      }),
      proxy,
      ...podsFor(proxy, ['worker-1']),
    ]);
    // The single ready proxy is the worse finding; the address problem is said beside it.
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'has a single ready replica on node worker-1',
    );
    expect(outcome.message).toContain(
      'the Gateway has no usable address from its controller (AddressNotAssigned: No addresses have been assigned to the Gateway)',
    );
    expect(outcome.remediation).toContain('envoyDeployment.replicas');
    expect(outcome.remediation).toContain('Programmed condition');
  });

  it('warns on an unassigned address even when the data plane is sound', () => {
    const proxy = envoyProxy(2);
    const outcome = judge([
      gatewayClass('eg', ENVOY_GATEWAY),
      gateway('public', 'eg', {
        namespace: 'shop',
        conditions: [
          { type: 'Accepted', status: 'True' },
          { type: 'Programmed', status: 'False', reason: 'AddressNotUsable' },
        ],
      }),
      proxy,
      ...podsFor(proxy, ['worker-1', 'worker-2']),
      pdbFor(proxy),
    ]);
    expect(outcome.status).toBe('warn');
  });

  it('is unknown while no controller has accepted the Gateway (Pending)', () => {
    const outcome = judge([
      gateway('public', 'eg', {
        namespace: 'shop',
        conditions: [
          {
            type: 'Accepted',
            status: 'Unknown',
            reason: 'Pending',
            message: 'Waiting for controller',
          },
        ],
      }),
    ]);
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      'has no Accepted verdict from a controller yet (Pending: Waiting for controller)',
    );
  });

  it('judges each Gateway of the cluster', () => {
    const proxy = envoyProxy(1);
    const outcomes = runCheck(
      networkGatewayDataPlane,
      envoyGatewayCluster(
        proxy,
        ['worker-1'],
        [gateway('idle', 'eg', { namespace: 'shop', attachedRoutes: 0 })],
      ),
    );
    expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
      ['public', 'fail'],
      ['idle', 'skipped'],
    ]);
  });

  it('skips clusters without the Gateway API, and clusters without Gateways', () => {
    expect(
      runOne(networkGatewayDataPlane, clusterFrom(workers())),
    ).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining('The Gateway API is not installed'),
    });
    expect(judge([crd('gateways.gateway.networking.k8s.io')])).toMatchObject({
      status: 'skipped',
      message: 'No Gateway in the cluster',
    });
  });

  it('is unknown when Gateways, or the Services that lead to data planes, may not be read', () => {
    const outcome = runOne(
      networkGatewayDataPlane,
      clusterFrom(workers(), {
        fetch: { 'gateways.gateway.networking.k8s.io': 'forbidden' },
      }),
    );
    expect(outcome.status).toBe('unknown');
    const proxy = envoyProxy(2);
    const withoutServices = runOne(
      networkGatewayDataPlane,
      clusterFrom(
        [
          ...workers(),
          gatewayClass('eg', ENVOY_GATEWAY),
          gateway('public', 'eg', { namespace: 'shop' }),
          proxy,
          ...podsFor(proxy, ['worker-1', 'worker-2']),
        ],
        { fetch: { services: 'forbidden' } },
      ),
    );
    expect(withoutServices.status).toBe('unknown');
    expect(withoutServices.message).toContain('services forbidden');
  });

  it('skips a manifests scan: the data plane is created in the cluster', () => {
    const outcome = runOne(
      networkGatewayDataPlane,
      clusterFrom([gatewayClass('eg', ENVOY_GATEWAY), gateway('public', 'eg')]),
    );
    expect(outcome.status).toBe('skipped');
  });

  it('does not crash on a Gateway without spec or status', () => {
    const outcome = judge([
      k8sObject('gateway.networking.k8s.io/v1', 'Gateway', 'bare', {
        namespace: 'apps',
      }),
    ]);
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('Gateway apps/bare (class none)');
  });
});
