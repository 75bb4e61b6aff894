import { formatCpu, formatMemory, parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['100n', 1e-7],
    ['1k', 1000],
    ['1M', 1e6],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['128Mi', 128 * 2 ** 20],
    ['4096Ki', 4096 * 1024],
    ['2e3', 2000],
    ['1E-3', 0.001],
    [' 64Mi ', 64 * 2 ** 20],
    [3, 3],
  ])('reads %p', (input, expected) => {
    expect(parseQuantity(input)).toBeCloseTo(expected as number, 12);
  });

  it.each(['', 'abc', '1 Gi', '1gi', '1Gib', '--1', '1.2.3', null, {}, NaN])(
    'refuses %p',
    input => {
      expect(parseQuantity(input)).toBeUndefined();
    },
  );
});

describe('formatting', () => {
  it('prints cores and bytes for messages', () => {
    expect(formatCpu(0.25)).toBe('250m CPU');
    expect(formatCpu(12.34)).toBe('12.3 CPU');
    expect(formatMemory(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(formatMemory(640 * 2 ** 20)).toBe('640 MiB');
  });
});
