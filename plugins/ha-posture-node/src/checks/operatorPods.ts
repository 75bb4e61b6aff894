/**
 * Pods an operator creates from a custom resource: a manifests scan has the resource but not the
 * pods, so a Service or PodDisruptionBudget meant for them matches no scanned workload.
 */
import { LabelSelector } from '../engine/labels';
import {
  OPERATOR_POD_OWNER_KEYS,
  OperatorPodOwnerKey,
} from '../model/operatorPodOwners';
import { ResourceKey } from '../model/resources';
import { K8sObject } from '../model/snapshot';
import { ClusterView } from '../model/view';
import { describeObject } from './util';

const KAFKAS = 'kafkas.kafka.strimzi.io' satisfies OperatorPodOwnerKey;

/** What one label of an operator's pods may hold: a value, a pattern, or a test of the value. */
type ValueTest = string | RegExp | ((value: string) => boolean);

/**
 * The labels of one kind of pod an operator creates for a resource: label key → what it may hold.
 * A Map, since a label key may be any string (`constructor`, `__proto__`).
 */
export type PodLabels = ReadonlyMap<string, readonly ValueTest[]>;

/** One custom resource kind whose operator creates pods. */
interface OperatorPodOwner {
  /** The resource type of the custom resource. */
  key: ResourceKey;
  /** The operator, for messages. */
  operator: string;
  /**
   * Label keys no one but this operator puts on pods: a selector using one is about its pods even
   * when the value is off (a typo in the only pair).
   */
  ownKeys?: RegExp;
  /** The labels of the pods it creates for `owner`, one entry per kind of pod (brokers, ZooKeeper ...). */
  pods(owner: K8sObject, cluster: ClusterView): PodLabels[];
}

const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The own entries of a label map (none when it is not one): never its prototype's. */
const labelEntries = (labels: unknown): Array<[string, unknown]> =>
  isRecord(labels) ? Object.entries(labels) : [];

/** A label of a resource by its own key, never a property its prototype lends. */
const ownLabel = (labels: unknown, key: string): unknown =>
  isRecord(labels) && Object.prototype.hasOwnProperty.call(labels, key)
    ? labels[key]
    : undefined;

const isValueTest = (value: unknown): value is ValueTest =>
  typeof value === 'string' ||
  value instanceof RegExp ||
  typeof value === 'function';

/**
 * Label maps merged into one PodLabels: a key set by several (an operator label a user label
 * overrides) accepts each of their values. Parts may be labels read from a resource: only string
 * values count.
 */
function podLabels(...parts: unknown[]): PodLabels {
  const merged = new Map<string, ValueTest[]>();
  for (const part of parts) {
    const entries = part instanceof Map ? [...part] : labelEntries(part);
    for (const [key, value] of entries) {
      const tests = (Array.isArray(value) ? value : [value]).filter(
        isValueTest,
      );
      if (tests.length === 0) continue;
      const known = merged.get(key);
      if (known) known.push(...tests);
      else merged.set(key, tests);
    }
  }
  return merged;
}

/** The labels of a resource for which `keep` holds. */
function labelsWhere(
  labels: unknown,
  keep: (key: string) => boolean,
): Map<string, string> {
  const kept = new Map<string, string>();
  for (const [key, value] of labelEntries(labels))
    if (typeof value === 'string' && keep(key)) kept.set(key, value);
  return kept;
}

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `<prefix>-<n>`: the names of the pods of a StatefulSet (or a Strimzi StrimziPodSet) `<prefix>`. */
const podNameOf = (prefix: string) =>
  new RegExp(`^${escapeRegExp(prefix)}-\\d+$`);

const TRUE_OR_FALSE = ['true', 'false'];

function fits(labels: PodLabels, key: string, value: string): boolean {
  return (labels.get(key) ?? []).some(test => {
    if (typeof test === 'string') return test === value;
    if (test instanceof RegExp) return test.test(value);
    return test(value);
  });
}

/**
 * Prometheus Operator (prometheus-operator pkg/alertmanager and pkg/prometheus statefulset.go): the
 * pods of an Alertmanager or Prometheus `<name>` get `alertmanager: <name>` / `prometheus: <name>`,
 * `app` or `app.kubernetes.io/name` set to `alertmanager` / `prometheus`, `app.kubernetes.io/instance`
 * or `operator.prometheus.io/name` set to `<name>`, `operator.prometheus.io/shard: <n>` (Prometheus,
 * below spec.shards), `app.kubernetes.io/managed-by: prometheus-operator`, plus the resource's
 * spec.podMetadata.labels. The label set grew over the releases, so any of them is accepted.
 */
function prometheusOperatorPods(owner: K8sObject): PodLabels[] {
  const kind = (owner.kind ?? '').toLowerCase();
  const name = owner.metadata.name;
  const shards = Number(owner.spec?.shards ?? 1);
  return [
    podLabels(
      {
        [kind]: name,
        app: kind,
        'app.kubernetes.io/name': kind,
        'app.kubernetes.io/instance': name,
        'operator.prometheus.io/name': name,
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        ...(kind === 'prometheus'
          ? {
              'operator.prometheus.io/shard': (value: string) =>
                /^\d+$/.test(value) && Number(value) < shards,
            }
          : {}),
      },
      owner.spec?.podMetadata?.labels,
    ),
  ];
}

/**
 * CloudNativePG instances (cloudnative-pg pkg/specs/pods.go buildInstance, label names in
 * pkg/utils/labels_annotations.go): `cnpg.io/cluster: <name>`, `cnpg.io/instanceName: <name>-<n>`,
 * `cnpg.io/podRole: instance`, `app.kubernetes.io/name: postgresql`, `app.kubernetes.io/instance:
 * <name>`, `app.kubernetes.io/component: database`, `app.kubernetes.io/managed-by: cloudnative-pg`;
 * `cnpg.io/instanceRole` and the older `role`, `primary` or `replica`, set while running
 * (pkg/reconciler/instance/metadata.go updateRoleLabels); spec.inheritedMetadata.labels
 * (api/v1 GetFixedInheritedLabels).
 */
function cnpgInstancePods(owner: K8sObject): PodLabels[] {
  const name = owner.metadata.name;
  return [
    podLabels(
      {
        'cnpg.io/cluster': name,
        'cnpg.io/instanceName': new RegExp(`^${escapeRegExp(name)}-[1-9]\\d*$`),
        'cnpg.io/podRole': 'instance',
        'cnpg.io/instanceRole': ['primary', 'replica'],
        role: ['primary', 'replica'],
        'app.kubernetes.io/name': 'postgresql',
        'app.kubernetes.io/instance': name,
        'app.kubernetes.io/component': 'database',
        'app.kubernetes.io/managed-by': 'cloudnative-pg',
      },
      owner.spec?.inheritedMetadata?.labels,
    ),
  ];
}

/**
 * CloudNativePG PgBouncer poolers (cloudnative-pg pkg/specs/pgbouncer/deployments.go and its
 * _test.go): the pod template's spec.template.metadata.labels plus `cnpg.io/poolerName: <name>`,
 * and in current releases `cnpg.io/cluster: <spec.cluster.name>`, `cnpg.io/podRole: pooler`,
 * `app.kubernetes.io/name: postgresql`, `app.kubernetes.io/instance: <spec.cluster.name>`,
 * `app.kubernetes.io/component: pooler`, `app.kubernetes.io/managed-by: cloudnative-pg`.
 */
function cnpgPoolerPods(owner: K8sObject): PodLabels[] {
  const cluster: unknown = owner.spec?.cluster?.name;
  return [
    podLabels(
      {
        'cnpg.io/poolerName': owner.metadata.name,
        'cnpg.io/podRole': 'pooler',
        'app.kubernetes.io/name': 'postgresql',
        'app.kubernetes.io/component': 'pooler',
        'app.kubernetes.io/managed-by': 'cloudnative-pg',
        ...(typeof cluster === 'string' && cluster !== ''
          ? {
              'cnpg.io/cluster': cluster,
              'app.kubernetes.io/instance': cluster,
            }
          : {}),
      },
      owner.spec?.template?.metadata?.labels,
    ),
  ];
}

/**
 * A label value Strimzi derives from a resource name (operator-common Labels.java
 * getOrValidInstanceLabelValue): at most 63 characters, without a trailing `-`, `.` or `_`.
 */
const strimziLabelValue = (text: string) =>
  text.slice(0, 63).replace(/[-._]+$/, '');

/**
 * The labels Strimzi gives every pod of Kafka cluster `<cluster>` (operator-common Labels.java
 * generateDefaultLabels): the resource's own labels but app.kubernetes.io ones other than part-of and
 * kustomize.toolkit.fluxcd.io ones (fromResource, default STRIMZI_LABELS_EXCLUSION_PATTERN),
 * `strimzi.io/cluster: <cluster>`, `strimzi.io/kind: Kafka`, `app.kubernetes.io/instance: <cluster>`,
 * `app.kubernetes.io/part-of: strimzi-<cluster>`, `app.kubernetes.io/managed-by:
 * strimzi-cluster-operator` (cluster-operator AbstractModel.java).
 */
function strimziCommon(cluster: string, resource: K8sObject) {
  return podLabels(
    labelsWhere(
      resource.metadata.labels,
      key =>
        !/^app\.kubernetes\.io\/(?!part-of)/.test(key) &&
        !key.startsWith('kustomize.toolkit.fluxcd.io'),
    ),
    {
      'strimzi.io/cluster': cluster,
      'strimzi.io/kind': 'Kafka',
      'app.kubernetes.io/instance': strimziLabelValue(cluster),
      'app.kubernetes.io/part-of': strimziLabelValue(`strimzi-${cluster}`),
      'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
    },
  );
}

/**
 * A Strimzi component: `strimzi.io/name: <component name>`, `strimzi.io/component-type` and
 * `app.kubernetes.io/name: <type>`; pods of a StrimziPodSet also get `strimzi.io/pod-name` and
 * `statefulset.kubernetes.io/pod-name: <component name>-<n>`, `strimzi.io/controller:
 * strimzipodset` and `strimzi.io/controller-name: <component name>` (cluster-operator
 * WorkloadUtils.java createStatefulPod); then the template's pod labels.
 */
function strimziComponent(
  common: PodLabels,
  type: string,
  componentName: string,
  podSetName: string | undefined,
  templateLabels: unknown,
  extra: Record<string, ValueTest | ValueTest[]> = {},
): PodLabels {
  return podLabels(
    common,
    {
      'strimzi.io/name': componentName,
      'strimzi.io/component-type': type,
      'app.kubernetes.io/name': type,
      ...(podSetName
        ? {
            'strimzi.io/pod-name': podNameOf(podSetName),
            'statefulset.kubernetes.io/pod-name': podNameOf(podSetName),
            'strimzi.io/controller': 'strimzipodset',
            'strimzi.io/controller-name': podSetName,
          }
        : {}),
      ...extra,
    },
    templateLabels,
  );
}

/**
 * Strimzi Kafka `<name>` (component names in api KafkaResources.java, types in cluster-operator
 * KafkaCluster/ZookeeperCluster/EntityOperator/CruiseControl/KafkaExporter.java): brokers
 * (`kafka`, `<name>-kafka`, whose broker and controller roles the node pools decide), ZooKeeper
 * (`zookeeper`, `<name>-zookeeper`), the entity, topic and user operator (`entity-operator`,
 * `<name>-entity-operator`), Cruise Control (`cruise-control`) and Kafka Exporter
 * (`kafka-exporter`), each with spec.<component>.template.pod.metadata.labels.
 */
function strimziKafkaPods(owner: K8sObject): PodLabels[] {
  const name = owner.metadata.name;
  const spec = owner.spec ?? {};
  const common = strimziCommon(name, owner);
  const pods = [
    strimziComponent(
      common,
      'kafka',
      `${name}-kafka`,
      `${name}-kafka`,
      spec.kafka?.template?.pod?.metadata?.labels,
      {
        'strimzi.io/broker-role': TRUE_OR_FALSE,
        'strimzi.io/controller-role': TRUE_OR_FALSE,
      },
    ),
  ];
  if (isRecord(spec.zookeeper))
    pods.push(
      strimziComponent(
        common,
        'zookeeper',
        `${name}-zookeeper`,
        `${name}-zookeeper`,
        spec.zookeeper.template?.pod?.metadata?.labels,
      ),
    );
  const deployments: Array<[field: string, type: string]> = [
    ['entityOperator', 'entity-operator'],
    ['cruiseControl', 'cruise-control'],
    ['kafkaExporter', 'kafka-exporter'],
  ];
  for (const [field, type] of deployments) {
    if (!isRecord(spec[field])) continue;
    pods.push(
      strimziComponent(
        common,
        type,
        `${name}-${type}`,
        undefined,
        spec[field].template?.pod?.metadata?.labels,
      ),
    );
  }
  return pods;
}

/**
 * Strimzi KafkaNodePool `<pool>` of Kafka `<cluster>` (its `strimzi.io/cluster` label;
 * cluster-operator KafkaPool.java, KafkaCluster.java): the pool's own labels, the Kafka broker
 * labels (`strimzi.io/name: <cluster>-kafka`, `strimzi.io/component-type: kafka`),
 * `strimzi.io/pool-name: <pool>`, `strimzi.io/broker-role` and `strimzi.io/controller-role` from
 * spec.roles, pods `<cluster>-<pool>-<id>` of StrimziPodSet `<cluster>-<pool>`, and the pod labels
 * of the pool's spec.template, or without one those of the Kafka's spec.kafka.template.
 */
function strimziNodePoolPods(
  owner: K8sObject,
  cluster: ClusterView,
): PodLabels[] {
  const kafkaName = ownLabel(owner.metadata.labels, 'strimzi.io/cluster');
  if (typeof kafkaName !== 'string' || kafkaName === '') return [];
  const kafka = cluster
    .inNamespace(KAFKAS, owner.metadata.namespace ?? 'default')
    .find(k => k.metadata.name === kafkaName);
  const roles: unknown = owner.spec?.roles;
  const role = (name: string) => {
    if (!Array.isArray(roles)) return TRUE_OR_FALSE;
    return roles.includes(name) ? 'true' : 'false';
  };
  const template = isRecord(owner.spec?.template)
    ? owner.spec.template
    : kafka?.spec?.kafka?.template;
  return [
    strimziComponent(
      strimziCommon(kafkaName, owner),
      'kafka',
      `${kafkaName}-kafka`,
      `${kafkaName}-${owner.metadata.name}`,
      template?.pod?.metadata?.labels,
      {
        'strimzi.io/pool-name': owner.metadata.name,
        'strimzi.io/broker-role': role('broker'),
        'strimzi.io/controller-role': role('controller'),
      },
    ),
  ];
}

/**
 * RabbitMQ cluster operator (cluster-operator internal/metadata/label.go, internal/resource/
 * statefulset.go): `app.kubernetes.io/name: <name>`, `app.kubernetes.io/component: rabbitmq`,
 * `app.kubernetes.io/part-of: rabbitmq`, the RabbitmqCluster's labels but app.kubernetes.io ones,
 * and spec.override.statefulSet.spec.template.metadata.labels.
 */
function rabbitmqPods(owner: K8sObject): PodLabels[] {
  return [
    podLabels(
      labelsWhere(
        owner.metadata.labels,
        key => !key.startsWith('app.kubernetes.io'),
      ),
      {
        'app.kubernetes.io/name': owner.metadata.name,
        'app.kubernetes.io/component': 'rabbitmq',
        'app.kubernetes.io/part-of': 'rabbitmq',
      },
      owner.spec?.override?.statefulSet?.spec?.template?.metadata?.labels,
    ),
  ];
}

/**
 * Zalando Postgres Operator with its default configuration (postgres-operator pkg/cluster/util.go
 * labelsSet, defaults in pkg/util/config/config.go, roles in pkg/cluster/types.go):
 * `application: spilo` (cluster_labels), `cluster-name: <name>` (cluster_name_label), `team:
 * <spec.teamId>`, and `spilo-role` (pod_role_label) `master` or `replica`, set by Patroni.
 */
function zalandoPostgresPods(owner: K8sObject): PodLabels[] {
  return [
    podLabels({
      application: 'spilo',
      'cluster-name': owner.metadata.name,
      team: owner.spec?.teamId,
      'spilo-role': ['master', 'replica'],
    }),
  ];
}

/** Elasticsearch node roles ECK labels pods with, `true` or `false` (pkg/controller/elasticsearch/label/label.go). */
const ELASTICSEARCH_ROLES = [
  'master',
  'data',
  'ingest',
  'ml',
  'transform',
  'remote_cluster_client',
  'voting_only',
  'data_cold',
  'data_content',
  'data_hot',
  'data_warm',
  'data_frozen',
];

/**
 * ECK Elasticsearch `<name>` (cloud-on-k8s pkg/controller/elasticsearch/label/label.go
 * NewPodLabels, nodespec/podspec.go): per node set, `common.k8s.elastic.co/type: elasticsearch`,
 * `elasticsearch.k8s.elastic.co/cluster-name: <name>`, `elasticsearch.k8s.elastic.co/statefulset-name:
 * <name>-es-<node set>` (pkg/apis/elasticsearch/v1/name.go), `elasticsearch.k8s.elastic.co/version:
 * <spec.version>`, `elasticsearch.k8s.elastic.co/http-scheme`, the `node-<role>` labels, the
 * StatefulSet pod name, and the node set's podTemplate.metadata.labels.
 */
function elasticsearchPods(owner: K8sObject): PodLabels[] {
  const name = owner.metadata.name;
  const nodeSets: unknown = owner.spec?.nodeSets;
  if (!Array.isArray(nodeSets)) return [];
  return nodeSets
    .filter(
      (set): set is Record<string, any> =>
        isRecord(set) && typeof set.name === 'string',
    )
    .map(set => {
      const statefulSet = `${name}-es-${set.name}`;
      return podLabels(
        {
          'common.k8s.elastic.co/type': 'elasticsearch',
          'elasticsearch.k8s.elastic.co/cluster-name': name,
          'elasticsearch.k8s.elastic.co/statefulset-name': statefulSet,
          'statefulset.kubernetes.io/pod-name': podNameOf(statefulSet),
          'elasticsearch.k8s.elastic.co/version': owner.spec?.version,
          'elasticsearch.k8s.elastic.co/http-scheme': ['http', 'https'],
        },
        Object.fromEntries(
          ELASTICSEARCH_ROLES.map(role => [
            `elasticsearch.k8s.elastic.co/node-${role}`,
            TRUE_OR_FALSE,
          ]),
        ),
        set.podTemplate?.metadata?.labels,
      );
    });
}

/**
 * ECK Kibana `<name>` (cloud-on-k8s pkg/controller/kibana/label/label.go, pod.go NewPodTemplateSpec):
 * `common.k8s.elastic.co/type: kibana`, `kibana.k8s.elastic.co/name: <name>`,
 * `kibana.k8s.elastic.co/version: <spec.version>`, and spec.podTemplate.metadata.labels.
 */
function kibanaPods(owner: K8sObject): PodLabels[] {
  return [
    podLabels(
      {
        'common.k8s.elastic.co/type': 'kibana',
        'kibana.k8s.elastic.co/name': owner.metadata.name,
        'kibana.k8s.elastic.co/version': owner.spec?.version,
      },
      owner.spec?.podTemplate?.metadata?.labels,
    ),
  ];
}

/**
 * MinIO Operator Tenant `<name>` (operator pkg/resources/statefulsets/minio-statefulset.go
 * PodMetadata, label names in pkg/apis/minio.min.io/v2 constants): per pool, the Tenant's labels,
 * `v1.min.io/tenant: <name>`, `v1.min.io/pool: <pool>`, `v1.min.io/console: <name>-console`
 * (releases with the embedded console) and the pool's labels.
 */
function minioTenantPods(owner: K8sObject): PodLabels[] {
  const name = owner.metadata.name;
  const pools: unknown = owner.spec?.pools;
  if (!Array.isArray(pools)) return [];
  return pools
    .filter(
      (pool): pool is Record<string, any> =>
        isRecord(pool) && typeof pool.name === 'string',
    )
    .map(pool =>
      podLabels(
        owner.metadata.labels,
        {
          'v1.min.io/tenant': name,
          'v1.min.io/pool': pool.name,
          'v1.min.io/console': `${name}-console`,
        },
        pool.labels,
      ),
    );
}

/** TidbCluster components and their `app.kubernetes.io/component` (tidb-operator pkg/apis/label/label.go). */
const TIDB_COMPONENTS = [
  'pd',
  'tikv',
  'tidb',
  'tiflash',
  'ticdc',
  'pump',
  'tiproxy',
];

/**
 * TiDB Operator TidbCluster `<name>` (tidb-operator pkg/apis/label/label.go New, the member managers
 * in pkg/manager/member): per component in the spec, `app.kubernetes.io/name: tidb-cluster`,
 * `app.kubernetes.io/managed-by: tidb-operator`, `app.kubernetes.io/instance` (the TidbCluster's own
 * app.kubernetes.io/instance label, else `<name>`: GetInstanceName), `app.kubernetes.io/component:
 * <component>`, then spec.labels and spec.<component>.labels (ComponentAccessor Labels).
 */
function tidbClusterPods(owner: K8sObject): PodLabels[] {
  const spec = owner.spec ?? {};
  const instance =
    ownLabel(owner.metadata.labels, 'app.kubernetes.io/instance') ??
    owner.metadata.name;
  return TIDB_COMPONENTS.filter(component => isRecord(spec[component])).map(
    component =>
      podLabels(
        {
          'app.kubernetes.io/name': 'tidb-cluster',
          'app.kubernetes.io/managed-by': 'tidb-operator',
          'app.kubernetes.io/instance': instance,
          'app.kubernetes.io/component': component,
        },
        spec.labels,
        spec[component].labels,
      ),
  );
}

/**
 * Custom resources whose operator creates pods, one entry per kind. These pods exist only in the
 * cluster: a manifests scan can only tell them from their resource. An operator configured away from
 * its defaults (Zalando's label names) or adding labels of its own configuration makes selectors of
 * those labels warn.
 */
const OPERATOR_POD_OWNER_ENTRIES: Record<
  OperatorPodOwnerKey,
  Omit<OperatorPodOwner, 'key'>
> = {
  'alertmanagers.monitoring.coreos.com': {
    operator: 'the Prometheus Operator',
    ownKeys: /^(alertmanager$|operator\.prometheus\.io\/)/,
    pods: prometheusOperatorPods,
  },
  'prometheuses.monitoring.coreos.com': {
    operator: 'the Prometheus Operator',
    ownKeys: /^(prometheus$|operator\.prometheus\.io\/)/,
    pods: prometheusOperatorPods,
  },
  'clusters.postgresql.cnpg.io': {
    operator: 'CloudNativePG',
    ownKeys: /^cnpg\.io\//,
    pods: cnpgInstancePods,
  },
  'poolers.postgresql.cnpg.io': {
    operator: 'CloudNativePG',
    ownKeys: /^cnpg\.io\//,
    pods: cnpgPoolerPods,
  },
  [KAFKAS]: {
    operator: 'Strimzi',
    ownKeys: /^strimzi\.io\//,
    pods: strimziKafkaPods,
  },
  'kafkanodepools.kafka.strimzi.io': {
    operator: 'Strimzi',
    ownKeys: /^strimzi\.io\//,
    pods: strimziNodePoolPods,
  },
  'rabbitmqclusters.rabbitmq.com': {
    operator: 'the RabbitMQ cluster operator',
    pods: rabbitmqPods,
  },
  'postgresqls.acid.zalan.do': {
    operator: 'the Zalando Postgres Operator',
    ownKeys: /^spilo-role$/,
    pods: zalandoPostgresPods,
  },
  'elasticsearches.elasticsearch.k8s.elastic.co': {
    operator: 'ECK',
    ownKeys: /^(elasticsearch\.k8s\.elastic\.co\/|common\.k8s\.elastic\.co\/)/,
    pods: elasticsearchPods,
  },
  'kibanas.kibana.k8s.elastic.co': {
    operator: 'ECK',
    ownKeys: /^(kibana\.k8s\.elastic\.co\/|common\.k8s\.elastic\.co\/)/,
    pods: kibanaPods,
  },
  'tenants.minio.min.io': {
    operator: 'the MinIO Operator',
    ownKeys: /^v1\.min\.io\//,
    pods: minioTenantPods,
  },
  'tidbclusters.pingcap.com': {
    operator: 'TiDB Operator',
    ownKeys: /^tidb\.pingcap\.com\//,
    pods: tidbClusterPods,
  },
};

/** The entries in the order of OPERATOR_POD_OWNER_KEYS (model/operatorPodOwners.ts). */
const OPERATOR_POD_OWNERS: OperatorPodOwner[] = OPERATOR_POD_OWNER_KEYS.map(
  key => ({ key, ...OPERATOR_POD_OWNER_ENTRIES[key] }),
);

/**
 * Pod labels per resource, computed once per cluster view (a scan asks for each selector that selects
 * nothing; a node pool's labels depend on its Kafka in the same view).
 */
const PODS_OF = new WeakMap<ClusterView, Map<K8sObject, PodLabels[]>>();

function podsOf(
  entry: OperatorPodOwner,
  owner: K8sObject,
  cluster: ClusterView,
): PodLabels[] {
  let known = PODS_OF.get(cluster);
  if (!known) PODS_OF.set(cluster, (known = new Map()));
  let pods = known.get(owner);
  if (!pods) {
    pods = entry.pods(owner, cluster);
    known.set(owner, pods);
  }
  return pods;
}

/** Every custom resource of the namespace whose operator creates pods, with its entry (readable types only). */
function* ownersIn(
  cluster: ClusterView,
  namespace: string,
): Generator<{ entry: OperatorPodOwner; owner: K8sObject }> {
  for (const entry of OPERATOR_POD_OWNERS) {
    if (cluster.fetchState(entry.key).status !== 'ok') continue;
    for (const owner of cluster.inNamespace(entry.key, namespace))
      yield { entry, owner };
  }
}

/**
 * In a manifests scan, the custom resource whose operator will create the pods a selector selects:
 * one in the selector's namespace with a kind of pod for which every pair of the selector is a label
 * the operator gives it. Every pair must fit the same kind of pod, so a typo in any value
 * (`alertmanager: mian`), or labels of two different components, still find none.
 */
export function operatorOwnerOf(
  cluster: ClusterView,
  namespace: string,
  selector: Record<string, string>,
): K8sObject | undefined {
  const pairs = Object.entries(selector);
  for (const { entry, owner } of ownersIn(cluster, namespace)) {
    const pods = podsOf(entry, owner, cluster);
    if (
      pods.some(labels => pairs.every(([k, v]) => fits(labels, k, String(v))))
    )
      return owner;
  }
  return undefined;
}

/** A selector that looks meant for the pods of an operator's resource, but asks for labels they lack. */
export interface NearOperatorPods {
  owner: K8sObject;
  operator: string;
  /** `key=value` pairs of the selector that none of those pods will have. */
  misfits: string[];
}

/**
 * The custom resource of the namespace whose operator-made pods a selector that selects nothing
 * seems to be about: some pair of it is a label the operator gives one kind of those pods, or uses a
 * label key only that operator sets. The kind of pod sharing most pairs wins. Undefined when nothing
 * in the selector points at an operator's pods (a Service for something deployed elsewhere).
 */
export function nearOperatorPods(
  cluster: ClusterView,
  namespace: string,
  selector: Record<string, string>,
): NearOperatorPods | undefined {
  const pairs = Object.entries(selector).map(([k, v]): [string, string] => [
    k,
    String(v),
  ]);
  let best: (NearOperatorPods & { fitting: number }) | undefined;
  for (const { entry, owner } of ownersIn(cluster, namespace)) {
    const ownKey = pairs.some(([k]) => entry.ownKeys?.test(k) ?? false);
    for (const labels of podsOf(entry, owner, cluster)) {
      const misfits = pairs
        .filter(([k, v]) => !fits(labels, k, v))
        .map(([k, v]) => `${k}=${v}`);
      const fitting = pairs.length - misfits.length;
      if ((fitting > 0 || ownKey) && (!best || fitting > best.fitting))
        best = { owner, operator: entry.operator, misfits, fitting };
    }
  }
  if (!best || best.misfits.length === 0) return undefined;
  return { owner: best.owner, operator: best.operator, misfits: best.misfits };
}

/** For a message: why a selector near an operator's pods still selects nothing. */
export function describeNearOperatorPods(near: NearOperatorPods): string {
  const { misfits } = near;
  const verb = misfits.length === 1 ? 'is' : 'are';
  return `it looks meant for the pods ${
    near.operator
  } creates for ${describeObject(near.owner)}, but ${misfits.join(
    ', ',
  )} ${verb} not a label ${near.operator} gives them`;
}

/**
 * The pairs a label selector requires exactly (matchLabels, and `In` with one value), or undefined
 * when it requires anything else (several values, NotIn, Exists): then no pod set can be told.
 */
export function exactPairs(
  selector: LabelSelector | null | undefined,
): Record<string, string> | undefined {
  if (!selector || typeof selector !== 'object') return undefined;
  const pairs = new Map<string, string>(
    labelEntries(selector.matchLabels).map(([k, v]) => [k, String(v)]),
  );
  for (const req of selector.matchExpressions ?? []) {
    if (req?.operator !== 'In' || req.values?.length !== 1) return undefined;
    const value = String(req.values[0]);
    if (pairs.has(req.key) && pairs.get(req.key) !== value) return undefined;
    pairs.set(req.key, value);
  }
  // fromEntries defines each key as an own property, `__proto__` included.
  return pairs.size > 0 ? Object.fromEntries(pairs) : undefined;
}
