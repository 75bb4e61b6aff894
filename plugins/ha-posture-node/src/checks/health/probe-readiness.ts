import { WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { scrapedOnlyByServiceMonitors } from '../monitoring/prometheus';
import { notEvaluable } from '../util';
import { describeNames, subject } from '../wording';
import { regularContainers, sidecarContainers } from './containers';

/** Whether a Service port sends traffic to one of the container's ports (targetPort by number or name; default: the port). */
function containerServes(container: any, services: K8sObject[]): boolean {
  const ports = Array.isArray(container.ports) ? container.ports : [];
  return services.some(svc =>
    (Array.isArray(svc.spec?.ports) ? svc.spec.ports : []).some((sp: any) => {
      const target = sp?.targetPort ?? sp?.port;
      return ports.some((cp: any) =>
        typeof target === 'number'
          ? cp?.containerPort === target
          : cp?.name === target,
      );
    }),
  );
}

/**
 * A Service that only exposes metrics: every port is named for them (`metrics`, `http-metrics`,
 * `metrics-port`; by its name or its named targetPort), or the Service is (`…-metrics`) and its
 * ports are unnamed. Prometheus scrapes such targets whether or not the pod is Ready, so readiness
 * gates no traffic there. (A headless Service every port of which a ServiceMonitor scrapes is one
 * too: scrapedOnlyByServiceMonitors.)
 */
function exposesOnlyMetrics(svc: K8sObject): boolean {
  const ports: any[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
  const serviceNamed = /metrics$/.test(svc.metadata?.name ?? '');
  return (
    ports.length > 0 &&
    ports.every(port => {
      const names = [port?.name, port?.targetPort].filter(
        (n): n is string => typeof n === 'string' && n !== '',
      );
      return names.length === 0
        ? serviceNamed
        : names.some(n => n.includes('metrics'));
    })
  );
}

export const probeReadiness: WorkloadCheck = {
  id: 'probe-readiness',
  title: 'Containers that receive traffic have readiness probes',
  category: 'health',
  severity: 'high',
  scope: 'workload',
  rationale:
    'Without a readinessProbe a container counts as ready as soon as it starts: a Service sends it requests before the application can answer, ' +
    'keeps sending to a hung replica, and rolling updates proceed even when the new version never becomes healthy.',
  remediation:
    'Add a readinessProbe (an HTTP endpoint that checks the application can serve, not its dependencies) to every container a Service targets.',
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-readiness-probes',
    'https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/',
  ],
  evaluate({ cluster, workload }) {
    const regular = regularContainers(workload.podSpec);
    const sidecars = sidecarContainers(workload.podSpec);
    const lacking = (containers: any[]) =>
      containers.filter(c => !c.readinessProbe).map(c => c.name as string);
    if (regular.length === 0)
      return {
        status: 'skipped',
        message: 'The pod template has no containers',
      };
    if (lacking([...regular, ...sidecars]).length === 0) {
      return {
        status: 'pass',
        message: `Every container has a readinessProbe (${describeNames(
          [...regular, ...sidecars].map(c => c.name),
        )})`,
      };
    }
    // Whether traffic reaches the pods decides how much a missing probe matters.
    const missing = notEvaluable(cluster, 'services');
    if (missing)
      return {
        ...missing,
        message: `Cannot tell whether a Service sends it traffic: ${missing.message}`,
      };

    const selecting = cluster.servicesOf(workload);
    const services = selecting.filter(
      svc =>
        !exposesOnlyMetrics(svc) && !scrapedOnlyByServiceMonitors(cluster, svc),
    );
    if (services.length > 0) {
      const serviceNames = services.map(s => s.metadata.name);
      const serving = [...regular, ...sidecars].filter(c =>
        containerServes(c, services),
      );
      // Container ports are optional: when none matches, every regular container may be the one serving.
      const candidates = serving.length > 0 ? serving : regular;
      const unprobed = lacking(candidates);
      const evidence = {
        services: serviceNames,
        servingContainers: candidates.map(c => c.name),
        lackingReadiness: unprobed,
      };
      const routes = `${subject(
        'Service',
        serviceNames,
        'routes',
        'route',
      )} traffic to its pods`;
      // A pod is Ready only when all its containers are (regular and sidecars alike): any probe in
      // the pod gates its endpoints, even when the container the Service targets has none.
      // https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
      const gating = [...regular, ...sidecars].filter(c => c.readinessProbe);
      if (unprobed.length > 0 && gating.length === 0) {
        return {
          status: 'fail',
          message: `${subject(
            'Container',
            unprobed,
            'has',
            'have',
          )} no readinessProbe while ${routes}: requests reach replicas that are starting, hung or shutting down`,
          evidence,
        };
      }
      if (unprobed.length > 0) {
        // Pod readiness already waits for the probed containers; an unprobed one (often a metrics port
        // or a proxy in front of the app) only goes unwatched.
        const outsideServing = gating.some(c => !candidates.includes(c));
        return {
          status: 'warn',
          message: `${subject(
            'Container',
            unprobed,
            'serves',
            'serve',
          )} a port of Service${
            serviceNames.length > 1 ? 's' : ''
          } ${describeNames(
            serviceNames,
          )} without a readinessProbe; the pod's readiness only follows ${describeNames(
            gating.map(c => c.name),
          )}${
            outsideServing
              ? ' (a pod is Ready only when all its containers are)'
              : ''
          }`,
          evidence: { ...evidence, gatingReadiness: gating.map(c => c.name) },
        };
      }
      return {
        status: 'pass',
        message: `The containers serving Service ${describeNames(
          serviceNames,
        )} have readiness probes`,
        evidence,
      };
    }
    const metricsOnly = selecting.map(s => s.metadata.name);
    const noTraffic =
      metricsOnly.length === 0
        ? 'no Service targets the pods'
        : `only metrics ${subject(
            'Service',
            metricsOnly,
            'targets',
            'target',
          )} the pods (Prometheus scrapes pods whether Ready or not)`;
    const unprobed = lacking(regular);
    if (unprobed.length === 0)
      return {
        status: 'pass',
        message: `Every application container has a readinessProbe (${
          metricsOnly.length === 0 ? 'no Service targets it' : noTraffic
        })`,
      };
    return {
      status: 'warn',
      message: `${subject(
        'Container',
        unprobed,
        'has',
        'have',
      )} no readinessProbe: ${noTraffic}, but rollouts cannot tell a broken new version from a working one`,
      evidence: {
        services: [],
        ...(metricsOnly.length > 0 ? { metricsServices: metricsOnly } : {}),
        lackingReadiness: unprobed,
      },
    };
  },
};
