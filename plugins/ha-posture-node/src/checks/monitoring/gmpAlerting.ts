/**
 * Where GKE Managed Prometheus sends alerts. Its rule-evaluator (Deployment gmp-system/rule-evaluator)
 * evaluates Rules, ClusterRules and GlobalRules and pushes their alerts to the Alertmanagers that
 * OperatorConfig gmp-public/config lists in rules.alerting.alertmanagers, plus GKE's managed
 * Alertmanager (Service gmp-system/alertmanager, port 9093) whenever StatefulSet
 * gmp-system/alertmanager exists (the operator's makeAlertmanagerConfigs in prometheus-engine).
 */
import { HaTarget } from '@ha-posture/plugin-ha-posture-common';
import { CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  describeObject,
  notEvaluable,
  objectTarget,
  perCluster,
  plural,
} from '../util';
import { alertsOf } from './alertIndex';
import { AlertDestinations, AlertmanagerService } from './alertDestinations';
import { MONITORING_KEYS } from './prometheus';

export const OPERATOR_CONFIGS = 'operatorconfigs.monitoring.googleapis.com';

const GKE_RULE_KEYS = [
  MONITORING_KEYS.gkeRules,
  MONITORING_KEYS.gkeClusterRules,
  MONITORING_KEYS.gkeGlobalRules,
];

/** GKE's rule evaluator, with what it sends alerts to. */
export interface GmpSender {
  what: string;
  target: HaTarget;
  destinations: AlertDestinations;
}

export type GmpAlerting =
  /** No GKE rule object holds an alerting rule. */
  | { state: 'none' }
  /** Judged before any destination: the evaluator does not run, or what decides it cannot be read. */
  | { state: 'decided'; outcome: CheckOutcome }
  | { state: 'sender'; sender: GmpSender };

/** The Alertmanagers an OperatorConfig names (monitoring.googleapis.com/v1 AlertmanagerEndpoints). */
function configuredAlertmanagers(config: K8sObject | undefined): {
  services: AlertmanagerService[];
  invalid: string[];
} {
  const services: AlertmanagerService[] = [];
  const invalid: string[] = [];
  const endpoints = config?.rules?.alerting?.alertmanagers;
  for (const endpoint of Array.isArray(endpoints) ? endpoints : []) {
    if (typeof endpoint?.name !== 'string' || endpoint.name === '') continue;
    if (typeof endpoint.namespace !== 'string' || endpoint.namespace === '') {
      invalid.push(
        `Alertmanager ${endpoint.name} in OperatorConfig gmp-public/config names no namespace, which the rule-evaluator needs to find it`,
      );
      continue;
    }
    // A port number replaces the port of every endpoint address, so only a port name is checked.
    services.push({
      namespace: endpoint.namespace,
      name: endpoint.name,
      ...(typeof endpoint.port === 'string' && endpoint.port !== ''
        ? { port: { name: endpoint.port } }
        : {}),
    });
  }
  return { services, invalid };
}

/** GKE's managed Alertmanager, when its StatefulSet exists. */
function managedAlertmanager(
  cluster: ClusterView,
  config: K8sObject | undefined,
): AlertmanagerService | undefined {
  if (!cluster.get('statefulsets.apps', 'gmp-system', 'alertmanager'))
    return undefined;
  const secret = config?.managedAlertmanager?.configSecret?.name;
  return {
    namespace: 'gmp-system',
    name: 'alertmanager',
    label: "GKE's managed Alertmanager",
    note: `whom it notifies is set in Secret gmp-public/${
      typeof secret === 'string' && secret !== '' ? secret : 'alertmanager'
    }, which is not read (without it, it drops every alert)`,
  };
}

/** How many GKE rule objects hold at least one alerting rule, once per cluster (two checks ask). */
const alertingRuleObjects = perCluster((cluster: ClusterView) =>
  GKE_RULE_KEYS.reduce(
    (n, key) =>
      n + cluster.list(key).filter(r => alertsOf(r).length > 0).length,
    0,
  ),
);

/** StatefulSet gmp-system/alertmanager when GKE's rule-evaluator has alerts to send it (on a cluster). */
export function gmpManagedAlertmanagerInUse(
  cluster: ClusterView,
): K8sObject | undefined {
  if (cluster.snapshot.mode === 'manifests') return undefined;
  const managed = cluster.get(
    'statefulsets.apps',
    'gmp-system',
    'alertmanager',
  );
  return managed && alertingRuleObjects(cluster) > 0 ? managed : undefined;
}

export function gmpAlerting(cluster: ClusterView): GmpAlerting {
  const alerting = alertingRuleObjects(cluster);
  if (alerting === 0) return { state: 'none' };
  const ruleObjects = plural(alerting, 'GKE Managed Prometheus rule object');
  if (cluster.snapshot.mode === 'manifests')
    return {
      state: 'decided',
      outcome: {
        status: 'skipped',
        message: `${ruleObjects} hold alerting rules; where GKE's rule-evaluator sends them (OperatorConfig gmp-public/config, GKE's managed Alertmanager) is judged on a cluster`,
      },
    };
  const configFetch = cluster.fetchState(OPERATOR_CONFIGS).status;
  const unreadable =
    (configFetch !== 'ok' && configFetch !== 'not-installed'
      ? notEvaluable(cluster, OPERATOR_CONFIGS)
      : undefined) ??
    notEvaluable(cluster, 'deployments.apps', 'statefulsets.apps');
  if (unreadable) return { state: 'decided', outcome: unreadable };

  const evaluator = cluster.get(
    'deployments.apps',
    'gmp-system',
    'rule-evaluator',
  );
  if (!evaluator)
    return {
      state: 'decided',
      outcome: {
        status: 'fail',
        message: `${ruleObjects} hold alerting rules, but there is no Deployment gmp-system/rule-evaluator to evaluate them: none of their alerts fires`,
        evidence: { alertingRuleObjects: alerting },
      },
    };
  if (!((evaluator.status?.availableReplicas ?? 0) > 0))
    return {
      state: 'decided',
      outcome: {
        status: 'fail',
        message: `${describeObject(
          evaluator,
          'Deployment',
        )}, which evaluates the alerting rules of ${ruleObjects}, has no available replica: none of their alerts fires`,
        target: objectTarget(cluster, evaluator, 'Deployment'),
        evidence: { alertingRuleObjects: alerting },
      },
    };

  const config = cluster.get(OPERATOR_CONFIGS, 'gmp-public', 'config');
  const { services, invalid } = configuredAlertmanagers(config);
  const managed = managedAlertmanager(cluster, config);
  return {
    state: 'sender',
    sender: {
      what: "GKE Managed Prometheus's rule-evaluator",
      target: config
        ? objectTarget(cluster, config, 'OperatorConfig')
        : objectTarget(cluster, evaluator, 'Deployment'),
      destinations: {
        services: managed ? [...services, managed] : services,
        unverifiable: [],
        invalid,
      },
    },
  };
}
