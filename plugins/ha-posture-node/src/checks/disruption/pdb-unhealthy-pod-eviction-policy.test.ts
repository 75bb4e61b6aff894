import { clusterFrom, deployment, nodes, pdbFor, runOne } from '../../testing';
import { pdbUnhealthyPodEvictionPolicy } from './pdb-unhealthy-pod-eviction-policy';

const workers = nodes('w', 2);

describe('pdb-unhealthy-pod-eviction-policy', () => {
  it('passes AlwaysAllow', () => {
    const web = deployment('web', { replicas: 3 });
    expect(
      runOne(
        pdbUnhealthyPodEvictionPolicy,
        clusterFrom([
          ...workers,
          web,
          pdbFor(web, {
            maxUnavailable: 1,
            unhealthyPodEvictionPolicy: 'AlwaysAllow',
          }),
        ]),
      ).status,
    ).toBe('pass');
  });

  it('warns on the default IfHealthyBudget', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      pdbUnhealthyPodEvictionPolicy,
      clusterFrom([...workers, web, pdbFor(web, { maxUnavailable: 1 })]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('default IfHealthyBudget');
  });

  it('skips without a PDB and is unknown when PDBs are forbidden', () => {
    const web = deployment('web', { replicas: 3 });
    expect(
      runOne(pdbUnhealthyPodEvictionPolicy, clusterFrom([...workers, web]))
        .status,
    ).toBe('skipped');
    expect(
      runOne(
        pdbUnhealthyPodEvictionPolicy,
        clusterFrom([...workers, web], {
          fetch: { 'poddisruptionbudgets.policy': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });
});
