import { K8sObject } from '../../model/snapshot';
import {
  alertmanager,
  clusterFrom,
  deployment,
  nodes,
  pdb,
  pdbFor,
  pod,
  podsFor,
  prometheus,
  runCheck,
  runOne,
  operatorResource,
} from '../../testing';
import { pdbSelectsNothing } from './pdb-selects-nothing';

const workers = nodes('w', 2);

describe('pdb-selects-nothing', () => {
  it('passes when every PDB selects running pods', () => {
    const web = deployment('web', { replicas: 2 });
    const outcome = runOne(
      pdbSelectsNothing,
      clusterFrom([
        ...workers,
        web,
        ...podsFor(web, ['w-1', 'w-2']),
        pdbFor(web, { maxUnavailable: 1 }),
      ]),
    );
    expect(outcome.status).toBe('pass');
  });

  it('fails a PDB whose selector matches no pod, naming the near miss (Popeye 900)', () => {
    const web = deployment('web', { replicas: 2, labels: { app: 'bar' } });
    const view = clusterFrom([
      ...workers,
      web,
      ...podsFor(web, ['w-1', 'w-2']),
      pdb('web', { selector: { app: 'foo' }, maxUnavailable: 1 }),
    ]);
    const outcomes = runCheck(pdbSelectsNothing, view);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].status).toBe('fail');
    expect(outcomes[0].target).toMatchObject({
      kind: 'PodDisruptionBudget',
      namespace: 'default',
      name: 'web',
    });
    expect(outcomes[0].message).toContain(
      'selects app=foo, which matches no pod in default',
    );
    expect(outcomes[0].message).toContain('Deployment web (app=bar)');
  });

  it('fails a null selector (matches nothing)', () => {
    const outcome = runOne(
      pdbSelectsNothing,
      clusterFrom([
        ...workers,
        pdb('empty', { selector: null, maxUnavailable: 1 }),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('has no selector');
  });

  it('accepts a PDB for a workload scaled to zero, and pods of controllers the engine does not model', () => {
    const off = deployment('off', { replicas: 0 });
    const operatorPod = pod('pg-1', {
      node: 'w-1',
      labels: { 'cnpg.io/cluster': 'pg' },
      ownerReferences: [{ kind: 'Cluster', name: 'pg', controller: true }],
    });
    const view = clusterFrom([
      ...workers,
      off,
      operatorPod,
      pdbFor(off, { maxUnavailable: 1 }),
      pdb('pg', { selector: { 'cnpg.io/cluster': 'pg' }, maxUnavailable: 1 }),
    ]);
    expect(runOne(pdbSelectsNothing, view).status).toBe('pass');
  });

  it('only warns in a manifests scan, where the workload may be elsewhere', () => {
    expect(
      runOne(
        pdbSelectsNothing,
        clusterFrom([
          deployment('api', { replicas: 2 }),
          pdb('orphan', { maxUnavailable: 1 }),
        ]),
      ).status,
    ).toBe('warn');
    // Alone in its namespace, as network-service-selects-pods says of such Services.
    expect(
      runOne(
        pdbSelectsNothing,
        clusterFrom([pdb('orphan', { maxUnavailable: 1 })]),
      ),
    ).toMatchObject({
      status: 'skipped',
      message:
        'PodDisruptionBudget default/orphan selects app=orphan, but the manifests hold no workload in namespace default: what it protects is deployed from elsewhere, judged on a cluster',
    });
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(
        pdbSelectsNothing,
        clusterFrom([web, pdbFor(web, { maxUnavailable: 1 })]),
      ).status,
    ).toBe('pass');
  });

  describe('budgets for operator-made pods in a manifests scan', () => {
    const amBudget = (selector: Record<string, string>, extra: any = {}) =>
      pdb('alertmanager-main', {
        namespace: 'monitoring',
        selector,
        maxUnavailable: 1,
        ...extra,
      });

    it('skips the kube-prometheus alertmanager-main budget next to its Alertmanager, saying why, and passes the others', () => {
      const web = deployment('web', { replicas: 2 });
      const outcomes = runCheck(
        pdbSelectsNothing,
        clusterFrom([
          alertmanager('main'),
          amBudget({ alertmanager: 'main' }),
          web,
          pdbFor(web, { maxUnavailable: 1 }),
        ]),
      );
      expect(outcomes.map(o => o.status)).toEqual(['pass', 'skipped']);
      expect(outcomes[0].message).toBe(
        'The other PodDisruptionBudget selects pods',
      );
      expect(outcomes[1].message).toBe(
        'PodDisruptionBudget monitoring/alertmanager-main selects alertmanager=main: no workload in the manifests has these labels, but they are labels the operator gives the pods it creates for Alertmanager monitoring/main, and a manifests scan has no pods',
      );
      expect(outcomes[1].evidence).toMatchObject({
        createdBy: 'Alertmanager monitoring/main',
      });
    });

    it('reads single-value In expressions, and still warns on a typo, a label the operator does not set, or an open expression', () => {
      const withIn = pdb('alertmanager-main', {
        namespace: 'monitoring',
        maxUnavailable: 1,
      });
      withIn.spec.selector = {
        matchExpressions: [
          { key: 'alertmanager', operator: 'In', values: ['main'] },
        ],
      };
      expect(
        runOne(pdbSelectsNothing, clusterFrom([alertmanager('main'), withIn]))
          .status,
      ).toBe('skipped');
      const misses: Array<Record<string, string>> = [
        { alertmanager: 'mian' },
        { app: 'main' },
      ];
      // A workload in the namespace: the budget is not one for something deployed elsewhere.
      const grafana = deployment('grafana', { namespace: 'monitoring' });
      for (const selector of misses) {
        expect(
          runOne(
            pdbSelectsNothing,
            clusterFrom([alertmanager('main'), grafana, amBudget(selector)]),
          ).status,
        ).toBe('warn');
      }
      const open = pdb('alertmanager-main', {
        namespace: 'monitoring',
        maxUnavailable: 1,
      });
      open.spec.selector = {
        matchExpressions: [{ key: 'alertmanager', operator: 'Exists' }],
      };
      expect(
        runOne(
          pdbSelectsNothing,
          clusterFrom([alertmanager('main'), grafana, open]),
        ).status,
      ).toBe('warn');
    });

    it('names the pairs those pods lack when a budget is close to an operator resource', () => {
      const outcome = runOne(
        pdbSelectsNothing,
        clusterFrom([alertmanager('main'), amBudget({ alertmanager: 'mian' })]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'PodDisruptionBudget monitoring/alertmanager-main selects alertmanager=mian, which matches none of the scanned workloads in monitoring: it protects nothing; it looks meant for the pods the Prometheus Operator creates for Alertmanager monitoring/main, but alertmanager=mian is not a label the Prometheus Operator gives them',
      );
      expect(outcome.evidence).toMatchObject({
        nearOperatorResource: 'Alertmanager monitoring/main',
        labelsNotGiven: ['alertmanager=mian'],
      });
    });

    it('does not let a budget off when pods were read: their absence is real', () => {
      const outcome = runOne(
        pdbSelectsNothing,
        clusterFrom([
          ...workers,
          alertmanager('main'),
          amBudget({ alertmanager: 'main' }),
        ]),
      );
      expect(outcome.status).toBe('fail');
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
      { 'cnpg.io/cluster': 'pg' },
      { 'cnpg.io/cluster': 'pg', 'cnpg.io/instanceRole': 'leader' },
      ['cnpg.io/instanceRole=leader'],
    ],
    [
      'CloudNativePG Pooler',
      operatorResource('Pooler', 'pooler-rw'),
      { 'cnpg.io/poolerName': 'pooler-rw' },
      { 'cnpg.io/poolerName': 'pooler-rw', app: 'pgbouncer' },
      ['app=pgbouncer'],
    ],
    [
      'CloudNativePG Pooler (by role, current releases)',
      operatorResource('Pooler', 'pooler-rw'),
      { 'cnpg.io/poolerName': 'pooler-rw', 'cnpg.io/podRole': 'pooler' },
      { 'cnpg.io/poolerName': 'pooler-rw', 'cnpg.io/podRole': 'pooller' },
      ['cnpg.io/podRole=pooller'],
    ],
    [
      'Strimzi Kafka',
      operatorResource('Kafka', 'my-cluster'),
      { 'strimzi.io/cluster': 'my-cluster', 'strimzi.io/kind': 'Kafka' },
      { 'strimzi.io/cluster': 'my-cluster', 'strimzi.io/kind': 'kafka' },
      ['strimzi.io/kind=kafka'],
    ],
    [
      'Strimzi KafkaNodePool',
      operatorResource('KafkaNodePool', 'brokers', {
        labels: { 'strimzi.io/cluster': 'my-cluster' },
      }),
      { 'strimzi.io/cluster': 'my-cluster', 'strimzi.io/pool-name': 'brokers' },
      { 'strimzi.io/cluster': 'my-cluster', 'strimzi.io/pool-name': 'broker' },
      ['strimzi.io/pool-name=broker'],
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
        'spilo-role': 'master',
      },
      { 'cluster-name': 'acid-minimal-cluster', 'spilo-role': 'primary' },
      ['spilo-role=primary'],
    ],
    [
      'ECK Elasticsearch',
      operatorResource('Elasticsearch', 'quickstart', {
        spec: {
          version: '8.14.0',
          nodeSets: [{ name: 'default', count: 3 }],
        },
      }),
      { 'elasticsearch.k8s.elastic.co/cluster-name': 'quickstart' },
      {
        'elasticsearch.k8s.elastic.co/cluster-name': 'quickstart',
        'elasticsearch.k8s.elastic.co/statefulset-name': 'quickstart-es-master',
      },
      ['elasticsearch.k8s.elastic.co/statefulset-name=quickstart-es-master'],
    ],
    [
      'ECK Kibana',
      operatorResource('Kibana', 'quickstart'),
      { 'kibana.k8s.elastic.co/name': 'quickstart' },
      {
        'common.k8s.elastic.co/type': 'kibana',
        'kibana.k8s.elastic.co/name': 'quikstart',
      },
      ['kibana.k8s.elastic.co/name=quikstart'],
    ],
    [
      'MinIO Tenant',
      operatorResource('Tenant', 'myminio'),
      { 'v1.min.io/tenant': 'myminio' },
      { 'v1.min.io/tenant': 'myminio', 'v1.min.io/pool': 'pool-1' },
      ['v1.min.io/pool=pool-1'],
    ],
    [
      'TiDB TidbCluster',
      operatorResource('TidbCluster', 'basic'),
      {
        'app.kubernetes.io/instance': 'basic',
        'app.kubernetes.io/component': 'tikv',
      },
      {
        'app.kubernetes.io/instance': 'basic',
        'app.kubernetes.io/component': 'tikv2',
      },
      ['app.kubernetes.io/component=tikv2'],
    ],
  ])('budgets for %s pods', (_, resource, selector, typo, lacking) => {
    const budget = (labels: Record<string, string>, namespace = 'data') =>
      pdb('budget', { namespace, selector: labels, maxUnavailable: 1 });
    const name = `${resource.kind} data/${resource.metadata.name}`;

    it('skips a budget for them, naming the resource', () => {
      const outcome = runOne(
        pdbSelectsNothing,
        clusterFrom([resource, budget(selector)]),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toContain(
        `but they are labels the operator gives the pods it creates for ${name}, and a manifests scan has no pods`,
      );
      expect(outcome.evidence).toMatchObject({ createdBy: name });
    });

    it('still warns on a typo, naming what those pods lack', () => {
      const outcome = runOne(
        pdbSelectsNothing,
        clusterFrom([resource, budget(typo)]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(`creates for ${name}, but`);
      expect(outcome.evidence).toMatchObject({
        nearOperatorResource: name,
        labelsNotGiven: lacking,
      });
    });

    it('is not excused by the resource in another namespace', () => {
      const outcome = runOne(
        pdbSelectsNothing,
        clusterFrom([
          resource,
          deployment('web', { namespace: 'apps' }),
          budget(selector, 'apps'),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.evidence).not.toHaveProperty('nearOperatorResource');
    });
  });

  // Keys that name properties of Object.prototype once crashed the check ("(labels[key] ?? []).some
  // is not a function"); `__proto__` is no valid label key, so budgets selecting it, and a resource
  // labelled with it, are set aside.
  const judged = {
    statuses: { mq: 'warn', labelled: 'skipped' },
    message:
      'the operator gives the pods it creates for RabbitmqCluster q/labelled',
  };
  it.each([
    ['constructor', judged],
    ['toString', judged],
    ['valueOf', judged],
    ['hasOwnProperty', judged],
    [
      '__proto__',
      { statuses: { '-': 'skipped' }, message: 'No PodDisruptionBudgets' },
    ],
  ])(
    'judges a budget selecting the label key %s like any other',
    (key, expected) => {
      const labelsOf = (value: string): Record<string, string> =>
        Object.fromEntries([[key, value]]);
      const budget = (name: string, value: string) =>
        pdb(name, {
          namespace: 'q',
          selector: labelsOf(value),
          maxUnavailable: 1,
        });
      const outcomes = runCheck(
        pdbSelectsNothing,
        clusterFrom([
          operatorResource('RabbitmqCluster', 'mq', { namespace: 'q' }),
          operatorResource('RabbitmqCluster', 'labelled', {
            namespace: 'q',
            labels: labelsOf('l'),
          }),
          deployment('web', { namespace: 'q' }),
          budget('mq', 'mq'),
          budget('labelled', 'l'),
        ]),
      );
      expect(
        Object.fromEntries(
          outcomes.map(o => [o.target?.name ?? '-', o.status]),
        ),
      ).toEqual(expected.statuses);
      expect(outcomes.map(o => o.message).join('\n')).toContain(
        expected.message,
      );
    },
  );

  it('is not excused by labels of two resources, or of two kinds of pod of one', () => {
    const kafka = operatorResource('Kafka', 'events');
    const mixes: Array<Record<string, string>> = [
      {
        'strimzi.io/name': 'events-zookeeper',
        'app.kubernetes.io/name': 'kafka',
      },
      { 'strimzi.io/cluster': 'events', prometheus: 'k8s' },
    ];
    for (const selector of mixes)
      expect(
        runOne(
          pdbSelectsNothing,
          clusterFrom([
            kafka,
            prometheus('k8s', { namespace: 'data' }),
            pdb('mixed', { namespace: 'data', selector, maxUnavailable: 1 }),
          ]),
        ).status,
      ).toBe('warn');
  });

  it('skips without PDBs; unknown when PDBs or pods are forbidden', () => {
    expect(runOne(pdbSelectsNothing, clusterFrom([...workers])).status).toBe(
      'skipped',
    );
    expect(
      runOne(
        pdbSelectsNothing,
        clusterFrom([...workers, pdb('x')], {
          fetch: { 'poddisruptionbudgets.policy': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
    expect(
      runOne(
        pdbSelectsNothing,
        clusterFrom([...workers, pdb('x')], { fetch: { pods: 'forbidden' } }),
      ).status,
    ).toBe('unknown');
  });
});
