import { matchesAnything, promqlRegex } from './promqlRegex';

describe('promqlRegex', () => {
  it('anchors the regex at both ends, as PromQL does', () => {
    const regex = promqlRegex('shop|qa')!;
    expect(
      ['shop', 'qa', 'shop-2', 'my-qa'].filter(v => regex.test(v)),
    ).toEqual(['shop', 'qa']);
  });

  it('reads no regex JavaScript cannot parse', () => {
    expect(promqlRegex('(shop')).toBeUndefined();
    expect(promqlRegex('(?i)shop')).toBeUndefined();
  });

  it('tells regexes that match just anything', () => {
    expect(matchesAnything(promqlRegex('.*')!)).toBe(true);
    expect(matchesAnything(promqlRegex('.+')!)).toBe(true);
    expect(matchesAnything(promqlRegex('shop.*')!)).toBe(false);
  });
});
