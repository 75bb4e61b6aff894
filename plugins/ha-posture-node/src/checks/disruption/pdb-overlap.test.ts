import {
  clusterFrom,
  deployment,
  nodes,
  pdb,
  pdbFor,
  podsFor,
  runOne,
  statefulSet,
} from '../../testing';
import { pdbOverlap } from './pdb-overlap';

const workers = nodes('w', 3);

describe('pdb-overlap', () => {
  it('fails when two PDBs select the same pods (double-pdb)', () => {
    const web = deployment('double-pdb', { replicas: 3 });
    const view = clusterFrom([
      ...workers,
      web,
      pdbFor(web, { maxUnavailable: 1 }),
      pdb('catch-all', { selector: {}, maxUnavailable: 1 }),
    ]);
    const outcome = runOne(pdbOverlap, view);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('the eviction API refuses to evict them');
    expect(outcome.evidence).toMatchObject({
      pdbs: ['double-pdb', 'catch-all'],
    });
  });

  it('passes with exactly one PDB and skips with none', () => {
    const web = deployment('web', { replicas: 3 });
    expect(
      runOne(
        pdbOverlap,
        clusterFrom([...workers, web, pdbFor(web, { maxUnavailable: 1 })]),
      ).status,
    ).toBe('pass');
    expect(runOne(pdbOverlap, clusterFrom([...workers, web])).status).toBe(
      'skipped',
    );
  });

  it('finds overlaps on labels only running pods carry (one StatefulSet pod with its own budget)', () => {
    const db = statefulSet('db', { replicas: 3 });
    const pods = podsFor(db, ['w-1', 'w-2', 'w-3']);
    const view = clusterFrom([
      ...workers,
      db,
      ...pods,
      pdbFor(db, { maxUnavailable: 1 }),
      pdb('db-0-pinned', {
        selector: { 'statefulset.kubernetes.io/pod-name': 'db-0' },
        minAvailable: 1,
      }),
    ]);
    const outcome = runOne(pdbOverlap, view);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('1 of its 3 pods are');
    expect(outcome.evidence).toMatchObject({ pods: ['db-0'] });
  });

  it('is unknown when PDBs are unreachable', () => {
    const web = deployment('web', { replicas: 3 });
    expect(
      runOne(
        pdbOverlap,
        clusterFrom([...workers, web], {
          fetch: { 'poddisruptionbudgets.policy': 'unreachable' },
        }),
      ).status,
    ).toBe('unknown');
  });
});
