import {
  HaResult,
  WorkloadReport,
  summarizeResults,
} from '@ha-posture/plugin-ha-posture-common';
import { entityFacts } from './entityFacts';

const generatedAt = '2024-06-01T12:00:00.000Z';

describe('entityFacts', () => {
  it('waives the floor of an Operated workload whose replicas-min-floor result (named by its custom resource) is exempt', () => {
    const floorResult: HaResult = {
      checkId: 'replicas-min-floor',
      category: 'replicas',
      status: 'exempt',
      severity: 'critical',
      message: 'Runs a single replica',
      target: {
        cluster: 'prod',
        kind: 'Cluster',
        apiGroup: 'postgresql.cnpg.io',
        namespace: 'shop',
        name: 'pg',
      },
      exemption: { reason: 'single-instance by design' },
    };
    const report = {
      ...summarizeResults([floorResult]),
      results: [floorResult],
      generatedAt,
      sources: [],
    };
    const workload: WorkloadReport = {
      cluster: 'prod',
      kind: 'Operated',
      namespace: 'shop',
      name: 'pg',
      operatedBy: {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        name: 'pg',
      },
      entityRefs: ['component:default/pg'],
      replicas: { floor: 1, source: 'pods', available: 1, desired: 1 },
      placement: [{ pod: 'pg-1', node: 'w0', zone: 'eu-1a', ready: true }],
      report,
    };
    const facts = entityFacts(
      {
        report: {
          ...report,
          entityRef: 'component:default/pg',
          clusters: ['prod'],
          workloads: [
            {
              cluster: 'prod',
              kind: 'Operated',
              namespace: 'shop',
              name: 'pg',
              operatedBy: workload.operatedBy,
            },
          ],
        },
        workloads: [workload],
      },
      () => undefined,
    );
    expect(facts.replicaFloor).toBeUndefined();
    expect(facts.replicaFloorExempt).toBe(true);
  });
});
