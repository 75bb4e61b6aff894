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
  /** The names an expression gives, each with the namespace matchers of its selector. */
  const names = (expr: string) => {
    const naming = namingOf(expr);
    return [
      ...naming.equals.map(n => `${n.value} in {${n.namespaces.key}}`),
      ...naming.patterns.map(
        n => `${n.pattern.regex.source} in {${n.namespaces.key}}`,
      ),
    ];
  };

  it('reads names from what the parser recovers, and says why the expression is invalid', () => {
    const naming = namingOf('up{job="cart" == 0');
    expect(naming.equals.map(n => n.value)).toEqual(['cart']);
    expect(naming.problem).toBe('unexpected "== 0" at column 15');
    expect(namingOf('up{job="cart"} == 0').problem).toBeUndefined();
  });

  it('keeps equality values and regexes that do not match anything', () => {
    const naming = namingOf(
      'up{job="cart", namespace=~".*", pod=~"(cart|orders)-.*", code!~"5.."} > 0',
    );
    expect(naming.equals.map(n => n.value)).toEqual(['cart']);
    expect(
      naming.patterns.map(p => [p.pattern.regex.source, p.pattern.prefixes]),
    ).toEqual([['^(?:(cart|orders)-.*)$', ['cart-', 'orders-']]]);
    expect(naming.wide).toEqual([]);
  });

  it('names a cluster-wide exporter only in its own series, not in the series it exports about every workload', () => {
    const values = (expr: string) => [
      ...namingOf(expr).equals.map(n => n.value),
      ...namingOf(expr).patterns.map(n => n.pattern.regex.source),
    ];
    expect(
      values(
        'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", job="kube-state-metrics"}[5m]) >= 1',
      ),
    ).toEqual(['CrashLoopBackOff']);
    expect(values('{job="kube-state-metrics"} > 0')).toEqual([]);
    for (const own of [
      'up{job="kube-state-metrics"} == 0',
      'kube_state_metrics_list_total{job="kube-state-metrics", result="error"} > 0',
      'process_resident_memory_bytes{job="monitoring/kube-state-metrics"} > 1e9',
      'kubelet_running_pods{job="kubelet"} > 100',
    ])
      expect(values(own)).toContainEqual(
        expect.stringMatching(/kube-state-metrics|kubelet/),
      );
    expect(
      values('container_cpu_usage_seconds_total{job="cadvisor"} > 1'),
    ).toEqual([]);
    expect(
      values(
        'kube_deployment_status_replicas{job=~"kube-state-metrics|kubelet"} > 0',
      ),
    ).toEqual([]);
  });

  it('drops invalid regexes', () => {
    expect(namingOf('up{pod=~"(cart"}').patterns).toEqual([]);
  });

  it("keeps each name with its own selector's namespace matchers", () => {
    expect(names('up{namespace="staging", job="web"} == 0')).toEqual([
      'web in {namespace="staging"}',
    ]);
    expect(
      names(
        'sum(rate(errors{namespace=~"shop|qa", pod=~"web-.*"}[5m])) / sum(rate(requests{job="web", namespace!="prod"}[5m]))',
      ),
    ).toEqual([
      'web in {namespace!="prod"}',
      '^(?:web-.*)$ in {namespace=~"shop|qa"}',
    ]);
    // A selector without namespace matcher names the workload in any namespace.
    expect(
      names('up{job="web"} == 0 and on(namespace) up{namespace="shop"}'),
    ).toEqual(['web in {}']);
    // Matchers on other labels are no namespace matchers.
    expect(names('up{job="web", note="staging"}')).toEqual([
      'web in {}',
      'staging in {}',
    ]);
    // The selectors of one expression share the object of the same matchers.
    const naming = namingOf(
      'up{namespace="shop", job="a"} or up{job="b", namespace="shop"}',
    );
    expect(naming.equals[1].namespaces).toBe(naming.equals[0].namespaces);
  });

  it('keeps namespace matchers apart, only from selectors no workload matcher narrows', () => {
    const wide = (expr: string) =>
      namingOf(expr)
        .wide.filter(c => c.bounded)
        .map(c => c.key);
    expect(wide('up{namespace="shop"} == 0')).toEqual(['namespace="shop"']);
    expect(wide('up{namespace="shop", job="cart"} == 0')).toEqual([]);
    expect(wide('up{job="nope", note="shop"} == 0')).toEqual([]);
    expect(wide('up{namespace=~"shop|payments"} == 0')).toEqual([
      'namespace=~"shop|payments"',
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
    ).toEqual([
      'exported_namespace="a"',
      'kubernetes_namespace="b"',
      'k8s_namespace_name="c"',
    ]);
    // Per selector: the namespace-only selector counts, the narrowed one does not.
    expect(
      wide('up{namespace="a", job="cart"} or absent(up{namespace="b"})'),
    ).toEqual(['namespace="b"']);
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
    ).toEqual(['namespace="shop"']);
    // `unless` keeps the left side's series; a number or scalar() narrows nothing.
    expect(
      wide('up{namespace="a"} unless up{namespace="b", job="cart"}'),
    ).toEqual(['namespace="a"']);
    expect(
      wide('up{namespace="a", job="cart"} unless up{namespace="b"}'),
    ).toEqual([]);
    expect(
      wide('count(up{namespace="a"}) < scalar(count(up{job="cart"})) * 0.5'),
    ).toEqual(['namespace="a"']);
    // Functions and aggregations keep their argument's scope, also across lines.
    expect(
      wide(
        'absent(up{namespace="shop"})\nor\nsum by (namespace) (rate(x{namespace=~"pay.*"}[5m])) > 1',
      ),
    ).toEqual(['namespace="shop"', 'namespace=~"pay.*"']);
    // Namespace values are not names.
    expect(
      namingOf('up{namespace="shop", job="cart"}').equals.map(n => n.value),
    ).toEqual(['cart']);
  });

  it('keeps the selectors about every namespace apart from those naming nothing', () => {
    // Every namespace (no bounded constraint): covers nothing in particular, unless the rule's
    // queries see one namespace only.
    const wideKeys = (expr: string) => namingOf(expr).wide.map(c => c.key);
    expect(wideKeys('histogram_quantile(0.99, latency) > 1')).toEqual(['']);
    expect(wideKeys('up{namespace!="kube-system"} == 0')).toEqual([
      'namespace!="kube-system"',
    ]);
    expect(namingOf('up{namespace!="kube-system"}').wide[0].bounded).toBe(
      false,
    );
    // No series at all, or only narrowed ones.
    expect(wideKeys('vector(1)')).toEqual([]);
    expect(wideKeys('up{job="web"} == 0')).toEqual([]);
  });
});
