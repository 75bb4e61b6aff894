import {
  clusterFrom,
  httpProxy,
  ingressClass,
  ingressRoute,
  virtualServer,
  virtualServerRoute,
} from '../../testing';
import {
  httpProxyClass,
  httpProxyRefused,
  httpProxyTrees,
  ingressRouteBackends,
  ingressRouteClass,
  controllerRouteTrees,
  virtualServerTrees,
} from './controllerRoutes';

const traefik = (name: string, isDefault = false) =>
  ingressClass(name, 'traefik.io/ingress-controller', { isDefault });
const contour = (name: string, isDefault = false) =>
  ingressClass(name, 'projectcontour.io/ingress-controller', { isDefault });

describe('controllerRoutes', () => {
  it("gives an IngressRoute the class its annotation names, else Traefik's only or default class", () => {
    const route = ingressRoute('web', 'shop', ['web']);
    expect(
      ingressRouteClass(route, [contour('contour'), traefik('traefik')]),
    ).toEqual({
      name: 'traefik',
    });
    expect(
      ingressRouteClass(route, [traefik('public'), traefik('internal', true)]),
    ).toEqual({ name: 'internal' });
    expect(
      ingressRouteClass(
        ingressRoute('web', 'shop', ['web'], { ingressClass: 'edge' }),
        [],
      ),
    ).toEqual({ name: 'edge' });
    expect(ingressRouteClass(route, [contour('contour')]).unresolved).toMatch(
      /no IngressClass of Traefik/,
    );
  });

  it('reads an HTTPProxy class from spec.ingressClassName, then the annotations Contour reads', () => {
    const proxy = httpProxy('web', 'shop', { fqdn: 'web.example.com' });
    expect(
      httpProxyClass(proxy, [traefik('traefik'), contour('contour')]),
    ).toEqual({
      name: 'contour',
    });
    proxy.metadata.annotations = {
      'projectcontour.io/ingress.class': 'internal',
    };
    expect(httpProxyClass(proxy, [])).toEqual({ name: 'internal' });
    proxy.spec.ingressClassName = 'public';
    expect(httpProxyClass(proxy, [])).toEqual({ name: 'public' });
  });

  it('sends an IngressRoute to Services in its namespace or the one named, not to TraefikServices', () => {
    const route = ingressRoute('web', 'edge', ['web', 'shop/cart']);
    route.spec.routes.push({
      match: 'PathPrefix(`/canary`)',
      services: [{ name: 'canary', kind: 'TraefikService' }],
    });
    expect(ingressRouteBackends(route)).toEqual(['edge/web', 'shop/cart']);
  });

  it('follows includes from each root, across namespaces and into TCP proxies, once around a loop', () => {
    const root = httpProxy('root', 'edge', {
      fqdn: 'shop.example.com',
      services: ['web'],
      includes: ['shop/api'],
    });
    const api = httpProxy('api', 'shop', {
      services: ['api'],
      includes: ['edge/root'],
    });
    const tcp = httpProxy('db', 'data', { fqdn: 'db.example.com' });
    tcp.spec.tcpproxy = { include: { name: 'pg' } };
    const pg = httpProxy('pg', 'data');
    pg.spec.tcpproxy = { services: [{ name: 'postgres', port: 5432 }] };
    const orphan = httpProxy('old', 'shop', { services: ['old'] });
    const trees = httpProxyTrees([root, api, tcp, pg, orphan]);
    expect(
      trees.map(t => ({
        root: t.root.metadata.name,
        reached: t.reached.map(r => [r.route.metadata.name, r.services]),
      })),
    ).toEqual([
      {
        root: 'root',
        reached: [
          ['root', ['edge/web']],
          ['api', ['shop/api']],
        ],
      },
      {
        root: 'db',
        reached: [
          ['db', []],
          ['pg', ['data/postgres']],
        ],
      },
    ]);
  });

  it("reads Contour's refusal from status.currentStatus", () => {
    expect(
      httpProxyRefused(
        httpProxy('a', 'b', {
          currentStatus: 'invalid',
          description: 'duplicate fqdn',
        }),
      ),
    ).toBe('invalid: duplicate fqdn');
    expect(
      httpProxyRefused(httpProxy('a', 'b', { currentStatus: 'valid' })),
    ).toBeUndefined();
    expect(httpProxyRefused(httpProxy('a', 'b'))).toBeUndefined();
  });

  it('follows a VirtualServer to the VirtualServerRoutes its routes name (short names in its namespace); a missing one adds nothing', () => {
    const vs = virtualServer('shop', 'edge', {
      services: ['web'],
      routes: ['cart', 'shop/api', 'shop/missing'],
    });
    const trees = virtualServerTrees(
      [vs],
      [
        virtualServerRoute('cart', 'edge', ['cart']),
        virtualServerRoute('api', 'shop', ['api', 'api-canary']),
        virtualServerRoute('unused', 'shop', ['old']),
      ],
    );
    expect(
      trees[0].reached.map(r => [r.route.metadata.name, r.services]),
    ).toEqual([
      ['shop', ['edge/web']],
      ['cart', ['edge/cart']],
      ['api', ['shop/api', 'shop/api-canary']],
    ]);
  });

  it("names each reached route with its root and class, and its refusal (its own or its root's)", () => {
    const cluster = clusterFrom([
      ingressClass('nginx-inc', 'nginx.org/ingress-controller'),
      virtualServer('edge', 'edge', { routes: ['shop/api'], state: 'Invalid' }),
      virtualServerRoute('api', 'shop', ['api']),
      ingressRoute('blog', 'web', ['blog']),
    ]);
    expect(controllerRouteTrees(cluster)).toEqual([
      {
        routeClass: expect.objectContaining({ unresolved: expect.any(String) }),
        reached: [{ name: 'IngressRoute web/blog', services: ['web/blog'] }],
      },
      {
        routeClass: { name: 'nginx-inc' },
        reached: [
          {
            name: 'VirtualServer edge/edge',
            services: [],
            refused: 'Invalid: AddedOrUpdatedWithError: upstream not found',
          },
          {
            name: 'VirtualServerRoute shop/api (of VirtualServer edge/edge)',
            services: ['shop/api'],
            refused: 'Invalid: AddedOrUpdatedWithError: upstream not found',
          },
        ],
      },
    ]);
  });
});
