import { literalPrefixes, namingOf, vectorSelectors } from './promql';

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
    expect(naming.namespaces).toEqual([]);
    expect(naming.namespacePatterns).toEqual([]);
  });

  it('drops invalid regexes', () => {
    expect(namingOf('up{pod=~"(cart"}').patterns).toEqual([]);
  });

  it('keeps namespace matchers apart, only from selectors no workload matcher narrows', () => {
    const wide = (expr: string) => {
      const naming = namingOf(expr);
      return [
        ...naming.namespaces,
        ...naming.namespacePatterns.map(p => p.regex.source),
      ];
    };
    expect(wide('up{namespace="shop"} == 0')).toEqual(['shop']);
    expect(wide('up{namespace="shop", job="cart"} == 0')).toEqual([]);
    expect(wide('up{job="nope", note="shop"} == 0')).toEqual([]);
    expect(wide('up{namespace=~"shop|payments"} == 0')).toEqual([
      '^(?:shop|payments)$',
    ]);
    expect(wide('up{namespace=~"shop|payments", job=~"cart|orders"}')).toEqual(
      [],
    );
    // Matchers that narrow nothing: a match-all regex, a negative matcher, an empty value,
    // a cluster-wide exporter's job, a label that is not a workload's.
    expect(
      wide(
        'x{exported_namespace="a", pod=~".+", container!="", job="kube-state-metrics"} + ' +
          'y{kubernetes_namespace="b", pod="", job=~"kubelet|integrations/kubernetes/cadvisor"} + ' +
          'z{k8s_namespace_name="c", phase="Pending", reason=~"OOM.*"}',
      ),
    ).toEqual(['a', 'b', 'c']);
    // Per selector: the namespace-only selector counts, the narrowed one does not.
    expect(
      wide('up{namespace="a", job="cart"} or absent(up{namespace="b"})'),
    ).toEqual(['b']);
    // Namespace values are not names.
    expect(namingOf('up{namespace="shop", job="cart"}').equals).toEqual([
      'cart',
    ]);
  });
});

describe('vectorSelectors', () => {
  it('reads matchers per selector, only inside braces', () => {
    expect(
      vectorSelectors(
        'sum by (namespace) (rate(http_requests_total{job="a",code=~\'5..\'}[5m])) and 5abc="x" and on (namespace) {x5y!=`z`, n!~"a\\"b"}',
      ),
    ).toEqual([
      [
        { label: 'job', op: '=', value: 'a' },
        { label: 'code', op: '=~', value: '5..' },
      ],
      [
        { label: 'x5y', op: '!=', value: 'z' },
        { label: 'n', op: '!~', value: 'a"b' },
      ],
    ]);
  });

  it('does not open or close a selector on braces inside strings', () => {
    expect(
      vectorSelectors(
        'label_replace(up{note="a}{b", job = "c"}, "d", "{e=\\"f\\"}", "g", "") # {h="i"}\n + {"metric.name", "k8s.ns"="j"}',
      ),
    ).toEqual([
      [
        { label: 'note', op: '=', value: 'a}{b' },
        { label: 'job', op: '=', value: 'c' },
      ],
      [{ label: 'k8s.ns', op: '=', value: 'j' }],
    ]);
  });

  it('reads an unclosed selector to the end, and skips selectors without matchers', () => {
    expect(vectorSelectors('up{} + up{job="a", "x')).toEqual([
      [{ label: 'job', op: '=', value: 'a' }],
    ]);
  });
});
