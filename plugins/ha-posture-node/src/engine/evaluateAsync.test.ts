import { setImmediate as nextTurn } from 'node:timers/promises';
import { EntitySelector } from '../model/entity';
import {
  EXAMPLE_CLUSTERS,
  loadExampleCluster,
} from '../__testUtils__/exampleClusters';
import { evaluate } from './evaluate';
import { evaluateAsync } from './evaluateAsync';
import { KUBERNETES_ID_LABEL } from './entities';
import { snapshotFromObjects } from './snapshotFromObjects';

const today = new Date('2026-11-20T12:00:00Z');

const snapshots = EXAMPLE_CLUSTERS.map(
  name =>
    snapshotFromObjects(loadExampleCluster(name), {
      cluster: { name },
      mode: 'dump',
    }).snapshot,
);

/** One entity per `backstage.io/kubernetes-id` found in the examples. */
const entities: EntitySelector[] = [
  ...new Set(
    snapshots.flatMap(s =>
      Object.values(s.objects).flatMap(list =>
        (list ?? []).map(o => o.metadata?.labels?.[KUBERNETES_ID_LABEL]),
      ),
    ),
  ),
]
  .filter((id): id is string => typeof id === 'string')
  .sort()
  .map(id => ({ entityRef: `component:default/${id}`, kubernetesId: id }));

describe('evaluateAsync', () => {
  it('finds entities in the examples (the comparison below needs some)', () => {
    expect(entities.length).toBeGreaterThan(2);
  });

  it.each(['all', 'entities'] as const)(
    'gives the same result as evaluate (workloads: %s)',
    async workloads => {
      const options = { entities, today, workloads };
      const expected = evaluate(snapshots, options);
      const actual = await evaluateAsync(snapshots, options, { sliceMs: 0 });
      expect(actual.workloads.length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(actual))).toEqual(
        JSON.parse(JSON.stringify(expected)),
      );
    },
  );

  it('gives the event loop turns while it evaluates', async () => {
    let turns = 0;
    let evaluating = true;
    const ticker = (async () => {
      while (evaluating) {
        await nextTurn();
        turns++;
      }
    })();
    await evaluateAsync(snapshots, { entities, today }, { sliceMs: 0 });
    const turnsDuringEvaluation = turns;
    evaluating = false;
    await ticker;
    // With sliceMs 0, a turn after every step: views, cluster checks, workload checks, entities.
    expect(turnsDuringEvaluation).toBeGreaterThan(snapshots.length * 10);
  });

  it('stops between steps when aborted', async () => {
    const controller = new AbortController();
    const pending = evaluateAsync(
      snapshots,
      { entities, today },
      { sliceMs: 0, signal: controller.signal },
    );
    await nextTurn();
    controller.abort(new Error('refresh cancelled'));
    await expect(pending).rejects.toThrow('refresh cancelled');
  });

  it.each([-1, Number.NaN, Infinity])('rejects sliceMs %p', async sliceMs => {
    await expect(evaluateAsync(snapshots, {}, { sliceMs })).rejects.toThrow(
      /sliceMs must be a non-negative number/,
    );
  });
});
