import { WorkloadCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { describeObject, notEvaluable, objectTarget } from '../util';

/**
 * A Service whose proxied traffic reaches pods that are not ready: with publishNotReadyAddresses
 * the EndpointSlice controller marks every endpoint ready, and kube-proxy and ingress controllers
 * route by that. A headless Service has no cluster IP to proxy: there the setting serves peer
 * discovery over DNS (StatefulSet members finding each other before they are ready), as intended.
 */
function routesToUnready(svc: K8sObject): boolean {
  return (
    svc.spec?.publishNotReadyAddresses === true &&
    svc.spec?.clusterIP !== 'None' &&
    svc.spec?.type !== 'ExternalName'
  );
}

export const networkServiceReadyOnly: WorkloadCheck = {
  id: 'network-service-ready-only',
  title: "The workload's Services route only to ready pods",
  category: 'network',
  severity: 'medium',
  scope: 'workload',
  rationale:
    'A readiness probe keeps traffic off pods that are starting, hung or shutting down, and lets a rollout wait for new pods. ' +
    'A Service with publishNotReadyAddresses marks every endpoint ready, so kube-proxy and ingress controllers send clients ' +
    'to those pods anyway: every rollout, crash and node drain turns into failed requests.',
  remediation:
    'Remove publishNotReadyAddresses from Services that carry client traffic. Keep it only on a headless Service (clusterIP: ' +
    'None) for peer discovery, and give clients a separate Service without it.',
  references: [
    'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
    'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions',
  ],
  evaluate({ cluster, workload }): CheckOutcome | CheckOutcome[] {
    const missing = notEvaluable(cluster, 'services');
    if (missing) return missing;
    const routing = cluster.servicesOf(workload).filter(routesToUnready);
    if (routing.length === 0) {
      return {
        status: 'skipped',
        message: `No Service with a cluster IP publishes not-ready addresses of ${describeObject(
          workload,
        )}`,
      };
    }
    return routing.map(svc => ({
      status: 'warn',
      message: `${describeObject(
        svc,
        'Service',
      )} publishes not-ready addresses (publishNotReadyAddresses: true) behind its cluster IP: clients reach pods of ${describeObject(
        workload,
      )} that are starting, failing their readiness probe or shutting down`,
      target: objectTarget(cluster, svc, 'Service'),
      evidence: {
        service: svc.metadata.name,
        type: svc.spec?.type ?? 'ClusterIP',
        publishNotReadyAddresses: true,
      },
    }));
  },
};
