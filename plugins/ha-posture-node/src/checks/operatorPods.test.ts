import { OPERATOR_POD_OWNER_KEYS } from '../model/operatorPodOwners';
import { RESOURCE_TYPES_BY_KEY } from '../model/resources';
import { K8sObject } from '../model/snapshot';
import { alertmanager, clusterFrom, k8sObject, prometheus } from '../testing';
import {
  describeNearOperatorPods,
  exactPairs,
  nearOperatorPods,
  operatorOwnerOf,
} from './operatorPods';

/** The resource (`Kind name`) whose operator-made pods the selector fits, or undefined. */
function ownerOf(
  objects: K8sObject[],
  namespace: string,
  // Loose for tables of selectors with different keys.
  selector: Record<string, string | undefined>,
): string | undefined {
  const owner = operatorOwnerOf(
    clusterFrom(objects),
    namespace,
    selector as Record<string, string>,
  );
  return owner ? `${owner.kind} ${owner.metadata.name}` : undefined;
}

const cnpgCluster = k8sObject('postgresql.cnpg.io/v1', 'Cluster', 'pg', {
  namespace: 'shop',
  spec: {
    instances: 3,
    storage: { size: '1Gi' },
    inheritedMetadata: { labels: { team: 'payments' } },
  },
});

const cnpgPooler = k8sObject('postgresql.cnpg.io/v1', 'Pooler', 'pooler-rw', {
  namespace: 'shop',
  spec: {
    cluster: { name: 'pg' },
    instances: 2,
    type: 'rw',
    template: { metadata: { labels: { app: 'pooler' } } },
  },
});

/** Strimzi's examples/kafka/kafka-persistent.yaml shape, ZooKeeper based, with template labels. */
const zkKafka = k8sObject('kafka.strimzi.io/v1beta2', 'Kafka', 'my-cluster', {
  namespace: 'kafka',
  labels: { team: 'streaming', 'app.kubernetes.io/version': '3' },
  spec: {
    kafka: {
      replicas: 3,
      listeners: [{ name: 'plain', port: 9092, type: 'internal', tls: false }],
      storage: { type: 'ephemeral' },
      template: { pod: { metadata: { labels: { tier: 'brokers' } } } },
    },
    zookeeper: { replicas: 3, storage: { type: 'ephemeral' } },
    entityOperator: { topicOperator: {}, userOperator: {} },
  },
});

/** KRaft with node pools (examples/kafka/kraft): the Kafka holds no replicas, its pools do. */
const kraftKafka = k8sObject('kafka.strimzi.io/v1', 'Kafka', 'my-cluster', {
  namespace: 'kafka',
  spec: {
    kafka: {
      listeners: [{ name: 'plain', port: 9092, type: 'internal', tls: false }],
      template: { pod: { metadata: { labels: { tier: 'brokers' } } } },
    },
  },
});

const nodePool = (name: string, roles: string[], spec: any = {}) =>
  k8sObject('kafka.strimzi.io/v1beta2', 'KafkaNodePool', name, {
    namespace: 'kafka',
    labels: { 'strimzi.io/cluster': 'my-cluster' },
    spec: { replicas: 3, roles, storage: { type: 'ephemeral' }, ...spec },
  });

/** rabbitmq/cluster-operator docs/examples/production-ready, with an override adding pod labels. */
const rabbitmq = k8sObject(
  'rabbitmq.com/v1beta1',
  'RabbitmqCluster',
  'production-ready',
  {
    namespace: 'default',
    labels: { team: 'mq', 'app.kubernetes.io/version': '3' },
    spec: {
      replicas: 3,
      override: {
        statefulSet: {
          spec: { template: { metadata: { labels: { tier: 'queue' } } } },
        },
      },
    },
  },
);

/** zalando/postgres-operator manifests/minimal-postgres-manifest.yaml. */
const zalando = k8sObject(
  'acid.zalan.do/v1',
  'postgresql',
  'acid-minimal-cluster',
  {
    namespace: 'default',
    spec: {
      teamId: 'acid',
      numberOfInstances: 2,
      volume: { size: '1Gi' },
      postgresql: { version: '16' },
    },
  },
);

const elasticsearch = k8sObject(
  'elasticsearch.k8s.elastic.co/v1',
  'Elasticsearch',
  'quickstart',
  {
    namespace: 'elastic',
    spec: {
      version: '8.14.0',
      nodeSets: [
        {
          name: 'default',
          count: 3,
          podTemplate: { metadata: { labels: { tier: 'search' } } },
        },
        { name: 'masters', count: 3 },
      ],
    },
  },
);

const kibana = k8sObject('kibana.k8s.elastic.co/v1', 'Kibana', 'quickstart', {
  namespace: 'elastic',
  spec: {
    version: '8.14.0',
    count: 2,
    elasticsearchRef: { name: 'quickstart' },
  },
});

const tenant = k8sObject('minio.min.io/v2', 'Tenant', 'myminio', {
  namespace: 'minio-tenant',
  labels: { app: 'minio' },
  spec: {
    pools: [
      {
        name: 'pool-0',
        servers: 4,
        volumesPerServer: 2,
        labels: { disk: 'nvme' },
      },
    ],
  },
});

const tidb = k8sObject('pingcap.com/v1alpha1', 'TidbCluster', 'basic', {
  namespace: 'tidb',
  spec: {
    version: 'v7.5.0',
    labels: { team: 'db' },
    pd: { replicas: 3, baseImage: 'pingcap/pd' },
    tikv: { replicas: 3, baseImage: 'pingcap/tikv' },
    tidb: { replicas: 2, baseImage: 'pingcap/tidb', labels: { tier: 'sql' } },
  },
});

describe('operatorPods', () => {
  it('declares every operator kind as a resource type the engine reads', () => {
    for (const key of OPERATOR_POD_OWNER_KEYS) {
      expect(RESOURCE_TYPES_BY_KEY.get(key)?.namespaced).toBe(true);
    }
    expect(OPERATOR_POD_OWNER_KEYS).toEqual(
      expect.arrayContaining([
        'clusters.postgresql.cnpg.io',
        'poolers.postgresql.cnpg.io',
        'kafkas.kafka.strimzi.io',
        'kafkanodepools.kafka.strimzi.io',
        'rabbitmqclusters.rabbitmq.com',
        'postgresqls.acid.zalan.do',
        'elasticsearches.elasticsearch.k8s.elastic.co',
        'kibanas.kibana.k8s.elastic.co',
        'tenants.minio.min.io',
        'tidbclusters.pingcap.com',
      ]),
    );
  });

  describe('Prometheus Operator', () => {
    it('knows the labels of Alertmanager and Prometheus pods, podMetadata and shards included', () => {
      const am = alertmanager('main');
      am.spec.podMetadata = { labels: { 'app.kubernetes.io/part-of': 'kp' } };
      const objects = [am, prometheus('k8s', { shards: 2 })];
      expect(
        ownerOf(objects, 'monitoring', {
          alertmanager: 'main',
          'app.kubernetes.io/part-of': 'kp',
        }),
      ).toBe('Alertmanager main');
      expect(
        ownerOf(objects, 'monitoring', {
          prometheus: 'k8s',
          'operator.prometheus.io/shard': '1',
        }),
      ).toBe('Prometheus k8s');
      expect(
        ownerOf(objects, 'monitoring', {
          prometheus: 'k8s',
          'operator.prometheus.io/shard': '2',
        }),
      ).toBeUndefined();
      // Labels of one resource's pods, not a mix of two.
      expect(
        ownerOf(objects, 'monitoring', {
          alertmanager: 'main',
          app: 'prometheus',
        }),
      ).toBeUndefined();
    });
  });

  describe('CloudNativePG', () => {
    const objects = [cnpgCluster, cnpgPooler];

    it.each([
      [{ 'cnpg.io/cluster': 'pg', 'cnpg.io/instanceRole': 'primary' }],
      [{ 'cnpg.io/cluster': 'pg', 'cnpg.io/podRole': 'instance' }],
      [{ 'cnpg.io/cluster': 'pg', role: 'replica' }],
      [{ 'cnpg.io/instanceName': 'pg-2' }],
      [
        {
          'app.kubernetes.io/name': 'postgresql',
          'app.kubernetes.io/instance': 'pg',
        },
      ],
      [{ team: 'payments', 'cnpg.io/cluster': 'pg' }],
    ])('gives the instances of a Cluster %j', selector => {
      expect(ownerOf(objects, 'shop', selector)).toBe('Cluster pg');
    });

    it('gives the PgBouncer pods of a Pooler its name and template labels', () => {
      expect(
        ownerOf(objects, 'shop', {
          app: 'pooler',
          'cnpg.io/poolerName': 'pooler-rw',
        }),
      ).toBe('Pooler pooler-rw');
    });

    it.each([
      [{ 'cnpg.io/poolerName': 'pooler-rw', 'cnpg.io/podRole': 'pooler' }],
      [{ 'cnpg.io/cluster': 'pg', 'cnpg.io/podRole': 'pooler' }],
      [
        {
          'app.kubernetes.io/name': 'postgresql',
          'app.kubernetes.io/instance': 'pg',
          'app.kubernetes.io/component': 'pooler',
          'app.kubernetes.io/managed-by': 'cloudnative-pg',
        },
      ],
    ])(
      "gives the PgBouncer pods of a Pooler the labels of current releases, with its Cluster's name %j",
      selector => {
        expect(ownerOf(objects, 'shop', selector)).toBe('Pooler pooler-rw');
      },
    );

    it('gives the pods of a Pooler without spec.cluster no cluster label', () => {
      const orphan = k8sObject('postgresql.cnpg.io/v1', 'Pooler', 'lone', {
        namespace: 'shop',
        spec: { instances: 2, type: 'rw' },
      });
      expect(
        ownerOf([orphan], 'shop', {
          'cnpg.io/poolerName': 'lone',
          'cnpg.io/podRole': 'pooler',
        }),
      ).toBe('Pooler lone');
      expect(
        ownerOf([orphan], 'shop', {
          'cnpg.io/poolerName': 'lone',
          'cnpg.io/cluster': 'lone',
        }),
      ).toBeUndefined();
    });

    it.each([
      [{ 'cnpg.io/cluster': 'pg', 'cnpg.io/instanceRole': 'master' }],
      [{ 'cnpg.io/cluster': 'pgg' }],
      [{ 'cnpg.io/instanceName': 'pg-0' }],
      [{ 'cnpg.io/poolerName': 'pooler-rw', 'cnpg.io/podRole': 'instance' }],
      [{ 'cnpg.io/cluster': 'pg', 'cnpg.io/podRole': 'poolers' }],
      [
        {
          'cnpg.io/poolerName': 'pooler-rw',
          'app.kubernetes.io/component': 'database',
        },
      ],
    ])('gives none %j', selector => {
      expect(ownerOf(objects, 'shop', selector)).toBeUndefined();
    });
  });

  describe('Strimzi', () => {
    it.each([
      [{ 'strimzi.io/cluster': 'my-cluster', 'strimzi.io/kind': 'Kafka' }],
      [{ 'strimzi.io/name': 'my-cluster-zookeeper' }],
      [{ 'strimzi.io/name': 'my-cluster-entity-operator' }],
      [
        {
          'app.kubernetes.io/name': 'kafka',
          'app.kubernetes.io/instance': 'my-cluster',
          tier: 'brokers',
        },
      ],
      [{ 'strimzi.io/pod-name': 'my-cluster-kafka-0' }],
      [
        {
          'app.kubernetes.io/part-of': 'strimzi-my-cluster',
          team: 'streaming',
        },
      ],
    ])('gives the pods of a Kafka %j', selector => {
      expect(ownerOf([zkKafka], 'kafka', selector)).toBe('Kafka my-cluster');
    });

    it.each([
      // ZooKeeper's name with the brokers' template label: no pod has both.
      [{ 'strimzi.io/name': 'my-cluster-zookeeper', tier: 'brokers' }],
      [{ 'strimzi.io/kind': 'Kafka', 'strimzi.io/cluster': 'my-clutser' }],
      // Strimzi does not copy the resource's app.kubernetes.io labels (but part-of).
      [
        {
          'app.kubernetes.io/version': '3',
          'strimzi.io/cluster': 'my-cluster',
        },
      ],
      // No Cruise Control in this Kafka.
      [{ 'strimzi.io/name': 'my-cluster-cruise-control' }],
    ])('gives a Kafka no pod %j', selector => {
      expect(ownerOf([zkKafka], 'kafka', selector)).toBeUndefined();
    });

    it("gives the pods of a KafkaNodePool its pool name, roles, pod names, and the Kafka's template labels", () => {
      const objects = [kraftKafka, nodePool('brokers', ['broker'])];
      for (const selector of [
        {
          'strimzi.io/pool-name': 'brokers',
          'strimzi.io/cluster': 'my-cluster',
        },
        { 'strimzi.io/broker-role': 'true', 'strimzi.io/pool-name': 'brokers' },
        { 'strimzi.io/pod-name': 'my-cluster-brokers-3' },
        { tier: 'brokers', 'strimzi.io/pool-name': 'brokers' },
      ])
        expect(ownerOf(objects, 'kafka', selector)).toBe(
          'KafkaNodePool brokers',
        );
      for (const selector of [
        {
          'strimzi.io/pool-name': 'brokers',
          'strimzi.io/controller-role': 'true',
        },
        { 'strimzi.io/pool-name': 'broker' },
      ])
        expect(ownerOf(objects, 'kafka', selector)).toBeUndefined();
    });

    it("uses a pool's own template instead of the Kafka's", () => {
      const pool = nodePool('brokers', ['broker'], {
        template: { pod: { metadata: { labels: { disk: 'ssd' } } } },
      });
      const objects = [kraftKafka, pool];
      expect(
        ownerOf(objects, 'kafka', {
          disk: 'ssd',
          'strimzi.io/pool-name': 'brokers',
        }),
      ).toBe('KafkaNodePool brokers');
      expect(
        ownerOf(objects, 'kafka', {
          tier: 'brokers',
          'strimzi.io/pool-name': 'brokers',
        }),
      ).toBeUndefined();
    });
  });

  describe('RabbitMQ', () => {
    it('gives the pods of a RabbitmqCluster its name, its labels (but app.kubernetes.io) and the override', () => {
      expect(
        ownerOf([rabbitmq], 'default', {
          'app.kubernetes.io/name': 'production-ready',
        }),
      ).toBe('RabbitmqCluster production-ready');
      expect(
        ownerOf([rabbitmq], 'default', {
          'app.kubernetes.io/component': 'rabbitmq',
          'app.kubernetes.io/part-of': 'rabbitmq',
          team: 'mq',
          tier: 'queue',
        }),
      ).toBe('RabbitmqCluster production-ready');
      for (const selector of [
        { 'app.kubernetes.io/name': 'production-redy' },
        {
          'app.kubernetes.io/name': 'production-ready',
          'app.kubernetes.io/version': '3',
        },
      ])
        expect(ownerOf([rabbitmq], 'default', selector)).toBeUndefined();
    });
  });

  describe('Zalando Postgres Operator', () => {
    it('gives Spilo pods the default cluster labels, the team and the role', () => {
      const name = 'acid-minimal-cluster';
      for (const selector of [
        { application: 'spilo', 'cluster-name': name, 'spilo-role': 'master' },
        { 'cluster-name': name, 'spilo-role': 'replica', team: 'acid' },
      ])
        expect(ownerOf([zalando], 'default', selector)).toBe(
          `postgresql ${name}`,
        );
      for (const selector of [
        { 'cluster-name': name, 'spilo-role': 'primary' },
        { application: 'spilo', 'cluster-name': 'acid-minimal' },
      ])
        expect(ownerOf([zalando], 'default', selector)).toBeUndefined();
    });
  });

  describe('ECK', () => {
    const objects = [elasticsearch, kibana];

    it('gives Elasticsearch pods per node set, and Kibana pods', () => {
      for (const selector of [
        { 'elasticsearch.k8s.elastic.co/cluster-name': 'quickstart' },
        {
          'common.k8s.elastic.co/type': 'elasticsearch',
          'elasticsearch.k8s.elastic.co/cluster-name': 'quickstart',
          'elasticsearch.k8s.elastic.co/node-master': 'true',
        },
        {
          'elasticsearch.k8s.elastic.co/statefulset-name':
            'quickstart-es-default',
          tier: 'search',
        },
        { 'statefulset.kubernetes.io/pod-name': 'quickstart-es-masters-2' },
        { 'elasticsearch.k8s.elastic.co/version': '8.14.0' },
      ])
        expect(ownerOf(objects, 'elastic', selector)).toBe(
          'Elasticsearch quickstart',
        );
      expect(
        ownerOf(objects, 'elastic', {
          'common.k8s.elastic.co/type': 'kibana',
          'kibana.k8s.elastic.co/name': 'quickstart',
        }),
      ).toBe('Kibana quickstart');
    });

    it("gives no pod another node set's template labels, or labels of both kinds", () => {
      for (const selector of [
        {
          'elasticsearch.k8s.elastic.co/statefulset-name':
            'quickstart-es-masters',
          tier: 'search',
        },
        { 'elasticsearch.k8s.elastic.co/cluster-name': 'quickstrat' },
        {
          'kibana.k8s.elastic.co/name': 'quickstart',
          'common.k8s.elastic.co/type': 'elasticsearch',
        },
      ])
        expect(ownerOf(objects, 'elastic', selector)).toBeUndefined();
    });
  });

  describe('MinIO Operator', () => {
    it("gives the pods of a Tenant's pools the tenant, pool, and both resources' labels", () => {
      for (const selector of [
        { 'v1.min.io/tenant': 'myminio' },
        { app: 'minio', 'v1.min.io/pool': 'pool-0', disk: 'nvme' },
      ])
        expect(ownerOf([tenant], 'minio-tenant', selector)).toBe(
          'Tenant myminio',
        );
      expect(
        ownerOf([tenant], 'minio-tenant', {
          'v1.min.io/tenant': 'myminio',
          'v1.min.io/pool': 'pool-1',
        }),
      ).toBeUndefined();
    });
  });

  describe('TiDB Operator', () => {
    it('gives the pods of each component in the spec its component, instance and labels', () => {
      for (const selector of [
        {
          'app.kubernetes.io/instance': 'basic',
          'app.kubernetes.io/component': 'tidb',
        },
        {
          'app.kubernetes.io/name': 'tidb-cluster',
          'app.kubernetes.io/managed-by': 'tidb-operator',
          'app.kubernetes.io/component': 'pd',
        },
        { tier: 'sql', team: 'db', 'app.kubernetes.io/component': 'tidb' },
      ])
        expect(ownerOf([tidb], 'tidb', selector)).toBe('TidbCluster basic');
      for (const selector of [
        // No TiFlash in this cluster.
        {
          'app.kubernetes.io/instance': 'basic',
          'app.kubernetes.io/component': 'tiflash',
        },
        { tier: 'sql', 'app.kubernetes.io/component': 'pd' },
      ])
        expect(ownerOf([tidb], 'tidb', selector)).toBeUndefined();
    });

    it("takes the instance from the TidbCluster's app.kubernetes.io/instance label (Helm)", () => {
      const helm = k8sObject('pingcap.com/v1alpha1', 'TidbCluster', 'basic', {
        namespace: 'tidb',
        labels: { 'app.kubernetes.io/instance': 'release' },
        spec: { pd: { replicas: 3 } },
      });
      expect(
        ownerOf([helm], 'tidb', { 'app.kubernetes.io/instance': 'release' }),
      ).toBe('TidbCluster basic');
    });
  });

  it('only counts resources in the namespace asked about', () => {
    expect(
      ownerOf([cnpgCluster], 'billing', { 'cnpg.io/cluster': 'pg' }),
    ).toBeUndefined();
  });

  describe('nearOperatorPods', () => {
    it('names the resource and the pairs its pods will not have', () => {
      const view = clusterFrom([cnpgCluster, zkKafka]);
      const near = nearOperatorPods(view, 'shop', {
        'cnpg.io/cluster': 'pg',
        'cnpg.io/instanceRole': 'master',
      });
      expect(near).toMatchObject({
        owner: { metadata: { name: 'pg' } },
        operator: 'CloudNativePG',
        misfits: ['cnpg.io/instanceRole=master'],
      });
      expect(describeNearOperatorPods(near!)).toBe(
        'it looks meant for the pods CloudNativePG creates for Cluster shop/pg, but cnpg.io/instanceRole=master is not a label CloudNativePG gives them',
      );
    });

    it('takes a key only the operator sets as a sign, even with no pair right', () => {
      const view = clusterFrom([cnpgCluster]);
      expect(
        nearOperatorPods(view, 'shop', { 'cnpg.io/cluster': 'pgg' })?.misfits,
      ).toEqual(['cnpg.io/cluster=pgg']);
    });

    it('finds nothing for a selector with nothing of an operator, or another namespace', () => {
      const view = clusterFrom([prometheus('main', { namespace: 'elastic' })]);
      expect(
        nearOperatorPods(view, 'elastic', {
          'control-plane': 'elastic-operator',
        }),
      ).toBeUndefined();
      expect(
        nearOperatorPods(view, 'shop', { prometheus: 'mian' }),
      ).toBeUndefined();
      expect(
        nearOperatorPods(view, 'elastic', { prometheus: 'mian' })?.misfits,
      ).toEqual(['prometheus=mian']);
    });
  });

  describe('label keys that are names on Object.prototype', () => {
    /** Valid label keys: a resource may carry them, and its operator copies them to its pods. */
    const LABEL_KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'];
    /** Also `__proto__`, not a valid label key (objects labelled with it are set aside), in selectors. */
    const KEYS = [...LABEL_KEYS, '__proto__'];
    /** `{ [key]: value }` with `key` an own property, `__proto__` too (as YAML and JSON parsers make it). */
    const labelsOf = (key: string, value: string): Record<string, string> =>
      Object.fromEntries([[key, value]]);

    it.each(LABEL_KEYS)(
      'matches and merges a label %s of the resource like any other',
      key => {
        const mq = k8sObject('rabbitmq.com/v1beta1', 'RabbitmqCluster', 'mq', {
          namespace: 'q',
          labels: labelsOf(key, 'm'),
          spec: { replicas: 3 },
        });
        const kafka = k8sObject('kafka.strimzi.io/v1beta2', 'Kafka', 'k', {
          namespace: 'q',
          labels: labelsOf(key, 'x'),
          spec: {
            kafka: {
              replicas: 3,
              template: { pod: { metadata: { labels: labelsOf(key, 'y') } } },
            },
          },
        });
        const view = clusterFrom([mq, kafka]);
        // The resource's own label, which both operators copy to its pods.
        expect(
          operatorOwnerOf(view, 'q', labelsOf(key, 'm'))?.metadata.name,
        ).toBe('mq');
        // The Kafka's own label and its template's, merged: both values fit.
        for (const value of ['x', 'y'])
          expect(
            operatorOwnerOf(view, 'q', {
              ...labelsOf(key, value),
              'strimzi.io/cluster': 'k',
            })?.metadata.name,
          ).toBe('k');
        expect(operatorOwnerOf(view, 'q', labelsOf(key, 'z'))).toBeUndefined();
      },
    );

    it.each(KEYS)(
      'finds no pod with a label %s that neither the operator nor the resource gives',
      key => {
        const view = clusterFrom([
          k8sObject('rabbitmq.com/v1beta1', 'RabbitmqCluster', 'mq', {
            namespace: 'q',
            spec: { replicas: 3 },
          }),
          k8sObject('kafka.strimzi.io/v1beta2', 'Kafka', 'k', {
            namespace: 'q',
            spec: { kafka: { replicas: 3 }, zookeeper: { replicas: 3 } },
          }),
        ]);
        expect(operatorOwnerOf(view, 'q', labelsOf(key, 'mq'))).toBeUndefined();
        expect(
          nearOperatorPods(view, 'q', {
            ...labelsOf(key, 'mq'),
            'app.kubernetes.io/name': 'mq',
          })?.misfits,
        ).toEqual([`${key}=mq`]);
        expect(
          nearOperatorPods(view, 'q', labelsOf(key, 'mq')),
        ).toBeUndefined();
      },
    );

    it.each(KEYS)('exactPairs reads %s as a key of its own', key => {
      const both = exactPairs({
        matchLabels: labelsOf(key, 'x'),
        matchExpressions: [{ key, operator: 'In', values: ['x'] }],
      });
      expect(Object.entries(both ?? {})).toEqual([[key, 'x']]);
      const expression = exactPairs({
        matchExpressions: [{ key, operator: 'In', values: ['x'] }],
      });
      expect(Object.entries(expression ?? {})).toEqual([[key, 'x']]);
      expect(
        exactPairs({
          matchLabels: labelsOf(key, 'x'),
          matchExpressions: [{ key, operator: 'In', values: ['y'] }],
        }),
      ).toBeUndefined();
    });
  });

  it('exactPairs reads matchLabels and single-value In only', () => {
    expect(
      exactPairs({
        matchLabels: { a: '1' },
        matchExpressions: [{ key: 'b', operator: 'In', values: ['2'] }],
      }),
    ).toEqual({ a: '1', b: '2' });
    expect(
      exactPairs({ matchExpressions: [{ key: 'b', operator: 'Exists' }] }),
    ).toBeUndefined();
    expect(exactPairs({})).toBeUndefined();
  });
});
