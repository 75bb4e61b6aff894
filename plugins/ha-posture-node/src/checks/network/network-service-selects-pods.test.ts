import { K8sObject } from '../../model/snapshot';
import {
  alertmanager,
  clusterFrom,
  deployment,
  kubeadmHa3z,
  nodes,
  pod,
  prometheus,
  runCheck,
  runOne,
  service,
  statefulSet,
  operatorResource,
} from '../../testing';
import { networkServiceSelectsPods } from './network-service-selects-pods';

describe('network-service-selects-pods', () => {
  it('passes when every Service selects pods (kubeadm-ha-3z)', () => {
    const outcome = runOne(
      networkServiceSelectsPods,
      clusterFrom(kubeadmHa3z()),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe('All 2 Services with a selector select pods');
  });

  it('warns on each dangling Service, naming its selector', () => {
    const objects = [
      ...nodes('w', 2),
      pod('api-1', { namespace: 'shop', node: 'w-1', labels: { app: 'api' } }),
      service('api', { namespace: 'shop', selector: { app: 'api' } }),
      service('typo', { namespace: 'shop', selector: { app: 'apii' } }),
      service('elsewhere', { namespace: 'other', selector: { app: 'api' } }),
    ];
    const outcomes = runCheck(networkServiceSelectsPods, clusterFrom(objects));
    expect(outcomes.map(o => [o.status, o.message])).toEqual([
      [
        'warn',
        'Service shop/typo selects app=apii, which matches no pod or workload in its namespace',
      ],
      [
        'warn',
        'Service other/elsewhere selects app=api, which matches no pod or workload in its namespace',
      ],
    ]);
  });

  it('accepts a workload scaled to zero, and ignores Services without a selector', () => {
    const objects = [
      ...nodes('w', 2),
      deployment('batch', { namespace: 'jobs', replicas: 0 }),
      service('batch', { namespace: 'jobs', selector: { app: 'batch' } }),
      service('external-db', { namespace: 'jobs' }),
    ];
    expect(runOne(networkServiceSelectsPods, clusterFrom(objects)).status).toBe(
      'pass',
    );
    expect(
      runOne(
        networkServiceSelectsPods,
        clusterFrom([...nodes('w', 1), service('external-db')]),
      ).status,
    ).toBe('skipped');
  });

  it('matches pod templates in a manifests scan (kube-linter dangling-service)', () => {
    const web = deployment('web', { labels: { app: 'web', tier: 'front' } });
    expect(
      runOne(
        networkServiceSelectsPods,
        clusterFrom([web, service('web', { selector: { app: 'web' } })]),
      ).status,
    ).toBe('pass');
    expect(
      runOne(
        networkServiceSelectsPods,
        clusterFrom([
          web,
          service('web', { selector: { app: 'web', tier: 'back' } }),
        ]),
      ).status,
    ).toBe('warn');
  });

  it('is unknown when pods cannot be read (operator-made pods would look dangling)', () => {
    const outcome = runOne(
      networkServiceSelectsPods,
      clusterFrom(kubeadmHa3z(), { fetch: { pods: 'forbidden' } }),
    );
    expect(outcome.status).toBe('unknown');
  });

  // A manifests scan has no pods, so the pods an operator creates from a custom resource cannot
  // match a Service. Rule: such a Service is skipped only when a pod-making custom resource in its
  // namespace accounts for every pair of its selector (labels its operator gives one kind of its
  // pods); any other unmatched selector still warns, so a typo is never hidden. A Service alone in
  // a namespace without workloads is skipped as deployed from elsewhere, unless its selector looks
  // meant for such operator pods (one pair they have, or a key only that operator sets).
  describe('per-pod StatefulSet Services in a manifests scan', () => {
    const db = statefulSet('db', {
      namespace: 'data',
      replicas: 3,
      labels: { app: 'db' },
    });
    const perPod = (selector: Record<string, string>) =>
      runOne(
        networkServiceSelectsPods,
        clusterFrom([db, service('db-1', { namespace: 'data', selector })]),
      );

    it('skips a Service selecting one pod of a StatefulSet by the labels its controller sets', () => {
      const outcome = perPod({
        app: 'db',
        'statefulset.kubernetes.io/pod-name': 'db-1',
      });
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toContain(
        'a per-pod Service for db-1, whose pod-name and pod-index labels the StatefulSet controller sets',
      );
      expect(
        perPod({ 'apps.kubernetes.io/pod-index': '2', app: 'db' }).status,
      ).toBe('skipped');
    });

    it('still warns on an ordinal the set does not run, another set, or a label its pods lack', () => {
      expect(
        perPod({ 'statefulset.kubernetes.io/pod-name': 'db-3' }).status,
      ).toBe('warn');
      expect(
        perPod({ 'statefulset.kubernetes.io/pod-name': 'cache-0' }).status,
      ).toBe('warn');
      expect(
        perPod({ app: 'dbb', 'statefulset.kubernetes.io/pod-name': 'db-0' })
          .status,
      ).toBe('warn');
      expect(
        perPod({
          'statefulset.kubernetes.io/pod-name': 'db-0',
          'apps.kubernetes.io/pod-index': '1',
        }).status,
      ).toBe('warn');
    });
  });

  describe('operator-made pods in a manifests scan', () => {
    const amService = (selector: Record<string, string>) =>
      service('alertmanager-main', { namespace: 'monitoring', selector });

    it('skips the kube-prometheus alertmanager-main Service next to its Alertmanager, saying why', () => {
      const outcome = runOne(
        networkServiceSelectsPods,
        clusterFrom([
          alertmanager('main'),
          amService({
            'app.kubernetes.io/name': 'alertmanager',
            alertmanager: 'main',
          }),
        ]),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toBe(
        'Service monitoring/alertmanager-main selects app.kubernetes.io/name=alertmanager,alertmanager=main: no workload in the manifests has these labels, but they are labels the operator gives the pods it creates for Alertmanager monitoring/main, and a manifests scan has no pods',
      );
      expect(outcome.target).toMatchObject({
        kind: 'Service',
        name: 'alertmanager-main',
      });
      expect(outcome.evidence).toMatchObject({
        createdBy: 'Alertmanager monitoring/main',
        mode: 'manifests',
      });
    });

    it('counts spec.podMetadata labels (current kube-prometheus) and Prometheus shards', () => {
      const am = alertmanager('main');
      am.spec.podMetadata = {
        labels: {
          'app.kubernetes.io/component': 'alert-router',
          'app.kubernetes.io/part-of': 'kube-prometheus',
        },
      };
      const k8s = prometheus('k8s', { shards: 2 });
      const outcomes = runCheck(
        networkServiceSelectsPods,
        clusterFrom([
          am,
          amService({
            'app.kubernetes.io/component': 'alert-router',
            'app.kubernetes.io/instance': 'main',
            'app.kubernetes.io/name': 'alertmanager',
            'app.kubernetes.io/part-of': 'kube-prometheus',
          }),
          k8s,
          service('prometheus-k8s', {
            namespace: 'monitoring',
            selector: {
              'app.kubernetes.io/name': 'prometheus',
              'operator.prometheus.io/name': 'k8s',
              'operator.prometheus.io/shard': '1',
            },
          }),
        ]),
      );
      expect(outcomes.map(o => o.status)).toEqual(['skipped', 'skipped']);
      expect(outcomes[1].message).toContain('Prometheus monitoring/k8s');
    });

    it('still warns on a typo in any pair, a label the operator does not set, or a resource in another namespace', () => {
      const objects = [
        alertmanager('main'),
        amService({
          'app.kubernetes.io/name': 'alertmanager',
          alertmanager: 'mian',
        }),
        service('am-version', {
          namespace: 'monitoring',
          selector: { alertmanager: 'main', tier: 'web' },
        }),
        service('elsewhere', {
          namespace: 'shop',
          selector: { alertmanager: 'main' },
        }),
        deployment('cart', { namespace: 'shop' }),
        service('shard-out-of-range', {
          namespace: 'monitoring',
          selector: { prometheus: 'k8s', 'operator.prometheus.io/shard': '1' },
        }),
        prometheus('k8s'),
      ];
      const outcomes = runCheck(
        networkServiceSelectsPods,
        clusterFrom(objects),
      );
      expect(outcomes.map(o => [o.status, o.target?.name])).toEqual([
        ['warn', 'alertmanager-main'],
        ['warn', 'am-version'],
        ['warn', 'elsewhere'],
        ['warn', 'shard-out-of-range'],
      ]);
    });

    it('skips a Service alone in a namespace where the scan holds no workload and no operator resource (a patch for something deployed elsewhere)', () => {
      const patch = service('ingress-nginx-controller', {
        namespace: 'ingress-nginx',
        selector: { 'app.kubernetes.io/name': 'ingress-nginx' },
      });
      const outcome = runOne(networkServiceSelectsPods, clusterFrom([patch]));
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toBe(
        'Service ingress-nginx/ingress-nginx-controller selects app.kubernetes.io/name=ingress-nginx, but the manifests hold no workload in namespace ingress-nginx: what it selects is deployed from elsewhere, judged on a cluster',
      );
    });

    it('keeps skipping a Service alone in its namespace whose selector has nothing of the operator resource there (the ECK operator Service beside a Prometheus)', () => {
      const eckService = service('eck-service', {
        namespace: 'elastic-system',
        selector: { 'control-plane': 'elastic-operator' },
      });
      const outcome = runOne(
        networkServiceSelectsPods,
        clusterFrom([
          eckService,
          prometheus('main', { namespace: 'elastic-system' }),
        ]),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toBe(
        'Service elastic-system/eck-service selects control-plane=elastic-operator, but the manifests hold no workload in namespace elastic-system: what it selects is deployed from elsewhere, judged on a cluster',
      );
    });

    it('warns on a Service alone in its namespace whose selector looks meant for the operator pods there, naming the pairs they lack', () => {
      const objects = [
        alertmanager('main'),
        prometheus('k8s'),
        // One right pair, one typo.
        amService({
          'app.kubernetes.io/name': 'alertmanager',
          alertmanager: 'mian',
        }),
        // A key only the Prometheus Operator sets, with a typo in the only pair.
        service('prometheus-k8s', {
          namespace: 'monitoring',
          selector: { prometheus: 'k9s' },
        }),
      ];
      const outcomes = runCheck(
        networkServiceSelectsPods,
        clusterFrom(objects),
      );
      expect(outcomes.map(o => [o.status, o.target?.name])).toEqual([
        ['warn', 'alertmanager-main'],
        ['warn', 'prometheus-k8s'],
      ]);
      expect(outcomes[0].message).toBe(
        'Service monitoring/alertmanager-main selects app.kubernetes.io/name=alertmanager,alertmanager=mian, which matches no pod or workload in its namespace: it looks meant for the pods the Prometheus Operator creates for Alertmanager monitoring/main, but alertmanager=mian is not a label the Prometheus Operator gives them',
      );
      expect(outcomes[1].evidence).toMatchObject({
        nearOperatorResource: 'Prometheus monitoring/k8s',
        labelsNotGiven: ['prometheus=k9s'],
      });
    });

    it('still warns on a typo next to a nearly matching Deployment, also beside an operator resource', () => {
      const web = deployment('web', {
        namespace: 'monitoring',
        labels: { app: 'web', tier: 'front' },
      });
      const outcomes = runCheck(
        networkServiceSelectsPods,
        clusterFrom([
          web,
          alertmanager('main'),
          service('web', {
            namespace: 'monitoring',
            selector: { app: 'web', tier: 'back' },
          }),
        ]),
      );
      expect(outcomes.map(o => o.status)).toEqual(['warn']);
      expect(outcomes[0].message).toContain('selects app=web,tier=back');
    });

    it('passes the other Services beside a skipped one', () => {
      const web = deployment('web', { namespace: 'shop' });
      const outcomes = runCheck(
        networkServiceSelectsPods,
        clusterFrom([
          web,
          service('web', { namespace: 'shop', selector: { app: 'web' } }),
          alertmanager('main'),
          amService({ alertmanager: 'main' }),
        ]),
      );
      expect(outcomes.map(o => [o.status, o.message])).toEqual([
        ['pass', 'The other Service with a selector selects pods'],
        ['skipped', expect.stringContaining('Alertmanager monitoring/main')],
      ]);
    });

    it('warns when pods were read: a cluster whose operator made no pods has a dangling Service', () => {
      const outcome = runOne(
        networkServiceSelectsPods,
        clusterFrom([
          ...nodes('w', 2),
          alertmanager('main'),
          amService({ alertmanager: 'main' }),
        ]),
      );
      expect(outcome.status).toBe('warn');
    });
  });
  // One resource per operator family in namespace `data`, a selector of its pods (as upstream
  // examples write them), and one with a typo and the pairs its pods will not have.
  describe.each<
    [
      string,
      K8sObject,
      Record<string, string>,
      Record<string, string>,
      string[],
    ]
  >([
    [
      'CloudNativePG Cluster',
      operatorResource('Cluster', 'pg'),
      { 'cnpg.io/cluster': 'pg', 'cnpg.io/instanceRole': 'primary' },
      { 'cnpg.io/cluster': 'pg', 'cnpg.io/instanceRole': 'leader' },
      ['cnpg.io/instanceRole=leader'],
    ],
    [
      'CloudNativePG Pooler',
      operatorResource('Pooler', 'pooler-rw'),
      { 'cnpg.io/poolerName': 'pooler-rw' },
      { 'cnpg.io/poolerName': 'pooler-ro' },
      ['cnpg.io/poolerName=pooler-ro'],
    ],
    [
      'CloudNativePG Pooler (by cluster and role, current releases)',
      operatorResource('Pooler', 'pooler-rw'),
      { 'cnpg.io/cluster': 'pg', 'cnpg.io/podRole': 'pooler' },
      { 'cnpg.io/cluster': 'pg', 'cnpg.io/podRole': 'poolers' },
      ['cnpg.io/podRole=poolers'],
    ],
    [
      'Strimzi Kafka',
      operatorResource('Kafka', 'my-cluster', {
        spec: {
          kafka: { replicas: 3 },
          zookeeper: { replicas: 3 },
          entityOperator: { topicOperator: {} },
        },
      }),
      { 'strimzi.io/name': 'my-cluster-entity-operator' },
      { 'strimzi.io/name': 'my-cluster-entity-operators' },
      ['strimzi.io/name=my-cluster-entity-operators'],
    ],
    [
      'Strimzi KafkaNodePool',
      operatorResource('KafkaNodePool', 'controllers', {
        labels: { 'strimzi.io/cluster': 'my-cluster' },
        spec: { replicas: 3, roles: ['controller'] },
      }),
      {
        'strimzi.io/cluster': 'my-cluster',
        'strimzi.io/controller-role': 'true',
        'strimzi.io/pool-name': 'controllers',
      },
      {
        'strimzi.io/cluster': 'my-cluster',
        'strimzi.io/broker-role': 'true',
        'strimzi.io/pool-name': 'controllers',
      },
      ['strimzi.io/broker-role=true'],
    ],
    [
      'RabbitmqCluster',
      operatorResource('RabbitmqCluster', 'production-ready'),
      { 'app.kubernetes.io/name': 'production-ready' },
      {
        'app.kubernetes.io/name': 'production-ready',
        'app.kubernetes.io/component': 'rabbit',
      },
      ['app.kubernetes.io/component=rabbit'],
    ],
    [
      'Zalando postgresql',
      operatorResource('postgresql', 'acid-minimal-cluster'),
      {
        application: 'spilo',
        'cluster-name': 'acid-minimal-cluster',
        'spilo-role': 'replica',
      },
      { application: 'spilo', 'cluster-name': 'acid-minimal-clustre' },
      ['cluster-name=acid-minimal-clustre'],
    ],
    [
      'ECK Elasticsearch',
      operatorResource('Elasticsearch', 'quickstart', {
        spec: {
          version: '8.14.0',
          nodeSets: [{ name: 'default', count: 3 }],
        },
      }),
      {
        'common.k8s.elastic.co/type': 'elasticsearch',
        'elasticsearch.k8s.elastic.co/cluster-name': 'quickstart',
      },
      {
        'common.k8s.elastic.co/type': 'elasticsearch',
        'elasticsearch.k8s.elastic.co/cluster-name': 'quick-start',
      },
      ['elasticsearch.k8s.elastic.co/cluster-name=quick-start'],
    ],
    [
      'ECK Kibana',
      operatorResource('Kibana', 'quickstart'),
      { 'kibana.k8s.elastic.co/name': 'quickstart' },
      { 'kibana.k8s.elastic.co/name': 'quikstart' },
      ['kibana.k8s.elastic.co/name=quikstart'],
    ],
    [
      'MinIO Tenant',
      operatorResource('Tenant', 'myminio'),
      { 'v1.min.io/tenant': 'myminio' },
      { 'v1.min.io/tenant': 'my-minio' },
      ['v1.min.io/tenant=my-minio'],
    ],
    [
      'TiDB TidbCluster',
      operatorResource('TidbCluster', 'basic', {
        spec: { pd: { replicas: 3 }, tidb: { replicas: 2 } },
      }),
      {
        'app.kubernetes.io/instance': 'basic',
        'app.kubernetes.io/component': 'tidb',
      },
      {
        'app.kubernetes.io/instance': 'basic',
        'app.kubernetes.io/component': 'tidb-server',
      },
      ['app.kubernetes.io/component=tidb-server'],
    ],
  ])('Services for %s pods', (_, resource, selector, typo, lacking) => {
    const svc = (labels: Record<string, string>, namespace = 'data') =>
      service('db', { namespace, selector: labels });
    const name = `${resource.kind} data/${resource.metadata.name}`;

    it('skips a Service for them, naming the resource', () => {
      const outcome = runOne(
        networkServiceSelectsPods,
        clusterFrom([resource, svc(selector)]),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toContain(
        `but they are labels the operator gives the pods it creates for ${name}, and a manifests scan has no pods`,
      );
      expect(outcome.evidence).toMatchObject({ createdBy: name });
    });

    it('still warns on a typo, though the namespace holds no workload, naming what those pods lack', () => {
      const outcome = runOne(
        networkServiceSelectsPods,
        clusterFrom([resource, svc(typo)]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(`creates for ${name}, but`);
      expect(outcome.evidence).toMatchObject({
        nearOperatorResource: name,
        labelsNotGiven: lacking,
      });
    });

    it('keeps skipping a Service alone in the namespace whose selector has nothing of the resource', () => {
      const outcome = runOne(
        networkServiceSelectsPods,
        clusterFrom([resource, svc({ 'control-plane': 'controller-manager' })]),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toContain('deployed from elsewhere');
    });

    it('is not excused by the resource in another namespace', () => {
      const outcome = runOne(
        networkServiceSelectsPods,
        clusterFrom([
          resource,
          deployment('web', { namespace: 'apps' }),
          svc(selector, 'apps'),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        `Service apps/db selects ${Object.entries(selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}, which matches no pod or workload in its namespace`,
      );
    });
  });

  // Keys that name properties of Object.prototype once crashed the check ("merged[key].push is not a
  // function" for a Kafka labelled `constructor`); `__proto__` is no valid label key, so a Kafka
  // labelled with it, and Services selecting it, are set aside: the typo is then alone.
  const judged = {
    statuses: { k: 'skipped', 'k-typo': 'warn', mq: 'skipped' },
    message: 'it looks meant for the pods Strimzi creates for Kafka kf/k, but',
  };
  it.each([
    ['constructor', judged],
    ['toString', judged],
    ['valueOf', judged],
    ['hasOwnProperty', judged],
    [
      '__proto__',
      { statuses: { 'k-typo': 'skipped' }, message: 'deployed from elsewhere' },
    ],
  ])(
    'judges the label key %s, on a resource or in a selector, like any other',
    (key, expected) => {
      const labelsOf = (value: string): Record<string, string> =>
        Object.fromEntries([[key, value]]);
      const outcomes = runCheck(
        networkServiceSelectsPods,
        clusterFrom([
          operatorResource('Kafka', 'k', {
            namespace: 'kf',
            labels: labelsOf('x'),
            spec: { kafka: { replicas: 3 } },
          }),
          operatorResource('RabbitmqCluster', 'mq', { namespace: 'q' }),
          service('k', {
            namespace: 'kf',
            selector: { ...labelsOf('x'), 'strimzi.io/cluster': 'k' },
          }),
          service('k-typo', {
            namespace: 'kf',
            selector: { 'strimzi.io/cluster': 'kk' },
          }),
          service('mq', { namespace: 'q', selector: labelsOf('mq') }),
        ]),
      );
      expect(
        Object.fromEntries(outcomes.map(o => [o.target?.name, o.status])),
      ).toEqual(expected.statuses);
      expect(outcomes.map(o => o.message).join('\n')).toContain(
        expected.message,
      );
    },
  );
});
