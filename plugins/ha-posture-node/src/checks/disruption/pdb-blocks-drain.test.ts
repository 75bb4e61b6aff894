import {
  clusterFrom,
  deployment,
  hpa,
  nodes,
  pdb,
  pdbFor,
  runOne,
  statefulSet,
} from '../../testing';
import { pdbBlocksDrain } from './pdb-blocks-drain';

const workers = nodes('w', 3, ['a', 'b', 'c']);

describe('pdb-blocks-drain', () => {
  it('passes maxUnavailable 1', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      pdbBlocksDrain,
      clusterFrom([...workers, web, pdbFor(web, { maxUnavailable: 1 })]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'PodDisruptionBudget web (maxUnavailable 1) allows 1 eviction at a time with 3 pods',
    );
  });

  it('passes a budget that allows every eviction, pointing to pdb-coverage', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      pdbBlocksDrain,
      clusterFrom([...workers, web, pdbFor(web, { minAvailable: 0 })]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'PodDisruptionBudget web (minAvailable 0) allows 3 evictions at a time with 3 pods, ' +
        'so it never blocks a drain, but all 3 replicas can be evicted at once (see pdb-coverage)',
    );
    const single = deployment('single', { replicas: 1 });
    expect(
      runOne(
        pdbBlocksDrain,
        clusterFrom([
          ...workers,
          single,
          pdbFor(single, { maxUnavailable: 1 }),
        ]),
      ).message,
    ).toContain(
      'so it never blocks a drain, but its only replica can be evicted (see pdb-coverage)',
    );
  });

  it('fails minAvailable equal to the replicas (pdb-blocker)', () => {
    const web = deployment('pdb-blocker', { replicas: 2 });
    const outcome = runOne(
      pdbBlocksDrain,
      clusterFrom([...workers, web, pdbFor(web, { minAvailable: 2 })]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('allows no eviction');
  });

  it('fails minAvailable above the replicas: the budget can never be met (Popeye 901)', () => {
    const web = deployment('web', { replicas: 2 });
    const outcome = runOne(
      pdbBlocksDrain,
      clusterFrom([...workers, web, pdbFor(web, { minAvailable: 3 })]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('allows no eviction');
  });

  it('fails maxUnavailable 0 / "0%" and minAvailable "100%"', () => {
    const web = deployment('web', { replicas: 3 });
    for (const policy of [
      { maxUnavailable: 0 },
      { maxUnavailable: '0%' },
      { minAvailable: '100%' },
    ]) {
      expect(
        runOne(
          pdbBlocksDrain,
          clusterFrom([...workers, web, pdbFor(web, policy)]),
        ).status,
      ).toBe('fail');
    }
  });

  it('rounds percentages up: minAvailable 60% of 2 needs 2', () => {
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(
        pdbBlocksDrain,
        clusterFrom([...workers, web, pdbFor(web, { minAvailable: '60%' })]),
      ).status,
    ).toBe('fail');
    expect(
      runOne(
        pdbBlocksDrain,
        clusterFrom([...workers, web, pdbFor(web, { minAvailable: '50%' })]),
      ).status,
    ).toBe('pass');
    // maxUnavailable 10% of 3 rounds up to 1.
    expect(
      runOne(
        pdbBlocksDrain,
        clusterFrom([...workers, web, pdbFor(web, { maxUnavailable: '10%' })]),
      ).status,
    ).toBe('pass');
  });

  it('compares with the HPA floor (kube-linter pdb-min-available)', () => {
    const web = deployment('web', { replicas: 5 });
    const outcome = runOne(
      pdbBlocksDrain,
      clusterFrom([
        ...workers,
        web,
        hpa(web, 2, 10),
        pdbFor(web, { minAvailable: 2 }),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'At the HPA floor of 2 replicas (HPA web minReplicas 2)',
    );
    expect(
      runOne(
        pdbBlocksDrain,
        clusterFrom([
          ...workers,
          web,
          hpa(web, 3, 10),
          pdbFor(web, { minAvailable: 2 }),
        ]),
      ).status,
    ).toBe('pass');
  });

  it('fails a single replica with minAvailable 1 and says how to fix it', () => {
    const db = statefulSet('db-single', { replicas: 1 });
    const outcome = runOne(
      pdbBlocksDrain,
      clusterFrom([...workers, db, pdbFor(db, { minAvailable: 1 })]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('single replica');
    expect(outcome.remediation).toContain('at least 2 replicas');
  });

  it('counts every workload a shared PDB selects', () => {
    const stable = deployment('web', {
      replicas: 2,
      labels: { app: 'web', track: 'stable' },
    });
    const canary = deployment('web-canary', {
      replicas: 1,
      labels: { app: 'web', track: 'canary' },
    });
    const shared = pdb('web', { selector: { app: 'web' }, minAvailable: 2 });
    const outcome = runOne(
      pdbBlocksDrain,
      clusterFrom([...workers, stable, canary, shared]),
      { workload: 'web' },
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      expectedAtFloor: 3,
      allowedAtFloor: 1,
    });
  });

  it('reads live status: 0 allowed while all pods are healthy fails, while some are unhealthy warns', () => {
    const web = deployment('web', { replicas: 3 });
    const stuck = pdbFor(web, {
      maxUnavailable: 1,
      status: {
        expectedPods: 3,
        currentHealthy: 3,
        desiredHealthy: 3,
        disruptionsAllowed: 0,
      },
    });
    expect(
      runOne(pdbBlocksDrain, clusterFrom([...workers, web, stuck])).status,
    ).toBe('fail');
    const degraded = pdbFor(web, {
      maxUnavailable: 1,
      status: {
        expectedPods: 3,
        currentHealthy: 2,
        desiredHealthy: 2,
        disruptionsAllowed: 0,
      },
    });
    const outcome = runOne(
      pdbBlocksDrain,
      clusterFrom([...workers, web, degraded]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('2 of 3 pods healthy');
  });

  it('skips without a PDB, is unknown when PDBs or HPAs are forbidden', () => {
    const web = deployment('web', { replicas: 3 });
    expect(runOne(pdbBlocksDrain, clusterFrom([...workers, web])).status).toBe(
      'skipped',
    );
    expect(
      runOne(
        pdbBlocksDrain,
        clusterFrom([...workers, web], {
          fetch: { 'poddisruptionbudgets.policy': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
    expect(
      runOne(
        pdbBlocksDrain,
        clusterFrom([...workers, web, pdbFor(web, { minAvailable: 2 })], {
          fetch: { 'horizontalpodautoscalers.autoscaling': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });

  it.each([
    [{ minAvailable: 'abc%' }, 'spec.minAvailable "abc%" is not valid'],
    [
      { maxUnavailable: '150%' },
      'spec.maxUnavailable "150%" is not valid: it must be between 0% and 100%',
    ],
    [
      { maxUnavailable: '-50%' },
      'spec.maxUnavailable "-50%" is not valid: it must not be negative',
    ],
    [
      { minAvailable: '1' },
      'spec.minAvailable "1" is not valid: it is a string but not a percentage',
    ],
    [
      { minAvailable: -3 },
      'spec.minAvailable -3 is not valid: it must not be negative',
    ],
    [{ maxUnavailable: ' 50%' }, 'spec.maxUnavailable " 50%" is not valid'],
    [
      { minAvailable: 1, maxUnavailable: 1 },
      'spec.minAvailable 1 and spec.maxUnavailable 1 are both set (the API accepts only one)',
    ],
  ])(
    'is unknown, naming field and value, for the invalid %p',
    (policy, why) => {
      const web = deployment('web', { replicas: 3 });
      const outcome = runOne(
        pdbBlocksDrain,
        clusterFrom([...workers, web, pdbFor(web, policy)]),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(`PodDisruptionBudget web: ${why}`);
    },
  );

  it('still fails on a blocking PDB next to an invalid one', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      pdbBlocksDrain,
      clusterFrom([
        ...workers,
        web,
        pdbFor(web, { minAvailable: 'abc%' }),
        pdb('web-strict', { selector: { app: 'web' }, maxUnavailable: 0 }),
      ]),
    );
    expect(outcome.status).toBe('fail');
  });
});
