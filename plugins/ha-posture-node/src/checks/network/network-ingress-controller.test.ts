import { K8sObject } from '../../model/snapshot';
import {
  clusterFrom,
  daemonSet,
  deployment,
  eksProd,
  httpProxy,
  ingress,
  ingressRoute,
  ingressClass,
  istioGateway,
  k3sDevSingle,
  k8sObject,
  kubeadmHa3z,
  nodes,
  openshiftSno,
  pdbFor,
  podsFor,
  runCheck,
  runOne,
  virtualServer,
  virtualServerRoute,
  virtualService,
} from '../../testing';
import { CONTROLLER_ROUTE_KEYS } from './controllerRoutes';
import { networkIngressController } from './network-ingress-controller';

const isNginxPdb = (o: { kind?: string }) => o.kind === 'PodDisruptionBudget';

describe('network-ingress-controller', () => {
  it('passes kubeadm-ha-3z: ingress-nginx with 2 spread replicas and a PDB', () => {
    const outcome = runOne(
      networkIngressController,
      clusterFrom(kubeadmHa3z()),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'IngressClass nginx (k8s.io/ingress-nginx), served by Deployment ingress-nginx/ingress-nginx-controller, has 2 ready replicas on 2 nodes in 2 zones, with a PDB',
    );
    expect(outcome.target).toMatchObject({
      kind: 'IngressClass',
      name: 'nginx',
    });
  });

  it('warns without a PodDisruptionBudget', () => {
    const outcome = runOne(
      networkIngressController,
      clusterFrom(kubeadmHa3z().filter(o => !isNginxPdb(o))),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'no PodDisruptionBudget protects Deployment ingress-nginx/ingress-nginx-controller',
    );
  });

  it('fails k3s-dev-single: Traefik with one replica serves the default class', () => {
    const outcome = runOne(
      networkIngressController,
      clusterFrom(k3sDevSingle()),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('Deployment kube-system/traefik');
    expect(outcome.message).toContain('a single ready replica on node dev');
  });

  it("judges Traefik's class when only IngressRoutes use it, and skips it when nothing does", () => {
    const withoutIngress = k3sDevSingle().filter(o => o.kind !== 'Ingress');
    const routed = runOne(
      networkIngressController,
      clusterFrom([
        ...withoutIngress,
        ingressRoute('blog', 'default', ['blog']),
        ingressRoute('shop', 'shop', ['shop']),
      ]),
    );
    expect(routed.status).toBe('fail');
    expect(routed.evidence).toMatchObject({ ingresses: 0, routes: 2 });
    const unused = runOne(
      networkIngressController,
      clusterFrom(withoutIngress),
    );
    expect(unused).toMatchObject({
      status: 'skipped',
      message:
        'IngressClass traefik (traefik.io/ingress-controller): no Ingress or route uses it',
    });
  });

  it('counts a root HTTPProxy or VirtualServer for its class, not what it delegates to', () => {
    const objects = [
      ...k3sDevSingle().filter(o => o.kind !== 'Ingress'),
      ingressClass('contour', 'projectcontour.io/ingress-controller'),
      httpProxy('root', 'web', {
        fqdn: 'web.example.com',
        includes: ['a', 'b'],
      }),
      httpProxy('a', 'web', { services: ['a'] }),
      httpProxy('b', 'web', { services: ['b'] }),
      ingressClass('nginx-inc', 'nginx.org/ingress-controller'),
      virtualServer('shop', 'web', { routes: ['c'] }),
      virtualServerRoute('c', 'web', ['c']),
    ];
    const contour = runCheck(
      networkIngressController,
      clusterFrom(objects),
    ).find(o => o.target?.name === 'contour');
    expect(contour).toMatchObject({
      status: 'unknown',
      message:
        'IngressClass contour (projectcontour.io/ingress-controller): no controller workload found for its 1 route',
      evidence: { ingresses: 0, routes: 1 },
    });
    expect(
      runCheck(networkIngressController, clusterFrom(objects)).find(
        o => o.target?.name === 'nginx-inc',
      ),
    ).toMatchObject({
      status: 'unknown',
      evidence: { ingresses: 0, routes: 1 },
    });
  });

  it('skips cloud-managed data paths (eks-prod ALB)', () => {
    const outcome = runOne(networkIngressController, clusterFrom(eksProd()));
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('AWS Application Load Balancer');
  });

  it('skips the EKS Auto Mode ALB (eks.amazonaws.com/alb): AWS runs its controller outside the cluster', () => {
    const objects = [
      ...nodes('i-0abc', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c'], {
        labels: { 'eks.amazonaws.com/compute-type': 'auto' },
      }),
      ingressClass('alb', 'eks.amazonaws.com/alb'),
      ingress('web', { namespace: 'shop', ingressClassName: 'alb' }),
    ];
    const outcome = runOne(networkIngressController, clusterFrom(objects));
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toBe(
      'IngressClass alb (eks.amazonaws.com/alb): traffic flows through the AWS Application Load Balancer (EKS Auto Mode), outside the cluster',
    );
    expect(outcome.evidence).toMatchObject({ dataPath: 'cloud', ingresses: 1 });
  });

  it('still looks for the controller of a look-alike class name (alb with an in-cluster controller)', () => {
    const objects = [
      ...nodes('w', 2),
      ingressClass('alb', 'example.com/alb'),
      ingress('web', { namespace: 'shop', ingressClassName: 'alb' }),
    ];
    const outcome = runOne(networkIngressController, clusterFrom(objects));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('no controller workload found');
  });

  it('judges OpenShift IngressControllers: SNO router with 1 replica fails, 2 pass', () => {
    const sno = runOne(networkIngressController, clusterFrom(openshiftSno()));
    expect(sno.status).toBe('fail');
    expect(sno.target).toMatchObject({
      kind: 'IngressController',
      name: 'default',
      namespace: 'openshift-ingress-operator',
    });
    const ha = openshiftSno().map(o =>
      o.kind === 'IngressController'
        ? { ...o, spec: { replicas: 2 }, status: { availableReplicas: 2 } }
        : o,
    );
    expect(runOne(networkIngressController, clusterFrom(ha)).status).toBe(
      'pass',
    );
  });

  describe('OpenShift router pods get the node and zone spread judgement', () => {
    const LABEL =
      'ingresscontroller.operator.openshift.io/deployment-ingresscontroller';
    const routerDefault = () =>
      deployment('router-default', {
        namespace: 'openshift-ingress',
        labels: { [LABEL]: 'default' },
        replicas: 2,
      });
    const workers = () => [
      ...nodes('w-a', 2, ['us-east-1a']),
      ...nodes('w-b', 1, ['us-east-1b']),
      ...nodes('w-c', 1, ['us-east-1c']),
    ];
    const openshift = (routerNodes: string[], extra: K8sObject[] = []) => {
      const router = routerDefault();
      return [
        ...openshiftSno().filter(
          o => o.kind !== 'IngressController' && o.kind !== 'Node',
        ),
        ...workers(),
        k8sObject('operator.openshift.io/v1', 'IngressController', 'default', {
          namespace: 'openshift-ingress-operator',
          spec: { replicas: 2 },
          status: { availableReplicas: 2 },
        }),
        router,
        ...podsFor(router, routerNodes),
        ...extra,
      ];
    };

    it('passes routers in two zones, and names their PDB', () => {
      const objects = openshift(
        ['w-a-1', 'w-b-1'],
        [pdbFor(routerDefault(), { maxUnavailable: '50%' })],
      );
      const outcome = runOne(networkIngressController, clusterFrom(objects));
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'OpenShift IngressController default, served by Deployment openshift-ingress/router-default, has 2 ready router replicas on 2 nodes in 2 zones, with a PDB',
      );
    });

    it('warns when both routers run in one zone of a three-zone cluster', () => {
      const outcome = runOne(
        networkIngressController,
        clusterFrom(openshift(['w-a-1', 'w-a-2'])),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'OpenShift IngressController default, served by Deployment openshift-ingress/router-default, has 2 ready router replicas on 2 nodes, all in zone us-east-1a: a zone outage takes them all down',
      );
      expect(outcome.remediation).toContain('spec.nodePlacement');
      expect(outcome.evidence).toMatchObject({
        available: 2,
        zones: ['us-east-1a'],
      });
    });

    it('warns when both routers run on one node', () => {
      const outcome = runOne(
        networkIngressController,
        clusterFrom(openshift(['w-b-1', 'w-b-1'])),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain('all on node w-b-1');
    });

    it('falls back to availableReplicas when the router Deployment is not in the snapshot', () => {
      const withoutRouters = openshift(['w-a-1', 'w-a-2']).filter(
        o => o.metadata.namespace !== 'openshift-ingress',
      );
      const outcome = runOne(
        networkIngressController,
        clusterFrom(withoutRouters),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'OpenShift IngressController default has 2 available router replicas',
      );
    });
  });

  describe('Contour: judges the Envoy pods that carry the traffic, and the contour control plane', () => {
    // Shapes of projectcontour/contour examples/render/contour.yaml: Deployment contour
    // (app: contour, `contour serve`), DaemonSet envoy (app: envoy, the Envoy image).
    const contour = (
      replicas: number,
      options: { args?: string[]; namespace?: string; labels?: any } = {},
    ) =>
      deployment('contour', {
        namespace: options.namespace ?? 'projectcontour',
        labels: options.labels ?? { app: 'contour' },
        containers: [
          {
            name: 'contour',
            image: 'ghcr.io/projectcontour/contour:v1.30.0',
            command: ['contour'],
            args: ['serve', '--incluster', ...(options.args ?? [])],
          },
        ],
        replicas,
      });
    const envoyContainers = [
      {
        name: 'shutdown-manager',
        image: 'ghcr.io/projectcontour/contour:v1.30.0',
        command: ['/bin/contour'],
        args: ['envoy', 'shutdown-manager'],
      },
      {
        name: 'envoy',
        image: 'docker.io/envoyproxy/envoy:v1.32.0',
        command: ['envoy'],
      },
    ];
    const envoyDaemonSet = (
      desired: number,
      options: { namespace?: string; labels?: any; name?: string } = {},
    ) =>
      daemonSet(options.name ?? 'envoy', {
        namespace: options.namespace ?? 'projectcontour',
        labels: options.labels ?? { app: 'envoy' },
        containers: envoyContainers,
        desired,
      });
    const contourClass = (name = 'contour') =>
      ingressClass(name, 'projectcontour.io/ingress-controller');
    const zones = () => nodes('w', 3, ['z-a', 'z-b', 'z-c']);
    const judge = (objects: K8sObject[]) =>
      runOne(networkIngressController, clusterFrom(objects));
    const upstream = (contourNodes: string[], extra: K8sObject[] = []) => {
      const control = contour(contourNodes.length);
      const envoy = envoyDaemonSet(3);
      return [
        ...zones(),
        control,
        ...podsFor(control, contourNodes),
        envoy,
        ...podsFor(envoy, ['w-1', 'w-2', 'w-3']),
        contourClass(),
        ingress('web', { namespace: 'shop', ingressClassName: 'contour' }),
        ...extra,
      ];
    };

    it('passes the upstream manifest: Envoy DaemonSet on 3 nodes, contour on 2', () => {
      const outcome = judge(upstream(['w-1', 'w-2']));
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'IngressClass contour (projectcontour.io/ingress-controller), served by Envoy (DaemonSet projectcontour/envoy), has 3 ready replicas on 3 nodes in 3 zones; its control plane, Deployment projectcontour/contour, has 2 ready replicas on 2 nodes in 2 zones',
      );
      expect(outcome.evidence).toMatchObject({
        workloads: ['DaemonSet projectcontour/envoy'],
        ready: 3,
        controlPlane: {
          workloads: ['Deployment projectcontour/contour'],
          ready: 2,
        },
      });
    });

    it('finds Contour by --ingress-class-name (= form, two-arg form, comma list)', () => {
      for (const args of [
        ['--ingress-class-name=internal'],
        ['--ingress-class-name', 'internal'],
        ['--ingress-class-name=public,internal'],
      ]) {
        const control = contour(2, { labels: { app: 'xds' }, args });
        const envoy = envoyDaemonSet(2);
        const outcome = judge([
          ...zones(),
          control,
          ...podsFor(control, ['w-1', 'w-2']),
          envoy,
          ...podsFor(envoy, ['w-1', 'w-2']),
          contourClass('internal'),
          ingress('web', { ingressClassName: 'internal' }),
        ]);
        expect(outcome.status).toBe('pass');
        expect(outcome.evidence).toMatchObject({
          workloads: ['DaemonSet projectcontour/envoy'],
          controlPlane: { workloads: ['Deployment projectcontour/contour'] },
        });
      }
    });

    it('fails a single Envoy replica even with 2 contour replicas', () => {
      const control = contour(2);
      const envoy = deployment('envoy', {
        namespace: 'projectcontour',
        labels: { app: 'envoy' },
        containers: envoyContainers,
        replicas: 1,
      });
      const outcome = judge([
        ...zones(),
        control,
        ...podsFor(control, ['w-1', 'w-2']),
        envoy,
        ...podsFor(envoy, ['w-3']),
        contourClass(),
        ingress('web', { ingressClassName: 'contour' }),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'served by Envoy (Deployment projectcontour/envoy), has a single ready replica on node w-3',
      );
      expect(outcome.remediation).toContain('Run Envoy as a DaemonSet');
    });

    it('warns for an Envoy Deployment without PDB', () => {
      const control = contour(2);
      const envoy = deployment('envoy', {
        namespace: 'projectcontour',
        labels: { app: 'envoy' },
        containers: envoyContainers,
        replicas: 2,
      });
      const objects = [
        ...zones(),
        control,
        ...podsFor(control, ['w-1', 'w-2']),
        envoy,
        ...podsFor(envoy, ['w-2', 'w-3']),
        contourClass(),
        ingress('web', { ingressClassName: 'contour' }),
      ];
      const outcome = judge(objects);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'no PodDisruptionBudget protects Deployment projectcontour/envoy',
      );
      expect(outcome.remediation).toContain(
        'PodDisruptionBudget with maxUnavailable: 1 for Envoy',
      );
      const withPdb = judge([...objects, pdbFor(envoy, { maxUnavailable: 1 })]);
      expect(withPdb.status).toBe('pass');
      expect(withPdb.message).toContain(
        'in 2 zones, with a PDB; its control plane',
      );
    });

    it('warns (not fails) for a single contour replica: Envoy keeps serving what it has', () => {
      const outcome = judge(upstream(['w-1']));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        "its control plane, Deployment projectcontour/contour, has a single ready replica on node w-1: it fails with that node (Envoy keeps serving the routes it has, but new and changed Ingresses don't reach it, and a restarted Envoy pod gets no routes)",
      );
      expect(outcome.remediation).toContain(
        'kubectl -n projectcontour scale deployment contour --replicas=2',
      );
    });

    it('recognises the Bitnami chart: its Envoy is labelled like Contour and is not taken for the control plane', () => {
      const release = (component: string) => ({
        'app.kubernetes.io/name': 'contour',
        'app.kubernetes.io/instance': 'contour',
        'app.kubernetes.io/component': component,
      });
      const control = contour(2, {
        namespace: 'ingress',
        labels: release('contour'),
      });
      const envoy = envoyDaemonSet(3, {
        name: 'contour-envoy',
        namespace: 'ingress',
        labels: release('envoy'),
      });
      const outcome = judge([
        ...zones(),
        control,
        ...podsFor(control, ['w-1', 'w-2']),
        envoy,
        ...podsFor(envoy, ['w-1', 'w-2', 'w-3']),
        ingressClass('contour', 'projectcontour.io/ingress/contour-contour'),
        ingress('web', { ingressClassName: 'contour' }),
      ]);
      expect(outcome.status).toBe('pass');
      expect(outcome.evidence).toMatchObject({
        workloads: ['DaemonSet ingress/contour-envoy'],
        controlPlane: { workloads: ['Deployment ingress/contour'] },
      });
    });

    it('looks for Envoy in --envoy-service-namespace', () => {
      const control = contour(2, {
        namespace: 'contour-system',
        args: ['--envoy-service-namespace=edge'],
      });
      const envoy = envoyDaemonSet(3, { namespace: 'edge' });
      const outcome = judge([
        ...zones(),
        control,
        ...podsFor(control, ['w-1', 'w-2']),
        envoy,
        ...podsFor(envoy, ['w-1', 'w-2', 'w-3']),
        contourClass(),
        ingress('web', { ingressClassName: 'contour' }),
      ]);
      expect(outcome.status).toBe('pass');
      expect(outcome.evidence).toMatchObject({
        workloads: ['DaemonSet edge/envoy'],
      });
    });

    it('is unknown when the Envoy pods are not found (not judged by the control plane alone)', () => {
      const objects = upstream(['w-1', 'w-2']).filter(
        o => o.metadata.labels?.app !== 'envoy' && o.metadata.name !== 'envoy',
      );
      const outcome = judge(objects);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        "IngressClass contour (projectcontour.io/ingress-controller): found Contour's control plane (Deployment projectcontour/contour) but not the Envoy workload that carries its traffic (labelled app: envoy or app.kubernetes.io/component: envoy, in namespace projectcontour)",
      );
    });
  });

  it('skips a class nothing uses, but judges every class when Ingresses or routes cannot be read', () => {
    const unused = kubeadmHa3z().filter(o => o.kind !== 'Ingress');
    expect(runOne(networkIngressController, clusterFrom(unused)).status).toBe(
      'skipped',
    );
    for (const key of [
      'ingresses.networking.k8s.io',
      ...CONTROLLER_ROUTE_KEYS,
    ] as const) {
      const forbidden = runOne(
        networkIngressController,
        clusterFrom(unused, { fetch: { [key]: 'forbidden' } }),
      );
      expect(forbidden.status).toBe('pass');
      expect(forbidden.evidence).toMatchObject({ ingresses: undefined });
    }
  });

  it('counts annotation-only Ingresses (kubernetes.io/ingress.class)', () => {
    const objects = kubeadmHa3z().filter(o => o.kind !== 'Ingress');
    const legacy = ingress('legacy', { namespace: 'shop' });
    legacy.metadata.annotations = { 'kubernetes.io/ingress.class': 'nginx' };
    expect(
      runOne(networkIngressController, clusterFrom([...objects, legacy]))
        .status,
    ).toBe('pass');
  });

  it('finds a controller by its --ingress-class flag, and a DaemonSet needs no PDB', () => {
    const edge = daemonSet('edge-router', {
      namespace: 'edge',
      containers: [
        {
          name: 'controller',
          image: 'nginx-ingress:3',
          args: ['/nginx-ingress-controller', '--ingress-class=internal'],
        },
      ],
      desired: 3,
    });
    const objects = [
      ...nodes('w', 3, ['a', 'b', 'c']),
      edge,
      ...podsFor(edge, ['w-1', 'w-2', 'w-3']),
      ingressClass('internal', 'k8s.io/ingress-nginx'),
      ingress('admin', { ingressClassName: 'internal' }),
    ];
    const outcome = runOne(networkIngressController, clusterFrom(objects));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      workloads: ['DaemonSet edge/edge-router'],
      ready: 3,
      zones: ['a', 'b', 'c'],
    });
  });

  describe('says "with a PDB" only when a PDB covers the pods', () => {
    const nginxDaemonSet = () =>
      daemonSet('rke2-ingress-nginx-controller', {
        namespace: 'kube-system',
        labels: { 'app.kubernetes.io/name': 'rke2-ingress-nginx' },
        containers: [
          {
            name: 'controller',
            image: 'rke2-ingress-nginx:1',
            args: ['/nginx-ingress-controller', '--ingress-class=nginx'],
          },
        ],
        desired: 3,
      });
    const cluster = (...extra: ReturnType<typeof daemonSet>[]) => {
      const ds = nginxDaemonSet();
      return clusterFrom([
        ...nodes('agent', 3),
        ds,
        ...podsFor(ds, ['agent-1', 'agent-2', 'agent-3']),
        ingressClass('nginx', 'k8s.io/ingress-nginx'),
        ingress('shop', { ingressClassName: 'nginx' }),
        ...extra,
      ]);
    };

    it('passes a DaemonSet without PDB and does not claim one', () => {
      const outcome = runOne(networkIngressController, cluster());
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'IngressClass nginx (k8s.io/ingress-nginx), served by DaemonSet kube-system/rke2-ingress-nginx-controller, has 3 ready replicas on 3 nodes',
      );
      expect(outcome.evidence).toMatchObject({ withPdb: [], withoutPdb: [] });
    });

    it('names the PDB of a DaemonSet that has one', () => {
      const outcome = runOne(
        networkIngressController,
        cluster(pdbFor(nginxDaemonSet(), { maxUnavailable: 1 })),
      );
      expect(outcome.message).toMatch(/on 3 nodes, with a PDB$/);
    });

    it('names the covered workload when only some have a PDB (a DaemonSet beside a Deployment)', () => {
      const extra = deployment('ingress-nginx-internal', {
        namespace: 'kube-system',
        labels: { app: 'ingress-nginx-internal' },
        containers: [
          {
            name: 'controller',
            image: 'ingress-nginx:1',
            args: ['--controller-class=k8s.io/ingress-nginx'],
          },
        ],
        replicas: 2,
      });
      const outcome = runOne(
        networkIngressController,
        cluster(
          extra,
          ...podsFor(extra, ['agent-1', 'agent-2']),
          pdbFor(extra, { maxUnavailable: 1 }),
        ),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toMatch(
        /, with a PDB on Deployment kube-system\/ingress-nginx-internal$/,
      );
    });
  });

  it('does not take the default backend for the controller, and is unknown without a controller', () => {
    const backend = deployment('ingress-nginx-defaultbackend', {
      namespace: 'ingress-nginx',
      labels: {
        'app.kubernetes.io/name': 'ingress-nginx',
        'app.kubernetes.io/component': 'default-backend',
      },
      replicas: 1,
    });
    const objects = [
      ...nodes('w', 2),
      backend,
      ...podsFor(backend, ['w-1']),
      ingressClass('nginx', 'k8s.io/ingress-nginx'),
      ingress('shop', { ingressClassName: 'nginx' }),
    ];
    const outcome = runOne(networkIngressController, clusterFrom(objects));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      'no controller workload found for its 1 Ingress',
    );
  });

  it('without IngressClasses does not claim there is no ingress controller (Gateway API gateways are not judged here)', () => {
    const envoy = deployment('envoy-contour', {
      namespace: 'projectcontour',
      labels: {
        app: 'envoy',
        'gateway.networking.k8s.io/gateway-name': 'contour',
      },
    });
    const objects = [
      ...nodes('w', 3, ['z-a', 'z-b', 'z-c']),
      k8sObject('gateway.networking.k8s.io/v1', 'GatewayClass', 'contour', {
        cluster: true,
        spec: { controllerName: 'projectcontour.io/gateway-controller' },
      }),
      k8sObject('gateway.networking.k8s.io/v1', 'Gateway', 'contour', {
        namespace: 'projectcontour',
        spec: { gatewayClassName: 'contour' },
      }),
      envoy,
      ...podsFor(envoy, ['w-1']),
    ];
    const outcome = runOne(networkIngressController, clusterFrom(objects));
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toBe(
      'No IngressClass or Istio Gateway in the cluster, so no Ingress controller was judged: this check finds controllers through IngressClasses, and does not judge Gateway API gateways',
    );
    expect(outcome.message).not.toMatch(/no in-cluster ingress controller/);
  });

  it('gives one outcome per class, and is skipped without IngressClasses or in a manifests scan', () => {
    const objects = [
      ...kubeadmHa3z(),
      ...eksProd().filter(
        o => o.kind === 'IngressClass' || o.kind === 'Ingress',
      ),
    ];
    expect(
      runCheck(networkIngressController, clusterFrom(objects)).map(
        o => o.status,
      ),
    ).toEqual(['pass', 'skipped']);
    expect(
      runOne(networkIngressController, clusterFrom(nodes('w', 2))).status,
    ).toBe('skipped');
    expect(
      runOne(
        networkIngressController,
        clusterFrom([ingressClass('nginx', 'k8s.io/ingress-nginx')]),
      ).status,
    ).toBe('skipped');
  });
});

describe('network-ingress-controller: Istio Gateways', () => {
  const ingressGateway = (placement: string[]) => {
    const d = deployment('istio-ingressgateway', {
      namespace: 'istio-system',
      labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
      replicas: placement.length,
    });
    return [d, ...podsFor(d, placement)];
  };
  const cluster = (objects: K8sObject[]) =>
    clusterFrom([...nodes('w', 3, ['eu-1a', 'eu-1b', 'eu-1c']), ...objects]);

  it('judges the gateway pods an Istio Gateway selects, with its VirtualServices counted', () => {
    const [gw, ...pods] = ingressGateway(['w-1', 'w-2']);
    const outcome = runOne(
      networkIngressController,
      cluster([
        gw,
        ...pods,
        pdbFor(gw, { maxUnavailable: 1 }),
        istioGateway('public', 'istio-system'),
        virtualService('shop', 'shop', ['istio-system/public'], ['shop']),
      ]),
    );
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'Istio Gateway istio-system/public (selector istio=ingressgateway), served by Deployment istio-system/istio-ingressgateway, has 2 ready replicas on 2 nodes in 2 zones, with a PDB',
      target: {
        kind: 'Gateway',
        apiGroup: 'networking.istio.io',
        namespace: 'istio-system',
        name: 'public',
      },
      evidence: { selector: { istio: 'ingressgateway' }, virtualServices: 1 },
    });
  });

  it("finds the gateway pods only in the Gateway's namespace when istiod scopes Gateways to it", () => {
    const [gw, ...pods] = ingressGateway(['w-1', 'w-2']);
    const istiod = (scoped: boolean) =>
      deployment('istiod', {
        namespace: 'istio-system',
        containers: [
          {
            name: 'discovery',
            image: 'docker.io/istio/pilot:1.24.0',
            env: [
              {
                name: 'PILOT_SCOPE_GATEWAY_TO_NAMESPACE',
                value: String(scoped),
              },
            ],
          },
        ],
      });
    const objects = [
      gw,
      ...pods,
      pdbFor(gw, { maxUnavailable: 1 }),
      istioGateway('public', 'shop'),
      virtualService('shop', 'shop', ['public'], ['shop']),
    ];
    const scoped = runOne(
      networkIngressController,
      cluster([...objects, istiod(true)]),
    );
    expect(scoped.status).toBe('unknown');
    expect(scoped.message).toContain(
      'in its namespace shop (istiod runs with PILOT_SCOPE_GATEWAY_TO_NAMESPACE=true)',
    );
    expect(
      runOne(networkIngressController, cluster([...objects, istiod(false)]))
        .status,
    ).toBe('pass');
  });

  it('fails a single gateway pod, skips a Gateway nothing is bound to, and is unknown when no pod matches', () => {
    const outcomes = runCheck(
      networkIngressController,
      cluster([
        ...ingressGateway(['w-1']),
        istioGateway('public', 'istio-system'),
        istioGateway('unused', 'istio-system'),
        istioGateway('internal', 'istio-system', { istio: 'internal-gateway' }),
        virtualService(
          'shop',
          'shop',
          ['istio-system/public', 'mesh'],
          ['shop'],
        ),
        virtualService('admin', 'istio-system', ['internal'], ['admin']),
      ]),
    );
    expect(outcomes.map(o => [o.target?.name, o.status])).toEqual([
      ['public', 'fail'],
      ['unused', 'skipped'],
      ['internal', 'unknown'],
    ]);
    expect(outcomes[2].message).toBe(
      "Istio Gateway istio-system/internal (selector istio=internal-gateway): no gateway workload carries its selector's labels for its 1 VirtualService",
    );
  });
});
