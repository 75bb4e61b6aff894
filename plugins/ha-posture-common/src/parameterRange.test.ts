import {
  describeParameterAccepts,
  describeParameterRange,
  parameterRangeProblem,
} from './parameterRange';

describe('describeParameterRange', () => {
  it('names bounds and whole numbers', () => {
    expect(describeParameterRange({ minimum: 1, integer: true })).toBe(
      'whole number ≥ 1',
    );
    expect(describeParameterRange({ minimum: 0, maximum: 1 })).toBe('0 to 1');
    expect(describeParameterRange({ maximum: 5 })).toBe('≤ 5');
    expect(describeParameterRange({ integer: true })).toBe('whole number');
    expect(describeParameterRange({})).toBe('');
  });
});

describe('parameterRangeProblem', () => {
  const count = { minimum: 1, integer: true };
  const share = { minimum: 0, maximum: 1 };
  it('accepts values inside the range, bounds included', () => {
    expect(parameterRangeProblem(1, count)).toBeUndefined();
    expect(parameterRangeProblem(7, count)).toBeUndefined();
    expect(parameterRangeProblem(0, share)).toBeUndefined();
    expect(parameterRangeProblem(1, share)).toBeUndefined();
    expect(parameterRangeProblem(-3.5, {})).toBeUndefined();
  });
  it('says why a value is outside', () => {
    expect(parameterRangeProblem(2.5, count)).toBe(
      'expected a whole number, got 2.5',
    );
    expect(parameterRangeProblem(0, count)).toBe(
      'expected a number of at least 1, got 0',
    );
    expect(parameterRangeProblem(1.2, share)).toBe(
      'expected a number of at most 1, got 1.2',
    );
  });
});

describe('describeParameterAccepts', () => {
  it('names the type, and the range of a number', () => {
    expect(describeParameterAccepts({ default: ['a'] })).toBe(
      'list of strings',
    );
    expect(describeParameterAccepts({ default: false })).toBe('true or false');
    expect(describeParameterAccepts({ default: 'x' })).toBe('string');
    expect(describeParameterAccepts({ default: 3 })).toBe('number');
    expect(
      describeParameterAccepts({ default: 0.5, minimum: 0, maximum: 1 }),
    ).toBe('0 to 1');
  });
});
