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
