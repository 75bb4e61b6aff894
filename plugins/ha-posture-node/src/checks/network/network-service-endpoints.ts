import { WorkloadCheck, CheckOutcome } from '../../model/checks';
import { describeObject, notEvaluable, objectTarget } from '../util';
import { judgeSpread } from './replicaSpread';
import { endpointSpread } from './serviceEndpoints';
import { noPodsByDesign } from '../replicas/replicaFloors';
import { sliceLeftOutOfDump } from '../../engine/dumpedEndpointSlices';

export const networkServiceEndpoints: WorkloadCheck = {
  id: 'network-service-endpoints',
  title: "The workload's Services have ready endpoints on several nodes",
  category: 'network',
  severity: 'high',
  scope: 'workload',
  rationale:
    'Clients reach a workload through its Services, which only route to ready endpoints. With none the Service ' +
    'is down; with all endpoints on one node or zone, that node or zone is a single point of failure.',
  remediation:
    'Fix the failing readiness of the pods, and run at least 2 replicas spread over nodes and zones ' +
    '(topology spread constraints or pod anti-affinity).',
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions',
    'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
  ],
  evaluate({ cluster, workload }): CheckOutcome | CheckOutcome[] {
    const missing = notEvaluable(cluster, 'services');
    if (missing) return missing;
    const noPods = noPodsByDesign(cluster, workload);
    if (noPods) return { status: 'skipped', message: noPods };
    const services = cluster.servicesOf(workload);
    if (services.length === 0) {
      return {
        status: 'skipped',
        message: `No Service selects the pods of ${describeObject(workload)}`,
      };
    }
    // Only now: a workload without a Service needs no EndpointSlice to be judged.
    const slicesMissing = notEvaluable(
      cluster,
      'endpointslices.discovery.k8s.io',
    );
    if (slicesMissing) return slicesMissing;
    return services.map(svc => {
      const target = objectTarget(cluster, svc, 'Service');
      if (sliceLeftOutOfDump(cluster, svc)) {
        return {
          status: 'unknown',
          message: `${describeObject(
            svc,
            'Service',
          )} has no EndpointSlice in the dump, though a running cluster keeps at least one for every Service with a selector: dump them with kubectl get endpointslices -A -o yaml`,
          target,
          evidence: { service: svc.metadata.name, endpointSlices: 0 },
        };
      }
      const spread = endpointSpread(cluster, svc);
      const verdict = judgeSpread(
        cluster,
        describeObject(svc, 'Service'),
        spread,
        { noun: 'endpoint', single: 'warn' },
      );
      return {
        ...verdict,
        target,
        evidence: { service: svc.metadata.name, ...spread },
      };
    });
  },
};
