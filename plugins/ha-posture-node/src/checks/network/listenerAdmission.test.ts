import { clusterFrom, k8sObject } from '../../testing';
import { hostnamesIntersect, listenerAdmission } from './listenerAdmission';

describe('hostnamesIntersect', () => {
  it.each([
    ['shop.example.com', 'shop.example.com', true],
    ['shop.example.com', 'www.example.com', false],
    ['*.example.com', 'shop.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['shop.example.com', '*.example.com', true],
    ['*.example.com', '*.shop.example.com', true],
    ['*.example.com', '*.example.org', false],
    ['*.example.com', 'badexample.com', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(hostnamesIntersect(a, b)).toBe(expected);
  });
});

describe('listenerAdmission over malformed listeners', () => {
  const view = clusterFrom([]);
  const route = k8sObject('gateway.networking.k8s.io/v1', 'HTTPRoute', 'web', {
    namespace: 'shop',
    spec: { hostnames: ['shop.example.com', 7] },
  });
  it.each([
    ['a string', 'garbage'],
    ['null', null],
    ['allowedRoutes a string', { name: 'http', allowedRoutes: 'x' }],
    [
      'namespaces a string',
      { name: 'http', allowedRoutes: { namespaces: 'x' } },
    ],
    ['kinds a string', { name: 'http', allowedRoutes: { kinds: 'x' } }],
    ['kinds holding null', { name: 'http', allowedRoutes: { kinds: [null] } }],
    ['a numeric hostname', { name: 'http', hostname: 7 }],
    [
      'a Selector without selector',
      { name: 'http', allowedRoutes: { namespaces: { from: 'Selector' } } },
    ],
  ])(
    '%s neither throws nor admits a route it cannot read',
    (_label, listener) => {
      const gateway = k8sObject(
        'gateway.networking.k8s.io/v1',
        'Gateway',
        'public',
        {
          namespace: 'edge',
          spec: { listeners: [listener] },
        },
      );
      const admission = listenerAdmission(
        view,
        gateway,
        route,
        'HTTPRoute',
        {},
      );
      // Another namespace than the Gateway's: nothing here admits it.
      expect(admission.admitted).not.toBe(true);
    },
  );
});

describe('listenerAdmission by route kind', () => {
  const view = clusterFrom([]);
  const routeOf = (kind: string) =>
    k8sObject('gateway.networking.k8s.io/v1', kind, 'r', {
      namespace: 'edge',
    });
  const gatewayWith = (listener: Record<string, unknown>, status?: unknown) =>
    k8sObject('gateway.networking.k8s.io/v1', 'Gateway', 'public', {
      namespace: 'edge',
      spec: { listeners: [{ name: 'l', port: 443, ...listener }] },
      ...(status ? { status } : {}),
    });
  const admitted = (
    listener: Record<string, unknown>,
    kind: string,
    status?: unknown,
  ) =>
    listenerAdmission(
      view,
      gatewayWith(listener, status),
      routeOf(kind),
      kind,
      {},
    ).admitted;

  it.each([
    ['HTTP', 'HTTPRoute', true],
    ['HTTP', 'GRPCRoute', true],
    ['HTTPS', 'HTTPRoute', true],
    ['HTTP', 'TCPRoute', false],
    ['HTTPS', 'TLSRoute', false],
    ['TLS', 'TLSRoute', true],
    ['TLS', 'TCPRoute', true],
    ['TLS', 'HTTPRoute', false],
    ['TCP', 'TCPRoute', true],
    ['TCP', 'UDPRoute', false],
    ['UDP', 'UDPRoute', true],
    ['UDP', 'TCPRoute', false],
    // An implementation's own protocol, or none given: not ours to refuse.
    ['example.com/kafka', 'TCPRoute', true],
    [undefined, 'TCPRoute', true],
  ])(
    'a %s listener without allowedRoutes.kinds admits a %s: %s',
    (protocol, kind, expected) => {
      expect(admitted({ protocol }, kind)).toBe(expected);
    },
  );

  it('names the protocol and what it carries when it refuses', () => {
    const admission = listenerAdmission(
      view,
      gatewayWith({ protocol: 'HTTP' }),
      routeOf('TCPRoute'),
      'TCPRoute',
      {},
    );
    expect(admission).toEqual(
      expect.objectContaining({
        admitted: false,
        reason: expect.stringContaining(
          'listener l has protocol HTTP, which carries HTTPRoutes and GRPCRoutes, not TCPRoutes',
        ),
      }),
    );
  });

  it('listed allowedRoutes.kinds decide over the protocol', () => {
    const listener = {
      protocol: 'HTTPS',
      allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] },
    };
    expect(admitted(listener, 'GRPCRoute')).toBe(true);
    expect(admitted(listener, 'HTTPRoute')).toBe(false);
  });

  it("the controller's supportedKinds in the Gateway's status decide over the protocol", () => {
    // A controller without TCPRoute support reports only what it carries on a TCP listener.
    const status = {
      listeners: [
        { name: 'other', supportedKinds: [{ kind: 'TCPRoute' }] },
        { name: 'l', supportedKinds: [{ kind: 'HTTPRoute' }] },
      ],
    };
    const admission = listenerAdmission(
      view,
      gatewayWith({ protocol: 'TCP' }, status),
      routeOf('TCPRoute'),
      'TCPRoute',
      {},
    );
    expect(admission.admitted).toBe(false);
    expect(admission).toHaveProperty(
      'reason',
      expect.stringContaining(
        'listener l supports HTTPRoute only, as its controller reports',
      ),
    );
    // An empty list (not processed yet) falls back to the protocol.
    const empty = { listeners: [{ name: 'l', supportedKinds: [] }] };
    expect(admitted({ protocol: 'TCP' }, 'TCPRoute', empty)).toBe(true);
    expect(admitted({ protocol: 'HTTP' }, 'TCPRoute', empty)).toBe(false);
    const supporting = {
      listeners: [
        {
          name: 'l',
          supportedKinds: [
            { group: 'gateway.networking.k8s.io', kind: 'TCPRoute' },
          ],
        },
      ],
    };
    expect(admitted({ protocol: 'TCP' }, 'TCPRoute', supporting)).toBe(true);
    // Another group's kind of the same name is not the Gateway API's.
    const otherGroup = {
      listeners: [
        { name: 'l', supportedKinds: [{ group: 'x.io', kind: 'TCPRoute' }] },
      ],
    };
    expect(admitted({ protocol: 'TCP' }, 'TCPRoute', otherGroup)).toBe(false);
  });
});
