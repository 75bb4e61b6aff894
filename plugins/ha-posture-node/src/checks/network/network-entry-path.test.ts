import { K8sObject } from '../../model/snapshot';
import {
  clusterFrom,
  daemonSet,
  deployment,
  httpProxy,
  HttpProxyOptions,
  ingressRoute,
  k3sDevSingle,
  virtualServer,
  virtualServerRoute,
  eksProd,
  gateway,
  gatewayClass,
  ingress,
  ingressClass,
  istioGateway,
  k8sObject,
  kubeadmHa3z,
  listenerSet,
  openshiftSno,
  pdbFor,
  podsFor,
  referenceGrant,
  route,
  RouteOptions,
  runCheck,
  runOne,
  service,
  traefikService,
  virtualService,
} from '../../testing';
import { ClusterFromOptions } from '../../testing/harness';
import { CONTROLLER_ROUTE_KEYS } from './controllerRoutes';
import { LISTENER_SETS, ROUTE_KINDS } from './entryPoints';
import { networkEntryPath } from './network-entry-path';
import { networkIngressController } from './network-ingress-controller';

const ENVOY_GATEWAY = 'gateway.envoyproxy.io/gatewayclass-controller';

/** The workload under test: Deployment shop/shop (2 replicas) and Service shop/shop selecting it. */
function shop(nodes = ['worker-1', 'worker-2']): K8sObject[] {
  const app = deployment('shop', { namespace: 'shop', replicas: 2 });
  return [
    app,
    ...podsFor(app, nodes),
    service('shop', {
      namespace: 'shop',
      selector: app.spec.template.metadata.labels,
    }),
  ];
}

/** Envoy Gateway's proxy for Gateway edge/public, with `replicas` pods and optionally a PDB. */
function envoyGateway(
  placement: string[],
  withPdb = true,
  protocol = 'HTTP',
): K8sObject[] {
  const proxy = deployment('envoy-edge-public', {
    namespace: 'envoy-gateway-system',
    labels: {
      'app.kubernetes.io/name': 'envoy',
      'gateway.envoyproxy.io/owning-gateway-name': 'public',
      'gateway.envoyproxy.io/owning-gateway-namespace': 'edge',
    },
    replicas: placement.length,
  });
  return [
    gatewayClass('eg', ENVOY_GATEWAY),
    gateway('public', 'eg', { namespace: 'edge', protocol }),
    proxy,
    ...podsFor(proxy, placement),
    ...(withPdb ? [pdbFor(proxy, { maxUnavailable: 1 })] : []),
  ];
}

/** An HTTPRoute shop/shop through Gateway edge/public to Service shop/shop. */
const shopRoute = (options: Partial<RouteOptions> = {}) =>
  route('shop', {
    namespace: 'shop',
    parents: [{ name: 'public', namespace: 'edge' }],
    backends: [{ name: 'shop' }],
    ...options,
  });

/** kubeadm-ha-3z without its Ingress, so each test picks the entry points. */
const cluster3z = () => kubeadmHa3z().filter(o => o.kind !== 'Ingress');

/** An item of the outcome's evidence.entryPoints. */
const entryPoint = (servedBy: string, routes: string[], status: string) => ({
  servedBy,
  routes,
  status,
});

const judge = (objects: K8sObject[], options: ClusterFromOptions = {}) =>
  runOne(networkEntryPath, clusterFrom(objects, options), {
    workload: 'Deployment/shop/shop',
  });

describe('network-entry-path', () => {
  it('passes a workload behind a redundant ingress controller, naming the path', () => {
    const outcome = judge([...kubeadmHa3z(), ...shop()]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Reached through Ingress shop/shop → IngressClass nginx (k8s.io/ingress-nginx), served by Deployment ingress-nginx/ingress-nginx-controller, has 2 ready replicas on 2 nodes in 2 zones, with a PDB',
    );
    expect(outcome.evidence).toEqual({
      services: ['shop'],
      entryPoints: [
        entryPoint('IngressClass nginx', ['Ingress shop/shop'], 'pass'),
      ],
    });
  });

  it('fails a well-spread workload behind a single controller pod', () => {
    const objects = [...kubeadmHa3z(), ...shop()].filter(
      o =>
        !(
          o.metadata.namespace === 'ingress-nginx' &&
          o.kind === 'Pod' &&
          o.spec?.nodeName === 'worker-4'
        ),
    );
    const outcome = judge(objects);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^Ingress shop\/shop → IngressClass nginx \(k8s.io\/ingress-nginx\), served by Deployment ingress-nginx\/ingress-nginx-controller, has a single ready replica/,
    );
    expect(outcome.evidence?.entryPoints).toMatchObject([{ status: 'fail' }]);
    // The ingress controller check's advice, more specific than this check's own.
    expect(outcome.remediation).toBe(networkIngressController.remediation);
  });

  it('follows an HTTPRoute to its Gateway and reports a single data-plane replica', () => {
    const outcome = judge([
      ...cluster3z(),
      ...shop(),
      ...envoyGateway(['worker-1']),
      shopRoute(),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'HTTPRoute shop/shop → Gateway edge/public (class eg, gateway.envoyproxy.io/gatewayclass-controller)',
    );
    expect(outcome.evidence?.entryPoints).toEqual([
      entryPoint('Gateway edge/public', ['HTTPRoute shop/shop'], 'fail'),
    ]);
  });

  it('passes a GRPCRoute through a redundant Gateway', () => {
    const outcome = judge([
      ...cluster3z(),
      ...shop(),
      ...envoyGateway(['worker-1', 'worker-2']),
      shopRoute({ kind: 'GRPCRoute' }),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toMatch(
      /^Reached through GRPCRoute shop\/shop → Gateway edge\/public/,
    );
  });

  it.each([
    ['TLSRoute', 'TLS'],
    ['TCPRoute', 'TCP'],
    ['UDPRoute', 'UDP'],
  ] as const)(
    'follows a %s to its Gateway (a %s listener)',
    (kind, protocol) => {
      const outcome = judge([
        ...cluster3z(),
        ...shop(),
        ...envoyGateway(['worker-1'], true, protocol),
        shopRoute({ kind }),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.evidence?.entryPoints).toEqual([
        entryPoint('Gateway edge/public', [`${kind} shop/shop`], 'fail'),
      ]);
    },
  );

  describe("listeners the Gateway's status reports as not served", () => {
    const certMissing = {
      type: 'Programmed',
      status: 'False',
      reason: 'Invalid',
      message: 'certificate Secret edge/shop-tls not found',
    };
    /** envoyGateway whose Gateway has the `listeners` (spec) and their `statuses`. */
    const gatewayWithListeners = (
      listeners: Array<Record<string, unknown>>,
      statuses: Array<Record<string, unknown>>,
    ) =>
      envoyGateway(['worker-1', 'worker-2']).map(o =>
        o.kind === 'Gateway'
          ? {
              ...o,
              spec: { ...o.spec, listeners },
              status: {
                ...o.status,
                listeners: statuses.map(l => ({ attachedRoutes: 1, ...l })),
              },
            }
          : o,
      );
    const https = {
      name: 'https',
      protocol: 'HTTPS',
      port: 443,
      allowedRoutes: { namespaces: { from: 'All' } },
    };
    const http = { ...https, name: 'http', protocol: 'HTTP', port: 80 };

    it('warns when every listener the route picks is not programmed, naming the reason', () => {
      const outcome = judge([
        ...cluster3z(),
        ...shop(),
        ...gatewayWithListeners(
          [https],
          [{ name: 'https', conditions: [certMissing] }],
        ),
        shopRoute(),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'Gateway edge/public: listener https is not served (Programmed False, Invalid: certificate Secret ' +
          'edge/shop-tls not found): no traffic reaches the workload this way',
      );
      expect(outcome.remediation).toContain(
        "Fix what the listener's conditions report",
      );
    });

    it('passes while another listener it may use is served, and judges a named one alone', () => {
      const both = gatewayWithListeners(
        [https, http],
        [
          { name: 'https', conditions: [certMissing] },
          {
            name: 'http',
            conditions: [{ type: 'Programmed', status: 'True' }],
          },
        ],
      );
      expect(
        judge([...cluster3z(), ...shop(), ...both, shopRoute()]).status,
      ).toBe('pass');
      const pinned = judge([
        ...cluster3z(),
        ...shop(),
        ...both,
        shopRoute({
          parents: [
            { name: 'public', namespace: 'edge', sectionName: 'https' },
          ],
        }),
      ]);
      expect(pinned.status).toBe('warn');
      expect(pinned.message).toContain('listener https is not served');
      // A listener without status tells nothing: not refused.
      expect(
        judge([
          ...cluster3z(),
          ...shop(),
          ...gatewayWithListeners([https], []),
          shopRoute(),
        ]).status,
      ).toBe('pass');
      // Conflicted listeners are not served either.
      expect(
        judge([
          ...cluster3z(),
          ...shop(),
          ...gatewayWithListeners(
            [https],
            [
              {
                name: 'https',
                conditions: [
                  {
                    type: 'Conflicted',
                    status: 'True',
                    reason: 'HostnameConflict',
                  },
                ],
              },
            ],
          ),
          shopRoute(),
        ]).message,
      ).toContain(
        'listener https is not served (Conflicted True, HostnameConflict)',
      );
    });
  });

  it("refuses a route whose kind the listener's protocol does not carry, when its status does not say", () => {
    const outcome = judge([
      ...cluster3z(),
      ...shop(),
      ...envoyGateway(['worker-1', 'worker-2']),
      shopRoute({ kind: 'TCPRoute' }),
    ]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      "Gateway edge/public does not accept the route (NotAllowedByListeners, from the Gateway's spec: " +
        'listener http has protocol HTTP, which carries HTTPRoutes and GRPCRoutes, not TCPRoutes)',
    );
    expect(outcome.remediation).toContain('whose protocol carries its kind');
  });

  describe("a route whose status does not say is admitted by the Gateway's listeners' allowedRoutes", () => {
    /** envoyGateway with its Gateway's one listener given `allowedRoutes` (null: none, so Same). */
    const gatewayAllowing = (allowedRoutes: Record<string, unknown> | null) =>
      envoyGateway(['worker-1', 'worker-2']).map(o =>
        o.kind === 'Gateway'
          ? gateway('public', 'eg', { namespace: 'edge', allowedRoutes })
          : o,
      );
    const shopNamespace = k8sObject('v1', 'Namespace', 'shop', {
      cluster: true,
      labels: { 'kubernetes.io/metadata.name': 'shop', 'edge-access': 'true' },
    });

    it('refuses a route of another namespace by default (from: Same), naming the listener and the fix', () => {
      const outcome = judge([
        ...cluster3z(),
        ...shop(),
        ...gatewayAllowing(null),
        shopRoute(),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        "Gateway edge/public does not accept the route (NotAllowedByListeners, from the Gateway's spec: " +
          'listener http admits routes of namespace edge only (allowedRoutes.namespaces.from: Same, the default))',
      );
      expect(outcome.remediation).toContain(
        "Allow the route's namespace on a listener of the Gateway",
      );
    });

    it("trusts the route's status when it names the Gateway", () => {
      const outcome = judge([
        ...cluster3z(),
        ...shop(),
        ...gatewayAllowing(null),
        shopRoute({ accepted: { public: { status: 'True' } } }),
      ]);
      expect(outcome.status).toBe('pass');
    });

    it('admits by namespace labels (Selector), and is unknown without the Namespace', () => {
      const selector = {
        namespaces: {
          from: 'Selector',
          selector: { matchLabels: { 'edge-access': 'true' } },
        },
      };
      expect(
        judge([
          ...cluster3z(),
          ...shop(),
          shopNamespace,
          ...gatewayAllowing(selector),
          shopRoute(),
        ]).status,
      ).toBe('pass');
      const refused = judge([
        ...cluster3z(),
        ...shop(),
        shopNamespace,
        ...gatewayAllowing({
          namespaces: {
            from: 'Selector',
            selector: { matchLabels: { 'edge-access': 'restricted' } },
          },
        }),
        shopRoute(),
      ]);
      expect(refused.status).toBe('warn');
      expect(refused.message).toContain("which Namespace shop's do not");
      const unread = judge([
        ...cluster3z(),
        ...shop(),
        ...gatewayAllowing(selector),
        shopRoute(),
      ]);
      expect(unread.status).toBe('unknown');
      expect(unread.message).toContain(
        'Gateway edge/public: whether it accepts the route cannot be told: routes are admitted by namespace labels, and Namespace shop is not among the objects read',
      );
    });

    it('refuses a kind the listener does not list, and a sectionName or port it does not have', () => {
      const grpcOnly = judge([
        ...cluster3z(),
        ...shop(),
        ...gatewayAllowing({
          namespaces: { from: 'All' },
          kinds: [{ kind: 'GRPCRoute' }],
        }),
        shopRoute(),
      ]);
      expect(grpcOnly.status).toBe('warn');
      expect(grpcOnly.message).toContain('listener http admits GRPCRoute only');
      const noSuchListener = judge([
        ...cluster3z(),
        ...shop(),
        ...gatewayAllowing({ namespaces: { from: 'All' } }),
        shopRoute({
          parents: [
            { name: 'public', namespace: 'edge', sectionName: 'https' },
          ],
        }),
      ]);
      expect(noSuchListener.status).toBe('warn');
      expect(noSuchListener.message).toContain('it has no listener https');
      const wrongPort = judge([
        ...cluster3z(),
        ...shop(),
        ...gatewayAllowing({ namespaces: { from: 'All' } }),
        shopRoute({
          parents: [{ name: 'public', namespace: 'edge', port: 443 }],
        }),
      ]);
      expect(wrongPort.message).toContain('it has no port 443');
    });

    it("refuses a route none of whose hostnames matches the listener's hostname", () => {
      const withHost = (hostnames: string[]) =>
        judge([
          ...cluster3z(),
          ...shop(),
          ...envoyGateway(['worker-1', 'worker-2']).map(o =>
            o.kind === 'Gateway'
              ? gateway('public', 'eg', {
                  namespace: 'edge',
                  hostname: '*.example.com',
                })
              : o,
          ),
          shopRoute({ hostnames }),
        ]);
      expect(withHost(['shop.example.com']).status).toBe('pass');
      const refused = withHost(['shop.example.org']);
      expect(refused.status).toBe('warn');
      expect(refused.message).toContain(
        "(NoMatchingListenerHostname, from the Gateway's spec: listener http has hostname *.example.com, " +
          "which none of the route's hostnames (shop.example.org) matches)",
      );
    });

    it("admits a route of the Gateway's own namespace by default", () => {
      const outcome = judge([
        ...cluster3z(),
        ...shop(),
        ...gatewayAllowing(null),
        shopRoute({
          namespace: 'edge',
          backends: [{ name: 'shop', namespace: 'shop' }],
        }),
        referenceGrant('shop', 'HTTPRoute', 'edge'),
      ]);
      expect(outcome.status).toBe('pass');
    });
  });

  describe('routes attached to a ListenerSet enter through its Gateway', () => {
    const throughSet = (options: Partial<RouteOptions> = {}) =>
      shopRoute({
        parents: [{ kind: 'ListenerSet', name: 'shop-tls' }],
        ...options,
      });
    const shopTls = (
      options: Partial<Parameters<typeof listenerSet>[1]> = {},
    ) =>
      listenerSet('shop-tls', {
        namespace: 'shop',
        gateway: 'edge/public',
        ...options,
      });

    it("judges the ListenerSet's Gateway, naming the ListenerSet with the route", () => {
      const outcome = judge([
        ...cluster3z(),
        ...shop(),
        ...envoyGateway(['worker-1']),
        shopTls(),
        throughSet(),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.evidence?.entryPoints).toEqual([
        entryPoint(
          'Gateway edge/public',
          ['HTTPRoute shop/shop (through ListenerSet shop/shop-tls)'],
          'fail',
        ),
      ]);
      const redundant = judge([
        ...cluster3z(),
        ...shop(),
        ...envoyGateway(['worker-1', 'worker-2']),
        shopTls(),
        throughSet(),
      ]);
      expect(redundant.status).toBe('pass');
    });

    it("warns when the ListenerSet's status reports its listener as not served", () => {
      const down = shopTls();
      down.status = {
        ...down.status,
        listeners: [
          {
            name: 'tls',
            attachedRoutes: 1,
            conditions: [
              {
                type: 'Programmed',
                status: 'False',
                reason: 'Invalid',
                message: 'no certificate',
              },
            ],
          },
        ],
      };
      const outcome = judge([
        ...cluster3z(),
        ...shop(),
        ...envoyGateway(['worker-1', 'worker-2']),
        down,
        throughSet(),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'HTTPRoute shop/shop (through ListenerSet shop/shop-tls) → Gateway edge/public: listener tls is not ' +
          'served (Programmed False, Invalid: no certificate)',
      );
    });

    it("judges a route the ListenerSet's status does not name by the ListenerSet's listeners", () => {
      const elsewhere = judge([
        ...cluster3z(),
        ...shop(),
        ...envoyGateway(['worker-1', 'worker-2']),
        shopTls({ namespace: 'edge' }),
        throughSet({
          parents: [
            { kind: 'ListenerSet', name: 'shop-tls', namespace: 'edge' },
          ],
        }),
      ]);
      expect(elsewhere.status).toBe('warn');
      expect(elsewhere.message).toContain(
        "does not accept the route (NotAllowedByListeners, from the ListenerSet's spec: listener tls admits routes of namespace edge only",
      );
    });

    it("judges a ListenerSet without status by its Gateway's allowedListeners (none by default)", () => {
      const unreported = shopTls();
      delete unreported.status;
      const withGateway = (allowedListeners?: Record<string, unknown>) =>
        judge([
          ...cluster3z(),
          ...shop(),
          ...envoyGateway(['worker-1', 'worker-2']).map(o =>
            o.kind === 'Gateway' && allowedListeners
              ? { ...o, spec: { ...o.spec, allowedListeners } }
              : o,
          ),
          unreported,
          throughSet(),
        ]);
      const byDefault = withGateway();
      expect(byDefault.status).toBe('warn');
      expect(byDefault.message).toContain(
        "NotAllowed, from the Gateway's spec: it admits no ListenerSets (spec.allowedListeners.namespaces.from: None, the default), " +
          'so ListenerSet shop/shop-tls is not attached to it',
      );
      expect(byDefault.remediation).toContain(
        'Let the Gateway accept the ListenerSet',
      );
      expect(withGateway({ namespaces: { from: 'All' } }).status).toBe('pass');
      expect(withGateway({ namespaces: { from: 'Same' } }).message).toContain(
        'admits ListenerSets of namespace edge only',
      );
    });

    it('warns when the ListenerSet is missing, names no Gateway, or is not attached to it', () => {
      const base = [
        ...cluster3z(),
        ...shop(),
        ...envoyGateway(['worker-1', 'worker-2']),
        throughSet(),
      ];
      const missing = judge(base);
      expect(missing.status).toBe('warn');
      expect(missing.message).toBe(
        'HTTPRoute shop/shop → ListenerSet shop/shop-tls does not exist: no traffic reaches the workload this way',
      );
      const noGateway = shopTls();
      noGateway.spec.parentRef = { kind: 'Service', name: 'public' };
      expect(judge([...base, noGateway]).message).toContain(
        'ListenerSet shop/shop-tls names no Gateway in spec.parentRef',
      );
      const refused = judge([
        ...base,
        shopTls({
          accepted: {
            status: 'False',
            reason: 'NotAllowed',
            message: 'Gateway does not allow ListenerSets',
          },
        }),
      ]);
      expect(refused.status).toBe('warn');
      expect(refused.message).toContain(
        'Gateway edge/public does not accept the route (ListenerSet shop/shop-tls is not attached to it: NotAllowed: Gateway does not allow ListenerSets)',
      );
      const routeRefused = judge([
        ...cluster3z(),
        ...shop(),
        ...envoyGateway(['worker-1', 'worker-2']),
        shopTls(),
        throughSet({
          accepted: {
            'shop-tls': {
              status: 'False',
              reason: 'NoMatchingListenerHostname',
            },
          },
        }),
      ]);
      expect(routeRefused.message).toContain(
        'does not accept the route (NoMatchingListenerHostname)',
      );
    });

    it('is unknown when ListenerSets cannot be read, and skipped when a manifests scan lacks the ListenerSet', () => {
      const forbidden = judge(
        [
          ...cluster3z(),
          ...shop(),
          ...envoyGateway(['worker-1', 'worker-2']),
          throughSet(),
        ],
        { fetch: { [LISTENER_SETS]: 'forbidden' } },
      );
      expect(forbidden.status).toBe('unknown');
      expect(forbidden.message).toContain(
        'ListenerSet shop/shop-tls cannot be read, so which Gateway it belongs to is not known',
      );
      const manifests = judge([...shop(), throughSet()], { mode: 'manifests' });
      expect(manifests.status).toBe('skipped');
    });
  });

  it('puts the failing entry point first and names the redundant one', () => {
    const outcome = judge([
      ...kubeadmHa3z(),
      ...shop(),
      ...envoyGateway(['worker-1']),
      shopRoute(),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/^HTTPRoute shop\/shop → Gateway/);
    expect(outcome.message).toContain(
      '; also reached through IngressClass nginx, which is redundant',
    );
  });

  it('groups the Ingresses of one class, and the Services of one workload', () => {
    const app = shop();
    const admin = service('shop-admin', {
      namespace: 'shop',
      selector: app[0].spec.template.metadata.labels,
    });
    const outcome = judge([
      ...cluster3z(),
      ...app,
      admin,
      ingress('shop', { namespace: 'shop', ingressClassName: 'nginx' }),
      ingress('shop-admin', { namespace: 'shop', ingressClassName: 'nginx' }),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toEqual({
      services: ['shop', 'shop-admin'],
      entryPoints: [
        entryPoint(
          'IngressClass nginx',
          ['Ingress shop/shop', 'Ingress shop/shop-admin'],
          'pass',
        ),
      ],
    });
  });

  it('uses the default IngressClass for an Ingress without one', () => {
    const outcome = judge([
      ...cluster3z(),
      ...shop(),
      ingress('shop', { namespace: 'shop' }),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence?.entryPoints).toMatchObject([
      { servedBy: 'IngressClass nginx' },
    ]);
  });

  it("follows an OpenShift Ingress to the router its class names: single-node OpenShift's one router fails", () => {
    const app = deployment('console-demo', { namespace: 'demo', replicas: 2 });
    const outcome = runOne(
      networkEntryPath,
      clusterFrom([
        ...openshiftSno(),
        app,
        ...podsFor(app, ['sno-1', 'sno-1']),
        service('console-demo', {
          namespace: 'demo',
          selector: app.spec.template.metadata.labels,
        }),
      ]),
      { workload: 'Deployment/demo/console-demo' },
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^Ingress demo\/console-demo → OpenShift IngressController default has 1 available router replica/,
    );
  });

  it('judges a LoadBalancer Service of the workload as its own entry point', () => {
    const app = shop()[0];
    const lb = (loadBalancerIngress?: Array<{ ip: string }>) =>
      service('shop-public', {
        namespace: 'shop',
        type: 'LoadBalancer',
        selector: app.spec.template.metadata.labels,
        ...(loadBalancerIngress ? { loadBalancerIngress } : {}),
      });
    const pending = judge([...kubeadmHa3z(), ...shop(), lb()]);
    expect(pending.status).toBe('fail');
    expect(pending.message).toMatch(
      /^Service shop\/shop-public of type LoadBalancer has no external address \(pending\): clients cannot reach it; also reached through IngressClass nginx, which is redundant$/,
    );
    expect(pending.evidence?.entryPoints).toEqual([
      entryPoint('IngressClass nginx', ['Ingress shop/shop'], 'pass'),
      entryPoint('Service shop/shop-public', [], 'fail'),
    ]);
    const provisioned = judge([
      ...cluster3z(),
      ...shop(),
      lb([{ ip: '203.0.113.20' }]),
    ]);
    expect(provisioned.status).toBe('pass');
    expect(provisioned.message).toBe(
      'Reached through Service shop/shop-public is provisioned at 203.0.113.20',
    );
  });

  describe('Istio VirtualServices', () => {
    const ingressGateway = (placement: string[]) => {
      const d = deployment('istio-ingressgateway', {
        namespace: 'istio-system',
        labels: { istio: 'ingressgateway' },
        replicas: placement.length,
      });
      return [d, ...podsFor(d, placement), pdbFor(d, { maxUnavailable: 1 })];
    };

    it('follows a VirtualService to the Istio Gateway it is bound to, short or cluster-local host', () => {
      const short = judge([
        ...cluster3z(),
        ...shop(),
        ...ingressGateway(['worker-1']),
        istioGateway('public', 'istio-system'),
        virtualService(
          'shop',
          'shop',
          ['istio-system/public', 'mesh'],
          ['shop'],
        ),
      ]);
      expect(short.status).toBe('fail');
      expect(short.message).toMatch(
        /^VirtualService shop\/shop → Istio Gateway istio-system\/public \(selector istio=ingressgateway\), served by Deployment istio-system\/istio-ingressgateway, has a single ready replica/,
      );
      const local = judge([
        ...cluster3z(),
        ...shop(),
        ...ingressGateway(['worker-1', 'worker-2']),
        istioGateway('public', 'istio-system'),
        virtualService(
          'shop',
          'istio-system',
          ['public'],
          ['shop.shop.svc.cluster.local'],
        ),
      ]);
      expect(local.status).toBe('pass');
      expect(local.evidence?.entryPoints).toEqual([
        entryPoint(
          'Istio Gateway istio-system/public',
          ['VirtualService istio-system/shop'],
          'pass',
        ),
      ]);
    });

    it('ignores mesh-only VirtualServices and other hosts, and warns about a missing Gateway', () => {
      const objects = [
        ...cluster3z(),
        ...shop(),
        ...ingressGateway(['worker-1', 'worker-2']),
        istioGateway('public', 'istio-system'),
      ];
      expect(
        judge([
          ...objects,
          virtualService('mesh', 'shop', ['mesh'], ['shop']),
          virtualService(
            'other',
            'shop',
            ['istio-system/public'],
            ['shop.other', 'api.example.com'],
          ),
        ]).status,
      ).toBe('skipped');
      const dangling = judge([
        ...objects,
        virtualService('shop', 'shop', ['istio-system/private'], ['shop']),
      ]);
      expect(dangling.status).toBe('warn');
      expect(dangling.message).toBe(
        'VirtualService shop/shop → Istio Gateway istio-system/private does not exist: no traffic reaches the workload this way',
      );
    });
  });

  it('is unknown when the Istio Gateways behind a VirtualService cannot be read', () => {
    const outcome = judge(
      [
        ...cluster3z(),
        ...shop(),
        virtualService('shop', 'shop', ['istio-system/public'], ['shop']),
      ],
      { fetch: { 'gateways.networking.istio.io': 'forbidden' } },
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toMatch(
      /^VirtualService shop\/shop → Istio Gateway istio-system\/public: .*forbidden/,
    );
  });

  describe('OpenShift Routes', () => {
    /** A Route in demo to `to`, with the status.ingress its routers report. */
    const openshiftRoute = (
      name: string,
      spec: Record<string, unknown>,
      admittedBy?: Array<{
        routerName: string;
        admitted?: 'True' | 'False';
        reason?: string;
      }>,
    ) =>
      k8sObject('route.openshift.io/v1', 'Route', name, {
        namespace: 'demo',
        spec: { host: `${name}.apps.example.com`, ...spec },
        ...(admittedBy
          ? {
              status: {
                ingress: admittedBy.map(i => ({
                  host: `${name}.apps.example.com`,
                  routerName: i.routerName,
                  conditions: [
                    {
                      type: 'Admitted',
                      status: i.admitted ?? 'True',
                      ...(i.reason ? { reason: i.reason } : {}),
                    },
                  ],
                })),
              },
            }
          : {}),
      });
    /** Deployment demo/api (2 replicas), its Service, and the routes; on single-node OpenShift. */
    const judgeApi = (...routes: K8sObject[]) => {
      const app = deployment('api', { namespace: 'demo', replicas: 2 });
      return runOne(
        networkEntryPath,
        clusterFrom([
          ...openshiftSno().filter(o => o.kind !== 'Ingress'),
          app,
          ...podsFor(app, ['sno-1', 'sno-1']),
          service('api', {
            namespace: 'demo',
            selector: app.spec.template.metadata.labels,
          }),
          ...routes,
        ]),
        { workload: 'Deployment/demo/api' },
      );
    };

    it('leads to the routers that admitted the Route', () => {
      const outcome = judgeApi(
        openshiftRoute('api', { to: { kind: 'Service', name: 'api' } }, [
          { routerName: 'default' },
          { routerName: 'internal' },
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toMatch(
        /^Route demo\/api → OpenShift IngressController default has 1 available router replica.*; Route demo\/api → OpenShift IngressController internal is not among the cluster's IngressControllers, so its routers cannot be judged$/,
      );
      expect(outcome.evidence?.entryPoints).toEqual([
        entryPoint(
          'OpenShift IngressController default',
          ['Route demo/api'],
          'fail',
        ),
        entryPoint(
          'OpenShift IngressController internal',
          ['Route demo/api'],
          'unknown',
        ),
      ]);
    });

    it('follows alternateBackends, and warns about a Route a router refused', () => {
      const outcome = judgeApi(
        openshiftRoute(
          'canary',
          {
            to: { kind: 'Service', name: 'api-v2' },
            alternateBackends: [{ kind: 'Service', name: 'api', weight: 10 }],
          },
          [
            {
              routerName: 'default',
              admitted: 'False',
              reason: 'HostAlreadyClaimed',
            },
          ],
        ),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'Route demo/canary → OpenShift IngressController default does not admit the Route (HostAlreadyClaimed): no traffic reaches the workload this way',
      );
    });

    it('is unknown while no router has reported on the Route', () => {
      const outcome = judgeApi(openshiftRoute('api', { to: { name: 'api' } }));
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        'Route demo/api → no router has admitted the Route yet (its status.ingress is empty), so which one serves it cannot be told',
      );
    });
  });

  it('passes a cloud load balancer data path (EKS ALB)', () => {
    const objects = eksProd();
    const storefront = objects.find(
      o => o.kind === 'Ingress' && o.metadata.name === 'storefront',
    )!;
    const app = deployment('storefront', { namespace: 'shop', replicas: 2 });
    const outcome = runOne(
      networkEntryPath,
      clusterFrom([
        ...objects,
        app,
        service(storefront.spec.rules[0].http.paths[0].backend.service.name, {
          namespace: 'shop',
          selector: app.spec.template.metadata.labels,
        }),
      ]),
      { workload: 'Deployment/shop/storefront' },
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'traffic flows through the AWS Application Load Balancer, outside the cluster',
    );
  });

  it('is unknown for an Ingress whose class is not known: none named and no default, or one that does not exist', () => {
    const noDefault = cluster3z().filter(o => o.kind !== 'IngressClass');
    const unnamed = judge([
      ...noDefault,
      ingressClass('nginx', 'k8s.io/ingress-nginx'),
      ...shop(),
      ingress('shop', { namespace: 'shop' }),
    ]);
    expect(unnamed.status).toBe('unknown');
    expect(unnamed.message).toContain(
      'the Ingress names none and the cluster marks none as default',
    );
    const missing = judge([
      ...cluster3z(),
      ...shop(),
      ingress('shop', { namespace: 'shop', ingressClassName: 'haproxy' }),
    ]);
    expect(missing.status).toBe('unknown');
    expect(missing.message).toBe(
      'Ingress shop/shop → IngressClass haproxy does not exist, so which controller serves it cannot be told',
    );
  });

  it('warns about a route its Gateway does not accept, or whose Gateway does not exist', () => {
    const rejected = judge([
      ...cluster3z(),
      ...shop(),
      ...envoyGateway(['worker-1', 'worker-2']),
      shopRoute({
        accepted: {
          public: { status: 'False', reason: 'NotAllowedByListeners' },
        },
      }),
    ]);
    expect(rejected.status).toBe('warn');
    expect(rejected.message).toBe(
      'HTTPRoute shop/shop → Gateway edge/public does not accept the route (NotAllowedByListeners): no traffic reaches the workload this way',
    );
    const accepted = judge([
      ...cluster3z(),
      ...shop(),
      ...envoyGateway(['worker-1', 'worker-2']),
      shopRoute({ accepted: { public: { status: 'True' } } }),
    ]);
    expect(accepted.status).toBe('pass');
    const dangling = judge([
      ...cluster3z(),
      ...shop(),
      ...envoyGateway(['worker-1', 'worker-2']),
      shopRoute({ parents: [{ name: 'private', namespace: 'edge' }] }),
    ]);
    expect(dangling.status).toBe('warn');
    expect(dangling.message).toBe(
      'HTTPRoute shop/shop → Gateway edge/private does not exist: no traffic reaches the workload this way',
    );
  });

  it('counts two listeners of one Gateway once, and follows a cross-namespace backendRef', () => {
    const outcome = judge([
      ...cluster3z(),
      ...shop(),
      ...envoyGateway(['worker-1', 'worker-2']),
      route('shop', {
        namespace: 'edge',
        parents: [
          { name: 'public', sectionName: 'http' },
          { name: 'public', sectionName: 'https' },
        ],
        backends: [{ name: 'shop', namespace: 'shop' }],
      }),
      referenceGrant('shop', 'HTTPRoute', 'edge'),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence?.entryPoints).toEqual([
      entryPoint('Gateway edge/public', ['HTTPRoute edge/shop'], 'pass'),
    ]);
  });

  describe('a backendRef to a Service in another namespace needs a ReferenceGrant there', () => {
    const fromEdge = (kind: 'HTTPRoute' | 'GRPCRoute' = 'HTTPRoute') => [
      ...cluster3z(),
      ...shop(),
      ...envoyGateway(['worker-1', 'worker-2']),
      route('shop', {
        namespace: 'edge',
        kind,
        parents: [{ name: 'public' }],
        backends: [{ name: 'shop', namespace: 'shop' }],
      }),
    ];

    it('warns without one: the implementation refuses the reference, so no traffic flows', () => {
      const outcome = judge(fromEdge());
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        "HTTPRoute edge/shop → Gateway edge/public: the route's backendRef is refused (no ReferenceGrant in namespace shop lets HTTPRoutes from namespace edge send to Service shop): no traffic reaches the workload this way",
      );
      expect(outcome.remediation).toMatch(/^Create a ReferenceGrant/);
    });

    it('keeps apart routes through one Gateway that are refused for different reasons', () => {
      const outcome = judge([
        ...fromEdge(),
        route('shop-beta', {
          namespace: 'shop',
          parents: [{ name: 'public', namespace: 'edge' }],
          backends: [{ name: 'shop' }],
          accepted: {
            public: { status: 'False', reason: 'NotAllowedByListeners' },
          },
        }),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.evidence?.entryPoints).toEqual([
        entryPoint('Gateway edge/public', ['HTTPRoute edge/shop'], 'warn'),
        entryPoint('Gateway edge/public', ['HTTPRoute shop/shop-beta'], 'warn'),
      ]);
      expect(outcome.message).toContain('no ReferenceGrant in namespace shop');
      expect(outcome.message).toContain('NotAllowedByListeners');
    });

    it('warns when the grants there are for another route kind, namespace or Service', () => {
      for (const grant of [
        referenceGrant('shop', 'GRPCRoute', 'edge'),
        referenceGrant('shop', 'HTTPRoute', 'other'),
        referenceGrant('shop', 'HTTPRoute', 'edge', 'cart'),
        referenceGrant('edge', 'HTTPRoute', 'edge'),
      ])
        expect(judge([...fromEdge(), grant]).status).toBe('warn');
      expect(
        judge([
          ...fromEdge('GRPCRoute'),
          referenceGrant('shop', 'GRPCRoute', 'edge', 'shop'),
        ]).status,
      ).toBe('pass');
    });

    it('is unknown when ReferenceGrants cannot be read, and not judged in a manifests scan', () => {
      const forbidden = judge(fromEdge(), {
        fetch: { 'referencegrants.gateway.networking.k8s.io': 'forbidden' },
      });
      expect(forbidden.status).toBe('unknown');
      expect(forbidden.message).toMatch(
        /^HTTPRoute edge\/shop → Gateway edge\/public: whether it may send to Service shop\/shop in another namespace cannot be told: .*forbidden/,
      );
      const manifests = judge(
        fromEdge().filter(o => o.kind !== 'Node' && o.kind !== 'Pod'),
      );
      expect(manifests.status).toBe('skipped');
      expect(manifests.message).not.toContain('ReferenceGrant');
    });
  });

  it('ignores mesh parents and backends of other kinds', () => {
    const outcome = judge([
      ...cluster3z(),
      ...shop(),
      route('mesh', {
        namespace: 'shop',
        parents: [{ group: '', kind: 'Service', name: 'shop' }],
        backends: [{ name: 'shop' }],
      }),
      route('bucket', {
        namespace: 'shop',
        parents: [{ name: 'public', namespace: 'edge' }],
        backends: [{ group: 'example.com', kind: 'Bucket', name: 'shop' }],
      }),
    ]);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toBe(
      'No Ingress, Route, Gateway API route, VirtualService or ingress controller route (Traefik, Contour, NGINX) sends traffic to its 1 Service (shop), and none is of type LoadBalancer',
    );
  });

  it('skips a workload no Service selects', () => {
    const app = deployment('shop', { namespace: 'shop', replicas: 2 });
    const outcome = judge([
      ...kubeadmHa3z(),
      app,
      ...podsFor(app, ['worker-1', 'worker-2']),
    ]);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toBe(
      'No Service selects the pods of Deployment shop/shop, so no Ingress or route reaches them',
    );
  });

  it('never passes when routes could not be read: unknown, with the reason', () => {
    for (const key of [
      ...Object.keys(ROUTE_KINDS),
      'routes.route.openshift.io',
      'virtualservices.networking.istio.io',
      ...CONTROLLER_ROUTE_KEYS,
    ] as const) {
      const withIngress = judge([...kubeadmHa3z(), ...shop()], {
        fetch: { [key]: 'forbidden' },
      });
      expect(withIngress.status).toBe('unknown');
      expect(withIngress.message).toContain(
        'Ingress shop/shop → IngressClass nginx',
      );
      expect(withIngress.message).toMatch(
        new RegExp(`; other routes cannot be read: .*${key.split('.')[0]}`),
      );
    }
    const nothingSeen = judge([...cluster3z(), ...shop()], {
      fetch: { 'ingresses.networking.k8s.io': 'forbidden' },
    });
    expect(nothingSeen.status).toBe('unknown');
    expect(nothingSeen.message).toMatch(
      /^Whether an Ingress or route reaches its Services cannot be told: /,
    );
  });

  it('is unknown when the Gateways behind a route cannot be read', () => {
    const outcome = judge(
      [
        ...cluster3z(),
        ...shop(),
        ...envoyGateway(['worker-1', 'worker-2']),
        shopRoute(),
      ],
      { fetch: { 'gateways.gateway.networking.k8s.io': 'forbidden' } },
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toMatch(
      /^HTTPRoute shop\/shop → Gateway edge\/public: /,
    );
  });

  it('is unknown when Services cannot be read', () => {
    const outcome = judge([...kubeadmHa3z(), ...shop()], {
      fetch: { services: 'unreachable' },
    });
    expect(outcome.status).toBe('unknown');
  });

  it('judges the entry point once per cluster for all workloads behind it', () => {
    const web = deployment('web', { namespace: 'shop', replicas: 2 });
    const view = clusterFrom([
      ...kubeadmHa3z(),
      ...shop(),
      web,
      ...podsFor(web, ['worker-5', 'worker-6']),
      service('web', {
        namespace: 'shop',
        selector: web.spec.template.metadata.labels,
      }),
      ingress('web', { namespace: 'shop', ingressClassName: 'nginx' }),
    ]);
    const outcomes = runCheck(networkEntryPath, view).filter(
      o => o.target?.namespace === 'shop',
    );
    expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
      ['shop', 'pass'],
      ['web', 'pass'],
    ]);
    // The same verdict object's message, not a second judgement with other wording.
    expect(outcomes[0].message.split(' → ')[1]).toBe(
      outcomes[1].message.split(' → ')[1],
    );
  });

  it('reads malformed Ingresses without crashing; a malformed route is refused where it enters', () => {
    const malformedIngress = ingress('shop', { namespace: 'shop' });
    malformedIngress.spec.rules = [null, { http: { paths: 'x' } }];
    malformedIngress.spec.defaultBackend = { service: { name: 'shop' } };
    const malformedRoute = shopRoute();
    malformedRoute.spec.rules = [{ backendRefs: [null, { name: 'shop' }] }];
    malformedRoute.status = { parents: [null, { parentRef: null }] };
    const outcome = runOne(
      networkEntryPath,
      clusterFrom(
        [
          ...cluster3z(),
          ...shop(),
          ...envoyGateway(['worker-1', 'worker-2']),
          malformedIngress,
          malformedRoute,
        ],
        { mode: 'live' },
      ),
      { workload: 'Deployment/shop/shop' },
    );
    // The API server validates Ingresses, so a live one is read as it is; a custom resource read
    // back with a wrong field type is refused by objectShape, and the route is not followed.
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence?.entryPoints).toEqual([
      entryPoint('IngressClass nginx', ['Ingress shop/shop'], 'pass'),
    ]);
  });

  it('skips plain manifests: the controller pods are cluster state', () => {
    const app = deployment('shop', { namespace: 'shop', replicas: 2 });
    const outcome = judge([
      app,
      service('shop', {
        namespace: 'shop',
        selector: app.spec.template.metadata.labels,
      }),
      ingressClass('nginx', 'k8s.io/ingress-nginx'),
      ingress('shop', { namespace: 'shop', ingressClassName: 'nginx' }),
      service('shop-public', {
        namespace: 'shop',
        type: 'LoadBalancer',
        selector: app.spec.template.metadata.labels,
      }),
    ]);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toMatch(
      /^Ingress shop\/shop → IngressClass nginx: pods not in the scanned manifests .*; Service shop\/shop-public: Load-balancer status is cluster state, not part of plain manifests$/,
    );
  });

  describe("Traefik IngressRoutes and Contour HTTPProxies: served through their controller's IngressClass", () => {
    /** k3s with its single Traefik pod, and shop's Deployment and Service on the one node. */
    const k3sShop = () => [
      ...k3sDevSingle().filter(o => o.kind !== 'Ingress'),
      ...shop(['dev', 'dev']),
    ];

    it("follows an IngressRoute without a class to Traefik's IngressClass: k3s's single Traefik pod fails", () => {
      const outcome = judge([
        ...k3sShop(),
        ingressRoute('shop', 'shop', ['shop']),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toMatch(
        /^IngressRoute shop\/shop → IngressClass traefik \(traefik.io\/ingress-controller\), served by Deployment kube-system\/traefik, has a single ready replica on node dev/,
      );
      expect(outcome.evidence?.entryPoints).toEqual([
        entryPoint('IngressClass traefik', ['IngressRoute shop/shop'], 'fail'),
      ]);
      // Traefik before 2.10 serves IngressRoutes in traefik.containo.us: followed the same way.
      const legacy = {
        ...ingressRoute('shop', 'shop', ['shop']),
        apiVersion: 'traefik.containo.us/v1alpha1',
      };
      expect(judge([...k3sShop(), legacy]).evidence?.entryPoints).toEqual([
        entryPoint('IngressClass traefik', ['IngressRoute shop/shop'], 'fail'),
      ]);
    });

    it('follows a cross-namespace service and the class named by annotation; a TraefikService that does not exist leads nowhere', () => {
      const toOtherNamespace = ingressRoute('edge', 'edge', ['shop/shop'], {
        ingressClass: 'internal',
      });
      const outcome = judge([...k3sShop(), toOtherNamespace]);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        'IngressRoute edge/edge → IngressClass internal does not exist, so which controller serves it cannot be told',
      );
      const weighted = ingressRoute('shop', 'shop', ['shop']);
      weighted.spec.routes[0].services[0].kind = 'TraefikService';
      expect(judge([...k3sShop(), weighted]).status).toBe('skipped');
    });

    describe("a reference to another namespace's Service", () => {
      /** k3sShop with Traefik's container given these arguments (and other container fields). */
      const withTraefikArgs = (
        args: string[],
        env: object[] = [],
        container: object = {},
      ) =>
        k3sShop().map(o =>
          o.kind === 'Deployment' && o.metadata.name === 'traefik'
            ? {
                ...o,
                spec: {
                  ...o.spec,
                  template: {
                    ...o.spec.template,
                    spec: {
                      ...o.spec.template.spec,
                      containers: [
                        {
                          ...o.spec.template.spec.containers[0],
                          args,
                          env,
                          ...container,
                        },
                      ],
                    },
                  },
                },
              }
            : o,
        );
      const fromEdge = ingressRoute('edge', 'edge', ['shop/shop']);

      it('warns when Traefik runs without allowCrossNamespace: it refuses the reference', () => {
        const outcome = judge([
          ...withTraefikArgs([
            '--entrypoints.web.address=:8000/tcp',
            '--providers.kubernetescrd',
          ]),
          fromEdge,
        ]);
        expect(outcome.status).toBe('warn');
        expect(outcome.message).toContain(
          "IngressRoute edge/edge → IngressClass traefik's controller does not serve the route (Traefik refuses references to another namespace unless --providers.kubernetescrd.allowCrossNamespace=true",
        );
        expect(outcome.remediation).toContain(
          "Move the route (or its TraefikService) into the Service's namespace",
        );
      });

      it('follows it when Traefik allows it (flags ignore case), and a Service of its own namespace always', () => {
        const allowed = judge([
          ...withTraefikArgs([
            '--providers.kubernetescrd',
            '--providers.kubernetesCRD.allowCrossNamespace=true',
          ]),
          fromEdge,
        ]);
        expect(allowed.status).toBe('fail');
        expect(allowed.evidence?.entryPoints).toEqual([
          entryPoint(
            'IngressClass traefik',
            ['IngressRoute edge/edge'],
            'fail',
          ),
        ]);
        const sameNamespace = judge([
          ...withTraefikArgs(['--providers.kubernetescrd']),
          ingressRoute('shop', 'shop', ['shop']),
        ]);
        expect(sameNamespace.status).toBe('fail');
      });

      it('reads the environment only when no static flag is on the command line, as Traefik does', () => {
        const allow = [
          {
            name: 'TRAEFIK_PROVIDERS_KUBERNETESCRD_ALLOWCROSSNAMESPACE',
            value: 'true',
          },
        ];
        expect(judge([...withTraefikArgs([], allow), fromEdge]).status).toBe(
          'fail',
        );
        expect(
          judge([
            ...withTraefikArgs(['--providers.kubernetescrd'], allow),
            fromEdge,
          ]).status,
        ).toBe('warn');
      });

      it('applies to a TraefikService in another namespace too, and to every Service beyond it', () => {
        const toSplit = ingressRoute('edge', 'edge', ['shop/split']);
        toSplit.spec.routes[0].services[0].kind = 'TraefikService';
        const split = traefikService('split', 'shop', {
          weighted: { services: [{ name: 'shop', port: 80, weight: 1 }] },
        });
        const refused = judge([
          ...withTraefikArgs(['--providers.kubernetescrd']),
          toSplit,
          split,
        ]);
        expect(refused.status).toBe('warn');
        expect(refused.message).toContain(
          "TraefikService shop/split (of IngressRoute edge/edge) → IngressClass traefik's controller does not serve the route",
        );
        expect(refused.message).toContain(
          '(reached through IngressRoute edge/edge → TraefikService shop/split)',
        );
        const allowed = judge([
          ...withTraefikArgs([
            '--providers.kubernetescrd',
            '--providers.kubernetescrd.allowCrossNamespace=true',
          ]),
          toSplit,
          split,
        ]);
        expect(allowed.status).toBe('fail');
      });

      it("is unknown when Traefik's static configuration is not in its arguments", () => {
        const outcome = judge([
          ...withTraefikArgs(['--configfile=/config/traefik.yaml']),
          fromEdge,
        ]);
        expect(outcome.status).toBe('unknown');
        // A volume at /etc/traefik may hold the file Traefik reads before its flags.
        const mounted = withTraefikArgs(['--providers.kubernetescrd'], [], {
          volumeMounts: [{ name: 'config', mountPath: '/etc/traefik' }],
        });
        expect(judge([...mounted, fromEdge]).status).toBe('unknown');
        expect(outcome.message).toContain(
          'whether Traefik follows a reference to another namespace (allowCrossNamespace) cannot be told: its pods take their static configuration from a file',
        );
      });
    });

    it('follows IngressRouteTCPs and IngressRouteUDPs like IngressRoutes', () => {
      for (const kind of ['IngressRouteTCP', 'IngressRouteUDP']) {
        const tcp = { ...ingressRoute('shop', 'shop', ['shop']), kind };
        expect(judge([...k3sShop(), tcp]).evidence?.entryPoints).toEqual([
          entryPoint('IngressClass traefik', [`${kind} shop/shop`], 'fail'),
        ]);
      }
    });

    describe('TraefikServices', () => {
      /** IngressRoute shop/web sending to TraefikService shop/canary. */
      const viaCanary = () => {
        const web = ingressRoute('web', 'shop', ['canary']);
        web.spec.routes[0].services[0].kind = 'TraefikService';
        return web;
      };

      it('follows a weighted TraefikService, and TraefikServices it weighs, to their Services', () => {
        const outcome = judge([
          ...k3sShop(),
          viaCanary(),
          traefikService('canary', 'shop', {
            weighted: {
              services: [
                { name: 'stable', kind: 'TraefikService' },
                { name: 'other-app', port: 80, weight: 1 },
              ],
            },
          }),
          traefikService('stable', 'shop', {
            weighted: { services: [{ name: 'shop', port: 80, weight: 9 }] },
          }),
        ]);
        expect(outcome.evidence?.entryPoints).toEqual([
          entryPoint(
            'IngressClass traefik',
            ['TraefikService shop/stable (of IngressRoute shop/web)'],
            'fail',
          ),
        ]);
      });

      it("follows a mirroring TraefikService's main service only: mirrors answer no client", () => {
        const mirrored = (mirroring: object) =>
          judge([
            ...k3sShop(),
            viaCanary(),
            traefikService('canary', 'shop', { mirroring }),
          ]);
        expect(
          mirrored({
            name: 'shop',
            port: 80,
            mirrors: [{ name: 'other', percent: 10 }],
          }).evidence?.entryPoints,
        ).toEqual([
          entryPoint(
            'IngressClass traefik',
            ['TraefikService shop/canary (of IngressRoute shop/web)'],
            'fail',
          ),
        ]);
        expect(
          mirrored({
            name: 'other',
            port: 80,
            mirrors: [{ name: 'shop', percent: 10 }],
          }).status,
        ).toBe('skipped');
      });

      it('stops at a loop, and follows none from a TCP route', () => {
        const loop = traefikService('canary', 'shop', {
          weighted: {
            services: [
              { name: 'canary', kind: 'TraefikService' },
              { name: 'shop', port: 80 },
            ],
          },
        });
        expect(judge([...k3sShop(), viaCanary(), loop]).status).toBe('fail');
        const tcp = { ...viaCanary(), kind: 'IngressRouteTCP' };
        expect(judge([...k3sShop(), tcp, loop]).status).toBe('skipped');
      });
    });

    it("is unknown when the route names no class and Traefik's cannot be told (none, or two without a default)", () => {
      const withoutClass = k3sShop().filter(o => o.kind !== 'IngressClass');
      const none = judge([
        ...withoutClass,
        ingressRoute('shop', 'shop', ['shop']),
      ]);
      expect(none.status).toBe('unknown');
      expect(none.message).toBe(
        'IngressRoute shop/shop → no IngressClass: it names no class and the cluster has no IngressClass of Traefik, so which Traefik pods serve it cannot be told',
      );
      const two = judge([
        ...withoutClass,
        ingressClass('public', 'traefik.io/ingress-controller'),
        ingressClass('internal', 'traefik.io/ingress-controller'),
        ingressRoute('shop', 'shop', ['shop']),
      ]);
      expect(two.status).toBe('unknown');
      expect(two.message).toContain(
        'the cluster has 2 IngressClasses of Traefik (public, internal), none the default',
      );
    });

    /** Contour as upstream ships it: contour on 2 nodes, the Envoy DaemonSet on `envoyNodes`. */
    const contour = (envoyNodes: string[]) => {
      const control = deployment('contour', {
        namespace: 'projectcontour',
        labels: { app: 'contour' },
        replicas: 2,
      });
      const envoy = daemonSet('envoy', {
        namespace: 'projectcontour',
        labels: { app: 'envoy' },
        desired: envoyNodes.length,
      });
      return [
        ...cluster3z().filter(o => o.kind !== 'IngressClass'),
        ...shop(),
        control,
        ...podsFor(control, ['worker-1', 'worker-2']),
        envoy,
        ...podsFor(envoy, envoyNodes),
        ingressClass('contour', 'projectcontour.io/ingress-controller'),
      ];
    };
    const rootProxy = (options: HttpProxyOptions = {}) =>
      httpProxy('root', 'projectcontour', {
        fqdn: 'shop.example.com',
        includes: ['shop/shop'],
        ...options,
      });

    it("follows an HTTPProxy from its root through its includes to the Services, judged as Contour's Envoy", () => {
      const outcome = judge([
        ...contour(['worker-1', 'worker-2', 'worker-3']),
        rootProxy(),
        httpProxy('shop', 'shop', { services: ['shop'] }),
      ]);
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toMatch(
        /^Reached through HTTPProxy shop\/shop \(included by projectcontour\/root\) → IngressClass contour \(projectcontour.io\/ingress-controller\), served by Envoy \(DaemonSet projectcontour\/envoy\), has 3 ready replicas on 3 nodes in 3 zones/,
      );
      const single = judge([
        ...contour(['worker-1']),
        httpProxy('shop', 'shop', {
          fqdn: 'shop.example.com',
          services: ['shop'],
          ingressClassName: 'contour',
        }),
      ]);
      expect(single.status).toBe('fail');
      expect(single.evidence?.entryPoints).toEqual([
        entryPoint('IngressClass contour', ['HTTPProxy shop/shop'], 'fail'),
      ]);
    });

    it('warns on an HTTPProxy Contour refuses, and finds no entry through an orphaned one or an include loop', () => {
      const invalid = judge([
        ...contour(['worker-1', 'worker-2']),
        rootProxy({
          currentStatus: 'invalid',
          description: 'Spec.VirtualHost.Fqdn already in use',
        }),
        httpProxy('shop', 'shop', { services: ['shop'] }),
      ]);
      expect(invalid.status).toBe('warn');
      expect(invalid.message).toBe(
        "HTTPProxy shop/shop (included by projectcontour/root) → IngressClass contour's controller does not serve the route (invalid: Spec.VirtualHost.Fqdn already in use): no traffic reaches the workload this way",
      );
      const orphaned = judge([
        ...contour(['worker-1', 'worker-2']),
        httpProxy('shop', 'shop', {
          services: ['shop'],
          currentStatus: 'orphaned',
        }),
      ]);
      expect(orphaned.status).toBe('skipped');
      const loop = judge([
        ...contour(['worker-1', 'worker-2']),
        rootProxy(),
        httpProxy('shop', 'shop', {
          services: ['shop'],
          includes: ['projectcontour/root'],
        }),
      ]);
      expect(loop.evidence?.entryPoints).toEqual([
        entryPoint(
          'IngressClass contour',
          ['HTTPProxy shop/shop (included by projectcontour/root)'],
          'pass',
        ),
      ]);
    });

    /** The F5 NGINX Ingress Controller (nginx-ingress chart), with its IngressClass, on `nodes`. */
    const nginxInc = (nodes: string[]) => {
      const controller = deployment('nginx-ingress-controller', {
        namespace: 'nginx-ingress',
        labels: { 'app.kubernetes.io/name': 'nginx-ingress' },
        replicas: nodes.length,
      });
      return [
        ...cluster3z(),
        ...shop(),
        controller,
        ...podsFor(controller, nodes),
        pdbFor(controller, { maxUnavailable: 1 }),
        ingressClass('nginx-inc', 'nginx.org/ingress-controller'),
      ];
    };

    it('follows a VirtualServer and the VirtualServerRoutes it delegates to, to the NGINX Ingress Controller', () => {
      const direct = judge([
        ...nginxInc(['worker-1', 'worker-2']),
        virtualServer('shop', 'shop', { services: ['shop'] }),
      ]);
      expect(direct.status).toBe('pass');
      expect(direct.evidence?.entryPoints).toEqual([
        entryPoint(
          'IngressClass nginx-inc',
          ['VirtualServer shop/shop'],
          'pass',
        ),
      ]);
      const delegated = judge([
        ...nginxInc(['worker-1']),
        virtualServer('edge', 'edge', { routes: ['shop/shop'] }),
        virtualServerRoute('shop', 'shop', ['shop']),
      ]);
      expect(delegated.status).toBe('fail');
      expect(delegated.message).toMatch(
        /^VirtualServerRoute shop\/shop \(of VirtualServer edge\/edge\) → IngressClass nginx-inc \(nginx.org\/ingress-controller\), served by Deployment nginx-ingress\/nginx-ingress-controller, has a single ready replica/,
      );
    });

    it('follows a TransportServer (TCP/UDP) to the NGINX Ingress Controller, and warns when it is Invalid', () => {
      const transportServer = (state?: string) => ({
        ...virtualServer('dns', 'shop', { services: ['shop'], state }),
        kind: 'TransportServer',
        spec: {
          listener: { name: 'dns-udp', protocol: 'UDP' },
          upstreams: [{ name: 'dns', service: 'shop', port: 5353 }],
          action: { pass: 'dns' },
        },
      });
      const valid = judge([
        ...nginxInc(['worker-1', 'worker-2']),
        transportServer(),
      ]);
      expect(valid.status).toBe('pass');
      expect(valid.evidence?.entryPoints).toEqual([
        entryPoint(
          'IngressClass nginx-inc',
          ['TransportServer shop/dns'],
          'pass',
        ),
      ]);
      const invalid = judge([
        ...nginxInc(['worker-1', 'worker-2']),
        transportServer('Invalid'),
      ]);
      expect(invalid.status).toBe('warn');
    });

    it('warns on a VirtualServer the controller marks Invalid; a VirtualServerRoute no VirtualServer names is no entry', () => {
      const invalid = judge([
        ...nginxInc(['worker-1', 'worker-2']),
        virtualServer('shop', 'shop', { services: ['shop'], state: 'Invalid' }),
      ]);
      expect(invalid.status).toBe('warn');
      expect(invalid.message).toContain(
        'does not serve the route (Invalid: AddedOrUpdatedWithError: upstream not found)',
      );
      const unused = judge([
        ...nginxInc(['worker-1', 'worker-2']),
        virtualServerRoute('shop', 'shop', ['shop']),
      ]);
      expect(unused.status).toBe('skipped');
    });
  });
});
