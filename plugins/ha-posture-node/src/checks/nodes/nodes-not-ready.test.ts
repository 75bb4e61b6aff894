import {
  ago,
  clusterFrom,
  kubeadmHa3z,
  node,
  nodes,
  runOne,
} from '../../testing';
import { nodesNotReady } from './nodes-not-ready';

describe('nodes-not-ready', () => {
  it('passes when every node is Ready', () => {
    const outcome = runOne(nodesNotReady, clusterFrom(kubeadmHa3z()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe('All 9 nodes are Ready');
  });

  it('warns with the names, states and durations of NotReady and Unknown nodes', () => {
    const down = node('w-4', { ready: false });
    down.status.conditions[0].lastTransitionTime = ago(2 * 3600);
    down.status.conditions[0].reason = 'KubeletNotReady';
    const objects = [...nodes('w', 3), down, node('w-5', { ready: 'Unknown' })];
    const outcome = runOne(nodesNotReady, clusterFrom(objects));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      '2 of 5 nodes are not Ready: w-4 (NotReady for 2h), w-5 (Unknown: the kubelet stopped reporting)',
    );
    expect(outcome.evidence).toMatchObject({
      notReady: [
        {
          name: 'w-4',
          status: 'False',
          reason: 'KubeletNotReady',
          forSeconds: 7200,
        },
        { name: 'w-5', status: 'Unknown' },
      ],
    });
  });

  it('fails when the NotReady nodes leave fewer than minWorkers usable workers', () => {
    const objects = [node('w-1'), node('w-2', { ready: false })];
    const outcome = runOne(nodesNotReady, clusterFrom(objects));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('only 1 usable worker left');
    expect(
      runOne(nodesNotReady, clusterFrom(objects), { params: { minWorkers: 1 } })
        .status,
    ).toBe('warn');
  });

  it('treats a node without a Ready condition as not Ready', () => {
    const bare = node('w-3');
    bare.status.conditions = [];
    const outcome = runOne(
      nodesNotReady,
      clusterFrom([...nodes('w', 2), bare]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('w-3 (no Ready condition)');
  });

  it('is skipped in a manifests scan', () => {
    expect(runOne(nodesNotReady, clusterFrom([])).status).toBe('skipped');
  });
});
