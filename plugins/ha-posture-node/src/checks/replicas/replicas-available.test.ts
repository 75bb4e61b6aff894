import {
  clusterFrom,
  deployment,
  hpa,
  nodes,
  podsFor,
  runOne,
  statefulSet,
} from '../../testing';
import { replicasAvailable } from './replicas-available';

const workers = nodes('w', 3, ['a', 'b', 'c']);

describe('replicas-available', () => {
  it('passes when available replicas meet the floor', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      replicasAvailable,
      clusterFrom([...workers, web, ...podsFor(web, ['w-1', 'w-2', 'w-3'])]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      available: 3,
      desired: 3,
      floor: 3,
      readyPods: 3,
    });
  });

  it('fails when no replica is available', () => {
    const web = deployment('web', { replicas: 3, available: 0 });
    const outcome = runOne(replicasAvailable, clusterFrom([...workers, web]));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('No replica is available');
  });

  it('fails when down to one replica, warns when still redundant', () => {
    const one = deployment('one', { replicas: 3, available: 1 });
    const two = deployment('two', { replicas: 3, available: 2 });
    const view = clusterFrom([...workers, one, two]);
    expect(runOne(replicasAvailable, view, { workload: 'one' }).status).toBe(
      'fail',
    );
    expect(runOne(replicasAvailable, view, { workload: 'two' }).status).toBe(
      'warn',
    );
  });

  it('judges against the HPA floor, not the scaled-up desired count', () => {
    const web = deployment('web', { replicas: 8, available: 5 });
    const outcome = runOne(
      replicasAvailable,
      clusterFrom([...workers, web, hpa(web, 3, 10)]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('5 of 8 replicas available (floor 3');
  });

  it('reads a missing availableReplicas as zero (the API omits zero counts)', () => {
    const web = deployment('web', {
      replicas: 2,
      status: { replicas: 2, updatedReplicas: 2 },
    });
    expect(
      runOne(replicasAvailable, clusterFrom([...workers, web])).status,
    ).toBe('fail');
  });

  it('falls back to readyReplicas for StatefulSets of old clusters', () => {
    const db = statefulSet('db', {
      replicas: 3,
      status: { replicas: 3, readyReplicas: 3 },
    });
    expect(
      runOne(replicasAvailable, clusterFrom([...workers, db])).status,
    ).toBe('pass');
  });

  it('mentions a rollout in progress', () => {
    const web = deployment('web', {
      replicas: 3,
      status: { replicas: 4, updatedReplicas: 1, availableReplicas: 2 },
    });
    const outcome = runOne(replicasAvailable, clusterFrom([...workers, web]));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('rollout is in progress');
  });

  it('skips a manifests scan and workloads scaled to zero', () => {
    expect(
      runOne(
        replicasAvailable,
        clusterFrom([deployment('web', { replicas: 3 })]),
      ).status,
    ).toBe('skipped');
    expect(
      runOne(
        replicasAvailable,
        clusterFrom([...workers, deployment('off', { replicas: 0 })]),
      ).status,
    ).toBe('skipped');
  });

  it('is unknown without a status, or when HPAs are forbidden', () => {
    const bare = deployment('web', { replicas: 2 });
    delete bare.status;
    expect(
      runOne(replicasAvailable, clusterFrom([...workers, bare])).status,
    ).toBe('unknown');
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(
        replicasAvailable,
        clusterFrom([...workers, web], {
          fetch: { 'horizontalpodautoscalers.autoscaling': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });
});
