/**
 * Services with EndpointSlices computed from the pods their selector matches,
 * the default/kubernetes Service, Ingresses and IngressClasses.
 */
import { Cluster, K8s } from '../lib/cluster';
import { safeSuffix } from '../lib/ids';
import { matchesMap } from '../lib/selectors';
import { Duration, seconds } from '../lib/time';
import { meta, ownerRef } from './meta';
import { isReady } from './pods';

/** Seconds before capture of the newest endpoint change (a pod became ready or its node went away). */
function lastChange(c: Cluster, pods: K8s[], serviceAge: number): number {
  let newest = serviceAge;
  for (const p of pods) {
    const ready = (p.status.conditions ?? []).find(
      (x: K8s) => x.type === 'Ready',
    );
    const age = c.ageOf(
      ready?.lastTransitionTime ?? p.metadata.creationTimestamp,
    );
    newest = Math.min(newest, age);
  }
  return Math.max(newest, 0);
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface ServiceOpts {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  selector?: Record<string, string>;
  ports: ServicePort[];
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  headless?: boolean;
  clusterIP?: string;
  /** LoadBalancer status: ingress points, or [] while the cloud has not provisioned it. */
  lbIngress?: K8s[];
  externalTrafficPolicy?: 'Cluster' | 'Local';
  publishNotReadyAddresses?: boolean;
  loadBalancerClass?: string;
  created: Duration;
}

export function addService(
  c: Cluster,
  o: ServiceOpts,
): { service: K8s; slice?: K8s } {
  const type = o.type ?? 'ClusterIP';
  const clusterIP = o.headless
    ? 'None'
    : o.clusterIP
    ? c.reserveServiceIP(o.clusterIP)
    : c.serviceIP(`${o.namespace}/${o.name}`);
  const spec: K8s = {
    clusterIP,
    clusterIPs: [clusterIP],
    internalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ports: o.ports.map(p => ({
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
      name: p.name,
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      targetPort: p.targetPort,
      ...(type !== 'ClusterIP'
        ? { nodePort: c.nodePort(`${o.namespace}/${o.name}/${p.name}`) }
        : {}),
    })),
    sessionAffinity: 'None',
    type,
  };
  if (o.selector) spec.selector = o.selector;
  if (o.publishNotReadyAddresses) spec.publishNotReadyAddresses = true;
  if (type !== 'ClusterIP')
    spec.externalTrafficPolicy = o.externalTrafficPolicy ?? 'Cluster';
  if (type === 'LoadBalancer') {
    spec.allocateLoadBalancerNodePorts = true;
    if (o.loadBalancerClass) spec.loadBalancerClass = o.loadBalancerClass;
  }
  const service: K8s = c.add({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(c, 'Service', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      annotations: o.annotations,
      created: o.created,
      finalizers:
        type === 'LoadBalancer'
          ? ['service.kubernetes.io/load-balancer-cleanup']
          : undefined,
    }),
    spec,
    status: {
      loadBalancer:
        o.lbIngress && o.lbIngress.length > 0 ? { ingress: o.lbIngress } : {},
    },
  });
  if (!o.selector) return { service };

  const pods = c
    .list('Pod', o.namespace)
    .filter(p => matchesMap(o.selector, p.metadata.labels) && p.status.podIP)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const resolvePort = (p: ServicePort): number => {
    if (typeof p.targetPort === 'number') return p.targetPort;
    for (const pod of pods) {
      for (const ct of pod.spec.containers) {
        const cp = (ct.ports ?? []).find((x: K8s) => x.name === p.targetPort);
        if (cp) return cp.containerPort;
      }
    }
    throw new Error(
      `${o.namespace}/${o.name}: named port ${p.targetPort} not found on any pod`,
    );
  };
  const sliceName = `${o.name}-${safeSuffix(
    `${c.name}/${o.namespace}/${o.name}/eps`,
    5,
  )}`;
  const slice: K8s = c.add({
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(c, 'EndpointSlice', {
      name: sliceName,
      generateName: `${o.name}-`,
      namespace: o.namespace,
      labels: {
        ...(o.labels ?? {}),
        'endpointslice.kubernetes.io/managed-by':
          'endpointslice-controller.k8s.io',
        'kubernetes.io/service-name': o.name,
        ...(o.headless ? { 'service.kubernetes.io/headless': '' } : {}),
      },
      annotations: {
        'endpoints.kubernetes.io/last-change-trigger-time': c.ago(
          lastChange(c, pods, seconds(o.created)),
        ),
      },
      created: o.created,
      ownerReferences: [ownerRef(service)],
      generation: 1,
    }),
    endpoints: pods.map(p => {
      const ready = o.publishNotReadyAddresses ? true : isReady(p);
      const node = c.node(p.spec.nodeName);
      return {
        addresses: [p.status.podIP],
        conditions: {
          ready,
          serving: o.publishNotReadyAddresses ? true : isReady(p),
          terminating: false,
        },
        ...(p.spec.hostname && p.spec.subdomain
          ? { hostname: p.spec.hostname }
          : {}),
        nodeName: p.spec.nodeName,
        targetRef: {
          kind: 'Pod',
          name: p.metadata.name,
          namespace: o.namespace,
          uid: p.metadata.uid,
        },
        ...(node.zone ? { zone: node.zone } : {}),
      };
    }),
    ports:
      pods.length === 0
        ? null
        : o.ports.map(p => ({
            name: p.name,
            port: resolvePort(p),
            protocol: p.protocol ?? 'TCP',
          })),
  });
  return { service, slice };
}

/** default/kubernetes: a selector-less Service whose endpoints the API servers maintain. */
export function addKubernetesService(
  c: Cluster,
  o: {
    clusterIP: string;
    addresses: string[];
    targetPort: number;
    created: Duration;
  },
): void {
  addService(c, {
    name: 'kubernetes',
    namespace: 'default',
    labels: { component: 'apiserver', provider: 'kubernetes' },
    ports: [{ name: 'https', port: 443, targetPort: o.targetPort }],
    clusterIP: o.clusterIP,
    created: o.created,
  });
  c.add({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta(c, 'Endpoints', {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      created: o.created,
    }),
    subsets: [
      {
        addresses: o.addresses.map(ip => ({ ip })),
        ports: [{ name: 'https', port: o.targetPort, protocol: 'TCP' }],
      },
    ],
  });
  c.add({
    addressType: 'IPv4',
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: meta(c, 'EndpointSlice', {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
      created: o.created,
      generation: 1,
    }),
    endpoints: o.addresses.map(ip => ({
      addresses: [ip],
      conditions: { ready: true },
    })),
    ports: [{ name: 'https', port: o.targetPort, protocol: 'TCP' }],
  });
}

export function addIngressClass(
  c: Cluster,
  o: {
    name: string;
    controller: string;
    isDefault?: boolean;
    labels?: Record<string, string>;
    parameters?: K8s;
    created: Duration;
  },
): K8s {
  return c.add({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: meta(c, 'IngressClass', {
      name: o.name,
      labels: o.labels,
      annotations: o.isDefault
        ? { 'ingressclass.kubernetes.io/is-default-class': 'true' }
        : {},
      created: o.created,
      generation: 1,
    }),
    spec: {
      controller: o.controller,
      ...(o.parameters ? { parameters: o.parameters } : {}),
    },
  });
}

export function addIngress(
  c: Cluster,
  o: {
    name: string;
    namespace: string;
    className: string;
    host: string;
    paths: { path: string; service: string; port: string }[];
    lbIngress: K8s[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    tlsSecret?: string;
    created: Duration;
  },
): K8s {
  for (const p of o.paths) c.must('Service', o.namespace, p.service);
  c.must('IngressClass', undefined, o.className);
  return c.add({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(c, 'Ingress', {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      annotations: o.annotations,
      created: o.created,
      generation: 1,
    }),
    spec: {
      ingressClassName: o.className,
      rules: [
        {
          host: o.host,
          http: {
            paths: o.paths.map(p => ({
              backend: { service: { name: p.service, port: { name: p.port } } },
              path: p.path,
              pathType: 'Prefix',
            })),
          },
        },
      ],
      ...(o.tlsSecret
        ? { tls: [{ hosts: [o.host], secretName: o.tlsSecret }] }
        : {}),
    },
    status: {
      loadBalancer: o.lbIngress.length > 0 ? { ingress: o.lbIngress } : {},
    },
  });
}
