/**
 * Runs `task` over `items` with at most `concurrency` in flight; results keep the input order.
 * The first rejection rejects the whole run and no further items are started.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(
    1,
    Math.min(Math.floor(concurrency) || 1, items.length),
  );
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
