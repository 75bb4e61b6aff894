/**
 * The service catalog: the Backstage components and how each is deployed.
 * `deployApp` / `deployStatefulApp` turn one component + per-cluster options
 * into the Deployment/StatefulSet, Service, HPA, PDBs, monitors and Ingress a
 * team's Helm chart would produce.
 */
import { Cluster, K8s } from './lib/cluster';
import { Duration, seconds } from './lib/time';
import {
  container,
  ContainerOpts,
  execProbe,
  httpGet,
  tcpSocket,
} from './builders/containers';
import { addPodMonitoring } from './builders/gmp';
import { addIngress, addService } from './builders/network';
import { addHpa, addPdb } from './builders/policy';
import { addPrometheusRule, addServiceMonitor } from './builders/prometheus';
import { addDeployment, addStatefulSet, Built } from './builders/workloads';
import { Restarts } from './builders/pods';

export interface Component {
  id: string;
  title: string;
  description: string;
  owner: string;
  system: string;
  /** How the catalog entity finds its objects. */
  selectBy: 'id' | 'label-selector';
  /** Extra entity annotations (namespace pinning, exemptions). */
  entityAnnotations?: Record<string, string>;
  tags: string[];
}

export const COMPONENTS: Component[] = [
  {
    id: 'checkout',
    title: 'Checkout',
    description:
      'Checkout API: turns a cart into an order and hands it to payments.',
    owner: 'team-shop',
    system: 'shop',
    selectBy: 'id',
    tags: ['java', 'tier-1'],
  },
  {
    id: 'cart',
    title: 'Cart',
    description: 'Shopping cart API.',
    owner: 'team-shop',
    system: 'shop',
    selectBy: 'id',
    tags: ['go', 'tier-1'],
  },
  {
    id: 'payments-api',
    title: 'Payments API',
    description: 'Authorises and captures card payments through the PSP.',
    owner: 'team-payments',
    system: 'payments',
    selectBy: 'id',
    entityAnnotations: { 'backstage.io/kubernetes-namespace': 'payments' },
    tags: ['java', 'tier-1', 'pci'],
  },
  {
    id: 'catalog-search',
    title: 'Catalog Search',
    description: 'Product search over the catalog index.',
    owner: 'team-shop',
    system: 'shop',
    selectBy: 'id',
    tags: ['go', 'tier-2'],
  },
  {
    id: 'recommendations',
    title: 'Recommendations',
    description: 'Personalised product recommendations.',
    owner: 'team-data',
    system: 'data-platform',
    selectBy: 'id',
    tags: ['python', 'tier-2'],
  },
  {
    id: 'frontend-web',
    title: 'Frontend Web',
    description: 'Server-side rendered storefront.',
    owner: 'team-shop',
    system: 'shop',
    selectBy: 'id',
    tags: ['nodejs', 'tier-1'],
  },
  {
    id: 'inventory',
    title: 'Inventory',
    description: 'Stock levels per warehouse (API + its MySQL database).',
    owner: 'team-shop',
    system: 'shop',
    selectBy: 'id',
    tags: ['go', 'mysql', 'tier-2'],
  },
  {
    id: 'notifications',
    title: 'Notifications',
    description: 'E-mail and push notifications for order events.',
    owner: 'team-platform',
    system: 'platform',
    selectBy: 'id',
    tags: ['go', 'tier-2'],
  },
  {
    id: 'legacy-reports',
    title: 'Legacy Reports',
    description:
      'Nightly finance report UI, single instance by design until its replacement ships.',
    owner: 'team-data',
    system: 'data-platform',
    selectBy: 'id',
    entityAnnotations: {
      'ha-posture.io/exempt-replicas-min-floor':
        'Batch UI, single instance by design; replaced by the data-platform reports in Q1; until=2027-03-31',
    },
    tags: ['php', 'tier-3'],
  },
  {
    id: 'orders-db',
    title: 'Orders DB',
    description: 'PostgreSQL holding orders (US).',
    owner: 'team-data',
    system: 'data-platform',
    selectBy: 'id',
    tags: ['postgresql', 'database', 'tier-1'],
  },
  {
    id: 'session-cache',
    title: 'Session Cache',
    description: 'Redis holding web sessions.',
    owner: 'team-shop',
    system: 'shop',
    selectBy: 'label-selector',
    entityAnnotations: {
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/name=session-cache',
    },
    tags: ['redis', 'tier-2'],
  },
  {
    id: 'search-indexer',
    title: 'Search Indexer',
    description:
      'Consumes catalog change events and rebuilds the search index.',
    owner: 'team-data',
    system: 'data-platform',
    selectBy: 'id',
    tags: ['python', 'tier-3'],
  },
];

export function component(id: string): Component {
  const comp = COMPONENTS.find(x => x.id === id);
  if (!comp) throw new Error(`unknown component ${id}`);
  return comp;
}

/** Labels on a workload, its pod template and its Service. */
export function appLabels(
  comp: Component,
  name: string,
  version: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    app: name,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': comp.system,
    'app.kubernetes.io/version': version,
    ...(comp.selectBy === 'id'
      ? { 'backstage.io/kubernetes-id': comp.id }
      : {}),
    ...extra,
  };
}

export interface AppOpts {
  /** Workload name (defaults to the component id). */
  name?: string;
  namespace: string;
  version: string;
  replicas: number;
  nodes: (string | null)[];
  created: Duration;
  rolledOut: Duration;
  revision?: number;
  oldRevisions?: { revision: number; rolledOut: Duration }[];
  /** readiness + liveness probes (default true). */
  probes?: boolean;
  /** 'burstable' (requests + memory limit, default) or 'none' (BestEffort). */
  resources?: 'burstable' | 'none';
  priorityClassName?: string;
  /** Zone spread constraint; `selectorApp` overrides the `app` label it selects (a mismatch). */
  zoneSpread?: { selectorApp?: string; whenUnsatisfiable?: string };
  hostnameAntiAffinity?: 'preferred' | 'required';
  nodeSelector?: Record<string, string>;
  strategy?: 'Recreate';
  hpa?: { min: number; max: number; cpuCurrent: number; lastScale: Duration };
  pdbs?: {
    name: string;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    /** `AlwaysAllow` lets drains evict crash-looping pods (the recommended setting). */
    unhealthyPodEvictionPolicy?: 'AlwaysAllow' | 'IfHealthyBudget';
    created?: Duration;
  }[];
  serviceMonitor?: { namespace: string; labels?: Record<string, string> };
  prometheusRule?: { namespace: string; labels?: Record<string, string> };
  podMonitoring?: boolean;
  ingress?: {
    className: string;
    host: string;
    path: string;
    lbIngress: K8s[];
    annotations?: Record<string, string>;
  };
  /** An extra LoadBalancer Service (e.g. a public NLB) and its status. */
  loadBalancer?: {
    name: string;
    annotations: Record<string, string>;
    lbIngress: K8s[];
  };
  restarts?: Record<number, Restarts>;
  unschedulableMessage?: string;
  componentLabel?: string;
  port?: number;
  env?: K8s[];
}

const IMAGE = (name: string, version: string) =>
  `ghcr.io/acme/${name}:${version}`;

function appPodSpec(
  o: AppOpts,
  name: string,
  podLabels: Record<string, string>,
  ports: ContainerOpts['ports'],
  probes: { readiness?: K8s; liveness?: K8s },
): K8s {
  const spec: K8s = {
    serviceAccountName: name,
    containers: [
      container({
        name,
        image: IMAGE(name, o.version),
        ports,
        env: o.env,
        requests:
          o.resources === 'none' ? undefined : { cpu: '250m', memory: '256Mi' },
        limits: o.resources === 'none' ? undefined : { memory: '512Mi' },
        readinessProbe: o.probes === false ? undefined : probes.readiness,
        livenessProbe: o.probes === false ? undefined : probes.liveness,
      }),
    ],
  };
  if (o.priorityClassName) spec.priorityClassName = o.priorityClassName;
  if (o.nodeSelector) spec.nodeSelector = o.nodeSelector;
  if (o.zoneSpread) {
    const sel = o.zoneSpread.selectorApp
      ? { app: o.zoneSpread.selectorApp }
      : { 'app.kubernetes.io/name': name };
    spec.topologySpreadConstraints = [
      {
        labelSelector: { matchLabels: sel },
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: o.zoneSpread.whenUnsatisfiable ?? 'DoNotSchedule',
        ...(o.zoneSpread.selectorApp
          ? {}
          : { matchLabelKeys: ['pod-template-hash'] }),
      },
      {
        labelSelector: { matchLabels: sel },
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
      },
    ];
  }
  if (o.hostnameAntiAffinity) {
    const term = {
      labelSelector: {
        matchLabels: {
          'app.kubernetes.io/name': podLabels['app.kubernetes.io/name'],
        },
      },
      topologyKey: 'kubernetes.io/hostname',
    };
    spec.affinity = {
      podAntiAffinity:
        o.hostnameAntiAffinity === 'required'
          ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
          : {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { podAffinityTerm: term, weight: 100 },
              ],
            },
    };
  }
  return spec;
}

interface MetricsPorts {
  /** StatefulSet (changes the alert expressions). */
  stateful?: boolean;
  /** Labels of the Service that exposes metrics. */
  serviceSelector: Record<string, string>;
  servicePort: string;
  podPort: string;
}

function monitoring(
  c: Cluster,
  comp: Component,
  o: AppOpts,
  name: string,
  ports: MetricsPorts,
  created: number,
): void {
  if (o.serviceMonitor) {
    const otherNs = o.serviceMonitor.namespace !== o.namespace;
    addServiceMonitor(c, {
      name,
      namespace: o.serviceMonitor.namespace,
      labels: {
        'app.kubernetes.io/name': name,
        team: comp.owner,
        ...(o.serviceMonitor.labels ?? {}),
      },
      selector: { matchLabels: ports.serviceSelector },
      ...(otherNs ? { namespaceSelector: { matchNames: [o.namespace] } } : {}),
      endpoints: [
        { interval: '30s', path: '/metrics', port: ports.servicePort },
      ],
      created: created - 600,
    });
  }
  if (o.prometheusRule) {
    const stateful = Boolean(ports.stateful);
    const camel = name.replace(/(^|-)(\w)/g, (_m, _d, ch: string) =>
      ch.toUpperCase(),
    );
    addPrometheusRule(c, {
      name: `${name}-alerts`,
      namespace: o.prometheusRule.namespace,
      labels: {
        'app.kubernetes.io/name': name,
        team: comp.owner,
        role: 'alert-rules',
        ...(o.prometheusRule.labels ?? {}),
      },
      groups: [
        {
          name: `${name}.slo`,
          rules: [
            {
              alert: `${camel}HighErrorRate`,
              annotations: {
                summary: `${comp.title}: more than 2% of requests fail`,
                runbook_url: `https://runbooks.acme.example/${name}/high-error-rate`,
              },
              expr: `sum(rate(http_requests_total{namespace="${o.namespace}",service="${name}",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="${o.namespace}",service="${name}"}[5m])) > 0.02`,
              for: '5m',
              labels: { severity: 'critical', team: comp.owner },
            },
            {
              alert: `${camel}ReplicasUnavailable`,
              annotations: {
                summary: `${comp.title} has unavailable replicas`,
              },
              expr: stateful
                ? `kube_statefulset_status_replicas_ready{namespace="${o.namespace}",statefulset="${name}"} < kube_statefulset_replicas{namespace="${o.namespace}",statefulset="${name}"}`
                : `kube_deployment_status_replicas_unavailable{namespace="${o.namespace}",deployment="${name}"} > 0`,
              for: '15m',
              labels: { severity: 'warning', team: comp.owner },
            },
          ],
        },
      ],
      created: created - 600,
    });
  }
  if (o.podMonitoring) {
    addPodMonitoring(c, {
      name,
      namespace: o.namespace,
      labels: { 'app.kubernetes.io/name': name },
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      endpoints: [{ interval: '30s', port: ports.podPort }],
      created: created - 600,
    });
  }
}

/** A stateless HTTP service: Deployment, Service, and the optional HPA/PDB/monitoring/ingress. */
export function deployApp(c: Cluster, comp: Component, o: AppOpts): Built {
  const name = o.name ?? comp.id;
  const created = seconds(o.created);
  const podLabels = appLabels(
    comp,
    name,
    o.version,
    o.componentLabel ? { 'app.kubernetes.io/component': o.componentLabel } : {},
  );
  const port = o.port ?? 8080;
  const spec = appPodSpec(
    o,
    name,
    podLabels,
    [{ name: 'http', containerPort: port }],
    {
      readiness: httpGet('/healthz/ready', 'http', { periodSeconds: 5 }),
      liveness: httpGet('/healthz/live', 'http', { initialDelaySeconds: 15 }),
    },
  );
  const built = addDeployment(c, {
    name,
    namespace: o.namespace,
    labels: podLabels,
    annotations: {
      'meta.helm.sh/release-name': name,
      'meta.helm.sh/release-namespace': o.namespace,
    },
    selector: { matchLabels: { 'app.kubernetes.io/name': name } },
    template: {
      labels: podLabels,
      annotations: { 'kubectl.kubernetes.io/default-container': name },
      spec,
    },
    replicas: o.replicas,
    nodes: o.nodes,
    created,
    rolledOut: o.rolledOut,
    revision: o.revision,
    oldRevisions: o.oldRevisions,
    strategy: o.strategy === 'Recreate' ? { type: 'Recreate' } : undefined,
    restarts: o.restarts,
    unschedulableMessage: o.unschedulableMessage,
  });
  const svcLabels = { ...podLabels };
  delete svcLabels.app;
  addService(c, {
    name,
    namespace: o.namespace,
    labels: svcLabels,
    selector: { 'app.kubernetes.io/name': name },
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    created,
  });
  if (o.loadBalancer) {
    addService(c, {
      name: o.loadBalancer.name,
      namespace: o.namespace,
      labels: svcLabels,
      annotations: o.loadBalancer.annotations,
      selector: { 'app.kubernetes.io/name': name },
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      ports: [{ name: 'https', port: 443, targetPort: 'http' }],
      lbIngress: o.loadBalancer.lbIngress,
      created: 3 * 3600,
    });
  }
  if (o.hpa) {
    addHpa(c, {
      name,
      namespace: o.namespace,
      target: built.workload,
      minReplicas: o.hpa.min,
      maxReplicas: o.hpa.max,
      cpuTarget: 70,
      cpuCurrent: o.hpa.cpuCurrent,
      created: created - 60,
      lastScale: o.hpa.lastScale,
    });
  }
  for (const p of o.pdbs ?? []) {
    addPdb(c, {
      name: p.name,
      namespace: o.namespace,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      minAvailable: p.minAvailable,
      maxUnavailable: p.maxUnavailable,
      unhealthyPodEvictionPolicy: p.unhealthyPodEvictionPolicy,
      created: p.created ?? created - 60,
    });
  }
  monitoring(
    c,
    comp,
    o,
    name,
    {
      serviceSelector: { 'app.kubernetes.io/name': name },
      servicePort: 'http',
      podPort: 'http',
    },
    created,
  );
  if (o.ingress) {
    addIngress(c, {
      name,
      namespace: o.namespace,
      className: o.ingress.className,
      host: o.ingress.host,
      paths: [{ path: o.ingress.path, service: name, port: 'http' }],
      lbIngress: o.ingress.lbIngress,
      labels: svcLabels,
      annotations: o.ingress.annotations,
      created: created - 120,
    });
  }
  return built;
}

export interface StatefulAppOpts
  extends Omit<
    AppOpts,
    'strategy' | 'hpa' | 'ingress' | 'loadBalancer' | 'zoneSpread'
  > {
  engine: 'postgres' | 'redis' | 'mysql';
  storageClassName: string;
  size: string;
  zoneAntiAffinity?: 'preferred';
}

const ENGINES = {
  postgres: {
    image: 'docker.io/bitnami/postgresql:16.4.0',
    port: 5432,
    portName: 'tcp-postgresql',
    exporter: 'docker.io/bitnami/postgres-exporter:0.15.0',
    exporterPort: 9187,
    probe: execProbe(
      ['/bin/sh', '-c', 'exec pg_isready -U "postgres" -h 127.0.0.1 -p 5432'],
      {
        initialDelaySeconds: 5,
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 6,
      },
    ),
  },
  redis: {
    image: 'docker.io/bitnami/redis:7.4.1',
    port: 6379,
    portName: 'tcp-redis',
    exporter: 'docker.io/bitnami/redis-exporter:1.66.0',
    exporterPort: 9121,
    probe: execProbe(['sh', '-c', '/health/ping_liveness_local.sh 5'], {
      initialDelaySeconds: 20,
      periodSeconds: 5,
      timeoutSeconds: 6,
      failureThreshold: 5,
    }),
  },
  mysql: {
    image: 'docker.io/bitnami/mysql:8.4.3',
    port: 3306,
    portName: 'mysql',
    exporter: 'docker.io/bitnami/mysqld-exporter:0.16.0',
    exporterPort: 9104,
    probe: execProbe(
      [
        '/bin/bash',
        '-ec',
        'mysqladmin status -uroot -p"${MYSQL_ROOT_PASSWORD}"',
      ],
      {
        initialDelaySeconds: 5,
        periodSeconds: 10,
        timeoutSeconds: 1,
        failureThreshold: 3,
      },
    ),
  },
};

/** A database or cache: StatefulSet with per-pod PVCs, a headless + client Service and optional PDB/monitoring. */
export function deployStatefulApp(
  c: Cluster,
  comp: Component,
  o: StatefulAppOpts,
): Built {
  const name = o.name ?? comp.id;
  const created = seconds(o.created);
  const e = ENGINES[o.engine];
  const podLabels = appLabels(comp, name, o.version, {
    'app.kubernetes.io/component': o.componentLabel ?? 'primary',
  });
  const containers: K8s[] = [
    container({
      name: o.engine === 'postgres' ? 'postgresql' : o.engine,
      image: e.image,
      ports: [{ name: e.portName, containerPort: e.port }],
      env: o.env,
      requests:
        o.resources === 'none' ? undefined : { cpu: '500m', memory: '1Gi' },
      limits: o.resources === 'none' ? undefined : { memory: '2Gi' },
      readinessProbe: o.probes === false ? undefined : e.probe,
      livenessProbe:
        o.probes === false
          ? undefined
          : tcpSocket(e.port, {
              initialDelaySeconds: 30,
              periodSeconds: 10,
              timeoutSeconds: 5,
              failureThreshold: 6,
            }),
      volumeMounts: [{ mountPath: '/bitnami/data', name: 'data' }],
    }),
    container({
      name: 'metrics',
      image: e.exporter,
      ports: [{ name: 'metrics', containerPort: e.exporterPort }],
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '128Mi' },
      readinessProbe: httpGet('/', 'metrics', {
        initialDelaySeconds: 5,
        timeoutSeconds: 1,
      }),
      livenessProbe: httpGet('/', 'metrics', {
        initialDelaySeconds: 30,
        timeoutSeconds: 5,
      }),
    }),
  ];
  const spec: K8s = {
    serviceAccountName: name,
    containers,
    securityContext: { fsGroup: 1001 },
  };
  if (o.priorityClassName) spec.priorityClassName = o.priorityClassName;
  if (o.nodeSelector) spec.nodeSelector = o.nodeSelector;
  const term = {
    labelSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
    topologyKey: 'kubernetes.io/hostname',
  };
  if (o.hostnameAntiAffinity || o.zoneAntiAffinity) {
    spec.affinity = { podAntiAffinity: {} };
    if (o.hostnameAntiAffinity === 'required')
      spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution =
        [term];
    const preferred: K8s[] = [];
    if (o.hostnameAntiAffinity === 'preferred')
      preferred.push({ podAffinityTerm: term, weight: 100 });
    if (o.zoneAntiAffinity)
      preferred.push({
        podAffinityTerm: {
          ...term,
          topologyKey: 'topology.kubernetes.io/zone',
        },
        weight: 50,
      });
    if (preferred.length)
      spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution =
        preferred;
  }
  const headless = `${name}-headless`;
  const built = addStatefulSet(c, {
    name,
    namespace: o.namespace,
    labels: podLabels,
    annotations: {
      'meta.helm.sh/release-name': name,
      'meta.helm.sh/release-namespace': o.namespace,
    },
    selector: {
      matchLabels: {
        'app.kubernetes.io/component': podLabels['app.kubernetes.io/component'],
        'app.kubernetes.io/name': name,
      },
    },
    template: { labels: podLabels, spec },
    replicas: o.replicas,
    nodes: o.nodes,
    serviceName: headless,
    created,
    rolledOut: o.rolledOut,
    volumeClaimTemplates: [
      { name: 'data', storageClassName: o.storageClassName, size: o.size },
    ],
    restarts: o.restarts,
  });
  const svcLabels = { ...podLabels };
  delete svcLabels.app;
  addService(c, {
    name: headless,
    namespace: o.namespace,
    labels: svcLabels,
    selector: { 'app.kubernetes.io/name': name },
    ports: [{ name: e.portName, port: e.port, targetPort: e.portName }],
    headless: true,
    publishNotReadyAddresses: true,
    created,
  });
  addService(c, {
    name,
    namespace: o.namespace,
    labels: svcLabels,
    selector: { 'app.kubernetes.io/name': name },
    ports: [{ name: e.portName, port: e.port, targetPort: e.portName }],
    created,
  });
  const metricsLabels = {
    ...svcLabels,
    'app.kubernetes.io/component': 'metrics',
  };
  addService(c, {
    name: `${name}-metrics`,
    namespace: o.namespace,
    labels: metricsLabels,
    selector: { 'app.kubernetes.io/name': name },
    ports: [
      { name: 'http-metrics', port: e.exporterPort, targetPort: 'metrics' },
    ],
    created,
  });
  for (const p of o.pdbs ?? []) {
    addPdb(c, {
      name: p.name,
      namespace: o.namespace,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      minAvailable: p.minAvailable,
      maxUnavailable: p.maxUnavailable,
      unhealthyPodEvictionPolicy: p.unhealthyPodEvictionPolicy,
      created: p.created ?? created - 60,
    });
  }
  monitoring(
    c,
    comp,
    o,
    name,
    {
      serviceSelector: {
        'app.kubernetes.io/component': 'metrics',
        'app.kubernetes.io/name': name,
      },
      servicePort: 'http-metrics',
      podPort: 'metrics',
      stateful: true,
    },
    created,
  );
  return built;
}
