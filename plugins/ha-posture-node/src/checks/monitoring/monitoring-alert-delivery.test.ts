import { K8sObject } from '../../model/snapshot';
import {
  clusterFrom,
  endpointSlice,
  gkeRules,
  namespace,
  nodes,
  prometheus,
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

const cluster = (...objects: K8sObject[]) =>
  clusterFrom([...nodes('w', 3), namespace('monitoring'), ...objects]);

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
      'Prometheus monitoring/k8s evaluates alert rules but sends the alerts to no Alertmanager: no firing alert notifies anyone',
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
          { name: 'alertmanager-main', port: 9093 },
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

  it('skips a Prometheus that loads no rules, and clusters without rule evaluators', () => {
    const scrapeOnly = prometheus('scraper');
    const outcome = runOne(monitoringAlertDelivery, cluster(scrapeOnly));
    expect(outcome.status).toBe('skipped');
  });

  it('judges ThanosRulers by their alertmanagersUrl', () => {
    const ruler = thanosRuler('main', {
      ruleSelector: {},
      alertmanagersUrl: [
        'dnssrv+_web._tcp.alertmanager-main.monitoring.svc.cluster.local',
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
      clusterFrom([alertingPrometheus()], { mode: 'manifests' }),
    );
    expect(noAlerting.status).toBe('fail');
    const configured = runOne(
      monitoringAlertDelivery,
      clusterFrom([alertingPrometheus(toMain)], { mode: 'manifests' }),
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
  it.each([
    [
      'dnssrv+_web._tcp.alertmanager-operated.monitoring.svc.cluster.local',
      'monitoring/alertmanager-operated',
    ],
    [
      'http://alertmanager-main.monitoring.svc:9093',
      'monitoring/alertmanager-main',
    ],
    ['dns+http://alertmanager:9093/api/v2', 'own/alertmanager'],
    ['http://user@am.obs:9093', 'obs/am'],
  ])('%s names %s', (url, expected) => {
    const s = serviceOfAlertmanagerUrl(url, 'own', ns => ns === 'obs');
    expect(`${s?.namespace}/${s?.name}`).toBe(expected);
  });

  it('reads svc.ns hosts as Services only where the namespace exists', () => {
    expect(
      serviceOfAlertmanagerUrl(
        'http://alerts.io:9093',
        'own',
        ns => ns === 'obs',
      ),
    ).toBeUndefined();
  });

  it.each(['https://alerts.example.com/api', 'http://10.0.0.5:9093', ''])(
    '%p names no Service',
    url => {
      expect(serviceOfAlertmanagerUrl(url, 'own', () => true)).toBeUndefined();
    },
  );
});
