import { literalPrefixes, namingOf } from './promql';

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
  it('reads names from what the parser recovers, and says why the expression is invalid', () => {
    const naming = namingOf('up{job="cart" == 0');
    expect(naming.equals).toEqual(['cart']);
    expect(naming.problem).toBe('unexpected "== 0" at column 15');
    expect(namingOf('up{job="cart"} == 0').problem).toBeUndefined();
  });

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
    // Both sides of arithmetic, comparisons and `and` must have a series: a narrowed side narrows it.
    expect(
      wide(
        'sum(rate(errors{namespace="shop", service="cart"}[5m])) / sum(rate(requests{namespace="shop"}[5m])) > 0.05',
      ),
    ).toEqual([]);
    expect(
      wide(
        'up{namespace="shop"} == 0 and on(pod) kube_pod_info{pod=~"cart-.*"}',
      ),
    ).toEqual([]);
    // A side about no workload in particular does not narrow the other one.
    expect(
      wide(
        'kube_pod_status_ready{namespace="shop", condition="false"} * on(node) group_left kube_node_info > 0',
      ),
    ).toEqual(['shop']);
    // `unless` keeps the left side's series; a number or scalar() narrows nothing.
    expect(
      wide('up{namespace="a"} unless up{namespace="b", job="cart"}'),
    ).toEqual(['a']);
    expect(
      wide('up{namespace="a", job="cart"} unless up{namespace="b"}'),
    ).toEqual([]);
    expect(
      wide('count(up{namespace="a"}) < scalar(count(up{job="cart"})) * 0.5'),
    ).toEqual(['a']);
    // Functions and aggregations keep their argument's scope, also across lines.
    expect(
      wide(
        'absent(up{namespace="shop"})\nor\nsum by (namespace) (rate(x{namespace=~"pay.*"}[5m])) > 1',
      ),
    ).toEqual(['shop', '^(?:pay.*)$']);
    // Namespace values are not names.
    expect(namingOf('up{namespace="shop", job="cart"}').equals).toEqual([
      'cart',
    ]);
  });
});
