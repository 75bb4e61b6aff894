/**
 * The Kubernetes resource types the engine reads. The collector lists exactly these (one
 * cluster-wide paginated list each, or in the namespaces / the objects named here), the CLI maps
 * manifests to them by apiVersion+kind, and examples/rbac/ha-posture-reader.yaml grants exactly these.
 * Secrets are never among them.
 */

/** Identifies a resource type: `<plural>` for the core group, `<plural>.<group>` otherwise. @public */
export type ResourceKey = string;

/** @public */
export interface ResourceType {
  key: ResourceKey;
  /** API group; '' for the core group. */
  group: string;
  /** Preferred version first; the collector uses the first one the cluster serves. */
  versions: string[];
  /**
   * Older versions, still served, whose fields the engine reads mean the same as in `versions`:
   * accepted in files and dumps (any other version of the kind is refused there, see
   * apiVersionProblemOf), and asked of a live cluster that serves none of `versions`.
   */
  olderVersions?: string[];
  /** Plural resource name as served by discovery. */
  resource: string;
  kind: string;
  namespaced: boolean;
  /**
   * Only list in this namespace (cluster-wide lists of e.g. node leases would be wasteful). Its
   * list decides the type's fetch state, as a cluster-wide list would.
   */
  namespace?: string;
  /**
   * Further namespaces the collector lists after `namespace` (which must be set), each only where
   * the cluster has it, e.g. openshift-kube-scheduler, where OpenShift keeps its scheduler's leader
   * lease. Their objects are added when the list succeeds. Any failure there is ignored: the type
   * stays `ok` (never a refresh error), with the failure in its fetch state's message, which checks
   * may quote. On other clusters the namespace does not exist: its list is empty (the API server
   * does not check namespaces on list) or forbidden (a Role cannot be created in a namespace that
   * does not exist, so examples/rbac's Role there applies on OpenShift only). Not listed when the
   * list of `namespace` failed. Dumps and manifests are not filtered by namespace at all.
   */
  optionalNamespaces?: string[];
  /**
   * Only read these objects (one GET each, not a LIST), e.g. kube-system/kubeadm-config. A missing
   * object is simply none; each object's fetch state is kept in FetchState.objects, so that a check
   * can tell an object it may not read from one that does not exist.
   */
  objectNames?: string[];
  /** One line on why the engine reads it (documentation and RBAC comments). */
  purpose: string;
}

/** API groups built into Kubernetes (always served, schema-checked by the API server); every other group comes from a CRD. */
const BUILTIN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'apps',
  'autoscaling',
  'policy',
  'discovery.k8s.io',
  'coordination.k8s.io',
  'networking.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'admissionregistration.k8s.io',
]);

/** Whether an API group is built into Kubernetes rather than added by a CRD. @public */
export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}

const core = (
  resource: string,
  kind: string,
  namespaced: boolean,
  purpose: string,
  extra: Partial<ResourceType> = {},
): ResourceType => ({
  key: resource,
  group: '',
  versions: ['v1'],
  resource,
  kind,
  namespaced,
  purpose,
  ...extra,
});

const grouped = (
  group: string,
  versions: string[],
  resource: string,
  kind: string,
  namespaced: boolean,
  purpose: string,
  extra: Partial<ResourceType> = {},
): ResourceType => ({
  key: `${resource}.${group}`,
  group,
  versions,
  resource,
  kind,
  namespaced,
  purpose,
  ...extra,
});

/** @public */
export const RESOURCE_TYPES: ResourceType[] = [
  core(
    'nodes',
    'Node',
    false,
    'worker and control-plane nodes, zones, readiness',
  ),
  core(
    'pods',
    'Pod',
    true,
    'where replicas actually run; static control-plane pods',
  ),
  core(
    'services',
    'Service',
    true,
    'service selectors, LoadBalancer provisioning',
  ),
  core(
    'namespaces',
    'Namespace',
    false,
    'namespace labels for backup and monitor selectors',
  ),
  core(
    'persistentvolumes',
    'PersistentVolume',
    false,
    'volume node affinity and drivers',
  ),
  core(
    'persistentvolumeclaims',
    'PersistentVolumeClaim',
    true,
    'volumes of workloads',
  ),
  core(
    'resourcequotas',
    'ResourceQuota',
    true,
    'room the namespace quotas leave for more pods (HPA scale-out, rollout surge)',
  ),
  core(
    'configmaps',
    'ConfigMap',
    true,
    "kubeadm cluster configuration (external etcd), cluster-autoscaler status (node groups at their maximum, scale-up backoff), istiod's MeshConfig (cluster-local Services)",
    {
      namespace: 'kube-system',
      // kube-system/cluster-autoscaler-status is AKS's hosted autoscaler's report (no Deployment to
      // see); each cluster-autoscaler Deployment's own report, and each istiod's MeshConfig, are
      // read after (deploymentConfigMapReads).
      objectNames: ['kubeadm-config', 'cluster-autoscaler-status'],
    },
  ),
  grouped('apps', ['v1'], 'deployments', 'Deployment', true, 'workloads'),
  grouped('apps', ['v1'], 'statefulsets', 'StatefulSet', true, 'workloads'),
  grouped(
    'apps',
    ['v1'],
    'daemonsets',
    'DaemonSet',
    true,
    'CNI, logging agents, workloads',
  ),
  grouped(
    'apps',
    ['v1'],
    'replicasets',
    'ReplicaSet',
    true,
    'pod ownership chains',
  ),
  grouped(
    'autoscaling',
    ['v2'],
    'horizontalpodautoscalers',
    'HorizontalPodAutoscaler',
    true,
    'replica floors',
    // Still served by Kubernetes; minReplicas, maxReplicas, scaleTargetRef and the replica
    // counts of the status are the same. (v2beta1 and v2beta2 are no longer served.)
    { olderVersions: ['v1'] },
  ),
  grouped(
    'policy',
    ['v1'],
    'poddisruptionbudgets',
    'PodDisruptionBudget',
    true,
    'disruption budgets',
  ),
  grouped(
    'discovery.k8s.io',
    ['v1'],
    'endpointslices',
    'EndpointSlice',
    true,
    'ready service endpoints',
  ),
  grouped(
    'coordination.k8s.io',
    ['v1'],
    'leases',
    'Lease',
    true,
    'API server identity and leader leases',
    {
      namespace: 'kube-system',
      // OpenShift's scheduler (cluster-kube-scheduler-operator's defaultconfig.yaml sets
      // leaderElection.resourceNamespace); see control-plane-scheduler-controller-manager.
      optionalNamespaces: ['openshift-kube-scheduler'],
    },
  ),
  grouped(
    'networking.k8s.io',
    ['v1'],
    'ingresses',
    'Ingress',
    true,
    'ingress routes, and which IngressClass a Service is reached through',
  ),
  grouped(
    'networking.k8s.io',
    ['v1'],
    'ingressclasses',
    'IngressClass',
    false,
    'ingress controllers',
  ),
  // Gateway API (CRDs, v1 since Gateway API v1.0): the successor of Ingress.
  grouped(
    'gateway.networking.k8s.io',
    ['v1'],
    'gateways',
    'Gateway',
    true,
    'Gateway API data planes',
    { olderVersions: ['v1beta1'] },
  ),
  grouped(
    'gateway.networking.k8s.io',
    ['v1'],
    'gatewayclasses',
    'GatewayClass',
    false,
    'Gateway API controllers (in-cluster or cloud data path)',
    { olderVersions: ['v1beta1'] },
  ),
  // Istio's own ingress configuration: Gateways select the gateway pods, VirtualServices bound to
  // them route to Services (v1 since Istio 1.22).
  grouped(
    'networking.istio.io',
    ['v1'],
    'gateways',
    'Gateway',
    true,
    'Istio ingress gateways',
    { olderVersions: ['v1beta1', 'v1alpha3'] },
  ),
  grouped(
    'networking.istio.io',
    ['v1'],
    'virtualservices',
    'VirtualService',
    true,
    'which Istio Gateway a Service is reached through',
    { olderVersions: ['v1beta1', 'v1alpha3'] },
  ),
  // Routes tell which Gateway a workload's traffic enters through (network-entry-path).
  grouped(
    'gateway.networking.k8s.io',
    ['v1'],
    'httproutes',
    'HTTPRoute',
    true,
    'which Gateway a Service is reached through',
    { olderVersions: ['v1beta1'] },
  ),
  // Traefik's and Contour's own route kinds: served by the pods of the controller's IngressClass.
  // IngressRoute is in traefik.io since Traefik 2.10, in traefik.containo.us before (served by
  // Traefik 2.x until 3.0 removed it): both are read, with the same fields.
  ...['traefik.io', 'traefik.containo.us'].flatMap(group =>
    (
      [
        [
          'ingressroutes',
          'IngressRoute',
          'which Traefik a Service is reached through',
        ],
        [
          'ingressroutetcps',
          'IngressRouteTCP',
          'which Traefik a Service is reached through',
        ],
        [
          'ingressrouteudps',
          'IngressRouteUDP',
          'which Traefik a Service is reached through',
        ],
        [
          'traefikservices',
          'TraefikService',
          'the Services behind a Traefik weighted or mirroring service',
        ],
      ] as const
    ).map(([resource, kind, purpose]) =>
      grouped(group, ['v1alpha1'], resource, kind, true, purpose),
    ),
  ),
  // The F5 NGINX Ingress Controller's own routes: a VirtualServer and the VirtualServerRoutes its
  // routes delegate to.
  ...(
    [
      ['virtualservers', 'VirtualServer'],
      ['virtualserverroutes', 'VirtualServerRoute'],
      ['transportservers', 'TransportServer'],
    ] as const
  ).map(([resource, kind]) =>
    grouped(
      'k8s.nginx.org',
      ['v1'],
      resource,
      kind,
      true,
      'which NGINX Ingress Controller a Service is reached through',
    ),
  ),
  grouped(
    'projectcontour.io',
    ['v1'],
    'httpproxies',
    'HTTPProxy',
    true,
    'which Contour a Service is reached through',
  ),
  // TLSRoute is v1 since Gateway API v1.5; v1alpha3 and v1alpha2 before (the same parentRefs and
  // backendRefs).
  grouped(
    'gateway.networking.k8s.io',
    ['v1'],
    'tlsroutes',
    'TLSRoute',
    true,
    'which Gateway a Service is reached through',
    { olderVersions: ['v1alpha3', 'v1alpha2'] },
  ),
  // TCPRoute and UDPRoute are v1 since Gateway API v1.6; v1alpha2 before (the same parentRefs and
  // backendRefs).
  ...(
    [
      ['tcproutes', 'TCPRoute'],
      ['udproutes', 'UDPRoute'],
    ] as const
  ).map(([resource, kind]) =>
    grouped(
      'gateway.networking.k8s.io',
      ['v1'],
      resource,
      kind,
      true,
      'which Gateway a Service is reached through',
      { olderVersions: ['v1alpha2'] },
    ),
  ),
  // ListenerSet (Gateway API v1.5): extra listeners of a Gateway that routes may attach to.
  grouped(
    'gateway.networking.k8s.io',
    ['v1'],
    'listenersets',
    'ListenerSet',
    true,
    'which Gateway the routes attached to a ListenerSet enter through',
  ),
  // A route's backendRef to another namespace's Service needs one (network-entry-path). v1 since
  // Gateway API v1.5.
  grouped(
    'gateway.networking.k8s.io',
    ['v1', 'v1beta1'],
    'referencegrants',
    'ReferenceGrant',
    true,
    'whether a route may send to a Service in another namespace',
    { olderVersions: ['v1alpha2'] },
  ),
  // A ServiceExport shares the Service of its namespace and name with the other clusters of a
  // clusterset (Multi-Cluster Services API, KEP-1645); GKE serves its implementation in its own group.
  grouped(
    'multicluster.x-k8s.io',
    ['v1alpha1'],
    'serviceexports',
    'ServiceExport',
    true,
    'which Services are shared with the other clusters of a clusterset',
  ),
  grouped(
    'net.gke.io',
    ['v1'],
    'serviceexports',
    'ServiceExport',
    true,
    'which Services GKE multi-cluster Services shares with the fleet',
  ),
  // What the MCS controller imported into this cluster from the clusterset's exports.
  grouped(
    'multicluster.x-k8s.io',
    ['v1alpha1'],
    'serviceimports',
    'ServiceImport',
    true,
    "which clusterset Services this cluster's clients can call",
  ),
  grouped(
    'net.gke.io',
    ['v1'],
    'serviceimports',
    'ServiceImport',
    true,
    'which fleet Services GKE multi-cluster Services imported into this cluster',
  ),
  // k8gb's DNS answers an Ingress's hosts with the healthy clusters' addresses (dr-traffic-failover).
  grouped(
    'k8gb.absa.oss',
    ['v1beta1'],
    'gslbs',
    'Gslb',
    true,
    'which Ingress hosts a global DNS load balancer fails over between clusters',
  ),
  // A Linkerd cluster's Links say which other clusters' Services it federates (dr-traffic-failover).
  grouped(
    'multicluster.linkerd.io',
    ['v1alpha3'],
    'links',
    'Link',
    true,
    'which other clusters a Linkerd cluster federates Services from',
    { olderVersions: ['v1alpha2', 'v1alpha1'] },
  ),
  // GRPCRoute is v1 since Gateway API v1.1; v1alpha2 before.
  grouped(
    'gateway.networking.k8s.io',
    ['v1'],
    'grpcroutes',
    'GRPCRoute',
    true,
    'which Gateway a Service is reached through',
    { olderVersions: ['v1alpha2'] },
  ),
  grouped(
    'storage.k8s.io',
    ['v1'],
    'storageclasses',
    'StorageClass',
    false,
    'storage replication',
  ),
  grouped(
    'scheduling.k8s.io',
    ['v1'],
    'priorityclasses',
    'PriorityClass',
    false,
    'pod priority',
  ),
  grouped(
    'admissionregistration.k8s.io',
    ['v1'],
    'validatingwebhookconfigurations',
    'ValidatingWebhookConfiguration',
    false,
    'admission webhooks that fail closed',
  ),
  grouped(
    'admissionregistration.k8s.io',
    ['v1'],
    'mutatingwebhookconfigurations',
    'MutatingWebhookConfiguration',
    false,
    'admission webhooks that fail closed',
  ),
  grouped(
    'snapshot.storage.k8s.io',
    ['v1'],
    'volumesnapshotclasses',
    'VolumeSnapshotClass',
    false,
    'snapshot support per driver',
  ),
  grouped(
    'snapshot.storage.k8s.io',
    ['v1'],
    'volumesnapshots',
    'VolumeSnapshot',
    true,
    'recent volume snapshots',
  ),
  grouped(
    'velero.io',
    ['v1'],
    'schedules',
    'Schedule',
    true,
    'backup schedules',
  ),
  grouped('velero.io', ['v1'], 'backups', 'Backup', true, 'backup recency'),
  grouped(
    'velero.io',
    ['v1'],
    'backupstoragelocations',
    'BackupStorageLocation',
    true,
    'backup targets',
  ),
  grouped(
    'config.kio.kasten.io',
    ['v1alpha1'],
    'policies',
    'Policy',
    true,
    'Kasten K10 backup policies',
  ),
  grouped(
    'monitoring.coreos.com',
    ['v1'],
    'servicemonitors',
    'ServiceMonitor',
    true,
    'scrape coverage',
  ),
  grouped(
    'monitoring.coreos.com',
    ['v1'],
    'podmonitors',
    'PodMonitor',
    true,
    'scrape coverage',
  ),
  grouped(
    'monitoring.coreos.com',
    ['v1'],
    'prometheusrules',
    'PrometheusRule',
    true,
    'alert rules',
  ),
  grouped(
    'monitoring.coreos.com',
    ['v1'],
    'prometheuses',
    'Prometheus',
    true,
    'Prometheus replicas and selectors',
  ),
  grouped(
    'monitoring.coreos.com',
    ['v1'],
    'alertmanagers',
    'Alertmanager',
    true,
    'Alertmanager replicas',
  ),
  grouped(
    'monitoring.coreos.com',
    ['v1alpha1'],
    'prometheusagents',
    'PrometheusAgent',
    true,
    'scrapers that load ServiceMonitors and PodMonitors',
  ),
  grouped(
    'monitoring.coreos.com',
    ['v1'],
    'thanosrulers',
    'ThanosRuler',
    true,
    'rule evaluators that load PrometheusRules',
  ),
  grouped(
    'monitoring.coreos.com',
    ['v1alpha1'],
    'scrapeconfigs',
    'ScrapeConfig',
    true,
    'scrape jobs outside ServiceMonitors and PodMonitors',
  ),
  grouped(
    'monitoring.googleapis.com',
    ['v1'],
    'podmonitorings',
    'PodMonitoring',
    true,
    'GKE managed Prometheus coverage',
    // The pre-GA version, still served beside v1 with the same selector and endpoints.
    { olderVersions: ['v1alpha1'] },
  ),
  grouped(
    'monitoring.googleapis.com',
    ['v1'],
    'clusterpodmonitorings',
    'ClusterPodMonitoring',
    false,
    'GKE managed Prometheus coverage',
    { olderVersions: ['v1alpha1'] },
  ),
  grouped(
    'monitoring.googleapis.com',
    ['v1'],
    'rules',
    'Rules',
    true,
    'GKE managed Prometheus alert rules',
    { olderVersions: ['v1alpha1'] },
  ),
  grouped(
    'monitoring.googleapis.com',
    ['v1'],
    'clusterrules',
    'ClusterRules',
    false,
    'GKE managed Prometheus alert rules',
    { olderVersions: ['v1alpha1'] },
  ),
  grouped(
    'monitoring.googleapis.com',
    ['v1'],
    'globalrules',
    'GlobalRules',
    false,
    'GKE managed Prometheus alert rules',
    { olderVersions: ['v1alpha1'] },
  ),
  grouped(
    'monitoring.googleapis.com',
    ['v1'],
    'operatorconfigs',
    'OperatorConfig',
    true,
    'where GKE managed Prometheus sends its alerts',
    { olderVersions: ['v1alpha1'] },
  ),
  // VictoriaMetrics operator: vmagent scrapes VMServiceScrapes and VMPodScrapes, and the
  // ServiceMonitors and PodMonitors the operator converts into them.
  ...(
    [
      ['vmagents', 'VMAgent', 'VictoriaMetrics scrapers and what they select'],
      [
        'vmservicescrapes',
        'VMServiceScrape',
        'VictoriaMetrics scrape coverage',
      ],
      ['vmpodscrapes', 'VMPodScrape', 'VictoriaMetrics scrape coverage'],
      [
        'vmalertmanagers',
        'VMAlertmanager',
        'VictoriaMetrics Alertmanager replicas',
      ],
      [
        'vmalerts',
        'VMAlert',
        'VictoriaMetrics rule evaluators and what they select',
      ],
      ['vmrules', 'VMRule', 'VictoriaMetrics alert rules'],
      [
        'vmscrapeconfigs',
        'VMScrapeConfig',
        'scrape jobs outside VMServiceScrapes and VMPodScrapes',
      ],
      ['vmstaticscrapes', 'VMStaticScrape', 'scrape jobs of static targets'],
    ] as const
  ).map(([resource, kind, purpose]) =>
    grouped(
      'operator.victoriametrics.com',
      ['v1beta1'],
      resource,
      kind,
      true,
      purpose,
    ),
  ),
  grouped(
    'opentelemetry.io',
    ['v1beta1'],
    'opentelemetrycollectors',
    'OpenTelemetryCollector',
    true,
    'telemetry collectors',
    // Still served by the operator; no check reads a field that differs.
    { olderVersions: ['v1alpha1'] },
  ),
  grouped(
    'argoproj.io',
    ['v1alpha1'],
    'rollouts',
    'Rollout',
    true,
    'Argo Rollouts workloads',
  ),
  // KEDA scales its targets through an HPA of its own, and below it to minReplicaCount (0 by default).
  grouped(
    'keda.sh',
    ['v1alpha1'],
    'scaledobjects',
    'ScaledObject',
    true,
    'KEDA replica floors (minReplicaCount, idleReplicaCount)',
  ),
  // Karpenter's node pools (also EKS Auto Mode's and AKS node auto-provisioning's): whether the
  // cluster can add nodes when a failure leaves too little room, and their limits.
  grouped(
    'karpenter.sh',
    ['v1'],
    'nodepools',
    'NodePool',
    false,
    'node autoscaling (Karpenter, EKS Auto Mode, AKS node auto-provisioning) and its limits',
    // v1beta1 (Karpenter 0.32-0.37) has the same spec.limits and status.resources.
    { olderVersions: ['v1beta1'] },
  ),
  grouped(
    'ceph.rook.io',
    ['v1'],
    'cephblockpools',
    'CephBlockPool',
    true,
    'Ceph pool replication',
  ),
  grouped(
    'ceph.rook.io',
    ['v1'],
    'cephfilesystems',
    'CephFilesystem',
    true,
    'CephFS replication',
  ),
  grouped(
    'longhorn.io',
    ['v1beta2'],
    'volumes',
    'Volume',
    true,
    'Longhorn volume robustness',
    // Served beside v1beta2 by Longhorn before 1.6; numberOfReplicas and robustness are the same.
    { olderVersions: ['v1beta1'] },
  ),
  grouped(
    'k3s.cattle.io',
    ['v1'],
    'etcdsnapshotfiles',
    'ETCDSnapshotFile',
    false,
    'k3s/RKE2 etcd snapshots',
  ),
  grouped(
    'config.openshift.io',
    ['v1'],
    'infrastructures',
    'Infrastructure',
    false,
    'OpenShift control-plane topology',
  ),
  grouped(
    'operator.openshift.io',
    ['v1'],
    'ingresscontrollers',
    'IngressController',
    true,
    'OpenShift ingress replicas',
  ),
  grouped(
    'route.openshift.io',
    ['v1'],
    'routes',
    'Route',
    true,
    'which OpenShift router a Service is reached through',
  ),
  // Custom resources from which an operator creates pods (checks/operatorPods.ts): in a manifests
  // scan, Services and PodDisruptionBudgets for those pods select labels of theirs.
  grouped(
    'postgresql.cnpg.io',
    ['v1'],
    'clusters',
    'Cluster',
    true,
    'CloudNativePG instance pods',
  ),
  grouped(
    'postgresql.cnpg.io',
    ['v1'],
    'poolers',
    'Pooler',
    true,
    'CloudNativePG PgBouncer pods',
  ),
  grouped(
    'kafka.strimzi.io',
    // v1 since Strimzi 0.49, the only one from 1.0; the fields read are the same in v1beta2.
    ['v1', 'v1beta2'],
    'kafkas',
    'Kafka',
    true,
    'Strimzi Kafka, ZooKeeper and entity operator pods',
  ),
  grouped(
    'kafka.strimzi.io',
    ['v1', 'v1beta2'],
    'kafkanodepools',
    'KafkaNodePool',
    true,
    'Strimzi Kafka node pool pods',
  ),
  grouped(
    'rabbitmq.com',
    ['v1beta1'],
    'rabbitmqclusters',
    'RabbitmqCluster',
    true,
    'RabbitMQ pods',
  ),
  grouped(
    'acid.zalan.do',
    ['v1'],
    'postgresqls',
    'postgresql',
    true,
    'Zalando Postgres Operator (Spilo) pods',
  ),
  grouped(
    'elasticsearch.k8s.elastic.co',
    ['v1'],
    'elasticsearches',
    'Elasticsearch',
    true,
    'ECK Elasticsearch pods',
    // Still served by ECK; spec.version and spec.nodeSets are the same.
    { olderVersions: ['v1beta1'] },
  ),
  grouped(
    'kibana.k8s.elastic.co',
    ['v1'],
    'kibanas',
    'Kibana',
    true,
    'ECK Kibana pods',
    { olderVersions: ['v1beta1'] },
  ),
  grouped(
    'minio.min.io',
    ['v2'],
    'tenants',
    'Tenant',
    true,
    'MinIO tenant pods',
  ),
  grouped(
    'pingcap.com',
    ['v1alpha1'],
    'tidbclusters',
    'TidbCluster',
    true,
    'TiDB cluster pods',
  ),
];

/** @public */
export const RESOURCE_TYPES_BY_KEY: ReadonlyMap<ResourceKey, ResourceType> =
  new Map(RESOURCE_TYPES.map(t => [t.key, t]));

const TYPE_BY_API_VERSION = new Map<
  string,
  Map<string, ResourceType | undefined>
>();

/**
 * Finds the resource type of a manifest by apiVersion and kind, at any version of the group: an
 * object of a known kind at a version the engine does not read is then refused rather than
 * ignored (apiVersionProblemOf).
 * @public
 */
export function resourceTypeOf(
  apiVersion: string | undefined,
  kind: string | undefined,
): ResourceType | undefined {
  if (!apiVersion || !kind) return undefined;
  // Asked once per object of a snapshot: remember the answer per apiVersion and kind.
  let byKind = TYPE_BY_API_VERSION.get(apiVersion);
  if (!byKind) TYPE_BY_API_VERSION.set(apiVersion, (byKind = new Map()));
  if (!byKind.has(kind)) {
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    byKind.set(
      kind,
      RESOURCE_TYPES.find(t => t.kind === kind && t.group === group),
    );
  }
  return byKind.get(kind);
}

const API_VERSIONS_READ = new WeakMap<ResourceType, ReadonlySet<string>>();

/**
 * The apiVersions (`apps/v1`, `v1`) the engine reads objects of a type at: `versions`, then
 * `olderVersions`. One set per type, as it is asked once per object of a file.
 * @public
 */
export function apiVersionsRead(type: ResourceType): ReadonlySet<string> {
  let read = API_VERSIONS_READ.get(type);
  if (!read) {
    read = new Set(
      [...type.versions, ...(type.olderVersions ?? [])].map(version =>
        type.group ? `${type.group}/${version}` : version,
      ),
    );
    API_VERSIONS_READ.set(type, read);
  }
  return read;
}
