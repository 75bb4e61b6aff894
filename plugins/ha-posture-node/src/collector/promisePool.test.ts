import { mapWithConcurrency } from './promisePool';

const tick = () => new Promise(resolve => setImmediate(resolve));

describe('mapWithConcurrency', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency(
      [5, 1, 4, 2, 3, 0],
      2,
      async (n, i) => {
        running++;
        peak = Math.max(peak, running);
        for (let t = 0; t < n; t++) await tick();
        running--;
        return `${i}:${n}`;
      },
    );
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(peak).toBe(2);
  });

  it('handles no items and limits above the item count', async () => {
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
    expect(await mapWithConcurrency([1, 2], 10, async n => n * 2)).toEqual([
      2, 4,
    ]);
  });

  it('rejects with the first failure and starts no further items', async () => {
    const started: number[] = [];
    const run = mapWithConcurrency([0, 1, 2, 3, 4], 1, async n => {
      started.push(n);
      if (n === 1) throw new Error('boom');
      return n;
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });
});
