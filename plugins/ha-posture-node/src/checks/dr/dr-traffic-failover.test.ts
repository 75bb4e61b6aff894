import { K8sObject } from '../../model/snapshot';
import { FetchStatus } from '../../model/snapshot';
import {
  clusterFrom,
  configMap,
  crd,
  deployment,
  k8sObject,
  nodes,
  podsFor,
  runOne,
  service,
} from '../../testing';
import { drTrafficFailover } from './dr-traffic-failover';
import { checkout } from './dr.fixtures';

const MCS = 'serviceexports.multicluster.x-k8s.io';
const GKE_MCS = 'serviceexports.net.gke.io';

const VALID = [{ type: 'Valid', status: 'True', reason: 'ServiceExported' }];

/** A ServiceExport (MCS API group unless `group`) with its status conditions; null: no status. */
function serviceExport(
  name: string,
  conditions: Array<Record<string, string>> | null = VALID,
  group = 'multicluster.x-k8s.io/v1alpha1',
): K8sObject {
  return k8sObject(group, 'ServiceExport', name, {
    namespace: 'shop',
    ...(conditions ? { status: { conditions } } : {}),
  });
}

/** Cilium's clustermesh-apiserver with `available` replicas. */
function clustermeshApiserver(available = 1): K8sObject {
  return deployment('clustermesh-apiserver', {
    namespace: 'kube-system',
    replicas: 1,
    available,
    labels: { 'k8s-app': 'clustermesh-apiserver' },
  });
}

interface ClusterOptions {
  /** Available checkout replicas (default 2); 0 with replicas 0 is a warm standby. */
  available?: number;
  /** The checkout Service; false: none; default a plain one. */
  service?:
    | false
    | {
        name?: string;
        type?: 'ClusterIP' | 'LoadBalancer';
        loadBalancerIngress?: Array<Record<string, string>>;
        annotations?: Record<string, string>;
        labels?: Record<string, string>;
      };
  extra?: K8sObject[];
  fetch?: Record<string, FetchStatus>;
}

/** A cluster in `region` running checkout behind Service shop/checkout, with the MCS CRDs installed. */
function cluster(name: string, region: string, options: ClusterOptions = {}) {
  const available = options.available ?? 2;
  const labels = { app: 'checkout', 'backstage.io/kubernetes-id': 'checkout' };
  return clusterFrom(
    [
      ...nodes(`${name}-w`, 2, [`${region}a`, `${region}b`], { region }),
      deployment('checkout', {
        namespace: 'shop',
        replicas: available === 0 ? 0 : Math.max(available, 2),
        available,
        labels,
      }),
      ...(options.service === false
        ? []
        : [
            service(options.service?.name ?? 'checkout', {
              namespace: 'shop',
              selector: { app: 'checkout' },
              type: options.service?.type,
              loadBalancerIngress: options.service?.loadBalancerIngress,
              annotations: options.service?.annotations,
              labels: options.service?.labels,
            }),
          ]),
      crd(MCS, 'ServiceExport'),
      ...(options.extra ?? []),
    ],
    { name, fetch: options.fetch },
  );
}

const run = (...views: ReturnType<typeof cluster>[]) =>
  runOne(drTrafficFailover, { entity: checkout, views });

describe('dr-traffic-failover', () => {
  it('passes when every cluster exports the Service (MCS API) and says how clients reach it', () => {
    const outcome = run(
      cluster('east', 'us-east-1', { extra: [serviceExport('checkout')] }),
      cluster('west', 'us-west-2', { extra: [serviceExport('checkout')] }),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'shop/checkout is shared by east and west through a ServiceExport (multicluster.x-k8s.io) ' +
        '(clients address it as checkout.shop.svc.clusterset.local).',
    );
  });

  it('counts a Service in front of several of its workloads once per cluster', () => {
    const canary = deployment('checkout-canary', {
      namespace: 'shop',
      replicas: 1,
      labels: {
        app: 'checkout',
        track: 'canary',
        'backstage.io/kubernetes-id': 'checkout',
      },
    });
    const outcome = run(
      cluster('east', 'us-east-1', {
        extra: [serviceExport('checkout'), canary],
      }),
      cluster('west', 'us-west-2', { extra: [serviceExport('checkout')] }),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'shop/checkout is shared by east and west through',
    );
  });

  it('warns when nothing shares the Service, and says a failover outside the clusters is exempted', () => {
    const outcome = run(
      cluster('east', 'us-east-1'),
      cluster('west', 'us-west-2'),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'shop/checkout (in east and west) is shared in none of the ways this check reads (ServiceExport, Cilium global service, Linkerd federated service, k8gb Gslb, Route 53 routing policy by external-dns, Istio multi-network mesh)',
    );
    expect(outcome.message).toContain(
      'exempt this check on the entity and name it',
    );
  });

  it('warns when only one cluster exports it: the other cannot fail over', () => {
    const outcome = run(
      cluster('east', 'us-east-1', { extra: [serviceExport('checkout')] }),
      cluster('west', 'us-west-2'),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'shop/checkout is shared through a ServiceExport (multicluster.x-k8s.io) by east only, not by west ' +
        "(no ServiceExport (multicluster.x-k8s.io) there): the other clusters' clients cannot fail over to the copy there.",
    );
  });

  it('warns, naming the cluster, when two of three clusters share it', () => {
    const outcome = run(
      cluster('east', 'us-east-1', { extra: [serviceExport('checkout')] }),
      cluster('west', 'us-west-2', { extra: [serviceExport('checkout')] }),
      cluster('eu', 'eu-west-1'),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'shared through a ServiceExport (multicluster.x-k8s.io) by east and west only, not by eu ' +
        '(no ServiceExport (multicluster.x-k8s.io) there)',
    );
  });

  it('does not count an export its controller refused, or one no controller took up', () => {
    const refused = run(
      cluster('east', 'us-east-1', { extra: [serviceExport('checkout')] }),
      cluster('west', 'us-west-2', {
        extra: [
          serviceExport('checkout', [
            {
              type: 'Valid',
              status: 'False',
              reason: 'NoService',
              message: 'service not found',
            },
          ]),
        ],
      }),
    );
    expect(refused.status).toBe('warn');
    expect(refused.message).toContain(
      'west (ServiceExport shop/checkout is not exported (Valid False, NoService: service not found))',
    );
    const untouched = run(
      cluster('east', 'us-east-1', { extra: [serviceExport('checkout')] }),
      cluster('west', 'us-west-2', {
        extra: [serviceExport('checkout', null)],
      }),
    );
    expect(untouched.status).toBe('warn');
    expect(untouched.message).toContain(
      'ServiceExport shop/checkout has no status: no multi-cluster controller has taken it up',
    );
  });

  it('does not count a valid export where the controller imported nothing (no ServiceImport)', () => {
    const IMPORTS = 'serviceimports.multicluster.x-k8s.io';
    const serviceImport = k8sObject(
      'multicluster.x-k8s.io/v1alpha1',
      'ServiceImport',
      'checkout',
      { namespace: 'shop', spec: { type: 'ClusterSetIP' } },
    );
    const withImports = (name: string, region: string, imported: boolean) =>
      cluster(name, region, {
        extra: [
          serviceExport('checkout'),
          crd(IMPORTS, 'ServiceImport'),
          ...(imported ? [serviceImport] : []),
        ],
      });
    expect(
      run(
        withImports('east', 'us-east-1', true),
        withImports('west', 'us-west-2', true),
      ).status,
    ).toBe('pass');
    const missing = run(
      withImports('east', 'us-east-1', true),
      withImports('west', 'us-west-2', false),
    );
    expect(missing.status).toBe('warn');
    expect(missing.message).toContain(
      'not by west (ServiceExport shop/checkout is valid, but there is no ServiceImport shop/checkout in this ' +
        "cluster: no multi-cluster controller imported the clusterset's Service here, so its clients cannot resolve " +
        'checkout.shop.svc.clusterset.local)',
    );
    // ServiceImports that cannot be read say nothing either way: the export decides.
    expect(
      run(
        withImports('east', 'us-east-1', true),
        cluster('west', 'us-west-2', {
          extra: [serviceExport('checkout')],
          fetch: { [IMPORTS]: 'forbidden' },
        }),
      ).status,
    ).toBe('pass');
  });

  it("reads GKE's exports (Exported condition) and notes a resolved conflict", () => {
    const gke = (
      conditions: Array<Record<string, string>> = [
        { type: 'Exported', status: 'True' },
      ],
    ) => serviceExport('checkout', conditions, 'net.gke.io/v1');
    const views = (west: K8sObject) => [
      cluster('east', 'europe-west1', { extra: [crd(GKE_MCS), gke()] }),
      cluster('west', 'us-west1', { extra: [crd(GKE_MCS), west] }),
    ];
    expect(run(...views(gke())).status).toBe('pass');
    expect(
      run(...views(gke([{ type: 'Exported', status: 'False' }]))).status,
    ).toBe('warn');
    const conflict = run(
      ...views(
        gke([
          { type: 'Exported', status: 'True' },
          { type: 'Conflict', status: 'True', message: 'port mismatch' },
        ]),
      ),
    );
    expect(conflict.status).toBe('pass');
    expect(conflict.message).toContain(
      "Note: west: ServiceExport shop/checkout conflicts with another cluster's export: port mismatch.",
    );
  });

  it('does not pair clusters that share the Service through different mechanisms', () => {
    const outcome = run(
      cluster('east', 'us-east-1', { extra: [serviceExport('checkout')] }),
      cluster('west', 'us-west-2', {
        extra: [
          crd(GKE_MCS),
          serviceExport(
            'checkout',
            [{ type: 'Exported', status: 'True' }],
            'net.gke.io/v1',
          ),
        ],
      }),
    );
    expect(outcome.status).toBe('warn');
  });

  describe('Cilium global services', () => {
    const global = { annotations: { 'service.cilium.io/global': 'true' } };

    it('passes with the annotation (current or legacy) and a running clustermesh-apiserver in both', () => {
      const outcome = run(
        cluster('east', 'us-east-1', {
          service: global,
          extra: [clustermeshApiserver()],
        }),
        cluster('west', 'us-west-2', {
          service: { annotations: { 'io.cilium/global-service': 'TRUE' } },
          extra: [clustermeshApiserver()],
        }),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        'through a Cilium global service (Cilium balances its usual name over the clusters of the mesh)',
      );
    });

    it('does not count a cluster whose endpoints are not shared or not readable by the mesh', () => {
      const notShared = run(
        cluster('east', 'us-east-1', {
          service: global,
          extra: [clustermeshApiserver()],
        }),
        cluster('west', 'us-west-2', {
          service: {
            annotations: {
              'service.cilium.io/global': 'true',
              'service.cilium.io/shared': 'false',
            },
          },
          extra: [clustermeshApiserver()],
        }),
      );
      expect(notShared.status).toBe('warn');
      expect(notShared.message).toContain(
        'is global but not shared (service.cilium.io/shared: "false")',
      );
      const noApiserver = run(
        cluster('east', 'us-east-1', {
          service: global,
          extra: [clustermeshApiserver()],
        }),
        cluster('west', 'us-west-2', { service: global }),
      );
      expect(noApiserver.status).toBe('warn');
      expect(noApiserver.message).toContain(
        'west (no clustermesh-apiserver Deployment runs here',
      );
      const down = run(
        cluster('east', 'us-east-1', {
          service: global,
          extra: [clustermeshApiserver()],
        }),
        cluster('west', 'us-west-2', {
          service: global,
          extra: [clustermeshApiserver(0)],
        }),
      );
      expect(down.message).toContain(
        'Deployment kube-system/clustermesh-apiserver has no available replica',
      );
    });
  });

  describe('Linkerd federated services', () => {
    const member = { 'mirror.linkerd.io/federated': 'member' };
    /** A Link (to `target`) with a federatedServiceSelector; undefined: link-gen's default. */
    const link = (target: string, selector?: Record<string, unknown>) =>
      k8sObject('multicluster.linkerd.io/v1alpha3', 'Link', target, {
        namespace: 'linkerd-multicluster',
        spec: {
          targetClusterName: target,
          federatedServiceSelector: selector ?? { matchLabels: member },
        },
      });
    const linked = (
      name: string,
      target: string,
      labels: Record<string, string> = member,
      selector?: Record<string, unknown>,
    ) =>
      cluster(name, name === 'east' ? 'us-east-1' : 'us-west-2', {
        service: { labels },
        extra: [
          crd('links.multicluster.linkerd.io', 'Link'),
          link(target, selector),
        ],
      });

    it('passes when every cluster labels the Service a member and links to the others, and says clients call <name>-federated', () => {
      const outcome = run(linked('east', 'west'), linked('west', 'east'));
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'shop/checkout is shared by east and west through a Linkerd federated service ' +
          '(clients call checkout-federated.shop, which Linkerd balances over every member cluster).',
      );
    });

    it('does not count a cluster without any Link: its clients federate only its own endpoints', () => {
      const withoutLinks = (crds: K8sObject[]) =>
        cluster('west', 'us-west-2', {
          service: { labels: member },
          extra: crds,
        });
      const noLink = run(
        linked('east', 'west'),
        withoutLinks([crd('links.multicluster.linkerd.io', 'Link')]),
      );
      expect(noLink.status).toBe('warn');
      expect(noLink.message).toContain(
        "not by west (no Linkerd Link in this cluster: its clients' checkout-federated holds only its own endpoints)",
      );
      const notInstalled = run(linked('east', 'west'), withoutLinks([]));
      expect(notInstalled.status).toBe('warn');
      expect(notInstalled.message).toContain(
        "not by west (Linkerd's multicluster Link is not installed in this cluster",
      );
      const forbidden = run(
        linked('east', 'west'),
        cluster('west', 'us-west-2', {
          service: { labels: member },
          fetch: { 'links.multicluster.linkerd.io': 'forbidden' },
        }),
      );
      expect(forbidden.status).toBe('unknown');
    });

    it("takes membership from the Links' federatedServiceSelector, not the default label, when they set one", () => {
      const tier = { matchLabels: { 'federation.example.com/tier': 'gold' } };
      const gold = { 'federation.example.com/tier': 'gold' };
      expect(
        run(
          linked('east', 'west', gold, tier),
          linked('west', 'east', gold, tier),
        ).status,
      ).toBe('pass');
      // The default label is not what these Links select.
      expect(
        run(
          linked('east', 'west', member, tier),
          linked('west', 'east', member, tier),
        ).message,
      ).toContain('shared in none of the ways this check reads');
      // An empty selector selects nothing (Linkerd), so the default label decides.
      expect(
        run(
          linked('east', 'west', member, {}),
          linked('west', 'east', member, {}),
        ).status,
      ).toBe('pass');
    });

    it('does not count a Service that is only exported for mirroring', () => {
      const outcome = run(
        linked('east', 'west'),
        cluster('west', 'us-west-2', {
          service: { labels: { 'mirror.linkerd.io/exported': 'true' } },
        }),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'west (Service shop/checkout is only exported for mirroring (mirror.linkerd.io/exported: "true"): ' +
          'other clusters get a separate checkout-<cluster> Service to call, not a failover of this one)',
      );
    });
  });

  describe('k8gb', () => {
    const GSLBS = 'gslbs.k8gb.absa.oss';
    const rules = (host: string, serviceName = 'checkout') => ({
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: serviceName, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    });
    const gslb = (
      spec: Record<string, unknown>,
      health: Record<string, string> | null = { 'shop.example.com': 'Healthy' },
    ) =>
      k8sObject('k8gb.absa.oss/v1beta1', 'Gslb', 'shop', {
        namespace: 'shop',
        spec: { ...spec, strategy: { type: 'failover', primaryGeoTag: 'eu' } },
        ...(health ? { status: { serviceHealth: health } } : {}),
      });
    const ingress = (
      name: string,
      host = 'shop.example.com',
      labels?: Record<string, string>,
    ) =>
      k8sObject('networking.k8s.io/v1', 'Ingress', name, {
        namespace: 'shop',
        labels,
        spec: { ingressClassName: 'nginx', ...rules(host) },
      });

    it('passes when both clusters balance the same host to the Service (embedded Ingress, resourceRef, same name)', () => {
      const embedded = gslb({ ingress: rules('shop.example.com') });
      const byRef = gslb({
        resourceRef: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          name: 'web',
        },
      });
      const byLabels = gslb({
        resourceRef: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          matchLabels: { app: 'web' },
        },
      });
      const sameName = gslb({});
      for (const [east, west] of [
        [[embedded], [byRef, ingress('web')]],
        [
          [byLabels, ingress('any', 'shop.example.com', { app: 'web' })],
          [sameName, ingress('shop')],
        ],
      ]) {
        const outcome = run(
          cluster('east', 'us-east-1', {
            extra: [crd(GSLBS, 'Gslb'), ...east],
          }),
          cluster('west', 'us-west-2', {
            extra: [crd(GSLBS, 'Gslb'), ...west],
          }),
        );
        expect(outcome.status).toBe('pass');
        expect(outcome.message).toBe(
          'shop/checkout is shared by east and west through a k8gb Gslb of shop.example.com ' +
            "(k8gb's DNS answers its hosts with the addresses of the clusters where they are healthy).",
        );
      }
    });

    it('does not pair Gslbs of different hosts, nor count a host k8gb finds unhealthy', () => {
      const east = cluster('east', 'us-east-1', {
        extra: [
          crd(GSLBS, 'Gslb'),
          gslb({ ingress: rules('shop.example.com') }),
        ],
      });
      const otherHost = run(
        east,
        cluster('west', 'us-west-2', {
          extra: [
            crd(GSLBS, 'Gslb'),
            gslb(
              { ingress: rules('shop.example.org') },
              { 'shop.example.org': 'Healthy' },
            ),
          ],
        }),
      );
      expect(otherHost.status).toBe('warn');
      const unhealthy = run(
        east,
        cluster('west', 'us-west-2', {
          extra: [
            crd(GSLBS, 'Gslb'),
            gslb(
              { ingress: rules('shop.example.com') },
              { 'shop.example.com': 'Unhealthy' },
            ),
          ],
        }),
      );
      expect(unhealthy.status).toBe('warn');
      expect(unhealthy.message).toContain(
        'west (Gslb shop/shop reports shop.example.com Unhealthy, so k8gb does not answer with this cluster)',
      );
      const noStatus = run(
        east,
        cluster('west', 'us-west-2', {
          extra: [
            crd(GSLBS, 'Gslb'),
            gslb({ ingress: rules('shop.example.com') }, null),
          ],
        }),
      );
      expect(noStatus.message).toContain(
        'Gslb shop/shop has no status: no k8gb controller has taken it up',
      );
    });

    it('ignores a Gslb whose Ingress sends elsewhere, and is unknown for one on a kind it does not follow', () => {
      const elsewhere = run(
        cluster('east', 'us-east-1', {
          extra: [
            crd(GSLBS, 'Gslb'),
            gslb({ ingress: rules('shop.example.com', 'other') }),
          ],
        }),
        cluster('west', 'us-west-2', {
          extra: [
            crd(GSLBS, 'Gslb'),
            gslb({ ingress: rules('shop.example.com', 'other') }),
          ],
        }),
      );
      expect(elsewhere.status).toBe('warn');
      const virtualService = gslb({
        resourceRef: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          name: 'shop',
        },
      });
      const outcome = run(
        cluster('east', 'us-east-1', {
          extra: [crd(GSLBS, 'Gslb'), virtualService],
        }),
        cluster('west', 'us-west-2', {
          extra: [crd(GSLBS, 'Gslb'), virtualService],
        }),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        'Gslb shop/shop balances a VirtualService, which this check does not follow',
      );
    });
  });

  describe('Istio multi-network meshes', () => {
    const eastWest = k8sObject(
      'networking.istio.io/v1',
      'Gateway',
      'cross-network-gateway',
      {
        namespace: 'istio-system',
        spec: {
          selector: { istio: 'eastwestgateway' },
          servers: [
            {
              port: { number: 15443, name: 'tls', protocol: 'TLS' },
              tls: { mode: 'AUTO_PASSTHROUGH' },
              hosts: ['*.local'],
            },
          ],
        },
      },
    );
    /** checkout's two pods in cluster `name`, with Istio's sidecar when `sidecar`. */
    const checkoutPods = (name: string, sidecar: boolean) =>
      podsFor(
        deployment('checkout', {
          namespace: 'shop',
          replicas: 2,
          available: 2,
          labels: {
            app: 'checkout',
            'backstage.io/kubernetes-id': 'checkout',
          },
        }),
        [`${name}-w-1`, `${name}-w-2`],
      ).map(o =>
        o.kind === 'Pod' && sidecar
          ? {
              ...o,
              spec: {
                ...o.spec,
                containers: [
                  ...o.spec.containers,
                  { name: 'istio-proxy', image: 'istio/proxyv2:1.28.0' },
                ],
              },
            }
          : o,
      );
    const meshCluster = (name: string, region: string, sidecar = true) =>
      cluster(name, region, {
        extra: [eastWest, ...checkoutPods(name, sidecar)],
      });

    const istiod = (revision?: string) =>
      deployment(revision ? `istiod-${revision}` : 'istiod', {
        namespace: 'istio-system',
        replicas: 2,
        labels: {
          app: 'istiod',
          ...(revision ? { 'istio.io/rev': revision } : {}),
        },
      });
    const meshConfig = (mesh: string, name = 'istio') =>
      configMap(name, 'istio-system', { mesh });
    const istioCluster = (
      name: string,
      region: string,
      extra: K8sObject[] = [istiod()],
      options: Omit<ClusterOptions, 'extra'> = {},
    ) =>
      cluster(name, region, {
        ...options,
        extra: [eastWest, ...checkoutPods(name, true), ...extra],
      });

    it('passes meshed pods behind east-west gateways when no MeshConfig keeps the Service local', () => {
      const outcome = run(
        istioCluster('east', 'us-east-1'),
        istioCluster('west', 'us-west-2', [
          istiod(),
          meshConfig('defaultConfig:\n  meshId: mesh1\n'),
        ]),
      );
      // east has no MeshConfig (defaults, no mesh id), west names mesh1: one mesh id is unset, so
      // they are told apart only when both are set.
      expect(outcome.status).toBe('warn');
      const same = run(
        istioCluster('east', 'us-east-1', [
          istiod(),
          meshConfig('defaultConfig:\n  meshId: mesh1\n'),
        ]),
        istioCluster('west', 'us-west-2', [
          istiod(),
          meshConfig('defaultConfig:\n  meshId: mesh1\n'),
        ]),
      );
      expect(same.status).toBe('pass');
      expect(same.message).toBe(
        'shop/checkout is shared by east and west through an Istio multi-network mesh mesh1 ' +
          "(istiod balances its usual name over the mesh's clusters, through their east-west gateways).",
      );
      expect(
        run(
          istioCluster('east', 'us-east-1'),
          istioCluster('west', 'us-west-2'),
        ).status,
      ).toBe('pass');
    });

    it('does not count a cluster whose MeshConfig keeps the Service local', () => {
      const outcome = run(
        istioCluster('east', 'us-east-1'),
        istioCluster('west', 'us-west-2', [
          istiod(),
          meshConfig(
            'serviceSettings:\n- settings:\n    clusterLocal: true\n  hosts:\n  - "*.shop.svc.cluster.local"\n',
          ),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        "west (istiod's MeshConfig keeps checkout.shop.svc.cluster.local in this cluster (serviceSettings clusterLocal: *.shop.svc.cluster.local))",
      );
    });

    it("matches serviceSettings hosts in istiod's cluster domain (--domain)", () => {
      const corpIstiod = deployment('istiod', {
        namespace: 'istio-system',
        replicas: 2,
        labels: { app: 'istiod' },
        containers: [
          {
            name: 'discovery',
            image: 'istio/pilot:1.28.0',
            args: ['discovery', '--domain', 'corp.local'],
          },
        ],
      });
      const local = meshConfig(
        'serviceSettings:\n- settings: {clusterLocal: true}\n  hosts: ["*.shop.svc.corp.local"]\n',
      );
      const outcome = run(
        istioCluster('east', 'us-east-1', [corpIstiod]),
        istioCluster('west', 'us-west-2', [corpIstiod, local]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        "istiod's MeshConfig keeps checkout.shop.svc.corp.local in this cluster",
      );
      // The default domain would not match the pattern: the Service would pass as shared.
      expect(
        run(
          istioCluster('east', 'us-east-1'),
          istioCluster('west', 'us-west-2', [istiod(), local]),
        ).status,
      ).toBe('pass');
    });

    it("is unknown when istiod's MeshConfig cannot be read: forbidden, broken, or no istiod in the cluster", () => {
      const forbidden = run(
        istioCluster('east', 'us-east-1'),
        istioCluster('west', 'us-west-2', [istiod()], {
          fetch: { configmaps: 'forbidden' },
        }),
      );
      expect(forbidden.status).toBe('unknown');
      expect(forbidden.message).toContain(
        "west (unknown: its pods are in an Istio mesh with an east-west gateway Gateway istio-system/cross-network-gateway, but istiod's MeshConfig (ConfigMap istio-system/istio) could not be read (forbidden",
      );
      const broken = run(
        istioCluster('east', 'us-east-1'),
        istioCluster('west', 'us-west-2', [istiod(), meshConfig('a: [')]),
      );
      expect(broken.status).toBe('unknown');
      expect(broken.message).toContain(
        'ConfigMap istio-system/istio: its mesh key is not valid YAML',
      );
      const noIstiod = run(
        istioCluster('east', 'us-east-1'),
        istioCluster('west', 'us-west-2', []),
      );
      expect(noIstiod.status).toBe('unknown');
      expect(noIstiod.message).toContain(
        'no istiod Deployment of revision default runs in the cluster',
      );
    });

    it('reads the MeshConfig of the revision that injected the pods (istio-<revision>)', () => {
      const revisioned = (name: string, region: string, local: boolean) =>
        cluster(name, region, {
          extra: [
            eastWest,
            ...checkoutPods(name, true).map(o =>
              o.kind === 'Pod'
                ? {
                    ...o,
                    metadata: {
                      ...o.metadata,
                      labels: {
                        ...o.metadata.labels,
                        'istio.io/rev': 'canary',
                      },
                    },
                  }
                : o,
            ),
            istiod(),
            istiod('canary'),
            meshConfig(
              local
                ? 'serviceSettings:\n- settings: {clusterLocal: true}\n  hosts: ["checkout.shop.svc.cluster.local"]\n'
                : '{}',
              'istio-canary',
            ),
          ],
        });
      expect(
        run(
          revisioned('east', 'us-east-1', false),
          revisioned('west', 'us-west-2', false),
        ).status,
      ).toBe('pass');
      expect(
        run(
          revisioned('east', 'us-east-1', false),
          revisioned('west', 'us-west-2', true),
        ).status,
      ).toBe('warn');
    });

    describe('ambient', () => {
      const ambientGateway = k8sObject(
        'gateway.networking.k8s.io/v1',
        'Gateway',
        'istio-eastwestgateway',
        {
          namespace: 'istio-system',
          labels: { 'topology.istio.io/network': 'network1' },
          spec: {
            gatewayClassName: 'istio-east-west',
            listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
          },
        },
      );
      const shopNamespace = (labels: Record<string, string>) =>
        k8sObject('v1', 'Namespace', 'shop', { cluster: true, labels });
      const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
      const GLOBAL = { 'istio.io/global': 'true' };
      /** checkout in an ambient shop namespace, its Service labelled `serviceLabels`. */
      const ambientCluster = (
        name: string,
        region: string,
        options: {
          serviceLabels?: Record<string, string>;
          gateway?: K8sObject;
          sidecar?: boolean;
          podLabels?: Record<string, string>;
        } = {},
      ) =>
        cluster(name, region, {
          service: { labels: options.serviceLabels ?? GLOBAL },
          extra: [
            options.gateway ?? ambientGateway,
            shopNamespace(AMBIENT),
            istiod(),
            ...checkoutPods(name, options.sidecar ?? false).map(o =>
              o.kind === 'Pod' && options.podLabels
                ? {
                    ...o,
                    metadata: {
                      ...o.metadata,
                      labels: { ...o.metadata.labels, ...options.podLabels },
                    },
                  }
                : o,
            ),
          ],
        });

      it('passes ambient pods behind HBONE east-west gateways when the Service is global', () => {
        const outcome = run(
          ambientCluster('east', 'us-east-1'),
          ambientCluster('west', 'us-west-2'),
        );
        expect(outcome.status).toBe('pass');
        expect(outcome.message).toContain(
          'shared by east and west through an Istio multi-network mesh',
        );
      });

      it('does not count a Service without istio.io/global, or a cluster whose gateway serves the other data plane', () => {
        const local = run(
          ambientCluster('east', 'us-east-1'),
          ambientCluster('west', 'us-west-2', { serviceLabels: {} }),
        );
        expect(local.status).toBe('warn');
        expect(local.message).toContain(
          'not by west (its pods are ambient, and ambient shares only Services labelled istio.io/global: "true", ' +
            'which Service shop/checkout is not)',
        );
        const sidecarGatewayOnly = run(
          ambientCluster('east', 'us-east-1'),
          ambientCluster('west', 'us-west-2', { gateway: eastWest }),
        );
        expect(sidecarGatewayOnly.message).toContain(
          "west (its pods are ambient, and the cluster's only east-west gateway passes sidecar mTLS through " +
            '(Gateway istio-system/cross-network-gateway, AUTO_PASSTHROUGH), which ambient traffic cannot use)',
        );
        const sidecarsOnAmbientGateway = run(
          ambientCluster('east', 'us-east-1', {
            sidecar: true,
            gateway: eastWest,
          }),
          ambientCluster('west', 'us-west-2', { sidecar: true }),
        );
        expect(sidecarsOnAmbientGateway.status).toBe('warn');
        expect(sidecarsOnAmbientGateway.message).toContain(
          "west (its pods run Istio sidecars, and the cluster's only east-west gateway is ambient's " +
            '(Gateway istio-system/istio-eastwestgateway, HBONE), which sidecars cannot cross)',
        );
      });

      it('is unknown when Namespaces cannot be read to tell whether the pods are ambient', () => {
        const outcome = run(
          ambientCluster('east', 'us-east-1'),
          cluster('west', 'us-west-2', {
            service: { labels: GLOBAL },
            extra: [ambientGateway, istiod(), ...checkoutPods('west', false)],
            fetch: { namespaces: 'forbidden' },
          }),
        );
        expect(outcome.status).toBe('unknown');
        expect(outcome.message).toContain(
          "west (unknown: whether its pods are in Istio's ambient data plane cannot be told:",
        );
      });

      it('leaves out pods that opt out of the ambient namespace', () => {
        const outcome = run(
          ambientCluster('east', 'us-east-1'),
          ambientCluster('west', 'us-west-2', {
            podLabels: { 'istio.io/dataplane-mode': 'none' },
          }),
        );
        expect(outcome.status).toBe('warn');
        expect(outcome.message).toContain(
          'not by west (no Istio multi-network mesh there)',
        );
      });
    });

    it('still passes on a confirmed export, and warns without sidecars or without an east-west gateway', () => {
      expect(
        run(
          cluster('east', 'us-east-1', {
            extra: [
              eastWest,
              ...checkoutPods('east', true),
              serviceExport('checkout'),
            ],
          }),
          cluster('west', 'us-west-2', {
            extra: [
              eastWest,
              ...checkoutPods('west', true),
              serviceExport('checkout'),
            ],
          }),
        ).status,
      ).toBe('pass');
      expect(
        run(
          meshCluster('east', 'us-east-1', false),
          meshCluster('west', 'us-west-2', false),
        ).status,
      ).toBe('warn');
      expect(
        run(
          cluster('east', 'us-east-1', { extra: checkoutPods('east', true) }),
          cluster('west', 'us-west-2', { extra: checkoutPods('west', true) }),
        ).status,
      ).toBe('warn');
    });
  });

  describe('external-dns with Route 53 routing policies', () => {
    const EXTERNAL_DNS = 'external-dns.alpha.kubernetes.io/';
    /** An external-dns Deployment with `args` (default the AWS provider, service and ingress sources). */
    const externalDns = (
      args = ['--source=service', '--source=ingress', '--provider=aws'],
      available = 1,
    ) =>
      deployment('external-dns', {
        namespace: 'external-dns',
        replicas: 1,
        available,
        containers: [
          {
            name: 'external-dns',
            image: 'registry.k8s.io/external-dns/external-dns:v0.15.1',
            args,
          },
        ],
      });
    /** external-dns annotations, short names (`set-identifier`) to values. */
    const annotated = (values: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => [`${EXTERNAL_DNS}${k}`, v]),
      );
    /** An Ingress sending shop.example.com to the checkout Service, with external-dns annotations. */
    const shopIngress = (values: Record<string, string>) =>
      k8sObject('networking.k8s.io/v1', 'Ingress', 'checkout', {
        namespace: 'shop',
        annotations: annotated(values),
        status: {
          loadBalancer: { ingress: [{ hostname: 'nlb.elb.amazonaws.com' }] },
        },
        spec: {
          ingressClassName: 'nginx',
          rules: [
            {
              host: 'Shop.example.com',
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: {
                      service: { name: 'checkout', port: { number: 80 } },
                    },
                  },
                ],
              },
            },
          ],
        },
      });
    /** A cluster exposing checkout through shopIngress(values), external-dns running unless `publisher` says. */
    const ingressCluster = (
      name: string,
      values: Record<string, string>,
      publisher: K8sObject[] = [externalDns()],
      fetch?: Record<string, FetchStatus>,
    ) =>
      cluster(name, name === 'east' ? 'us-east-1' : 'us-west-2', {
        extra: [shopIngress(values), ...publisher],
        fetch,
      });
    const weighted = (id: string) => ({
      'set-identifier': id,
      'aws-weight': '100',
      'aws-health-check-id': `hc-${id}`,
    });

    it('passes when each cluster publishes the host with the same policy and its own set-identifier', () => {
      const outcome = run(
        ingressCluster('east', weighted('east')),
        ingressCluster('west', weighted('west')),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'shop/checkout is shared by east and west through a Route 53 weighted record set of shop.example.com ' +
          "(external-dns) (Route 53 answers shop.example.com with the clusters' records by its weighted policy).",
      );
    });

    it("reads a LoadBalancer Service's hostname annotation, and notes a record without a health check", () => {
      const lb = (id: string, role: string) => ({
        type: 'LoadBalancer' as const,
        loadBalancerIngress: [{ hostname: `${id}.elb.amazonaws.com` }],
        annotations: annotated({
          hostname: 'api.example.com.',
          'set-identifier': id,
          'aws-failover': role,
        }),
      });
      const outcome = run(
        cluster('east', 'us-east-1', {
          service: lb('east', 'PRIMARY'),
          extra: [externalDns()],
        }),
        cluster('west', 'us-west-2', {
          service: lb('west', 'SECONDARY'),
          extra: [externalDns()],
        }),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        'through a Route 53 failover record set of api.example.com (external-dns)',
      );
      expect(outcome.message).toContain(
        "Note: east: Service shop/checkout names no aws-health-check-id, so Route 53 judges this cluster's record " +
          "only by its alias target's health",
      );
      // A load balancer not provisioned (yet) gives external-dns nothing to publish.
      const unprovisioned = run(
        cluster('east', 'us-east-1', {
          service: lb('east', 'PRIMARY'),
          extra: [externalDns()],
        }),
        cluster('west', 'us-west-2', {
          service: { ...lb('west', 'SECONDARY'), loadBalancerIngress: [] },
          extra: [externalDns()],
        }),
      );
      expect(unprovisioned.status).toBe('warn');
      expect(unprovisioned.message).toContain(
        'not by west (Service shop/checkout has no load balancer address (status.loadBalancer.ingress) and no ' +
          'target annotation: external-dns has nothing to publish)',
      );
    });

    it('does not count a repeated set-identifier or failover role: the clusters would claim one record', () => {
      const sameId = run(
        ingressCluster('east', weighted('shop')),
        ingressCluster('west', weighted('shop')),
      );
      expect(sameId.status).toBe('warn');
      expect(sameId.message).toContain(
        "by east only, not by west (its set-identifier shop is also east's, and each cluster needs its own)",
      );
      const twoPrimaries = run(
        ingressCluster('east', {
          'set-identifier': 'east',
          'aws-failover': 'PRIMARY',
        }),
        ingressCluster('west', {
          'set-identifier': 'west',
          'aws-failover': 'primary',
        }),
      );
      expect(twoPrimaries.status).toBe('warn');
      expect(twoPrimaries.message).toContain(
        "its aws-failover PRIMARY is also east's",
      );
    });

    it('warns on a plain record claimed from both clusters, and on a set-identifier without a policy', () => {
      const plain = run(
        ingressCluster('east', { ttl: '60' }),
        ingressCluster('west', { ttl: '60' }),
      );
      expect(plain.status).toBe('warn');
      expect(plain.message).toContain(
        'Ingress shop/checkout publishes shop.example.com as a plain record (no external-dns.alpha.kubernetes.io/set-identifier ' +
          'and routing policy): Route 53 keeps one such record per name',
      );
      expect(plain.message).not.toContain('shared by');
      const noPolicy = run(
        ingressCluster('east', weighted('east')),
        ingressCluster('west', { 'set-identifier': 'west' }),
      );
      expect(noPolicy.status).toBe('warn');
      expect(noPolicy.message).toContain(
        'by east only, not by west (no Route 53 weighted record set of shop.example.com (external-dns) there)',
      );
      expect(noPolicy.evidence).toMatchObject({
        services: [
          {
            clusters: [
              {},
              {
                sharedThrough: [
                  {
                    problem: expect.stringContaining(
                      'has a set-identifier but no routing policy annotation',
                    ),
                  },
                ],
              },
            ],
          },
        ],
      });
    });

    it('does not count annotations no external-dns of the cluster publishes', () => {
      const west = (publisher: K8sObject[]) =>
        run(
          ingressCluster('east', weighted('east')),
          ingressCluster('west', weighted('west'), publisher),
        );
      const reasons = [
        [
          [],
          'Ingress shop/checkout is not published: no external-dns Deployment runs in the cluster',
        ],
        [
          [externalDns(undefined, 0)],
          'Deployment external-dns/external-dns has no available replica',
        ],
        [
          [externalDns(['--source=service', '--provider=aws'])],
          'does not read its kind (no --source=ingress)',
        ],
        [
          [externalDns(['--source', 'ingress', '--provider', 'google'])],
          'runs with --provider=google, which ignores the aws-* routing annotations',
        ],
      ] as const;
      for (const [publisher, reason] of reasons) {
        const outcome = west([...publisher]);
        expect(outcome.status).toBe('warn');
        expect(outcome.message).toContain(reason);
      }
      // A Service not exposed at all, or an Ingress another controller claims, is not external-dns's.
      const claimed = run(
        ingressCluster('east', weighted('east')),
        ingressCluster('west', { ...weighted('west'), controller: 'other' }),
      );
      expect(claimed.message).toContain('not by west (no Route 53 weighted');
    });

    it('follows the annotation prefix of the external-dns that runs: v0.22.0 reads external-dns.kubernetes.io/ only', () => {
      const v22 = (args: string[] = []) =>
        deployment('external-dns', {
          namespace: 'external-dns',
          replicas: 1,
          containers: [
            {
              name: 'external-dns',
              image: 'registry.k8s.io/external-dns/external-dns:v0.22.0',
              args: ['--source=ingress', '--provider=aws', ...args],
            },
          ],
        });
      const legacyOnV22 = run(
        ingressCluster('east', weighted('east'), [v22()]),
        ingressCluster('west', weighted('west'), [v22()]),
      );
      expect(legacyOnV22.status).toBe('warn');
      expect(legacyOnV22.message).toContain(
        'Deployment external-dns/external-dns reads annotations prefixed external-dns.kubernetes.io/, not ' +
          'external-dns.alpha.kubernetes.io/ (v0.22.0 changed the default',
      );
      expect(
        run(
          ingressCluster('east', weighted('east'), [
            v22(['--enable-legacy-annotation-prefix']),
          ]),
          ingressCluster('west', weighted('west'), [
            v22(['--enable-legacy-annotation-prefix']),
          ]),
        ).status,
      ).toBe('pass');
      // The new prefix on the objects.
      const renamed = (id: string) =>
        cluster(id, id === 'east' ? 'us-east-1' : 'us-west-2', {
          extra: [
            v22(),
            {
              ...shopIngress({}),
              metadata: {
                ...shopIngress({}).metadata,
                annotations: {
                  'external-dns.kubernetes.io/set-identifier': id,
                  'external-dns.kubernetes.io/aws-region':
                    id === 'east' ? 'us-east-1' : 'us-west-2',
                },
              },
            },
          ],
        });
      const latency = run(renamed('east'), renamed('west'));
      expect(latency.status).toBe('pass');
      expect(latency.message).toContain(
        'through a Route 53 latency record set of shop.example.com (external-dns)',
      );
      // --annotation-prefix names another one.
      expect(
        run(
          ingressCluster('east', weighted('east'), [
            v22(['--annotation-prefix=dns.example.com/']),
          ]),
          ingressCluster('west', weighted('west')),
        ).message,
      ).toContain('reads annotations prefixed dns.example.com/');
    });

    it('reads the annotations of a Gateway API route that sends to the Service, with its hostnames', () => {
      const httpRoute = (id: string) =>
        k8sObject('gateway.networking.k8s.io/v1', 'HTTPRoute', 'checkout', {
          namespace: 'edge',
          annotations: annotated({ ...weighted(id) }),
          spec: {
            parentRefs: [{ name: 'public' }],
            hostnames: ['www.example.com'],
            rules: [
              {
                backendRefs: [
                  { name: 'checkout', namespace: 'shop', port: 80 },
                ],
              },
            ],
          },
        });
      const routed = (id: string, args?: string[]) =>
        cluster(id, id === 'east' ? 'us-east-1' : 'us-west-2', {
          extra: [httpRoute(id), externalDns(args)],
        });
      const outcome = run(
        routed('east', ['--source=gateway-httproute', '--provider=aws']),
        routed('west', ['--source=gateway-httproute', '--provider=aws']),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        'through a Route 53 weighted record set of www.example.com (external-dns)',
      );
      // The default external-dns of these clusters reads Services and Ingresses only.
      expect(run(routed('east'), routed('west')).message).toContain(
        'HTTPRoute edge/checkout is not published: Deployment external-dns/external-dns does not read its kind ' +
          '(no --source=gateway-httproute)',
      );
    });

    describe("a public name published for another of the entity's Services", () => {
      const latency = (id: string) =>
        annotated({
          hostname: 'shop.example.com',
          'set-identifier': id,
          'aws-region': id === 'east' ? 'us-east-1' : 'us-west-2',
          'aws-health-check-id': `hc-${id}`,
        });
      /** west's public load balancer for checkout, `provisioned` or not. */
      const publicLb = (provisioned = true) =>
        service('checkout-public', {
          namespace: 'shop',
          type: 'LoadBalancer',
          selector: { app: 'checkout' },
          annotations: latency('west'),
          loadBalancerIngress: provisioned
            ? [{ hostname: 'west.elb.amazonaws.com' }]
            : [],
        });
      const east = ingressCluster('east', {
        'set-identifier': 'east',
        'aws-region': 'us-east-1',
        'aws-health-check-id': 'hc-east',
      });
      const west = (provisioned = true, ownService = true) =>
        cluster('west', 'us-west-2', {
          ...(ownService ? {} : { service: false as const }),
          extra: [externalDns(), publicLb(provisioned)],
        });

      it('counts it for the Services both clusters have, naming the Service that publishes it', () => {
        const outcome = run(east, west());
        expect(outcome.status).toBe('pass');
        expect(outcome.message).toContain(
          'shop/checkout is shared by east and west through a Route 53 latency record set of shop.example.com (external-dns)',
        );
        expect(outcome.message).toContain(
          'Note: west: published for Service shop/checkout-public',
        );
        const unprovisioned = run(east, west(false));
        expect(unprovisioned.status).toBe('warn');
        expect(unprovisioned.message).toContain(
          'by east only, not by west (Service shop/checkout-public has no load balancer address',
        );
      });

      it('passes Services that differ by name between the clusters when one public name answers for all', () => {
        const outcome = run(east, west(true, false));
        expect(outcome.status).toBe('pass');
        expect(outcome.message).toBe(
          'Its Services differ between its clusters (shop/checkout in east, shop/checkout-public in west), but ' +
            'clients reach it in east and west through a Route 53 latency record set of shop.example.com ' +
            "(external-dns) (Route 53 answers shop.example.com with the clusters' records by its latency policy).",
        );
        expect(run(east, west(false, false)).status).toBe('warn');
      });
    });

    it('is unknown where external-dns runs but Ingresses cannot be read', () => {
      const noIngresses = run(
        ingressCluster('east', weighted('east')),
        ingressCluster('west', weighted('west'), [externalDns()], {
          'ingresses.networking.k8s.io': 'forbidden',
        }),
      );
      expect(noIngresses.status).toBe('unknown');
      expect(noIngresses.message).toContain('west (unknown: ');
    });
  });

  it('is unknown when a cluster cannot say whether it exports the Service', () => {
    const outcome = run(
      cluster('east', 'us-east-1', { extra: [serviceExport('checkout')] }),
      cluster('west', 'us-west-2', { fetch: { [MCS]: 'forbidden' } }),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('west (unknown: ');
    expect(outcome.message).toContain('forbidden');
  });

  it('treats a cluster without the MCS API as not exporting (not unknown)', () => {
    const withoutCrd = clusterFrom(
      [
        ...nodes('west-w', 2, ['us-west-2a', 'us-west-2b'], {
          region: 'us-west-2',
        }),
        deployment('checkout', {
          namespace: 'shop',
          replicas: 2,
          labels: { app: 'checkout', 'backstage.io/kubernetes-id': 'checkout' },
        }),
        service('checkout', {
          namespace: 'shop',
          selector: { app: 'checkout' },
        }),
      ],
      { name: 'west' },
    );
    const outcome = run(
      cluster('east', 'us-east-1', { extra: [serviceExport('checkout')] }),
      withoutCrd,
    );
    expect(outcome.status).toBe('warn');
  });

  it('skips an entity available in one cluster, or serving no Service', () => {
    expect(
      run(
        cluster('east', 'us-east-1', { extra: [serviceExport('checkout')] }),
        cluster('west', 'us-west-2', { available: 0 }),
      ).status,
    ).toBe('skipped');
    const noService = run(
      cluster('east', 'us-east-1', { service: false }),
      cluster('west', 'us-west-2', { service: false }),
    );
    expect(noService.status).toBe('skipped');
    expect(noService.message).toContain('No Service selects its pods');
  });

  it('warns when its Services are named differently in each cluster', () => {
    const outcome = run(
      cluster('east', 'us-east-1', { service: { name: 'checkout-east' } }),
      cluster('west', 'us-west-2', { service: { name: 'checkout-west' } }),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'Its Services differ between its clusters (shop/checkout-east in east, shop/checkout-west in west)',
    );
  });

  it('judges every Service the clusters have in common: the worst one decides', () => {
    const metrics = (exported: boolean) => [
      service('checkout-metrics', {
        namespace: 'shop',
        selector: { app: 'checkout' },
      }),
      ...(exported ? [serviceExport('checkout-metrics')] : []),
    ];
    const outcome = run(
      cluster('east', 'us-east-1', {
        extra: [serviceExport('checkout'), ...metrics(false)],
      }),
      cluster('west', 'us-west-2', {
        extra: [serviceExport('checkout'), ...metrics(false)],
      }),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'shop/checkout is shared by east and west',
    );
    expect(outcome.message).toContain(
      'shop/checkout-metrics (in east and west) is shared in none of the ways',
    );
    // A shared Service elsewhere: the failover may be outside the clusters only for this one, so no exemption hint.
    expect(outcome.message).not.toContain('exempt this check');
  });

  it('names the Services nothing shares together, once per set of clusters', () => {
    const headless = service('checkout-headless', {
      namespace: 'shop',
      selector: { app: 'checkout' },
    });
    const outcome = run(
      cluster('east', 'us-east-1', { extra: [headless] }),
      cluster('west', 'us-west-2', { extra: [headless] }),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toMatch(
      /^shop\/checkout and shop\/checkout-headless \(in east and west\) are shared in none of the ways this check reads \(ServiceExport, Cilium global service, Linkerd federated service, k8gb Gslb, Route 53 routing policy by external-dns, Istio multi-network mesh\): clients of a cluster that loses its copy do not reach the others\. A global load balancer/,
    );
  });

  it('is skipped for manifests (no availability to read)', () => {
    const manifests = (name: string) =>
      clusterFrom(
        [
          deployment('checkout', {
            namespace: 'shop',
            replicas: 2,
            labels: {
              app: 'checkout',
              'backstage.io/kubernetes-id': 'checkout',
            },
          }),
          service('checkout', {
            namespace: 'shop',
            selector: { app: 'checkout' },
          }),
          serviceExport('checkout'),
        ],
        { name, mode: 'manifests' },
      );
    expect(run(manifests('a'), manifests('b')).status).toBe('skipped');
  });
});
