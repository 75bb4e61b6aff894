import { HaTarget } from '@ha-posture/plugin-ha-posture-common';
import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { sliceLeftOutOfDump } from '../../engine/dumpedEndpointSlices';
import { readyEndpoints } from '../network/serviceEndpoints';
import {
  describeObject,
  notEvaluable,
  objectTarget,
  perCluster,
  plural,
  worstStatus,
} from '../util';
import {
  AlertDestinations,
  AlertmanagerPort,
  AlertmanagerService,
  prometheusDestinations,
  thanosRulerDestinations,
  vmAlertDestinations,
} from './alertDestinations';
import { LOADER_KEYS } from './loaders';
import {
  MONITORING_KEYS,
  prometheusSelectionOnce,
  RULE_FIELDS,
  VM_RULE_FIELDS,
} from './prometheus';
import { alertsOf } from './alertIndex';
import { gmpAlerting } from './gmpAlerting';

const SENDER_KINDS = [
  [LOADER_KEYS.prometheuses, 'Prometheus'],
  [LOADER_KEYS.thanosRulers, 'ThanosRuler'],
  [LOADER_KEYS.vmAlerts, 'VMAlert'],
] as const;
const SENDER_KEYS = SENDER_KINDS.map(([key]) => key);

/** What one Alertmanager Service gives the sender. */
interface ServiceVerdict {
  status: 'pass' | 'fail' | 'unknown';
  text: string;
}

/** `Service ns/name (detail)`, or with a label `label (Service ns/name, detail)`. */
function describeService(s: AlertmanagerService, detail?: string): string {
  const service = `Service ${s.namespace}/${s.name}`;
  if (s.label) return `${s.label} (${service}${detail ? `, ${detail}` : ''})`;
  return detail ? `${service} (${detail})` : service;
}

/** Why the Service does not offer the sender's port, if it does not. */
function portProblem(
  cluster: ClusterView,
  service: K8sObject,
  port: AlertmanagerPort,
): string | undefined {
  const servicePorts: any[] = Array.isArray(service.spec?.ports)
    ? service.spec.ports
    : [];
  if ('name' in port)
    return servicePorts.some(p => p?.name === port.name)
      ? undefined
      : `has no port named ${port.name}`;
  const endpointPorts = cluster
    .endpointSlicesOf(service)
    .flatMap(slice => (Array.isArray(slice.ports) ? slice.ports : []))
    .map(p => p?.port);
  if (endpointPorts.includes(port.number)) return undefined;
  if (
    port.on === 'service-or-endpoint' &&
    servicePorts.some(p => p?.port === port.number)
  )
    return undefined;
  return port.on === 'endpoint'
    ? `has no endpoint on port ${port.number} (a number is matched against the pods' container ports, not the Service's ports)`
    : `has no port ${port.number}`;
}

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
  if (sliceLeftOutOfDump(cluster, service))
    return {
      status: 'unknown',
      text: `${what} has no EndpointSlice in the dump`,
    };
  const wrongPort =
    destination.port && portProblem(cluster, service, destination.port);
  if (wrongPort) return { status: 'fail', text: `${what} ${wrongPort}` };
  const ready = readyEndpoints(cluster, service).length;
  if (ready === 0)
    return { status: 'fail', text: `${what} has no ready endpoint` };
  return {
    status: 'pass',
    text: `${describeService(destination, plural(ready, 'ready endpoint'))}${
      destination.note ? `; ${destination.note}` : ''
    }`,
  };
}

/**
 * The Prometheus and ThanosRuler objects that load at least one alerting rule (`yes`), may load
 * one (`maybe`: whether they load it cannot be verified), or none. A ruleSelector that is null
 * loads nothing, and recording rules alone send no alert.
 */
const alertLoaders = perCluster((cluster: ClusterView) => {
  // By the loaders' labels (`Prometheus monitoring/k8s`, `VMAlert vm/main`): names alone may repeat across kinds.
  const loading = new Set<string>();
  let undecided = false;
  for (const [key, fields] of [
    [MONITORING_KEYS.prometheusRules, RULE_FIELDS],
    [MONITORING_KEYS.vmRules, VM_RULE_FIELDS],
  ] as const)
    for (const rule of cluster.list(key)) {
      if (alertsOf(rule).length === 0) continue;
      const selection = prometheusSelectionOnce(cluster, rule, fields);
      if (selection.state === 'selected')
        selection.loaders.forEach(label => loading.add(label));
      else if (selection.state === 'unverifiable') undecided = true;
    }
  return (sender: K8sObject, kind: string): 'yes' | 'maybe' | 'no' => {
    if (loading.has(describeObject(sender, kind))) return 'yes';
    const selector = sender.spec?.ruleSelector;
    const selects =
      (selector !== undefined && selector !== null) ||
      (kind === 'VMAlert' && sender.spec?.selectAllByDefault === true);
    return undecided && selects ? 'maybe' : 'no';
  };
});

interface Sender {
  what: string;
  target: HaTarget;
  destinations: AlertDestinations;
  loadsAlerts: 'yes' | 'maybe';
}

/** The senders: Prometheus, ThanosRuler and VMAlert objects that load (or may load) alerting rules. */
function ruleEvaluators(cluster: ClusterView): Sender[] {
  const namespacesRead = cluster.fetchState('namespaces').status === 'ok';
  const namespaceExists = (name: string) =>
    !namespacesRead || cluster.namespace(name) !== undefined;
  const loadsAlerts = alertLoaders(cluster);
  const senders: Sender[] = [];
  for (const [key, kind] of SENDER_KINDS) {
    if (cluster.fetchState(key).status !== 'ok') continue;
    for (const sender of cluster.list(key)) {
      const loads = loadsAlerts(sender, kind);
      if (loads === 'no') continue;
      let destinations: AlertDestinations;
      if (kind === 'Prometheus') destinations = prometheusDestinations(sender);
      else if (kind === 'ThanosRuler')
        destinations = thanosRulerDestinations(sender, namespaceExists);
      else destinations = vmAlertDestinations(cluster, sender, namespaceExists);
      senders.push({
        what: describeObject(sender, kind),
        target: objectTarget(cluster, sender, kind),
        destinations,
        loadsAlerts: loads,
      });
    }
  }
  return senders;
}

function judgeSender(
  cluster: ClusterView,
  { what, target, destinations, loadsAlerts }: Sender,
): CheckOutcome {
  const { services, unverifiable, invalid } = destinations;
  if (
    services.length === 0 &&
    unverifiable.length === 0 &&
    invalid.length === 0
  )
    return loadsAlerts === 'yes'
      ? {
          status: 'fail',
          message: `${what} evaluates alerting rules but sends the alerts to no Alertmanager: no firing alert notifies anyone`,
          target,
          evidence: { alertmanagers: [] },
        }
      : {
          status: 'unknown',
          message: `${what} names no Alertmanager; whether it loads any alerting rule cannot be verified`,
          target,
          evidence: { alertmanagers: [] },
        };
  if (cluster.snapshot.mode === 'manifests' && invalid.length === 0)
    return {
      status: 'skipped',
      message: `${what} sends alerts to ${[
        ...services.map(s => describeService(s)),
        ...unverifiable,
      ].join(', ')}; whether they run is judged on a cluster`,
      target,
    };
  const verdicts =
    cluster.snapshot.mode === 'manifests'
      ? []
      : services.map(s => judgeService(cluster, s));
  const evidence = {
    alertmanagers: verdicts.map(v => v.text),
    ...(unverifiable.length ? { unverifiable } : {}),
    ...(invalid.length ? { invalid } : {}),
  };
  const reached = verdicts.filter(v => v.status === 'pass');
  if (reached.length > 0)
    return {
      status: 'pass',
      message: `${what} sends alerts to ${reached.map(v => v.text).join(', ')}${
        invalid.length ? `; not to ${invalid.join('; ')}` : ''
      }`,
      target,
      evidence,
    };
  const problems = [
    ...invalid,
    ...verdicts.map(v => v.text),
    ...unverifiable.map(u => `${u} cannot be verified`),
  ];
  let status = worstStatus<'fail' | 'unknown'>(
    verdicts.map(v => (v.status === 'unknown' ? 'unknown' : 'fail')),
  );
  if (unverifiable.length > 0) status = 'unknown';
  else if (invalid.length > 0) status = 'fail';
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
    'Alert rules only help when their alerts reach an Alertmanager that notifies someone. A Prometheus, ThanosRuler or VMAlert ' +
    'without Alertmanagers, or pointed at a Service that does not exist, has no such port, or has no ready endpoint, ' +
    'fires its alerts into nothing, and an outage goes unnoticed. GKE Managed Prometheus evaluates its Rules in ' +
    'Deployment gmp-system/rule-evaluator and sends the alerts to the Alertmanagers of OperatorConfig gmp-public/config ' +
    "and to GKE's managed Alertmanager when that runs: no evaluator or no running Alertmanager, no alert.",
  remediation:
    'Set spec.alerting.alertmanagers on the Prometheus (namespace, name of the Alertmanager Service, port name such as web), ' +
    'or spec.alertmanagersUrl on the ThanosRuler (spec.notifier or spec.notifiers on a VMAlert), and keep that ' +
    'Alertmanager running. On GKE Managed Prometheus, keep ' +
    "Deployment gmp-system/rule-evaluator running and give it an Alertmanager: GKE's managed one (configured in Secret " +
    'gmp-public/alertmanager) or yours, listed in rules.alerting.alertmanagers of OperatorConfig gmp-public/config.',
  references: [
    'https://prometheus-operator.dev/docs/developer/alerting/',
    'https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.AlertmanagerEndpoints',
    'https://thanos.io/tip/components/rule.md/#alertmanager',
    'https://docs.victoriametrics.com/operator/resources/vmalert/',
    'https://cloud.google.com/stackdriver/docs/managed-prometheus/rules-managed',
    'https://github.com/GoogleCloudPlatform/prometheus-engine/blob/main/doc/api.md#monitoring.googleapis.com/v1.AlertmanagerEndpoints',
  ],
  evaluate({ cluster }): CheckOutcome | CheckOutcome[] {
    for (const key of SENDER_KEYS) {
      const fetch = cluster.fetchState(key).status;
      // Not installed: no sender of that kind. Unreadable: it may be the one that alerts.
      if (fetch !== 'ok' && fetch !== 'not-installed')
        return notEvaluable(cluster, key)!;
    }
    const senders = ruleEvaluators(cluster);
    const gmp = gmpAlerting(cluster);
    if (gmp.state === 'sender')
      senders.push({ ...gmp.sender, loadsAlerts: 'yes' });
    const decided = gmp.state === 'decided' ? [gmp.outcome] : [];
    if (senders.length === 0 && decided.length === 0)
      return {
        status: 'skipped',
        message:
          'No Prometheus or ThanosRuler (Prometheus Operator), VMAlert (VictoriaMetrics) or GKE Managed Prometheus rule object loads alerting rules; alerting through other tools is not judged here (see monitoring-alert-rules)',
      };
    if (senders.length > 0 && cluster.snapshot.mode !== 'manifests') {
      const missing = notEvaluable(
        cluster,
        'services',
        'endpointslices.discovery.k8s.io',
      );
      if (missing) return missing;
    }
    return [...senders.map(sender => judgeSender(cluster, sender)), ...decided];
  },
};
