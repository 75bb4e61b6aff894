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
  // namespace accounts for every pair of its selector (labels its operator gives the pods); any
  // other unmatched selector still warns, so a typo is never hidden.
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
});
