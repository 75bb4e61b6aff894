import {
  clusterFrom,
  deployment,
  hpa,
  nodes,
  pdb,
  pdbFor,
  rollout,
  runOne,
  statefulSet,
} from '../../testing';
import { pdbCoverage } from './pdb-coverage';

const workers = nodes('w', 3, ['a', 'b', 'c']);

describe('pdb-coverage', () => {
  it('passes when a PDB selects the pod template', () => {
    const web = deployment('web-good', { replicas: 3 });
    const outcome = runOne(
      pdbCoverage,
      clusterFrom([...workers, web, pdbFor(web, { maxUnavailable: 1 })]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('web-good (maxUnavailable 1)');
  });

  it('warns when no PDB covers a replicated workload', () => {
    const outcome = runOne(
      pdbCoverage,
      clusterFrom([...workers, deployment('web', { replicas: 3 })]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'No PodDisruptionBudget in default selects its pods (app=web)',
    );
  });

  it('covers StatefulSets (Polaris #1029) and Rollouts', () => {
    const db = statefulSet('db', { replicas: 3 });
    const canary = rollout('canary', { replicas: 3 });
    const view = clusterFrom([
      ...workers,
      db,
      canary,
      pdbFor(db, { maxUnavailable: 1 }),
    ]);
    expect(runOne(pdbCoverage, view, { workload: 'db' }).status).toBe('pass');
    expect(runOne(pdbCoverage, view, { workload: 'canary' }).status).toBe(
      'warn',
    );
  });

  it('matches selectors exactly: a PDB for app=web does not cover app=web-api, nor one in another namespace', () => {
    const api = deployment('web-api', { replicas: 2 });
    const elsewhere = pdb('web-api', { namespace: 'other', maxUnavailable: 1 });
    expect(
      runOne(
        pdbCoverage,
        clusterFrom([
          ...workers,
          api,
          pdb('web', { maxUnavailable: 1 }),
          elsewhere,
        ]),
      ).status,
    ).toBe('warn');
  });

  it('needs every matchLabels entry to match, unlike Polaris (one shared label is not coverage)', () => {
    const front = deployment('web', {
      replicas: 3,
      labels: { app: 'web', tier: 'front' },
    });
    const backOnly = pdb('web-back', {
      selector: { app: 'web', tier: 'back' },
      maxUnavailable: 1,
    });
    expect(
      runOne(pdbCoverage, clusterFrom([...workers, front, backOnly])).status,
    ).toBe('warn');
    // A broader budget on a label the pods do carry covers them, even if it selects others too.
    const team = pdb('team-x', {
      selector: { tier: 'front' },
      maxUnavailable: 1,
    });
    expect(
      runOne(pdbCoverage, clusterFrom([...workers, front, backOnly, team]))
        .status,
    ).toBe('pass');
  });

  it('counts a PDB selecting by matchExpressions only (Polaris requires matchLabels)', () => {
    const web = deployment('web', { replicas: 3 });
    const byExpression = pdb('web', {
      selector: {
        matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }],
      },
      maxUnavailable: 1,
    });
    expect(
      runOne(pdbCoverage, clusterFrom([...workers, web, byExpression])).status,
    ).toBe('pass');
  });

  it('treats a PDB without a policy as no protection', () => {
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(pdbCoverage, clusterFrom([...workers, web, pdbFor(web)])).status,
    ).toBe('warn');
  });

  it('skips single-replica floors (HPA aware) and workloads scaled to zero', () => {
    const single = deployment('api-single');
    expect(runOne(pdbCoverage, clusterFrom([...workers, single])).status).toBe(
      'skipped',
    );
    const autoscaled = deployment('web', { replicas: 1 });
    expect(
      runOne(
        pdbCoverage,
        clusterFrom([...workers, autoscaled, hpa(autoscaled, 2, 5)]),
      ).status,
    ).toBe('warn');
    expect(
      runOne(
        pdbCoverage,
        clusterFrom([...workers, deployment('off', { replicas: 0 })]),
      ).status,
    ).toBe('skipped');
  });

  it('is unknown when PDBs are forbidden (never pass)', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      pdbCoverage,
      clusterFrom([...workers, web, pdbFor(web, { maxUnavailable: 1 })], {
        fetch: { 'poddisruptionbudgets.policy': 'forbidden' },
      }),
    );
    expect(outcome.status).toBe('unknown');
  });

  it('evaluates manifests scans (PDBs are declarative)', () => {
    const web = deployment('web', { replicas: 3 });
    expect(
      runOne(
        pdbCoverage,
        clusterFrom([web, pdbFor(web, { maxUnavailable: 1 })]),
      ).status,
    ).toBe('pass');
  });

  it.each([
    [{ minAvailable: 'abc%' }, 'spec.minAvailable "abc%" is not valid'],
    [{ maxUnavailable: '150%' }, 'spec.maxUnavailable "150%" is not valid'],
    [{ minAvailable: '1' }, 'spec.minAvailable "1" is not valid'],
    [{ minAvailable: -3 }, 'spec.minAvailable -3 is not valid'],
    [
      { minAvailable: 1, maxUnavailable: 1 },
      'spec.minAvailable 1 and spec.maxUnavailable 1 are both set',
    ],
  ])('is unknown for the invalid policy %p, naming it', (policy, why) => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      pdbCoverage,
      clusterFrom([...workers, web, pdbFor(web, policy)]),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(`web ${why}`);
  });

  it('passes on a valid PDB next to an invalid one', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      pdbCoverage,
      clusterFrom([
        ...workers,
        web,
        pdbFor(web, { minAvailable: 'abc%' }),
        pdb('web-ok', { selector: { app: 'web' }, maxUnavailable: 1 }),
      ]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Covered by PodDisruptionBudget web-ok (maxUnavailable 1)',
    );
  });

  it.each([
    [{ minAvailable: 0 }, 'minAvailable 0'],
    [{ minAvailable: '0%' }, 'minAvailable 0%'],
    [{ maxUnavailable: '100%' }, 'maxUnavailable 100%'],
    [{ maxUnavailable: 3 }, 'maxUnavailable 3'],
    [{ maxUnavailable: 5 }, 'maxUnavailable 5'],
    // 99% of 3 rounds up to 3 (percentages round up, rules W5).
    [{ maxUnavailable: '99%' }, 'maxUnavailable 99%'],
  ])(
    'warns for %p, which lets every replica go at once, as for no policy',
    (policy, described) => {
      const web = deployment('web', { replicas: 3 });
      const outcome = runOne(
        pdbCoverage,
        clusterFrom([...workers, web, pdbFor(web, policy)]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        `PodDisruptionBudget web (${described})`,
      );
      expect(outcome.message).toContain(
        'all 3 replicas can be evicted at once',
      );
    },
  );

  it.each([
    [{ maxUnavailable: 2 }, 'maxUnavailable 2'],
    [{ maxUnavailable: '66%' }, 'maxUnavailable 66%'],
    [{ minAvailable: 1 }, 'minAvailable 1'],
    [{ minAvailable: '34%' }, 'minAvailable 34%'],
    // 1% of 3 rounds up to 1 pod kept.
    [{ minAvailable: '1%' }, 'minAvailable 1%'],
  ])(
    'passes %p, which keeps at least one of 3 replicas up',
    (policy, described) => {
      const web = deployment('web', { replicas: 3 });
      const outcome = runOne(
        pdbCoverage,
        clusterFrom([...workers, web, pdbFor(web, policy)]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        `Covered by PodDisruptionBudget web (${described})`,
      );
    },
  );

  it('judges the budget at the HPA floor, not at the current replica count', () => {
    const web = deployment('web', { replicas: 5 });
    const outcome = runOne(
      pdbCoverage,
      clusterFrom([
        ...workers,
        web,
        hpa(web, 2, 10),
        pdbFor(web, { maxUnavailable: 2 }),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'PodDisruptionBudget web (maxUnavailable 2) allows 2 evictions at a time with 2 pods: both replicas can be evicted at once',
    );
  });

  it('counts the other pods a shared budget selects: minAvailable 1 over two workloads lets one of them go entirely', () => {
    const web = deployment('web', {
      replicas: 3,
      labels: { app: 'web', tier: 'front' },
    });
    const api = deployment('api', {
      replicas: 3,
      labels: { app: 'api', tier: 'front' },
    });
    const shared = (policy: { minAvailable?: number }) =>
      pdb('front', { selector: { tier: 'front' }, ...policy });
    const loose = runOne(
      pdbCoverage,
      clusterFrom([...workers, web, api, shared({ minAvailable: 1 })]),
      { workload: 'web' },
    );
    expect(loose.status).toBe('warn');
    expect(loose.message).toContain(
      'allows 5 evictions at a time with 6 pods: all 3 replicas can be evicted at once',
    );
    expect(
      runOne(
        pdbCoverage,
        clusterFrom([...workers, web, api, shared({ minAvailable: 4 })]),
        { workload: 'web' },
      ).status,
    ).toBe('pass');
  });

  it('passes on a protecting PDB next to one that allows every eviction', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      pdbCoverage,
      clusterFrom([
        ...workers,
        web,
        pdbFor(web, { minAvailable: 0 }),
        pdb('web-ok', { selector: { app: 'web' }, maxUnavailable: 1 }),
      ]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Covered by PodDisruptionBudget web-ok (maxUnavailable 1)',
    );
  });

  it('names both a PDB without a policy and one that allows every eviction', () => {
    const web = deployment('web', { replicas: 2 });
    const outcome = runOne(
      pdbCoverage,
      clusterFrom([
        ...workers,
        web,
        pdbFor(web),
        pdb('web-zero', { selector: { app: 'web' }, minAvailable: 0 }),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'PodDisruptionBudget web sets neither minAvailable nor maxUnavailable: it allows every eviction; ' +
        'PodDisruptionBudget web-zero (minAvailable 0) allows 2 evictions at a time with 2 pods: both replicas can be evicted at once',
    );
  });
});
