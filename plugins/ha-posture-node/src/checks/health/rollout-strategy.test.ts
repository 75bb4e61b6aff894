import {
  clusterFrom,
  daemonSet,
  deployment,
  hpa,
  nodes,
  pvc,
  rollout,
  runOne,
  statefulSet,
} from '../../testing';
import { rolloutStrategy } from './rollout-strategy';

const workers = nodes('w', 3);

describe('rollout-strategy', () => {
  it('passes the default rolling update', () => {
    const outcome = runOne(
      rolloutStrategy,
      clusterFrom([...workers, deployment('web', { replicas: 4 })]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'keeps at least 3 of 4 replicas available (maxUnavailable 25% (default)',
    );
  });

  it('warns on Recreate with 2 or more replicas', () => {
    const web = deployment('web', {
      replicas: 3,
      strategy: { type: 'Recreate' },
    });
    expect(runOne(rolloutStrategy, clusterFrom([...workers, web])).status).toBe(
      'warn',
    );
    const single = runOne(
      rolloutStrategy,
      clusterFrom([
        ...workers,
        deployment('one', { strategy: { type: 'Recreate' } }),
      ]),
    );
    // rules W7: Recreate warns from 2 replicas; the message must not claim RollingUpdate is no better.
    expect(single.status).toBe('pass');
    expect(single.message).toBe(
      'Recreate with a single replica: each rollout stops it before the new pod starts, a short outage that RollingUpdate ' +
        '(maxSurge 1, maxUnavailable 0) avoids unless two copies must never run at once (a controller without leader ' +
        'election); the single replica is the larger risk (see replicas-min-floor)',
    );
    expect(single.message).not.toContain('either way');
  });

  it('says a single replica on a ReadWriteOnce claim needs Recreate, instead of advising RollingUpdate', () => {
    const db = deployment('mysql', {
      strategy: { type: 'Recreate' },
      podSpec: {
        containers: [{ name: 'mysql', image: 'mysql:8' }],
        volumes: [
          {
            name: 'data',
            persistentVolumeClaim: { claimName: 'mysql-pv-claim' },
          },
        ],
      },
    });
    const outcome = runOne(
      rolloutStrategy,
      clusterFrom([...workers, db, pvc('mysql-pv-claim')]),
      { workload: 'mysql' },
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Recreate with a single replica that mounts single-writer claim mysql-pv-claim: each rollout stops the pod before the new one starts, as the volume requires (a surge pod could not attach it on another node, or would share its data on the same one); the single replica is the larger risk (see replicas-min-floor)',
    );
    const shared = pvc('mysql-pv-claim');
    shared.spec.accessModes = ['ReadWriteMany'];
    expect(
      runOne(rolloutStrategy, clusterFrom([...workers, db, shared]), {
        workload: 'mysql',
      }).message,
    ).toContain('a short outage that RollingUpdate');
  });

  it('fails a maxUnavailable that covers every replica (HPA floor included)', () => {
    const all = deployment('web', {
      replicas: 3,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '100%' },
      },
    });
    expect(runOne(rolloutStrategy, clusterFrom([...workers, all])).status).toBe(
      'fail',
    );
    const two = deployment('web', {
      replicas: 6,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
    });
    const outcome = runOne(
      rolloutStrategy,
      clusterFrom([...workers, two, hpa(two, 2, 10)]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('HPA web minReplicas 2');
    expect(outcome.remediation).toBe(
      'Set maxUnavailable below 2 (1 is usual, or 25% of large workloads) with a maxSurge of at least 1.',
    );
  });

  it('advises surge, not maxUnavailable 1, for a single replica', () => {
    const single = deployment('web', {
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    });
    const outcome = runOne(rolloutStrategy, clusterFrom([...workers, single]));
    expect(outcome.status).toBe('fail');
    expect(outcome.remediation).toBe(
      'With a single replica use maxUnavailable 0 and maxSurge 1: the new pod starts before the old one stops.',
    );
  });

  it('rounds maxUnavailable down and applies the 0/0 fencepost', () => {
    // 50% of 1 rounds down to 0; with maxSurge 0 the controller uses maxUnavailable 1 = all of 1 replica.
    const one = deployment('web', {
      replicas: 1,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '50%', maxSurge: 0 },
      },
    });
    expect(runOne(rolloutStrategy, clusterFrom([...workers, one])).status).toBe(
      'fail',
    );
    const surge = deployment('web', {
      replicas: 1,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '50%', maxSurge: 1 },
      },
    });
    expect(
      runOne(rolloutStrategy, clusterFrom([...workers, surge])).status,
    ).toBe('pass');
  });

  it('judges Argo canary budgets and accepts blue-green', () => {
    const canary = rollout('canary', {
      replicas: 2,
      strategy: { canary: { maxUnavailable: 2 } },
    });
    expect(
      runOne(rolloutStrategy, clusterFrom([...workers, canary])).status,
    ).toBe('fail');
    const blueGreen = rollout('bg', {
      replicas: 2,
      strategy: { blueGreen: { activeService: 'bg' } },
    });
    expect(
      runOne(rolloutStrategy, clusterFrom([...workers, blueGreen])).status,
    ).toBe('pass');
  });

  it('warns on StatefulSet OnDelete and fails a StatefulSet maxUnavailable covering every replica', () => {
    const onDelete = statefulSet('db', {
      replicas: 3,
      updateStrategy: { type: 'OnDelete' },
    });
    expect(
      runOne(rolloutStrategy, clusterFrom([...workers, onDelete])).status,
    ).toBe('warn');
    const all = statefulSet('db', {
      replicas: 3,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 3 },
      },
    });
    expect(runOne(rolloutStrategy, clusterFrom([...workers, all])).status).toBe(
      'fail',
    );
    expect(
      runOne(
        rolloutStrategy,
        clusterFrom([...workers, statefulSet('db', { replicas: 3 })]),
      ).status,
    ).toBe('pass');
  });

  it('fails a DaemonSet that updates every node at once, even in a manifests scan', () => {
    const agent = daemonSet('agent', { desired: 3 });
    agent.spec.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '100%' },
    };
    expect(
      runOne(rolloutStrategy, clusterFrom([...workers, agent])).status,
    ).toBe('fail');
    expect(runOne(rolloutStrategy, clusterFrom([agent])).status).toBe('fail');
    expect(
      runOne(
        rolloutStrategy,
        clusterFrom([...workers, daemonSet('ok', { desired: 3 })]),
      ).status,
    ).toBe('pass');
  });

  it.each([
    // The DaemonSet controller rounds a maxUnavailable percentage up (UnavailableCount, roundUp true).
    [3, '70%', 'fail'],
    [3, '67%', 'fail'],
    [3, '66%', 'pass'],
    [3, '34%', 'pass'],
    [2, '60%', 'fail'],
    [2, '50%', 'pass'],
    [4, '80%', 'fail'],
    [4, '75%', 'pass'],
  ])(
    'rounds a DaemonSet maxUnavailable percentage up: %p nodes, %p → %p',
    (desired, maxUnavailable, status) => {
      const agent = daemonSet('agent', { desired });
      agent.spec.updateStrategy = {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable },
      };
      const outcome = runOne(rolloutStrategy, clusterFrom([...workers, agent]));
      expect(outcome.status).toBe(status);
    },
  );

  it.each([
    [undefined, 'Rolling updates replace one pod at a time'],
    [1, 'Rolling updates replace one pod at a time'],
    [2, 'Rolling updates replace up to 2 pods at a time'],
    ['34%', 'Rolling updates replace up to 34% of the pods (2 pods) at a time'],
  ])(
    'says how many pods a DaemonSet rolling update replaces at once: %p',
    (maxUnavailable, message) => {
      const agent = daemonSet('agent', { desired: 4 });
      agent.spec.updateStrategy = {
        type: 'RollingUpdate',
        ...(maxUnavailable === undefined
          ? {}
          : { rollingUpdate: { maxUnavailable } }),
      };
      expect(
        runOne(rolloutStrategy, clusterFrom([...workers, agent])).message,
      ).toBe(message);
    },
  );

  it('says a surge update stops no pod first, and a StatefulSet takes down at least one', () => {
    const agent = daemonSet('agent', { desired: 3 });
    agent.spec.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    };
    expect(
      runOne(rolloutStrategy, clusterFrom([...workers, agent])).message,
    ).toBe(
      'Rolling updates start each new pod before stopping the old one (maxUnavailable 0, maxSurge 1)',
    );
    const db = statefulSet('db', {
      replicas: 3,
      updateStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '10%' },
      },
    });
    expect(runOne(rolloutStrategy, clusterFrom([...workers, db])).message).toBe(
      'Rolling updates replace up to 10% of the pods (1 pod) at a time',
    );
  });

  it('says how the DaemonSet percentage rounds', () => {
    const agent = daemonSet('agent', { desired: 3 });
    agent.spec.updateStrategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '70%' },
    };
    expect(
      runOne(rolloutStrategy, clusterFrom([...workers, agent])).message,
    ).toBe(
      'rollingUpdate.maxUnavailable 70% lets an update take down all 3 node agents at once (70% of 3 rounds up to 3)',
    );
  });

  it.each([
    // The StatefulSet controller rounds down (to at least 1): 99% of 3 is 2.
    ['99%', 'pass'],
    ['70%', 'pass'],
    ['100%', 'fail'],
  ])(
    'rounds a StatefulSet maxUnavailable percentage down: %p of 3 → %p',
    (maxUnavailable, status) => {
      const db = statefulSet('db', {
        replicas: 3,
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable },
        },
      });
      expect(
        runOne(rolloutStrategy, clusterFrom([...workers, db])).status,
      ).toBe(status);
    },
  );

  it.each([
    // Deployments round maxUnavailable down: 99% of 4 is 3, one replica stays.
    [4, { maxUnavailable: '99%' }, 'pass'],
    [4, { maxUnavailable: '100%' }, 'fail'],
    [3, { maxUnavailable: '70%' }, 'pass'],
    // ...and maxSurge up: 10% of 1 is 1, so 50% of 1 (0) stays 0; with a surge of 0% the 0/0
    // fencepost makes maxUnavailable 1, all of the single replica.
    [1, { maxUnavailable: '50%', maxSurge: '10%' }, 'pass'],
    [1, { maxUnavailable: '50%', maxSurge: '0%' }, 'fail'],
  ])(
    'rounds Deployment budgets as the controller does: %p replicas, %p → %p',
    (replicas, rollingUpdate, status) => {
      const web = deployment('web', {
        replicas,
        strategy: { type: 'RollingUpdate', rollingUpdate },
      });
      expect(
        runOne(rolloutStrategy, clusterFrom([...workers, web])).status,
      ).toBe(status);
    },
  );

  it('skips workloads scaled to zero and is unknown when HPAs are forbidden', () => {
    expect(
      runOne(
        rolloutStrategy,
        clusterFrom([...workers, deployment('off', { replicas: 0 })]),
      ).status,
    ).toBe('skipped');
    expect(
      runOne(
        rolloutStrategy,
        clusterFrom([...workers, deployment('web', { replicas: 3 })], {
          fetch: { 'horizontalpodautoscalers.autoscaling': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });

  it.each([
    [
      { rollingUpdate: { maxUnavailable: 'abc%' } },
      'spec.strategy.rollingUpdate.maxUnavailable "abc%" is not valid',
    ],
    [
      { rollingUpdate: { maxUnavailable: -1 } },
      'spec.strategy.rollingUpdate.maxUnavailable -1 is not valid: it must not be negative',
    ],
    [
      { rollingUpdate: { maxUnavailable: '150%' } },
      'spec.strategy.rollingUpdate.maxUnavailable "150%" is not valid: it must be between 0% and 100%',
    ],
    [
      { rollingUpdate: { maxUnavailable: '1' } },
      'spec.strategy.rollingUpdate.maxUnavailable "1" is not valid: it is a string but not a percentage',
    ],
    [
      { rollingUpdate: { maxSurge: 'lots' } },
      'spec.strategy.rollingUpdate.maxSurge "lots" is not valid',
    ],
    [
      { rollingUpdate: { maxSurge: -1 } },
      'spec.strategy.rollingUpdate.maxSurge -1 is not valid: it must not be negative',
    ],
    [
      { rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } },
      'spec.strategy.rollingUpdate.maxUnavailable and maxSurge are both 0',
    ],
    [
      { type: 'Bogus' },
      'spec.strategy.type "Bogus" is not valid: it must be "RollingUpdate" or "Recreate"',
    ],
    [{ type: 'recreate' }, 'spec.strategy.type "recreate" is not valid'],
    [
      { type: 'Recreate', rollingUpdate: { maxUnavailable: 1 } },
      'spec.strategy.rollingUpdate is set with spec.strategy.type "Recreate"',
    ],
  ])(
    'is unknown for the invalid Deployment strategy %p, naming it',
    (strategy, why) => {
      const web = deployment('web', { replicas: 3, strategy });
      const outcome = runOne(rolloutStrategy, clusterFrom([...workers, web]));
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        `Cannot judge the rollout strategy: ${why}`,
      );
    },
  );

  it('accepts a maxSurge above 100% and an explicit RollingUpdate type', () => {
    const web = deployment('web', {
      replicas: 4,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: '200%' },
      },
    });
    const outcome = runOne(rolloutStrategy, clusterFrom([...workers, web]));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('keeps at least 4 of 4 replicas');
  });

  it('is unknown for invalid canary, StatefulSet and DaemonSet strategies', () => {
    const cases = [
      [
        rollout('c', {
          replicas: 3,
          strategy: { canary: { maxUnavailable: 'abc%' } },
        }),
        'spec.strategy.canary.maxUnavailable "abc%" is not valid',
      ],
      [
        rollout('n', { replicas: 3, strategy: {} }),
        'spec.strategy sets neither canary nor blueGreen',
      ],
      [
        statefulSet('db', {
          replicas: 3,
          updateStrategy: { type: 'ondelete' },
        }),
        'spec.updateStrategy.type "ondelete" is not valid: it must be "RollingUpdate" or "OnDelete"',
      ],
      [
        statefulSet('db', {
          replicas: 3,
          updateStrategy: { rollingUpdate: { maxUnavailable: 'abc%' } },
        }),
        'spec.updateStrategy.rollingUpdate.maxUnavailable "abc%" is not valid',
      ],
      [
        statefulSet('db', {
          replicas: 3,
          updateStrategy: { rollingUpdate: { maxUnavailable: 0 } },
        }),
        'spec.updateStrategy.rollingUpdate.maxUnavailable 0 is not valid: it must be at least 1',
      ],
    ] as const;
    for (const [workload, why] of cases) {
      const outcome = runOne(
        rolloutStrategy,
        clusterFrom([...workers, workload]),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(why);
    }
    const agent = daemonSet('agent', { desired: 3 });
    agent.spec.updateStrategy = { rollingUpdate: { maxUnavailable: '150%' } };
    const outcome = runOne(rolloutStrategy, clusterFrom([...workers, agent]));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      'spec.updateStrategy.rollingUpdate.maxUnavailable "150%" is not valid',
    );
  });
});
