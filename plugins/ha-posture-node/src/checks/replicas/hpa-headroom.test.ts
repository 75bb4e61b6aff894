import {
  clusterFrom,
  deployment,
  hpa,
  nodes,
  runOne,
  statefulSet,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { hpaHeadroom } from './hpa-headroom';

const workers = nodes('w', 3, ['a', 'b', 'c']);

const condition = (
  type: string,
  status: string,
  reason: string,
  message = '',
) => ({ type, status, reason, message });

/** The status the HPA controller writes when it is working and within range. */
function statusOf(current: number, conditions: object[] = []) {
  return {
    currentReplicas: current,
    desiredReplicas: current,
    conditions: [
      condition('AbleToScale', 'True', 'ReadyForNewScale'),
      condition('ScalingActive', 'True', 'ValidMetricFound'),
      ...conditions,
    ],
  };
}

/** The check's outcome for `target`, with `autoscaler` if given, in a 3-zone cluster. */
const headroom = (target: K8sObject, autoscaler?: K8sObject) =>
  runOne(
    hpaHeadroom,
    clusterFrom([...workers, target, ...(autoscaler ? [autoscaler] : [])]),
  );

describe('hpa-headroom', () => {
  it('passes when the HPA runs below its maxReplicas', () => {
    const web = deployment('web', { replicas: 4 });
    const outcome = headroom(web, hpa(web, 3, 10, { status: statusOf(4) }));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'HPA default/web runs 4 of at most 10 replicas',
    );
    expect(outcome.evidence).toEqual({
      hpa: 'web',
      minReplicas: 3,
      maxReplicas: 10,
      currentReplicas: 4,
      desiredReplicas: 4,
    });
  });

  it('warns when the HPA runs at its maxReplicas', () => {
    const web = deployment('web', { replicas: 6 });
    const outcome = headroom(web, hpa(web, 2, 6, { status: statusOf(6) }));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('runs at its maxReplicas 6');
  });

  it('warns when the controller wants more replicas than maxReplicas allows', () => {
    // The status can lag the condition: the condition is the controller's own verdict.
    const db = statefulSet('db', { replicas: 4 });
    const outcome = headroom(
      db,
      hpa(db, 3, 5, {
        status: statusOf(4, [
          condition(
            'ScalingLimited',
            'True',
            'TooManyReplicas',
            'the desired replica count is more than the maximum replica count',
          ),
        ]),
      }),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'HPA default/db wants more replicas than its maxReplicas 5 allows (running 4): no headroom left for more load or a lost zone',
    );
    expect(outcome.evidence).toMatchObject({
      scalingLimited:
        'TooManyReplicas: the desired replica count is more than the maximum replica count',
    });
  });

  it('warns when the HPA cannot read its metrics, with the reason and its own advice', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = headroom(
      web,
      hpa(web, 3, 10, {
        status: {
          currentReplicas: 3,
          desiredReplicas: 3,
          conditions: [
            condition(
              'ScalingActive',
              'False',
              'FailedGetResourceMetric',
              'the HPA was unable to compute the replica count: failed to get cpu utilization',
            ),
          ],
        },
      }),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'does not scale (ScalingActive False, FailedGetResourceMetric: the HPA was unable',
    );
    expect(outcome.remediation).toContain('metrics-server');
  });

  it('warns when the HPA cannot update its target (AbleToScale False)', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = headroom(
      web,
      hpa(web, 3, 10, {
        status: {
          currentReplicas: 3,
          desiredReplicas: 4,
          conditions: [
            condition(
              'AbleToScale',
              'False',
              'FailedUpdateScale',
              'the HPA controller was unable to update the target scale',
            ),
            condition('ScalingActive', 'True', 'ValidMetricFound'),
          ],
        },
      }),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'HPA default/web cannot change the replicas of its target (AbleToScale False, FailedUpdateScale: the HPA controller was unable to update the target scale)',
    );
    expect(outcome.remediation).toContain('scale subresource');
  });

  it('passes an HPA pinned by minReplicas = maxReplicas (a fixed size, judged by the floor check)', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = headroom(web, hpa(web, 3, 3, { status: statusOf(3) }));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('minReplicas = maxReplicas');
  });

  it('reads a missing minReplicas as 1 (the API default)', () => {
    const web = deployment('web', { replicas: 1 });
    const outcome = headroom(
      web,
      hpa(web, undefined, 1, { status: statusOf(1) }),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({ minReplicas: 1, maxReplicas: 1 });
  });

  it('is unknown when the HPA has no status yet or no valid maxReplicas', () => {
    const web = deployment('web', { replicas: 3 });
    expect(headroom(web, hpa(web, 3, 10)).status).toBe('unknown');
    // A wrong-typed maxReplicas never gets this far (the snapshot rejects the object); a null one does.
    const broken = hpa(web, 3, 10, { status: statusOf(3) });
    broken.spec.maxReplicas = null;
    const outcome = headroom(web, broken);
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('no valid spec.maxReplicas (null)');
  });

  it('is unknown when HPAs cannot be read, since one may target the workload', () => {
    const web = deployment('web', { replicas: 3 });
    expect(
      runOne(
        hpaHeadroom,
        clusterFrom([...workers, web], {
          fetch: { 'horizontalpodautoscalers.autoscaling': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });

  it('skips workloads without an HPA, scaled to zero, and manifests scans', () => {
    const web = deployment('web', { replicas: 3 });
    expect(headroom(web).message).toBe('No HPA targets Deployment default/web');
    const off = deployment('off', { replicas: 0 });
    expect(headroom(off, hpa(off, 2, 4, { status: statusOf(0) })).status).toBe(
      'skipped',
    );
    // Manifests carry no HPA status, even when one was exported with the object.
    const manifest = runOne(
      hpaHeadroom,
      clusterFrom([web, hpa(web, 2, 3, { status: statusOf(3) })]),
    );
    expect(manifest.status).toBe('skipped');
    expect(manifest.message).toContain('manifests scan has no HPA status');
  });
});
