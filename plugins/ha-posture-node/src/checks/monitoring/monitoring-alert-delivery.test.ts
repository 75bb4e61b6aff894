import { K8sObject } from '../../model/snapshot';
import {
  clusterFrom,
  endpointSlice,
  gkeRules,
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

  it('is unknown for GKE Managed Prometheus rules, whose alerting configuration is not read', () => {
    const outcome = runOne(
      monitoringAlertDelivery,
      cluster(gkeRules('web', { WebDown: 'up == 0' }, { namespace: 'shop' })),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('OperatorConfig gmp-public/config');
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
