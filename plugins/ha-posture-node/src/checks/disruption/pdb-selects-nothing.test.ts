import {
  alertmanager,
  clusterFrom,
  deployment,
  nodes,
  pdb,
  pdbFor,
  pod,
  podsFor,
  runCheck,
  runOne,
} from '../../testing';
import { pdbSelectsNothing } from './pdb-selects-nothing';

const workers = nodes('w', 2);

describe('pdb-selects-nothing', () => {
  it('passes when every PDB selects running pods', () => {
    const web = deployment('web', { replicas: 2 });
    const outcome = runOne(
      pdbSelectsNothing,
      clusterFrom([
        ...workers,
        web,
        ...podsFor(web, ['w-1', 'w-2']),
        pdbFor(web, { maxUnavailable: 1 }),
      ]),
    );
    expect(outcome.status).toBe('pass');
  });

  it('fails a PDB whose selector matches no pod, naming the near miss (Popeye 900)', () => {
    const web = deployment('web', { replicas: 2, labels: { app: 'bar' } });
    const view = clusterFrom([
      ...workers,
      web,
      ...podsFor(web, ['w-1', 'w-2']),
      pdb('web', { selector: { app: 'foo' }, maxUnavailable: 1 }),
    ]);
    const outcomes = runCheck(pdbSelectsNothing, view);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].status).toBe('fail');
    expect(outcomes[0].target).toMatchObject({
      kind: 'PodDisruptionBudget',
      namespace: 'default',
      name: 'web',
    });
    expect(outcomes[0].message).toContain(
      'selects app=foo, which matches no pod in default',
    );
    expect(outcomes[0].message).toContain('Deployment web (app=bar)');
  });

  it('fails a null selector (matches nothing)', () => {
    const outcome = runOne(
      pdbSelectsNothing,
      clusterFrom([
        ...workers,
        pdb('empty', { selector: null, maxUnavailable: 1 }),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('has no selector');
  });

  it('accepts a PDB for a workload scaled to zero, and pods of controllers the engine does not model', () => {
    const off = deployment('off', { replicas: 0 });
    const operatorPod = pod('pg-1', {
      node: 'w-1',
      labels: { 'cnpg.io/cluster': 'pg' },
      ownerReferences: [{ kind: 'Cluster', name: 'pg', controller: true }],
    });
    const view = clusterFrom([
      ...workers,
      off,
      operatorPod,
      pdbFor(off, { maxUnavailable: 1 }),
      pdb('pg', { selector: { 'cnpg.io/cluster': 'pg' }, maxUnavailable: 1 }),
    ]);
    expect(runOne(pdbSelectsNothing, view).status).toBe('pass');
  });

  it('only warns in a manifests scan, where the workload may be elsewhere', () => {
    expect(
      runOne(
        pdbSelectsNothing,
        clusterFrom([pdb('orphan', { maxUnavailable: 1 })]),
      ).status,
    ).toBe('warn');
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(
        pdbSelectsNothing,
        clusterFrom([web, pdbFor(web, { maxUnavailable: 1 })]),
      ).status,
    ).toBe('pass');
  });

  describe('budgets for operator-made pods in a manifests scan', () => {
    const amBudget = (selector: Record<string, string>, extra: any = {}) =>
      pdb('alertmanager-main', {
        namespace: 'monitoring',
        selector,
        maxUnavailable: 1,
        ...extra,
      });

    it('skips the kube-prometheus alertmanager-main budget next to its Alertmanager, saying why, and passes the others', () => {
      const web = deployment('web', { replicas: 2 });
      const outcomes = runCheck(
        pdbSelectsNothing,
        clusterFrom([
          alertmanager('main'),
          amBudget({ alertmanager: 'main' }),
          web,
          pdbFor(web, { maxUnavailable: 1 }),
        ]),
      );
      expect(outcomes.map(o => o.status)).toEqual(['pass', 'skipped']);
      expect(outcomes[0].message).toBe(
        'The other PodDisruptionBudget selects pods',
      );
      expect(outcomes[1].message).toBe(
        'PodDisruptionBudget monitoring/alertmanager-main selects alertmanager=main: no workload in the manifests has these labels, but they are labels the operator gives the pods it creates for Alertmanager monitoring/main, and a manifests scan has no pods',
      );
      expect(outcomes[1].evidence).toMatchObject({
        createdBy: 'Alertmanager monitoring/main',
      });
    });

    it('reads single-value In expressions, and still warns on a typo, a label the operator does not set, or an open expression', () => {
      const withIn = pdb('alertmanager-main', {
        namespace: 'monitoring',
        maxUnavailable: 1,
      });
      withIn.spec.selector = {
        matchExpressions: [
          { key: 'alertmanager', operator: 'In', values: ['main'] },
        ],
      };
      expect(
        runOne(pdbSelectsNothing, clusterFrom([alertmanager('main'), withIn]))
          .status,
      ).toBe('skipped');
      const misses: Array<Record<string, string>> = [
        { alertmanager: 'mian' },
        { app: 'main' },
      ];
      for (const selector of misses) {
        expect(
          runOne(
            pdbSelectsNothing,
            clusterFrom([alertmanager('main'), amBudget(selector)]),
          ).status,
        ).toBe('warn');
      }
      const open = pdb('alertmanager-main', {
        namespace: 'monitoring',
        maxUnavailable: 1,
      });
      open.spec.selector = {
        matchExpressions: [{ key: 'alertmanager', operator: 'Exists' }],
      };
      expect(
        runOne(pdbSelectsNothing, clusterFrom([alertmanager('main'), open]))
          .status,
      ).toBe('warn');
    });

    it('does not let a budget off when pods were read: their absence is real', () => {
      const outcome = runOne(
        pdbSelectsNothing,
        clusterFrom([
          ...workers,
          alertmanager('main'),
          amBudget({ alertmanager: 'main' }),
        ]),
      );
      expect(outcome.status).toBe('fail');
    });
  });

  it('skips without PDBs; unknown when PDBs or pods are forbidden', () => {
    expect(runOne(pdbSelectsNothing, clusterFrom([...workers])).status).toBe(
      'skipped',
    );
    expect(
      runOne(
        pdbSelectsNothing,
        clusterFrom([...workers, pdb('x')], {
          fetch: { 'poddisruptionbudgets.policy': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
    expect(
      runOne(
        pdbSelectsNothing,
        clusterFrom([...workers, pdb('x')], { fetch: { pods: 'forbidden' } }),
      ).status,
    ).toBe('unknown');
  });
});
