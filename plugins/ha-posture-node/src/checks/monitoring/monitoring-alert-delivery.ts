import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { sliceLeftOutOfDump } from '../../engine/dumpedEndpointSlices';
import { readyEndpoints } from '../network/serviceEndpoints';
import {
  describeObject,
  notEvaluable,
  objectTarget,
  plural,
  worstStatus,
} from '../util';
import {
  AlertDestinations,
  AlertmanagerService,
  prometheusDestinations,
  thanosRulerDestinations,
} from './alertDestinations';
import { LOADER_KEYS } from './loaders';
import { MONITORING_KEYS } from './prometheus';

const SENDER_KEYS = [LOADER_KEYS.prometheuses, LOADER_KEYS.thanosRulers];

const GKE_RULE_KEYS = [
  MONITORING_KEYS.gkeRules,
  MONITORING_KEYS.gkeClusterRules,
  MONITORING_KEYS.gkeGlobalRules,
];

/** What one Alertmanager Service gives the sender. */
interface ServiceVerdict {
  status: 'pass' | 'fail' | 'unknown';
  text: string;
}

const describeService = (s: AlertmanagerService) =>
  `Service ${s.namespace}/${s.name}`;

function judgeService(
  cluster: ClusterView,
  destination: AlertmanagerService,
): ServiceVerdict {
  const what = describeService(destination);
  const service = cluster.get(
    'services',
    destination.namespace,
    destination.name,
  );
  if (!service) return { status: 'fail', text: `${what} does not exist` };
  const ports: any[] = Array.isArray(service.spec?.ports)
    ? service.spec.ports
    : [];
  if (
    destination.portName &&
    !ports.some(p => p?.name === destination.portName)
  )
    return {
      status: 'fail',
      text: `${what} has no port named ${destination.portName}`,
    };
  if (sliceLeftOutOfDump(cluster, service))
    return {
      status: 'unknown',
      text: `${what} has no EndpointSlice in the dump`,
    };
  const ready = readyEndpoints(cluster, service).length;
  if (ready === 0)
    return { status: 'fail', text: `${what} has no ready endpoint` };
  return {
    status: 'pass',
    text: `${what} (${plural(ready, 'ready endpoint')})`,
  };
}

/** The senders: Prometheus and ThanosRuler objects that load alert rules (a null ruleSelector loads none). */
function ruleEvaluators(
  cluster: ClusterView,
): Array<{ sender: K8sObject; kind: string; destinations: AlertDestinations }> {
  const namespacesRead = cluster.fetchState('namespaces').status === 'ok';
  const namespaceExists = (name: string) =>
    !namespacesRead || cluster.namespace(name) !== undefined;
  const senders = [];
  for (const [key, kind] of [
    [LOADER_KEYS.prometheuses, 'Prometheus'],
    [LOADER_KEYS.thanosRulers, 'ThanosRuler'],
  ] as const) {
    if (cluster.fetchState(key).status !== 'ok') continue;
    for (const sender of cluster.list(key)) {
      if (
        sender.spec?.ruleSelector === undefined ||
        sender.spec?.ruleSelector === null
      )
        continue;
      const destinations =
        kind === 'Prometheus'
          ? prometheusDestinations(sender)
          : thanosRulerDestinations(sender, namespaceExists);
      senders.push({ sender, kind, destinations });
    }
  }
  return senders;
}

function judgeSender(
  cluster: ClusterView,
  sender: K8sObject,
  kind: string,
  destinations: AlertDestinations,
): CheckOutcome {
  const what = describeObject(sender, kind);
  const target = objectTarget(cluster, sender, kind);
  const { services, unverifiable } = destinations;
  if (services.length === 0 && unverifiable.length === 0)
    return {
      status: 'fail',
      message: `${what} evaluates alert rules but sends the alerts to no Alertmanager: no firing alert notifies anyone`,
      target,
      evidence: { alertmanagers: [] },
    };
  if (cluster.snapshot.mode === 'manifests')
    return {
      status: 'skipped',
      message: `${what} sends alerts to ${[
        ...services.map(describeService),
        ...unverifiable,
      ].join(', ')}; whether they run is judged on a cluster`,
      target,
    };
  const verdicts = services.map(s => judgeService(cluster, s));
  const evidence = {
    alertmanagers: verdicts.map(v => v.text),
    ...(unverifiable.length ? { unverifiable } : {}),
  };
  const reached = verdicts.filter(v => v.status === 'pass');
  if (reached.length > 0)
    return {
      status: 'pass',
      message: `${what} sends alerts to ${reached.map(v => v.text).join(', ')}`,
      target,
      evidence,
    };
  const problems = [
    ...verdicts.map(v => v.text),
    ...unverifiable.map(u => `${u} cannot be verified`),
  ];
  const status =
    unverifiable.length > 0
      ? 'unknown'
      : worstStatus(verdicts.map(v => v.status));
  return {
    status,
    message: `${what} reaches no running Alertmanager: ${problems.join('; ')}`,
    target,
    evidence,
  };
}

export const monitoringAlertDelivery: ClusterCheck = {
  id: 'monitoring-alert-delivery',
  title: 'Alerts reach a running Alertmanager',
  category: 'monitoring',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'Alert rules only help when their alerts reach an Alertmanager that notifies someone. A Prometheus or ThanosRuler ' +
    'without Alertmanagers, or pointed at a Service that does not exist, has no such port, or has no ready endpoint, ' +
    'fires its alerts into nothing, and an outage goes unnoticed.',
  remediation:
    'Set spec.alerting.alertmanagers on the Prometheus (namespace, name of the Alertmanager Service, port name such as web), ' +
    'or spec.alertmanagersUrl on the ThanosRuler, and keep that Alertmanager running.',
  references: [
    'https://prometheus-operator.dev/docs/developer/alerting/',
    'https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.AlertmanagerEndpoints',
    'https://thanos.io/tip/components/rule.md/#alertmanager',
  ],
  evaluate({ cluster }): CheckOutcome | CheckOutcome[] {
    for (const key of SENDER_KEYS) {
      const fetch = cluster.fetchState(key).status;
      // Not installed: no sender of that kind. Unreadable: it may be the one that alerts.
      if (fetch !== 'ok' && fetch !== 'not-installed')
        return notEvaluable(cluster, key)!;
    }
    const senders = ruleEvaluators(cluster);
    const gkeRuleObjects = GKE_RULE_KEYS.reduce(
      (n, key) => n + cluster.list(key).length,
      0,
    );
    if (senders.length === 0 && gkeRuleObjects > 0)
      return {
        status: 'unknown',
        message: `GKE Managed Prometheus evaluates ${plural(
          gkeRuleObjects,
          'rule object',
        )}; where its rule evaluator sends the alerts (OperatorConfig gmp-public/config, rules.alerting) is not read`,
        evidence: { gkeRuleObjects },
      };
    if (senders.length === 0)
      return {
        status: 'skipped',
        message:
          'No Prometheus or ThanosRuler (Prometheus Operator) loads alert rules; alerting through other tools is not judged here (see monitoring-alert-rules)',
      };
    if (cluster.snapshot.mode !== 'manifests') {
      const missing = notEvaluable(
        cluster,
        'services',
        'endpointslices.discovery.k8s.io',
      );
      if (missing) return missing;
    }
    return senders.map(({ sender, kind, destinations }) =>
      judgeSender(cluster, sender, kind, destinations),
    );
  },
};
