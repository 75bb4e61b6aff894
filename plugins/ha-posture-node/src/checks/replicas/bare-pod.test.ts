import {
  clusterFrom,
  deployment,
  nodes,
  pod,
  podsFor,
  runCheck,
  runOne,
  staticPod,
} from '../../testing';
import { barePod } from './bare-pod';

const workers = nodes('w', 2);

describe('bare-pod', () => {
  it('fails a pod without a controller', () => {
    const outcome = runOne(
      barePod,
      clusterFrom([...workers, pod('debug', { node: 'w-1' })]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('runs on w-1');
    expect(outcome.target).toMatchObject({ kind: 'Pod', name: 'debug' });
  });

  it('ignores mirror pods and controlled pods', () => {
    const web = deployment('web', { replicas: 2 });
    const view = clusterFrom([
      ...workers,
      staticPod('kube-apiserver', 'w-1'),
      web,
      ...podsFor(web, ['w-1', 'w-2']),
    ]);
    expect(runCheck(barePod, view)).toEqual([]);
  });

  it('skips a bare pod that has finished', () => {
    expect(
      runOne(
        barePod,
        clusterFrom([
          ...workers,
          pod('job-once', { node: 'w-1', phase: 'Succeeded' }),
        ]),
      ).status,
    ).toBe('skipped');
  });

  it('flags a bare pod in a manifests scan too', () => {
    expect(
      runOne(barePod, clusterFrom([pod('naked')], { mode: 'manifests' }))
        .status,
    ).toBe('fail');
  });
});
