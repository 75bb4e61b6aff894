import {
  ago,
  clusterFrom,
  daemonSet,
  deployment,
  nodes,
  pod,
  podsFor,
  runOne,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { containersRestarting } from './containers-restarting';

const workers = nodes('w', 3, ['a', 'b', 'c']);

/** A running container that never restarted. */
const healthy = (name = 'app') => ({
  name,
  ready: true,
  restartCount: 0,
  state: { running: { startedAt: ago(86_400) } },
  lastState: {},
});

/** A container waiting with `reason` after `restarts` restarts, the last exit `exitedAgo` seconds ago. */
const waiting = (
  reason: string,
  restarts: number,
  exitedAgo?: number,
  exitReason = 'Error',
) => ({
  name: 'app',
  ready: false,
  restartCount: restarts,
  state: { waiting: { reason } },
  lastState:
    exitedAgo === undefined
      ? {}
      : {
          terminated: {
            reason: exitReason,
            exitCode: 1,
            finishedAt: ago(exitedAgo),
          },
        },
});

/** A container running again after `restarts` restarts, the last exit `exitedAgo` seconds ago. */
const restarted = (
  restarts: number,
  exitedAgo: number,
  terminated: object = { reason: 'Error', exitCode: 1 },
) => ({
  name: 'app',
  ready: true,
  restartCount: restarts,
  state: { running: { startedAt: ago(exitedAgo - 1) } },
  lastState: { terminated: { ...terminated, finishedAt: ago(exitedAgo) } },
});

/** The workload's objects, its pods given the container statuses (one list per pod; undefined: none reported). */
function withStatuses(
  workload: K8sObject,
  perPod: Array<object[] | undefined>,
): K8sObject[] {
  const objects = podsFor(
    workload,
    perPod.map((_, i) => `w-${i % 3}`),
  );
  const pods = objects.filter(o => o.kind === 'Pod');
  pods.forEach((p, i) => {
    if (perPod[i]) p.status!.containerStatuses = perPod[i];
  });
  return [workload, ...objects];
}

const restarting = (
  objects: K8sObject[],
  options: Parameters<typeof runOne>[2] = {},
  fetch = {},
) =>
  runOne(
    containersRestarting,
    clusterFrom([...workers, ...objects], { fetch }),
    { workload: 'Deployment/web', ...options },
  );

describe('containers-restarting', () => {
  it('passes when no container is stuck or restarting', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = restarting(
      withStatuses(web, [[healthy()], [healthy()], [healthy()]]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'No container of its 3 pods is stuck or restarted 3+ times in the last 24h',
    );
  });

  it('passes for old restarts and for a few recent ones', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = restarting(
      withStatuses(web, [
        // 40 restarts, the last two days ago: it has been stable since.
        [restarted(40, 2 * 86_400)],
        // Restarted an hour ago, but only twice.
        [restarted(2, 3_600)],
        [healthy()],
      ]),
    );
    expect(outcome.status).toBe('pass');
  });

  it('warns when one replica crash-loops', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = restarting(
      withStatuses(web, [
        [healthy()],
        [waiting('CrashLoopBackOff', 12, 120)],
        [healthy()],
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toMatch(
      /^1 of 3 pods crash-looping or restarting: web-\S+ \(app: CrashLoopBackOff, 12 restarts, last exit Error 2m ago\): each restart takes a replica out of service$/,
    );
    expect(outcome.remediation).toBeUndefined();
    expect(outcome.evidence).toMatchObject({
      pods: 3,
      troubled: [{ container: 'app', stuck: 'CrashLoopBackOff', restarts: 12 }],
    });
  });

  it('warns when a running container restarted often and recently, and advises on OOMKilled', () => {
    const web = deployment('web', { replicas: 2 });
    const outcome = restarting(
      withStatuses(web, [
        [restarted(5, 1_800, { reason: 'OOMKilled', exitCode: 137 })],
        [healthy()],
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      '(app: 5 restarts, last exit OOMKilled 30m ago)',
    );
    expect(outcome.remediation).toMatch(/OOMKilled: raise their memory limit/);
  });

  it('fails when every pod is stuck, and advises on image pulls', () => {
    const web = deployment('web', { replicas: 2 });
    const outcome = restarting(
      withStatuses(web, [
        [waiting('ImagePullBackOff', 0)],
        [waiting('ErrImagePull', 0)],
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^All 2 pods are stuck: .*\(app: ImagePullBackOff, 0 restarts\).*: no replica can serve$/,
    );
    expect(outcome.remediation).toMatch(/image reference/);
  });

  it('judges init containers and lists a pod once, by its worst container', () => {
    const web = deployment('web', { replicas: 1 });
    const outcome = restarting(
      withStatuses(web, [[restarted(4, 60), { ...healthy('proxy') }]]).map(
        o => {
          if (o.kind === 'Pod')
            o.status!.initContainerStatuses = [
              { ...waiting('CrashLoopBackOff', 7, 30), name: 'migrate' },
            ];
          return o;
        },
      ),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^Its only pod is stuck: web-\S+ \(migrate: CrashLoopBackOff, 7 restarts/,
    );
    expect((outcome.evidence!.troubled as unknown[]).length).toBe(1);
  });

  it('lists three pods by name and counts the rest', () => {
    const web = deployment('web', { replicas: 5 });
    const outcome = restarting(
      withStatuses(
        web,
        Array.from({ length: 5 }, () => [restarted(9, 600)]),
      ),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toMatch(/^5 of 5 pods .* and 2 more: /);
  });

  it('follows its parameters', () => {
    const web = deployment('web', { replicas: 2 });
    const objects = withStatuses(web, [[restarted(2, 7_200)], [healthy()]]);
    expect(restarting(objects).status).toBe('pass');
    expect(restarting(objects, { params: { minRestarts: 2 } }).status).toBe(
      'warn',
    );
    expect(
      restarting(objects, { params: { minRestarts: 2, recentHours: 1 } })
        .status,
    ).toBe('pass');
  });

  it('judges DaemonSets too', () => {
    const agent = daemonSet('agent', { desired: 3, ready: 2 });
    const objects = withStatuses(agent, [
      [healthy()],
      [waiting('CrashLoopBackOff', 3, 10)],
      [healthy()],
    ]);
    const outcome = restarting(objects, { workload: 'DaemonSet/agent' });
    expect(outcome.status).toBe('warn');
  });

  describe('edge cases', () => {
    it('is unknown when pods cannot be read, never pass', () => {
      const web = deployment('web', { replicas: 2 });
      const outcome = restarting(
        withStatuses(web, [[healthy()], [healthy()]]),
        {},
        { pods: 'forbidden' },
      );
      expect(outcome.status).toBe('unknown');
    });

    it('is unknown when no pod reports container statuses', () => {
      const web = deployment('web', { replicas: 2 });
      const outcome = restarting(withStatuses(web, [undefined, undefined]));
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        'None of the 2 pods of Deployment default/web reports container statuses: restarts cannot be judged',
      );
    });

    it('judges only the pods that report statuses', () => {
      const web = deployment('web', { replicas: 2 });
      const outcome = restarting(
        withStatuses(web, [undefined, [waiting('CrashLoopBackOff', 4, 5)]]),
      );
      // The one judged pod is stuck; the other has not started a container yet.
      expect(outcome.status).toBe('fail');
      expect(outcome.evidence).toMatchObject({ pods: 1 });
    });

    it('does not count a restart without a readable termination time as recent', () => {
      const web = deployment('web', { replicas: 2 });
      const noTime = {
        ...restarted(9, 60),
        lastState: { terminated: { exitCode: 2, finishedAt: 'yesterday' } },
      };
      const outcome = restarting(withStatuses(web, [[noTime], [healthy()]]));
      expect(outcome.status).toBe('pass');
    });

    it('names the exit code when the termination has no reason', () => {
      const web = deployment('web', { replicas: 2 });
      const outcome = restarting(
        withStatuses(web, [
          [waiting('CrashLoopBackOff', 6, 90)].map(c => ({
            ...c,
            lastState: {
              terminated: { exitCode: 139, finishedAt: ago(90) },
            },
          })),
          [healthy()],
        ]),
      );
      expect(outcome.message).toContain('last exit exit code 139 90s ago');
    });

    it('skips a workload scaled to zero or without running pods', () => {
      const off = deployment('web', { replicas: 0 });
      expect(restarting([off]).status).toBe('skipped');
      const pending = deployment('web', { replicas: 2 });
      const objects = podsFor(pending, [undefined, undefined]).map(o => {
        if (o.kind === 'Pod') o.status!.phase = 'Succeeded';
        return o;
      });
      expect(restarting([pending, ...objects]).status).toBe('skipped');
    });

    it('is skipped in a manifests scan', () => {
      const web = deployment('web', { replicas: 2 });
      const outcome = runOne(containersRestarting, clusterFrom([web]), {
        workload: 'Deployment/web',
      });
      expect(outcome.status).toBe('skipped');
    });
  });

  it('skips in a manifests scan, where a Pod manifest has no containers running', () => {
    const debug = pod('debug');
    delete debug.status;
    delete debug.metadata.uid;
    delete debug.spec.nodeName;
    const outcome = runOne(containersRestarting, clusterFrom([debug]), {
      workload: 'debug',
    });
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toBe(
      'Container restarts are cluster state, not part of plain manifests',
    );
  });
});
