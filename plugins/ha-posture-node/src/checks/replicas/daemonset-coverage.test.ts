import {
  clusterFrom,
  daemonSet,
  node,
  nodes,
  podsFor,
  runOne,
} from '../../testing';
import { daemonsetCoverage } from './daemonset-coverage';

const workers = nodes('w', 3);

describe('daemonset-coverage', () => {
  it('passes when ready on every scheduled node', () => {
    const agent = daemonSet('fluent-bit', { desired: 3 });
    expect(
      runOne(
        daemonsetCoverage,
        clusterFrom([
          ...workers,
          agent,
          ...podsFor(agent, ['w-1', 'w-2', 'w-3']),
        ]),
      ).status,
    ).toBe('pass');
  });

  it.each([
    [1, 'Ready on the only node it is scheduled on'],
    [2, 'Ready on both nodes it is scheduled on'],
    [3, 'Ready on all 3 nodes it is scheduled on'],
  ])('says how many nodes it is ready on: %p', (desired, message) => {
    const agent = daemonSet('fluent-bit', { desired });
    const on = ['w-1', 'w-2', 'w-3'].slice(0, desired);
    expect(
      runOne(
        daemonsetCoverage,
        clusterFrom([...workers, agent, ...podsFor(agent, on)]),
      ).message,
    ).toBe(message);
  });

  it('is unknown when the status counts more ready pods than scheduled nodes', () => {
    const agent = daemonSet('fluent-bit', { desired: 3, ready: 999 });
    agent.status.numberUnavailable = 0;
    const outcome = runOne(
      daemonsetCoverage,
      clusterFrom([
        ...workers,
        agent,
        ...podsFor(agent, ['w-1', 'w-2', 'w-3']),
      ]),
    );
    expect(outcome).toMatchObject({
      status: 'unknown',
      message:
        'DaemonSet default/fluent-bit reports 999 ready pods for 3 scheduled nodes: its status is inconsistent',
    });
  });

  it('fails and names the nodes without a ready pod', () => {
    const agent = daemonSet('calico-node', { desired: 3, ready: 2 });
    const outcome = runOne(
      daemonsetCoverage,
      clusterFrom([
        ...workers,
        agent,
        ...podsFor(agent, ['w-1', 'w-2', 'w-3'], {
          ready: [true, true, false],
        }),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Ready on 2 of 3 nodes: 1 node lacks this agent',
    );
    expect(outcome.message).toContain('w-3');
  });

  it('does not blame the DaemonSet for a node that is down itself', () => {
    const agent = daemonSet('fluent-bit', { desired: 3, ready: 2 });
    const down = [...nodes('w', 2), node('w-3', { ready: 'Unknown' })];
    const outcome = runOne(
      daemonsetCoverage,
      clusterFrom([
        ...down,
        agent,
        ...podsFor(agent, ['w-1', 'w-2', 'w-3'], {
          ready: [true, true, false],
        }),
      ]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('not Ready themselves (w-3)');
  });

  it('warns mid-rollout while some pods are ready, fails when none is', () => {
    const rolling = daemonSet('agent', {
      desired: 3,
      status: {
        desiredNumberScheduled: 3,
        numberReady: 2,
        numberUnavailable: 1,
        updatedNumberScheduled: 1,
      },
    });
    expect(
      runOne(daemonsetCoverage, clusterFrom([...workers, rolling])).status,
    ).toBe('warn');
    const down = daemonSet('agent', {
      desired: 3,
      status: { desiredNumberScheduled: 3, updatedNumberScheduled: 1 },
    });
    expect(
      runOne(daemonsetCoverage, clusterFrom([...workers, down])).status,
    ).toBe('fail');
  });

  it('skips a DaemonSet scheduled nowhere and a manifests scan; unknown without status', () => {
    expect(
      runOne(
        daemonsetCoverage,
        clusterFrom([...workers, daemonSet('gpu', { desired: 0 })]),
      ).status,
    ).toBe('skipped');
    expect(
      runOne(
        daemonsetCoverage,
        clusterFrom([daemonSet('agent', { desired: 3 })]),
      ).status,
    ).toBe('skipped');
    const noStatus = daemonSet('agent', { desired: 3 });
    delete noStatus.status;
    expect(
      runOne(daemonsetCoverage, clusterFrom([...workers, noStatus])).status,
    ).toBe('unknown');
  });
});
