import { promqlProblem } from './promqlShape';

describe('PromQL types', () => {
  it.each([
    'rate(http_requests_total[5m]) > 1',
    'sum by (job) (rate(x[5m])) / on(job) group_left sum(rate(y[5m]))',
    'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m]))) > 0.5',
    'max_over_time(deriv(x[5m])[30m:1m]) offset 5m',
    'predict_linear(node_filesystem_free_bytes[6h], 4 * 3600) < 0',
    'quantile_over_time(0.9, x[10m])',
    'topk(3, x) and on(pod) count_values("v", y) > 0',
    'label_replace(up, "a", "$1", "b", "(.*)") == 0',
    'label_join(up, "dst", ",", "a", "b")',
    'sort_by_label(up, "a", "b")',
    'round(x) + round(x, 0.5) + clamp(x, 0, 1)',
    'hour() > 8 and hour(timestamp(up)) < 18',
    'scalar(sum(up)) * 2 > vector(1)',
    '-x @ start()',
    'absent_over_time(up{job="a"}[10m])',
    'info(up)',
    '1',
  ])('%s is valid', expr => {
    expect(promqlProblem(expr)).toBeUndefined();
  });

  it.each([
    [
      'rate(http_requests_total) > 1',
      'argument 1 of rate() needs a range vector (such as metric[5m]), not an instant vector, at column 6',
    ],
    [
      'sum(x[5m])',
      'sum needs an instant vector, not a range vector (such as metric[5m]), at column 5',
    ],
    [
      'x[5m] > 1',
      'an arithmetic or comparison operator needs a number or an instant vector, not a range vector (such as metric[5m]), at column 1',
    ],
    [
      'up and 1',
      'the operator and needs an instant vector, not a number, at column 8',
    ],
    [
      'histogram_quantile(x_bucket, 0.9)',
      'argument 1 of histogram_quantile() needs a number, not an instant vector, at column 20',
    ],
    [
      'label_replace(up, "a", "$1", "b")',
      'label_replace() takes 5 arguments, not 4, at column 1',
    ],
    ['abs(x, y)', 'abs() takes 1 argument, not 2, at column 1'],
    ['round()', 'round() takes 1 to 2 arguments, not 0, at column 1'],
    [
      'topk(x, y)',
      'the parameter of topk needs a number, not an instant vector, at column 6',
    ],
    ['sum(x, y)', 'sum takes 1 argument, not 2, at column 1'],
    [
      'up == 0\n  unless on(job) rate(x)',
      'argument 1 of rate() needs a range vector (such as metric[5m]), not an instant vector, at line 2, column 23',
    ],
  ])('%j: %s', (expr, problem) => {
    expect(promqlProblem(expr)).toBe(problem);
  });

  it('ignores comments between arguments and operands, as Prometheus does', () => {
    for (const expr of [
      'sum by (job) (\n  # per job\n  rate(x[5m])\n) > 0',
      'label_replace(up, # the name\n "a", "$1", "b", "(.*)")',
      'topk(# how many\n 3, x)',
      'max by (pod) (\n  # new metric\n  a\n  or\n  # old metric\n  b\n)',
    ])
      expect(promqlProblem(expr)).toBeUndefined();
    // and still judges what they surround
    expect(promqlProblem('# about x\nrate(x)')).toBe(
      'argument 1 of rate() needs a range vector (such as metric[5m]), not an instant vector, at line 2, column 6',
    );
    expect(promqlProblem('x # a comment\n or 1')).toBe(
      'the operator or needs an instant vector, not a number, at line 2, column 5',
    );
  });

  it('places the error in the expression as written, whatever its string literals', () => {
    expect(promqlProblem('rate(x{job="a-long-service-name"})')).toBe(
      'argument 1 of rate() needs a range vector (such as metric[5m]), not an instant vector, at column 6',
    );
    expect(
      promqlProblem(
        'label_replace(up{job="a"}, "x", "y", "z", "w") + rate(up)',
      ),
    ).toBe(
      'argument 1 of rate() needs a range vector (such as metric[5m]), not an instant vector, at column 55',
    );
  });
});
