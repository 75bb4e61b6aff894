import {
  isBuiltinGroup,
  RESOURCE_TYPES_BY_KEY,
  ResourceKey,
  ResourceType,
  apiVersionsRead,
} from './resources';

/**
 * Field types of the Kubernetes objects the checks read, as the API server's schemas define them.
 * The API server rejects objects that break them, but files do not (a Helm value rendered as a
 * string, a list where a map belongs, a CRD at another version): a check reading such a field
 * would either crash or misjudge it, e.g. count a Velero Schedule whose `includedNamespaces` is a
 * string as covering every namespace. Objects are checked where they enter the engine: every
 * object of a file or dump in snapshotFromObjects, and the CRD-backed ones of a live cluster
 * (collector, or snapshotFromObjects in `live` mode: the API server checks built-in types
 * itself), and rejected with the field and what it should be. Labels are checked as the API
 * server checks them too (a label value `eu-1a ` with a trailing space would be a zone of its
 * own), and so is the apiVersion of file input (apiVersionProblemOf).
 * `null` is accepted for any field: in YAML an empty field is null, and Kubernetes treats it as
 * unset. It is not accepted as an item of a list of maps (`containers: [null]`): checks read items.
 */
type FieldType =
  | 'object'
  | 'list'
  | 'string'
  | 'integer'
  /** A replica or node count: an int32 from 0 (the API server refuses negative counts). */
  | 'count'
  /** A probe: a map with exactly one handler, as the API server requires. */
  | 'probe'
  /** Resource requests or limits: resource name to a non-negative quantity (`500m`, `1Gi`, 2). */
  | 'quantities'
  | 'boolean'
  | 'intOrString'
  | 'stringMap'
  | 'stringList'
  /** Labels, or a selector's matchLabels: label keys to label values (strings), as the API server requires. */
  | 'labels'
  /** A label key, e.g. a matchExpressions key. */
  | 'labelKey'
  /** A list of label values, e.g. matchExpressions values. */
  | 'labelValues';

/** A dotted path from the object root; `[]` after a segment applies the rest to every item of that list. */
type FieldRule = readonly [path: string, type: FieldType];

/** An Ingress backend: a Service by name (or a resource, which no check follows). */
const INGRESS_BACKEND = (path: string): FieldRule[] => [
  [path, 'object'],
  [`${path}.service`, 'object'],
  [`${path}.service.name`, 'string'],
];

/** Object references of a Gateway API route (parentRefs, backendRefs). */
const ROUTE_REFERENCE = (path: string): FieldRule[] => [
  [path, 'list'],
  [`${path}[]`, 'object'],
  [`${path}[].group`, 'string'],
  [`${path}[].kind`, 'string'],
  [`${path}[].namespace`, 'string'],
  [`${path}[].name`, 'string'],
];

/** A VirtualService's `http`, `tcp` or `tls` rules: the hosts their routes send traffic to. */
const ISTIO_ROUTES = (kind: string): FieldRule[] => [
  [`spec.${kind}`, 'list'],
  [`spec.${kind}[]`, 'object'],
  [`spec.${kind}[].route`, 'list'],
  [`spec.${kind}[].route[]`, 'object'],
  [`spec.${kind}[].route[].destination`, 'object'],
  [`spec.${kind}[].route[].destination.host`, 'string'],
];

/** Gateway API routes (HTTP, GRPC, TLS, TCP, UDP): the Gateways they attach to and the Services they send traffic to. */
const ROUTE: FieldRule[] = [
  ...ROUTE_REFERENCE('spec.parentRefs'),
  ['spec.rules', 'list'],
  ['spec.rules[]', 'object'],
  ...ROUTE_REFERENCE('spec.rules[].backendRefs'),
  ['status.parents', 'list'],
  ['status.parents[]', 'object'],
  ['status.parents[].parentRef', 'object'],
  ['status.parents[].parentRef.name', 'string'],
  ['status.parents[].parentRef.namespace', 'string'],
  ['status.parents[].parentRef.kind', 'string'],
  ['status.parents[].conditions', 'list'],
  ['status.parents[].conditions[]', 'object'],
  ['status.parents[].conditions[].type', 'string'],
  ['status.parents[].conditions[].status', 'string'],
];

/** NGINX Inc VirtualServer and VirtualServerRoute upstreams: the Services they send to. */
const UPSTREAMS: FieldRule[] = [
  ['spec.upstreams', 'list'],
  ['spec.upstreams[]', 'object'],
  ['spec.upstreams[].service', 'string'],
];

/** Traefik's IngressRoute: the Services its routes send to. */
const INGRESS_ROUTE: FieldRule[] = [
  ['spec.routes', 'list'],
  ['spec.routes[]', 'object'],
  ['spec.routes[].services', 'list'],
  ['spec.routes[].services[]', 'object'],
  ['spec.routes[].services[].kind', 'string'],
  ['spec.routes[].services[].namespace', 'string'],
  ['spec.routes[].services[].name', 'string'],
];

/** A TraefikService: the services it weighs, or the one it mirrors. */
const TRAEFIK_SERVICE: FieldRule[] = [
  ['spec.weighted', 'object'],
  ['spec.weighted.services', 'list'],
  ['spec.weighted.services[]', 'object'],
  ['spec.weighted.services[].kind', 'string'],
  ['spec.weighted.services[].namespace', 'string'],
  ['spec.weighted.services[].name', 'string'],
  ['spec.mirroring', 'object'],
  ['spec.mirroring.kind', 'string'],
  ['spec.mirroring.namespace', 'string'],
  ['spec.mirroring.name', 'string'],
];

/** A PrometheusRule's or VMRule's groups of alerting and recording rules. */
const RULE_GROUPS: FieldRule[] = [
  ['spec.groups', 'list'],
  ['spec.groups[]', 'object'],
  ['spec.groups[].rules', 'list'],
  ['spec.groups[].rules[]', 'object'],
  ['spec.groups[].rules[].alert', 'string'],
  ['spec.groups[].rules[].record', 'string'],
  ['spec.groups[].rules[].expr', 'intOrString'],
];

const METADATA: FieldRule[] = [
  ['metadata.namespace', 'string'],
  ['metadata.labels', 'labels'],
  ['metadata.annotations', 'stringMap'],
  ['metadata.ownerReferences', 'list'],
  ['metadata.ownerReferences[]', 'object'],
  ['metadata.ownerReferences[].kind', 'string'],
  ['metadata.ownerReferences[].name', 'string'],
  ['metadata.creationTimestamp', 'string'],
  ['spec', 'object'],
  ['status', 'object'],
];

const SELECTOR = (at: string): FieldRule[] => [
  [at, 'object'],
  [`${at}.matchLabels`, 'labels'],
  [`${at}.matchExpressions`, 'list'],
  [`${at}.matchExpressions[]`, 'object'],
  [`${at}.matchExpressions[].key`, 'labelKey'],
  [`${at}.matchExpressions[].operator`, 'string'],
  [`${at}.matchExpressions[].values`, 'labelValues'],
];

/** Replicas and monitor selectors of a Prometheus or a PrometheusAgent. */
const MONITOR_LOADER: FieldRule[] = [
  ['spec.replicas', 'count'],
  ['spec.shards', 'count'],
  ...SELECTOR('spec.serviceMonitorSelector'),
  ...SELECTOR('spec.serviceMonitorNamespaceSelector'),
  ...SELECTOR('spec.podMonitorSelector'),
  ...SELECTOR('spec.podMonitorNamespaceSelector'),
];

/** A pod (anti-)affinity term, or a list of them (`list`). */
const AFFINITY_TERMS = (at: string, list = true): FieldRule[] => {
  const term = list ? `${at}[]` : at;
  return [
    ...(list ? ([[at, 'list']] as FieldRule[]) : []),
    [term, 'object'],
    [`${term}.topologyKey`, 'string'],
    [`${term}.namespaces`, 'stringList'],
    ...SELECTOR(`${term}.labelSelector`),
    ...SELECTOR(`${term}.namespaceSelector`),
  ];
};

const POD_SPEC = (at: string): FieldRule[] => [
  [at, 'object'],
  [`${at}.nodeName`, 'string'],
  [`${at}.nodeSelector`, 'labels'],
  [`${at}.priorityClassName`, 'string'],
  [`${at}.containers`, 'list'],
  [`${at}.containers[]`, 'object'],
  [`${at}.containers[].name`, 'string'],
  [`${at}.containers[].ports`, 'list'],
  [`${at}.containers[].resources`, 'object'],
  [`${at}.containers[].resources.requests`, 'quantities'],
  [`${at}.containers[].resources.limits`, 'quantities'],
  [`${at}.containers[].readinessProbe`, 'probe'],
  [`${at}.containers[].livenessProbe`, 'probe'],
  [`${at}.containers[].startupProbe`, 'probe'],
  [`${at}.initContainers`, 'list'],
  [`${at}.initContainers[]`, 'object'],
  [`${at}.initContainers[].resources`, 'object'],
  [`${at}.initContainers[].resources.requests`, 'quantities'],
  [`${at}.initContainers[].resources.limits`, 'quantities'],
  [`${at}.initContainers[].readinessProbe`, 'probe'],
  [`${at}.initContainers[].livenessProbe`, 'probe'],
  [`${at}.initContainers[].startupProbe`, 'probe'],
  [`${at}.volumes`, 'list'],
  [`${at}.volumes[]`, 'object'],
  [`${at}.tolerations`, 'list'],
  [`${at}.tolerations[]`, 'object'],
  [`${at}.affinity`, 'object'],
  [`${at}.affinity.podAntiAffinity`, 'object'],
  ...AFFINITY_TERMS(
    `${at}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`,
  ),
  [
    `${at}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution`,
    'list',
  ],
  [
    `${at}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[]`,
    'object',
  ],
  [
    `${at}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[].weight`,
    'integer',
  ],
  ...AFFINITY_TERMS(
    `${at}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[].podAffinityTerm`,
    false,
  ),
  [`${at}.topologySpreadConstraints`, 'list'],
  [`${at}.topologySpreadConstraints[]`, 'object'],
  [`${at}.topologySpreadConstraints[].topologyKey`, 'string'],
  [`${at}.topologySpreadConstraints[].maxSkew`, 'count'],
  ...SELECTOR(`${at}.topologySpreadConstraints[].labelSelector`),
];

const POD_TEMPLATE: FieldRule[] = [
  ['spec.template', 'object'],
  ['spec.template.metadata', 'object'],
  ['spec.template.metadata.labels', 'labels'],
  ['spec.template.metadata.annotations', 'stringMap'],
  ...POD_SPEC('spec.template.spec'),
];

/** Validating and mutating webhook configurations: what control-plane-admission-webhooks reads. */
const WEBHOOKS: FieldRule[] = [
  ['webhooks', 'list'],
  ['webhooks[]', 'object'],
  ['webhooks[].name', 'string'],
  ['webhooks[].failurePolicy', 'string'],
  ['webhooks[].clientConfig', 'object'],
  ['webhooks[].clientConfig.url', 'string'],
  ['webhooks[].clientConfig.service', 'object'],
  ['webhooks[].clientConfig.service.name', 'string'],
  ['webhooks[].clientConfig.service.namespace', 'string'],
];

const REPLICATED: FieldRule[] = [
  ['spec.replicas', 'count'],
  ...SELECTOR('spec.selector'),
  ...POD_TEMPLATE,
  ['status.replicas', 'count'],
  ['status.readyReplicas', 'count'],
  ['status.availableReplicas', 'count'],
  ['status.updatedReplicas', 'count'],
];

const VELERO_SCOPE = (at: string): FieldRule[] => [
  [`${at}.includedNamespaces`, 'stringList'],
  [`${at}.excludedNamespaces`, 'stringList'],
  [`${at}.includedResources`, 'stringList'],
  [`${at}.excludedResources`, 'stringList'],
  [`${at}.includedNamespaceScopedResources`, 'stringList'],
  [`${at}.excludedNamespaceScopedResources`, 'stringList'],
  [`${at}.includedClusterScopedResources`, 'stringList'],
  [`${at}.excludedClusterScopedResources`, 'stringList'],
  [`${at}.includeClusterResources`, 'boolean'],
  [`${at}.snapshotVolumes`, 'boolean'],
  [`${at}.defaultVolumesToFsBackup`, 'boolean'],
  [`${at}.storageLocation`, 'string'],
  [`${at}.ttl`, 'string'],
  ...SELECTOR(`${at}.labelSelector`),
  [`${at}.orLabelSelectors`, 'list'],
];

const MONITOR_SELECTORS: FieldRule[] = [
  ...SELECTOR('spec.selector'),
  ['spec.namespaceSelector', 'object'],
  ['spec.namespaceSelector.any', 'boolean'],
  ['spec.namespaceSelector.matchNames', 'stringList'],
];

/** The labels of a pod template (`<at>.metadata.labels`) inside a custom resource. */
const POD_TEMPLATE_LABELS = (at: string): FieldRule[] => [
  [at, 'object'],
  [`${at}.metadata`, 'object'],
  [`${at}.metadata.labels`, 'labels'],
];

/** A Strimzi template's pod labels: `<at>.pod.metadata.labels`. */
const STRIMZI_POD_LABELS = (at: string): FieldRule[] => [
  [at, 'object'],
  ...POD_TEMPLATE_LABELS(`${at}.pod`),
];

const RULES: ReadonlyMap<ResourceKey, FieldRule[]> = new Map<
  ResourceKey,
  FieldRule[]
>([
  [
    'nodes',
    [
      ['spec.unschedulable', 'boolean'],
      ['spec.taints', 'list'],
      ['spec.taints[]', 'object'],
      ['status.conditions', 'list'],
      ['status.conditions[]', 'object'],
      ['status.conditions[].type', 'string'],
      ['status.conditions[].status', 'string'],
    ],
  ],
  [
    'leases.coordination.k8s.io',
    [
      ['spec.holderIdentity', 'string'],
      ['spec.renewTime', 'string'],
      ['spec.leaseDurationSeconds', 'integer'],
    ],
  ],
  [
    'pods',
    [
      ...POD_SPEC('spec'),
      ['status.phase', 'string'],
      ['status.conditions', 'list'],
      ['status.conditions[]', 'object'],
      ['status.containerStatuses', 'list'],
      ['status.containerStatuses[]', 'object'],
    ],
  ],
  [
    'services',
    [
      ['spec.type', 'string'],
      ['spec.selector', 'labels'],
      ['spec.ports', 'list'],
      ['spec.ports[]', 'object'],
      ['status.loadBalancer', 'object'],
      ['status.loadBalancer.ingress', 'list'],
    ],
  ],
  [
    'ingresses.networking.k8s.io',
    [
      ['spec.ingressClassName', 'string'],
      ...INGRESS_BACKEND('spec.defaultBackend'),
      ['spec.rules', 'list'],
      ['spec.rules[]', 'object'],
      ['spec.rules[].http', 'object'],
      ['spec.rules[].http.paths', 'list'],
      ['spec.rules[].http.paths[]', 'object'],
      ...INGRESS_BACKEND('spec.rules[].http.paths[].backend'),
    ],
  ],
  [
    'persistentvolumeclaims',
    [
      ['spec.storageClassName', 'string'],
      ['spec.volumeName', 'string'],
      ['status.phase', 'string'],
    ],
  ],
  [
    'persistentvolumes',
    [
      ['spec.storageClassName', 'string'],
      ['spec.claimRef', 'object'],
      ['spec.csi', 'object'],
      ['spec.nodeAffinity', 'object'],
    ],
  ],
  ['deployments.apps', [...REPLICATED, ['spec.strategy', 'object']]],
  [
    'statefulsets.apps',
    [
      ...REPLICATED,
      ['spec.updateStrategy', 'object'],
      ['spec.volumeClaimTemplates', 'list'],
      ['spec.volumeClaimTemplates[]', 'object'],
      ['spec.volumeClaimTemplates[].metadata', 'object'],
      ['spec.volumeClaimTemplates[].metadata.name', 'string'],
      ['spec.volumeClaimTemplates[].spec', 'object'],
      ['spec.volumeClaimTemplates[].spec.storageClassName', 'string'],
    ],
  ],
  ['replicasets.apps', REPLICATED],
  ['validatingwebhookconfigurations.admissionregistration.k8s.io', WEBHOOKS],
  ['mutatingwebhookconfigurations.admissionregistration.k8s.io', WEBHOOKS],
  ['rollouts.argoproj.io', [...REPLICATED, ['spec.strategy', 'object']]],
  [
    'daemonsets.apps',
    [
      ...SELECTOR('spec.selector'),
      ...POD_TEMPLATE,
      ['spec.updateStrategy', 'object'],
      ['status.desiredNumberScheduled', 'count'],
      ['status.currentNumberScheduled', 'count'],
      ['status.numberReady', 'count'],
      ['status.numberAvailable', 'count'],
      ['status.numberUnavailable', 'count'],
      ['status.updatedNumberScheduled', 'count'],
    ],
  ],
  [
    'horizontalpodautoscalers.autoscaling',
    [
      ['spec.scaleTargetRef', 'object'],
      ['spec.scaleTargetRef.kind', 'string'],
      ['spec.scaleTargetRef.name', 'string'],
      ['spec.minReplicas', 'count'],
      ['spec.maxReplicas', 'count'],
      ['status.currentReplicas', 'count'],
      ['status.desiredReplicas', 'count'],
      ['status.conditions', 'list'],
    ],
  ],
  [
    'poddisruptionbudgets.policy',
    [
      ['spec.minAvailable', 'intOrString'],
      ['spec.maxUnavailable', 'intOrString'],
      ['spec.unhealthyPodEvictionPolicy', 'string'],
      ...SELECTOR('spec.selector'),
      ['status.disruptionsAllowed', 'count'],
      ['status.currentHealthy', 'count'],
      ['status.desiredHealthy', 'count'],
      ['status.expectedPods', 'count'],
    ],
  ],
  [
    'endpointslices.discovery.k8s.io',
    [
      ['endpoints', 'list'],
      ['endpoints[]', 'object'],
      ['endpoints[].nodeName', 'string'],
      ['endpoints[].zone', 'string'],
      ['endpoints[].conditions', 'object'],
      ['endpoints[].conditions.ready', 'boolean'],
      ['endpoints[].conditions.serving', 'boolean'],
      ['endpoints[].conditions.terminating', 'boolean'],
    ],
  ],
  [
    'storageclasses.storage.k8s.io',
    [
      ['provisioner', 'string'],
      ['parameters', 'stringMap'],
      ['volumeBindingMode', 'string'],
    ],
  ],
  [
    'schedules.velero.io',
    [
      ['spec.schedule', 'string'],
      ['spec.paused', 'boolean'],
      ['spec.template', 'object'],
      ...VELERO_SCOPE('spec.template'),
      ['status.phase', 'string'],
      ['status.lastBackup', 'string'],
    ],
  ],
  [
    'backups.velero.io',
    [
      ...VELERO_SCOPE('spec'),
      ['status.phase', 'string'],
      ['status.startTimestamp', 'string'],
      ['status.completionTimestamp', 'string'],
    ],
  ],
  [
    'backupstoragelocations.velero.io',
    [
      ['spec.provider', 'string'],
      ['spec.config', 'stringMap'],
      ['status.phase', 'string'],
    ],
  ],
  [
    'gateways.gateway.networking.k8s.io',
    [
      ['spec.gatewayClassName', 'string'],
      ['status.addresses', 'list'],
      ['status.addresses[]', 'object'],
      ['status.addresses[].value', 'string'],
      ['status.listeners', 'list'],
      ['status.listeners[]', 'object'],
      ['status.listeners[].attachedRoutes', 'integer'],
      ['status.conditions', 'list'],
      ['status.conditions[]', 'object'],
      ['status.conditions[].type', 'string'],
      ['status.conditions[].status', 'string'],
    ],
  ],
  [
    'scaledobjects.keda.sh',
    [
      ['spec.scaleTargetRef', 'object'],
      ['spec.scaleTargetRef.kind', 'string'],
      ['spec.scaleTargetRef.name', 'string'],
      ['spec.minReplicaCount', 'count'],
      ['spec.idleReplicaCount', 'count'],
    ],
  ],
  [
    'nodepools.karpenter.sh',
    [
      ['spec.limits', 'quantities'],
      ['status.resources', 'quantities'],
    ],
  ],
  [
    'gatewayclasses.gateway.networking.k8s.io',
    [['spec.controllerName', 'string']],
  ],
  [
    'routes.route.openshift.io',
    [
      ['spec.to', 'object'],
      ['spec.to.kind', 'string'],
      ['spec.to.name', 'string'],
      ['spec.alternateBackends', 'list'],
      ['spec.alternateBackends[]', 'object'],
      ['spec.alternateBackends[].kind', 'string'],
      ['spec.alternateBackends[].name', 'string'],
      ['status.ingress', 'list'],
      ['status.ingress[]', 'object'],
      ['status.ingress[].routerName', 'string'],
      ['status.ingress[].conditions', 'list'],
      ['status.ingress[].conditions[]', 'object'],
      ['status.ingress[].conditions[].type', 'string'],
      ['status.ingress[].conditions[].status', 'string'],
    ],
  ],
  ['gateways.networking.istio.io', [['spec.selector', 'labels']]],
  [
    'virtualservices.networking.istio.io',
    [
      ['spec.gateways', 'stringList'],
      ...ISTIO_ROUTES('http'),
      ...ISTIO_ROUTES('tcp'),
      ...ISTIO_ROUTES('tls'),
    ],
  ],
  [
    'virtualservers.k8s.nginx.org',
    [
      ['spec.ingressClassName', 'string'],
      ...UPSTREAMS,
      ['spec.routes', 'list'],
      ['spec.routes[]', 'object'],
      ['spec.routes[].route', 'string'],
      ['status.state', 'string'],
    ],
  ],
  [
    'virtualserverroutes.k8s.nginx.org',
    [...UPSTREAMS, ['status.state', 'string']],
  ],
  [
    'transportservers.k8s.nginx.org',
    [
      ['spec.ingressClassName', 'string'],
      ...UPSTREAMS,
      ['status.state', 'string'],
    ],
  ],
  ...['traefik.io', 'traefik.containo.us'].flatMap(
    (group): Array<readonly [string, FieldRule[]]> => [
      [`ingressroutes.${group}`, INGRESS_ROUTE],
      [`ingressroutetcps.${group}`, INGRESS_ROUTE],
      [`ingressrouteudps.${group}`, INGRESS_ROUTE],
      [`traefikservices.${group}`, TRAEFIK_SERVICE],
    ],
  ),
  [
    'httpproxies.projectcontour.io',
    [
      ['spec.ingressClassName', 'string'],
      ['spec.virtualhost', 'object'],
      ['spec.routes', 'list'],
      ['spec.routes[]', 'object'],
      ['spec.routes[].services', 'list'],
      ['spec.routes[].services[]', 'object'],
      ['spec.routes[].services[].name', 'string'],
      ['spec.includes', 'list'],
      ['spec.includes[]', 'object'],
      ['spec.includes[].name', 'string'],
      ['spec.includes[].namespace', 'string'],
      ['spec.tcpproxy', 'object'],
      ['spec.tcpproxy.services', 'list'],
      ['spec.tcpproxy.services[]', 'object'],
      ['spec.tcpproxy.services[].name', 'string'],
      ['spec.tcpproxy.include', 'object'],
      ['spec.tcpproxy.include.name', 'string'],
      ['spec.tcpproxy.include.namespace', 'string'],
      ['status.currentStatus', 'string'],
    ],
  ],
  [
    'referencegrants.gateway.networking.k8s.io',
    [
      ['spec.from', 'list'],
      ['spec.from[]', 'object'],
      ['spec.from[].group', 'string'],
      ['spec.from[].kind', 'string'],
      ['spec.from[].namespace', 'string'],
      ['spec.to', 'list'],
      ['spec.to[]', 'object'],
      ['spec.to[].group', 'string'],
      ['spec.to[].kind', 'string'],
      ['spec.to[].name', 'string'],
    ],
  ],
  ['httproutes.gateway.networking.k8s.io', ROUTE],
  ['grpcroutes.gateway.networking.k8s.io', ROUTE],
  ['tlsroutes.gateway.networking.k8s.io', ROUTE],
  ['tcproutes.gateway.networking.k8s.io', ROUTE],
  ['udproutes.gateway.networking.k8s.io', ROUTE],
  ...['serviceexports.multicluster.x-k8s.io', 'serviceexports.net.gke.io'].map(
    (key): [ResourceKey, FieldRule[]] => [
      key,
      [
        ['status.conditions', 'list'],
        ['status.conditions[]', 'object'],
        ['status.conditions[].type', 'string'],
        ['status.conditions[].status', 'string'],
      ],
    ],
  ),
  ['links.multicluster.linkerd.io', SELECTOR('spec.federatedServiceSelector')],
  [
    'gslbs.k8gb.absa.oss',
    [
      ['spec.ingress', 'object'],
      ['spec.ingress.rules', 'list'],
      ['spec.ingress.rules[]', 'object'],
      ['spec.resourceRef', 'object'],
      ['spec.resourceRef.kind', 'string'],
      ['spec.resourceRef.name', 'string'],
      ['status.serviceHealth', 'stringMap'],
    ],
  ],
  [
    'listenersets.gateway.networking.k8s.io',
    [
      ['spec.parentRef', 'object'],
      ['spec.parentRef.group', 'string'],
      ['spec.parentRef.kind', 'string'],
      ['spec.parentRef.name', 'string'],
      ['spec.parentRef.namespace', 'string'],
      ['status.conditions', 'list'],
      ['status.conditions[]', 'object'],
      ['status.conditions[].type', 'string'],
      ['status.conditions[].status', 'string'],
      ['status.listeners', 'list'],
      ['status.listeners[]', 'object'],
      ['status.listeners[].attachedRoutes', 'count'],
    ],
  ],
  [
    'servicemonitors.monitoring.coreos.com',
    [...MONITOR_SELECTORS, ['spec.endpoints', 'list']],
  ],
  [
    'podmonitors.monitoring.coreos.com',
    [...MONITOR_SELECTORS, ['spec.podMetricsEndpoints', 'list']],
  ],
  ['prometheusrules.monitoring.coreos.com', RULE_GROUPS],
  [
    'prometheuses.monitoring.coreos.com',
    [
      ...MONITOR_LOADER,
      ...SELECTOR('spec.ruleSelector'),
      ...SELECTOR('spec.ruleNamespaceSelector'),
      ['status.shardStatuses', 'list'],
      ['status.shardStatuses[]', 'object'],
      ['status.shardStatuses[].availableReplicas', 'count'],
    ],
  ],
  ['alertmanagers.monitoring.coreos.com', [['spec.replicas', 'count']]],
  [
    'vmservicescrapes.operator.victoriametrics.com',
    [...MONITOR_SELECTORS, ['spec.endpoints', 'list']],
  ],
  [
    'vmpodscrapes.operator.victoriametrics.com',
    [...MONITOR_SELECTORS, ['spec.podMetricsEndpoints', 'list']],
  ],
  ['vmrules.operator.victoriametrics.com', RULE_GROUPS],
  [
    'vmalerts.operator.victoriametrics.com',
    [
      ['spec.replicaCount', 'count'],
      ['spec.selectAllByDefault', 'boolean'],
      ...SELECTOR('spec.ruleSelector'),
      ...SELECTOR('spec.ruleNamespaceSelector'),
      ['spec.extraArgs', 'stringMap'],
    ],
  ],
  [
    'vmalertmanagers.operator.victoriametrics.com',
    [['spec.replicaCount', 'count']],
  ],
  [
    'vmagents.operator.victoriametrics.com',
    [
      ['spec.replicaCount', 'count'],
      ['spec.shardCount', 'count'],
      ['spec.selectAllByDefault', 'boolean'],
      ['spec.daemonSetMode', 'boolean'],
      ...SELECTOR('spec.serviceScrapeSelector'),
      ...SELECTOR('spec.serviceScrapeNamespaceSelector'),
      ...SELECTOR('spec.podScrapeSelector'),
      ...SELECTOR('spec.podScrapeNamespaceSelector'),
      ...SELECTOR('spec.scrapeConfigSelector'),
      ...SELECTOR('spec.scrapeConfigNamespaceSelector'),
      ...SELECTOR('spec.staticScrapeSelector'),
      ...SELECTOR('spec.staticScrapeNamespaceSelector'),
      ['spec.inlineScrapeConfig', 'string'],
    ],
  ],
  ['prometheusagents.monitoring.coreos.com', MONITOR_LOADER],
  [
    'thanosrulers.monitoring.coreos.com',
    [
      ['spec.replicas', 'count'],
      ...SELECTOR('spec.ruleSelector'),
      ...SELECTOR('spec.ruleNamespaceSelector'),
    ],
  ],
  // GKE Managed Prometheus's OperatorConfig keeps its fields at the top level, not under spec.
  [
    'operatorconfigs.monitoring.googleapis.com',
    [
      ['rules', 'object'],
      ['rules.alerting', 'object'],
      ['rules.alerting.alertmanagers', 'list'],
      ['rules.alerting.alertmanagers[]', 'object'],
      ['rules.alerting.alertmanagers[].name', 'string'],
      ['rules.alerting.alertmanagers[].namespace', 'string'],
      ['rules.alerting.alertmanagers[].port', 'intOrString'],
      ['managedAlertmanager', 'object'],
      ['managedAlertmanager.configSecret', 'object'],
      ['managedAlertmanager.configSecret.name', 'string'],
    ],
  ],
  // Custom resources whose operator creates pods: the fields checks/operatorPods.ts reads to tell
  // the labels of those pods.
  [
    'clusters.postgresql.cnpg.io',
    [
      ['spec.inheritedMetadata', 'object'],
      ['spec.inheritedMetadata.labels', 'labels'],
    ],
  ],
  ['poolers.postgresql.cnpg.io', POD_TEMPLATE_LABELS('spec.template')],
  [
    'kafkas.kafka.strimzi.io',
    [
      'kafka',
      'zookeeper',
      'entityOperator',
      'cruiseControl',
      'kafkaExporter',
    ].flatMap((component): FieldRule[] => [
      [`spec.${component}`, 'object'],
      ...STRIMZI_POD_LABELS(`spec.${component}.template`),
    ]),
  ],
  [
    'kafkanodepools.kafka.strimzi.io',
    [['spec.roles', 'stringList'], ...STRIMZI_POD_LABELS('spec.template')],
  ],
  [
    'rabbitmqclusters.rabbitmq.com',
    POD_TEMPLATE_LABELS('spec.override.statefulSet.spec.template'),
  ],
  ['postgresqls.acid.zalan.do', [['spec.teamId', 'string']]],
  [
    'elasticsearches.elasticsearch.k8s.elastic.co',
    [
      ['spec.version', 'string'],
      ['spec.nodeSets', 'list'],
      ['spec.nodeSets[]', 'object'],
      ['spec.nodeSets[].name', 'string'],
      ...POD_TEMPLATE_LABELS('spec.nodeSets[].podTemplate'),
    ],
  ],
  [
    'kibanas.kibana.k8s.elastic.co',
    [['spec.version', 'string'], ...POD_TEMPLATE_LABELS('spec.podTemplate')],
  ],
  [
    'tenants.minio.min.io',
    [
      ['spec.pools', 'list'],
      ['spec.pools[]', 'object'],
      ['spec.pools[].name', 'string'],
      ['spec.pools[].labels', 'labels'],
    ],
  ],
  [
    'tidbclusters.pingcap.com',
    [
      ['spec.labels', 'labels'],
      ...['pd', 'tikv', 'tidb', 'tiflash', 'ticdc', 'pump', 'tiproxy'].flatMap(
        (component): FieldRule[] => [
          [`spec.${component}`, 'object'],
          [`spec.${component}.labels`, 'labels'],
        ],
      ),
    ],
  ],
]);

/**
 * The API server checks the labels of every object, but selectors and pod templates inside a
 * custom resource only against its CRD's schema (any string will do): there they keep their plain
 * types, or a dump of a healthy cluster (or the collector, which checks live custom resources)
 * would be refused.
 */
const CUSTOM_RESOURCE_TYPES: Partial<Record<FieldType, FieldType>> = {
  labels: 'stringMap',
  labelKey: 'string',
  labelValues: 'stringList',
};

function rulesOf(key: ResourceKey, rules: FieldRule[]): FieldRule[] {
  const type = RESOURCE_TYPES_BY_KEY.get(key);
  if (!type || isBuiltinGroup(type.group)) return rules;
  return rules.map(
    ([path, t]): FieldRule => [path, CUSTOM_RESOURCE_TYPES[t] ?? t],
  );
}

const DESCRIPTIONS: Record<FieldType, string> = {
  object: 'a map',
  list: 'a list',
  string: 'a string',
  integer: 'an integer',
  count: 'a whole number from 0 to 2147483647',
  probe: 'a probe with one handler (httpGet, tcpSocket, exec or grpc)',
  quantities:
    'a map of resource names to quantities from 0 (e.g. cpu: 500m, memory: 1Gi)',
  boolean: 'true or false',
  intOrString: 'an integer or a string',
  stringMap: 'a map of strings',
  stringList: 'a list of strings',
  // What is not a string is named as such; a string breaking the rules gets its own message.
  labels: 'a map of strings',
  labelKey: 'a string',
  labelValues: 'a list of strings',
};

const MAX_INT32 = 2 ** 31 - 1;

const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'];

/** A Kubernetes quantity without a sign (resource.Quantity: decimal or binary suffix, or exponent). */
const QUANTITY =
  /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/**
 * A label value as the API server accepts it (IsValidLabelValue): empty, or at most 63 characters
 * of `[-A-Za-z0-9_.]` with an alphanumeric character at both ends. A trailing space would make
 * `eu-1a ` a zone of its own.
 */
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * A label key (IsQualifiedName): `[prefix/]name`, the name a non-empty label value, the prefix a
 * lowercase DNS subdomain (its length, at most 253, is checked apart).
 */
const LABEL_KEY =
  /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

const MAX_LABEL_PREFIX = 253;

/** The longest valid key: a prefix, `/` and a name. Longer strings are not even matched. */
const MAX_LABEL_KEY = MAX_LABEL_PREFIX + 1 + 63;

const LABEL_VALUE_RULE =
  'up to 63 characters, alphanumeric at both ends; - _ . inside';

const LABEL_KEY_RULE =
  '[prefix/]name: a name of 1 to 63 characters, alphanumeric at both ends, - _ . inside; a prefix, if any, is a lowercase DNS subdomain such as topology.kubernetes.io';

const isLabelValue = (value: unknown): boolean =>
  typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);

/**
 * Keys found valid: a cluster has a few dozen distinct label keys over tens of thousands of objects
 * (a lookup costs a third of the regex). Bounded, in case some input has unique keys.
 */
const VALID_LABEL_KEYS = new Set<string>();

function isLabelKey(key: string): boolean {
  if (VALID_LABEL_KEYS.has(key)) return true;
  const valid =
    key.length <= MAX_LABEL_KEY &&
    LABEL_KEY.test(key) &&
    key.indexOf('/') <= MAX_LABEL_PREFIX;
  if (valid) {
    if (VALID_LABEL_KEYS.size >= 1000) VALID_LABEL_KEYS.clear();
    VALID_LABEL_KEYS.add(key);
  }
  return valid;
}

const isQuantity = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isFinite(value) && value >= 0) ||
  (typeof value === 'string' && QUANTITY.test(value.trim()));

/** How many handlers a probe map names (a probe without one would count as present but probe nothing). */
const handlersOf = (probe: Record<string, unknown>): number =>
  PROBE_HANDLERS.filter(h => probe[h] !== undefined && probe[h] !== null)
    .length;

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function fits(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'object':
      return isMap(value);
    case 'list':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'quantities':
      if (!isMap(value)) return false;
      for (const v of Object.values(value))
        if (v !== null && !isQuantity(v)) return false;
      return true;
    case 'probe':
      return isMap(value) && handlersOf(value) === 1;
    case 'count':
      return (
        Number.isInteger(value) &&
        (value as number) >= 0 &&
        (value as number) <= MAX_INT32
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'intOrString':
      return typeof value === 'string' || Number.isInteger(value);
    case 'stringMap':
      // Label and annotation values are strings; YAML can turn `true` or `8080` into other types.
      if (!isMap(value)) return false;
      for (const v of Object.values(value))
        if (typeof v !== 'string' && v !== null) return false;
      return true;
    case 'stringList':
      if (!Array.isArray(value)) return false;
      for (const v of value) if (typeof v !== 'string') return false;
      return true;
    case 'labels':
      // Every object entering the engine comes here: no array of keys or entries per call.
      if (!isMap(value)) return false;
      for (const key in value) {
        if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
        const v = value[key];
        if (!isLabelKey(key) || (v !== null && !isLabelValue(v))) return false;
      }
      return true;
    case 'labelKey':
      return typeof value === 'string' && isLabelKey(value);
    case 'labelValues':
      if (!Array.isArray(value)) return false;
      for (const v of value) if (!isLabelValue(v)) return false;
      return true;
    default:
      return true;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    const bad = value.findIndex(v => typeof v !== 'string');
    // Only a list of strings can fail for its items; name the first item that is not a string.
    return bad >= 0 && value.every(v => !isMap(v) && !Array.isArray(v))
      ? `a list whose item ${bad} is ${describe(value[bad])}`
      : 'a list';
  }
  if (isMap(value)) {
    const bad = Object.entries(value).find(
      ([, v]) => typeof v !== 'string' && v !== null,
    );
    return bad ? `a map whose "${bad[0]}" is ${describe(bad[1])}` : 'a map';
  }
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `the string "${value.slice(0, 40)}"`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}

/** What a misfit holds, for its message: types with a rule inside a map say which part breaks it. */
function describeMisfit(misfit: Misfit): string {
  const { type, value } = misfit;
  if (type === 'probe' && isMap(value))
    return `one with ${handlersOf(value) || 'no'} handlers`;
  if (type === 'quantities' && isMap(value)) {
    const bad = Object.entries(value).find(
      ([, v]) => v !== null && !isQuantity(v),
    );
    if (bad) return `a map whose "${bad[0]}" is ${describe(bad[1])}`;
  }
  return describe(value);
}

/**
 * A field that breaks its type: where it is and what is wrong.
 * @public
 */
export interface ShapeProblem {
  /** The object, for messages: `Deployment shop/web`. */
  object: string;
  /** `spec.template.spec.containers[1].ports` */
  path: string;
  /** The same path as keys and list positions, e.g. to find the field's line in a YAML document. */
  segments: Array<string | number>;
  message: string;
}

function pathText(path: Array<string | number>): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    // A label key has dots and slashes of its own.
    else if (!/^[A-Za-z_]\w*$/.test(part)) text += `[${JSON.stringify(part)}]`;
    else text += text ? `.${part}` : part;
  }
  return text;
}

/**
 * The rules of one resource type as a tree of fields, so that each object is walked once
 * (every object entering the engine is checked).
 */
interface FieldNode {
  key: string;
  type?: FieldType;
  /** Fields inside the value, when it is a map. */
  children: FieldNode[];
  /** Type of each item, when the value is a list. */
  itemType?: FieldType;
  /** Fields inside each item, when the value is a list of maps. */
  itemChildren: FieldNode[];
}

function childNamed(nodes: FieldNode[], key: string): FieldNode {
  let node = nodes.find(n => n.key === key);
  if (!node) {
    node = { key, children: [], itemChildren: [] };
    nodes.push(node);
  }
  return node;
}

function fieldTree(rules: readonly FieldRule[]): FieldNode[] {
  const roots: FieldNode[] = [];
  for (const [path, type] of rules) {
    let level = roots;
    const parts = path.split('.');
    parts.forEach((part, i) => {
      const each = part.endsWith('[]');
      const node = childNamed(level, each ? part.slice(0, -2) : part);
      const last = i === parts.length - 1;
      if (last && each) node.itemType = type;
      else if (last) node.type = type;
      level = each ? node.itemChildren : node.children;
    });
  }
  return roots;
}

const METADATA_TREE = fieldTree(METADATA);
const TREES = new Map(
  [...RULES].map(([key, rules]) => [
    key,
    fieldTree([...METADATA, ...rulesOf(key, rules)]),
  ]),
);

interface Misfit {
  /** Keys and list positions from the object root. */
  path: Array<string | number>;
  value: unknown;
  type: FieldType;
}

/**
 * The first field under `value` that breaks its node's type. `path` is where `value` is: one
 * stack shared by the whole walk, copied only for a misfit (most objects have none).
 */
function findMisfit(
  value: Record<string, unknown>,
  nodes: FieldNode[],
  path: Array<string | number>,
): Misfit | undefined {
  for (const node of nodes) {
    const field = value[node.key];
    // null is unset; a parent of the wrong type is reported before its fields are looked at.
    if (field === null || field === undefined) continue;
    if (node.type && !fits(field, node.type))
      return { path: [...path, node.key], value: field, type: node.type };
    if (node.children.length > 0 && isMap(field)) {
      path.push(node.key);
      const misfit = findMisfit(field, node.children, path);
      path.pop();
      if (misfit) return misfit;
    }
    if (!Array.isArray(field)) continue;
    for (let i = 0; i < field.length; i++) {
      const item = field[i];
      if (item === null || item === undefined) {
        // A null field is unset, but a null item of a list of maps (a YAML `-` with nothing after
        // it) is an object with no fields, which the API server rejects or fills with zero values.
        if (node.itemType === 'object' || node.itemChildren.length > 0)
          return { path: [...path, node.key, i], value: item, type: 'object' };
        continue;
      }
      if (node.itemType && !fits(item, node.itemType))
        return {
          path: [...path, node.key, i],
          value: item,
          type: node.itemType,
        };
      if (node.itemChildren.length > 0 && isMap(item)) {
        path.push(node.key, i);
        const misfit = findMisfit(item, node.itemChildren, path);
        path.length -= 2;
        if (misfit) return misfit;
      }
    }
  }
  return undefined;
}

/** A string as a message shows it: quoted (a trailing space shows), long ones cut, with their length. */
function quoted(text: string): string {
  if (text.length <= 63) return JSON.stringify(text);
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return `${JSON.stringify(shown)} (${text.length} characters)`;
}

/**
 * A label map, key or list of values made of strings that break the API server's rules: the entry
 * at fault (a key, or a list position) and what is wrong. Undefined when something is not even a
 * string: the message then says which type the field needs.
 */
function labelMisfit(
  misfit: Misfit,
  path: string,
): { at?: string | number; message: string } | undefined {
  const { type, value } = misfit;
  if (type === 'labelKey' && typeof value === 'string')
    return {
      message: `${path} ${quoted(
        value,
      )} is not a valid label key (${LABEL_KEY_RULE})`,
    };
  if (type === 'labelValues' && Array.isArray(value)) {
    if (value.some(v => typeof v !== 'string')) return undefined;
    const at = value.findIndex(v => !isLabelValue(v));
    return {
      at,
      message: `${path}[${at}] ${quoted(
        value[at],
      )} is not a valid label value (${LABEL_VALUE_RULE})`,
    };
  }
  if (type !== 'labels' || !isMap(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.some(([, v]) => typeof v !== 'string' && v !== null))
    return undefined;
  // Labels of the object itself are just "labels"; a selector or template names where they are.
  const where = path === 'metadata.labels' ? '' : ` in ${path}`;
  for (const [key, v] of entries) {
    if (!isLabelKey(key))
      return {
        at: key,
        message: `label ${quoted(
          key,
        )}${where} is not a valid label key (${LABEL_KEY_RULE})`,
      };
    if (v !== null && !isLabelValue(v))
      return {
        at: key,
        message: `label ${quoted(key)}${where} has value ${quoted(
          v as string,
        )} which is not a valid label value (${LABEL_VALUE_RULE})`,
      };
  }
  return undefined;
}

/** The object, for messages: `Deployment shop/web`. */
function objectName(object: Record<string, unknown>): string {
  const { kind, metadata } = object as {
    kind?: unknown;
    metadata?: { namespace?: unknown; name?: unknown };
  };
  const namespace =
    typeof metadata?.namespace === 'string' && metadata.namespace
      ? `${metadata.namespace}/`
      : '';
  return `${String(kind)} ${namespace}${String(metadata?.name)}`;
}

/**
 * The first field of `object` whose type breaks the Kubernetes schema for its resource type
 * (`key`, e.g. `deployments.apps`), among the fields the checks read, or a label the API server
 * would refuse (in metadata.labels of any object; in selectors, pod templates and node selectors
 * of built-in types); undefined when none does.
 * @public
 */
export function shapeProblemOf(
  key: ResourceKey,
  object: Record<string, unknown>,
): ShapeProblem | undefined {
  const misfit = findMisfit(object, TREES.get(key) ?? METADATA_TREE, []);
  if (!misfit) return undefined;
  const path = pathText(misfit.path);
  const label = labelMisfit(misfit, path);
  if (label) {
    const segments =
      label.at === undefined ? misfit.path : [...misfit.path, label.at];
    return {
      object: objectName(object),
      path: pathText(segments),
      segments,
      message: label.message,
    };
  }
  return {
    object: objectName(object),
    path,
    segments: misfit.path,
    message: `${path} must be ${
      DESCRIPTIONS[misfit.type]
    }, not ${describeMisfit(misfit)}`,
  };
}

/**
 * An object of `type` (found by its group and kind) at an apiVersion the engine does not read
 * (`apps/v9`, or `policy/v1beta1`, whose empty selector means the opposite of policy/v1's):
 * fields of another version could mean something else, and ignoring the object as an unknown kind
 * would hide it from the checks. Only input from files and dumps is checked for it (the CLI,
 * snapshotFromObjects outside `live` mode): an API server answers in versions it serves, and the
 * collector asks for the type's own versions only.
 * @public
 */
export function apiVersionProblemOf(
  type: ResourceType,
  object: Record<string, unknown>,
): ShapeProblem | undefined {
  const read = apiVersionsRead(type);
  const { apiVersion } = object;
  if (typeof apiVersion === 'string' && read.has(apiVersion)) return undefined;
  return {
    object: objectName(object),
    path: 'apiVersion',
    segments: ['apiVersion'],
    message: `apiVersion ${JSON.stringify(
      apiVersion,
    )} is not a version this tool reads for ${type.kind} (${[...read].join(
      ', ',
    )})`,
  };
}
