import { labelMatchers, literalPrefixes, namingOf } from './promql';

describe('literalPrefixes', () => {
  it.each([
    ['checkout-api-.*', ['checkout-api-']],
    ['(cart|orders)-.*', ['cart-', 'orders-']],
    ['cart|orders', ['cart', 'orders']],
    ['cart-v?', ['cart-']],
    ['carts*', ['cart']],
    ['ab{2}', ['a']],
    ['shop$', ['shop']],
    ['(a|b)x|c.*', ['ax', 'bx', 'c']],
  ])('%s starts with one of %j', (value, prefixes) => {
    expect(literalPrefixes(value)).toEqual(prefixes);
  });

  it.each([
    '.*-api',
    '(a|b)?-x',
    '(a|b)*',
    '(?:a|b)-x',
    '((a|b)c|d)',
    'a|.*',
    '[ab]-x',
    'a\\.b',
    '^a',
    '',
  ])('%s: no safe prefix', value => {
    expect(literalPrefixes(value)).toBeUndefined();
  });

  it('never excludes a string the regex matches', () => {
    const values = [
      '(cart|orders)-.*',
      'cart-v?',
      'carts*',
      'ab{2}',
      '(a|b)x|c.*',
      'cart|orders',
    ];
    const samples = [
      'cart-1',
      'orders-x',
      'cart-',
      'cart',
      'carts',
      'abb',
      'ax',
      'bx',
      'c',
      'cq',
      'orders',
      'x',
    ];
    for (const value of values) {
      const regex = new RegExp(`^(?:${value})$`);
      const prefixes = literalPrefixes(value)!;
      for (const sample of samples.filter(s => regex.test(s)))
        expect(prefixes.some(p => sample.startsWith(p))).toBe(true);
    }
  });
});

describe('namingOf', () => {
  it('keeps equality values and regexes that do not match anything', () => {
    const naming = namingOf(
      'up{job="cart", namespace=~".*", pod=~"(cart|orders)-.*", code!~"5.."} > 0',
    );
    expect(naming.equals).toEqual(['cart']);
    expect(naming.patterns.map(p => [p.regex.source, p.prefixes])).toEqual([
      ['^(?:(cart|orders)-.*)$', ['cart-', 'orders-']],
    ]);
  });

  it('drops invalid regexes', () => {
    expect(namingOf('up{pod=~"(cart"}').patterns).toEqual([]);
  });
});

describe('labelMatchers', () => {
  it('reads every matcher, whatever precedes its label name', () => {
    expect(
      labelMatchers(
        'sum(rate(http_requests_total{job="a",code=~\'5..\'}[5m])) and 5abc="x" and x5y!=`z` and n!~"a\\"b"',
      ),
    ).toEqual([
      { label: 'job', op: '=', value: 'a' },
      { label: 'code', op: '=~', value: '5..' },
      { label: 'abc', op: '=', value: 'x' },
      { label: 'x5y', op: '!=', value: 'z' },
      { label: 'n', op: '!~', value: 'a"b' },
    ]);
  });
});
