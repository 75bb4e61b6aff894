/**
 * Envoy Gateway (Gateway API): the Gateway API and Envoy Gateway CRDs, its controller, a
 * GatewayClass, one Gateway with its HTTPRoutes, and the Envoy proxy Deployment and Service it
 * provisions for that Gateway in its own namespace, labelled with the owning Gateway as Envoy
 * Gateway labels them. Envoy Gateway creates no PodDisruptionBudget unless the EnvoyProxy resource
 * asks for one.
 */
import { Cluster } from '../lib/cluster';
import { hex } from '../lib/ids';
import { Duration } from '../lib/time';
import { container, httpGet } from './containers';
import { addCrds } from './crds';
import { meta } from './meta';
import { addService } from './network';
import { addPdb } from './policy';
import { addDeployment } from './workloads';

const NAMESPACE = 'envoy-gateway-system';
const VERSION = 'v1.5.4';
const CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** An HTTPRoute attached to the Gateway, sending a hostname to a Service. */
export interface RouteOpts {
  name: string;
  namespace: string;
  hostname: string;
  service: string;
  port: number;
}

export interface EnvoyGatewayOpts {
  controllerNodes: string[];
  gateway: { name: string; namespace: string };
  routes: RouteOpts[];
  proxyNodes: string[];
  /** The load balancer's hostname, as the cloud reports it on the proxy Service. */
  lbHostname: string;
  created: Duration;
  rolledOut: Duration;
}

function addController(c: Cluster, o: EnvoyGatewayOpts): void {
  const sel = {
    'app.kubernetes.io/instance': 'eg',
    'app.kubernetes.io/name': 'gateway-helm',
    'control-plane': 'envoy-gateway',
  };
  const labels = { ...sel, 'app.kubernetes.io/managed-by': 'Helm' };
  addDeployment(c, {
    name: 'envoy-gateway',
    namespace: NAMESPACE,
    labels,
    selector: { matchLabels: sel },
    template: {
      labels: sel,
      spec: {
        serviceAccountName: 'envoy-gateway',
        containers: [
          container({
            name: 'envoy-gateway',
            image: `envoyproxy/gateway:${VERSION}`,
            args: ['server', '--config-path=/config/envoy-gateway.yaml'],
            ports: [
              { name: 'grpc', containerPort: 18000 },
              { name: 'ratelimit', containerPort: 18001 },
              { name: 'metrics', containerPort: 19001 },
            ],
            requests: { cpu: '100m', memory: '256Mi' },
            livenessProbe: httpGet('/healthz', 8081, {
              initialDelaySeconds: 15,
              periodSeconds: 20,
            }),
            readinessProbe: httpGet('/readyz', 8081, {
              initialDelaySeconds: 5,
              periodSeconds: 10,
            }),
          }),
        ],
      },
    },
    replicas: o.controllerNodes.length,
    nodes: o.controllerNodes,
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 3,
  });
  addService(c, {
    name: 'envoy-gateway',
    namespace: NAMESPACE,
    labels,
    selector: sel,
    ports: [
      { name: 'grpc', port: 18000, targetPort: 18000 },
      { name: 'ratelimit', port: 18001, targetPort: 18001 },
      { name: 'metrics', port: 19001, targetPort: 19001 },
    ],
    created: o.created,
  });
  addPdb(c, {
    name: 'envoy-gateway',
    namespace: NAMESPACE,
    selector: { matchLabels: sel },
    minAvailable: 1,
    labels,
    created: o.created,
  });
}

function addGatewayObjects(c: Cluster, o: EnvoyGatewayOpts, address: string) {
  const { name, namespace } = o.gateway;
  const attachedRoutes = o.routes.length;
  c.add({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: meta(c, 'GatewayClass', {
      name: 'eg',
      created: o.created,
      generation: 1,
    }),
    spec: { controllerName: CONTROLLER },
    status: {
      conditions: [
        {
          type: 'Accepted',
          status: 'True',
          reason: 'Accepted',
          message: 'Valid GatewayClass',
          observedGeneration: 1,
          lastTransitionTime: c.ago(o.created),
        },
      ],
    },
  });
  const condition = (type: string) => ({
    type,
    status: 'True',
    reason: type,
    message:
      type === 'Accepted'
        ? 'The Gateway has been scheduled by Envoy Gateway'
        : 'Address assigned to the Gateway, 2/2 envoy replicas available',
    observedGeneration: 1,
    lastTransitionTime: c.ago(o.rolledOut),
  });
  c.add({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: meta(c, 'Gateway', {
      name,
      namespace,
      created: o.created,
      generation: 1,
    }),
    spec: {
      gatewayClassName: 'eg',
      listeners: [
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          allowedRoutes: { namespaces: { from: 'All' } },
          tls: {
            mode: 'Terminate',
            certificateRefs: [{ kind: 'Secret', name: `${name}-tls` }],
          },
        },
      ],
    },
    status: {
      addresses: [{ type: 'Hostname', value: address }],
      conditions: [condition('Accepted'), condition('Programmed')],
      listeners: [
        {
          name: 'https',
          attachedRoutes,
          supportedKinds: [
            { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
            { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' },
          ],
          conditions: [condition('Programmed')],
        },
      ],
    },
  });
}

/** The proxy Deployment and Service of one Gateway: `envoy-<namespace>-<name>-<hash>`. */
function addProxy(c: Cluster, o: EnvoyGatewayOpts): void {
  const { name, namespace } = o.gateway;
  const sel = {
    'app.kubernetes.io/component': 'proxy',
    'app.kubernetes.io/managed-by': 'envoy-gateway',
    'app.kubernetes.io/name': 'envoy',
    'gateway.envoyproxy.io/owning-gateway-name': name,
    'gateway.envoyproxy.io/owning-gateway-namespace': namespace,
  };
  const proxyName = `envoy-${namespace}-${name}-${hex(
    `${c.name}/${namespace}/${name}`,
    8,
  )}`;
  addDeployment(c, {
    name: proxyName,
    namespace: NAMESPACE,
    labels: sel,
    selector: { matchLabels: sel },
    template: {
      labels: sel,
      annotations: {
        'prometheus.io/path': '/stats/prometheus',
        'prometheus.io/port': '19001',
        'prometheus.io/scrape': 'true',
      },
      spec: {
        serviceAccountName: proxyName,
        terminationGracePeriodSeconds: 360,
        containers: [
          container({
            name: 'envoy',
            image: 'envoyproxy/envoy:distroless-v1.35.6',
            args: [
              '--service-cluster',
              proxyName,
              '--service-node',
              '$(ENVOY_POD_NAME)',
              '--config-yaml',
              '<bootstrap>',
              '--log-level',
              'warn',
            ],
            ports: [
              { name: 'https-443', containerPort: 10443 },
              { name: 'metrics', containerPort: 19001 },
            ],
            requests: { cpu: '100m', memory: '512Mi' },
            readinessProbe: httpGet('/ready', 19003, {
              failureThreshold: 1,
              periodSeconds: 5,
              timeoutSeconds: 1,
            }),
            startupProbe: httpGet('/ready', 19003, {
              failureThreshold: 30,
              periodSeconds: 10,
              timeoutSeconds: 1,
            }),
          }),
          container({
            name: 'shutdown-manager',
            image: `envoyproxy/gateway:${VERSION}`,
            command: ['envoy-gateway'],
            args: ['envoy', 'shutdown-manager'],
            requests: { cpu: '10m', memory: '32Mi' },
            livenessProbe: httpGet('/healthz', 19002),
            readinessProbe: httpGet('/healthz', 19002),
          }),
        ],
      },
    },
    replicas: o.proxyNodes.length,
    nodes: o.proxyNodes,
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 2,
  });
  addService(c, {
    name: proxyName,
    namespace: NAMESPACE,
    labels: sel,
    selector: sel,
    type: 'LoadBalancer',
    externalTrafficPolicy: 'Local',
    ports: [{ name: 'https-443', port: 443, targetPort: 10443 }],
    lbIngress: [{ hostname: o.lbHostname }],
    created: o.created,
  });
}

function addRoutes(c: Cluster, o: EnvoyGatewayOpts): void {
  for (const route of o.routes) {
    const parentRef = {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: o.gateway.name,
      namespace: o.gateway.namespace,
    };
    c.add({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: meta(c, 'HTTPRoute', {
        name: route.name,
        namespace: route.namespace,
        created: o.rolledOut,
        generation: 1,
      }),
      spec: {
        parentRefs: [parentRef],
        hostnames: [route.hostname],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: route.service, port: route.port, weight: 1 }],
          },
        ],
      },
      status: {
        parents: [
          {
            parentRef,
            controllerName: CONTROLLER,
            conditions: ['Accepted', 'ResolvedRefs'].map(type => ({
              type,
              status: 'True',
              reason: type,
              observedGeneration: 1,
              lastTransitionTime: c.ago(o.rolledOut),
            })),
          },
        ],
      },
    });
  }
}

/**
 * Envoy Gateway serving one Gateway. Its proxies run as the EnvoyProxy resource asks
 * (`proxyNodes`, one per replica); no PodDisruptionBudget protects them.
 */
export function addEnvoyGateway(c: Cluster, o: EnvoyGatewayOpts): void {
  addCrds(
    c,
    [
      'gateway-api/gatewayclasses',
      'gateway-api/gateways',
      'gateway-api/httproutes',
      'envoy-gateway/envoyproxies',
    ],
    o.created,
  );
  addController(c, o);
  addProxy(c, o);
  addGatewayObjects(c, o, o.lbHostname);
  addRoutes(c, o);
}
