import {
  promqlProblem,
  readExpression,
  unquote,
  vectorSelectors,
} from './promqlShape';

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

describe('promqlProblem', () => {
  it.each([
    'up == 0',
    'sum by (namespace) (rate(http_requests_total{code=~"5.."}[5m])) > 0.1',
    'absent(up{job="cart"})',
    'max_over_time(deriv(x[5m])[10m:1m]) offset 5m',
    'up @ start()',
    'limitk(2, up)',
    'x[5m+1m]',
    'info(up)',
    '{"my.metric", "k8s.ns"="a"}',
    "label_replace(up, 'a', '$1', 'b', '(.*)')",
    'up == bool 1',
    'up # a comment\n  > 1',
    'up{job="a",}',
  ])('%s is valid', expr => {
    expect(promqlProblem(expr)).toBeUndefined();
  });

  it.each([
    ['up{job="cart" == 0', 'unexpected "== 0" at column 15'],
    [
      'no_such_function(up)',
      'no_such_function() is not a PromQL function, at column 1',
    ],
    [
      'holt_winters(x[1h], 0.5, 0.5) > 0',
      'holt_winters() is not a PromQL function (Prometheus 3 renamed it double_exponential_smoothing, behind the promql-experimental-functions flag), at column 1',
    ],
    ['sum(up', 'the expression ends early, at column 7'],
    ['up\n  > > 1', 'unexpected "> 1" at line 2, column 5'],
    ['', 'the expression is empty'],
    ['  ', 'the expression is empty'],
  ])('%j is not: %s', (expr, error) => {
    expect(promqlProblem(expr)).toBe(error);
  });

  it('shortens long rests of the line', () => {
    expect(
      promqlProblem('up{job="cart" == sum(rate(http_requests_total[5m]))'),
    ).toBe('unexpected "== sum(rate(http_request…" at column 15');
  });
});

describe('unquote', () => {
  it.each([
    ['"plain"', 'plain'],
    ['"a\\"b"', 'a"b'],
    ["'a\\'b'", "a'b"],
    ['"5\\\\d+"', '5\\d+'],
    ['"tab\\there"', 'tab\there'],
    ['"\\x41\\u00e9\\U0001F600\\101"', 'Aé😀A'],
    ['`raw\\d`', 'raw\\d'],
  ])('%s → %j', (literal, value) => {
    expect(unquote(literal)).toBe(value);
  });
});

describe('readExpression', () => {
  it('reads expressions of one template with their own literals', () => {
    const cart = readExpression(
      'rate(errors{job="cart", code=~"5.."}[5m]) / rate(requests{job="cart"}[5m]) > 0.1',
    );
    const orders = readExpression(
      "rate(errors{job='orders', code=~`5..`}[5m]) / rate(requests{job='orders'}[5m]) > 0.1",
    );
    expect(cart.shape).toEqual({
      kind: 'matching',
      left: {
        kind: 'selector',
        metric: 'errors',
        matchers: [
          { label: 'job', op: '=', value: 'cart' },
          { label: 'code', op: '=~', value: '5..' },
        ],
      },
      right: {
        kind: 'selector',
        metric: 'requests',
        matchers: [{ label: 'job', op: '=', value: 'cart' }],
      },
    });
    expect(orders.shape).toEqual(
      JSON.parse(JSON.stringify(cart.shape).replace(/cart/g, 'orders')),
    );
  });

  it('shapes operators (and / unless before or, left to right), scalar() and groups, leaving numbers and strings out', () => {
    const { shape } = readExpression(
      'sum(a{x="1"}) or b unless c and scalar(d{y="2"}) > 1',
    );
    const bare = (metric: string) => ({
      kind: 'selector',
      metric,
      matchers: [],
    });
    expect(shape).toEqual({
      kind: 'or',
      left: {
        kind: 'selector',
        metric: 'a',
        matchers: [{ label: 'x', op: '=', value: '1' }],
      },
      right: {
        kind: 'matching',
        left: { kind: 'unless', left: bare('b'), right: bare('c') },
        right: {
          kind: 'scalar',
          parts: [
            {
              kind: 'selector',
              metric: 'd',
              matchers: [{ label: 'y', op: '=', value: '2' }],
            },
          ],
        },
      },
    });
    expect(readExpression('1 > 2').shape).toBeUndefined();
  });

  it('keeps comments, escaped quotes and quoted label names apart from literals', () => {
    expect(
      vectorSelectors(
        'up{job="a\\"b"} # it\'s "quoted" here\n  > on() {"k8s.ns"="c", n=\'d\'}',
      ),
    ).toEqual([
      [{ label: 'job', op: '=', value: 'a"b' }],
      [
        { label: 'k8s.ns', op: '=', value: 'c' },
        { label: 'n', op: '=', value: 'd' },
      ],
    ]);
  });

  it('places a syntax error in the expression as written, whatever its literals', () => {
    expect(promqlProblem('up{job="a-rather-long-service-name"} == == 0')).toBe(
      'unexpected "== 0" at column 41',
    );
    expect(promqlProblem('up{job="x"} == == 0')).toBe(
      'unexpected "== 0" at column 16',
    );
    // A line break inside double quotes, or an unclosed string: not PromQL either.
    expect(promqlProblem('up{job="a\nb"}')).toBeDefined();
    expect(promqlProblem('up{job="a}')).toBeDefined();
  });
});
