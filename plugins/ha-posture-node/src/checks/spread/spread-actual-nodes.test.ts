import {
  clusterFrom,
  deployment,
  hpa,
  node,
  nodes,
  podsFor,
  runOne,
  statefulSet,
} from '../../testing';
import { spreadActualNodes } from './spread-actual-nodes';

const workers = nodes('w', 3, ['a', 'b', 'c']);

describe('spread-actual-nodes', () => {
  it('fails when every ready replica is on one node (skewed)', () => {
    const web = deployment('skewed', { replicas: 3 });
    const outcome = runOne(
      spreadActualNodes,
      clusterFrom([...workers, web, ...podsFor(web, ['w-1', 'w-1', 'w-1'])]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'All 3 ready replicas run on node w-1 in a',
    );
  });

  it('warns when most replicas share a node although others were free', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      spreadActualNodes,
      clusterFrom([...workers, web, ...podsFor(web, ['w-1', 'w-1', 'w-2'])]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      '2 of 3 ready replicas sit on node w-1 in a: losing it takes most of the capacity',
    );
  });

  it('passes the best spread the nodes allow', () => {
    const web = deployment('web', { replicas: 3 });
    const twoNodes = nodes('w', 2, ['a', 'b']);
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([...twoNodes, web, ...podsFor(web, ['w-1', 'w-1', 'w-2'])]),
      ).status,
    ).toBe('pass');
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([...workers, web, ...podsFor(web, ['w-1', 'w-2', 'w-3'])]),
      ).status,
    ).toBe('pass');
  });

  it('judges the best spread against the nodes the pods may use', () => {
    const pinned = deployment('web', {
      replicas: 3,
      podSpec: {
        nodeSelector: { pool: 'big' },
        containers: [{ name: 'app', image: 'x' }],
      },
    });
    const pool = [
      node('big-1', { labels: { pool: 'big' } }),
      node('big-2', { labels: { pool: 'big' } }),
      ...nodes('small', 3),
    ];
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([
          ...pool,
          pinned,
          ...podsFor(pinned, ['big-1', 'big-1', 'big-2']),
        ]),
      ).status,
    ).toBe('pass');
    const single = runOne(
      spreadActualNodes,
      clusterFrom([
        node('big-1', { labels: { pool: 'big' } }),
        ...nodes('small', 2),
        pinned,
        ...podsFor(pinned, ['big-1', 'big-1']),
      ]),
    );
    expect(single.status).toBe('fail');
    expect(single.message).toContain('(only 1 node can run its pods)');
  });

  it('only counts ready pods', () => {
    const web = deployment('web', { replicas: 3 });
    const pods = podsFor(web, ['w-1', 'w-1', 'w-2'], {
      ready: [true, true, false],
    });
    expect(
      runOne(spreadActualNodes, clusterFrom([...workers, web, ...pods])).status,
    ).toBe('fail');
  });

  it('skips while a rollout is in progress, below two ready pods, and for single-replica floors', () => {
    const rolling = deployment('web', {
      replicas: 3,
      status: { replicas: 4, updatedReplicas: 1, availableReplicas: 3 },
    });
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([
          ...workers,
          rolling,
          ...podsFor(rolling, ['w-1', 'w-1', 'w-1']),
        ]),
      ).status,
    ).toBe('skipped');
    const starting = deployment('web', { replicas: 3 });
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([
          ...workers,
          starting,
          ...podsFor(starting, ['w-1', undefined, undefined]),
        ]),
      ).status,
    ).toBe('skipped');
    const single = deployment('one');
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([...workers, single, ...podsFor(single, ['w-1'])]),
      ).status,
    ).toBe('skipped');
  });

  it('uses the HPA floor and StatefulSet pods', () => {
    const db = statefulSet('db', { replicas: 2 });
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([
          ...workers,
          db,
          hpa(db, 1, 3),
          ...podsFor(db, ['w-1', 'w-1']),
        ]),
      ).status,
    ).toBe('skipped');
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([...workers, db, ...podsFor(db, ['w-1', 'w-1'])]),
      ).status,
    ).toBe('fail');
  });

  it('skips a manifests scan and is unknown when pods are forbidden', () => {
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([deployment('web', { replicas: 3 })]),
      ).status,
    ).toBe('skipped');
    expect(
      runOne(
        spreadActualNodes,
        clusterFrom([...workers, deployment('web', { replicas: 3 })], {
          fetch: { pods: 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });
});
