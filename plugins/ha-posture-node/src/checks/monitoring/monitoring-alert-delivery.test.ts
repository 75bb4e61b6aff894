import { K8sObject } from '../../model/snapshot';
import {
  clusterFrom,
  endpointSlice,
  gkeRules,
  gmpManagedAlertmanager,
  gmpOperatorConfig,
  gmpRuleEvaluator,
  k8sObject,
  namespace,
  nodes,
  prometheus,
  prometheusRule,
  runCheck,
  runOne,
  service,
} from '../../testing';
import { monitoringAlertDelivery } from './monitoring-alert-delivery';
import { thanosRuler } from './monitoring.fixtures';
import { serviceOfAlertmanagerUrl } from './alertDestinations';
import { OPERATOR_CONFIGS } from './gmpAlerting';

const alertmanagerService = service('alertmanager-main', {
  namespace: 'monitoring',
  selector: { 'app.kubernetes.io/name': 'alertmanager' },
  ports: [{ name: 'web', port: 9093, targetPort: 9093 }],
});

/** The Alertmanager Service with `ready` of its endpoints ready (out of 3). */
function alertmanagerRunning(ready = 3): K8sObject[] {
  return [
    alertmanagerService,
    endpointSlice(
      alertmanagerService,
      [0, 1, 2].map(i => ({
        node: `w-${i + 1}`,
        ready: i < ready,
        serving: i < ready,
      })),
    ),
  ];
}

/** A Prometheus loading every rule and alerting to these Alertmanager endpoints. */
function alertingPrometheus(
  alertmanagers?: any[],
  spec: object = {},
): K8sObject {
  const p = prometheus('k8s', { ruleSelector: {} });
  p.spec = {
    ...p.spec,
    ...(alertmanagers ? { alerting: { alertmanagers } } : {}),
    ...spec,
  };
  return p;
}

/** An alerting rule every Prometheus or ThanosRuler in monitoring with a ruleSelector loads. */
const generalRules = prometheusRule(
  'general',
  { TargetDown: 'up == 0' },
  { namespace: 'monitoring' },
);

const cluster = (...objects: K8sObject[]) =>
  clusterFrom([
    ...nodes('w', 3),
    namespace('monitoring'),
    generalRules,
    ...objects,
  ]);

const toMain = [
  { namespace: 'monitoring', name: 'alertmanager-main', port: 'web' },
];

describe('monitoring-alert-delivery', () => {
  it('passes a Prometheus whose Alertmanager Service has ready endpoints', () => {
    const outcome = runOne(
      monitoringAlertDelivery,
      cluster(alertingPrometheus(toMain), ...alertmanagerRunning()),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Prometheus monitoring/k8s sends alerts to Service monitoring/alertmanager-main (3 ready endpoints)',
    );
    expect(outcome.target).toMatchObject({ kind: 'Prometheus', name: 'k8s' });
  });

  it('fails a Prometheus that evaluates rules but names no Alertmanager', () => {
    const outcome = runOne(
      monitoringAlertDelivery,
      cluster(alertingPrometheus(), ...alertmanagerRunning()),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Prometheus monitoring/k8s evaluates alerting rules but sends the alerts to no Alertmanager: no firing alert notifies anyone',
    );
  });

  it('fails when the named Service is missing, lacks the port, or has no ready endpoint', () => {
    const missing = runOne(
      monitoringAlertDelivery,
      cluster(alertingPrometheus(toMain)),
    );
    expect(missing.status).toBe('fail');
    expect(missing.message).toBe(
      'Prometheus monitoring/k8s reaches no running Alertmanager: Service monitoring/alertmanager-main does not exist',
    );
    const wrongPort = runOne(
      monitoringAlertDelivery,
      cluster(
        alertingPrometheus([{ ...toMain[0], port: 'http-web' }]),
        ...alertmanagerRunning(),
      ),
    );
    expect(wrongPort.message).toContain(
      'Service monitoring/alertmanager-main has no port named http-web',
    );
    const down = runOne(
      monitoringAlertDelivery,
      cluster(alertingPrometheus(toMain), ...alertmanagerRunning(0)),
    );
    expect(down.status).toBe('fail');
    expect(down.message).toContain('has no ready endpoint');
  });

  it('passes when one of several Alertmanagers is reachable, and defaults the namespace to the Prometheus', () => {
    const outcome = runOne(
      monitoringAlertDelivery,
      cluster(
        alertingPrometheus([
          { name: 'gone', port: 'web' },
          { name: 'alertmanager-main', port: 'web' },
        ]),
        ...alertmanagerRunning(1),
      ),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Prometheus monitoring/k8s sends alerts to Service monitoring/alertmanager-main (1 ready endpoint)',
    );
    expect(outcome.evidence?.alertmanagers).toEqual([
      'Service monitoring/gone does not exist',
      'Service monitoring/alertmanager-main (1 ready endpoint)',
    ]);
  });

  it('is unknown when the only other destinations are in a Secret', () => {
    const outcome = runOne(
      monitoringAlertDelivery,
      cluster(
        alertingPrometheus(toMain, {
          additionalAlertManagerConfigs: { name: 'am-extra', key: 'am.yaml' },
        }),
      ),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      'the Alertmanagers of Secret monitoring/am-extra (additionalAlertManagerConfigs, not read) cannot be verified',
    );
  });

  it('skips a Prometheus that loads no alerting rule: no ruleSelector, none selected, or recording rules only', () => {
    const skipped = (...objects: K8sObject[]) =>
      runOne(
        monitoringAlertDelivery,
        clusterFrom([...nodes('w', 3), namespace('monitoring'), ...objects]),
      ).status;
    expect(skipped(prometheus('scraper'), generalRules)).toBe('skipped');
    const picky = prometheus('k8s', {
      ruleSelector: { matchLabels: { role: 'alerts' } },
    });
    expect(skipped(picky, generalRules)).toBe('skipped');
    const recording = prometheusRule('rec', {}, { namespace: 'monitoring' });
    recording.spec.groups[0].rules = [
      { record: 'job:up:sum', expr: 'sum(up)' },
    ];
    expect(skipped(alertingPrometheus(), recording)).toBe('skipped');
  });

  it('matches a numeric port against the endpoints, as the operator matches container ports', () => {
    const onContainerPort = runOne(
      monitoringAlertDelivery,
      cluster(
        alertingPrometheus([{ ...toMain[0], port: 9093 }]),
        ...alertmanagerRunning(),
      ),
    );
    expect(onContainerPort.status).toBe('pass');
    const onServicePort = service('alertmanager-main', {
      namespace: 'monitoring',
      selector: { 'app.kubernetes.io/name': 'alertmanager' },
      ports: [{ name: 'web', port: 80, targetPort: 9093 }],
    });
    const slice = endpointSlice(onServicePort, [{ node: 'w-1' }]);
    const outcome = runOne(
      monitoringAlertDelivery,
      cluster(
        alertingPrometheus([{ ...toMain[0], port: 80 }]),
        onServicePort,
        slice,
      ),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      "Service monitoring/alertmanager-main has no endpoint on port 80 (a number is matched against the pods' container ports",
    );
  });

  it('judges ThanosRulers by their alertmanagersUrl', () => {
    const ruler = thanosRuler('main', {
      ruleSelector: {},
      alertmanagersUrl: [
        'dnssrv+http://_web._tcp.alertmanager-main.monitoring.svc.cluster.local',
      ],
    });
    const outcome = runOne(
      monitoringAlertDelivery,
      cluster(ruler, ...alertmanagerRunning()),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'ThanosRuler monitoring/main sends alerts to Service monitoring/alertmanager-main (3 ready endpoints)',
    );
    const external = thanosRuler('ext', {
      ruleSelector: {},
      alertmanagersUrl: ['https://alerts.example.com/api'],
    });
    expect(runOne(monitoringAlertDelivery, cluster(external)).status).toBe(
      'unknown',
    );
  });

  it('fails ThanosRuler URLs that Thanos refuses or that miss the port', () => {
    const judged = (url: string) =>
      runOne(
        monitoringAlertDelivery,
        cluster(
          thanosRuler('main', { ruleSelector: {}, alertmanagersUrl: [url] }),
          ...alertmanagerRunning(),
        ),
      );
    const noScheme = judged('alertmanager-main.monitoring:9093');
    expect(noScheme.status).toBe('fail');
    expect(noScheme.message).toContain(
      'has no scheme such as http://, which Thanos refuses',
    );
    expect(
      judged('http://alertmanager-main.monitoring:9094').message,
    ).toContain('Service monitoring/alertmanager-main has no port 9094');
    expect(
      judged('dnssrv+http://_nope._tcp.alertmanager-main.monitoring.svc')
        .message,
    ).toContain('has no port named nope');
    expect(judged('http://alertmanager-main.monitoring:9093').status).toBe(
      'pass',
    );
  });

  it('reads a ThanosRuler alertmanagersConfig, which wins over its URLs, as unverifiable', () => {
    const outcome = runOne(
      monitoringAlertDelivery,
      cluster(
        thanosRuler('main', {
          ruleSelector: {},
          alertmanagersUrl: ['http://alertmanager-main.monitoring:9093'],
          alertmanagersConfig: { name: 'thanos-am', key: 'am.yaml' },
        }),
        ...alertmanagerRunning(),
      ),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('alertmanagersConfig, not read');
  });

  it('gives one outcome per rule evaluator', () => {
    const outcomes = runCheck(
      monitoringAlertDelivery,
      cluster(
        alertingPrometheus(toMain),
        thanosRuler('main', { ruleSelector: {} }),
        ...alertmanagerRunning(),
      ),
    );
    expect(outcomes.map(o => o.status)).toEqual(['pass', 'fail']);
  });

  describe('GKE Managed Prometheus', () => {
    const webRules = gkeRules(
      'web',
      { WebDown: 'up == 0' },
      { namespace: 'shop' },
    );
    const gke = (...objects: K8sObject[]) =>
      runCheck(
        monitoringAlertDelivery,
        clusterFrom([
          ...nodes('w', 3),
          namespace('shop'),
          webRules,
          ...objects,
        ]),
      );

    it("passes when the rule-evaluator runs and GKE's managed Alertmanager has a ready endpoint, saying its receivers are not read", () => {
      const [outcome] = gke(
        gmpRuleEvaluator(),
        gmpOperatorConfig({
          managedAlertmanager: {
            configSecret: { name: 'am-config', key: 'alertmanager.yaml' },
          },
        }),
        ...gmpManagedAlertmanager(1),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        "GKE Managed Prometheus's rule-evaluator sends alerts to GKE's managed Alertmanager (Service gmp-system/alertmanager, 1 ready endpoint); whom it notifies is set in Secret gmp-public/am-config, which is not read (without it, it drops every alert)",
      );
      expect(outcome.target).toMatchObject({
        kind: 'OperatorConfig',
        namespace: 'gmp-public',
        name: 'config',
      });
    });

    it('fails when the managed Alertmanager has no ready endpoint and nothing else is configured', () => {
      const [outcome] = gke(
        gmpRuleEvaluator(),
        gmpOperatorConfig(),
        ...gmpManagedAlertmanager(0),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        "reaches no running Alertmanager: GKE's managed Alertmanager (Service gmp-system/alertmanager) has no ready endpoint",
      );
    });

    it('judges the Alertmanagers of OperatorConfig gmp-public/config, by port name', () => {
      const configured = gmpOperatorConfig({
        alertmanagers: [
          { namespace: 'monitoring', name: 'alertmanager-main', port: 'web' },
        ],
      });
      const [reached] = gke(
        gmpRuleEvaluator(),
        configured,
        ...alertmanagerRunning(2),
      );
      expect(reached.status).toBe('pass');
      expect(reached.message).toContain(
        'Service monitoring/alertmanager-main (2 ready endpoints)',
      );

      const wrongPort = gmpOperatorConfig({
        alertmanagers: [
          { namespace: 'monitoring', name: 'alertmanager-main', port: 'http' },
        ],
      });
      const [refused] = gke(
        gmpRuleEvaluator(),
        wrongPort,
        ...alertmanagerRunning(2),
      );
      expect(refused.status).toBe('fail');
      expect(refused.message).toContain(
        'Service monitoring/alertmanager-main has no port named http',
      );

      // A number replaces the port of every endpoint address: nothing to compare it with.
      const byNumber = gmpOperatorConfig({
        alertmanagers: [
          { namespace: 'monitoring', name: 'alertmanager-main', port: 9093 },
        ],
      });
      expect(
        gke(gmpRuleEvaluator(), byNumber, ...alertmanagerRunning(1))[0].status,
      ).toBe('pass');
    });

    it('refuses an Alertmanager of the OperatorConfig without namespace', () => {
      const [outcome] = gke(
        gmpRuleEvaluator(),
        gmpOperatorConfig({
          alertmanagers: [{ name: 'alertmanager-main', port: 'web' }],
        }),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'Alertmanager alertmanager-main in OperatorConfig gmp-public/config names no namespace',
      );
    });

    it('fails when alerts go to no Alertmanager at all', () => {
      for (const objects of [[gmpOperatorConfig()], []]) {
        const [outcome] = gke(gmpRuleEvaluator(), ...objects);
        expect(outcome.status).toBe('fail');
        expect(outcome.message).toBe(
          "GKE Managed Prometheus's rule-evaluator evaluates alerting rules but sends the alerts to no Alertmanager: no firing alert notifies anyone",
        );
      }
    });

    it('fails when no rule-evaluator runs, whatever the Alertmanagers', () => {
      const [stopped] = gke(
        gmpRuleEvaluator(0),
        gmpOperatorConfig(),
        ...gmpManagedAlertmanager(1),
      );
      expect(stopped.status).toBe('fail');
      expect(stopped.message).toBe(
        'Deployment gmp-system/rule-evaluator, which evaluates the alerting rules of 1 GKE Managed Prometheus rule object, has no available replica: none of their alerts fires',
      );
      const [missing] = gke(gmpOperatorConfig(), ...gmpManagedAlertmanager(1));
      expect(missing.status).toBe('fail');
      expect(missing.message).toContain(
        'there is no Deployment gmp-system/rule-evaluator',
      );
    });

    it('is unknown when the OperatorConfig cannot be read, and reads no OperatorConfig when its CRD is absent', () => {
      const objects = [
        ...nodes('w', 3),
        webRules,
        gmpRuleEvaluator(),
        ...gmpManagedAlertmanager(1),
      ];
      const forbidden = runOne(
        monitoringAlertDelivery,
        clusterFrom(objects, { fetch: { [OPERATOR_CONFIGS]: 'forbidden' } }),
      );
      expect(forbidden.status).toBe('unknown');
      expect(forbidden.message).toContain('operatorconfigs');
      const absent = runOne(
        monitoringAlertDelivery,
        clusterFrom(objects, {
          fetch: { [OPERATOR_CONFIGS]: 'not-installed' },
        }),
      );
      expect(absent.status).toBe('pass');
    });

    it('skips recording rules alone, and leaves manifests to a cluster', () => {
      const recording = gkeRules('web', {}, { namespace: 'shop' });
      recording.spec.groups[0].rules = [
        { record: 'job:up:sum', expr: 'sum(up)' },
      ];
      const [onlyRecording] = runCheck(
        monitoringAlertDelivery,
        clusterFrom([...nodes('w', 3), recording, gmpRuleEvaluator()]),
      );
      expect(onlyRecording.status).toBe('skipped');
      const [manifests] = runCheck(
        monitoringAlertDelivery,
        clusterFrom([webRules], { mode: 'manifests' }),
      );
      expect(manifests.status).toBe('skipped');
      expect(manifests.message).toContain('judged on a cluster');
    });

    it('judges a Prometheus beside it on its own', () => {
      const outcomes = runCheck(
        monitoringAlertDelivery,
        cluster(
          webRules,
          alertingPrometheus(toMain),
          ...alertmanagerRunning(),
          gmpRuleEvaluator(0),
        ),
      );
      expect(outcomes.map(o => [o.status, o.message.split(' ')[0]])).toEqual([
        ['pass', 'Prometheus'],
        ['fail', 'Deployment'],
      ]);
    });
  });

  it('in manifests, fails a Prometheus without Alertmanagers and leaves the rest to a cluster', () => {
    const noAlerting = runOne(
      monitoringAlertDelivery,
      clusterFrom([alertingPrometheus(), generalRules], { mode: 'manifests' }),
    );
    expect(noAlerting.status).toBe('fail');
    const configured = runOne(
      monitoringAlertDelivery,
      clusterFrom([alertingPrometheus(toMain), generalRules], {
        mode: 'manifests',
      }),
    );
    expect(configured.status).toBe('skipped');
    expect(configured.message).toContain(
      'whether they run is judged on a cluster',
    );
  });

  it('is unknown when Prometheus objects cannot be read', () => {
    const forbidden = runOne(
      monitoringAlertDelivery,
      clusterFrom([...nodes('w', 1)], {
        fetch: { 'prometheuses.monitoring.coreos.com': 'forbidden' },
      }),
    );
    expect(forbidden.status).toBe('unknown');
  });
});

describe('monitoring-alert-delivery for VictoriaMetrics VMAlert', () => {
  const vmObject = (
    kind: string,
    name: string,
    spec: object,
    labels?: Record<string, string>,
  ) =>
    k8sObject('operator.victoriametrics.com/v1beta1', kind, name, {
      namespace: 'vm',
      labels,
      spec,
    });
  /** A VMRule in vm with one alert, which a VMAlert with selectAllByDefault loads. */
  const vmRule = vmObject('VMRule', 'general', {
    groups: [
      { name: 'general', rules: [{ alert: 'TargetDown', expr: 'up == 0' }] },
    ],
  });
  const vmAlert = (spec: object) =>
    vmObject('VMAlert', 'main', { selectAllByDefault: true, ...spec });
  /** VMAlertmanager vm/main and the Service the operator puts in front of it, with `ready` endpoints. */
  const vmAlertmanager = (ready: number) => {
    const svc = service('vmalertmanager-main', {
      namespace: 'vm',
      selector: { 'app.kubernetes.io/name': 'vmalertmanager' },
      ports: [{ name: 'http', port: 9093, targetPort: 9093 }],
    });
    return [
      vmObject('VMAlertmanager', 'main', { replicaCount: 2 }, { team: 'sre' }),
      svc,
      endpointSlice(
        svc,
        Array.from({ length: ready }, (_, i) => ({ node: `w-${i + 1}` })),
      ),
    ];
  };
  const vmCluster = (...objects: K8sObject[]) =>
    clusterFrom([...nodes('w', 3), namespace('vm'), vmRule, ...objects]);

  it('passes a VMAlert whose notifier selector picks a running VMAlertmanager', () => {
    const outcome = runOne(
      monitoringAlertDelivery,
      vmCluster(
        vmAlert({
          notifier: {
            selector: { labelSelector: { matchLabels: { team: 'sre' } } },
          },
        }),
        ...vmAlertmanager(2),
      ),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'VMAlert vm/main sends alerts to VMAlertmanager vm/main (Service vm/vmalertmanager-main, 2 ready endpoints)',
    );
  });

  it('follows notifier URLs, fails on a selector that picks nothing, and cannot read notifierConfigRef', () => {
    const byUrl = runOne(
      monitoringAlertDelivery,
      vmCluster(
        vmAlert({
          notifiers: [{ url: 'http://vmalertmanager-main.vm.svc:9093' }],
        }),
        ...vmAlertmanager(1),
      ),
    );
    expect(byUrl.status).toBe('pass');
    const nothing = runOne(
      monitoringAlertDelivery,
      vmCluster(
        vmAlert({
          notifier: {
            selector: { labelSelector: { matchLabels: { team: 'web' } } },
          },
        }),
        ...vmAlertmanager(2),
      ),
    );
    expect(nothing.status).toBe('fail');
    expect(nothing.message).toContain(
      'its notifier selector picks no VMAlertmanager',
    );
    const secret = runOne(
      monitoringAlertDelivery,
      vmCluster(
        vmAlert({
          notifierConfigRef: { name: 'notifiers', key: 'config.yaml' },
        }),
      ),
    );
    expect(secret.status).toBe('unknown');
    expect(secret.message).toContain(
      'Secret vm/notifiers (notifierConfigRef, not read)',
    );
  });

  it('fails a VMAlert whose extraArgs blackhole its notifications', () => {
    const outcome = runOne(
      monitoringAlertDelivery,
      vmCluster(
        vmAlert({
          extraArgs: { 'notifier.blackhole': 'true' },
          notifiers: [{ url: 'http://vmalertmanager-main.vm.svc:9093' }],
        }),
        ...vmAlertmanager(2),
      ),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'spec.extraArgs sets notifier.blackhole, so vmalert sends its alerts nowhere',
    );
  });

  it('fails a VMAlert that loads alerting rules and names no notifier', () => {
    const outcome = runOne(monitoringAlertDelivery, vmCluster(vmAlert({})));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'VMAlert vm/main evaluates alerting rules but sends the alerts to no Alertmanager: no firing alert notifies anyone',
    );
  });
});

describe('serviceOfAlertmanagerUrl', () => {
  const read = (url: string) =>
    serviceOfAlertmanagerUrl(url, 'own', ns => ns === 'obs');

  it.each([
    [
      'dnssrv+http://_web._tcp.alertmanager-operated.monitoring.svc.cluster.local',
      {
        namespace: 'monitoring',
        name: 'alertmanager-operated',
        port: { name: 'web' },
      },
    ],
    [
      'http://alertmanager-main.monitoring.svc:9093',
      {
        namespace: 'monitoring',
        name: 'alertmanager-main',
        port: { number: 9093, on: 'service-or-endpoint' },
      },
    ],
    [
      'dns+http://alertmanager:9093/api/v2',
      {
        namespace: 'own',
        name: 'alertmanager',
        port: { number: 9093, on: 'service-or-endpoint' },
      },
    ],
    ['http://user@am.obs', { namespace: 'obs', name: 'am' }],
  ])('%s names a Service', (url, expected) => {
    expect(read(url)).toEqual({ service: expected });
  });

  it.each([
    'https://alerts.example.com/api',
    'http://10.0.0.5:9093',
    'http://[fd00::10]:9093',
    'http://alerts.io:9093',
  ])('%p names no Service of the cluster', url => {
    expect(read(url)).toHaveProperty('unverifiable');
  });

  it.each([
    'alertmanager:9093',
    'dnssrv+_web._tcp.alertmanager.monitoring.svc',
  ])('%p has no scheme, which Thanos refuses', url => {
    expect(read(url)).toHaveProperty('invalid');
  });
});
